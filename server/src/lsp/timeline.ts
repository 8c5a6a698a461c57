import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import type { IncidentTimelineParams, IncidentTimelineResult, IncidentView, TimelineReport } from '#shared/protocol';
import type { Cause } from '../core/diagnosis/types';
import { parseDuration } from '../core/incidents/duration';
import { runTimeline } from '../core/incidents/runTimeline';
import { explainedFirst, timelineFragment } from '../core/report/timelinePanel';
import { defaultScanJobs, scanWorkerFile } from '../scanWorkerSetup';
import type { ServerContext } from './context';
import { check, paramsObject, stringListProblem } from './params';

/**
 * Files that may hold ActionTrail events besides the logs: read only when their content is events
 * (a trail is found by what it holds, whatever its name), never scanned as logs.
 */
const TRAIL_GLOBS = ['**/*.json', '**/*.json.gz', '**/*.jsonl', '**/*.jsonl.gz', '**/*.ndjson'];
const DAY_MS = 86_400_000;

/** The last timeline of the workspace, and which incident each listed error belongs to (for hovers). */
export class IncidentStore {
  private readonly byLine = new Map<string, Map<number, IncidentView>>();

  set(report: TimelineReport): void {
    this.byLine.clear();
    for (const incident of report.incidents)
      for (const [file, line] of incident.members) {
        let lines = this.byLine.get(file);
        if (!lines) this.byLine.set(file, (lines = new Map()));
        lines.set(line, incident);
      }
  }

  /** The incident of the error at this line of this file, when the last timeline listed it. */
  incidentAt(path: string, line: number): IncidentView | undefined {
    return this.byLine.get(path)?.get(line);
  }

  /** The `recent-change` cause of the incident of the error at this place, for its diagnosis. */
  causeAt(path: string, line: number): Cause | null {
    const cause = this.incidentAt(path, line)?.cause;
    return cause ? { id: cause.id, text: cause.text, evidence: cause.evidence } : null;
  }
}

/**
 * `kms/incidentTimeline`: the workspace's logs (the inspection's globs) and the trails found among
 * its JSON files by their content, as the CLI's timeline, with work-done progress and cancellation.
 */
export async function incidentTimeline(
  params: unknown,
  token: CancellationToken,
  connection: Connection,
  context: ServerContext,
  store: IncidentStore,
): Promise<IncidentTimelineResult> {
  const p = checkTimelineParams(params);
  const settings = await context.settings();
  const locale = await context.locale();
  const exclude = [...(p.exclude ?? []), ...settings.inspect.exclude];
  const reporter = connection.window.attachWorkDoneProgress(p.workDoneToken);
  reporter.begin('KMS: Incident Timeline', undefined, 'Listing logs and trails…', true);
  let files = 0;
  try {
    const report = await runTimeline({
      paths: p.folders,
      trails: [],
      windowMs: parseDuration(settings.timeline.window) ?? DAY_MS,
      catalog: context.catalog(),
      locale,
      selection: { include: p.include ?? settings.inspect.files, exclude },
      trailSelection: { include: TRAIL_GLOBS, exclude },
      cwd: '/',
      jobs: defaultScanJobs(),
      workerFile: scanWorkerFile(),
      // A file that cannot be read is left out; the others still count.
      problem: () => {},
      reading: () => reporter.report(`${++files} files`),
      cancelled: () => token.isCancellationRequested,
    });
    store.set(report);
    // The KMS Errors view lists the incidents in this order: those a change explains on top.
    const ordered = { ...report, incidents: explainedFirst(report.incidents) };
    return { report: ordered, html: timelineFragment(report, locale), cancelled: token.isCancellationRequested };
  } finally {
    reporter.done();
  }
}

/** The params of kms/incidentTimeline, checked: a client may send anything. */
function checkTimelineParams(params: unknown): IncidentTimelineParams {
  const p = paramsObject(params);
  check(
    stringListProblem(p['folders'], 'folders', false) ??
      stringListProblem(p['include'], 'include', true) ??
      stringListProblem(p['exclude'], 'exclude', true),
  );
  const token = p['workDoneToken'];
  check(
    token === undefined || typeof token === 'string' || Number.isInteger(token)
      ? undefined
      : 'workDoneToken is not a progress token',
  );
  return p as unknown as IncidentTimelineParams;
}
