import { ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { check } from './params';

/** Checks what a client sent: the params in their type, or a thrown InvalidParams saying what is wrong. */
export type ParamsCheck<P> = (params: unknown) => P;

/** A check of params by a function that says what is wrong with them (undefined when nothing is). */
export function checkedBy<P>(problem: (params: unknown) => string | undefined): ParamsCheck<P> {
  return (params) => {
    check(problem(params));
    return params as P;
  };
}

/** For requests without params: whatever the client sends is ignored. */
export const anyParams: ParamsCheck<void> = () => undefined;

/**
 * Every request handler of the server, standard and custom, runs through this: malformed params are
 * answered with InvalidParams; an error the handler means as its answer (a ResponseError: cancelled,
 * refused) goes to the client as it is; any other failure is logged, then answered with `fallback`
 * (the empty answer of a standard request) or, without one, as an internal error. No input can kill
 * the server, and no failure goes unlogged.
 */
export function handler<P, R>(
  connection: Connection,
  name: string,
  checkParams: ParamsCheck<P>,
  run: (params: P, token: CancellationToken) => R | Promise<R>,
  fallback?: { value: R },
): (params: unknown, token: CancellationToken) => Promise<R> {
  return async (params, token) => {
    const checked = checkParams(params);
    try {
      return await run(checked, token);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(`${name} failed: ${(error as Error).stack ?? String(error)}`);
      if (fallback) return fallback.value;
      throw error;
    }
  };
}
