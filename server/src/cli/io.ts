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
  /**
   * Calls `handler` when the run is asked to stop (the binary: SIGINT, SIGTERM) until the function it
   * returns is called; while it listens, those signals no longer end the program by themselves.
   */
  onInterrupt?(handler: (signal: Interruption) => void): () => void;
}

/** The signals that interrupt a scan, which then ends its report with what it found. */
export type Interruption = 'SIGINT' | 'SIGTERM';

/** The exit code of a run stopped by a signal, as a shell reports one: 128 and the signal's number. */
export const INTERRUPTED_EXIT: Record<Interruption, number> = { SIGINT: 130, SIGTERM: 143 };
