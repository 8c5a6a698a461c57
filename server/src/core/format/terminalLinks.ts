import type { TerminalLinkItem } from '#shared/reports';
import type { Catalog } from '../catalog/catalog';
import { scanText } from '../scanner/scan';
import { isKmsError } from '../scanner/types';

/**
 * KMS errors in a terminal (an app run there, `aliyun kms ...`, `kubectl logs -f`) as links: the
 * codes and RequestIds of one line the terminal shows, judged with the lines printed around it as a
 * log's are, so that another product's `InvalidParameter` is no link.
 */

/** Lines before and after the line read with it: a generic code's context (50 lines) and a record's reach. */
const CONTEXT_LINES = 64;
const MAX_LINE_CHARS = 16_384;

// Escape sequences a terminal acts on rather than shows: CSI (colours, cursor moves), OSC (titles,
// hyperlinks, shell integration, ended by BEL or ST) and the two-character ones. Linear: no run is
// read twice.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]/g;

/**
 * The lines a terminal shows for `output` as written to it: escape sequences removed, and of a line
 * redrawn with carriage returns (a progress bar), what was drawn last.
 */
export function terminalLines(output: string): string[] {
  return output
    .replace(ESCAPES, '')
    .split(/\r?\n/)
    .map((line) => line.slice(line.lastIndexOf('\r') + 1));
}

/** A line as compared with the terminal's own: tabs are drawn as spaces, runs of spaces are one. */
const comparable = (line: string) => line.replace(/\s+/g, ' ').trim();

/**
 * The links of `line`, a line as the terminal shows it, read with the lines around its last showing
 * in `output` (what was written to the terminal recently) when it is there, else on its own.
 * Positions are in `line` itself.
 */
export function terminalLinks(line: string, output: string, catalog: Catalog): TerminalLinkItem[] {
  const shown = line.slice(0, MAX_LINE_CHARS);
  const lines = terminalLines(output);
  const wanted = comparable(shown);
  let at = -1;
  if (wanted !== '')
    for (let i = lines.length - 1; i >= 0 && at === -1; i--) if (comparable(lines[i] as string) === wanted) at = i;
  const before = at === -1 ? [] : lines.slice(Math.max(0, at - CONTEXT_LINES), at);
  const after = at === -1 ? [] : lines.slice(at + 1, at + 1 + CONTEXT_LINES);
  const text = [...before, shown, ...after].join('\n');
  const target = before.length;
  const links: TerminalLinkItem[] = [];
  const seen = new Set<number>();
  for (const finding of scanText(text, catalog, { recordText: true })) {
    if (!isKmsError(finding)) continue;
    const common = {
      code: finding.code,
      requestId: finding.record.requestId,
      record: finding.recordText ?? null,
    };
    const { start, end } = finding.range;
    if (start.line === target) {
      const length = end.line === start.line ? end.character - start.character : finding.token.length;
      links.push({ start: start.character, length, kind: 'code', ...common });
    }
    const id = finding.record.requestIdRange;
    if (id && id.start.line === target && id.end.line === target && !seen.has(id.start.character)) {
      seen.add(id.start.character);
      links.push({
        start: id.start.character,
        length: id.end.character - id.start.character,
        kind: 'requestId',
        ...common,
      });
    }
  }
  return links.sort((a, b) => a.start - b.start);
}
