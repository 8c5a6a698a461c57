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

/** Removes control characters from text taken from scanned files before it reaches a terminal. */
export function safeForTerminal(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

const LINE_BREAK: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/** A path written as `\n` and `\r` where it holds line breaks, so each finding stays on one line. */
export function oneLine(text: string): string {
  return text.replace(/[\n\r]/g, (c) => LINE_BREAK[c] ?? c);
}
