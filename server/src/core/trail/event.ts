/**
 * One ActionTrail event, read from any of the shapes users hold. Field names follow the documentation:
 *
 * - ActionTrail "Management event structure" (alibabacloud.com/help/document_detail/28819.html):
 *   `eventId`, `eventName` (the API name when `eventType` is `ApiCall`), `eventType`, `eventRW`
 *   (`Read`/`Write`), `eventSource`, `eventTime` (UTC), `acsRegion`, `requestId`, `requestParameters`
 *   and `requestParameterJson` (the same, as JSON text), `errorCode` and `errorMessage` (when the call
 *   failed), `serviceName`, `sourceIpAddress`, `userIdentity`.
 * - `userIdentity` fields `type`, `accountId`, `principalId`, `userName`, `accessKeyId`, and an
 *   assumed role's `userName` written `<role>:<session>`: the sample event of "Query ActionTrail events
 *   by assuming a RAM role" (alibabacloud.com/help/en/actiontrail/user-guide/query-actiontrail-events-by-assuming-a-ram-role).
 *   The `type` values `ram-user`, `root-account` and `assumed-role` as SLS alert queries on
 *   `event.userIdentity.type` match them.
 * - KMS events: `serviceName` `Kms`, every API recorded but DescribeRegions ("Use ActionTrail to query
 *   KMS event logs", alibabacloud.com/help/en/kms/key-management-service/support/use-actiontrail-to-query-kms-event-logs,
 *   and its sample events, alibabacloud.com/help/doc-detail/86812.htm).
 * - Delivered to Simple Log Service, the event is the `event` field of a log whose `__topic__` is
 *   `actiontrail_audit_event` or `actiontrail_event`; the SLS pages name its parts `event.eventName`,
 *   `event.userIdentity.userName`, `event.requestParameters.*` (alibabacloud.com/help/en/sls/log-fields-25,
 *   alibabacloud.com/help/en/sls/actiontrail). Exports hold `event` as an object, as JSON text (SLS keeps
 *   it as a string: consumers `json.loads` it), or flattened into `event.`-prefixed keys.
 *
 * Every value is untrusted text: lengths are bounded and nothing is interpreted beyond these fields.
 */

/** Who made the call, as `userIdentity` says. */
export interface Caller {
  type: string | null;
  userName: string | null;
  principalId: string | null;
  accessKeyId: string | null;
  accountId: string | null;
}

export interface TrailEvent {
  eventId: string | null;
  /** `eventTime`, in milliseconds since the epoch. */
  time: number;
  name: string;
  service: string | null;
  region: string | null;
  eventSource: string | null;
  eventType: string | null;
  requestId: string | null;
  /** `eventRW`: `Read` or `Write`; null when the event does not say. */
  readWrite: string | null;
  /** The error of a failed call; null for a call that succeeded (`errorCode` missing or empty). */
  errorCode: string | null;
  errorMessage: string | null;
  /** `requestParameters` whose values are text, numbers or booleans, as text. */
  params: Readonly<Record<string, string>>;
  caller: Caller;
  sourceIp: string | null;
}

/** A value that is not an event, and why. */
export interface NotAnEvent {
  reason: string;
}

const MAX_FIELD = 512;
const MAX_PARAMS = 64;
const MAX_NESTED_JSON = 1 << 20;
const EVENT_NAME = /^[A-Za-z][A-Za-z0-9_.:-]{0,99}$/;
// ISO 8601 as the documentation writes eventTime ("2021-01-01T00:00:00Z"), with optional fraction and offset.
const EVENT_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/i;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The events a parsed JSON value holds: one event, an SLS log holding one, or a container of them
 * (an array, or an object with an `Events` array as a LookupEvents response has).
 */
export function eventsOf(value: unknown): Array<TrailEvent | NotAnEvent> {
  if (Array.isArray(value)) return value.flatMap((item) => (isObject(item) ? [readEvent(item)] : []));
  if (!isObject(value)) return [{ reason: 'not a JSON object' }];
  const events = value['Events'];
  if (Array.isArray(events) && !('eventName' in value)) return eventsOf(events);
  return [readEvent(value)];
}

