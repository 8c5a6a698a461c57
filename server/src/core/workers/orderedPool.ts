import { Worker } from 'node:worker_threads';
import { turnTaker } from '../turns';
import type { FromWorker, JobEmitter, JobHandler, ToWorker } from './jobs';

/** A job of a run: a task for a worker thread, or work that must stay on this thread (stdin, an open editor). */
export type Job<T, E> = { task: T } | { local: (emitter: JobEmitter<E>) => Promise<void> };

export interface OrderedRunOptions<T, E> {
  /** The worker script (the bundle's scanWorker.js); null runs everything on this thread. */
  workerFile: string | null;
  /** Given to each worker as `workerData`: what every task of the run shares (the catalog, the format). */
  workerData: unknown;
  /** Most worker threads; workers start only as tasks wait for them, so never more than the jobs. */
  size: number;
  /** Runs a task on this thread: the one-core path, and the path of a run with a single job. */
  runHere: JobHandler<T, E>;
  /** Reports one event; the next event waits for the promise it returns (a reader that lags). */
  deliver(event: E): void | Promise<void>;
  /** The event that reports a task whose worker failed (it died, or its script threw). */
  failed(task: T, message: string): E;
  /** Checked between jobs and chunks: once true, the job being reported ends at its next chunk and no other starts. */
  cancelled?(): boolean;
}

/**
 * A worker's heap: the scanner needs little (a 50 MB one-line log scans within 64 MB), but V8 grows a
 * heap lazily towards its limits, and two default-sized worker heaps beside the main thread's took
 * a folder scan past 300 MB of RSS. With these, the 1 GB bench folder peaks under 200 MB (184 MB).
 * A young generation of 4 MB was collected so often that the workers spent a fifth of their time in
 * GC on that folder; 8 MB halved it, and 16 MB takes a fifth off the CPU time of the folder (fewer
 * objects promoted, fewer full collections): it fits under 200 MB since large files are read in
 * pieces of 256 KB (see files.ts).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

/** How often a run that waits on its workers looks whether it was cancelled. */
const CANCEL_CHECK_MS = 50;

/**
 * Tasks a worker holds at once: the one it runs and the next, so that it starts the next as soon as
 * it is done rather than after a message to this thread and back (a group of small files takes a few
 * milliseconds, and this thread may be busy walking folders or writing the report meanwhile).
 */
const TASKS_PER_WORKER = 2;

interface Slot<T, E> {
  job: Job<T, E>;
  id: number;
  batches: E[][];
  done: boolean;
  worker: PoolWorker<T> | null;
}

interface PoolWorker<T> {
  thread: Worker;
  /** The slots it was given, in order: it runs the first, the others wait on it. Empty when idle. */
  given: number[];
  send(message: ToWorker<T>): void;
}

/**
 * Runs a sequence of jobs on worker threads, reporting their events in the jobs' order, exactly as
 * running them one after another on this thread would: the same events, the same order. A single job,
 * or `size` 1, runs here with no worker started. Memory stays bounded: at most `4 * size` jobs are
 * in flight, and a worker waits once a few of its batches are held unreported (see serveJobs).
 * Cancelled, it reports nothing more and resolves to false (the job running here, if any, ends at
 * its next chunk as it would on one thread).
 */
export async function runOrdered<T, E>(
  jobs: AsyncIterable<Job<T, E>>,
  options: OrderedRunOptions<T, E>,
): Promise<boolean> {
  const isCancelled = () => options.cancelled?.() ?? false;
  // Jobs run here let the event loop turn every few milliseconds (a language server answers meanwhile).
  const turn = turnTaker();
  const runHere = async (job: Job<T, E>) => {
    await turn();
    const emitter = localEmitter(options.deliver, isCancelled, turn);
    if ('local' in job) await job.local(emitter);
    else await options.runHere(job.task, emitter);
    await emitter.flush();
  };
  const source = jobs[Symbol.asyncIterator]();
  const ahead: Job<T, E>[] = [];
  // Look one job ahead: a run of a single file needs no worker.
  for (let i = 0; i < 2; i++) {
    const next = await source.next();
    if (next.done) break;
    ahead.push(next.value);
  }
  if (options.size <= 1 || options.workerFile === null || ahead.length < 2) {
    for (let job = ahead.shift(); job; job = ahead.shift()) {
      if (isCancelled()) return false;
      await runHere(job);
    }
    for await (const job of { [Symbol.asyncIterator]: () => source }) {
      if (isCancelled()) return false;
      await runHere(job);
    }
    return !isCancelled();
  }
  const run = new PoolRun(options, options.workerFile, source, ahead, runHere);
  try {
    return await run.run();
  } finally {
    await run.close();
  }
}

