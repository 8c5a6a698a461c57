import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { summaryHtml } from '../../server/src/core/format/summaryView';
import { SummaryBuilder, SummaryPartBuilder, type SummaryPart } from '../../server/src/core/report/summary';
import type { Finding } from '../../server/src/core/scanner/types';

const at = (iso: string) => Date.parse(iso);

function finding(
  code: string,
  record: { timestamp?: number | null; requestId?: string | null; httpStatus?: number | null } = {},
): Finding {
  return {
    code,
    token: code,
    isAlias: false,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: code.length } },
    offset: 0,
    confidence: 'high',
    reason: 'kms-code',
    record: {
      httpStatus: record.httpStatus ?? null,
      requestId: record.requestId ?? null,
      message: null,
      hostId: null,
      recommend: null,
      api: null,
      host: null,
      timestamp: record.timestamp ?? null,
      start: 0,
      end: 0,
      retriesExhausted: false,
      requestIdRange: null,
    },
  };
}

describe('SummaryBuilder', () => {
  it('counts per code, most frequent first, then by code', () => {
    const builder = new SummaryBuilder({ catalog: builtinCatalog() });
    builder.add(finding('Rejected.Disabled'), 'a.log');
    builder.add(finding('Forbidden.KeyNotFound'), 'a.log');
    builder.add(finding('Rejected.Throttling'), 'a.log');
    builder.add(finding('Rejected.Throttling'), 'b.log');
    const result = builder.result();
    assert.deepEqual(result.byCode, [
      { code: 'Rejected.Throttling', httpStatus: 429, count: 2 },
      { code: 'Forbidden.KeyNotFound', httpStatus: 404, count: 1 },
      { code: 'Rejected.Disabled', httpStatus: 409, count: 1 },
    ]);
    assert.equal(result.findings, 4);
    assert.equal(result.files, 2);
  });

  it('takes the status from the records when there is no catalog entry', () => {
    const builder = new SummaryBuilder();
    builder.add(finding('Team.Custom'), 'a.log');
    builder.add(finding('Team.Custom', { httpStatus: 418 }), 'a.log');
    assert.deepEqual(builder.result().byCode, [{ code: 'Team.Custom', httpStatus: 418, count: 2 }]);
  });

  it('counts files once, including files without findings', () => {
    const builder = new SummaryBuilder();
    builder.addFile('a.log');
    builder.add(finding('Rejected.Disabled'), 'a.log');
    builder.add(finding('Rejected.Disabled'), 'a.log');
    builder.addFile('empty.log');
    builder.add(finding('Rejected.Disabled'), 'c.log');
    assert.equal(builder.result().files, 3);
  });

  it('buckets by UTC hour, chronologically, with the empty hours in between', () => {
    const builder = new SummaryBuilder();
    builder.add(finding('Rejected.Disabled', { timestamp: at('2026-11-20T10:59:59.999Z') }), 'a.log');
    builder.add(finding('Rejected.Disabled', { timestamp: at('2026-11-20T08:00:00Z') }), 'a.log');
    builder.add(finding('Rejected.Disabled', { timestamp: at('2026-11-20T08:59:00Z') }), 'a.log');
    builder.add(finding('Rejected.Disabled'), 'a.log');
    const result = builder.result();
    assert.deepEqual(result.byHour, [
      { hour: '2026-11-20T08:00:00Z', count: 2 },
      { hour: '2026-11-20T09:00:00Z', count: 0 },
      { hour: '2026-11-20T10:00:00Z', count: 1 },
    ]);
    assert.equal(result.withoutTimestamp, 1);
    assert.equal(result.beforeFirstHour, 0);
  });

  it('has no hours without timestamps', () => {
    const result = new SummaryBuilder().result();
    assert.deepEqual(result.byHour, []);
    assert.deepEqual(result.byCode, []);
    assert.equal(result.files, 0);
  });

  it('keeps the latest hours when the span exceeds the cap, and counts the older findings', () => {
    const builder = new SummaryBuilder({ maxHours: 3 });
    for (const hour of ['00', '01', '05', '06', '07']) {
      builder.add(finding('Rejected.Disabled', { timestamp: at(`2026-11-20T${hour}:30:00Z`) }), 'a.log');
    }
    const result = builder.result();
    assert.deepEqual(
      result.byHour.map((h) => h.hour),
      ['2026-11-20T05:00:00Z', '2026-11-20T06:00:00Z', '2026-11-20T07:00:00Z'],
    );
    assert.equal(result.beforeFirstHour, 2);
  });

  it('caps the default hour buckets at 31 days', () => {
    const builder = new SummaryBuilder();
    builder.add(finding('Rejected.Disabled', { timestamp: at('2025-01-01T00:00:00Z') }), 'a.log');
    builder.add(finding('Rejected.Disabled', { timestamp: at('2026-11-20T08:00:00Z') }), 'a.log');
    const result = builder.result();
    assert.equal(result.byHour.length, 24 * 31);
    assert.equal(result.byHour.at(-1)?.hour, '2026-11-20T08:00:00Z');
    assert.equal(result.beforeFirstHour, 1);
  });

  it('keeps the latest hours exactly in bounded memory, whatever order the hours come in', () => {
    const start = at('2020-01-01T00:00:00Z');
    const hours = Array.from({ length: 12_000 }, (_, i) => start + (i + 1) * 3_600_000);
    for (const order of [hours, [...hours].reverse()]) {
      const builder = new SummaryBuilder({ maxHours: 2 });
      for (const time of order) builder.add(finding('Rejected.Disabled', { timestamp: time }), 'a.log');
      const held = (builder as unknown as { hours: { hours: Map<number, number> } }).hours.hours;
      assert.ok(held.size <= 10_000, `at most 10,000 hour counters, not ${held.size}`);
      const result = builder.result();
      assert.deepEqual(result.byHour, [
        { hour: new Date(start + 11_999 * 3_600_000).toISOString().replace('.000Z', 'Z'), count: 1 },
        { hour: new Date(start + 12_000 * 3_600_000).toISOString().replace('.000Z', 'Z'), count: 1 },
      ]);
      assert.equal(result.beforeFirstHour, 11_998);
    }
  });

  it('lists the top RequestIds, most frequent first, at most ten', () => {
    const builder = new SummaryBuilder();
    for (let i = 0; i < 12; i++) builder.add(finding('Rejected.Disabled', { requestId: `ID-${i}` }), 'a.log');
    builder.add(finding('Rejected.Throttling', { requestId: 'ID-7' }), 'a.log');
    builder.add(finding('Rejected.Disabled', { requestId: 'ID-7' }), 'a.log');
    builder.add(finding('Rejected.Disabled', { requestId: 'ID-3' }), 'a.log');
    const top = builder.result().topRequestIds;
    assert.equal(top.length, 10);
    assert.deepEqual(top.slice(0, 3), [
      { requestId: 'ID-7', code: 'Rejected.Disabled', count: 3 },
      { requestId: 'ID-3', code: 'Rejected.Disabled', count: 2 },
      { requestId: 'ID-0', code: 'Rejected.Disabled', count: 1 },
    ]);
  });

  it('stops counting new RequestIds beyond the cap but keeps counting the ones it holds', () => {
    const builder = new SummaryBuilder({ maxRequestIds: 2 });
    for (const id of ['A', 'B', 'C', 'A', 'D', 'A']) builder.add(finding('Rejected.Disabled', { requestId: id }), 'x');
    const result = builder.result();
    assert.deepEqual(
      result.topRequestIds.map((r) => [r.requestId, r.count]),
      [
        ['A', 3],
        ['B', 1],
      ],
    );
    assert.equal(result.uncountedRequestIds, 2);
  });
});

