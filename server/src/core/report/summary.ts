import type { Catalog } from '../catalog/catalog';
import type { ErrorRecord, Finding } from '../scanner/types';
import type { InspectionSummary, SummaryPart } from '#shared/reports';

export type { InspectionSummary, SummaryPart };

export interface SummaryOptions {
  /** Gives each code its documented HTTP status; otherwise the first status seen in a record is used. */
  catalog?: Catalog;
  /** Most hour buckets in the result (default 31 days); the latest hours are kept. */
  maxHours?: number;
  /** Most distinct RequestIds counted (default 100,000). */
  maxRequestIds?: number;
  /** Rows of `topRequestIds` (default 10). */
  topRequestIds?: number;
}

const HOUR_MS = 3_600_000;

/**
 * Builds an InspectionSummary in bounded memory, however many findings are added. Feed the findings
 * file by file: a file is counted when its path differs from the previous call's, so call `addFile`
 * for files without findings too.
 *
 * Bounds: at most `max(4 * maxHours, 10,000)` hour counters; hours before the last `maxHours` seen
 * so far are folded into `beforeFirstHour` (the shown window only moves forward, so this is exact). The
 * RequestId counter holds at most `maxRequestIds` ids; ids first seen after that are not counted
 * (ids already held keep counting) and the findings carrying them add to `uncountedRequestIds`.
 */
export class SummaryBuilder {
  private files = 0;
  private findings = 0;
  private withoutTimestamp = 0;
  private uncountedRequestIds = 0;
  private lastPath: string | undefined;
  private readonly codes = new Map<string, { httpStatus: number | null; count: number }>();
  private readonly hours: HourCounter;
  private readonly requestIds = new Map<string, { code: string; count: number }>();
  private readonly maxRequestIds: number;
  private readonly topCount: number;

  constructor(private readonly options: SummaryOptions = {}) {
    this.hours = new HourCounter(options.maxHours);
    this.maxRequestIds = Math.max(0, options.maxRequestIds ?? 100_000);
    this.topCount = options.topRequestIds ?? 10;
  }

  /** Counts a scanned file (once, however often its path comes in a row). */
  addFile(path: string): void {
    if (path === this.lastPath) return;
    this.lastPath = path;
    this.files++;
  }

  /** Counts a finding; only its code and its record's status, time and RequestId are read. */
  add(
    finding: Pick<Finding, 'code'> & { record: Pick<ErrorRecord, 'httpStatus' | 'timestamp' | 'requestId'> },
    path: string,
  ): void {
    this.addFile(path);
    this.findings++;
    const { record } = finding;
    this.addCode(finding.code, 1, record.httpStatus);
    if (record.timestamp === null) this.withoutTimestamp++;
    else this.hours.add(Math.floor(record.timestamp / HOUR_MS) * HOUR_MS);
    if (record.requestId !== null) this.addRequestId(record.requestId, finding.code);
  }

  /**
   * Counts a file at once from its counts per code and its summary part (as an inspection keeps
   * them): the result is the same as adding each of its findings.
   */
  addPart(path: string, byCode: Readonly<Record<string, number>>, part: SummaryPart): void {
    this.addFile(path);
    const statuses = new Map(part.statuses);
    for (const [code, count] of Object.entries(byCode)) {
      this.findings += count;
      this.addCode(code, count, statuses.get(code) ?? null);
    }
    for (const [hour, count] of part.hours) this.hours.add(hour, count);
    this.hours.addBefore(part.beforeFirstHour);
    this.withoutTimestamp += part.withoutTimestamp;
    for (const [requestId, code, count] of part.requestIds) this.addRequestId(requestId, code, count);
    this.uncountedRequestIds += part.uncountedRequestIds;
  }

  result(): InspectionSummary {
    const byCode = [...this.codes]
      .map(([code, { httpStatus, count }]) => ({ code, httpStatus, count }))
      .sort((a, b) => b.count - a.count || compare(a.code, b.code));
    const topRequestIds = [...this.requestIds]
      .map(([requestId, { code, count }]) => ({ requestId, code, count }))
      .sort((a, b) => b.count - a.count || compare(a.requestId, b.requestId))
      .slice(0, this.topCount);
    const { byHour, older } = this.hours.buckets();
    return {
      files: this.files,
      findings: this.findings,
      byCode,
      byHour,
      beforeFirstHour: this.hours.beforeFirstHour + older,
      topRequestIds,
      uncountedRequestIds: this.uncountedRequestIds,
      withoutTimestamp: this.withoutTimestamp,
    };
  }

