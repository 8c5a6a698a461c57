/** ANSI styling for the terminal, on only when the stream is a TTY and NO_COLOR is not set. */
export interface Style {
  /** Whether the styles add colour: a worker thread rebuilds the same style from it. */
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\x1b[${open}m${text}\x1b[${close}m`;
const identity = (text: string) => text;

export function styleFor(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
  override?: boolean,
): Style {
  return styleWith(override ?? (Boolean(stream.isTTY) && !env['NO_COLOR'] && env['TERM'] !== 'dumb'));
}

export function styleWith(enabled: boolean): Style {
  if (!enabled)
    return {
      enabled,
      bold: identity,
      dim: identity,
      red: identity,
      yellow: identity,
      cyan: identity,
      green: identity,
    };
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    green: wrap(32, 39),
  };
}

// Control characters are removed; characters that reorder or break a line where the text shows no
// break, the bidi controls (the Trojan Source trick) and the Unicode line and paragraph separators,
// are shown as escapes.
// eslint-disable-next-line no-control-regex -- control characters are what is removed
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;
// The same, but for the styles this program writes: bold, dim, normal, four colours, default colour.
const UNSAFE_BUT_STYLES =
  // eslint-disable-next-line no-control-regex -- control characters are what is removed
  /\u001b\[(?:1|2|22|3[1236]|39)m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g;

const shown = (c: string) =>
  c.length > 1 ? c : c >= '\u0600' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : '';

/**
 * Text taken from scanned files, made safe for a terminal: control characters removed (escapes in a
 * log or a path can move the cursor, retitle the window or hide text), bidi controls and the Unicode
 * line separators written as escapes (`\u202e`), so the text shows as it is stored.
 */
export function safeForTerminal(text: string): string {
  return text.replace(UNSAFE, shown);
}

/**
 * A line this program writes to a terminal, made safe as safeForTerminal makes text, but keeping the
 * styles the program itself adds: every text output and every message passes through it.
 */
export function safeLine(text: string): string {
  return text.replace(UNSAFE_BUT_STYLES, shown);
}

const LINE_BREAK: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/** A path written as `\n` and `\r` where it holds line breaks, so each finding stays on one line. */
export function oneLine(text: string): string {
  return text.replace(/[\n\r]/g, (c) => LINE_BREAK[c] ?? c);
}
