/**
 * File names that are not valid UTF-8. Node decodes such a name with U+FFFD in place of its odd
 * bytes, and that name opens nothing. Here each byte that is not part of a valid UTF-8 character
 * becomes a lone surrogate U+DC80 to U+DCFF (as Python's `surrogateescape` does), so the name stays a
 * string (globs match it, it crosses to worker threads, JSON writes it as `\udcXX`) and turns back
 * into its exact bytes to be opened.
 */

/** A name read as bytes, with the bytes that are not UTF-8 as lone surrogates. */
export function decodeFileName(bytes: Uint8Array): string {
  let text = '';
  let plainFrom = 0;
  let i = 0;
  while (i < bytes.length) {
    const length = utf8Length(bytes, i);
    if (length > 0) {
      i += length;
      continue;
    }
    text += Buffer.from(bytes.subarray(plainFrom, i)).toString('utf8');
    text += String.fromCharCode(0xdc00 + (bytes[i] as number));
    i++;
    plainFrom = i;
  }
  return text + Buffer.from(bytes.subarray(plainFrom)).toString('utf8');
}

/** The length of the valid UTF-8 character at `at`, or 0 when the byte there does not start one. */
function utf8Length(bytes: Uint8Array, at: number): number {
  const b0 = bytes[at] as number;
  if (b0 < 0x80) return 1;
  const cont = (k: number, low = 0x80, high = 0xbf) => {
    const b = bytes[at + k];
    return b !== undefined && b >= low && b <= high;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // No overlong forms, no surrogates.
    const low = b0 === 0xe0 ? 0xa0 : 0x80;
    const high = b0 === 0xed ? 0x9f : 0xbf;
    return cont(1, low, high) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const low = b0 === 0xf0 ? 0x90 : 0x80;
    const high = b0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, low, high) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

const MAYBE_ESCAPED = /[\udc80-\udcff]/;

/** Whether a name holds an escaped byte: a low surrogate U+DC80 to U+DCFF without a high one before it. */
export function hasEscapedBytes(name: string): boolean {
  // Most names hold none: one native search (a folder scan asks for every file it opens).
  if (!MAYBE_ESCAPED.test(name)) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0xdc80 && c <= 0xdcff) {
      const before = i > 0 ? name.charCodeAt(i - 1) : 0;
      if (!(before >= 0xd800 && before <= 0xdbff)) return true;
    }
  }
  return false;
}

/** What to hand to `fs` for a path: the path itself, or its exact bytes when it holds escaped bytes. */
export function fsPath(path: string): string | Buffer {
  if (!hasEscapedBytes(path)) return path;
  const parts: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (isPair(path, i)) {
      i++; // one character
      continue;
    }
    if (c >= 0xdc80 && c <= 0xdcff) {
      parts.push(Buffer.from(path.slice(from, i), 'utf8'), Buffer.from([c - 0xdc00]));
      from = i + 1;
    }
  }
  parts.push(Buffer.from(path.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

/** A path as a person reads it: each escaped byte written `\xHH`. */
export function displayPath(path: string): string {
  if (!hasEscapedBytes(path)) return path;
  let shown = '';
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (isPair(path, i)) {
      shown += path.slice(i, i + 2);
      i++;
    } else if (c >= 0xdc80 && c <= 0xdcff) shown += `\\x${(c - 0xdc00).toString(16).toUpperCase()}`;
    else shown += path[i];
  }
  return shown;
}

function isPair(text: string, at: number): boolean {
  const high = text.charCodeAt(at);
  const low = text.charCodeAt(at + 1);
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
}
