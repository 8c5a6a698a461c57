// A worker of the ordered pool's unit tests: a task says how many batches to emit, how long to wait
// first, and whether to wait for the test's go-ahead (a shared flag) or to die.
import { parentPort, workerData } from 'node:worker_threads';
import { serveJobs } from '../../server/src/core/workers/serveJobs';

export interface PoolTestTask {
  name: string;
  batches: number;
  delayMs?: number;
  /** Wait until the shared flag (Int32 0 of `workerData.shared`) is set. */
  waitForGo?: boolean;
  /** Exit the worker thread half way. */
  die?: boolean;
}

const shared = new Int32Array((workerData as { shared: SharedArrayBuffer }).shared);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

if (parentPort)
  serveJobs<PoolTestTask, string>(parentPort, async (task, emitter) => {
    if (task.delayMs) await sleep(task.delayMs);
    while (task.waitForGo && Atomics.load(shared, 0) === 0) await sleep(5);
    for (let i = 0; i < task.batches; i++) {
      if (task.die && i === 1) process.exit(3);
      emitter.emit(`${task.name}:${i}`);
      // Slot 1 counts the batches this worker has been allowed past (its flushes that returned).
      if (!(await emitter.flush())) return;
      Atomics.add(shared, 1, 1);
    }
  });
