import type { Writable } from 'node:stream';

/** A stream the CLI writes to: the process's stdout or stderr, or any Writable; a terminal says so. */
export type CliOutput = Writable & { isTTY?: boolean; columns?: number };

/**
 * All the CLI takes from its process, as parameters: the binary passes the process's own (cli.ts),
 * a test its own, so that runs in one process share nothing.
 */
export interface CliIo {
  stdin: AsyncIterable<string | Buffer>;
  stdout: CliOutput;
  stderr: CliOutput;
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths on the command line are read from here; SARIF locations are relative to it. */
  cwd: string;
  /** Ends the program at once (a closed stdout pipe); an ordinary run returns its exit code instead. */
  exit(code: number): void;
}
