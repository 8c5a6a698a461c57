import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient, type Diagnostic } from '../support/lspClient';

// A log open in the editor that the app appends to: VS Code reloads it and sends the new text as an
// insertion at the end of the document. The diagnostics of the lines before stay as they were; the
// new lines get theirs; a large log still being indexed is not indexed again from its start.

const entry = (n: number, every = 25) =>
  n % every === 0
    ? `2026-11-20T08:00:00Z ERROR decrypt failed: ErrorCode: ${n % 2 ? 'Rejected.Disabled' : 'Forbidden.KeyNotFound'} RequestId: ${String(n).padStart(8, '0')}-3910\n`
    : `2026-11-20T08:00:00Z INFO  request ${n} served in ${n % 97} ms by worker ${n % 13}\n`;
const log = (from: number, to: number, every?: number) =>
  Array.from({ length: to - from }, (_, i) => entry(from + i, every)).join('');
const endOf = (lines: number) => ({ start: { line: lines, character: 0 }, end: { line: lines, character: 0 } });
const line = (d: Diagnostic) => d.range.start.line;
const ranked = (items: Diagnostic[]) => [...items].sort((a, b) => line(a) - line(b));

describe('a log growing while it is open', () => {
  let client: TestClient;
  let pushing: TestClient;
  before(async () => {
    client = await TestClient.start();
    pushing = await TestClient.start({ pullDiagnostics: false });
  });
  after(async () => {
    await client.stop();
    await pushing.stop();
  });

  it('gives diagnostics for the appended lines only, the others as they were (pull)', async () => {
    const uri = 'file:///workspace/app.log';
    client.open(uri, log(0, 300));
    const first = ranked((await client.diagnostics(uri)).items);
    assert.equal(first.length, 12);
    client.edit(uri, endOf(300), log(300, 360));
    const second = ranked((await client.diagnostics(uri)).items);
    assert.deepEqual(second.slice(0, first.length), first, 'the diagnostics of the old lines are unchanged');
    const added = second.slice(first.length);
    assert.deepEqual(
      added.map((d) => [line(d), d.code]),
      [
        [300, 'Forbidden.KeyNotFound'],
        [325, 'Rejected.Disabled'],
        [350, 'Forbidden.KeyNotFound'],
      ],
    );
  });

  it('gives diagnostics for the appended lines only, the others as they were (push)', async () => {
    const uri = 'file:///workspace/pushed.log';
    pushing.open(uri, log(0, 100));
    const first = ranked(
      (await pushing.until(() => pushing.published.get(uri)?.diagnostics.length === 4 && pushing.published.get(uri)))
        .diagnostics as Diagnostic[],
    );
    pushing.edit(uri, endOf(100), log(100, 130));
    const second = ranked(
      (await pushing.until(() => pushing.published.get(uri)?.diagnostics.length === 6 && pushing.published.get(uri)))
        .diagnostics as Diagnostic[],
    );
    assert.deepEqual(second.slice(0, 4), first);
    assert.deepEqual(second.slice(4).map(line), [100, 125]);
  });

  it('indexes a large log once while it grows: appends during indexing are read on, not a reason to start again', async () => {
    const uri = 'file:///workspace/large.log';
    const progress: string[] = [];
    client.connection.onNotification('$/progress', (p: { value: { kind: string } }) => {
      progress.push(p.value.kind);
    });
    const lines = 300_000;
    client.open(uri, log(0, lines, 1000));
    // The app appends three times once the indexing has begun, each append sent as VS Code sends it.
    // They go out one after the other, not one per progress report: a round trip of this test
    // client per append could outlast the indexing on a loaded machine.
    await client.until(() => progress.length > 0);
    for (let i = 0; i < 3; i++) client.edit(uri, endOf(lines + i), entry(lines + i, 1));
    assert.equal(progress.includes('end'), false, 'the appends came while the log was being indexed');
    const done = await client.until(async () => {
      const report = await client.diagnostics(uri);
      return report.resultId?.endsWith(':all') && report;
    }, 120_000);
    const appended = done.items.filter((d) => line(d) >= lines);
    assert.deepEqual(appended.map(line), [lines, lines + 1, lines + 2]);
    assert.equal(done.items.length, lines / 1000 + 3);
    await client.until(() => progress.includes('end'));
    assert.equal(progress.filter((kind) => kind === 'begin').length, 1, 'one indexing, not one per append');
  });
});
