import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
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
  /**
   * In folders among `paths`, further files that are read when their content is ActionTrail events
   * and left out otherwise (JSON files of a workspace that are not logs).
   */
  trailSelection?: SelectOptions;
  /** Relative paths are read from here; files are named as the paths given name them. */
  cwd: string;
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
  for (const { file, name } of trails) {
    if (options.cancelled?.()) break;
    options.reading?.(name);
    try {
      const opened = await openText(file, { streams: true });
      if (opened.kind !== 'text') options.problem(name, 'binary file skipped');
      else await readTrail(name, opened.chunks, timeline.trail);
    } catch (error) {
      options.problem(name, describeFileError(error));
    }
  }
  const names = new Map(logs.map(({ file, name }) => [file, name]));
  let path = '';
  async function* jobs(): AsyncGenerator<Job<ObserveTask, ObserveEvent>> {
    for (const log of logs) yield { task: { path: log.file } };
  }
  await runOrdered(jobs(), {
    workerFile: options.workerFile,
    workerData: { kind: 'timeline', entries: options.catalog.entries },
    size: options.jobs,
    runHere: observeFile(options.catalog),
    deliver: (event) => {
      switch (event.t) {
        case 'file':
          path = names.get(event.path) ?? event.path;
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
    failed: (task, message): ObserveEvent => ({
      t: 'ioError',
      message: `${names.get(task.path) ?? task.path}: ${message}`,
    }),
    ...(options.cancelled ? { cancelled: options.cancelled } : {}),
  });
  return timeline.finish(logs.length);
}

/** A file of the run: where it is read from, and how reports name it (as the command line did). */
interface Input {
  file: string;
  name: string;
}

/** The inputs as files: trails (named as such, or found by their content) and logs. */
async function classify(options: TimelineRunOptions): Promise<{ logs: Input[]; trails: Input[] }> {
  const logs: Input[] = [];
  const trails: Input[] = [];
  const seen = new Set<string>();
  for (const target of options.trails)
    for await (const input of filesOf(target, options, options.selection)) {
      if (seen.has(input.file)) continue;
      seen.add(input.file);
      trails.push(input);
    }
  for (const target of options.paths)
    for await (const input of filesOf(target, options, options.selection)) {
      if (seen.has(input.file)) continue;
      seen.add(input.file);
      if (await isTrailFile(input.file)) trails.push(input);
      else logs.push(input);
    }
  if (options.trailSelection)
    for (const target of options.paths)
      for await (const input of filesOf(target, options, options.trailSelection, true)) {
        if (seen.has(input.file)) continue;
        seen.add(input.file);
        if (await isTrailFile(input.file)) trails.push(input);
      }
  return { logs, trails };
}

/** The files of a target (a file, or a folder walked with `selection`); `foldersOnly` skips a file target. */
async function* filesOf(
  target: string,
  options: TimelineRunOptions,
  selection: SelectOptions,
  foldersOnly = false,
): AsyncGenerator<Input> {
  const resolved = nodePath.resolve(options.cwd, target);
  try {
    if (!(await fs.stat(resolved)).isDirectory()) {
      if (!foldersOnly) yield { file: resolved, name: target };
      return;
    }
    for await (const found of selectFiles(resolved, selection)) {
      const where = typeof found === 'string' ? found : found.path;
      const name = nodePath.join(target, nodePath.relative(resolved, where));
      if (typeof found === 'string') yield { file: found, name };
      else options.problem(name, found.message);
    }
  } catch (error) {
    if (!foldersOnly) options.problem(target, describeFileError(error));
  }
}

/** Whether a regular file starts with ActionTrail events; pipes and unreadable files are read as logs. */
async function isTrailFile(file: string): Promise<boolean> {
  try {
    if (!(await fs.stat(file)).isFile()) return false;
    const opened = await openText(file);
    if (opened.kind !== 'text') return false;
    let head = '';
    for await (const chunk of opened.chunks) {
      head += chunk;
      if (head.length >= HEAD_CHARS) break;
    }
    return looksLikeTrail(head);
  } catch {
    return false; // the log scan reports why it cannot be read
  }
}