/** A small deterministic generator (a linear congruential one), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const CODES = ['Rejected.Throttling', 'Forbidden.KeyNotFound', 'Rejected.Disabled', 'Team.Custom'];

/** Findings spread over files, hours, statuses and a few RequestIds that repeat, some across files. */
function findingsOf(seed: number, count: number): Array<{ path: string; finding: Finding }> {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    const code = CODES[Math.floor(next() * CODES.length)] as string;
    const timed = next() < 0.8;
    return {
      path: `logs/${Math.floor(next() * 4)}.log`,
      finding: finding(code, {
        timestamp: timed ? at('2026-11-20T00:00:00Z') + Math.floor(next() * 60) * 1_800_000 : null,
        requestId: next() < 0.7 ? `REQ-${Math.floor(next() * 40)}` : null,
        httpStatus: code === 'Team.Custom' && next() < 0.5 ? 418 : null,
      }),
    };
  });
}

/** Each file's byCode and summary part, as an inspection builds them. */
function partsOf(found: Array<{ path: string; finding: Finding }>, budget = Infinity) {
  const shared = { left: budget };
  const files = new Map<string, { byCode: Record<string, number>; builder: SummaryPartBuilder }>();
  for (const { path, finding: f } of found) {
    let file = files.get(path);
    if (!file) files.set(path, (file = { byCode: {}, builder: new SummaryPartBuilder(shared) }));
    file.byCode[f.code] = (file.byCode[f.code] ?? 0) + 1;
    file.builder.add(f.code, f.record.httpStatus, f.record.timestamp, f.record.requestId);
  }
  return new Map([...files].map(([path, { byCode, builder }]) => [path, { byCode, part: builder.result() }]));
}

