import type { ChangeEvent, TrailIndex } from '../trail/trailIndex';
import { callerIdentity } from '../trail/trailIndex';
import type { IncidentGroup } from './grouping';

/** How a change is tied to an incident: it acts on its key or secret, on the alias used, or on the caller. */
export type Relation = 'resource' | 'alias' | 'caller';

export interface RelatedChange {
  change: ChangeEvent;
  relation: Relation;
  /** The change can cause the incident's error (DisableKey and Rejected.Disabled). */
  explains: boolean;
  /** A later change on the same target ended its effect before the first error (an EnableKey after it). */
  undone: boolean;
}

export interface IncidentCauses {
  /** Changes tied to the incident in the window before its first error, nearest first. */
  changes: RelatedChange[];
  /** Tied changes in the window beyond those listed. */
  more: number;
  /** The nearest change that explains the error and was not undone: the `recent-change` cause. */
  cause: RelatedChange | null;
  /** The first tied change after the first error that ends this error (EnableKey after DisableKey). */
  endedBy: RelatedChange | null;
}

const MAX_LISTED = 20;

/**
 * Changes indexed by what they act on (`key:<id>`, `alias:<name>`, `user:<name>`, ...), each list in
 * time order, so an incident looks up only its own targets.
 */
export class ChangeLookup {
  private readonly byTarget = new Map<string, ChangeEvent[]>();

  constructor(private readonly trail: TrailIndex) {
    for (const change of trail.changes()) {
      const key = targetKey(change.target.kind, change.target.id);
      const list = this.byTarget.get(key) ?? [];
      list.push(change);
      this.byTarget.set(key, list);
    }
  }

  /**
   * The changes tied to an incident within `windowMs` before its first error, and what ended it.
   * Never tied: a change on another resource, in another region (when both regions are known), to
   * another caller, or after the first error; a read-only or failed call is no change at all.
   */
  causesOf(group: IncidentGroup, windowMs: number): IncidentCauses {
    const none: IncidentCauses = { changes: [], more: 0, cause: null, endedBy: null };
    if (group.first === null) return none;
    const first = group.first;
    const targets = this.targetsOf(group);
    const before: RelatedChange[] = [];
    const after: RelatedChange[] = [];
    for (const [key, relation] of targets) {
      for (const change of this.byTarget.get(key) ?? []) {
        if (!regionsAgree(change.region, group.region)) continue;
        const related = {
          change,
          relation,
          explains: change.causes.includes(group.code),
          undone: false,
        };
        if (change.event.time <= first) {
          if (change.event.time >= first - windowMs) before.push(related);
        } else if (change.ends.includes(group.code)) after.push(related);
      }
    }
    const nearestFirst = (a: RelatedChange, b: RelatedChange) =>
      b.change.event.time - a.change.event.time || b.change.seq - a.change.seq;
    if (group.region === null) dropAmbiguousRegions(before);
    before.sort(nearestFirst);
    // Walking back from the first error: a change already ended by a nearer one on the same target is undone.
    const ended = new Set<string>();
    let cause: RelatedChange | null = null;
    for (const related of before) {
      const target = targetKey(related.change.target.kind, related.change.target.id);
      if (related.explains) {
        related.undone = ended.has(target);
        if (!related.undone && cause === null) cause = related;
      }
      if (related.change.ends.includes(group.code)) ended.add(target);
    }
    after.sort((a, b) => a.change.event.time - b.change.event.time || a.change.seq - b.change.seq);
    const endedBy =
      (cause && after.find((r) => sameTarget(r.change, cause.change))) ?? (cause === null ? (after[0] ?? null) : null);
    const listed = before.slice(0, MAX_LISTED);
    if (cause && !listed.includes(cause)) listed[listed.length - 1] = cause;
    return { changes: listed, more: before.length - listed.length, cause, endedBy };
  }

  /** What an incident's changes may act on: its resource and aliases, and its callers' identities. */
  private targetsOf(group: IncidentGroup): Map<string, Relation> {
    const targets = new Map<string, Relation>();
    if (group.resource) {
      const relation: Relation = group.resource.kind === 'alias' ? 'alias' : 'resource';
      targets.set(targetKey(group.resource.kind, group.resource.id), relation);
    }
    for (const alias of group.via.values) targets.set(targetKey('alias', alias), 'alias');
    const identities = new Set<string>();
    for (const caller of group.callers) {
      const { user, role } = callerIdentity(caller);
      if (user) identities.add(`user:${user}`);
      if (role) identities.add(`role:${role}`);
    }
    for (const accessKey of group.accessKeys.values) {
      targets.set(targetKey('accessKey', accessKey), 'caller');
      const owner = this.trail.userOfAccessKey(accessKey);
      if (owner) identities.add(`user:${owner}`);
    }
    for (const identity of [...identities]) {
      if (!identity.startsWith('user:')) continue;
      for (const group of this.trail.groupsOf(identity.slice('user:'.length))) identities.add(`group:${group}`);
    }
    for (const identity of identities) {
      const at = identity.indexOf(':');
      targets.set(targetKey(identity.slice(0, at), identity.slice(at + 1)), 'caller');
    }
    for (const policy of this.policiesHeldBy(identities)) targets.set(targetKey('policy', policy), 'caller');
    return targets;
  }

  private policiesHeldBy(identities: ReadonlySet<string>): string[] {
    if (identities.size === 0) return [];
    const held: string[] = [];
    for (const key of this.byTarget.keys()) {
      if (!key.startsWith('policy\u0000')) continue;
      const policy = key.slice('policy\u0000'.length);
      for (const holder of this.trail.holdersOf(policy))
        if (identities.has(holder)) {
          held.push(policy);
          break;
        }
    }
    return held;
  }
}

function targetKey(kind: string, id: string): string {
  return `${kind}\u0000${id}`;
}

function sameTarget(a: ChangeEvent, b: ChangeEvent): boolean {
  return a.target.kind === b.target.kind && a.target.id === b.target.id;
}

/**
 * For an incident whose records name no region: when its target's changes come from several regions,
 * none of them can be told apart from a change in another region, so none is kept (RAM changes stay).
 */
function dropAmbiguousRegions(related: RelatedChange[]): void {
  const regions = new Set(related.map((r) => r.change.region).filter((r) => r !== null));
  if (regions.size <= 1) return;
  for (let i = related.length - 1; i >= 0; i--) if (related[i]?.change.region !== null) related.splice(i, 1);
}

/** Regions agree unless both are known and differ (RAM changes have none: RAM is global). */
function regionsAgree(a: string | null, b: string | null): boolean {
  return a === null || b === null || a === b;
}
