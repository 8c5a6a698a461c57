import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { InspectLogsResult } from '#shared/protocol';
import { ordinaryGitignore } from '../support/gitignore';
import { TestClient } from '../support/lspClient';
import { tempFolder } from '../support/tempFiles';

const folder = tempFolder('kms-responsive-');

/**
 * A repository a pull request could bring: 2,000 logs with long names, and a `.gitignore` whose
 * lines make a backtracking matcher take seconds per name (stars and braces), after 300 ordinary ones.
 */
function hostileRepository(name: string): string {
  const hostile = [`*${'a*'.repeat(15)}b`, `${'{a,b}'.repeat(40)}c`, `**/*${'a*'.repeat(12)}b/**`];
  folder.file(`${name}/.gitignore`, `${ordinaryGitignore(300)}\n${hostile.join('\n').repeat(5)}\n`);
  for (let i = 0; i < 2000; i++)
    folder.file(
      `${name}/logs-${i % 10}/${'a'.repeat(120)}-${i}.log`,
      `2026-11-20T08:00:00Z ERROR ErrorCode: Rejected.Disabled RequestId: 4C467B38-3910-447D-87BC-AC0491${String(i).padStart(6, '0')}\n`,
    );
  return path.join(folder.dir, name);
}

describe('kms/inspectLogs lets other requests through', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
  });
  after(() => client.stop());

  /** Starts an inspection and resolves once its work-done progress has begun (the walk is under way). */
  function inspect(root: string, token: string, cancel?: CancellationTokenSource) {
    const begun = new Promise<void>((resolve) =>
      client.connection.onNotification('$/progress', (p: { token: string; value: { kind: string } }) => {
        if (p.token === token && p.value.kind === 'begin') resolve();
      }),
    );
    const result = client.connection.sendRequest(
      'kms/inspectLogs',
      { folders: [root], workDoneToken: token },
      ...(cancel ? [cancel.token] : []),
    ) as Promise<InspectLogsResult>;
    return { begun, result };
  }

  it(
    'answers a hover sent during the walk of a hostile .gitignore before the inspection ends',
    { timeout: 120_000 },
    async () => {
      const root = hostileRepository('hover');
      const uri = 'untitled:hover-during-inspection';
      client.open(uri, 'ErrorCode: Forbidden.KeyNotFound\n', 'plaintext');
      const order: string[] = [];
      const { begun, result } = inspect(root, 'responsive-1');
      const inspected = result.then((r) => {
        order.push('inspection');
        return r;
      });
      await begun;
      const hover = await client.hover(uri, 0, 14);
      order.push('hover');
      assert.match(hover?.contents.value ?? '', /Forbidden\.KeyNotFound/);
      const done = await inspected;
      assert.deepEqual(order, ['hover', 'inspection']);
      assert.equal(done.files.length, 2000, 'the hostile lines match none of the logs');
      client.close(uri);
    },
  );

  it('stops when cancelled during the walk, and says so', { timeout: 120_000 }, async () => {
    const root = hostileRepository('cancel');
    const cancel = new CancellationTokenSource();
    const { begun, result } = inspect(root, 'responsive-2', cancel);
    await begun;
    cancel.cancel();
    const done = await result;
    assert.equal(done.cancelled, true);
    assert.ok(done.files.length < 2000, `${done.files.length} files inspected`);
  });
});
