import { promises as fs } from 'node:fs';
import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import type { ScanSummary } from '../core/report/types';
import { StreamScanner } from '../core/scanner/streamScanner';
import type { Finding } from '../core/scanner/types';
import { describeIoError } from './errors';
import { DEFAULT_EXCLUDES, openText, walk, withoutBom } from '../core/files/files';
import { reportWriter, type ReportFormat } from './reportWriter';
import type { Style } from './terminal';

export interface ScanCommandOptions {
  paths: string[];
  format: ReportFormat;
  include: string[];
  exclude: string[];
  minConfidence: 'high' | 'low';
  failOn: 'none' | 'low' | 'high';
  locale: Locale;
  catalog: Catalog;
  out: ((text: string) => void) & { ready?: () => Promise<void> };
  err: (text: string) => void;
  style: Style;
  stdin: AsyncIterable<string | Buffer>;
}

/** Runs `kms-diagnose scan`; resolves to the exit code. Findings are written as they are found. */
export async function scanCommand(options: ScanCommandOptions): Promise<number> {
  const writer = reportWriter(options.format, { ...options, baseDir: process.cwd() });
  const summary: ScanSummary = { files: 0, findings: 0, byCode: {} };
  let failing = 0;
  let ioErrors = 0;
  let binarySkipped = 0;
  const keep = (path: string) => (finding: Finding) => {
    if (options.minConfidence === 'high' && finding.confidence !== 'high') return;
    summary.findings++;
    summary.byCode[finding.code] = (summary.byCode[finding.code] ?? 0) + 1;
    if (options.failOn === 'low' || (options.failOn === 'high' && finding.confidence === 'high')) failing++;
    writer.finding({ path, finding });
  };

  // Scans one input, pausing between chunks while stdout is backed up, so memory stays flat.
  const scanChunks = async (chunks: AsyncIterable<string>, path: string) => {
    const scanner = new StreamScanner(options.catalog, keep(path));
    for await (const chunk of chunks) {
      scanner.push(chunk);
      await options.out.ready?.();
    }
    scanner.end();
  };

  const scanOne = async (file: string, explicit: boolean) => {
    const chunks = await openText(file);
    if (!chunks) {
      binarySkipped++;
      if (explicit) options.err(`kms-diagnose: ${file}: binary file skipped`);
      return;
    }
    summary.files++;
    await scanChunks(chunks, file);
  };

  for (const target of options.paths.length > 0 ? options.paths : ['.']) {
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
      const walkOptions = { include: options.include, exclude: [...DEFAULT_EXCLUDES, ...options.exclude] };
      for await (const file of walk(target, walkOptions)) {
        try {
          await scanOne(file, false);
        } catch (error) {
          ioErrors++;
          options.err(`kms-diagnose: ${file}: ${describeIoError(error)}`);
        }
      }
    } catch (error) {
      ioErrors++;
      options.err(`kms-diagnose: ${target}: ${describeIoError(error)}`);
    }
  }

  writer.end(summary);
  if (binarySkipped > 0 && options.format === 'text')
    options.err(options.style.dim(`${binarySkipped} binary file(s) skipped`));
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
