import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { liveSteps, type LiveStep } from '../../server/src/core/scanner/liveInput';
import { scanText } from '../../server/src/core/scanner/scan';
import { scanInput } from '../../server/src/core/scanner/scanInput';
import { StreamScanner } from '../../server/src/core/scanner/streamScanner';
import type { Finding } from '../../server/src/core/scanner/types';
import { loadCorpus } from '../support/corpus';
import { ROOT } from '../support/paths';

// A live input (a pipe, a growing log) hands each finding out once its record is complete: when a
// new log entry starts (settle) or when the writer pauses (pause). Settling never changes the findings.

const catalog = builtinCatalog();
const OPTIONS = { previews: true, recordText: true };
const reference = (text: string) => scanText(text, catalog, OPTIONS).map((f) => JSON.stringify(f));

function assertSameList(actual: string[], expected: string[], what: string): void {
  const at = actual.findIndex((f, i) => f !== expected[i]);
  if (at === -1 && actual.length === expected.length) return;
  assert.fail(`${what}: finding ${at} of ${expected.length} (got ${actual.length}):\n${actual[at]}\n${expected[at]}`);
}

/** The text written line by line, the scanner settling after each line as a caught-up reader does. */
function settledLineByLine(text: string): string[] {
  const found: Finding[] = [];
  const scanner = new StreamScanner(catalog, (f) => found.push(f), OPTIONS);
  for (const line of text.split(/(?<=\n)/)) {
    scanner.push(line);
    scanner.caughtUp();
  }
  scanner.end();
  return found.map((f) => JSON.stringify(f));
}

const examples = () =>
  readdirSync(path.join(ROOT, 'examples', 'logs'))
    .sort()
    .map((name) => readFileSync(path.join(ROOT, 'examples', 'logs', name), 'utf8'));

/** A scanner and what it has handed out so far. */
function live() {
  const found: Finding[] = [];
  const scanner = new StreamScanner(catalog, (f) => found.push(f), OPTIONS);
  return { scanner, found, codes: () => found.map((f) => `${f.range.start.line}:${f.code}`) };
}

describe('a live scan', () => {
  it('settled after every line gives exactly the findings of the whole text, in order', () => {
    const corpus = loadCorpus()
      .map((e) => e.text)
      .join('\n--\n');
    const expected = reference(corpus);
    assert.ok(expected.length > 40);
    assertSameList(settledLineByLine(corpus), expected, 'corpus');
    for (const [i, text] of examples().entries())
      assertSameList(settledLineByLine(text), reference(text), `example ${i}`);
  });

  it('settled at random moments of a generated 2 MB log gives exactly its findings', async () => {
    const generator = (await import(path.join(ROOT, 'bench', 'generate.mjs'))) as {
      logLines(rand: () => number): Iterable<string>;
      mulberry32(seed: number): () => number;
    };
    const lines: string[] = [];
    let size = 0;
    for (const line of generator.logLines(generator.mulberry32(11))) {
      lines.push(line);
      size += line.length + 1;
      if (size >= 2_000_000) break;
    }
    const text = lines.join('\n');
    const rand = generator.mulberry32(12);
    const found: Finding[] = [];
    const scanner = new StreamScanner(catalog, (f) => found.push(f), OPTIONS);
    let settled = 0;
    for (let at = 0; at < text.length;) {
      const size = 1 + Math.floor(rand() * 3000);
      scanner.push(text.slice(at, at + size));
      at += size;
      if (rand() < 0.5) {
        const before = found.length;
        scanner.caughtUp();
        settled += found.length - before;
      }
    }
    scanner.end();
    const expected = reference(text);
    assert.ok(
      settled > expected.length / 2,
      `most findings went out when caught up (${settled} of ${expected.length})`,
    );
    assertSameList(
      found.map((f) => JSON.stringify(f)),
      expected,
      'generated',
    );
  });

  it('hands a record out when the next log entry starts, before the input ends', () => {
    const { scanner, codes } = live();
    scanner.push('2026-11-20 08:00:01 ERROR decrypt failed\n');
    scanner.push('ErrorCode: Forbidden.KeyNotFound\nRequestId: 4C467B38-3910-447D-87BC-AC049166F216\n');
    scanner.caughtUp();
    assert.deepEqual(codes(), [], 'the record may go on');
    scanner.push('2026-11-20 08:00:02 INFO next request\n');
    scanner.caughtUp();
    assert.deepEqual(codes(), ['1:Forbidden.KeyNotFound'], 'the next entry started: the record is complete');
    scanner.end();
    assert.deepEqual(codes(), ['1:Forbidden.KeyNotFound']);
  });

  it('hands the last record out when the writer pauses, and never cuts a code written in two', () => {
    const { scanner, found, codes } = live();
    scanner.push('ErrorCode: Rejected.Disabled RequestId: 11112222-3333\n');
    scanner.push('ErrorCode: Forbidden.KeyNo');
    scanner.pause();
    assert.deepEqual(codes(), ['0:Rejected.Disabled'], 'complete lines only');
    scanner.push('tFound\n');
    scanner.pause();
    assert.deepEqual(codes(), ['0:Rejected.Disabled', '1:Forbidden.KeyNotFound']);
    scanner.end();
    assert.equal(found.length, 2);
    assert.equal(found[1]?.token, 'Forbidden.KeyNotFound');
  });

  it('after a pause, lets KMS errors pass a generic code that waits for its context, which follows once known', () => {
    const { scanner, codes } = live();
    scanner.push('worker: request failed: InvalidParameter\n');
    // A generic code with its documented message is a KMS error, and says nothing of the lines around it.
    scanner.push('Code: Throttling\nMessage: Request was denied due to request throttling.\n');
    scanner.caughtUp();
    scanner.pause();
    assert.deepEqual(codes(), ['1:Throttling'], 'the generic code waits for the lines after it');
    scanner.push('calling kms.cn-hangzhou.aliyuncs.com again\n');
    scanner.end();
    assert.deepEqual(codes(), ['1:Throttling', '0:InvalidParameter']);
  });
});

