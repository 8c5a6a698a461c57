import type { Catalog } from '../core/catalog/catalog';
import type { Locale } from '../core/catalog/types';
import { parseDuration } from '../core/incidents/duration';
import { runTimeline } from '../core/incidents/runTimeline';
import { timelineHtml } from '../core/report/timelineHtml';
import { timelineLines } from '../core/report/timelineText';
import { CliError } from './errors';
import type { Style } from './terminal';

export type TimelineFormat = 'text' | 'json' | 'html';

export interface TimelineCommandOptions {
  /** Logs (files and folders); files holding ActionTrail events are read as trails. */
  paths: string[];
  /** `--trail`: files and folders of ActionTrail events. */
  trails: string[];
  /** `--window`, as given (`24h` by default). */
  window: string | undefined;
  format: TimelineFormat;
  include: string[];
  exclude: string[];
  locale: Locale;
  catalog: Catalog;
  out: (text: string) => void;
  err: (text: string) => void;
  style: Style;
  jobs: number;
  workerFile: string | null;
  cwd: string;
}

const DEFAULT_WINDOW = '24h';

/** Runs `kms-diagnose timeline`; resolves to the exit code (1 when there are incidents, as scan does for findings). */
export async function timelineCommand(options: TimelineCommandOptions): Promise<number> {
  const windowMs = parseDuration(options.window ?? DEFAULT_WINDOW);
  if (windowMs === null)
    throw new CliError(
      `kms-diagnose: --window must be a duration such as 30m, 24h or 7d (got ${JSON.stringify(options.window)})`,
    );
  if (options.paths.length === 0 && options.trails.length === 0)
    throw new CliError(
      'kms-diagnose: timeline needs logs, trails or both: kms-diagnose timeline PATH... [--trail PATH...]',
    );
  let problems = 0;
  const report = await runTimeline({
    paths: options.paths,
    trails: options.trails,
    windowMs,
    catalog: options.catalog,
    locale: options.locale,
    selection: { include: options.include, exclude: options.exclude },
    cwd: options.cwd,
    jobs: options.jobs,
    workerFile: options.workerFile,
    problem: (path, message) => {
      problems++;
      options.err(`kms-diagnose: ${path}: ${message}`);
    },
  });
  if (options.format === 'json') options.out(JSON.stringify(report, null, 2));
  else if (options.format === 'html') options.out(timelineHtml(report, options.locale));
  else for (const line of timelineLines(report, options.locale, options.style)) options.out(line);
  if (problems > 0) return 2;
  return report.incidents.length > 0 ? 1 : 0;
}
