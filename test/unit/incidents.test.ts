import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durationOption, formatDuration, parseDuration } from '../../server/src/core/incidents/duration';
import type { TimelineReport } from '../../server/src/core/incidents/timeline';
import { timelineHtml } from '../../server/src/core/report/timelineHtml';
import { explainedFirst, timelineFragment } from '../../server/src/core/report/timelinePanel';
import { timelineLines } from '../../server/src/core/report/timelineText';
import { trailText, type TrailEventJson } from '../support/incidentWorld';
import { event } from '../support/trailEvent';
import { timelineOf } from '../support/worldTimeline';

const KEY = 'key-hzz630494463ejqjx0001';
const plain = { bold: (s: string) => s, dim: (s: string) => s, red: (s: string) => s, green: (s: string) => s };

/** One Rejected.Disabled (or other) log entry at `time`, naming the key, the region and a RequestId. */
function entry(time: string, code = 'Rejected.Disabled', extra = `key_id=${KEY}`, requestId = `RID-${time}`): string {
  return `${time} ERROR [api] host=web-1 service=api ${extra} region=cn-hangzhou action=Decrypt kms call failed: SDK.ServerError\nErrorCode: ${code}\nRecommend: \nRequestId: ${requestId}\nMessage: failed`;
}

async function timeline(events: TrailEventJson[], log: string, windowMs?: number): Promise<TimelineReport> {
  return timelineOf(trailText(events, 'lines'), new Map([['app.log', log]]), windowMs);
}

const only = (report: TimelineReport) => {
  assert.equal(report.incidents.length, 1, report.incidents.map((i) => i.headline).join('\n'));
  return report.incidents[0] as TimelineReport['incidents'][number];
};

