import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServerStatusRequest, type ServerStatus } from '#shared/protocol';
import { loadCorpus } from '../support/corpus';
import { TestClient } from '../support/lspClient';

// Edits as editors send them to the real server: a multi-cursor edit of 2,000 changes in one didChange,
// keystrokes in a line of megabytes. Afterwards the diagnostics are those of the same text opened
// fresh, and the 2,000 changes cost one rescan of the document at most.

/** Pulls diagnostics as VS Code does (again after each refresh) until they are complete. */
async function complete(client: TestClient, uri: string) {
  for (;;) {
    const seen = client.refreshes;
    const report = await client.diagnostics(uri);
    if (report.resultId?.endsWith(':all')) return report.items;
    await client.until(() => client.refreshes > seen, 120_000);
  }
}

async function assertSameAsOpened(client: TestClient, edited: string, text: string): Promise<void> {
  const items = await complete(client, edited);
  const fresh = 'file:///workspace/fresh.log';
  client.open(fresh, text);
  // The same but for the document each names (related locations).
  const named = (uri: string, list: unknown[]) => JSON.parse(JSON.stringify(list).replaceAll(uri, 'doc')) as unknown;
  assert.deepEqual(named(edited, items), named(fresh, await complete(client, fresh)));
  assert.ok(items.length > 0);
}

let version = 1;
function change(client: TestClient, uri: string, contentChanges: unknown[]): void {
  client.send('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges });
}

const insertAt = (line: number, character: number, text: string) => ({
  range: { start: { line, character }, end: { line, character } },
  text,
});

describe('edits to open documents', () => {
  const snippets = loadCorpus().map((e) => e.text);

  it('gives the diagnostics of the text a didChange of 2,000 changes makes, for one rescan', async () => {
    const lines: string[] = [];
    for (let i = 0; lines.length < 40_000; i++) {
      lines.push(`2026-05-02T11:00:00Z WARN job ${i} retried`);
      if (i % 11 === 0) lines.push(...(snippets[i % snippets.length] as string).split(/\r\n|\r|\n/));
    }
    lines.length = 40_000;
    const text = `${lines.join('\n')}\n`;
    const uri = 'file:///workspace/many.log';
    const client = await TestClient.start({ settings: { diagnostics: { maxPerFile: 0 } } });
    try {
      client.open(uri, text);
      await complete(client, uri);
      const before = await client.request<ServerStatus>(ServerStatusRequest.method, {});
      // A multi-cursor edit as VS Code sends it: the last change first. Every 20th line gets a code.
      const cursors = Array.from({ length: 2000 }, (_, i) => i * 20).reverse();
      change(
        client,
        uri,
        cursors.map((line) => insertAt(line, 0, line % 40 === 0 ? 'ErrorCode: Rejected.Disabled ' : '> ')),
      );
      const edited = lines.map((line, i) =>
        i % 20 === 0 ? `${i % 40 === 0 ? 'ErrorCode: Rejected.Disabled ' : '> '}${line}` : line,
      );
      const hover = await client.hover(uri, 20_000, 15);
      assert.match(hover?.contents.value ?? '', /Rejected\.Disabled/);
      await complete(client, uri);
      const after = await client.request<ServerStatus>(ServerStatusRequest.method, {});
      const newText = `${edited.join('\n')}\n`;
      assert.ok(
        after.scanned - before.scanned <= newText.length * 1.05,
        `${after.scanned - before.scanned} characters scanned for ${newText.length}`,
      );
      await assertSameAsOpened(client, uri, newText);
    } finally {
      await client.stop();
    }
  });

  it('gives the diagnostics of the text typed into a line of megabytes, and hovers what was typed', async () => {
    const parts: string[] = [];
    for (let i = 0, length = 0; length < (2 << 20) + (1 << 18); i++) {
      const part = JSON.stringify({ at: i, body: snippets[i % snippets.length] });
      parts.push(part);
      length += part.length + 1;
    }
    let line = `[${parts.join(',')}]`;
    const uri = 'file:///workspace/one-line.log';
    const client = await TestClient.start({ settings: { diagnostics: { maxPerFile: 0 } } });
    try {
      client.open(uri, `${line}\nnext line\n`);
      await complete(client, uri);
      const at = Math.floor(line.length / 2);
      const typed = ' ErrorCode: Forbidden.KeyNotFound ';
      for (let i = 0; i < typed.length; i++) {
        change(client, uri, [insertAt(0, at + i, typed[i] as string)]);
        line = line.slice(0, at + i) + (typed[i] as string) + line.slice(at + i);
      }
      const hover = await client.hover(uri, 0, at + 15);
      assert.match(hover?.contents.value ?? '', /Forbidden\.KeyNotFound/);
      await assertSameAsOpened(client, uri, `${line}\nnext line\n`);
    } finally {
      await client.stop();
    }
  });
});
