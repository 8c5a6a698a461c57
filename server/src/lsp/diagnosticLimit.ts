/** What a document shows when it has more diagnostics than the limit. */
export interface Limited<T> {
  /** The items kept, in their original order. */
  shown: T[];
  /** How many were left out. */
  hidden: number;
  /** The first item left out, in the original order. */
  firstHidden: T | undefined;
}

/**
 * Keeps at most `limit` items (`Infinity`: all), the most severe first (1 = error ... 4 = hint, as in LSP) and,
 * within a severity, the earliest. VS Code makes the same choice when a file has more than its own
 * 1000 problems, so a limit of 1000 shows exactly what it would have shown, without sending the rest.
 */
export function limitBySeverity<T>(items: readonly T[], limit: number, severity: (item: T) => number): Limited<T> {
  if (items.length <= limit) return { shown: [...items], hidden: 0, firstHidden: undefined };
  const counts = new Map<number, number>();
  for (const item of items) counts.set(severity(item), (counts.get(severity(item)) ?? 0) + 1);
  // Every item more severe than `cutoff` is kept, and the first `room` items of severity `cutoff`.
  let cutoff = 0;
  let room = limit;
  for (const level of [...counts.keys()].sort((a, b) => a - b)) {
    cutoff = level;
    const count = counts.get(level) ?? 0;
    if (count >= room) break;
    room -= count;
  }
  const shown: T[] = [];
  let firstHidden: T | undefined;
  for (const item of items) {
    const level = severity(item);
    if (level < cutoff || (level === cutoff && room-- > 0)) shown.push(item);
    else firstHidden ??= item;
  }
  return { shown, hidden: items.length - shown.length, firstHidden };
}
