import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import * as protocol from '#shared/protocol';
import { InspectLogsRequest, ListCodesRequest, ServerStatusRequest } from '#shared/protocol';
import { hoveredCode, rejects } from '../support/assertions';
import { TestClient } from '../support/lspClient';

// Out-of-range positions and edits, garbage params, cancel storms, empty documents: refused or served, never fatal.
const uri = (name: string) => `file:///workspace/${name}`;
const LOG = 'first line\nErrorCode: Rejected.Disabled\nlast line\n';

/** Every custom request of shared/src/protocol.ts (each `XRequest` namespace names its `kms/` method). */
const CUSTOM_METHODS = Object.values(protocol).flatMap((value: unknown) => {
  const method = (value as { method?: unknown } | null)?.method;
  return typeof method === 'string' && method.startsWith('kms/') ? [method] : [];
});
/** The custom requests that take no params, and answer whatever is sent. */
const WITHOUT_PARAMS: readonly string[] = [ListCodesRequest.method, ServerStatusRequest.method];

describe('language server under hostile input', () => {
  let dir: string;
  // One server for the tests that change no setting; the first test changes the catalog, and has its own.
  let shared: TestClient;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kms-hostile-'));
    shared = await TestClient.start({ workspaceFolder: dir });
  });
  after(async () => {
    await shared.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses edits outside the document with a logged error, and the document stays whole', async () => {
    const client = await TestClient.start();
    try {
      client.open(uri('e.log'), LOG);
      const bad = [
        { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } },
        { start: { line: 0.5, character: 0 }, end: { line: 1, character: 0 } },
        { start: { line: 0, character: 1.5 }, end: { line: 1, character: 0 } },
        { start: { line: 7, character: 0 }, end: { line: 9, character: 0 } },
        { start: { line: 1, character: 0 }, end: { line: 0, character: 0 } },
        { start: { line: '0', character: 0 }, end: { line: 0, character: 0 } },
        null,
      ];
      client.expectErrors(/didChange of file:\/\/\/workspace\/e\.log \(version \d+\) refused/);
      let version = 1;
      for (const range of bad) {
        await client.connection.sendNotification('textDocument/didChange', {
          textDocument: { uri: uri('e.log'), version: ++version },
          contentChanges: [{ range, text: 'ErrorCode: Rejected.Throttling\n' }],
        });
      }
      // A valid change before an invalid one in the same notification stays applied.
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: uri('e.log'), version: ++version },
        contentChanges: [
          {
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } },
            text: 'ErrorCode: Rejected.Throttling',
          },
          { range: { start: { line: -3, character: 0 }, end: { line: 0, character: 0 } }, text: 'lost' },
        ],
      });
      // Refused wholesale: no version, no list of changes.
      client.expectErrors(/didChange refused: it needs/);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: uri('e.log') } });
      client.expectErrors(/didOpen refused/);
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('x.log') } });
      await client.until(() => client.logs.filter((l) => l.type === 1).length >= bad.length + 3 || undefined);
      assert.deepEqual(
        (await client.diagnostics(uri('e.log'))).items.map((d) => [
          d.code,
          d.range.start.line,
          d.range.start.character,
        ]),
        [
          ['Rejected.Throttling', 0, 11],
          ['Rejected.Disabled', 1, 11],
        ],
      );
      assert.equal(await hoveredCode(client, uri('e.log'), 1, 14), 'Rejected.Disabled');
      assert.equal(await hoveredCode(client, uri('e.log'), 0, 14), 'Rejected.Throttling');
      // A character past the end of its line means the end of the line, as LSP says.
      client.edit(uri('e.log'), { start: { line: 2, character: 500 }, end: { line: 2, character: 900 } }, ' ok');
      // The re-index after a catalog change reads the same consistent text.
      const team = path.join(dir, 'team.json');
      writeFileSync(
        team,
        JSON.stringify({
          version: 1,
          name: 'team',
          codes: [
            {
              code: 'Team.Late',
              httpStatus: 409,
              message: 'late',
              category: 'key-state',
              text: { en: { description: 'Late.', remediation: ['Hurry.'] } },
            },
          ],
        }),
      );
      client.edit(
        uri('e.log'),
        { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
        'ErrorCode: Team.Late ',
      );
      client.configure({ catalog: { paths: [team] } });
      // The new catalog is in once its code is hovered: the re-index read the same consistent text.
      assert.equal(await client.until(() => hoveredCode(client, uri('e.log'), 2, 14)), 'Team.Late');
      assert.equal(await hoveredCode(client, uri('e.log'), 1, 14), 'Rejected.Disabled');
      assert.deepEqual(client.messages, [], 'the catalog loaded');
      const text = await client.request<{ outcome: { result: { code: string } } }>('kms/decodeResponse', {
        uri: uri('e.log'),
        position: { line: 2, character: 12 },
      });
      assert.ok(text);
    } finally {
      await client.stop();
    }
  });

  it('answers requests on invalid positions with InvalidParams and keeps hovering', async () => {
    const client = shared;
    client.open(uri('p.log'), LOG);
    client.open(uri('p.py'), "raise Error('Forbidden.')\n", 'python');
    const positions = [{ line: -1, character: 0 }, { line: 0.5, character: 2 }, { line: 1, character: -4 }, null, 'x'];
    for (const position of positions) {
      for (const method of ['textDocument/hover', 'textDocument/completion']) {
        await rejects(client.request(method, { textDocument: { uri: uri('p.log') }, position }), -32602, method);
      }
      await rejects(
        client.request('textDocument/codeAction', {
          textDocument: { uri: uri('p.log') },
          range: { start: position, end: position },
          context: { diagnostics: [] },
        }),
        -32602,
        'codeAction',
      );
    }
    await rejects(client.request('textDocument/hover', null), -32602, 'hover without params');
    await rejects(client.request('textDocument/documentLink', {}), -32602, 'documentLink without a document');
    await rejects(
      client.request('textDocument/diagnostic', { textDocument: 5 }),
      -32602,
      'diagnostic without a document',
    );
    // Past the end is legal: the end of the document.
    assert.equal(await client.hover(uri('p.log'), 99, 0), null);
    assert.equal(await hoveredCode(client, uri('p.log'), 1, 14), 'Rejected.Disabled');
    const items = await client.request<Array<{ label: string }>>('textDocument/completion', {
      textDocument: { uri: uri('p.py') },
      position: { line: 0, character: 23 },
    });
    assert.ok(items.some((i) => i.label === 'Forbidden.KeyNotFound'));
  });

  it('answers garbage params to every custom request with InvalidParams or a result, and stays alive', async () => {
    const client = shared;
    const garbage: unknown[] = [
      null,
      42,
      'text',
      [],
      {},
      { text: 5 },
      { uri: 7, position: { line: -1, character: 0 } },
      { uri: uri('none.log'), position: { line: 1.5, character: 0 } },
      { code: ['x'] },
      { code: 'Rejected.Disabled', requestId: {} },
      { folders: 'x' },
      { folders: [1] },
      { folders: [dir], files: 'x' },
      { folders: [dir], include: [null] },
      { folders: [dir], summaryHtml: 'yes' },
      { folders: [dir], workDoneToken: {} },
      { folders: [dir], format: 'pdf', target: path.join(dir, 'out.x') },
      { folders: [dir], format: 'json', target: 9 },
      { __proto__: { folders: [dir] } },
      JSON.parse('{"__proto__": {"polluted": true}, "folders": [], "format": "json", "target": ""}'),
      { files: 'x', asOf: 0 },
      { files: [{ path: 'a.log', findings: -1, byCode: {} }], asOf: 0 },
      { files: [{ path: 'a.log', findings: 1, byCode: { 'Rejected.Disabled': 'many' } }], asOf: 0 },
      { files: [{ path: 'a.log', findings: 1, byCode: {}, summary: { hours: 'x' } }], asOf: 0 },
      { files: [{ path: 'a.log', findings: 1, byCode: {}, summary: { hours: [[1.5, 1]] } }], asOf: 0 },
      { files: [], asOf: 'now' },
      { files: [], asOf: 0, filter: 'Throttling' },
      JSON.parse('{"files": [{"path": "a.log", "findings": 1, "byCode": {"__proto__": 1}}], "asOf": 0}'),
    ];
    const methods = CUSTOM_METHODS;
    assert.ok(methods.includes('kms/troubleshootUrl') && methods.length >= 8, methods.join(', '));
    const { documents: documentsBefore } = await client.request<{ documents: number }>(ServerStatusRequest.method, {});
    const outcomes = new Map<string, { answered: number; invalid: number }>();
    for (const method of methods) {
      const tally = { answered: 0, invalid: 0 };
      outcomes.set(method, tally);
      for (const params of garbage) {
        try {
          await client.request(method, params);
          tally.answered++;
        } catch (error) {
          assert.equal(
            (error as { code?: number }).code,
            -32602,
            `${method} ${JSON.stringify(params)}: ${String(error)}`,
          );
          tally.invalid++;
        }
      }
    }
    // Requests that take params refuse most garbage; those without params answer every time.
    for (const [method, { answered, invalid }] of outcomes) {
      if (WITHOUT_PARAMS.includes(method)) assert.equal(answered, garbage.length, method);
      else assert.ok(invalid >= 5, `${method} refused ${invalid}`);
    }
    assert.equal(({} as { polluted?: boolean }).polluted, undefined);
    const status = await client.request<{ documents: number }>(ServerStatusRequest.method, {});
    assert.equal(status.documents, documentsBefore, 'no document opened or closed by garbage');
  });

  it('survives a cancel storm and answers what was not cancelled', async () => {
    const client = shared;
    writeFileSync(path.join(dir, 'storm.log'), LOG.repeat(2000));
    client.open(uri('s.log'), LOG.repeat(2000));
    const pending: Array<Promise<unknown>> = [];
    for (let i = 0; i < 200; i++) {
      const source = new CancellationTokenSource();
      const method = [
        'textDocument/hover',
        'textDocument/diagnostic',
        'textDocument/documentLink',
        InspectLogsRequest.method,
      ][i % 4] as string;
      const params =
        method === InspectLogsRequest.method
          ? { folders: [dir] }
          : { textDocument: { uri: uri('s.log') }, position: { line: (i * 3) % 6000, character: 14 } };
      pending.push(client.connection.sendRequest(method, params, source.token).catch((e: { code?: number }) => e.code));
      if (i % 3 !== 2) source.cancel();
    }
    const answers = await Promise.all(pending);
    // Every request is answered: a result, or RequestCancelled (-32800).
    assert.equal(answers.length, 200);
    for (const answer of answers)
      assert.ok(typeof answer !== 'number' || answer === -32800, `answered ${String(answer)}`);
    assert.equal(await hoveredCode(client, uri('s.log'), 1, 14), 'Rejected.Disabled');
    const inspected = await client.request<{ files: Array<{ path: string; findings: number }> }>(
      InspectLogsRequest.method,
      {
        folders: [dir],
        files: [path.join(dir, 'storm.log')],
      },
    );
    assert.equal(inspected.files[0]?.findings, 2000);
  });

  it('serves a document that was empty when opened: diagnostics, hovers and completion after typing', async () => {
    const client = shared;
    client.open('untitled:Untitled-1', '', 'plaintext');
    assert.deepEqual((await client.diagnostics('untitled:Untitled-1')).items, []);
    client.edit('untitled:Untitled-1', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'E');
    client.edit(
      'untitled:Untitled-1',
      { start: { line: 0, character: 1 }, end: { line: 0, character: 1 } },
      'rrorCode: Rejected.Disabled\n',
    );
    const items = (await client.diagnostics('untitled:Untitled-1')).items;
    assert.deepEqual(
      items.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['Rejected.Disabled', 0, 11]],
    );
    assert.equal(await hoveredCode(client, 'untitled:Untitled-1', 0, 14), 'Rejected.Disabled');
    const file = pathToFileURL(path.join(dir, 'empty.py')).href;
    client.open(file, '', 'python');
    client.edit(file, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, "code = 'Rejected.");
    const completion = await client.request<Array<{ label: string }>>('textDocument/completion', {
      textDocument: { uri: file },
      position: { line: 0, character: 18 },
    });
    assert.ok(
      completion.some((c) => c.label === 'Rejected.Disabled'),
      'completion after typing',
    );
  });
});
