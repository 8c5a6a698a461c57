/**
 * A multi-literal prefilter in WebAssembly SIMD: the places in a text where one of up to eight
 * buckets of 3-byte prefixes may start, 16 bytes at a time (the "Teddy" method: each byte's low and
 * high nibble index a table of bucket bits; a place is kept when all three bytes agree on a bucket).
 * V8's regular expressions read a log at under a byte per nanosecond per pattern; this reads it
 * once for all of them. The module is assembled here (no build step, no binary in the repository).
 *
 * Text goes in as latin1 bytes, one byte per UTF-16 code unit (its low byte), so offsets stay those
 * of the string; a code unit above 0xFF may pass for another character, never hide one: the places
 * are candidates, confirmed on the string itself.
 */

// Memory layout: six 16-byte nibble tables, a 16-byte scratch vector, the text, then the places found.
const TABLES = 0;
const SCRATCH = 96;
const BREAK_COUNT = 112;
const TEXT = 128;
/** Characters handed to the module at once. */
const WINDOW = 1 << 16;
const OUT = 1 << 17;
const BREAKS_OUT = OUT + 4 * WINDOW;
const PAGES = 10; // BREAKS_OUT + 4 bytes for each place of a window

// Opcodes (WebAssembly core and SIMD proposals).
const I32 = 0x7f;
const V128 = 0x7b;
const [BLOCK, LOOP, IF, END, BR, BR_IF] = [0x02, 0x03, 0x04, 0x0b, 0x0c, 0x0d];
const [GET, SET, TEE] = [0x20, 0x21, 0x22];
const [I32_LOAD8_U, I32_STORE, I32_CONST] = [0x2d, 0x36, 0x41];
const [I32_EQZ, I32_LT_U, I32_GE_U, I32_CTZ, I32_ADD, I32_SUB, I32_AND, I32_OR, I32_XOR, I32_SHL] = [
  0x45, 0x49, 0x4f, 0x68, 0x6a, 0x6b, 0x71, 0x72, 0x73, 0x74,
];
const simd = (op: number) => [0xfd, op];
const V128_LOAD = simd(0x00);
const V128_STORE = simd(0x0b);
const SWIZZLE = simd(0x0e);
const SPLAT = simd(0x0f);
const I8X16_EQ = simd(0x23);
const V128_AND = simd(0x4e);
const V128_OR = simd(0x50);
const ANY_TRUE = simd(0x53);
const BITMASK = simd(0x64);
const SHR_U = simd(0x6d);
const EMPTY = 0x40;

function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

function sleb(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const memarg = (offset: number) => [0, ...uleb(offset)];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (text: string) => [...uleb(text.length), ...Buffer.from(text, 'latin1')];

// Locals: 0 n (the parameter); i32 i, count, bits, j, rest, breaks; v128 m, nibble, zero, c, lf, cr, tables.
const [N, I, COUNT, BITS, J, REST, BREAKS] = [0, 1, 2, 3, 4, 5, 6];
const [M, NIBBLE, ZERO, C, LF, CR, T0] = [7, 8, 9, 10, 11, 12, 13];

/** Bucket bits of the byte at TEXT + i + `at`: its low nibble's table and its high nibble's. */
function bucketsOfByte(at: number): number[] {
  const low = T0 + 2 * at;
  return [
    ...(at === 0 ? [] : [GET, I, ...V128_LOAD, ...memarg(TEXT + at), SET, C]),
    ...[GET, low, GET, C, GET, NIBBLE, ...V128_AND, ...SWIZZLE],
    ...[GET, low + 1, GET, C, I32_CONST, 4, ...SHR_U, ...SWIZZLE],
    ...V128_AND,
  ];
}

// The last block may reach past n: its lanes there are dropped from `bits`.
const LANES_BELOW_N = [
  ...[GET, N, GET, I, I32_SUB, TEE, REST, I32_CONST, 16, I32_LT_U, IF, EMPTY],
  ...[GET, BITS, I32_CONST, 1, GET, REST, I32_SHL, I32_CONST, 1, I32_SUB, I32_AND, SET, BITS, END],
];

/** For each lane set in `bits` (lane j), stores `value` (code reading i and j) at `out` + 4 * counter. */
function eachLane(counter: number, out: number, value: number[]): number[] {
  return [
    ...[BLOCK, EMPTY, LOOP, EMPTY],
    ...[GET, BITS, I32_EQZ, BR_IF, 1],
    ...[GET, BITS, I32_CTZ, SET, J],
    ...[GET, counter, I32_CONST, 2, I32_SHL, ...value, I32_STORE, 2, ...uleb(out)],
    ...[GET, counter, I32_CONST, 1, I32_ADD, SET, counter],
    ...[GET, BITS, GET, BITS, I32_CONST, 1, I32_SUB, I32_AND, SET, BITS],
    ...[BR, 0, END, END],
  ];
}

/**
 * `scan(n)`: for each candidate place below n writes `place << 8 | buckets` at OUT and returns how
 * many; for each byte LF or CR writes its place at BREAKS_OUT, and their count at BREAK_COUNT.
 */
function scanBody(): number[] {
  const tables = [0, 1, 2, 3, 4, 5].flatMap((k) => [
    I32_CONST,
    0,
    ...V128_LOAD,
    ...memarg(TABLES + 16 * k),
    SET,
    T0 + k,
  ]);
  const place = [GET, I, GET, J, I32_ADD, I32_CONST, 8, I32_SHL, GET, J, I32_LOAD8_U, ...memarg(SCRATCH), I32_OR];
  const found = [
    ...[GET, M, GET, ZERO, ...I8X16_EQ, ...BITMASK, I32_CONST, ...sleb(0xffff), I32_XOR, SET, BITS],
    ...LANES_BELOW_N,
    ...[I32_CONST, 0, GET, M, ...V128_STORE, ...memarg(SCRATCH)],
    ...eachLane(COUNT, OUT, place),
  ];
  const lineBreak = [GET, I, GET, J, I32_ADD];
  const breaks = [
    ...[GET, C, GET, LF, ...I8X16_EQ, GET, C, GET, CR, ...I8X16_EQ, ...V128_OR, TEE, M, ...ANY_TRUE, IF, EMPTY],
    ...[GET, M, ...BITMASK, SET, BITS, ...LANES_BELOW_N, ...eachLane(BREAKS, BREAKS_OUT, lineBreak)],
    END,
  ];
  return [
    ...tables,
    ...[I32_CONST, 15, ...SPLAT, SET, NIBBLE],
    ...[I32_CONST, 10, ...SPLAT, SET, LF],
    ...[I32_CONST, 13, ...SPLAT, SET, CR],
    ...[BLOCK, EMPTY, LOOP, EMPTY],
    ...[GET, I, GET, N, I32_GE_U, BR_IF, 1],
    ...[GET, I, ...V128_LOAD, ...memarg(TEXT), SET, C],
    ...breaks,
    ...bucketsOfByte(0),
    ...bucketsOfByte(1),
    ...V128_AND,
    ...bucketsOfByte(2),
    ...V128_AND,
    ...[TEE, M, ...ANY_TRUE, IF, EMPTY, ...found, END],
    ...[GET, I, I32_CONST, 16, I32_ADD, SET, I],
    ...[BR, 0, END, END],
    ...[I32_CONST, 0, GET, BREAKS, I32_STORE, 2, ...uleb(BREAK_COUNT)],
    ...[GET, COUNT, END],
  ];
}

function moduleBytes(): Uint8Array {
  const locals = [
    [6, I32],
    [12, V128],
  ];
  const body = [...vector(locals), ...scanBody()];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([[0x60, 1, I32, 1, I32]])),
    ...section(3, vector([[0]])),
    ...section(5, vector([[0, PAGES]])),
    ...section(
      7,
      vector([
        [...name('scan'), 0, 0],
        [...name('memory'), 2, 0],
      ]),
    ),
    ...section(10, vector([[...uleb(body.length), ...body]])),
  ]);
}