/** Reads one object as an event: bare, SLS-nested (object or JSON text), or flattened `event.*` keys. */
export function readEvent(raw: JsonObject): TrailEvent | NotAnEvent {
  const body = eventBody(raw);
  if (!body) return { reason: 'no event in this object' };
  const name = text(body['eventName']);
  if (!name || !EVENT_NAME.test(name)) return { reason: 'no eventName' };
  const timeText = text(body['eventTime']);
  const time = timeText && EVENT_TIME.test(timeText) ? Date.parse(timeText.replace(' ', 'T')) : NaN;
  if (!Number.isFinite(time)) return { reason: 'no valid eventTime' };
  const identity = isObject(body['userIdentity']) ? body['userIdentity'] : {};
  const errorCode = text(body['errorCode']);
  return {
    eventId: text(body['eventId']),
    time,
    name,
    service: text(body['serviceName']),
    region: text(body['acsRegion']),
    eventSource: text(body['eventSource']),
    eventType: text(body['eventType']),
    requestId: text(body['requestId']),
    readWrite: text(body['eventRW']),
    errorCode: errorCode && errorCode.length > 0 ? errorCode : null,
    errorMessage: errorCode ? text(body['errorMessage']) : null,
    params: parameters(body),
    caller: {
      type: text(identity['type']),
      userName: text(identity['userName']),
      principalId: text(identity['principalId']),
      accessKeyId: text(identity['accessKeyId']),
      accountId: text(identity['accountId']),
    },
    sourceIp: text(body['sourceIpAddress']),
  };
}

/** The event object inside `raw`, whichever way it was written. */
function eventBody(raw: JsonObject): JsonObject | null {
  if ('eventName' in raw) return raw;
  const nested = raw['event'];
  if (isObject(nested)) return nested;
  if (typeof nested === 'string') return parseObject(nested);
  return unflattened(raw);
}

/** `{"event.eventName": "x", "event.userIdentity.userName": "y"}` as `{eventName: "x", userIdentity: {userName: "y"}}`. */
function unflattened(raw: JsonObject): JsonObject | null {
  let out: JsonObject | null = null;
  for (const [key, value] of Object.entries(raw)) {
    if (!key.startsWith('event.')) continue;
    out ??= {};
    const path = key.slice('event.'.length).split('.');
    let node: JsonObject = out;
    for (const [i, part] of path.entries()) {
      if (part === '__proto__' || part === 'constructor' || part === 'prototype') break;
      if (i === path.length - 1) {
        node[part] = value;
        break;
      }
      const next = node[part];
      if (isObject(next)) node = next;
      else {
        const fresh: JsonObject = typeof next === 'string' ? (parseObject(next) ?? {}) : {};
        node[part] = fresh;
        node = fresh;
      }
    }
  }
  return out;
}

/** `requestParameters` (an object, or JSON text), else `requestParameterJson`; scalar values only, as text. */
function parameters(body: JsonObject): Record<string, string> {
  const given = body['requestParameters'];
  const source: JsonObject | null = isObject(given)
    ? given
    : typeof given === 'string'
      ? parseObject(given)
      : typeof body['requestParameterJson'] === 'string'
        ? parseObject(body['requestParameterJson'])
        : isObject(body['requestParameterJson'])
          ? body['requestParameterJson']
          : null;
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (!source) return out;
  let count = 0;
  for (const [key, value] of Object.entries(source)) {
    if (count >= MAX_PARAMS) break;
    const v = typeof value === 'number' || typeof value === 'boolean' ? String(value) : text(value);
    if (v === null || key.length > 100) continue;
    out[key] = v;
    count++;
  }
  return out;
}

function parseObject(json: string): JsonObject | null {
  if (json.length > MAX_NESTED_JSON || !json.trimStart().startsWith('{')) return null;
  try {
    const value: unknown = JSON.parse(json);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

function text(value: Json | undefined): string | null {
  if (typeof value !== 'string') return null;
  return value.length > MAX_FIELD ? value.slice(0, MAX_FIELD) : value;
}

/** The value of a request parameter, by its documented name, in any letter case. */
export function param(event: TrailEvent, name: string): string | null {
  const exact = event.params[name];
  if (exact !== undefined) return exact;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(event.params)) if (key.toLowerCase() === lower) return value;
  return null;
}
