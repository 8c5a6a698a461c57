/**
 * Cuts a stream of text into the JSON values of a trail file, whatever its shape: one event per line
 * (JSON Lines, as SLS and CLI exports write), a JSON array (pretty or compact, as OSS deliveries and
 * console downloads hold), or pretty objects one after another. Each value is handed on as text with
 * the line it starts on; the caller parses it. Memory stays bounded: a value longer than `maxValue`
 * characters is skipped (and reported), never held.
 */

/** What the splitter hands on: a value's text, or a place where the input is not JSON. */
export interface ValueSink {
  value(text: string, line: number): void;
  malformed(line: number, reason: string): void;
}

// Structural characters, by code.
const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const NEWLINE = 0x0a;

const DEFAULT_MAX_VALUE = 4 << 20;

/** How the input is laid out, decided from its first lines. */
type Layout = 'unknown' | 'lines' | 'structure';

const SNIFF_LINES = 5;

export class JsonValueSplitter {
  private layout: Layout = 'unknown';
  private head = '';
  // Line mode: the current line's pieces.
  private pending: string[] = [];
  private pendingLength = 0;
  private line = 1;
  // Structure mode: nesting, string state, and the pieces of the value being collected.
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Depth at which the collected value started (0: a top-level object; 1: an element of a top-level array). */
  private collectFrom = -1;
  private collectLine = 0;
  private collected: string[] = [];
  private collectedLength = 0;
  private oversized = false;
  private topIsArray = false;
  private junkLine = -1;

  constructor(
    private readonly sink: ValueSink,
    private readonly maxValue = DEFAULT_MAX_VALUE,
  ) {}

  push(chunk: string): void {
    if (this.layout === 'unknown') {
      this.head += chunk;
      const decided = decideLayout(this.head);
      if (decided === null) return;
      this.layout = decided;
      const text = this.head;
      this.head = '';
      this.feed(text);
      return;
    }
    this.feed(chunk);
  }

  end(): void {
    if (this.layout === 'unknown') {
      this.layout = decideLayout(this.head, true) ?? 'lines';
      const text = this.head;
      this.head = '';
      this.feed(text);
    }
    if (this.layout === 'lines') this.endLine();
    else if (this.collectFrom >= 0 || this.depth > 0) this.sink.malformed(this.collectLine || this.line, 'truncated');
  }

  private feed(text: string): void {
    if (this.layout === 'lines') this.feedLines(text);
    else this.feedStructure(text);
  }

  // One value per line: a line is parsed on its own, so a broken line loses nothing around it.
  private feedLines(text: string): void {
    let from = 0;
    for (;;) {
      const newline = text.indexOf('\n', from);
      if (newline < 0) {
        this.addToLine(text.slice(from));
        return;
      }
      this.addToLine(text.slice(from, newline));
      this.endLine();
      from = newline + 1;
    }
  }

  private addToLine(piece: string): void {
    if (piece.length === 0) return;
    if (this.pendingLength + piece.length > this.maxValue) {
      this.pendingLength = this.maxValue + 1; // marks the line as too long; its text is dropped
      this.pending = [];
      return;
    }
    this.pending.push(piece);
    this.pendingLength += piece.length;
  }

  private endLine(): void {
    const line = this.line++;
    if (this.pendingLength > this.maxValue) this.sink.malformed(line, 'value too long');
    else if (this.pendingLength > 0) {
      const text = this.pending.length === 1 ? (this.pending[0] as string) : this.pending.join('');
      if (text.trim().length > 0) this.sink.value(text, line);
    }
    this.pending = [];
    this.pendingLength = 0;
  }

  // An array, or pretty objects: follows nesting and strings, character by character outside strings.
  private feedStructure(text: string): void {
    let start = this.collectFrom >= 0 ? 0 : -1;
    const length = text.length;
    // The next quote and backslash at or after the scan position, found once and reused, so that a
    // long string (or one with many escapes) is passed in one sweep.
    let nextQuote = -2;
    let nextBackslash = -2;
    let i = 0;
    while (i < length) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        if (nextQuote !== -1 && nextQuote < i) nextQuote = text.indexOf('"', i);
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = text.indexOf('\\', i);
        if (nextBackslash >= 0 && (nextQuote < 0 || nextBackslash < nextQuote)) {
          this.escaped = true;
          i = nextBackslash + 1;
          continue;
        }
        if (nextQuote < 0) break;
        this.inString = false;
        i = nextQuote + 1;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.inString = true;
        i++;
        continue;
      }
      if (c === NEWLINE) {
        this.line++;
        i++;
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.depth === 0 && c === OPEN_BRACKET) this.topIsArray = true;
        else if (this.collectFrom < 0 && (this.depth === 0 || (this.depth === 1 && this.topIsArray))) {
          this.collectFrom = this.depth;
          this.collectLine = this.line;
          start = i;
        }
        this.depth++;
        i++;
        continue;
      }
      if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        if (this.depth === 0) {
          this.junk(this.line);
          i++;
          continue;
        }
        this.depth--;
        i++;
        if (this.collectFrom >= 0 && this.depth === this.collectFrom) {
          this.collect(text, start, i);
          this.finishValue();
          start = -1;
        }
        if (this.depth === 0) this.topIsArray = false;
        continue;
      }
      // Anything else outside a value of interest (commas, whitespace, scalars at the top) is skipped;
      // non-blank text at the top level is not a trail.
      if (this.depth === 0 && c > 0x20) this.junk(this.line);
      i++;
    }
    if (this.collectFrom >= 0 && start >= 0) this.collect(text, start, length);
  }

  private collect(text: string, from: number, to: number): void {
    if (this.oversized) return;
    this.collectedLength += to - from;
    if (this.collectedLength > this.maxValue) {
      this.oversized = true;
      this.collected = [];
      return;
    }
    this.collected.push(text.slice(from, to));
  }

  private finishValue(): void {
    if (this.oversized) this.sink.malformed(this.collectLine, 'value too long');
    else
      this.sink.value(
        this.collected.length === 1 ? (this.collected[0] as string) : this.collected.join(''),
        this.collectLine,
      );
    this.collected = [];
    this.collectedLength = 0;
    this.oversized = false;
    this.collectFrom = -1;
  }

  /** Text at the top level that is not a JSON object or array: reported once per line. */
  private junk(line: number): void {
    if (this.junkLine === line) return;
    this.junkLine = line;
    this.sink.malformed(line, 'not JSON');
  }
}

/**
 * `lines` when an early line holds a whole object on its own (JSON Lines), `structure` for an array
 * or pretty objects; null while the first lines are still incomplete.
 */
function decideLayout(head: string, atEnd = false): Layout | null {
  const first = head.search(/\S/);
  if (first < 0) return atEnd ? 'lines' : null;
  if (head.charCodeAt(first) === OPEN_BRACKET) return 'structure';
  let from = 0;
  for (let n = 0; n < SNIFF_LINES; n++) {
    const newline = head.indexOf('\n', from);
    if (newline < 0 && !atEnd) return head.length - from > DEFAULT_MAX_VALUE ? 'lines' : null;
    const line = head.slice(from, newline < 0 ? undefined : newline).trim();
    if (line.length > 2 && line.startsWith('{') && line.endsWith('}')) return 'lines';
    if (newline < 0) break;
    from = newline + 1;
  }
  return head.charCodeAt(first) === OPEN_BRACE ? 'structure' : 'lines';
}