describe('incident causes', () => {
  it('looks back exactly the window: a change just outside it is not listed', async () => {
    const events = [event({ eventId: 'D', eventTime: '2026-11-19T08:00:00Z' })];
    const log = entry('2026-11-20T08:00:01Z');
    assert.equal(only(await timeline(events, log)).cause, null);
    const wider = only(await timeline(events, log, 48 * 3_600_000));
    assert.equal(wider.cause?.change, 'D');
    assert.match(
      wider.cause?.text ?? '',
      /^Rejected\.Disabled on key key-hzz\S+ from 2026-11-20 08:00:01Z, 1 error in 1 service; 1 d earlier DisableKey/,
    );
  });

  it('does not name a change its own target undid before the errors, and lists both', async () => {
    const incident = only(
      await timeline(
        [
          event({ eventId: 'D', eventTime: '2026-11-20T08:00:00Z' }),
          event({ eventId: 'E', eventName: 'EnableKey', eventTime: '2026-11-20T08:05:00Z' }),
        ],
        entry('2026-11-20T08:10:00Z'),
      ),
    );
    assert.equal(incident.cause, null);
    assert.deepEqual(
      incident.changes.map((c) => [c.change, c.explains, c.undone]),
      [
        ['E', false, false],
        ['D', true, true],
      ],
    );
  });

  it('ties a RAM change to the caller through the AccessKey the log names and the user the trail shows using it', async () => {
    const app = { ...event().userIdentity, userName: 'app', accessKeyId: 'LTAI5tAPPEXAMPLE' };
    const incident = only(
      await timeline(
        [
          event({ eventName: 'Decrypt', eventTime: '2026-11-20T07:00:00Z', userIdentity: app }),
          event({
            eventId: 'G',
            eventName: 'AddUserToGroup',
            eventTime: '2026-11-10T07:00:00Z',
            serviceName: 'Ram',
            requestParameters: { UserName: 'app', GroupName: 'apps' },
          }),
          event({
            eventId: 'X',
            eventName: 'DetachPolicyFromGroup',
            eventTime: '2026-11-20T07:59:00Z',
            serviceName: 'Ram',
            requestParameters: { GroupName: 'apps', PolicyName: 'kms-use' },
          }),
          event({
            eventId: 'Y',
            eventName: 'DetachPolicyFromUser',
            eventTime: '2026-11-20T07:59:30Z',
            serviceName: 'Ram',
            requestParameters: { UserName: 'someone-else', PolicyName: 'kms-use' },
          }),
        ],
        entry('2026-11-20T08:00:00Z', 'Forbidden.NoPermission', `key_id=${KEY} access_key_id=LTAI5tAPPEXAMPLE`),
      ),
    );
    assert.equal(incident.cause?.change, 'X');
    assert.deepEqual(
      incident.changes.map((c) => [c.change, c.relation]),
      [['X', 'caller']],
    );
  });

  it('counts a call the log and the trail both recorded once, with the trail caller', async () => {
    const failed = event({
      eventId: 'F',
      eventName: 'Decrypt',
      eventTime: '2026-11-20T08:00:00Z',
      requestId: 'RID-1',
      errorCode: 'Rejected.Disabled',
      errorMessage: 'disabled',
      requestParameters: { KeyId: `acs:kms:cn-hangzhou:1234567890123456:key/${KEY}` },
      userIdentity: { ...event().userIdentity, userName: 'app' },
    });
    const incident = only(
      await timeline([failed], entry('2026-11-20T08:00:00.250Z', 'Rejected.Disabled', `key_id=${KEY}`, 'rid-1')),
    );
    assert.equal(incident.count, 1);
    assert.deepEqual(incident.callers, ['RAM user app']);
    assert.equal(incident.fromTrail, 0);
  });

  it('groups a key named by ARN and by bare id, and calls without a region, as one incident', async () => {
    const log = [
      entry(
        '2026-11-20T08:00:00Z',
        'Rejected.Disabled',
        `for acs:kms:cn-hangzhou:1234567890123456:key/${KEY.toUpperCase()}`,
      ),
      entry('2026-11-20T08:00:01Z').replace('region=cn-hangzhou ', ''),
      entry('2026-11-20T08:00:02Z'),
    ].join('\n');
    const incident = only(await timeline([], log));
    assert.equal(incident.count, 3);
    assert.deepEqual(incident.resource, { kind: 'key', id: KEY, region: 'cn-hangzhou' });
  });

  it('names nothing for an incident without a region when its key changed in two regions', async () => {
    const events = [
      event({ eventId: 'A', eventTime: '2026-11-20T07:59:00Z' }),
      event({ eventId: 'B', eventTime: '2026-11-20T07:59:30Z', acsRegion: 'cn-shanghai' }),
    ];
    const incident = only(await timeline(events, entry('2026-11-20T08:00:00Z').replace('region=cn-hangzhou ', '')));
    assert.equal(incident.region, null);
    assert.equal(incident.cause, null);
  });
});

