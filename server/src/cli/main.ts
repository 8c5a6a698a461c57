import { fstatSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { builtinCatalog } from '../core/catalog/builtin';
import { withUserCatalogs } from '../core/catalog/userCatalogs';
import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { resolveLocale } from '../core/format/locale';
import { decodeCommand } from './decodeCommand';
import { CliError } from './errors';
import { explainCommand } from './explainCommand';
import { followCommand } from './followCommand';
import { rulesCommand } from './rulesCommand';
import { scanCommand } from './scanCommand';
import type { ReadSettings } from './scanJob';
import { safeLine, styleFor, type Style } from './terminal';
import { timelineCommand } from './timelineCommand';
import { describeFileError } from '../core/files/files';
import { timeRange } from './timeRange';
import { DEFAULT_MAX_GZIP_RATIO, type FileIdentity } from '../core/files/files';
import { isKnownEncoding } from '../core/files/textDecoding';
import { TOOL } from '../core/report/tool';
import { USAGE } from './usage';
import { MAX_JOBS_PER_CORE, maxScanJobs, requestedScanJobs, scanWorkerFile, slicesPay } from '../scanWorkerSetup';
import type { CliIo, CliOutput } from './io';

/** A line printer for stdout that can also wait for the reader to catch up. */
export type Output = ((text: string) => void) & {
  flush(): void;
  ready(): Promise<void>;
  /** Flushes, then resolves once what was written so far has reached the output (or failed). */
  written(): Promise<void>;
};

function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(`kms-diagnose: --${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
}

function localeOption(value: string | undefined, env: CliIo['env']): Locale {
  if (value === undefined) return resolveLocale(env['KMS_LANG'] ?? 'en');
  return choice('lang', value, ['en', 'zh-CN', 'zh-TW'] as const, 'en');
}

/**
 * `--jobs N`: worker threads for several files; by default `$KMS_SCAN_JOBS` or one per core. More than
 * MAX_JOBS_PER_CORE per core only costs memory (a thread each): capped there, with a note.
 */
function jobsOption(value: string | undefined, env: CliIo['env'], err: (text: string) => void): number {
  let jobs = requestedScanJobs(env);
  if (value !== undefined) {
    if (!/^[1-9]\d{0,3}$/.test(value))
      throw new CliError(`kms-diagnose: --jobs must be a whole number from 1 to 9999 (got ${JSON.stringify(value)})`);
    jobs = Number(value);
  }
  const most = maxScanJobs();
  if (jobs <= most) return jobs;
  const asked = value === undefined ? `KMS_SCAN_JOBS=${jobs}` : `--jobs ${jobs}`;
  err(`kms-diagnose: ${asked} is more than ${MAX_JOBS_PER_CORE} per core; ${most} are used`);
  return most;
}

/** `--encoding`: `auto` (detected) or an encoding label such as `gbk`, `utf-16le`, `shift_jis`. */
function encodingOption(value: string | undefined): string {
  if (value === undefined) return 'auto';
  if (isKnownEncoding(value)) return value;
  throw new CliError(
    `kms-diagnose: --encoding must be auto or an encoding such as utf-8, utf-16le, gbk (got ${JSON.stringify(value)})`,
  );
}

/** `--max-gzip-ratio N`: how many times its compressed size a `.gz` may decompress to; 0 for no limit. */
function gzipRatioOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_MAX_GZIP_RATIO;
  if (/^\d{1,9}$/.test(value)) return Number(value);
  throw new CliError(
    `kms-diagnose: --max-gzip-ratio must be a whole number, 0 for no limit (got ${JSON.stringify(value)})`,
  );
}

/** The regular file a stream writes to (stdout as `> report.sarif`), which a scan of its folder must not read. */
function fileOf(stream: CliOutput): FileIdentity | null {
  const fd = (stream as { fd?: unknown }).fd;
  if (typeof fd !== 'number') return null;
  try {
    const stat = fstatSync(fd);
    return stat.isFile() ? { dev: stat.dev, ino: stat.ino } : null;
  } catch {
    return null;
  }
}

/** How `scan` reads files: `--encoding`, `--binary`, `--max-gzip-ratio`, and stdout's own file (never read). */
function readSettings(values: Values, io: CliIo): ReadSettings {
  return {
    encoding: encodingOption(values.encoding),
    binary: choice('binary', values.binary, ['skip', 'text'] as const, 'skip'),
    maxGzipRatio: gzipRatioOption(values['max-gzip-ratio']),
    output: fileOf(io.stdout),
  };
}

// Joined writes stay under 32K characters: V8 gives every string over 128 KB fresh memory pages,
// which cost more than the write (a batch of formatted findings is already about that size).
const JOINED_CHARS = 1 << 15;

/** Lines to stdout, gathered into writes of a few pages; `ready()` waits while the reader lags (backpressure). */
function bufferedStdout(stdout: CliOutput, failed: (error: NodeJS.ErrnoException) => void): Output {
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length > 0) stdout.write(pending.length === 1 ? (pending[0] as string) : pending.join(''));
    pending = [];
    size = 0;
    // A file (`> /dev/full`) fails at the write itself, though 'error' comes a tick later: stop at once.
    if (stdout.errored) failed(stdout.errored);
  };
  const out = (text: string) => {
    if (size + text.length >= JOINED_CHARS) flush();
    if (text.length >= JOINED_CHARS) {
      // Written as it is: joining its line end to it would copy it.
      stdout.write(text);
      pending.push('\n');
      size = 1;
      return;
    }
    pending.push(text, '\n');
    size += text.length + 1;
  };
  // Until the stream drains, or fails: a failed stream never drains (the run ends through io.exit).
  const settled = (event: 'drain' | 'written') =>
    new Promise<void>((resolve) => {
      const done = () => {
        stdout.off('close', done);
        stdout.off('drain', done);
        resolve();
      };
      stdout.once('close', done);
      if (event === 'drain') stdout.once('drain', done);
      else stdout.write('', done);
    });
  // Ask the stream itself: on Linux, pipe writes are synchronous and 'drain' may already have fired.
  const ready = () => (stdout.writableNeedDrain && !stdout.destroyed ? settled('drain') : Promise.resolve());
  const written = () => {
    flush();
    return stdout.destroyed ? Promise.resolve() : settled('written');
  };
  return Object.assign(out, { flush, ready, written });
}

/** Runs `kms-diagnose` with the given arguments and process parts; resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  // A closed pipe (`kms-diagnose scan . | head`) ends the program quietly; any other failure to write
  // the output (a full disk, `> /dev/full`) is an I/O error: one line, exit 2.
  let outputEnded = false;
  let outputFailed = false;
  const failed = (error: NodeJS.ErrnoException) => {
    // Once: the error comes again as an event after a write that failed at once.
    if (outputEnded) return;
    outputEnded = true;
    if (error.code === 'EPIPE') return io.exit(0);
    outputFailed = true;
    io.stderr.write(safeLine(`kms-diagnose: cannot write the output: ${describeFileError(error)}\n`));
    io.exit(2);
  };
  io.stdout.on('error', failed);
  const out = bufferedStdout(io.stdout, failed);
  let code: number;
  try {
    code = await run(argv, io, out, () => outputEnded);
  } finally {
    out.flush();
  }
  // The exit code tells whether the output was written: wait for what is still on its way.
  await out.written();
  return outputFailed ? 2 : code;
}

/** Text output: each line made safe for a terminal (see safeLine). Machine formats are written as they are. */
function textOutput(out: Output): Output {
  return Object.assign((text: string) => out(safeLine(text)), out);
}

const OPTIONS = {
  format: { type: 'string' },
  follow: { type: 'boolean', short: 'f' },
  'from-start': { type: 'boolean' },
  include: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  confidence: { type: 'string' },
  'fail-on': { type: 'string' },
  lang: { type: 'string' },
  catalog: { type: 'string', multiple: true },
  summary: { type: 'boolean' },
  'show-secrets': { type: 'boolean' },
  since: { type: 'string' },
  until: { type: 'string' },
  'no-progress': { type: 'boolean' },
  trail: { type: 'string', multiple: true },
  window: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  encoding: { type: 'string' },
  binary: { type: 'string' },
  'max-gzip-ratio': { type: 'string' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  // rules
  target: { type: 'string' },
  out: { type: 'string' },
  query: { type: 'string' },
  table: { type: 'string' },
  column: { type: 'string' },
  'time-column': { type: 'string' },
  with: { type: 'string', multiple: true },
  limit: { type: 'string' },
} as const;

type Values = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>
>['values'];

/** What every command gets: its arguments, the options, the language, the catalog and the outputs. */
interface CommandContext {
  io: CliIo;
  args: string[];
  values: Values;
  locale: Locale;
  catalog: Catalog;
  out: Output;
  err: (text: string) => void;
  style: Style;
}

/** What `decode` and `explain` share: text or JSON output of one result. */
function textOrJson({ values, locale, catalog, out, style }: CommandContext) {
  const format = choice('format', values.format, ['text', 'json'] as const, 'text');
  return { format, locale, catalog, out: format === 'text' ? textOutput(out) : out, style };
}

const FORMATS = ['text', 'json', 'sarif', 'csv', 'jsonl'] as const;

/** The options `scan` and `scan --follow` read alike. */
function scanBasics(
  { io, args, values, locale, catalog, out, err, style }: CommandContext,
  format: (typeof FORMATS)[number],
) {
  return {
    paths: args,
    minConfidence: choice('confidence', values.confidence, ['high', 'low'] as const, 'high'),
    failOn: choice('fail-on', values['fail-on'], ['none', 'low', 'high'] as const, 'low'),
    locale,
    catalog,
    out: format === 'text' ? textOutput(out) : out,
    err,
    style,
    cwd: io.cwd,
    summary: values.summary ?? false,
    timeRange: timeRange(values.since, values.until),
    ...(io.onInterrupt ? { onInterrupt: io.onInterrupt.bind(io) } : {}),
    exit: (code: number) => io.exit(code),
    read: readSettings(values, io),
  };
}

/** `scan --follow FILE...`: findings as the files grow, in a format written a finding at a time. */
function follow(context: CommandContext): Promise<number> {
  const { values } = context;
  if (!values.follow) throw new CliError('kms-diagnose: --from-start goes with --follow (-f)');
  const format = choice('format', values.format, FORMATS, 'text');
  if (format === 'json' || format === 'sarif')
    throw new CliError(
      `kms-diagnose: --follow writes each finding as it comes, and ${format} is one document written at the end: use --format jsonl (JSON Lines) instead`,
    );
  return followCommand({ ...scanBasics(context, format), format, fromStart: values['from-start'] ?? false });
}

/** The commands, by name; each resolves to the exit code. */
const COMMANDS = new Map<string, (context: CommandContext) => number | Promise<number>>([
  [
    'scan',
    (context) => {
      const { io, values, err } = context;
      if (values.follow || values['from-start']) return follow(context);
      const format = choice('format', values.format, FORMATS, 'text');
      return scanCommand({
        ...scanBasics(context, format),
        format,
        include: values.include ?? [],
        exclude: values.exclude ?? [],
        stdin: io.stdin,
        progress: values['no-progress'] ? null : io.stderr,
        stdoutIsTTY: Boolean(io.stdout.isTTY),
        jobs: jobsOption(values.jobs, io.env, err),
        sliceLargeFiles: slicesPay(values.jobs !== undefined, io.env),
      });
    },
  ],
  [
    'decode',
    (context) =>
      decodeCommand({
        ...textOrJson(context),
        input: context.args[0],
        cwd: context.io.cwd,
        stdin: context.io.stdin,
        err: context.err,
        showSecrets: context.values['show-secrets'] ?? false,
      }),
  ],
  ['explain', (context) => explainCommand({ ...textOrJson(context), code: context.args[0] })],
  [
    'timeline',
    ({ io, args, values, locale, catalog, out, err, style }) =>
      timelineCommand({
        paths: args,
        trails: values.trail ?? [],
        window: values.window,
        format: choice('format', values.format, ['text', 'json', 'html'] as const, 'text'),
        include: values.include ?? [],
        exclude: values.exclude ?? [],
        locale,
        catalog,
        out,
        err,
        style,
        jobs: jobsOption(values.jobs, io.env, err),
        workerFile: scanWorkerFile(),
        cwd: io.cwd,
      }),
  ],
  [
    'rules',
    ({ io, values, catalog, out }) =>
      rulesCommand({
        target: values.target,
        outDir: values.out,
        query: values.query,
        table: values.table,
        column: values.column,
        timeColumn: values['time-column'],
        carry: values.with ?? [],
        limit: values.limit,
        catalog,
        cwd: io.cwd,
        out,
      }),
  ],
]);

async function run(argv: string[], io: CliIo, out: Output, outputEnded: () => boolean): Promise<number> {
  // Messages name paths and quote options and catalogs: made safe for a terminal, like text output.
  // Once the output has failed (and the program has been told to exit), nothing more is said.
  const err = (text: string) => {
    if (!outputEnded()) io.stderr.write(`${safeLine(text)}\n`);
  };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    err(`kms-diagnose: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...args] = positionals;
  if (values.version) {
    out(TOOL.version);
    return 0;
  }
  if (values.help || command === undefined || command === 'help') {
    out(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const colorOverride = values['no-color'] ? false : values.color ? true : undefined;
  const style = styleFor(io.stdout, io.env, colorOverride);
  try {
    const locale = localeOption(values.lang, io.env);
    const load = await withUserCatalogs(builtinCatalog(), values.catalog ?? [], { streams: true, baseDir: io.cwd });
    for (const message of load.errors) err(`kms-diagnose: ${message}`);
    const handler = COMMANDS.get(command);
    if (!handler) throw new CliError(`kms-diagnose: unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
    return await handler({ io, args, values, locale, catalog: load.catalog, out, err, style });
  } catch (error) {
    if (error instanceof CliError) {
      err(error.message);
      return error.exitCode;
    }
    err(`kms-diagnose: ${(error as Error).message}`);
    return 2;
  }
}
