import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InspectedFile, InspectLogsResult } from '#shared/protocol';
import { rejects } from '../support/assertions';
import { TestClient } from '../support/lspClient';
import { tempFolder } from '../support/tempFiles';

// More files than two parts hold (the server sends 500 per part): three parts, the last one short.
const FILES = 1234;

/** The files of kms/inspectLogs on `folder` sent to `token` in parts, and the answer. */
async function inParts(client: TestClient, folder: string, token: string) {
  const parts: InspectedFile[][] = [];
  client.connection.onNotification('$/progress', (p: { token: unknown; value: { files: InspectedFile[] } }) => {
    if (p.token === token) parts.push(p.value.files);
  });
  const answer = await client.request<InspectLogsResult>('kms/inspectLogs', {
    folders: [folder],
    partialResultToken: token,
  });
  return { parts, answer };
}

describe('kms/inspectLogs with a partialResultToken', () => {
  const folder = tempFolder('kms-inspect-parts-');
  // Logs of many errors each: a part holds at most 2,000 occurrences, so each of these is a part.
  const busy = tempFolder('kms-inspect-busy-');
  let client: TestClient;
  before(async () => {
    const line = (i: number) => `2026-11-20T08:00:00Z ERROR ErrorCode: Rejected.Throttling RequestId: B-${i}\n`;
    for (const name of ['a.log', 'b.log', 'c.log'])
      busy.file(name, Array.from({ length: 1500 }, (_, i) => line(i)).join(''));
    for (let i = 0; i < FILES; i++)
      folder.file(
        `part-${i % 7}/app-${String(i).padStart(5, '0')}.log`,
        i % 3 === 0
          ? `2026-11-20T08:00:00Z ERROR ErrorCode: Forbidden.KeyNotFound RequestId: 4C467B38-${i}\n`
          : `2026-11-20T08:00:00Z INFO request ok id=${i}\n`,
      );
    client = await TestClient.start();
  });
  after(() => client.stop());

  it('sends the files in ordered parts and answers with none: joined, the answer without a token', async () => {
    const whole = await client.request<InspectLogsResult>('kms/inspectLogs', { folders: [folder.dir] });
    assert.equal(whole.files.length, FILES);
    const { parts, answer } = await inParts(client, folder.dir, 'files-1');
    assert.deepEqual(answer.files, [], 'the files come only in the parts');
    assert.deepEqual(
      parts.map((p) => p.length),
      [500, 500, 234],
    );
    assert.deepEqual(parts.flat(), whole.files);
    assert.deepEqual({ ...answer, files: whole.files }, whole, 'the summary, codes and counts are the same');
    assert.equal(
      whole.files.reduce((n, f) => n + f.findings, 0),
      Math.ceil(FILES / 3),
    );
  });

  it('keeps a part to 2,000 occurrences: logs of 1,500 errors come one per part', async () => {
    const whole = await client.request<InspectLogsResult>('kms/inspectLogs', { folders: [busy.dir] });
    assert.deepEqual(
      whole.files.map((f) => f.occurrences.length),
      [1500, 1500, 1500],
    );
    const { parts, answer } = await inParts(client, busy.dir, 'files-2');
    assert.deepEqual(answer.files, []);
    assert.deepEqual(
      parts.map((p) => p.length),
      [1, 1, 1],
    );
    assert.deepEqual(parts.flat(), whole.files);
  });

  it('refuses a partialResultToken that is not a progress token', async () => {
    for (const partialResultToken of [{}, 1.5, true])
      await rejects(
        client.request('kms/inspectLogs', { folders: [folder.dir], partialResultToken }),
        -32602,
        `partialResultToken ${JSON.stringify(partialResultToken)}`,
      );
  });
});
