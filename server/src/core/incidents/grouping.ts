import type { Caller } from '../trail/event';
import { resourceKey, type ResourceRef } from '../trail/resources';
import type { TrailIndex } from '../trail/trailIndex';
import { resourceOfEvent, type Observation } from './observation';
import { Series } from './series';

/** A few distinct values, and whether more were left out. */
export class FewValues {
  readonly values: string[] = [];
  overflow = false;
  constructor(private readonly max: number) {}
  add(value: string | null): void {
    if (value === null || this.values.includes(value)) return;
    if (this.values.length < this.max) this.values.push(value);
    else this.overflow = true;
  }
}

/** The failed calls of one error code on one resource, API and region. */
export interface IncidentGroup {
  code: string;
  /** The key (an alias resolved through the trail), alias or secret; null when the records name none. */
  resource: ResourceRef | null;
  /** Aliases the calls went through to reach the key. */
  via: FewValues;
  api: string | null;
  region: string | null;
  first: number | null;
  last: number | null;
  count: number;
  /** Calls whose record has no time: counted, not placed on the timeline. */
  untimed: number;
  /** Calls known only from the trail. */
  fromTrail: number;
  files: FewValues;
  hosts: FewValues;
  services: FewValues;
  callers: Caller[];
  accessKeys: FewValues;
  requestIds: FewValues;
  /** Where the first errors are: [file, line]. */
  members: Array<[string, number]>;
  membersMore: boolean;
  series: Series;
}

const MAX_GROUPS = 10_000;
const MAX_LISTED = 20;
const MAX_CALLERS = 10;
const MAX_REQUEST_IDS = 5;
const MAX_MEMBERS = 1000;

/**
 * Groups observations into incidents: the same code on the same resource, API and region. A log
 * finding whose RequestId the trail recorded takes the trail's caller (and region, resource and API
 * where the record lacks them), and the trail's failed call is not counted a second time. A call made
 * through an alias counts against the key the trail shows the alias pointing at, at that time.
 */
export class IncidentGrouper {
  private readonly groups = new Map<string, IncidentGroup>();
  /** Observations left out once MAX_GROUPS incidents exist. */
  dropped = 0;

  constructor(private readonly trail: TrailIndex) {}

  add(observation: Observation): void {
    const o = observation.file !== null ? this.joined(observation) : observation;
    let resource = o.resource;
    let region = o.region ?? resource?.region ?? null;
    let via: string | null = null;
    if (resource?.kind === 'alias' && o.time !== null) {
      const resolved = this.trail.resolveAlias(resource.id, region, o.time);
      if (resolved) {
        via = resource.id;
        resource = resolved.key;
        region ??= resolved.region ?? resolved.key.region;
      }
    }
    const key = [o.code, resource ? resourceKey(resource) : '', o.api ?? '', region ?? ''].join('\u0000');
    let group = this.groups.get(key);
    if (!group) {
      if (this.groups.size >= MAX_GROUPS) {
        this.dropped++;
        return;
      }
      group = newGroup(o.code, resource ? { ...resource, region } : null, o.api, region);
      this.groups.set(key, group);
    }
    addTo(group, o, via);
  }

  /**
   * The incidents, earliest first. Calls whose records say less join the one incident that says more:
   * an alias no trail event resolves joins the incident reached through that alias; calls without a
   * region join the incident of the same code, resource and API when exactly one region has one; calls
   * without an API likewise join the one incident of their code, resource and region that has an API.
   */
  incidents(): IncidentGroup[] {
    let groups = [...this.groups.values()];
    const part = (g: IncidentGroup) => (g.resource ? resourceKey(g.resource) : '');
    groups = absorb(
      groups,
      (g) => g.resource?.kind === 'alias' && g.region === null,
      (g) => [`${g.code}\u0000${g.api ?? ''}\u0000${g.resource?.id ?? ''}`],
      (g) => (g.region === null ? [] : g.via.values.map((alias) => `${g.code}\u0000${g.api ?? ''}\u0000${alias}`)),
    );
    groups = absorb(
      groups,
      (g) => g.region === null,
      (g) => [`${g.code}\u0000${part(g)}\u0000${g.api ?? ''}`],
      (g) => (g.region === null ? [] : [`${g.code}\u0000${part(g)}\u0000${g.api ?? ''}`]),
    );
    groups = absorb(
      groups,
      (g) => g.api === null,
      (g) => [`${g.code}\u0000${part(g)}\u0000${g.region ?? ''}`],
      (g) => (g.api === null ? [] : [`${g.code}\u0000${part(g)}\u0000${g.region ?? ''}`]),
    );
    return groups.sort(
      (a, b) => (a.first ?? Infinity) - (b.first ?? Infinity) || b.count - a.count || a.code.localeCompare(b.code),
    );
  }

