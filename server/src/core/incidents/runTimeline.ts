import { promises as fs } from 'node:fs';
import type { Catalog } from '../catalog/catalog';
import type { Locale } from '../catalog/types';
import { describeFileError, openText } from '../files/files';
import { selectFiles, type SelectOptions } from '../files/selection';
import { readTrail, looksLikeTrail } from '../trail/readTrail';
import { runOrdered, type Job } from '../workers/orderedPool';
import { TimelineAssembler } from './assembler';
import { observeFile, type ObserveEvent, type ObserveTask } from './observeFile';
import type { TimelineReport } from './timeline';

export interface TimelineRunOptions {
  /** Logs: files and folders; a file whose text is ActionTrail events is read as a trail. */
  paths: readonly string[];
  /** Trails: files and folders read as ActionTrail events whatever their names. */
  trails: readonly string[];
  windowMs: number;
  catalog: Catalog;
  locale: Locale;
  selection: SelectOptions;
  /** Worker threads for the logs; 1 scans here. */
  jobs: number;
  /** The worker script, or null to scan every log on this thread. */
  workerFile: string | null;
  /** A path that could not be read, and why; the run goes on without it. */
  problem(path: string, message: string): void;
  /** Told of progress: which file is being read. */
  reading?(path: string): void;
  cancelled?(): boolean;
}

const HEAD_CHARS = 16_384;

/**
 * A timeline run: the trails are indexed first (their changes, failed calls, aliases), then the logs
 * are scanned (on worker threads) and their findings grouped into incidents against that index, then
 * the trail's failed calls no log recorded join them, and each incident gets its changes and cause.
 */
export async function runTimeline(options: TimelineRunOptions): Promise<TimelineReport> {
  const { logs, trails } = await classify(options);
  const timeline = new TimelineAssembler(options);
  for (const path of trails) {
    if (options.cancelled?.()) break;
    options.reading?.(path);
    try {
      const chunks = await openText(path, { streams: true });
      if (!chunks) options.problem(path, 'binary file skipped');
      else await readTrail(path, chunks, timeline.trail);
    } catch (error) {
      options.problem(path, describeFileError(error));
    }
  }
  let path = '';
  async function* jobs(): AsyncGenerator<Job<ObserveTask, ObserveEvent>> {
    for (const log of logs) yield { task: { path: log } };
  }
  await runOrdered(jobs(), {
    workerFile: options.workerFile,
    workerData: { kind: 'timeline', entries: options.catalog.entries },
    size: options.jobs,
    runHere: observeFile(options.catalog),
    deliver: (event) => {
      switch (event.t) {
        case 'file':
          path = event.path;
          options.reading?.(path);
          return;
        case 'observed':
          for (const tuple of event.tuples) timeline.observe(tuple, path);
          return;
        case 'binary':
          return;
        case 'ioError':
          options.problem(path, event.message);
      }
    },
    failed: (task, message): ObserveEvent => ({ t: 'ioError', message: `${task.path}: ${message}` }),
    ...(options.cancelled ? { cancelled: options.cancelled } : {}),
  });
  return timeline.finish(logs.length);
}

/** The inputs as files: trails (named as such, or found by their content) and logs. */
async function classify(options: TimelineRunOptions): Promise<{ logs: string[]; trails: string[] }> {
  const logs: string[] = [];
  const trails: string[] = [];
  const seen = new Set<string>();
  for (const target of options.trails)
    for await (const file of filesOf(target, options)) if (!seen.has(file) && seen.add(file)) trails.push(file);
  for (const target of options.paths)
    for await (const file of filesOf(target, options)) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (await isTrailFile(file)) trails.push(file);
      else logs.push(file);
    }
  return { logs, trails };
}

async function* filesOf(target: string, options: TimelineRunOptions): AsyncGenerator<string> {
  try {
    if ((await fs.stat(target)).isDirectory()) yield* selectFiles(target, options.selection);
    else yield target;
  } catch (error) {
    options.problem(target, describeFileError(error));
  }
}

/** Whether a regular file starts with ActionTrail events; pipes and unreadable files are read as logs. */
async function isTrailFile(file: string): Promise<boolean> {
  try {
    if (!(await fs.stat(file)).isFile()) return false;
    const chunks = await openText(file);
    if (!chunks) return false;
    let head = '';
    for await (const chunk of chunks) {
      head += chunk;
      if (head.length >= HEAD_CHARS) break;
    }
    return looksLikeTrail(head);
  } catch {
    return false; // the log scan reports why it cannot be read
  }
}
