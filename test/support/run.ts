import { spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { main } from '../../server/src/cli/main';
import { CLI } from './paths';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Runs the bundled CLI as a user would, optionally feeding stdin. */
export function runCli(args: string[], options: RunOptions = {}) {
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', KMS_LANG: '', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** A stream that keeps what is written to it; `isTTY` and `columns` make it pass for a terminal. */
export class CapturedOutput extends Writable {
  private readonly chunks: Buffer[] = [];
  /** Every write, in order, as text (a progress bar's redraws among them). */
  readonly writes: string[] = [];

  constructor(
    readonly isTTY = false,
    readonly columns = 80,
    options?: ConstructorParameters<typeof Writable>[0],
  ) {
    super(options);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    this.writes.push(chunk.toString('utf8'));
    done();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

export interface InProcessOptions extends RunOptions {
  /** Terminals instead of pipes: colours and the progress bar depend on them. */
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  columns?: number;
  /** Stdin as a stream the test writes to while the CLI runs (instead of `input`). */
  stdin?: AsyncIterable<string | Buffer>;
  /** Aborting it is the user's Ctrl-C (SIGINT). */
  interrupt?: AbortSignal;
  /** Stdout, when the test reads it its own way (a slow reader). */
  stdout?: CapturedOutput;
  /** Stderr, when the test acts on a message the moment it is written. */
  stderr?: CapturedOutput;
}

/** A run of `main` in this process: what it has written so far, and its end. */
export interface InProcessRun {
  out: CapturedOutput;
  err: CapturedOutput;
  exits: number[];
  done: Promise<RunResult & { out: CapturedOutput; err: CapturedOutput; exits: number[] }>;
}

/** Starts `main` in this process, as the binary would run with these arguments and parts; see runInProcess. */
export function startInProcess(args: string[], options: InProcessOptions = {}): InProcessRun {
  const out = options.stdout ?? new CapturedOutput(options.stdoutIsTTY, options.columns);
  const err = options.stderr ?? new CapturedOutput(options.stderrIsTTY, options.columns);
  const exits: number[] = [];
  const input = options.input === undefined ? [] : [Buffer.from(options.input)];
  const interrupt = options.interrupt;
  const done = main(args, {
    stdin: options.stdin ?? Readable.from(input),
    stdout: out,
    stderr: err,
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? process.cwd(),
    exit: (exitCode) => exits.push(exitCode),
    ...(interrupt
      ? {
          onInterrupt: (handler: (signal: 'SIGINT') => void) => {
            const stop = () => handler('SIGINT');
            if (interrupt.aborted) stop();
            interrupt.addEventListener('abort', stop);
            return () => interrupt.removeEventListener('abort', stop);
          },
        }
      : {}),
  }).then((code) => ({ code, stdout: out.text(), stderr: err.text(), out, err, exits }));
  return { out, err, exits, done };
}

/**
 * Runs the CLI's `main` in this process, as the binary would with the given stdin, working directory
 * and environment (nothing of this process's own), and gathers what it writes.
 */
export async function runInProcess(
  args: string[],
  options: InProcessOptions = {},
): Promise<RunResult & { out: CapturedOutput; err: CapturedOutput; exits: number[] }> {
  return startInProcess(args, options).done;
}

/** The objects of a JSON Lines text (`--format jsonl`), blank lines left out. */
export function jsonLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/**
 * Waits until `ready()` holds: the arrival of output, never a measured time (the test's timeout
 * bounds the test). The wait itself ends after `giveUpMs` too: a test that timed out is not
 * stopped by the runner, and a wait that went on for ever would keep the whole test run alive.
 */
export async function arrival(ready: () => boolean, giveUpMs = 180_000): Promise<void> {
  const until = Date.now() + giveUpMs;
  while (!ready()) {
    if (Date.now() > until) throw new Error(`still waiting after ${giveUpMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
