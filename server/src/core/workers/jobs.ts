/**
 * What a scan job sees of the pool, on a worker thread or on the main thread alike: it emits events
 * as it goes and flushes them after each chunk it reads. A flush waits while the reader of the
 * results lags behind (bounded memory), and says `false` once the run was cancelled.
 */
export interface JobEmitter<E> {
  emit(event: E): void;
  flush(): Promise<boolean>;
  /** Whether the run was cancelled, without flushing: a task of many small files stops between them. */
  cancelled(): boolean;
}

/** Runs one task of a kind, emitting its events in the order they are to be reported. */
export type JobHandler<T, E> = (task: T, emitter: JobEmitter<E>) => Promise<void>;

/** Messages from the main thread to a worker. */
export type ToWorker<T> = { type: 'task'; id: number; task: T } | { type: 'ack' } | { type: 'cancel' };

/** Messages from a worker to the main thread; a task's last batch says that it is done (one message, not two). */
export type FromWorker<E> =
  | { type: 'batch'; id: number; events: E[]; done?: true }
  | { type: 'done'; id: number }
  | { type: 'failed'; id: number; message: string };

/**
 * Batches a worker may have sent and not yet seen reported, before it waits: its share of the memory
 * bound. A batch is one read of 256 KB (about 50 KB of formatted findings), so a worker can finish a
 * whole 8 MB slice of a large log while the slice before it is still being scanned; with fewer, it
 * waited most of the time for the worker behind it.
 */
export const MAX_UNACKED_BATCHES = 40;
