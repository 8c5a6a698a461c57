/**
 * Errors over time, in buckets of a size from a ladder where each size divides the next, so that any
 * series can be re-bucketed to a coarser common size exactly. A series that spans too many buckets
 * moves up the ladder (memory stays bounded whatever the time span).
 */

const SECOND = 1000;
/** Bucket sizes: 10 seconds; 1, 5, 15, 30 minutes; 1, 3, 6, 12 hours; 1 day; 7 and 28 days. */
export const BUCKET_LADDER: readonly number[] = [
  10, 60, 300, 900, 1800, 3600, 10_800, 21_600, 43_200, 86_400, 604_800, 2_419_200,
].map((s) => s * SECOND);
const MAX_BUCKETS = 2048;

export class Series {
  private step = 0;
  private counts = new Map<number, number>();

  get bucketMs(): number {
    return BUCKET_LADDER[this.step] ?? SECOND;
  }

  add(time: number, count = 1): void {
    const bucket = Math.floor(time / this.bucketMs);
    this.counts.set(bucket, (this.counts.get(bucket) ?? 0) + count);
    if (this.counts.size > MAX_BUCKETS && this.step < BUCKET_LADDER.length - 1) this.coarsen();
  }

  /** The counts in buckets of `bucketMs` (a ladder size at least this series' own), by bucket start time. */
  buckets(bucketMs: number): Map<number, number> {
    const out = new Map<number, number>();
    for (const [bucket, count] of this.counts) {
      const start = Math.floor((bucket * this.bucketMs) / bucketMs) * bucketMs;
      out.set(start, (out.get(start) ?? 0) + count);
    }
    return out;
  }

  private coarsen(): void {
    const before = this.bucketMs;
    this.step++;
    const after = this.bucketMs;
    const merged = new Map<number, number>();
    for (const [bucket, count] of this.counts) {
      const next = Math.floor((bucket * before) / after);
      merged.set(next, (merged.get(next) ?? 0) + count);
    }
    this.counts = merged;
  }
}

/** The smallest ladder size at least `minimum` that cuts `span` into at most `maxBuckets` buckets. */
export function bucketFor(span: number, minimum: number, maxBuckets: number): number {
  for (const size of BUCKET_LADDER) if (size >= minimum && span / size <= maxBuckets) return size;
  return BUCKET_LADDER.at(-1) ?? SECOND;
}
