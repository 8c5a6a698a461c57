import { INTERRUPTED_EXIT, type CliIo, type Interruption } from './io';

/**
 * A scan's way to stop on SIGINT or SIGTERM: the first signal stops reading (the scan then ends its
 * report with what it found), a second ends the program at once.
 */
export class ScanInterrupt {
  signal: Interruption | null = null;
  private readonly aborted = new AbortController();
  private readonly stopListening: () => void;

  constructor(onInterrupt: CliIo['onInterrupt'], exit: (code: number) => void) {
    this.stopListening =
      onInterrupt?.((signal) => {
        if (this.signal) return exit(INTERRUPTED_EXIT[signal]);
        this.signal = signal;
        this.aborted.abort();
      }) ?? (() => undefined);
  }

  readonly cancelled = () => this.signal !== null;

  /** Aborted at the first signal: what runs until interrupted (`scan --follow`) stops there. */
  get stopping(): AbortSignal {
    return this.aborted.signal;
  }

  /** The exit code of the interrupted run. */
  get exitCode(): number {
    return this.signal ? INTERRUPTED_EXIT[this.signal] : 0;
  }

  /** `source` until the interruption: stdin waiting for a line that never comes stops waiting. */
  reading<T>(source: AsyncIterable<T>): AsyncIterable<T> {
    const signal = this.aborted.signal;
    return {
      async *[Symbol.asyncIterator]() {
        const iterator = source[Symbol.asyncIterator]();
        // Stops the source at the signal itself, not when the reader next asks: a reader already
        // stopping may never ask, and stdin left open keeps the process alive for ever. A stream is
        // destroyed directly, since an async iterator's return() waits behind a pending next().
        const release = (): void => {
          if (isDestroyable(source)) source.destroy();
          else iterator.return?.()?.catch(() => undefined);
        };
        const stop = new Promise<IteratorResult<T>>((resolve) => {
          const end = () => {
            resolve({ done: true, value: undefined });
            release();
          };
          if (signal.aborted) end();
          else signal.addEventListener('abort', end, { once: true });
        });
        try {
          for (;;) {
            const next = await Promise.race([iterator.next(), stop]);
            if (next.done) return;
            yield next.value;
          }
        } finally {
          // Nothing more is read. Not awaited: a source still waiting for its next chunk may finish
          // that wait first, which stdin may never do.
          release();
        }
      },
    };
  }

  dispose(): void {
    this.stopListening();
  }
}

/** A stream (stdin) that can be closed while a read of it is still waiting. */
function isDestroyable(source: object): source is { destroy(): void } {
  return typeof (source as { destroy?: unknown }).destroy === 'function';
}
