import { eventsOf, type TrailEvent } from './event';
import { JsonValueSplitter } from './jsonValues';
import { routineEvent } from './routine';
import type { TrailIndex } from './trailIndex';

/**
 * Reads one trail file's text into the index as it streams: JSON Lines, a JSON array, pretty objects,
 * SLS logs or LookupEvents pages alike. A value that is not JSON, or not an event, is counted with its
 * line and never stops the read. Resolves once the text is read; a read error is thrown on after the
 * events before it were indexed.
 */
export async function readTrail(
  path: string,
  chunks: Iterable<string> | AsyncIterable<string>,
  index: TrailIndex,
  afterChunk: () => void | Promise<void> = () => {},
): Promise<void> {
  index.startFile();
  const splitter = new JsonValueSplitter({
    value(text, line) {
      const routine = routineEvent(text, (id) => index.userOfAccessKey(id) !== null);
      if (routine) {
        index.addRoutine(routine);
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        index.malformed(path, line, 'not JSON');
        return;
      }
      for (const event of eventsOf(parsed)) {
        if (isEvent(event)) index.add(event);
        else index.malformed(path, line, event.reason);
      }
    },
    malformed(line, reason) {
      index.malformed(path, line, reason);
    },
  });
  try {
    for await (const chunk of chunks) {
      splitter.push(chunk);
      await afterChunk();
    }
  } finally {
    splitter.end();
  }
}

function isEvent(value: TrailEvent | { reason: string }): value is TrailEvent {
  return 'name' in value;
}

// What the first kilobytes of a trail file hold, whatever its shape: an event's own field names, or the
// topic of its SLS logs. A log that merely quotes an event on one line does not start with JSON.
const EVENT_FIELDS = /"(?:event\.)?eventName\\?"\s*:/;
const SLS_TOPIC = /"__topic__"\s*:\s*"actiontrail_(?:audit_)?event"/;
const TIME_FIELDS = /"(?:event\.)?(?:eventTime|acsRegion|eventSource)\\?"\s*:/;

/** True when a file's first text is ActionTrail events (the file is then read as a trail, not as a log). */
export function looksLikeTrail(head: string): boolean {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (!text.startsWith('{') && !text.startsWith('[')) return false;
  const sample = text.slice(0, 16_384);
  return SLS_TOPIC.test(sample) || (EVENT_FIELDS.test(sample) && TIME_FIELDS.test(sample));
}
