import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { describeFileError } from '../core/files/files';
import { SummaryBuilder } from '../core/report/summary';
import { ScanTally } from '../core/report/tally';
import type { JobEmitter } from '../core/workers/jobs';
import { CliError } from './errors';
import { FollowedFile } from './followFile';
import { ScanInterrupt } from './interrupt';
import type { CliIo } from './io';
import { reportWriter, type LineFormat } from './reportWriter';
import { printNotes, reportSettings, type ScanCommandOptions } from './scanCommand';
import { FindingFilter, ReportScanner, type ReportEvent } from './scanJob';

export interface FollowCommandOptions extends Pick<
  ScanCommandOptions,
  | 'paths'
  | 'minConfidence'
  | 'failOn'
  | 'locale'
  | 'catalog'
  | 'out'
  | 'err'
  | 'style'
  | 'cwd'
  | 'summary'
  | 'timeRange'
  | 'read'
> {
  format: LineFormat;
  /** Read what the files hold first (`--from-start`), rather than start at their end. */
  fromStart: boolean;
  /** Hears Ctrl-C and SIGTERM: the first ends following, a second the program (`exit`). */
  onInterrupt?: CliIo['onInterrupt'];
  exit(code: number): void;
  /** How often a file is looked at for more text (100 ms). */
  pollMs?: number;
}

/**
 * `kms-diagnose scan --follow FILE...`: follows logs as they grow (see FollowedFile), each finding
 * written as soon as its record is complete, with the path it was found in. Runs until interrupted,
 * its usual end: then the count and the `--summary` tables are printed and the exit code is that of
 * a scan (0, 1 or 2), not a signal's as for an interrupted scan.
 */
export async function followCommand(options: FollowCommandOptions): Promise<number> {
  if (options.paths.length === 0) throw new CliError('kms-diagnose: --follow needs the files to follow');
  for (const path of options.paths) await checkFollowable(path, options.cwd);
  const settings = reportSettings(options, false);
  const writer = reportWriter(options.format, { ...options, baseDir: options.cwd });
  const tally = new ScanTally();
  const tables = options.summary ? new SummaryBuilder({ catalog: options.catalog }) : null;
  const filter = new FindingFilter(options);
  let failing = 0;
  let ioErrors = 0;
  let binarySkipped = 0;
  const deliver = (path: string, event: ReportEvent): void | Promise<void> => {
    switch (event.t) {
      case 'found':
        for (const [code, count] of event.codes) tally.add(code, count);
        for (const [code, httpStatus, timestamp, requestId] of event.counted ?? [])
          tables?.add({ code, record: { httpStatus, timestamp, requestId } }, path);
        failing += event.failing;
        writer.formatted(event.batch);
        options.out.flush?.();
        return options.out.ready?.();
      case 'leftOut':
        filter.leftOut.outsideRange += event.outsideRange;
        filter.leftOut.withoutTimestamp += event.withoutTimestamp;
        return;
      case 'ioError':
        ioErrors++;
        options.err(`kms-diagnose: ${path}: ${event.message}`);
        return;
      case 'binary':
        binarySkipped++;
        options.err(`kms-diagnose: ${path}: binary file skipped, no longer followed; --binary text reads it as text`);
    }
  };
  const interrupt = new ScanInterrupt(options.onInterrupt, options.exit);
  const scanner = new ReportScanner(options.catalog, settings);
  const follow = async (path: string) => {
    tally.addFile();
    tables?.addFile(path);
    const emitter = emitterFor((event) => deliver(path, event));
    const followed = new FollowedFile(nodePath.resolve(options.cwd, path), {
      fromStart: options.fromStart,
      pollMs: options.pollMs ?? 100,
      stop: interrupt.stopping,
      notice: (message) => options.err(options.style.dim(`kms-diagnose: ${path}: ${message}`)),
      text: options.read,
      output: options.read.output ?? null,
    });
    try {
      for await (const { chunks, place } of followed.stretches())
        if (chunks === 'binary') emitter.emit({ t: 'binary', path });
        else await scanner.scanText(path, chunks, emitter, place);
    } catch (error) {
      emitter.emit({ t: 'ioError', path, message: describeFileError(error) });
    }
    await emitter.flush();
  };
  try {
    await Promise.all(options.paths.map(follow));
  } finally {
    interrupt.dispose();
  }
  writer.end(tally.summary());
  // A binary file followed is reported when met and no longer followed, so no skipped-binary note here.
  printNotes(options, { binarySkipped: 0 }, filter, tables);
  if (ioErrors > 0 || binarySkipped > 0) return 2;
  return failing > 0 ? 1 : 0;
}

/** A path that can be followed: a file, or a name a file may appear under; never a folder or stdin. */
async function checkFollowable(path: string, cwd: string): Promise<void> {
  if (path === '-') throw new CliError('kms-diagnose: --follow follows files; stdin (-) is always read as it comes');
  try {
    if ((await fs.stat(nodePath.resolve(cwd, path))).isDirectory())
      throw new CliError(`kms-diagnose: ${path}: --follow follows files, not folders`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    // A file that does not exist yet is waited for, as `tail -F` does.
  }
}

/** Events of one followed path, handed on at each flush (after each read, and whenever its writer stops). */
function emitterFor(deliver: (event: ReportEvent) => void | Promise<void>): JobEmitter<ReportEvent> {
  let pending: ReportEvent[] = [];
  return {
    emit: (event) => pending.push(event),
    async flush() {
      const events = pending;
      pending = [];
      for (const event of events) await deliver(event);
      return true;
    },
    // Following ends by its reads ending (see FollowOptions.stop), never by cancelling the scan.
    cancelled: () => false,
  };
}
