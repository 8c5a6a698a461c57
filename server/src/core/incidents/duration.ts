/** Durations as people write them for a look-back window: `90s`, `30m`, `24h`, `7d`, `1d12h`. */

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(?:(\d{1,6})d)?(?:(\d{1,6})h)?(?:(\d{1,6})m)?(?:(\d{1,6})s)?$/;

/** Milliseconds of a duration such as `24h` or `1d12h`; null when the text is not one, or is zero. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim().toLowerCase());
  if (!m || text.trim().length === 0) return null;
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  const ms =
    Number(d) * (UNIT_MS['d'] ?? 0) +
    Number(h) * (UNIT_MS['h'] ?? 0) +
    Number(min) * (UNIT_MS['m'] ?? 0) +
    Number(s) * (UNIT_MS['s'] ?? 0);
  return ms > 0 ? ms : null;
}

/** A duration in its largest whole unit or two: `4 s`, `2 min 5 s`, `3 h 10 min`, `2 d 4 h`. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 === 0 ? `${minutes} min` : `${minutes} min ${seconds % 60} s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/** A duration in the form `--window` takes, for reports: `24h`, `36h`, `7d`, `90m`. */
export function durationOption(ms: number): string {
  if (ms % 86_400_000 === 0 && ms >= 7 * 86_400_000) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms < 3_600_000) return `${ms / 60_000}m`;
  let rest = Math.round(ms / 1000);
  let out = '';
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out || '0s';
}
