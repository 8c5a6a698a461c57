/**
 * The text of message fields, as people should read it: a core SDK's message after its code, a raw
 * field unescaped and stripped of the Tea `code: 404, ... request id:` wrapping, a URL field as a
 * link. Shared by the scanner's records and the decoder, with the field patterns of fields.ts.
 */

// After the code on the same line: Java/.NET core `CODE : message` and `CODE : message + [ RequestId : X ]`,
// Python core `Error:CODE message RequestID: X`. The message starts and ends with a non-space.
const JAVA_MESSAGE = /^\s:\s+(\S(?:[^\S\n\r]*\S)*?)(?=\s*\+ \[ RequestId|[^\S\n\r]*(?:\\[rn]|\r|\n|$))/;
const PYTHON_MESSAGE = /^\s+(\S(?:[^\S\n\r]*\S)*?)(?=\s+RequestID:|[^\S\n\r]*(?:\\n|\r|\n|$))/;

/** The message written right after a code token [start, end), in the core SDK formats. */
export function messageAfterCode(text: string, start: number, end: number): string | null {
  const rest = text.slice(end, end + 2000);
  const pattern = text.slice(Math.max(0, start - 6), start) === 'Error:' ? PYTHON_MESSAGE : JAVA_MESSAGE;
  return pattern.exec(rest)?.[1] ?? null;
}

/** Turns a raw message field into readable text: unescapes, drops the Tea `code: 404, ... request id:` wrapping. */
export function cleanMessage(raw: string): string | null {
  let message = raw;
  // Escapes and entities only where there can be any: most messages have neither.
  if (message.includes('\\')) {
    message = message
      .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
      .replace(/\\(["'\\/])/g, '$1')
      .replace(/\\[nrt]/g, ' ');
  }
  if (message.includes('&')) {
    message = message
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  // A trailing `, request id: X` starts at a comma or where a run of spaces starts, never inside the run.
  message = message.replace(/^\s*code:\s*\d{3},\s*/i, '').replace(/(?:,|(?<!\s))\s+request ?id:\s*(?:\S+\s*)?$/i, '');
  message = message
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[`'"]+|(?<![`'"])[`'"]+$/g, '')
    .trim();
  if (message.length === 0 || message === '...') return null;
  return message.length > 500 ? `${message.slice(0, 497)}...` : message;
}

/** A URL field's text as a link: entities and escaped ampersands undone, trailing punctuation dropped. */
export function cleanUrl(raw: string): string {
  return raw
    .replace(/&amp;/g, '&')
    .replace(/\\u0026/gi, '&')
    .replace(/(?<![.,;)])[.,;)]+$/, '');
}

// A Tea message field (`Message: code: 404, Resource not found request id: X`) ends in its record's
// RequestId, which cleanMessage drops with the label: such a message cleans the same whatever the id.
const TEA_HEAD = /^code:\s*\d{3},\s*\S/;
const TEA_ID_LABEL = ' request id: ';
const TEA_ID = /^[A-Za-z0-9-]{1,64}$/;
const NON_SPACE = /\S/;

/**
 * The text before the RequestId of a raw Tea message, when its cleaning depends on nothing else: the
 * message starts `code: 404, ` and a word, has neither escapes nor entities, and ends in a word, one
 * space and `request id: <id>`. Null otherwise.
 */
export function teaMessageHead(raw: string): string | null {
  const label = raw.lastIndexOf(TEA_ID_LABEL);
  if (label < 1 || !NON_SPACE.test(raw.charAt(label - 1))) return null;
  const head = TEA_HEAD.exec(raw);
  if (!head || head[0].length > label || !TEA_ID.test(raw.slice(label + TEA_ID_LABEL.length))) return null;
  return raw.includes('\\') || raw.includes('&') ? null : raw.slice(0, label);
}
