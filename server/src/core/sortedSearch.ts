/**
 * Binary search over `count` ascending values read by `valueAt`: the index of the last value at or
 * before `target`, or -1 when every value is after it. Line starts and finding offsets are searched
 * with it.
 */
export function lastAtOrBefore(count: number, valueAt: (index: number) => number, target: number): number {
  let lo = 0;
  let hi = count - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (valueAt(mid) <= target) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Index of the first of the ascending `values` at or after `target` (`values.length` when none is). */
export function firstAtOrAfter(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
