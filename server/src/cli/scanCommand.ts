import { promises as fs } from 'node:fs';
import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { diagnoseFinding } from '../core/diagnosis/finding';
import { SummaryBuilder } from '../core/report/summary';
import type { ScanSummary } from '../core/report/types';
import { StreamScanner } from '../core/scanner/streamScanner';
import type { Finding } from '../core/scanner/types';
import { describeIoError } from './errors';
import { DEFAULT_EXCLUDES, openText, walk, withoutBom, type WalkOptions } from '../core/files/files';
import { isLarge, measureInputs, ProgressBar, type ProgressStream } from './progress';
import { reportWriter, type ReportFormat } from './reportWriter';
import { summaryTables } from './summaryTable';
import type { Style } from './terminal';
import { inRange, type TimeRange } from './timeRange';

export interface ScanCommandOptions {
  paths: string[];
  format: ReportFormat;
  include: string[];
  exclude: string[];
  minConfidence: 'high' | 'low';
  failOn: 'none' | 'low' | 'high';
  locale: Locale;
  catalog: Catalog;
  out: ((text: string) => void) & { ready?: () => Promise<void>; flush?: () => void };
  err: (text: string) => void;
  style: Style;
  stdin: AsyncIterable<string | Buffer>;
  /** Print the `--summary` tables after the scan (stdout for text, stderr for machine formats). */
  summary: boolean;
  /** Keep only findings timestamped within the range (`--since` / `--until`). */
  timeRange: TimeRange;
  /** Where a progress bar may go (stderr, unless `--no-progress`); drawn only on a TTY for large inputs. */
  progress: ProgressStream | null;
  /** True when stdout is the same kind of terminal, so the bar is cleared before findings are printed. */
  stdoutIsTTY: boolean;
}

/** A bar on a TTY for large inputs; measuring the inputs costs a walk, so only when a bar may show. */
async function progressBar(
  options: ScanCommandOptions,
  targets: readonly string[],
  walkOptions: WalkOptions,
): Promise<ProgressBar | null> {
  const stream = options.progress;
  if (!stream?.isTTY) return null;
  const totals = await measureInputs(targets, walkOptions);
  if (!isLarge(totals)) return null;
  return new ProgressBar(stream, totals, { beforeDraw: options.stdoutIsTTY ? () => options.out.flush?.() : () => {} });
}

function hiding(bar: ProgressBar, print: (text: string) => void) {
  return (text: string) => {
    bar.hide();
    print(text);
  };
}

/** Runs `kms-diagnose scan`; resolves to the exit code. Findings are written as they are found. */
export async function scanCommand(options: ScanCommandOptions): Promise<number> {
  const targets = options.paths.length > 0 ? options.paths : ['.'];
  const walkOptions = { include: options.include, exclude: [...DEFAULT_EXCLUDES, ...options.exclude] };
  const bar = await progressBar(options, targets, walkOptions);
  // Whatever else reaches the terminal while the bar is up clears it first.
  const out = bar && options.stdoutIsTTY ? hiding(bar, options.out) : options.out;
  const err = bar ? hiding(bar, options.err) : options.err;
  const writer = reportWriter(options.format, { ...options, out, err, baseDir: process.cwd() });
  const summary: ScanSummary = { files: 0, findings: 0, byCode: {} };
  const tables = options.summary ? new SummaryBuilder({ catalog: options.catalog }) : null;
  const { timeRange } = options;
  const filtered = timeRange.since !== null || timeRange.until !== null;
  const leftOut = { outsideRange: 0, withoutTimestamp: 0 };
  // JSON and SARIF reports carry each finding's likely causes and fixes, read from its record.
  const diagnosed = options.format === 'json' || options.format === 'sarif';
  let failing = 0;
  let ioErrors = 0;
  let binarySkipped = 0;
  const keep = (path: string) => (finding: Finding) => {
    if (options.minConfidence === 'high' && finding.confidence !== 'high') return;
    const time = finding.record.timestamp;
    if (filtered && time === null) {
      leftOut.withoutTimestamp++;
      return;
    }
    if (filtered && time !== null && !inRange(timeRange, time)) {
      leftOut.outsideRange++;
      return;
    }
    tables?.add(finding, path);
    summary.findings++;
    summary.byCode[finding.code] = (summary.byCode[finding.code] ?? 0) + 1;
    if (options.failOn === 'low' || (options.failOn === 'high' && finding.confidence === 'high')) failing++;
    const diagnosis = diagnosed ? diagnoseFinding(finding, path, options.catalog, options.locale) : undefined;
    writer.finding({ path, finding, ...(diagnosis ? { diagnosis } : {}) });
  };

  // Scans one input, pausing between chunks while stdout is backed up, so memory stays flat.
  const scanChunks = async (chunks: AsyncIterable<string>, path: string) => {
    tables?.addFile(path);
    const scanner = new StreamScanner(options.catalog, keep(path), { recordText: diagnosed });
    for await (const chunk of chunks) {
      scanner.push(chunk);
      await options.out.ready?.();
    }
    scanner.end();
  };

  const scanOne = async (file: string, explicit: boolean) => {
    try {
      const chunks = await openText(file, bar ? { onRawBytes: (count) => bar.addBytes(count) } : {});
      if (!chunks) {
        binarySkipped++;
        if (explicit) err(`kms-diagnose: ${file}: binary file skipped`);
        return;
      }
      summary.files++;
      await scanChunks(chunks, file);
    } finally {
      bar?.fileDone();
    }
  };

  for (const target of targets) {
    try {
      if (target === '-') {
        summary.files++;
        await scanChunks(withoutBom(decodeStdin(options.stdin)), '-');
        continue;
      }
      const stat = await fs.stat(target);
      if (!stat.isDirectory()) {
        await scanOne(target, true);
        continue;
      }
      for await (const file of walk(target, walkOptions)) {
        try {
          await scanOne(file, false);
        } catch (error) {
          ioErrors++;
          err(`kms-diagnose: ${file}: ${describeIoError(error)}`);
        }
      }
    } catch (error) {
      ioErrors++;
      err(`kms-diagnose: ${target}: ${describeIoError(error)}`);
    }
  }

  bar?.stop();
  writer.end(summary);
  if (binarySkipped > 0 && options.format === 'text')
    options.err(options.style.dim(`${binarySkipped} binary file(s) skipped`));
  if (filtered && !tables && leftOut.withoutTimestamp > 0)
    options.err(`kms-diagnose: ${leftOut.withoutTimestamp} finding(s) without a timestamp left out by --since/--until`);
  if (tables) {
    // Machine formats keep stdout parseable: their tables go to stderr.
    const print = options.format === 'text' ? options.out : options.err;
    if (options.format === 'text') print('');
    for (const line of summaryTables(tables.result(), filtered ? leftOut : null)) print(line);
  }
  if (ioErrors > 0) return 2;
  return failing > 0 ? 1 : 0;
}

async function* decodeStdin(stdin: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stdin) {
    yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
