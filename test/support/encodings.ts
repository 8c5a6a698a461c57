import { TextDecoder } from 'node:util';

let gbkTable: Map<string, number[]> | null = null;

/**
 * Text as GBK bytes (GB18030's two-byte part), for logs written by Java and Windows services in
 * China. Node encodes only UTF-8 and UTF-16, so the table is the runtime's GB18030 decoder read back.
 */
export function encodeGbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const decoder = new TextDecoder('gb18030');
    for (let lead = 0x81; lead <= 0xfe; lead++)
      for (let trail = 0x40; trail <= 0xfe; trail++) {
        if (trail === 0x7f) continue;
        const char = decoder.decode(Buffer.from([lead, trail]));
        if (char.length === 1 && !gbkTable.has(char)) gbkTable.set(char, [lead, trail]);
      }
  }
  const table = gbkTable;
  return Buffer.from(
    [...text].flatMap((char) => {
      const code = char.codePointAt(0) as number;
      if (code < 0x80) return [code];
      const bytes = table.get(char);
      if (!bytes) throw new Error(`no GBK bytes for ${char}`);
      return bytes;
    }),
  );
}

/** Text as UTF-16 bytes, little or big endian, with or without a byte order mark. */
export function encodeUtf16(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const le = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
  return order === 'le' ? le : le.swap16();
}