describe('timeline reports', () => {
  const hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>\u001b[31m';
  const events = [
    event({
      eventId: `E"><b>`,
      sourceIpAddress: hostile,
      userIdentity: { ...event().userIdentity, userName: hostile },
    }),
  ];

  it('writes one self-contained HTML page: no script, nothing fetched, every value escaped', async () => {
    const report = await timeline(events, entry('2026-11-20T08:14:07Z'));
    const html = timelineHtml(report, 'en');
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]?.toLowerCase()));
    const allowed =
      'html head meta title style body h1 h2 p div span i svg line text path rect g a title section table tr th td code strong';
    for (const tag of tags) assert.ok(allowed.split(' ').includes(tag ?? ''), `element <${tag}> is the report's own`);
    for (const [tag] of html.matchAll(/<[^>]*>/g)) assert.ok(!/\son\w+\s*=/i.test(tag), `no event handler in ${tag}`);
    const urls = html.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
    assert.deepEqual([...new Set(urls)], ['http://www.w3.org/2000/svg'], 'no address but the SVG namespace');
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
    assert.match(html, /class="tl-marker cause"/);
  });

  it("gives the editor's panel a fragment it may show: no script, no inline style, every value escaped, text at its size", async () => {
    const report = await timeline(events, entry('2026-11-20T08:14:07Z'));
    const html = timelineFragment(report, 'en');
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1]?.toLowerCase()));
    const allowed = 'section h2 h3 p div span i svg line text tspan path rect g a title ul li strong';
    for (const tag of tags) assert.ok(allowed.split(' ').includes(tag ?? ''), `element <${tag}> is the fragment's own`);
    // The panel's page allows its own style sheet only: an inline style would be dropped.
    for (const [tag] of html.matchAll(/<[^>]*>/g))
      assert.ok(!/\s(on\w+|style)\s*=/i.test(tag), `no handler or style in ${tag}`);
    assert.match(html, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
    // No viewBox: the chart is as wide as the panel and its text is not scaled down with it.
    const svg = /<svg[^>]*>/.exec(html)?.[0] ?? '';
    assert.match(svg, /width="100%"/);
    assert.doesNotMatch(svg, /viewBox/);
    assert.match(html, /<g class="tl-marker cause"><line x1="\d+(\.\d+)?%"/);
  });

  it('puts first the incidents a change explains, then those with changes before them, each in time order', async () => {
    const incident = (id: string, cause: boolean, changes: number) =>
      ({
        id,
        cause: cause ? { id: 'recent-change', text: '', change: 'c', evidence: {} } : null,
        changes: Array.from({ length: changes }, () => ({
          change: 'c',
          beforeMs: 1,
          relation: 'resource',
          explains: cause,
          undone: false,
        })),
      }) as unknown as TimelineReport['incidents'][number];
    const ordered = explainedFirst([
      incident('I1', false, 0),
      incident('I2', false, 1),
      incident('I3', true, 1),
      incident('I4', false, 0),
      incident('I5', true, 2),
    ]);
    assert.deepEqual(
      ordered.map((i) => i.id),
      ['I3', 'I5', 'I2', 'I1', 'I4'],
    );
  });

  it('keeps control characters of the trail out of the terminal', async () => {
    const report = await timeline(events, entry('2026-11-20T08:14:07Z'));
    const text = timelineLines(report, 'en', plain).join('\n');
    assert.ok(!text.includes('\u001b'));
    assert.match(
      text,
      /Likely cause: 4 s earlier DisableKey on key key-hzz\S+ by RAM user <script>alert\(1\)<\/script>"><img src=x onerror=alert\(2\)> \[31m from/,
    );
  });

  it('says the same in Chinese', async () => {
    const report = await timelineOf(
      trailText([event()], 'lines'),
      new Map([['app.log', entry('2026-11-20T08:14:07Z')]]),
      86_400_000,
      'zh-CN',
    );
    const text = timelineLines(report, 'zh-CN', plain).join('\n');
    assert.match(text, /可能原因: 4 s前 RAM 用户 alice（来自 203\.0\.113\.7）对 密钥 key-hzz\S+ 执行了 DisableKey/);
  });

  it('reports malformed trail values and events out of order', async () => {
    const trail = `${JSON.stringify(event({ eventTime: '2026-11-20T08:00:00Z' }))}\n{oops\n${JSON.stringify(event({ eventTime: '2026-11-20T07:00:00Z' }))}\n`;
    const report = await timelineOf(trail, new Map([['app.log', entry('2026-11-20T08:14:07Z')]]));
    assert.equal(report.inputs.trail.malformed, 1);
    assert.deepEqual(report.inputs.malformedSamples, [{ path: 'trail.json', line: 2, reason: 'not JSON' }]);
    assert.equal(report.inputs.trail.outOfOrder, 1);
    const text = timelineLines(report, 'en', plain).join('\n');
    assert.match(text, /1 trail value not read \(not JSON, or not an event\): trail\.json:2 not JSON/);
  });
});

describe('durations', () => {
  it('reads and writes the look-back window', () => {
    assert.equal(parseDuration('24h'), 86_400_000);
    assert.equal(parseDuration('1d12h'), 129_600_000);
    assert.equal(parseDuration('90m'), 5_400_000);
    for (const bad of ['', '0h', '24', 'h', '-1h', '1.5h', '24h; rm']) assert.equal(parseDuration(bad), null, bad);
    assert.equal(durationOption(86_400_000), '24h');
    assert.equal(durationOption(7 * 86_400_000), '7d');
    assert.equal(durationOption(5_400_000), '1h30m');
    assert.equal(durationOption(2_700_000), '45m');
    assert.equal(formatDuration(4000), '4 s');
    assert.equal(formatDuration(125_000), '2 min 5 s');
    assert.equal(formatDuration(26 * 3_600_000), '1 d 2 h');
  });
});