/** A source whose chunks the test releases one at a time. */
function gatedSource() {
  const waiting: Array<(value: IteratorResult<string>) => void> = [];
  const queued: Array<IteratorResult<string>> = [];
  const source: AsyncIterable<string> = {
    [Symbol.asyncIterator]: () => ({
      next: () =>
        new Promise<IteratorResult<string>>((resolve) => {
          const ready = queued.shift();
          if (ready) resolve(ready);
          else waiting.push(resolve);
        }),
    }),
  };
  const give = (result: IteratorResult<string>) => {
    const reader = waiting.shift();
    if (reader) reader(result);
    else queued.push(result);
  };
  return {
    source,
    write: (text: string) => give({ done: false, value: text }),
    close: () => give({ done: true, value: undefined }),
  };
}

describe('the pace of a live input', () => {
  it('says when the reader has caught up, then when the writer has been quiet', async () => {
    const { source, write, close } = gatedSource();
    write('a');
    write('b');
    const steps: LiveStep[] = [];
    const reading = (async () => {
      for await (const step of liveSteps(source, 20)) {
        steps.push(step);
        if (step === 'quiet') {
          if (steps.filter((s) => s === 'quiet').length === 1) write('c');
          else close();
        }
      }
    })();
    await reading;
    assert.deepEqual(steps, [{ text: 'a' }, { text: 'b' }, 'caught-up', 'quiet', { text: 'c' }, 'caught-up', 'quiet']);
  });

  it('hands findings to the caller at a pause, while the input stays open', async () => {
    const { source, write, close } = gatedSource();
    const found: string[] = [];
    const heard: string[][] = [];
    let resolveHeard: () => void = () => {};
    const scanning = scanInput(source, catalog, (f) => found.push(f.code), {
      live: { quietMs: 10 },
      afterChunk: () => {
        if (found.length > 0) {
          heard.push([...found]);
          resolveHeard();
        }
      },
    });
    const firstHeard = new Promise<void>((resolve) => (resolveHeard = resolve));
    write('ErrorCode: Rejected.Disabled RequestId: 11112222-3333\n');
    await firstHeard;
    assert.deepEqual(heard[0], ['Rejected.Disabled'], 'out before the input ends');
    close();
    assert.equal(await scanning, true);
    assert.deepEqual(found, ['Rejected.Disabled']);
  });
});
