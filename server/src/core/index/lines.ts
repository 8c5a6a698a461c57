/** Line arithmetic on raw text, with `\n`, `\r\n` and a lone `\r` as line ends (as LSP counts them). */

/** Offset of the start of the line `count` lines above the line holding `offset` (clamped to 0). */
export function lineStartBefore(text: string, offset: number, count: number): { offset: number; lines: number } {
  let at = Math.min(offset, text.length);
  // Go to the start of the current line first.
  while (at > 0 && !isBreakBefore(text, at)) at--;
  let lines = 0;
  while (lines < count && at > 0) {
    at--; // step over the line end of the previous line
    if (at > 0 && text.charCodeAt(at) === 10 && text.charCodeAt(at - 1) === 13) at--;
    while (at > 0 && !isBreakBefore(text, at)) at--;
    lines++;
  }
  return { offset: at, lines };
}

/** Offset just past the end (line break included) of the line `count` lines below the one holding `offset`. */
export function lineEndAfter(text: string, offset: number, count: number): number {
  let at = offset;
  for (let n = 0; n <= count && at < text.length; n++) {
    while (at < text.length) {
      const c = text.charCodeAt(at++);
      if (c === 10) break;
      if (c === 13) {
        if (text.charCodeAt(at) === 10) at++;
        break;
      }
    }
  }
  return at;
}

/** True when a line starts at `offset` (the character before it ends a line). */
function isBreakBefore(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  if (before === 10) return true;
  return before === 13 && text.charCodeAt(offset) !== 10;
}
