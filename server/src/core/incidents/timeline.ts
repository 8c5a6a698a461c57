import type { Catalog } from '../catalog/catalog';
import type { Locale } from '../catalog/types';
import type { TrailIndex } from '../trail/trailIndex';
import type { ChangeView, IncidentChange, IncidentView, TimelineReport } from '#shared/timeline';
import { ChangeLookup, type IncidentCauses, type RelatedChange } from './causes';

export type { TimelineReport } from '#shared/timeline';
import { durationOption, formatDuration } from './duration';
import type { IncidentGroup } from './grouping';
import { bucketFor } from './series';
import { timelineTexts, type Actor, type Spread, type TimelineTexts } from './texts';
import type { ChangeEvent } from '../trail/trailIndex';
import type { Caller } from '../trail/event';

export interface TimelineInput {
  incidents: IncidentGroup[];
  trail: TrailIndex;
  windowMs: number;
  logFiles: number;
  droppedFindings: number;
  catalog: Catalog;
  locale: Locale;
}

const SERIES_BUCKETS = 240;

/** The report of a timeline run: incidents with their changes and causes, in the chosen language. */
export function buildTimeline(input: TimelineInput): TimelineReport {
  const t = timelineTexts(input.locale);
  const lookup = new ChangeLookup(input.trail);
  const changes = new Map<ChangeEvent, ChangeView>();
  const view = (change: ChangeEvent) => {
    let v = changes.get(change);
    if (!v) {
      v = changeView(change, t);
      changes.set(change, v);
    }
    return v;
  };
  const incidents = input.incidents.map((group, i) =>
    incidentView(`I${i + 1}`, group, lookup.causesOf(group, input.windowMs), input, t, view),
  );
  return {
    version: 1,
    window: durationOption(input.windowMs),
    inputs: {
      logFiles: input.logFiles,
      findings: input.incidents.reduce((sum, g) => sum + g.count, 0),
      droppedFindings: input.droppedFindings,
      trail: { ...input.trail.stats },
      malformedSamples: [...input.trail.malformedSamples],
    },
    incidents,
    changes: [...changes.entries()].sort(([a], [b]) => a.event.time - b.event.time || a.seq - b.seq).map(([, v]) => v),
  };
}

function incidentView(
  id: string,
  group: IncidentGroup,
  causes: IncidentCauses,
  input: TimelineInput,
  t: TimelineTexts,
  view: (change: ChangeEvent) => ChangeView,
): IncidentView {
  const resource = group.resource ? `${t.resource[group.resource.kind]} ${group.resource.id}` : null;
  const headline = t.headline(
    group.code,
    resource,
    group.first !== null ? clock(group.first) : null,
    group.count,
    t.spread(spreadOf(group)),
  );
  const first = group.first ?? 0;
  const related = (r: RelatedChange): IncidentChange => ({
    change: view(r.change).id,
    beforeMs: first - r.change.event.time,
    relation: r.relation,
    explains: r.explains,
    undone: r.undone,
  });
  const span = group.first !== null && group.last !== null ? group.last - group.first : 0;
  const bucketMs = bucketFor(span, group.series.bucketMs, SERIES_BUCKETS);
  return {
    id,
    code: group.code,
    httpStatus: input.catalog.lookup(group.code)?.entry.httpStatus ?? null,
    resource: group.resource
      ? { kind: group.resource.kind, id: group.resource.id, region: group.resource.region }
      : null,
    via: [...group.via.values],
    api: group.api,
    region: group.region,
    firstSeen: group.first !== null ? iso(group.first) : null,
    lastSeen: group.last !== null ? iso(group.last) : null,
    count: group.count,
    untimed: group.untimed,
    fromTrail: group.fromTrail,
    files: [...group.files.values],
    hosts: [...group.hosts.values],
    services: [...group.services.values],
    callers: group.callers.map((c) => t.actor(actorOf(c))),
    requestIds: [...group.requestIds.values],
    members: group.members,
    membersMore: group.membersMore,
    series: {
      bucketSeconds: bucketMs / 1000,
      buckets: [...group.series.buckets(bucketMs)].sort(([a], [b]) => a - b).map(([start, n]) => [iso(start), n]),
    },
    headline,
    changes: causes.changes.map(related),
    moreChanges: causes.more,
    cause: causes.cause ? causeView(group, causes.cause, headline, t, view) : null,
    endedBy: causes.endedBy
      ? {
          change: view(causes.endedBy.change).id,
          afterMs: causes.endedBy.change.event.time - first,
          errorsAfter: group.last !== null && group.last > causes.endedBy.change.event.time,
          text: t.endedBy(
            causes.endedBy.change.event.name,
            targetText(causes.endedBy.change, t),
            formatDuration(causes.endedBy.change.event.time - first),
            t.actor(actorOf(causes.endedBy.change.event.caller)),
          ),
        }
      : null,
  };
}

