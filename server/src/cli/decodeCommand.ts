import { createReadStream } from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { decode, MAX_INPUT } from '../core/decoder/decoder';
import { STATUS_NOTES } from '../core/decoder/statusNotes';
import { diagnose, hasDiagnosis, type Diagnosis } from '../core/diagnosis/diagnose';
import { diagnosisLines } from '../core/diagnosis/render';
import type { DecodeResult } from '../core/decoder/types';
import { explain } from '../core/format/explanation';
import { formatName } from '../core/format/formatNames';
import { statusText } from '../core/format/http';
import { strings } from '../core/format/strings';
import { describeFileError } from '../core/files/files';
import { readStart, type TextStart } from '../core/files/readStart';
import { CliError } from './errors';
import { oneLine, safeForTerminal, type Style } from './terminal';

export interface DecodeCommandOptions {
  input: string | undefined;
  /** A relative input path is read from here. */
  cwd: string;
  format: 'text' | 'json';
  locale: Locale;
  catalog: Catalog;
  out: (text: string) => void;
  style: Style;
  stdin: AsyncIterable<string | Buffer>;
  err: (text: string) => void;
  /** Show secret values of success responses instead of masking them (`--show-secrets`). */
  showSecrets?: boolean;
}

/** Runs `kms-diagnose decode`; exit 0 when the input decodes, CliError (exit 2) when it does not. */
export async function decodeCommand(options: DecodeCommandOptions): Promise<number> {
  const fromStdin = options.input === undefined || options.input === '-';
  const name = fromStdin ? 'stdin' : (options.input as string);
  let start: TextStart;
  try {
    // No more than the decoder reads: an endless stream or a huge file stops there.
    const source = fromStdin
      ? options.stdin
      : createReadStream(path.resolve(options.cwd, name), { highWaterMark: 1 << 16 });
    start = await readStart(source, MAX_INPUT);
  } catch (error) {
    throw new CliError(`kms-diagnose: ${oneLine(name)}: ${describeFileError(error)}`);
  }
  const { text } = start;
  if (start.cut)
    options.err(
      `kms-diagnose: ${oneLine(name)}: only its first ${MAX_INPUT.toLocaleString('en')} characters (1 MB) are decoded; the rest was not read`,
    );
  const outcome = decode(text, options.catalog, { showSecrets: options.showSecrets === true });
  if (!outcome.ok) {
    const { reason, expected, line, column } = outcome.error;
    const where = line !== null ? ` (line ${line}${column !== null ? `, column ${column}` : ''})` : '';
    throw new CliError(`kms-diagnose: not a decodable response: ${reason}${where}; expected ${expected}`);
  }
  const { result } = outcome;
  const diagnosis = result.kind === 'error' && result.code ? decodeDiagnosis(text, result, options) : null;
  if (options.format === 'json')
    options.out(JSON.stringify({ ...result, ...(diagnosis ? { diagnosis } : {}) }, null, 2));
  else {
    // The record's own causes and fixes come right after its fields, before the code's generic advice.
    const diagnosed = diagnosis ? diagnosisLines(diagnosis, options.locale, options.style.bold) : [];
    options.out(decodeText(result, options, diagnosed.map(safeForTerminal)));
  }
  return 0;
}

/** The likely causes and fixes read from the decoded text; null when there are none. */
function decodeDiagnosis(text: string, result: DecodeResult, options: DecodeCommandOptions): Diagnosis | null {
  const d = diagnose(
    { code: result.code ?? '', text, api: result.api, hostId: result.hostId },
    options.catalog,
    options.locale,
  );
  return hasDiagnosis(d) ? d : null;
}

function decodeText(result: DecodeResult, options: DecodeCommandOptions, diagnosed: string[]): string {
  const { style, locale } = options;
  const s = strings(locale);
  const lines: string[] = [];
  const row = (label: string, value: string | null) => {
    if (value) lines.push(`${style.dim(label.padEnd(12))}${safeForTerminal(value)}`);
  };
  const status = statusText(result.httpStatus);
  if (result.kind === 'success') {
    lines.push(style.green(style.bold(`Success${status ? `  ${status}` : ''}`)));
  } else {
    lines.push(style.red(style.bold(`Error${status ? `  ${status}` : ''}`)));
  }
  row('Code', result.code && `${result.code}${result.codeInferred ? ` (${s.inferred})` : ''}`);
  row('Message', result.message);
  row('RequestId', result.requestId);
  row('HostId', result.hostId);
  row('API', result.api);
  row('Recommend', result.recommend);
  row('Format', formatName(result.shape, locale));
  if (result.maskedFields.length > 0) {
    lines.push(
      style.yellow(
        `${result.maskedFields.length} secret value(s) masked (${result.maskedFields.join(', ')}); --show-secrets shows them`,
      ),
    );
  }
  if (result.kind === 'error' && result.code && !result.entry) lines.push('', style.yellow(s.notInCatalog));
  if (diagnosed.length > 0) lines.push('', ...diagnosed);
  if (result.entry) {
    const x = explain(result.entry, locale, result.requestId);
    lines.push('', `${style.bold(s.whatItMeans)}: ${x.description}`);
    if (x.remediation.length > 0) {
      lines.push(style.bold(`${s.whatToDo}:`), ...x.remediation.map((step, i) => `  ${i + 1}. ${step}`));
    }
    if (x.notes.length > 0) lines.push(style.bold(`${s.notes}:`), ...x.notes.map((note) => `  - ${note}`));
    lines.push(`${style.bold(s.retry)}: ${x.retryable ? s.retryYes : s.retryNo}`);
    lines.push(`${style.bold(s.troubleshoot)}: ${x.troubleshootUrl}`);
  }
  if (result.statusNote) {
    const note = STATUS_NOTES[result.statusNote][locale];
    lines.push('', `${style.bold(note.title)}: ${note.description}`);
    lines.push(style.bold(`${s.whatToDo}:`), ...note.remediation.map((step, i) => `  ${i + 1}. ${step}`));
  }
  // Only the fields the rows above do not already show.
  const shown = new Set([result.code, result.message, result.requestId, result.hostId, result.api, result.recommend]);
  const rawFields = Object.entries(result.fields).filter(([, value]) => value !== '' && !shown.has(value));
  if (rawFields.length > 0) {
    lines.push('', style.dim('Other fields:'));
    for (const [key, value] of rawFields) lines.push(`  ${safeForTerminal(key)}: ${safeForTerminal(value)}`);
  }
  return lines.join('\n');
}
