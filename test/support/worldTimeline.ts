import { builtinCatalog } from '../../server/src/core/catalog/builtin';
import type { Locale } from '../../server/src/core/catalog/types';
import { apiNamesOf } from '../../server/src/core/diagnosis/diagnose';
import { TimelineAssembler } from '../../server/src/core/incidents/assembler';
import { observeFinding } from '../../server/src/core/incidents/observation';
import type { IncidentView, TimelineReport } from '#shared/timeline';
import { scanInput } from '../../server/src/core/scanner/scanInput';
import { isKmsError } from '../../server/src/core/scanner/types';
import { readTrail } from '../../server/src/core/trail/readTrail';
import { trailText, type ExpectedIncident, type TrailShape, type World } from './incidentWorld';

/** Text in pieces of uneven sizes, as a stream gives it, so values are cut at every kind of place. */
export async function* pieces(text: string, seed = 7): AsyncGenerator<string> {
  let at = 0;
  let s = seed;
  while (at < text.length) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const size = 1 + (s % 4096);
    yield text.slice(at, at + size);
    at += size;
  }
}

/** The timeline of a generated world, read in memory through the same core as the CLI. */
export async function worldTimeline(world: World, shape: TrailShape, windowMs = 86_400_000): Promise<TimelineReport> {
  const logs = new Map([...world.logs].map(([file, entries]) => [file, entries.join('\n') + '\n']));
  return timelineOf(trailText(world.events, shape), logs, windowMs);
}

/** The timeline of a trail's text and logs' texts (by file name), in memory. */
export async function timelineOf(
  trail: string,
  logs: ReadonlyMap<string, string>,
  windowMs = 86_400_000,
  locale: Locale = 'en',
): Promise<TimelineReport> {
  const catalog = builtinCatalog();
  const timeline = new TimelineAssembler({ windowMs, catalog, locale });
  await readTrail('trail.json', pieces(trail), timeline.trail);
  const apiNames = apiNamesOf(catalog);
  for (const [file, text] of logs) {
    await scanInput(
      pieces(text),
      catalog,
      (finding) => {
        if (isKmsError(finding)) timeline.observe(observeFinding(finding, apiNames), file);
      },
      { recordText: true },
    );
  }
  return timeline.finish();
}

/** The incident of the logs that an expected one describes: same code, resource and region, seen in a log. */
export function incidentFor(report: TimelineReport, expected: ExpectedIncident): IncidentView[] {
  return report.incidents.filter(
    (i) =>
      i.code === expected.code &&
      i.resource !== null &&
      `${i.resource.kind}:${i.resource.id}` === expected.resource &&
      i.region === expected.region &&
      i.files.length > 0,
  );
}