  private addCode(code: string, count: number, httpStatus: number | null): void {
    const held = this.codes.get(code);
    if (held) {
      held.count += count;
      held.httpStatus ??= httpStatus;
    } else {
      const documented = this.options.catalog?.lookup(code)?.entry.httpStatus;
      this.codes.set(code, { httpStatus: documented ?? httpStatus, count });
    }
  }

  private addRequestId(requestId: string, code: string, count = 1): void {
    const entry = this.requestIds.get(requestId);
    if (entry) entry.count += count;
    else if (this.requestIds.size < this.maxRequestIds) this.requestIds.set(requestId, { code, count });
    else this.uncountedRequestIds += count;
  }
}

/**
 * Counts per UTC hour in bounded memory: at most `max(4 * maxHours, 10,000)` counters; hours before
 * the last `maxHours` seen so far are folded into `beforeFirstHour` (the shown window only moves
 * forward, so this is exact).
 */
class HourCounter {
  beforeFirstHour = 0;
  private latestHour = -Infinity;
  private readonly hours = new Map<number, number>();
  private readonly maxHours: number;
  private readonly maxHourKeys: number;

  constructor(maxHours = 24 * 31) {
    this.maxHours = Math.max(1, maxHours);
    this.maxHourKeys = Math.max(4 * this.maxHours, 10_000);
  }

  add(hour: number, count = 1): void {
    this.latestHour = Math.max(this.latestHour, hour);
    // The window only moves forward, so an hour before it now can never be shown.
    const windowStart = this.latestHour - (this.maxHours - 1) * HOUR_MS;
    if (hour < windowStart) {
      this.beforeFirstHour += count;
      return;
    }
    this.hours.set(hour, (this.hours.get(hour) ?? 0) + count);
    if (this.hours.size <= this.maxHourKeys) return;
    for (const [held, n] of this.hours) {
      if (held >= windowStart) continue;
      this.beforeFirstHour += n;
      this.hours.delete(held);
    }
  }

  addBefore(count: number): void {
    this.beforeFirstHour += count;
  }

  /** The hours held, chronological ([hour, count]), for a summary part. */
  entries(): Array<[number, number]> {
    return [...this.hours].sort((a, b) => a[0] - b[0]);
  }

  /** Every hour from the first to the last with findings, at most `maxHours`, the latest kept. */
  buckets(): { byHour: InspectionSummary['byHour']; older: number } {
    if (this.hours.size === 0) return { byHour: [], older: 0 };
    let first = Infinity;
    let last = -Infinity;
    for (const hour of this.hours.keys()) {
      first = Math.min(first, hour);
      last = Math.max(last, hour);
    }
    const start = Math.max(first, last - (this.maxHours - 1) * HOUR_MS);
    let older = 0;
    for (const [hour, count] of this.hours) if (hour < start) older += count;
    const byHour: InspectionSummary['byHour'] = [];
    for (let hour = start; hour <= last; hour += HOUR_MS) {
      byHour.push({ hour: new Date(hour).toISOString().replace('.000Z', 'Z'), count: this.hours.get(hour) ?? 0 });
    }
    return { byHour, older };
  }
}

/** How many more RequestIds the parts of one inspection may hold, shared by its files. */
export interface RequestIdBudget {
  left: number;
}

/**
 * One file's summary part (see SummaryPart), built from its findings as they come. Its RequestIds
 * take from a budget shared by the files of an inspection, so the parts together stay bounded.
 */
export class SummaryPartBuilder {
  private withoutTimestamp = 0;
  private uncountedRequestIds = 0;
  private readonly hours = new HourCounter();
  private readonly requestIds = new Map<string, { code: string; count: number }>();
  private readonly statuses = new Map<string, number>();

  constructor(private readonly budget: RequestIdBudget) {}

  add(code: string, httpStatus: number | null, timestamp: number | null, requestId: string | null): void {
    if (httpStatus !== null && !this.statuses.has(code)) this.statuses.set(code, httpStatus);
    if (timestamp === null) this.withoutTimestamp++;
    else this.hours.add(Math.floor(timestamp / HOUR_MS) * HOUR_MS);
    if (requestId === null) return;
    const entry = this.requestIds.get(requestId);
    if (entry) entry.count++;
    else if (this.budget.left > 0) {
      this.budget.left--;
      this.requestIds.set(requestId, { code, count: 1 });
    } else this.uncountedRequestIds++;
  }

  result(): SummaryPart {
    return {
      hours: this.hours.entries(),
      beforeFirstHour: this.hours.beforeFirstHour,
      withoutTimestamp: this.withoutTimestamp,
      requestIds: [...this.requestIds]
        .sort((a, b) => b[1].count - a[1].count || compare(a[0], b[0]))
        .map(([id, { code, count }]) => [id, code, count]),
      uncountedRequestIds: this.uncountedRequestIds,
      statuses: [...this.statuses],
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
