import { promises as fs } from 'node:fs';
import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { statusText } from '../core/format/http';
import { severityClass } from '../core/format/severity';
import { csvReport } from '../core/report/csv';
import { jsonReport } from '../core/report/json';
import { sarifReport } from '../core/report/sarif';
import { summarize, type FileFinding } from '../core/report/types';
import { scanChunks } from '../core/scanner/scan';
import type { Finding } from '../core/scanner/types';
import { describeIoError } from './errors';
import { DEFAULT_EXCLUDES, openText, walk, withoutBom } from './files';
import { safeForTerminal, type Style } from './terminal';
import { TOOL } from './tool';

export interface ScanCommandOptions {
  paths: string[];
  format: 'text' | 'json' | 'sarif' | 'csv';
  include: string[];
  exclude: string[];
  minConfidence: 'high' | 'low';
  failOn: 'none' | 'low' | 'high';
  locale: Locale;
  catalog: Catalog;
  out: (text: string) => void;
  err: (text: string) => void;
  style: Style;
  stdin: AsyncIterable<string | Buffer>;
}

/** Runs `kms-diagnose scan`; resolves to the exit code. */
export async function scanCommand(options: ScanCommandOptions): Promise<number> {
  const findings: FileFinding[] = [];
  let files = 0;
  let ioErrors = 0;
  let binarySkipped = 0;
  const keep = (path: string) => (finding: Finding) => {
    if (options.minConfidence === 'high' && finding.confidence !== 'high') return;
    findings.push({ path, finding });
    if (options.format === 'text') options.out(textLine(path, finding, options));
  };

  const scanOne = async (file: string, display: string, explicit: boolean) => {
    const chunks = await openText(file);
    if (!chunks) {
      binarySkipped++;
      if (explicit) options.err(`kms-diagnose: ${display}: binary file skipped`);
      return;
    }
    files++;
    await scanChunks(chunks, options.catalog, keep(display));
  };

  for (const target of options.paths.length > 0 ? options.paths : ['.']) {
    try {
      if (target === '-') {
        files++;
        await scanChunks(withoutBom(decodeStdin(options.stdin)), options.catalog, keep('-'));
        continue;
      }
      const stat = await fs.stat(target);
      if (stat.isDirectory()) {
        const walkOptions = { include: options.include, exclude: [...DEFAULT_EXCLUDES, ...options.exclude] };
        for await (const file of walk(target, walkOptions)) {
          try {
            await scanOne(file, file, false);
          } catch (error) {
            ioErrors++;
            options.err(`kms-diagnose: ${file}: ${describeIoError(error)}`);
          }
        }
      } else {
        await scanOne(target, target, true);
      }
    } catch (error) {
      ioErrors++;
      options.err(`kms-diagnose: ${target}: ${describeIoError(error)}`);
    }
  }

  const summary = summarize(files, findings);
  if (options.format === 'json') options.out(JSON.stringify(jsonReport(findings, summary, options.catalog), null, 2));
  else if (options.format === 'sarif')
    options.out(JSON.stringify(sarifReport(findings, options.catalog, TOOL, process.cwd()), null, 2));
  else if (options.format === 'csv') options.out(csvReport(findings, options.catalog).trimEnd());
  else {
    const skipped = binarySkipped > 0 ? `, ${binarySkipped} binary skipped` : '';
    options.err(options.style.dim(`${summary.findings} KMS error(s) in ${files} file(s)${skipped}`));
  }

  if (ioErrors > 0) return 2;
  const failing = findings.filter(({ finding }) =>
    options.failOn === 'none' ? false : options.failOn === 'low' || finding.confidence === 'high',
  );
  return failing.length > 0 ? 1 : 0;
}

function textLine(path: string, finding: Finding, options: ScanCommandOptions): string {
  const { style } = options;
  const entry = options.catalog.lookup(finding.code)?.entry;
  const status = statusText(finding.record.httpStatus ?? entry?.httpStatus ?? null) ?? '';
  const description = entry ? entry.text[options.locale].description : '';
  const color = entry && severityClass(entry) !== 'client' ? style.red : style.yellow;
  const where = `${path}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
  const low = finding.confidence === 'low' ? style.dim(' (low confidence)') : '';
  return `${style.bold(safeForTerminal(where))}  ${color(finding.code)}  ${status}  ${description}${low}`;
}

async function* decodeStdin(stdin: AsyncIterable<string | Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of stdin) {
    yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
