/**
 * The pace of a live input (a pipe from `kubectl logs -f`, a log followed as it grows): its text as
 * it comes, and the moments its writer falls silent. The scanner hands findings out at those
 * moments instead of waiting for more text (see StreamScanner.caughtUp and pause).
 */
export type LiveStep =
  | { text: string }
  /** Nothing more is ready to read: the reader has caught up with the writer. */
  | 'caught-up'
  /** Nothing more came for the quiet gap: the writer has paused. */
  | 'quiet';

/** How long a live input stays silent before its last lines are taken as complete records. */
export const QUIET_GAP_MS = 200;

const TIMED_OUT = Symbol('timed out');

/** The result of `promise`, or TIMED_OUT when `wait` fires first (its timer is cleared either way). */
async function before<T>(promise: Promise<T>, wait: (fire: () => void) => () => void): Promise<T | typeof TIMED_OUT> {
  let cancel = () => {};
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => (cancel = wait(() => resolve(TIMED_OUT))));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    cancel();
  }
}

const nextTurn = (fire: () => void) => {
  const handle = setImmediate(fire);
  return () => clearImmediate(handle);
};

const after = (ms: number) => (fire: () => void) => {
  const handle = setTimeout(fire, ms);
  return () => clearTimeout(handle);
};

/**
 * The chunks of `input`, with `caught-up` whenever the next one is not ready at once, then `quiet`
 * when it has not come within `quietMs`. Only timers are involved: the input is read as it would be.
 */
export async function* liveSteps(input: AsyncIterable<string>, quietMs: number): AsyncGenerator<LiveStep> {
  const chunks = input[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<string>> | null = null;
  try {
    for (;;) {
      const next = chunks.next();
      pending = next;
      // A read that fails while a timer waits is still awaited below: this only keeps it from
      // counting as unhandled in the meantime.
      next.catch(() => {});
      let result = await before(next, nextTurn);
      if (result === TIMED_OUT) {
        yield 'caught-up';
        result = await before(next, after(quietMs));
        if (result === TIMED_OUT) {
          yield 'quiet';
          result = await next;
        }
      }
      pending = null;
      if (result.done) return;
      yield { text: result.value };
    }
  } finally {
    // An input left while a read is pending is told so without waiting for that read (it may never end).
    const closing = chunks.return?.();
    if (pending) closing?.catch(() => {});
    else await closing;
  }
}
