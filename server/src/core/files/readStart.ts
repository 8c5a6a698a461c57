import { TextDecoder } from 'node:util';

/** The start of a text read from a stream, and whether the stream held more. */
export interface TextStart {
  text: string;
  cut: boolean;
}

/**
 * Reads UTF-8 text (or strings) from `chunks` until it has `limit` characters, then stops reading: an
 * endless stream (`/dev/zero`, `yes | ...`) or a 200 MB file costs about `limit` characters of memory.
 * `cut` says whether anything followed. A byte order mark is kept, as the rest of the text is.
 */
export async function readStart(chunks: AsyncIterable<string | Buffer>, limit: number): Promise<TextStart> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const parts: string[] = [];
  let length = 0;
  const take = (piece: string): boolean => {
    if (length + piece.length > limit) {
      parts.push(piece.slice(0, limit - length));
      return true;
    }
    parts.push(piece);
    length += piece.length;
    return false;
  };
  for await (const chunk of chunks) {
    // Leaving the loop stops the stream: the rest is never read.
    if (take(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })))
      return { text: parts.join(''), cut: true };
  }
  const cut = take(decoder.decode());
  return { text: parts.join(''), cut };
}
