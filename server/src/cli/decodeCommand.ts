import { readFile } from 'node:fs/promises';
import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { decode } from '../core/decoder/decoder';
import type { DecodeResult } from '../core/decoder/types';
import { explain } from '../core/format/explanation';
import { formatName } from '../core/format/formatNames';
import { statusText } from '../core/format/http';
import { strings } from '../core/format/strings';
import { CliError, describeIoError } from './errors';
import { safeForTerminal, type Style } from './terminal';

export interface DecodeCommandOptions {
  input: string | undefined;
  format: 'text' | 'json';
  locale: Locale;
  catalog: Catalog;
  out: (text: string) => void;
  style: Style;
  readStdin: () => Promise<string>;
  /** Show secret values of success responses instead of masking them (`--show-secrets`). */
  showSecrets?: boolean;
}

/** Runs `kms-diagnose decode`; exit 0 when the input decodes, CliError (exit 2) when it does not. */
export async function decodeCommand(options: DecodeCommandOptions): Promise<number> {
  let text: string;
  if (options.input === undefined || options.input === '-') text = await options.readStdin();
  else {
    try {
      text = await readFile(options.input, 'utf8');
    } catch (error) {
      throw new CliError(`kms-diagnose: ${options.input}: ${describeIoError(error)}`);
    }
  }
  const outcome = decode(text, options.catalog, { showSecrets: options.showSecrets === true });
  if (!outcome.ok) {
    const { reason, expected, line, column } = outcome.error;
    const where = line !== null ? ` (line ${line}${column !== null ? `, column ${column}` : ''})` : '';
    throw new CliError(`kms-diagnose: not a decodable response: ${reason}${where}; expected ${expected}`);
  }
  if (options.format === 'json') options.out(JSON.stringify(outcome.result, null, 2));
  else options.out(decodeText(outcome.result, options));
  return 0;
}

function decodeText(result: DecodeResult, options: DecodeCommandOptions): string {
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
  // Only the fields the rows above do not already show.
  const shown = new Set([result.code, result.message, result.requestId, result.hostId, result.api, result.recommend]);
  const rawFields = Object.entries(result.fields).filter(([, value]) => value !== '' && !shown.has(value));
  if (rawFields.length > 0) {
    lines.push('', style.dim('Other fields:'));
    for (const [key, value] of rawFields) lines.push(`  ${safeForTerminal(key)}: ${safeForTerminal(value)}`);
  }
  return lines.join('\n');
}
