import type { Locale } from '../catalog/types';
import { escapeMarkdown } from '../format/markdown';
import { diagnosisTexts } from './texts';
import type { Diagnosis } from './types';

const FENCE_LANGUAGE: Record<string, string> = { 'ram-policy': 'json', 'aliyun-cli': 'sh', 'console-url': 'text' };

/** A code fence longer than any run of backticks in `text`, so the text cannot close it. */
function fenced(text: string, language: string): string {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}

/**
 * The "Likely cause" and "Fix" sections as Markdown, for the hover and the decode view: causes as
 * escaped text, each fix in a code fence (its text shown as code, never rendered). Empty when the
 * diagnosis has nothing.
 */
export function diagnosisMarkdown(d: Diagnosis, locale: Locale): string {
  const t = diagnosisTexts(locale);
  const out: string[] = [];
  if (d.causes.length > 0) {
    out.push(`**${t.likelyCause}:**\n\n${d.causes.map((c) => `- ${escapeMarkdown(c.text, 2000)}`).join('\n')}`);
  }
  if (d.fixes.length > 0) {
    const fixes = d.fixes.map((f) => {
      const note = f.note ? `\n\n_${escapeMarkdown(f.note, 1000)}_` : '';
      return `${escapeMarkdown(f.title)}:\n\n${fenced(f.text, f.language ?? FENCE_LANGUAGE[f.kind] ?? 'text')}${note}`;
    });
    out.push(`**${t.fix}:**\n\n${fixes.join('\n\n')}`);
  }
  return out.join('\n\n');
}

/** The same sections as plain text lines, for terminals (the caller strips control characters). */
export function diagnosisLines(d: Diagnosis, locale: Locale, bold: (s: string) => string = (s) => s): string[] {
  const t = diagnosisTexts(locale);
  const lines: string[] = [];
  if (d.causes.length > 0) {
    lines.push(bold(`${t.likelyCause}:`), ...d.causes.map((c) => `  - [${c.id}] ${c.text}`));
  }
  if (d.fixes.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(bold(`${t.fix}:`));
    for (const f of d.fixes) {
      lines.push(`  ${f.title}:`, ...f.text.split('\n').map((l) => `    ${l}`));
      if (f.note) lines.push(`    (${f.note})`);
    }
  }
  return lines;
}
