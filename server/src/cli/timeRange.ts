import { CliError } from './errors';

/** `--since` / `--until` as milliseconds since the epoch: findings are kept when since <= time < until. */
export interface TimeRange {
  since: number | null;
  until: number | null;
}

// A date, or a date-time with minutes and optional seconds, fraction and zone; `T` or a space between.
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** Parses an ISO 8601 date or date-time; without a zone it is UTC. Null when invalid. */
function parseIsoTime(text: string): number | null {
  const match = ISO.exec(text.trim());
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = match;
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  const utc = Date.UTC(...parts, ms);
  // Date.UTC rolls 2026-02-30 over to March: a changed field means the value did not exist.
  const back = new Date(utc);
  const fields = [
    back.getUTCFullYear(),
    back.getUTCMonth(),
    back.getUTCDate(),
    back.getUTCHours(),
    back.getUTCMinutes(),
    back.getUTCSeconds(),
  ];
  if (fields.some((value, i) => value !== parts[i])) return null;
  let offset = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2, 4));
    if (hours > 23 || minutes > 59) return null;
    offset = (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  return utc - offset;
}

function option(name: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const time = parseIsoTime(value);
  if (time === null)
    throw new CliError(
      `kms-diagnose: --${name} must be an ISO 8601 date or date-time such as 2026-11-20 or 2026-11-20T08:30:00Z (got ${JSON.stringify(value)})`,
    );
  return time;
}

/** The range from the command line options; a usage error (exit 2) when a value is invalid or empty. */
export function timeRange(since: string | undefined, until: string | undefined): TimeRange {
  const range = { since: option('since', since), until: option('until', until) };
  if (range.since !== null && range.until !== null && range.since >= range.until)
    throw new CliError(`kms-diagnose: --since (${since}) must be earlier than --until (${until})`);
  return range;
}

export function inRange(range: TimeRange, time: number): boolean {
  return (range.since === null || time >= range.since) && (range.until === null || time < range.until);
}
