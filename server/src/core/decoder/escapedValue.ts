/**
 * A whole SDK error block logged as one quoted value, its newlines and quotes escaped:
 * `level=error msg="decrypt failed" err="SDKError:\n   StatusCode: 404\n   Code: ...\n   Data: {\"Code\":...}"`
 * (logfmt) or `"err":"SDKError:\n ..."` (a JSON log line). Read as one record, it decodes like the block.
 */

// What makes a quoted value an error record rather than any text.
const SDK_BLOCK = /SDKError:|SDK\.ServerError|\bErrorCode\s*[:=]|\bCode:\s/;

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\w.@-]/.test(c);
}

/** True when the quote at `at` opens a value: after `key=`, `"key":` or `"key": `. */
function opensValue(text: string, at: number): boolean {
  if (text[at - 1] === '=') return isWordChar(text[at - 2]);
  const colon = text[at - 1] === ':' ? at - 1 : text[at - 1] === ' ' && text[at - 2] === ':' ? at - 2 : -1;
  return colon > 0 && text[colon - 1] === '"';
}

// JSON's escapes (logfmt writes the same ones). Any other backslash is text and kept as written: a
// broken escape (`...517e9a\404`) must not join the characters on its two sides into one value.
const ESCAPES = new Map([
  ['n', '\n'],
  ['t', '\t'],
  ['r', '\r'],
  ['b', '\b'],
  ['f', '\f'],
  ['"', '"'],
  ['\\', '\\'],
  ['/', '/'],
]);

function unescape(value: string): string {
  return value.replace(/\\(u[0-9a-fA-F]{4}|[^])/g, (escape: string, c: string) =>
    c.length === 5 ? String.fromCharCode(parseInt(c.slice(1), 16)) : (ESCAPES.get(c) ?? escape),
  );
}

/** The unescaped text of the first quoted value holding an escaped SDK block; null when there is none. Linear. */
export function escapedRecord(text: string): string | null {
  let at = text.indexOf('"');
  while (at !== -1) {
    if (!opensValue(text, at)) {
      at = text.indexOf('"', at + 1);
      continue;
    }
    let i = at + 1;
    let hasNewline = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') {
        if (text[i + 1] === 'n') hasNewline = true;
        i++;
      } else if (c === '"' || c === '\n' || c === '\r') break;
    }
    if (text[i] === '"') {
      const value = text.slice(at + 1, i);
      if (hasNewline && SDK_BLOCK.test(value)) return unescape(value);
    }
    at = text.indexOf('"', i + 1);
  }
  return null;
}
