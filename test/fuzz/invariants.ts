import type { Catalog } from '../../server/src/core/catalog/catalog';
import type { DecodeOutcome } from '../../server/src/core/decoder/types';
import { cleanTerminalText } from '../../server/src/core/decoder/text';
import type { Finding } from '../../server/src/core/scanner/types';

/** Line starts as LSP counts lines: `\n`, `\r\n` and a lone `\r` end one. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

function offsetOf(starts: readonly number[], line: number, character: number): number {
  return (starts[line] ?? Number.NaN) + character;
}

/** Every way a scan's findings can be wrong about the text they came from. */
export function scanViolations(text: string, findings: readonly Finding[], catalog: Catalog): string[] {
  const problems: string[] = [];
  if (findings.length === 0) return problems;
  const starts = lineStarts(text);
  let previous = -1;
  for (const f of findings) {
    const inferred = f.confidence === 'inferred';
    // An inferred finding has no code token: its range covers the message it was recognised from.
    const end = inferred ? offsetOf(starts, f.range.end.line, f.range.end.character) : f.offset + f.token.length;
    const where = `finding ${f.token} at ${f.offset}`;
    if (f.offset <= previous) problems.push(`${where}: not after the previous finding (${previous})`);
    previous = f.offset;
    if (f.offset < 0 || !(end <= text.length)) problems.push(`${where}: outside the text`);
    else if (inferred ? !(end > f.offset) : text.slice(f.offset, end) !== f.token)
      problems.push(`${where}: the text there is not the ${inferred ? 'message' : 'token'}`);
    if (offsetOf(starts, f.range.start.line, f.range.start.character) !== f.offset)
      problems.push(`${where}: range start ${JSON.stringify(f.range.start)} is not its offset`);
    if (
      !inferred &&
      (f.range.end.line !== f.range.start.line || f.range.end.character - f.range.start.character !== f.token.length)
    )
      problems.push(`${where}: range ${JSON.stringify(f.range)} does not span the token`);
    const match = catalog.lookup(f.token);
    if (!match || match.entry.code !== f.code) problems.push(`${where}: not a catalog code or alias of ${f.code}`);
    const r = f.record;
    if (r.start > f.offset || r.end < end || r.end > text.length)
      problems.push(`${where}: record [${r.start}, ${r.end}) does not hold it`);
    if (r.requestId !== null) {
      if (!text.includes(r.requestId))
        problems.push(`${where}: RequestId ${JSON.stringify(r.requestId)} not in the text`);
      if (r.requestIdRange) {
        const at = offsetOf(starts, r.requestIdRange.start.line, r.requestIdRange.start.character);
        if (text.slice(at, at + r.requestId.length) !== r.requestId)
          problems.push(`${where}: RequestId range ${JSON.stringify(r.requestIdRange)} is not the RequestId`);
      }
    }
    if (r.httpStatus !== null && !(Number.isInteger(r.httpStatus) && r.httpStatus >= 100 && r.httpStatus <= 599))
      problems.push(`${where}: HTTP status ${r.httpStatus}`);
  }
  return problems;
}

/** Every way a decode result can claim what the input does not say. */
export function decodeViolations(input: string, outcome: DecodeOutcome): string[] {
  if (!outcome.ok) return typeof outcome.error.reason === 'string' ? [] : ['a failure without a reason'];
  const problems: string[] = [];
  const r = outcome.result;
  let shown: string | undefined;
  const present = (value: string) => input.includes(value) || (shown ??= cleanTerminalText(input)).includes(value);
  const token = (value: string) => /^[^\s\p{C}]+$/u.test(value) && present(value);
  if (r.code !== null && !r.codeInferred) {
    const written = r.codeIsAlias ? (r.entry?.aliases ?? []) : [r.code];
    if (!written.some(token)) problems.push(`code ${JSON.stringify(r.code)} is not a token of the input`);
  }
  if (r.requestId !== null && !token(r.requestId))
    problems.push(`RequestId ${JSON.stringify(r.requestId)} is not a token of the input`);
  if (r.httpStatus !== null && !(Number.isInteger(r.httpStatus) && r.httpStatus >= 100 && r.httpStatus <= 599))
    problems.push(`HTTP status ${r.httpStatus}`);
  return problems;
}

const OBJECT_KEYS = Object.getOwnPropertyNames(Object.prototype).join();
const ARRAY_KEYS = Object.getOwnPropertyNames(Array.prototype).join();

/** True when an input added or changed what every object inherits. */
export function prototypePolluted(): boolean {
  return (
    Object.getOwnPropertyNames(Object.prototype).join() !== OBJECT_KEYS ||
    Object.getOwnPropertyNames(Array.prototype).join() !== ARRAY_KEYS ||
    ({} as Record<string, unknown>)['polluted'] !== undefined
  );
}
