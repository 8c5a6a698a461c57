import { CHANGE_RULES, MEMBERSHIP_EVENTS } from './changeEvents';

/**
 * Most of a trail is calls the timeline only counts: successful Decrypts, DescribeKeys and the like.
 * Such an event is recognised without parsing it (a trail of a million events is mostly these), and
 * only its time and caller are read. Anything that may matter (a change, a membership, a failed call,
 * a value holding several events) is parsed in full.
 */
export interface RoutineEvent {
  time: number;
  /** Set when the caller is a RAM user: which user an AccessKey belongs to. */
  user: { name: string; accessKeyId: string } | null;
}

const KEPT: ReadonlySet<string> = new Set([...CHANGE_RULES.keys(), ...MEMBERSHIP_EVENTS]);
// A field's text value, plain (`"eventName": "Decrypt"`), escaped inside a JSON string (SLS's `event`)
// or flattened (`"event.eventName"`). Every pattern is linear: bounded runs of one character class.
const field = (name: string) => new RegExp(`[".]${name}\\\\?"\\s{0,8}:\\s{0,8}\\\\?"([^"\\\\]{0,512})`);
const EVENT_NAME = field('eventName');
const EVENT_TIME = field('eventTime');
const ERROR_CODE = field('errorCode');
const ACCESS_KEY = field('accessKeyId');
const USER_NAME = field('userName');
const TYPE = field('type');
const ISO_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The time and caller of a value that is one routine event; null when the value must be parsed. Who
 * owns an AccessKey is read only the first time it is seen (`knownAccessKey` says when it was).
 */
export function routineEvent(text: string, knownAccessKey: (id: string) => boolean): RoutineEvent | null {
  if (!startsWithObject(text) || text.includes('"Events"')) return null;
  const name = EVENT_NAME.exec(text)?.[1];
  if (!name || KEPT.has(name)) return null;
  const error = ERROR_CODE.exec(text);
  if (!error || (error[1] ?? '') !== '') return null;
  const timeText = EVENT_TIME.exec(text)?.[1];
  if (!timeText || !ISO_TIME.test(timeText)) return null;
  const time = Date.parse(timeText.replace(' ', 'T'));
  if (!Number.isFinite(time)) return null;
  const accessKeyId = ACCESS_KEY.exec(text)?.[1];
  if (!accessKeyId || knownAccessKey(accessKeyId) || TYPE.exec(text)?.[1] !== 'ram-user') return { time, user: null };
  const user = USER_NAME.exec(text)?.[1];
  return { time, user: user ? { name: user, accessKeyId } : null };
}

function startsWithObject(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b) return true;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return false;
  }
  return false;
}
