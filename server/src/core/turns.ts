import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * For work done on the main thread in many small steps (a folder of small logs read at once, each
 * step a promise that settles without waiting for I/O): a function to await between steps, which
 * lets the event loop run (an editor's hover, a cancellation) whenever `ms` milliseconds have passed.
 */
export function turnTaker(ms = 10): () => Promise<void> {
  let since = performance.now();
  let calls = 0;
  return async () => {
    // The clock is read every few steps: a step is a small file's scan, a few tens of microseconds.
    if ((++calls & 7) !== 0 || performance.now() - since < ms) return;
    await nextTurn();
    since = performance.now();
  };
}