/** One instance: its memory holds the tables of a set of prefixes. */
export interface Prefilter {
  /**
   * Calls `found(place)` for each place in [from, to) of `text` whose first three code units (low
   * bytes) may be one of the prefixes, and `lineBreak(place)` for each `\n` and `\r`, each in order.
   */
  places(
    text: string,
    from: number,
    to: number,
    found: (place: number) => void,
    lineBreak: (place: number) => void,
  ): void;
}

function setBit(bytes: Buffer, at: number, bit: number): void {
  bytes[at] = (bytes[at] ?? 0) | (1 << bit);
}

/** What is used of the runtime's WebAssembly (the project's type libraries do not declare it). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
interface Exports {
  scan: (n: number) => number;
  memory: { buffer: ArrayBuffer };
}

let compiled: { wasm: Wasm; module: object } | null | undefined;

/** The compiled module, or null where the runtime has no WebAssembly SIMD. */
function compiledModule(): { wasm: Wasm; module: object } | null {
  if (compiled === undefined) {
    const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;
    try {
      compiled = wasm ? { wasm, module: new wasm.Module(moduleBytes()) } : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * A prefilter for `buckets` (at most eight lists of 3-byte prefixes, each byte a code unit's low
 * byte); null without WebAssembly SIMD.
 */
export function simdPrefilter(buckets: readonly (readonly number[][])[]): Prefilter | null {
  const module = compiledModule();
  if (!module || buckets.length > 8) return null;
  const { scan, memory } = new module.wasm.Instance(module.module, {}).exports as Exports;
  const bytes = Buffer.from(memory.buffer);
  buckets.forEach((prefixes, bucket) => {
    for (const prefix of prefixes) {
      prefix.forEach((byte, k) => {
        setBit(bytes, TABLES + 32 * k + (byte & 15), bucket);
        setBit(bytes, TABLES + 32 * k + 16 + ((byte & 0xff) >> 4), bucket);
      });
    }
  });
  const out = new Uint32Array(memory.buffer, OUT, WINDOW);
  const breaksOut = new Uint32Array(memory.buffer, BREAKS_OUT, WINDOW);
  const breakCount = new Uint32Array(memory.buffer, BREAK_COUNT, 1);
  return {
    places(text, from, to, found, lineBreak) {
      for (let at = from; at < to; at += WINDOW) {
        const n = Math.min(WINDOW, to - at);
        // Two characters past the window too, for the prefixes that start in its last two places.
        const end = Math.min(text.length, at + n + 2);
        const written = bytes.write(text.slice(at, end), TEXT, end - at, 'latin1');
        // A loop: at most two bytes, where fill's own checks cost more.
        for (let k = TEXT + written; k < TEXT + n + 2; k++) bytes[k] = 0;
        const count = scan(n);
        for (let k = 0; k < count; k++) found(at + ((out[k] as number) >>> 8));
        const breaks = breakCount[0] as number;
        for (let k = 0; k < breaks; k++) {
          const place = at + (breaksOut[k] as number);
          // A code unit above 0xFF may end in the byte of a line break.
          const c = text.charCodeAt(place);
          if (c === 10 || c === 13) lineBreak(place);
        }
      }
    },
  };
}
