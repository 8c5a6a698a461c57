import assert from 'node:assert/strict';
import type { TestClient } from './lspClient';

/** The code hovered at (line, character), or null: checks the answer is a real KMS hover. */
export async function hoveredCode(
  client: TestClient,
  doc: string,
  line: number,
  character: number,
): Promise<string | null> {
  const hover = await client.hover(doc, line, character);
  if (hover === null) return null;
  // The hover starts with the code in bold, Markdown-escaped: **Rejected\.Disabled**.
  const code = /^\*\*([A-Za-z\\.]+)\*\*/.exec(hover.contents.value)?.[1];
  assert.ok(code, `hover names a code: ${hover.contents.value.slice(0, 80)}`);
  return code.replace(/\\/g, '');
}

/** Asserts the request is answered with an error of `code` (InvalidParams: -32602). */
export async function rejects(promise: Promise<unknown>, code: number, what: string): Promise<void> {
  await assert.rejects(promise, (error: { code?: number }) => error.code === code, what);
}

/** `value`, or the test fails naming `what`: for lookups a test expects to find something. */
export function present<T>(value: T | null | undefined, what: string): T {
  assert.ok(value !== null && value !== undefined, `${what} is missing`);
  return value;
}
