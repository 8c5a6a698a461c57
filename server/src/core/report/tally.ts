import type { ScanSummary } from './types';

/** An empty object without a prototype, for values keyed by text from files or user catalogs. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/**
 * Counts per code. Codes come from user catalogs, so they are keyed in a Map and handed out as an
 * object without a prototype: a code named `constructor` or `__proto__` is counted like any other.
 */
export class CodeCounts {
  private readonly counts = new Map<string, number>();

  add(code: string, count = 1): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + count);
  }

  /** The counts in the order codes were first seen, as a null-prototype object (for JSON). */
  toRecord(): Record<string, number> {
    const record = emptyRecord<number>();
    for (const [code, count] of this.counts) record[code] = count;
    return record;
  }
}

/** Files, findings and counts per code of a scan, as the report writers end with. */
export class ScanTally {
  files = 0;
  findings = 0;
  /** Files and folders left out: binary, or not readable. */
  notScanned = 0;
  private readonly byCode = new CodeCounts();

  addFile(): void {
    this.files++;
  }

  /** Counts `count` findings of `code` (one by default). */
  add(code: string, count = 1): void {
    this.findings += count;
    this.byCode.add(code, count);
  }

  summary(): ScanSummary {
    const summary: ScanSummary = { files: this.files, findings: this.findings, byCode: this.byCode.toRecord() };
    // Present only when something was left out, so a complete report reads as it always has.
    if (this.notScanned > 0) summary.notScanned = this.notScanned;
    return summary;
  }
}
