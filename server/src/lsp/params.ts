import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';

/**
 * Checks on what a client sends. A client may send anything: a line of -1, a fractional character,
 * a string where a list belongs. Each check returns what is wrong (for the error answered or logged),
 * or undefined when the value is well formed.
 */

// LSP's uinteger.
const MAX_UINTEGER = 2 ** 31 - 1;

function isUinteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_UINTEGER;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function positionProblem(value: unknown, name = 'position'): string | undefined {
  if (!isObject(value)) return `${name} is not a position`;
  if (!isUinteger(value['line'])) return `${name}.line ${JSON.stringify(value['line'])} is not a line number`;
  if (!isUinteger(value['character']))
    return `${name}.character ${JSON.stringify(value['character'])} is not a character offset`;
  return undefined;
}

export function rangeProblem(value: unknown, name = 'range'): string | undefined {
  if (!isObject(value)) return `${name} is not a range`;
  const problem = positionProblem(value['start'], `${name}.start`) ?? positionProblem(value['end'], `${name}.end`);
  if (problem) return problem;
  const start = value['start'] as { line: number; character: number };
  const end = value['end'] as { line: number; character: number };
  if (start.line > end.line || (start.line === end.line && start.character > end.character))
    return `${name} ends before it starts`;
  return undefined;
}

export function uriProblem(params: unknown): string | undefined {
  if (!isObject(params) || !isObject(params['textDocument']) || typeof params['textDocument']['uri'] !== 'string')
    return 'textDocument.uri is missing';
  return undefined;
}

/** Params of requests on a position of a document: hover, completion. */
export function positionParamsProblem(params: unknown): string | undefined {
  return uriProblem(params) ?? positionProblem((params as Record<string, unknown>)['position']);
}

/** Params of codeAction: a document, a range and a context with a list of diagnostics. */
export function codeActionParamsProblem(params: unknown): string | undefined {
  const problem = uriProblem(params) ?? rangeProblem((params as Record<string, unknown>)['range']);
  if (problem) return problem;
  const context = (params as Record<string, unknown>)['context'];
  if (!isObject(context) || !Array.isArray(context['diagnostics'])) return 'context.diagnostics is not a list';
  return undefined;
}

export function stringListProblem(value: unknown, name: string, optional: boolean): string | undefined {
  if (value === undefined && optional) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return `${name} is not a list of strings`;
  return undefined;
}

export function optionalProblem(
  params: Record<string, unknown>,
  key: string,
  type: 'string' | 'boolean',
): string | undefined {
  const value = params[key];
  return value === undefined || typeof value === type ? undefined : `${key} is not a ${type}`;
}

/** The params as an object, or the error answered for anything else. */
export function paramsObject(params: unknown): Record<string, unknown> {
  if (!isObject(params)) throw invalidParams('params is not an object');
  return params;
}

/** Throws the InvalidParams error answered to the client when `problem` is set. */
export function check(problem: string | undefined): void {
  if (problem) throw invalidParams(problem);
}

function invalidParams(problem: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `Invalid params: ${problem}`);
}
