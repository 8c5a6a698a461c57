import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import { SummaryBuilder } from '../../server/src/core/report/summary';
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
      const held = (builder as unknown as { hours: Map<number, number> }).hours;
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