  /** A log observation with what the trail recorded of the same call. */
  private joined(o: Observation): Observation {
    if (!o.requestId) return o;
    const failure = this.trail.joinFailure(o.requestId);
    if (!failure) return o;
    const event = failure.event;
    return {
      ...o,
      caller: event.caller,
      region: o.region ?? event.region,
      resource: o.resource ?? resourceOfEvent(event),
      api: o.api ?? event.name,
      accessKeyId: o.accessKeyId ?? event.caller.accessKeyId,
    };
  }
}

function newGroup(
  code: string,
  resource: ResourceRef | null,
  api: string | null,
  region: string | null,
): IncidentGroup {
  return {
    code,
    resource,
    via: new FewValues(MAX_LISTED),
    api,
    region,
    first: null,
    last: null,
    count: 0,
    untimed: 0,
    fromTrail: 0,
    files: new FewValues(MAX_LISTED),
    hosts: new FewValues(MAX_LISTED),
    services: new FewValues(MAX_LISTED),
    callers: [],
    accessKeys: new FewValues(MAX_LISTED),
    requestIds: new FewValues(MAX_REQUEST_IDS),
    members: [],
    membersMore: false,
    series: new Series(),
  };
}

function addTo(group: IncidentGroup, o: Observation, via: string | null): void {
  group.count++;
  if (o.time === null) group.untimed++;
  else {
    if (group.first === null || o.time < group.first) group.first = o.time;
    if (group.last === null || o.time > group.last) group.last = o.time;
    group.series.add(o.time);
  }
  if (o.file === null) group.fromTrail++;
  group.via.add(via);
  group.files.add(o.file);
  group.hosts.add(o.host);
  group.services.add(o.service);
  group.accessKeys.add(o.accessKeyId);
  group.requestIds.add(o.requestId);
  if (o.caller) addCaller(group, o.caller);
  if (o.file !== null && o.line !== null) addMember(group, o.file, o.line);
}

function addMember(group: IncidentGroup, file: string, line: number): void {
  if (group.members.length < MAX_MEMBERS) group.members.push([file, line]);
  else group.membersMore = true;
}

/**
 * Merges each `loose` group into the one other group that shares its key (keys of the loose group by
 * `looseKeys`, of the others by `keys`); a loose group with no such group, or several, stays as it is.
 */
function absorb(
  groups: IncidentGroup[],
  loose: (g: IncidentGroup) => boolean,
  looseKeys: (g: IncidentGroup) => string[],
  keys: (g: IncidentGroup) => string[],
): IncidentGroup[] {
  const byKey = new Map<string, IncidentGroup[]>();
  for (const group of groups) {
    if (loose(group)) continue;
    for (const key of keys(group)) byKey.set(key, [...(byKey.get(key) ?? []), group]);
  }
  const kept: IncidentGroup[] = [];
  for (const group of groups) {
    let targets = [
      ...new Set<IncidentGroup>(loose(group) ? looseKeys(group).flatMap((key) => byKey.get(key) ?? []) : []),
    ];
    // Calls from the logs go with calls from the logs rather than with calls only the trail recorded.
    if (targets.length > 1 && fromLogs(group)) targets = targets.filter(fromLogs);
    const [target] = targets;
    if (targets.length === 1 && target) merge(target, group);
    else kept.push(group);
  }
  return kept;
}

const fromLogs = (group: IncidentGroup) => group.count > group.fromTrail;

/** Adds the calls of `source` to `target`. */
function merge(target: IncidentGroup, source: IncidentGroup): void {
  target.count += source.count;
  target.untimed += source.untimed;
  target.fromTrail += source.fromTrail;
  if (source.first !== null && (target.first === null || source.first < target.first)) target.first = source.first;
  if (source.last !== null && (target.last === null || source.last > target.last)) target.last = source.last;
  for (const [start, count] of source.series.buckets(source.series.bucketMs)) target.series.add(start, count);
  for (const name of ['via', 'files', 'hosts', 'services', 'accessKeys', 'requestIds'] as const) {
    for (const value of source[name].values) target[name].add(value);
    target[name].overflow ||= source[name].overflow;
  }
  for (const caller of source.callers) addCaller(target, caller);
  for (const [file, line] of source.members) addMember(target, file, line);
  target.membersMore ||= source.membersMore;
}

function addCaller(group: IncidentGroup, caller: Caller): void {
  if (
    group.callers.length < MAX_CALLERS &&
    !group.callers.some(
      (c) => c.userName === caller.userName && c.type === caller.type && c.accessKeyId === caller.accessKeyId,
    )
  )
    group.callers.push(caller);
}
