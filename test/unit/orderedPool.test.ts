import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { MAX_UNACKED_BATCHES } from '../../server/src/core/workers/jobs';
import { runOrdered, type Job } from '../../server/src/core/workers/orderedPool';
import type { PoolTestTask } from '../support/poolWorker';

const workerFile = path.join(__dirname, '..', 'support', 'poolWorker.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function* jobsOf(list: Array<Job<PoolTestTask, string>>) {
  for (const job of list) yield job;
}

/** What running the tasks one after another on this thread reports. */
function expected(tasks: PoolTestTask[]): string[] {
  return tasks.flatMap((t) => Array.from({ length: t.batches }, (_, i) => `${t.name}:${i}`));
}

function run(list: Array<Job<PoolTestTask, string>>, options: { size?: number; shared?: SharedArrayBuffer } = {}) {
  const events: string[] = [];
  const here: string[] = [];
  const done = runOrdered(jobsOf(list), {
    workerFile,
    workerData: { shared: options.shared ?? new SharedArrayBuffer(8) },
    size: options.size ?? 3,
    runHere: async (task, emitter) => {
      here.push(task.name);
      for (let i = 0; i < task.batches; i++) {
        emitter.emit(`${task.name}:${i}`);
        await emitter.flush();
      }
    },
    deliver: (event) => {
      events.push(event);
    },
    failed: (task, message) => `${task.name} failed: ${message}`,
  });
  return { events, here, done };
}

describe('runOrdered: jobs on worker threads, events in the order of the jobs', () => {
  it('reports in job order when later jobs finish first', async () => {
    // The first jobs are the slowest, so the workers finish them last.
    const tasks = Array.from({ length: 9 }, (_, i) => ({ name: `t${i}`, batches: 1 + (i % 3), delayMs: (9 - i) * 15 }));
    const { events, here, done } = run(tasks.map((task) => ({ task })));
    assert.equal(await done, true);
    assert.deepEqual(events, expected(tasks));
    assert.deepEqual(here, [], 'every task ran on a worker');
  });

  it('runs a single job here, with no worker', async () => {
    const { events, here, done } = run([{ task: { name: 'only', batches: 2 } }]);
    assert.equal(await done, true);
    assert.deepEqual(here, ['only']);
    assert.deepEqual(events, ['only:0', 'only:1']);
  });

  it('runs local jobs here in their place among worker jobs', async () => {
    const local = (name: string): Job<PoolTestTask, string> => ({
      local: async (emitter) => {
        emitter.emit(`${name}:local`);
        await emitter.flush();
      },
    });
    const { events, done } = run([
      { task: { name: 'a', batches: 2, delayMs: 60 } },
      local('stdin'),
      { task: { name: 'b', batches: 1 } },
      local('open'),
    ]);
    assert.equal(await done, true);
    assert.deepEqual(events, ['a:0', 'a:1', 'stdin:local', 'b:0', 'open:local']);
  });

  it('makes a worker that runs ahead wait once its unreported batches reach the bound', async () => {
    const shared = new SharedArrayBuffer(8);
    const flags = new Int32Array(shared);
    const tasks = [
      { name: 'slow', batches: 1, waitForGo: true },
      { name: 'ahead', batches: 40 },
    ];
    const { events, done } = run(
      tasks.map((task) => ({ task })),
      { size: 2, shared },
    );
    await sleep(500);
    assert.ok(Atomics.load(flags, 1) <= MAX_UNACKED_BATCHES, `${Atomics.load(flags, 1)} batches went ahead`);
    assert.deepEqual(events, []);
    Atomics.store(flags, 0, 1);
    assert.equal(await done, true);
    assert.deepEqual(events, expected(tasks));
  });

  it('reports a worker that died as a failed task, in its place, and carries on', async () => {
    const { events, done } = run([
      { task: { name: 'a', batches: 1 } },
      { task: { name: 'dies', batches: 3, die: true } },
      { task: { name: 'c', batches: 2 } },
    ]);
    assert.equal(await done, true);
    assert.deepEqual(events, ['a:0', 'dies:0', 'dies failed: the scan worker stopped (exit code 3)', 'c:0', 'c:1']);
  });

  it('gives the tasks a dead worker held but had not started to another worker', async () => {
    // Each worker holds the task it runs and the next: `after` waits behind `dies` on its worker.
    const tasks = [
      { name: 'a', batches: 1, delayMs: 200 },
      { name: 'dies', batches: 3, die: true, delayMs: 50 },
      { name: 'b', batches: 1 },
      { name: 'after', batches: 2 },
      { name: 'c', batches: 1 },
    ];
    const { events, done } = run(
      tasks.map((task) => ({ task })),
      { size: 2 },
    );
    assert.equal(await done, true);
    assert.deepEqual(events, [
      'a:0',
      'dies:0',
      'dies failed: the scan worker stopped (exit code 3)',
      'b:0',
      'after:0',
      'after:1',
      'c:0',
    ]);
  });

  it('stops at the next chunk of the job being reported when cancelled, and starts no other', async () => {
    const events: string[] = [];
    const tasks = Array.from({ length: 6 }, (_, i) => ({ name: `t${i}`, batches: 5, delayMs: 10 }));
    const complete = await runOrdered(jobsOf(tasks.map((task) => ({ task }))), {
      workerFile,
      workerData: { shared: new SharedArrayBuffer(8) },
      size: 2,
      runHere: async () => {},
      deliver: (event) => {
        events.push(event);
      },
      failed: (task) => `${task.name} failed`,
      cancelled: () => events.length >= 2,
    });
    assert.equal(complete, false);
    assert.ok(
      events.every((e) => e.startsWith('t0:')),
      events.join(' '),
    );
    assert.ok(events.length < 5, 'the job stopped before its end');
  });
});
