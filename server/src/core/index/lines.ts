/** Text held as lines that keep their line ends (`\n`, `\r\n` or a lone `\r`), as LSP counts lines. */

// eslint-disable-next-line no-control-regex -- any character outside ASCII
const NON_ASCII = /[^\u0000-\u007f]/;

/** True when `c` is the char code of `\n` or `\r`. */
export function isBreakCode(c: number): boolean {
  return c === 10 || c === 13;
}

/** True when a line ends at `at` (a `\n`, or a `\r` not followed by `\n`). */
export function isLineEnd(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === 10 || (c === 13 && text.charCodeAt(at + 1) !== 10);
}

/**
 * Splits text into lines that keep their line end; the last may have none (an empty last line when
 * the text ends with a line end). Searches with indexOf: a 10 MB line is split at memory speed.
 */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  for (let at = 0; at < text.length;) {
    if (lf !== -1 && lf < at) lf = text.indexOf('\n', at);
    if (cr !== -1 && cr < at) cr = text.indexOf('\r', at);
    let end = text.length;
    if (cr !== -1 && (lf === -1 || cr < lf)) end = lf === cr + 1 ? cr + 2 : cr + 1;
    else if (lf !== -1) end = lf + 1;
    lines.push(text.slice(at, end));
    at = end;
  }
  if (lines.length === 0 || isBreakCode(text.charCodeAt(text.length - 1))) lines.push('');
  return lines;
}

/** Line breaks in `text` as LSP counts them, and the length of its last line. */
export function lineBreaks(text: string): { breaks: number; lastLength: number } {
  const lines = splitLines(text);
  return { breaks: lines.length - 1, lastLength: (lines[lines.length - 1] as string).length };
}

/** Length of a line without its line end. */
export function contentLength(line: string): number {
  if (line.endsWith('\r\n')) return line.length - 2;
  if (line.endsWith('\n') || line.endsWith('\r')) return line.length - 1;
  return line.length;
}

/** Replaces lines [from, to) with compact copies: one one-byte string per run of ASCII lines. */
export function compactLines(lines: string[], from: number, to: number): void {
  let runStart = from;
  const flush = (end: number) => {
    if (end <= runStart) return;
    const joined = Buffer.from(lines.slice(runStart, end).join(''), 'latin1').toString('latin1');
    let at = 0;
    for (let i = runStart; i < end; i++) {
      const length = (lines[i] as string).length;
      lines[i] = joined.slice(at, at + length);
      at += length;
    }
  };
  for (let i = from; i < to; i++) {
    const line = lines[i] as string;
    if (!NON_ASCII.test(line)) continue;
    flush(i);
    lines[i] = (' ' + line).slice(1);
    runStart = i + 1;
  }
  flush(to);
}

/** `lines.splice(at, count, ...fresh)` without spreading: a pasted text can hold more lines than a call takes arguments. */
export function replaceLines(lines: string[], at: number, count: number, fresh: readonly string[]): void {
  if (fresh.length < 10_000) {
    lines.splice(at, count, ...fresh);
    return;
  }
  const tail = lines.splice(at + count);
  lines.length = at;
  for (const line of fresh) lines.push(line);
  for (const line of tail) lines.push(line);
}