function sumOf(parts: Map<string, { byCode: Record<string, number>; part: SummaryPart }>) {
  const builder = new SummaryBuilder({ catalog: builtinCatalog() });
  for (const [path, { byCode, part }] of [...parts].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
    builder.addPart(path, byCode, part);
  return builder.result();
}

function summaryOf(found: Array<{ path: string; finding: Finding }>) {
  const builder = new SummaryBuilder({ catalog: builtinCatalog() });
  for (const { path, finding: f } of [...found].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)))
    builder.add(f, path);
  return builder.result();
}

describe('summary parts', () => {
  it('sum to the summary of the same findings, seed after seed', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const found = findingsOf(seed, 300);
      assert.deepEqual(sumOf(partsOf(found)), summaryOf(found), `seed ${seed}`);
    }
  });

  it("follow a file that changes: replacing its part gives the new files' summary", () => {
    const before = findingsOf(7, 200);
    const parts = partsOf(before);
    // logs/2.log is rewritten with other findings.
    const rewritten = findingsOf(8, 50).map((f) => ({ ...f, path: 'logs/2.log' }));
    const after = [...before.filter((f) => f.path !== 'logs/2.log'), ...rewritten];
    const changed = partsOf(rewritten).get('logs/2.log');
    assert.ok(changed);
    parts.set('logs/2.log', changed);
    assert.deepEqual(sumOf(parts), summaryOf(after));
    assert.notDeepEqual(sumOf(parts), summaryOf(before));
  });

  it("share one RequestId budget between an inspection's files, and count what it leaves out", () => {
    const found = [
      { path: 'a.log', finding: finding('Rejected.Disabled', { requestId: 'A' }) },
      { path: 'a.log', finding: finding('Rejected.Disabled', { requestId: 'B' }) },
      { path: 'b.log', finding: finding('Rejected.Disabled', { requestId: 'C' }) },
      { path: 'b.log', finding: finding('Rejected.Disabled', { requestId: 'A' }) },
    ];
    const parts = partsOf(found, 2);
    assert.deepEqual(parts.get('a.log')?.part.requestIds, [
      ['A', 'Rejected.Disabled', 1],
      ['B', 'Rejected.Disabled', 1],
    ]);
    assert.deepEqual(parts.get('b.log')?.part.requestIds, []);
    assert.equal(parts.get('b.log')?.part.uncountedRequestIds, 2);
    assert.equal(sumOf(parts).uncountedRequestIds, 2);
  });
});

describe('summaryHtml', () => {
  const data = summaryOf(findingsOf(3, 120));

  it('says what it sums and as of when, and the filter of the view', () => {
    const html = summaryHtml(data, builtinCatalog(), 'en', {
      asOf: at('2026-12-07T14:05:12Z'),
      filter: { text: 'Throttling', findings: 31 },
    });
    assert.ok(html.includes(`${data.findings} KMS errors in ${data.files} files`), html.slice(0, 300));
    assert.match(html, /As listed in the KMS Errors view at 2026-12-07 14:05:12 UTC\./);
    assert.match(html, /With its filter &quot;Throttling&quot; the view shows 31 of them\./);
    assert.doesNotMatch(summaryHtml(data, builtinCatalog(), 'en'), /As listed|filter &quot;/);
  });

  it('draws in percentages of the panel, with no fixed width and no style attribute', () => {
    const html = summaryHtml(data, builtinCatalog(), 'zh-CN', { asOf: 0 });
    assert.doesNotMatch(html, /\sstyle=/, 'the page allows no style attribute');
    // Every svg but the 12 px swatches of the legend.
    const widths = [...html.matchAll(/<svg(?![^>]*height="12")[^>]*\swidth="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(widths.length > 1);
    assert.deepEqual(new Set(widths), new Set(['100%']), 'every chart is as wide as its place');
    for (const m of html.matchAll(/<rect class="bar [a-z-]+" x[^>]*\swidth="([^"]+)"/g))
      assert.match(m[1] ?? '', /^\d+(\.\d+)?%$/);
    assert.match(html, /个 KMS 错误/);
  });

  it('puts the count of a RequestId first, and its code where a narrow panel can drop it', () => {
    const html = summaryHtml(data, builtinCatalog(), 'en');
    const row = /<tbody><tr><td class="num">(\d+)<\/td><td class="id">/.exec(html.slice(html.indexOf('request-ids')));
    assert.ok(row, 'the count is the first cell of a RequestId row');
    assert.equal(Number(row[1]), data.topRequestIds[0]?.count);
  });
});
