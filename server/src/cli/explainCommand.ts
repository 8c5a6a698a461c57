import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { diagnose, hasDiagnosis } from '../core/diagnosis/diagnose';
import { diagnosisLines } from '../core/diagnosis/render';
import { explain } from '../core/format/explanation';
import { strings } from '../core/format/strings';
import { CliError } from './errors';
import type { Style } from './terminal';

export interface ExplainCommandOptions {
  code: string | undefined;
  format: 'text' | 'json';
  locale: Locale;
  catalog: Catalog;
  out: (text: string) => void;
  style: Style;
}

/** Runs `kms-diagnose explain CODE`: everything the catalog knows; unknown codes get suggestions and exit 2. */
export function explainCommand(options: ExplainCommandOptions): number {
  const { catalog, locale, style } = options;
  if (!options.code)
    throw new CliError('kms-diagnose: explain needs an error code, e.g. kms-diagnose explain Forbidden.KeyNotFound');
  const match = catalog.lookupLoose(options.code.trim());
  if (!match) {
    const suggestions = catalog.suggest(options.code.trim(), 3).map((s) => s.entry.code);
    const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.join(', ')}?` : '';
    throw new CliError(`kms-diagnose: unknown KMS error code ${JSON.stringify(options.code)}.${hint}`);
  }
  const x = explain(match.entry, locale);
  // Without a record, the diagnosis holds what the code alone tells: the key state, commands with
  // placeholders, retry settings.
  const d = diagnose({ code: match.entry.code, text: '' }, catalog, locale);
  const diagnosis = hasDiagnosis(d) ? { diagnosis: d } : {};
  if (options.format === 'json') {
    options.out(
      JSON.stringify(
        { ...x, alias: match.isAlias ? options.code : null, surfaces: match.entry.surfaces, ...diagnosis },
        null,
        2,
      ),
    );
    return 0;
  }
  const s = strings(locale);
  const lines = [
    `${style.bold(x.code)}  ${x.status ?? `${s.httpStatus}: ${s.unknownStatus}`}  ${style.dim(x.category)}`,
    ...(match.isAlias ? [style.yellow(s.aliasOf(options.code, x.code))] : []),
    `${s.officialMessage}: ${x.message ?? s.undocumentedMessage}`,
    '',
    `${style.bold(s.whatItMeans)}: ${x.description}`,
    '',
    style.bold(`${s.whatToDo}:`),
    ...x.remediation.map((step, i) => `  ${i + 1}. ${step}`),
  ];
  if (x.notes.length > 0) lines.push('', style.bold(`${s.notes}:`), ...x.notes.map((n) => `  - ${n}`));
  lines.push('', `${style.bold(s.retry)}: ${x.retryable ? s.retryYes : s.retryNo}`);
  if (x.apis.length > 0) lines.push(`${style.bold(s.returnedBy)}: ${x.apis.join(', ')}`);
  lines.push(
    `${style.bold(s.documentation)}: ${x.documentationUrl}`,
    `${style.bold(s.troubleshoot(null))}: ${x.troubleshootUrl}`,
  );
  if (hasDiagnosis(d)) lines.push('', ...diagnosisLines(d, locale, style.bold));
  options.out(lines.join('\n'));
  return 0;
}
