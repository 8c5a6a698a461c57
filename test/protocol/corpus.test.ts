import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { KNOWN_DISAGREEMENTS, loadCorpus, type CorpusEntry } from '../support/corpus';
import { TestClient, type Diagnostic, type Range } from '../support/lspClient';

// The real server on every labelled snippet of the public corpus: logs, responses and decoys are
// opened as log files, code in its own language, as an editor would.
const catalog = builtinCatalog();
const EXTENSIONS: Record<string, [string, string]> = {
  csharp: ['cs', 'csharp'],
  dart: ['dart', 'dart'],
  go: ['go', 'go'],
  java: ['java', 'java'],
  php: ['php', 'php'],
  python: ['py', 'python'],
  rust: ['rs', 'rust'],
  ts: ['ts', 'typescript'],
  vbnet: ['vb', 'vb'],
};

function lineStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  return starts;
}

function textAt(text: string, range: Range): string {
  const starts = lineStarts(text);
  return text.slice(starts[range.start.line]! + range.start.character, starts[range.end.line]! + range.end.character);
}

function positionAt(text: string, offset: number) {
  const starts = lineStarts(text);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
  return { line, character: offset - starts[line]! };
}

/** Offsets of `code` written as a whole token (a sentence's final full stop may follow it). */
function occurrences(text: string, code: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(code); at !== -1; at = text.indexOf(code, at + 1)) {
    const before = text[at - 1] ?? ' ';
    const after = text[at + code.length] ?? ' ';
    if (!/[\w.-]/.test(before) && !/\w/.test(after)) found.push(at);
  }
  return found;
}

const status = (code: string) => catalog.lookup(code)?.entry.httpStatus;

describe('language server on the public corpus', () => {
  let client: TestClient;
  const corpus = loadCorpus();
  before(async () => {
    client = await TestClient.start();
  });
  after(() => client.stop());

  async function hoverText(uri: string, position: { line: number; character: number }): Promise<string> {
    const hover = await client.hover(uri, position.line, position.character);
    return JSON.stringify(hover?.contents ?? '').replace(/\\\\/g, '');
  }

  async function checkHovers(entry: CorpusEntry, uri: string): Promise<void> {
    for (const code of entry.expected_codes) {
      for (const offset of occurrences(entry.text, code)) {
        const position = positionAt(entry.text, offset);
        const text = await hoverText(uri, { line: position.line, character: position.character + 1 });
        assert.ok(text.includes(code), `${entry.id}: hover at ${position.line}:${position.character} names ${code}`);
        const http = status(code);
        if (http) assert.ok(text.includes(String(http)), `${entry.id}: hover on ${code} says ${http}`);
        // The status the labelled response carried, also where it is not the documented one.
        const carried = entry.expected_http_status;
        if (carried && carried >= 400) {
          assert.ok(text.includes(String(carried)), `${entry.id}: hover on ${code} says ${carried}`);
        }
      }
    }
  }

  for (const entry of corpus.filter((e) => e.kind !== 'code')) {
    it(`${entry.id}: a diagnostic on each KMS error, on the exact token, and a hover on each code`, async () => {
      const uri = `file:///corpus/${entry.id}.log`;
      client.open(uri, entry.text);
      const items = (await client.diagnostics(uri)).items as Diagnostic[];
      for (const d of items) {
        const entryOf = catalog.lookup(String(d.code))?.entry;
        assert.ok(entryOf, `${entry.id}: ${d.code} is a catalog code`);
        assert.ok(
          [entryOf.code, ...entryOf.aliases].includes(textAt(entry.text, d.range)),
          `${entry.id}: the range of ${d.code} covers its token, not "${textAt(entry.text, d.range)}"`,
        );
        const text = await hoverText(uri, d.range.start);
        assert.ok(text.includes(entryOf.code), `${entry.id}: hover on the diagnostic of ${d.code}`);
      }
      if (!KNOWN_DISAGREEMENTS.has(entry.id)) {
        assert.deepEqual([...new Set(items.map((d) => d.code))].sort(), [...entry.expected_codes].sort(), entry.id);
      }
      await checkHovers(entry, uri);
    });
  }

  for (const entry of corpus.filter((e) => e.kind === 'code')) {
    it(`${entry.id}: hovers each code in ${entry.lang ?? 'code'} and warns about none`, async () => {
      const [extension, languageId] = EXTENSIONS[entry.lang ?? ''] ?? ['txt', 'plaintext'];
      const uri = `file:///corpus/${entry.id}.${extension}`;
      client.open(uri, entry.text, languageId);
      assert.deepEqual((await client.diagnostics(uri)).items, [], entry.id);
      await checkHovers(entry, uri);
    });
  }
});
