/** Timestamps the scanner recognises at the start of log entries and in JSON log fields. */

// ISO 8601, `yyyy-MM-dd HH:mm:ss[.SSS]` and Go's `yyyy/MM/dd HH:mm:ss`, with an optional zone.
const DATE_TIME = /(\d{4})([-/])(\d{2})\2(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s?(Z|[+-]\d{2}:?\d{2})?/;
// Epoch seconds (or milliseconds) in JSON log fields: "ts":1700000000.123
const EPOCH_FIELD = /"(?:ts|time|timestamp|@timestamp|t)"\s*:\s*(\d{10}|\d{13})(?:\.(\d+))?\b/;

function zoneOffsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
}

/** Milliseconds since the epoch of the first timestamp in `text`; times without a zone are taken as UTC. */
export function parseTimestamp(text: string): number | null {
  const dateTime = DATE_TIME.exec(text);
  if (dateTime) {
    const [, y, , mo, d, h, mi, s, frac, zone] = dateTime;
    const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
    const value = utc - zoneOffsetMs(zone);
    return Number.isFinite(value) ? value : null;
  }
  const epoch = EPOCH_FIELD.exec(text);
  if (epoch) {
    const whole = Number(epoch[1]);
    if (epoch[1]?.length === 13) return whole;
    return whole * 1000 + (epoch[2] ? Math.round(Number(`0.${epoch[2]}`) * 1000) : 0);
  }
  return null;
}
