import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { IncidentTimelineResult } from '#shared/protocol';
import { TestClient, positionOf } from '../support/lspClient';
import { ROOT } from '../support/paths';

describe('kms/incidentTimeline', () => {
  let dir: string;
  let client: TestClient;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'kms-timeline-'));
    cpSync(path.join(ROOT, 'examples', 'incident'), dir, { recursive: true });
    // Under a name no glob would guess: a trail is found by its content.
    cpSync(path.join(dir, 'actiontrail-events.json'), path.join(dir, 'export', 'oss-delivery.json'));
    rmSync(path.join(dir, 'actiontrail-events.json'));
    // JSON that is not a trail is neither read as one nor scanned as a log.
    writeFileSync(path.join(dir, 'codes.json'), '{"known": ["Rejected.Disabled", "Forbidden.NoPermission"]}\n');
    client = await TestClient.start();
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('groups the workspace logs into incidents with the changes of the trail found by its content', async () => {
    const progress: string[] = [];
    client.connection.onNotification('$/progress', (p: { token: string; value: { kind: string } }) => {
      if (p.token === 'timeline-1') progress.push(p.value.kind);
    });
    const result = await client.request<IncidentTimelineResult>('kms/incidentTimeline', {
      folders: [dir],
      workDoneToken: 'timeline-1',
    });
    assert.equal(result.cancelled, false);
    assert.equal(result.report.inputs.trail.files, 1);
    const causes = result.report.incidents
      .filter((i) => i.cause)
      .map((i) => [i.code, result.report.changes.find((c) => c.id === i.cause?.change)?.name]);
    assert.deepEqual(causes, [
      ['Rejected.Disabled', 'DisableKey'],
      ['Forbidden.AliasNotFound', 'DeleteAlias'],
      ['Forbidden.NoPermission', 'DetachPolicyFromUser'],
    ]);
    // Those a change explains first, then the one with a change before it: the trail's refused
    // DisableKey, first in time.
    const order = result.report.incidents.map((i) => (i.cause ? 'cause' : i.changes.length > 0 ? 'changes' : 'none'));
    assert.deepEqual(order, ['cause', 'cause', 'cause', 'changes']);
    assert.ok(result.report.incidents.every((i) => i.files.every((f) => !f.endsWith('codes.json'))));
    assert.match(result.html, /<section class="incidents">/);
    assert.match(result.html, /Likely cause:<\/strong> 4 s earlier DisableKey/);
    assert.ok(!/<script/i.test(result.html));
    assert.deepEqual([progress[0], progress.at(-1)], ['begin', 'end']);
  });

  it('says in the hover of an error of an incident what changed before it', async () => {
    const file = path.join(dir, 'logs', 'checkout-api.log');
    const text = readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    client.open(uri, text);
    const at = positionOf(text, 'Rejected.Disabled');
    const hover = await client.hover(uri, at.line, at.character + 3);
    const value = (hover?.contents.value ?? '').replace(/\\(.)/g, '$1');
    assert.match(value, /Likely cause/);
    assert.match(value, /4 s earlier DisableKey on key key-hzz7f3a9c2e1d04b8m6q by RAM user alice from 203\.0\.113\.7/);
    assert.ok(value.indexOf('DisableKey') < value.indexOf('The key is Disabled'), 'the change comes first');
  });

  it('refuses params that are not a folder list', async () => {
    await assert.rejects(client.request('kms/incidentTimeline', { folders: 'x' }), /folders/);
  });
});