/** A job run on this thread reports its events as it flushes them. */
function localEmitter<E>(
  deliver: (event: E) => void | Promise<void>,
  cancelled: () => boolean,
  turn: () => Promise<void>,
): JobEmitter<E> {
  let pending: E[] = [];
  return {
    emit(event) {
      pending.push(event);
    },
    async flush() {
      const events = pending;
      pending = [];
      for (const event of events) await deliver(event);
      await turn();
      return !cancelled();
    },
    cancelled,
  };
}

class PoolRun<T, E> {
  private readonly slots: Slot<T, E>[] = [];
  private readonly byId = new Map<number, Slot<T, E>>();
  private readonly workers: PoolWorker<T>[] = [];
  private nextId = 0;
  private exhausted = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly options: OrderedRunOptions<T, E>,
    private readonly workerFile: string,
    private readonly source: AsyncIterator<Job<T, E>>,
    private readonly ahead: Job<T, E>[],
    private readonly runHere: (job: Job<T, E>) => Promise<void>,
  ) {}

  async run(): Promise<boolean> {
    const window = 4 * this.options.size;
    for (;;) {
      // Cancelled: nothing more is reported, and workers stop at their next chunk (then are terminated).
      if (this.options.cancelled?.()) {
        for (const worker of this.workers) worker.send({ type: 'cancel' });
        return false;
      }
      while (!this.exhausted && this.slots.length < window) await this.pull();
      this.assign();
      const head = this.slots[0];
      if (!head) return true;
      if ('local' in head.job) {
        await this.runHere(head.job);
        this.shiftHead();
        continue;
      }
      const batch = head.batches.shift();
      if (batch) {
        for (const event of batch) await this.options.deliver(event);
        head.worker?.send({ type: 'ack' });
        continue;
      }
      if (head.done) {
        this.shiftHead();
        continue;
      }
      // Woken by a worker's message, or after a while to look at cancellation again.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CANCEL_CHECK_MS);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.thread.terminate()));
  }

  private shiftHead(): void {
    const head = this.slots.shift();
    if (head) this.byId.delete(head.id);
  }

  private async pull(): Promise<void> {
    let job = this.ahead.shift();
    if (!job) {
      const next = await this.source.next();
      if (next.done) {
        this.exhausted = true;
        return;
      }
      job = next.value;
    }
    const slot: Slot<T, E> = { job, id: this.nextId++, batches: [], done: false, worker: null };
    this.slots.push(slot);
    this.byId.set(slot.id, slot);
  }

  /**
   * Gives waiting tasks, in order, to idle workers, starting a worker while fewer than `size` run,
   * then to busy workers with room for one more (see TASKS_PER_WORKER).
   */
  private assign(): void {
    for (const slot of this.slots) {
      if ('local' in slot.job || slot.worker || slot.done) continue;
      const worker = this.workers.find((w) => w.given.length === 0) ?? this.start() ?? this.leastBusy();
      if (!worker) return;
      worker.given.push(slot.id);
      slot.worker = worker;
      worker.send({ type: 'task', id: slot.id, task: slot.job.task });
    }
  }

  private leastBusy(): PoolWorker<T> | null {
    let best: PoolWorker<T> | null = null;
    for (const worker of this.workers)
      if (worker.given.length < TASKS_PER_WORKER && (!best || worker.given.length < best.given.length)) best = worker;
    return best;
  }

  private start(): PoolWorker<T> | null {
    if (this.workers.length >= this.options.size) return null;
    const thread = new Worker(this.workerFile, { workerData: this.options.workerData, resourceLimits: WORKER_LIMITS });
    const worker: PoolWorker<T> = { thread, given: [], send: (message) => thread.postMessage(message) };
    thread.on('message', (message: FromWorker<E>) => this.received(worker, message));
    const lost = (message: string) => {
      const index = this.workers.indexOf(worker);
      if (index >= 0) this.workers.splice(index, 1);
      // The task it ran failed; those waiting on it never started, and go to another worker.
      const [running, ...waiting] = worker.given.map((id) => this.byId.get(id));
      if (running && !running.done && 'task' in running.job) {
        running.batches.push([this.options.failed(running.job.task, message)]);
        running.done = true;
      }
      for (const slot of waiting) if (slot) slot.worker = null;
      worker.given = [];
      this.signal();
    };
    thread.on('error', (error) => lost(error.message));
    thread.on('exit', (code) => lost(`the scan worker stopped (exit code ${code})`));
    this.workers.push(worker);
    return worker;
  }

  private received(worker: PoolWorker<T>, message: FromWorker<E>): void {
    const slot = this.byId.get(message.id);
    if (message.type === 'batch') slot?.batches.push(message.events);
    if (message.type !== 'batch' || message.done) {
      if (slot) {
        if (message.type === 'failed' && 'task' in slot.job)
          slot.batches.push([this.options.failed(slot.job.task, message.message)]);
        slot.done = true;
      }
      const index = worker.given.indexOf(message.id);
      if (index >= 0) worker.given.splice(index, 1);
    }
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
