import type { Catalog } from '../catalog/catalog';
import type { ErrorRecord, Finding } from '../scanner/types';
import type { InspectionSummary } from '#shared/reports';

export type { InspectionSummary };

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
  private beforeFirstHour = 0;
  private uncountedRequestIds = 0;
  private lastPath: string | undefined;
  private latestHour = -Infinity;
  private readonly codes = new Map<string, { httpStatus: number | null; count: number }>();
  private readonly hours = new Map<number, number>();
  private readonly requestIds = new Map<string, { code: string; count: number }>();
  private readonly maxHours: number;
  private readonly maxHourKeys: number;
  private readonly maxRequestIds: number;
  private readonly topCount: number;

  constructor(private readonly options: SummaryOptions = {}) {
    this.maxHours = Math.max(1, options.maxHours ?? 24 * 31);
    this.maxHourKeys = Math.max(4 * this.maxHours, 10_000);
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
    const code = this.codes.get(finding.code);
    if (code) {
      code.count++;
      code.httpStatus ??= record.httpStatus;
    } else {
      const documented = this.options.catalog?.lookup(finding.code)?.entry.httpStatus;
      this.codes.set(finding.code, { httpStatus: documented ?? record.httpStatus, count: 1 });
    }
    if (record.timestamp === null) this.withoutTimestamp++;
    else this.addHour(Math.floor(record.timestamp / HOUR_MS) * HOUR_MS);
    if (record.requestId !== null) this.addRequestId(record.requestId, finding.code);
  }

  result(): InspectionSummary {
    const byCode = [...this.codes]
      .map(([code, { httpStatus, count }]) => ({ code, httpStatus, count }))
      .sort((a, b) => b.count - a.count || compare(a.code, b.code));
    const topRequestIds = [...this.requestIds]
      .map(([requestId, { code, count }]) => ({ requestId, code, count }))
      .sort((a, b) => b.count - a.count || compare(a.requestId, b.requestId))
      .slice(0, this.topCount);
    const { byHour, older } = this.hourBuckets();
    return {
      files: this.files,
      findings: this.findings,
      byCode,
      byHour,
      beforeFirstHour: this.beforeFirstHour + older,
      topRequestIds,
      uncountedRequestIds: this.uncountedRequestIds,
      withoutTimestamp: this.withoutTimestamp,
    };
  }

  private addHour(hour: number): void {
    this.latestHour = Math.max(this.latestHour, hour);
    // The window only moves forward, so an hour before it now can never be shown.
    const windowStart = this.latestHour - (this.maxHours - 1) * HOUR_MS;
    if (hour < windowStart) {
      this.beforeFirstHour++;
      return;
    }
    this.hours.set(hour, (this.hours.get(hour) ?? 0) + 1);
    if (this.hours.size <= this.maxHourKeys) return;
    for (const [held, count] of this.hours) {
      if (held >= windowStart) continue;
      this.beforeFirstHour += count;
      this.hours.delete(held);
    }
  }

  private addRequestId(requestId: string, code: string): void {
    const entry = this.requestIds.get(requestId);
    if (entry) entry.count++;
    else if (this.requestIds.size < this.maxRequestIds) this.requestIds.set(requestId, { code, count: 1 });
    else this.uncountedRequestIds++;
  }

  /** Every hour from the first to the last with findings, at most `maxHours`, the latest kept. */
  private hourBuckets(): { byHour: InspectionSummary['byHour']; older: number } {
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
