import type { MessagePort } from 'node:worker_threads';
import { MAX_UNACKED_BATCHES, type FromWorker, type JobEmitter, type JobHandler, type ToWorker } from './jobs';

/**
 * The worker's side of the pool: runs the tasks it is sent one at a time, in the order sent, and posts
 * their events in batches. Past {@link MAX_UNACKED_BATCHES} batches not yet reported by the main
 * thread it waits, so a worker that runs ahead of the report cannot fill the memory.
 */
export function serveJobs<T, E>(port: MessagePort, handler: JobHandler<T, E>): void {
  let unacked = 0;
  let cancelled = false;
  let credit: (() => void) | null = null;
  const queue: Array<{ id: number; task: T }> = [];
  let running = false;

  const post = (message: FromWorker<E>) => port.postMessage(message);

  async function run(id: number, task: T): Promise<void> {
    let pending: E[] = [];
    const emitter: JobEmitter<E> = {
      emit(event) {
        pending.push(event);
      },
      async flush() {
        if (pending.length > 0) {
          post({ type: 'batch', id, events: pending });
          pending = [];
          unacked++;
        }
        while (unacked >= MAX_UNACKED_BATCHES && !cancelled) await new Promise<void>((resolve) => (credit = resolve));
        return !cancelled;
      },
      cancelled: () => cancelled,
    };
    try {
      await handler(task, emitter);
      if (pending.length > 0) {
        post({ type: 'batch', id, events: pending, done: true });
        pending = [];
        unacked++;
      } else post({ type: 'done', id });
    } catch (error) {
      post({ type: 'failed', id, message: (error as Error).message });
    }
  }

  async function drain(): Promise<void> {
    running = true;
    for (let next = queue.shift(); next; next = queue.shift()) await run(next.id, next.task);
    running = false;
  }

  port.on('message', (message: ToWorker<T>) => {
    if (message.type === 'ack') {
      unacked--;
      credit?.();
      credit = null;
    } else if (message.type === 'cancel') {
      cancelled = true;
      credit?.();
      credit = null;
    } else {
      queue.push({ id: message.id, task: message.task });
      // run() reports every failure as a message, so drain() never rejects.
      if (!running) drain().catch(() => {});
    }
  });
}