function causeView(
  group: IncidentGroup,
  cause: RelatedChange,
  headline: string,
  t: TimelineTexts,
  view: (change: ChangeEvent) => ChangeView,
): NonNullable<IncidentView['cause']> {
  const { event } = cause.change;
  const before = formatDuration((group.first ?? event.time) - event.time);
  const actor = t.actor(actorOf(event.caller));
  const target = targetText(cause.change, t);
  const evidence: Record<string, string> = {
    eventName: event.name,
    eventTime: iso(event.time),
    target,
    actor,
    before,
  };
  if (event.eventId) evidence['eventId'] = event.eventId;
  if (event.sourceIp) evidence['sourceIpAddress'] = event.sourceIp;
  if (event.region) evidence['acsRegion'] = event.region;
  if (event.caller.accessKeyId) evidence['accessKeyId'] = event.caller.accessKeyId;
  return {
    id: 'recent-change',
    text: `${headline}; ${t.cause(before, event.name, target, actor, event.sourceIp, event.eventId)}`,
    change: view(cause.change).id,
    evidence,
  };
}

function changeView(change: ChangeEvent, t: TimelineTexts): ChangeView {
  const { event } = change;
  return {
    id: event.eventId ?? `#${change.seq}`,
    name: event.name,
    service: event.service,
    time: iso(event.time),
    region: change.region,
    target: { kind: change.target.kind, id: change.target.id },
    aliasKey: change.aliasKey?.id ?? null,
    actor: t.actor(actorOf(event.caller)),
    userName: event.caller.userName,
    accessKeyId: event.caller.accessKeyId,
    sourceIp: event.sourceIp,
    eventType: event.eventType,
    causes: change.causes,
    ends: change.ends,
  };
}

function targetText(change: ChangeEvent, t: TimelineTexts): string {
  const { kind, id } = change.target;
  return kind === 'key' || kind === 'alias' || kind === 'secret' ? `${t.resource[kind]} ${id}` : `${kind} ${id}`;
}

/** Who a trail caller is: a RAM user, a role session (`<role>:<session>`), the account, or a name. */
function actorOf(caller: Caller): Actor {
  if (caller.type === 'ram-user' && caller.userName) return { kind: 'ram-user', name: caller.userName };
  if (caller.type === 'assumed-role' && caller.userName) {
    const [role = caller.userName, ...session] = caller.userName.split(':');
    return { kind: 'assumed-role', role, session: session.length > 0 ? session.join(':') : null };
  }
  if (caller.type === 'root-account') return { kind: 'root-account', account: caller.accountId };
  return { kind: 'other', name: caller.userName ?? caller.principalId };
}

function spreadOf(group: IncidentGroup): Spread {
  if (group.services.values.length > 0)
    return { kind: 'services', count: group.services.values.length, more: group.services.overflow };
  if (group.hosts.values.length > 0)
    return { kind: 'hosts', count: group.hosts.values.length, more: group.hosts.overflow };
  if (group.files.values.length > 0)
    return { kind: 'files', count: group.files.values.length, more: group.files.overflow };
  return { kind: 'trail' };
}

/** ISO 8601 UTC without milliseconds when there are none. */
export function iso(time: number): string {
  const text = new Date(time).toISOString();
  return text.endsWith('.000Z') ? `${text.slice(0, -5)}Z` : text;
}

/** `2026-11-20 08:14:07Z`: readable, still UTC. */
export function clock(time: number): string {
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
