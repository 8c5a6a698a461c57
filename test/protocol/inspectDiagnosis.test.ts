import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { InspectDiagnosis, InspectLogsResult, InspectOccurrence } from '#shared/protocol';
import { TestClient } from '../support/lspClient';

// A Go Tea SDKError that names the key ARN (in cn-shanghai) and the endpoint it went to (cn-beijing),
// twice (another request), next to a throttle whose record names nothing to fix.
const DENIED = `2026-11-20T08:00:00Z ERROR decrypt failed: SDKError:
   StatusCode: 403
   Code: Forbidden.NoPermission
   Message: code: 403, This operation for acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8 is forbidden by permission system. request id: 9A5A3C4B-1D2E-4F00-8A7B-0C1D2E3F4A5B
   Data: {"Code":"Forbidden.NoPermission","HostId":"kms.cn-beijing.aliyuncs.com","Action":"Decrypt"}
`;
const LOG = `${DENIED}${DENIED.replace('9A5A3C4B-1D2E', '0B1C2D3E-4F50')}2026-11-20T08:00:05Z ERROR ErrorCode: Rejected.Throttling RequestId: 7C5A2F3B-4D6E
`;

describe('kms/inspectLogs: the likely cause and fixes of each occurrence', () => {
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kms-inspect-diagnosis-'));
    writeFileSync(path.join(dir, 'denied.log'), LOG);
    client = await TestClient.start();
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  type Diagnosed = InspectOccurrence & Partial<InspectDiagnosis>;
  // Each occurrence with its file's diagnosis, as the view joins them.
  const occurrences = async (): Promise<Diagnosed[]> => {
    const result = await client.request<InspectLogsResult>('kms/inspectLogs', { folders: [dir] });
    return result.files.flatMap((f) =>
      f.occurrences.map((o) => ({ ...o, ...(o.diagnosis === undefined ? {} : f.diagnoses?.[o.diagnosis]) })),
    );
  };

  const assertDiagnosed = (found: Diagnosed[]) => {
    const denied = found.find((o) => o.code === 'Forbidden.NoPermission');
    assert.ok(denied, JSON.stringify(found));
    assert.ok(
      denied.causes?.some((c) => c.includes('kms.cn-beijing.aliyuncs.com') && c.includes('cn-shanghai')),
      JSON.stringify(denied.causes),
    );
    const policy = denied.fixes?.find((f) => f.kind === 'ram-policy');
    assert.ok(policy, JSON.stringify(denied.fixes));
    assert.deepEqual(JSON.parse(policy.text).Statement[0], {
      Effect: 'Allow',
      Action: ['kms:Decrypt'],
      Resource: ['acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8'],
    });
    const throttled = found.find((o) => o.code === 'Rejected.Throttling');
    assert.ok(throttled);
    assert.equal(throttled.fixes?.some((f) => f.kind === 'ram-policy') ?? false, false);
  };

  it('reads the cause and a RAM policy from a log on disk', async () => {
    assertDiagnosed(await occurrences());
  });

  it('lists a diagnosis once per file, however many records share it', async () => {
    const result = await client.request<InspectLogsResult>('kms/inspectLogs', { folders: [dir] });
    const [file] = result.files;
    const denied = file!.occurrences.filter((o) => o.code === 'Forbidden.NoPermission');
    assert.deepEqual(
      denied.map((o) => [o.requestId, o.diagnosis]),
      [
        ['9A5A3C4B-1D2E-4F00-8A7B-0C1D2E3F4A5B', 0],
        ['0B1C2D3E-4F50-4F00-8A7B-0C1D2E3F4A5B', 0],
      ],
    );
    // No entry that no occurrence uses, and none listed twice.
    const used = new Set(file!.occurrences.map((o) => o.diagnosis).filter((i) => i !== undefined));
    assert.equal(file!.diagnoses?.length, used.size);
    assert.equal(new Set(file!.diagnoses!.map((d) => JSON.stringify(d))).size, used.size);
  });

  it('reads them from the editor when the log is open there', async () => {
    const uri = `file://${path.join(dir, 'denied.log')}`;
    // The editor's text differs from the disk's only in the RequestId: the result must come from the editor.
    client.open(uri, LOG.replace('7C5A2F3B-4D6E', 'EDITED-0001'));
    try {
      const found = await occurrences();
      assert.ok(found.some((o) => o.requestId === 'EDITED-0001'));
      assertDiagnosed(found);
    } finally {
      client.close(uri);
    }
  });
});
