import { CHANGE_RULES, MEMBERSHIP_EVENTS, type ChangeRule, type ChangeTarget } from './changeEvents';
import { param, type Caller, type TrailEvent } from './event';
import { aliasReference, keyReference, secretReference, type ResourceRef } from './resources';
import type { RoutineEvent } from './routine';
import type { MalformedSample, TrailStats } from '#shared/timeline';

/** A successful change event, with what it acts on and the errors it can cause or end. */
export interface ChangeEvent {
  /** Its place in the trail as read (ties between equal times keep that order). */
  seq: number;
  event: TrailEvent;
  target: { kind: ChangeTarget; id: string };
  /** The region of the target: the event's `acsRegion` or its ARN's; null for RAM, which is global. */
  region: string | null;
  /** For CreateAlias and UpdateAlias: the key the alias points at afterwards. */
  aliasKey: ResourceRef | null;
  causes: readonly string[];
  ends: readonly string[];
}

/** A failed KMS call of the trail: a finding like any other, and a way to join a log's RequestId to its caller. */
export interface TrailFailure {
  event: TrailEvent;
  /** Set once a log finding with the same RequestId was counted in its place. */
  joined: boolean;
}

// Memory bounds: a trail of millions of events keeps only what the timeline uses, and at most this much.
const MAX_CHANGES = 200_000;
const MAX_FAILURES = 250_000;
const MAX_ACCESS_KEYS = 50_000;
const MAX_SAMPLES = 20;

const ROLE_TYPE = 'assumed-role';
const USER_TYPE = 'ram-user';

/**
 * What the timeline keeps of a trail: its change events (sorted by time once read), its failed KMS
 * calls, alias history, and who holds which groups, policies and AccessKeys. Fed event by event.
 */
export class TrailIndex {
  readonly stats: TrailStats = {
    files: 0,
    events: 0,
    changes: 0,
    failures: 0,
    malformed: 0,
    outOfOrder: 0,
    droppedChanges: 0,
    droppedFailures: 0,
  };
  readonly malformedSamples: MalformedSample[] = [];
  private readonly changeList: ChangeEvent[] = [];
  private readonly failureList: TrailFailure[] = [];
  private readonly failuresByRequest = new Map<string, TrailFailure>();
  private readonly aliasHistory = new Map<string, ChangeEvent[]>();
  private readonly groupsOfUser = new Map<string, Set<string>>();
  private readonly holdersOfPolicy = new Map<string, Set<string>>();
  private readonly ownerOfAccessKey = new Map<string, string>();
  private lastTime = -Infinity;
  private sorted = true;

  /** Starts a trail file: order is checked within a file. */
  startFile(): void {
    this.stats.files++;
    this.lastTime = -Infinity;
  }

  malformed(path: string, line: number, reason: string): void {
    this.stats.malformed++;
    if (this.malformedSamples.length < MAX_SAMPLES) this.malformedSamples.push({ path, line, reason });
  }

  add(event: TrailEvent): void {
    this.count(event.time);
    if (event.caller.type === USER_TYPE && event.caller.userName && event.caller.accessKeyId)
      this.learnAccessKey(event.caller.accessKeyId, event.caller.userName);
    if (event.errorCode !== null) {
      if (isKms(event)) this.addFailure(event);
      return; // a failed change changed nothing
    }
    if (MEMBERSHIP_EVENTS.has(event.name)) this.learnMembership(event);
    const rule = CHANGE_RULES.get(event.name);
    if (rule && serviceMatches(event, rule)) this.addChange(event, rule);
  }

  /** An event only counted: its time, and whose AccessKey it used. */
  addRoutine(event: RoutineEvent): void {
    this.count(event.time);
    if (event.user) this.learnAccessKey(event.user.accessKeyId, event.user.name);
  }

  private count(time: number): void {
    this.stats.events++;
    if (time < this.lastTime) this.stats.outOfOrder++;
    this.lastTime = time;
  }

  /** The change events, sorted by time (stable for equal times). */
  changes(): readonly ChangeEvent[] {
    if (!this.sorted) {
      this.changeList.sort((a, b) => a.event.time - b.event.time || a.seq - b.seq);
      for (const history of this.aliasHistory.values())
        history.sort((a, b) => a.event.time - b.event.time || a.seq - b.seq);
      this.sorted = true;
    }
    return this.changeList;
  }

  failures(): readonly TrailFailure[] {
    return this.failureList;
  }

  /** The failed call with this RequestId, once: a second log finding with the same id does not take it again. */
  joinFailure(requestId: string): TrailFailure | null {
    const failure = this.failuresByRequest.get(requestId.toUpperCase());
    if (!failure || failure.joined) return null;
    failure.joined = true;
    return failure;
  }

  /**
   * The key an alias pointed at, at `time`, in `region` (or in the one region whose trail names the
   * alias, when the caller does not know the region). Null when the trail does not tell.
   */
  resolveAlias(alias: string, region: string | null, time: number): { key: ResourceRef; region: string | null } | null {
    this.changes();
    const regions = region !== null ? [region] : this.regionsOfAlias(alias);
    if (regions.length !== 1) return null;
    const history = this.aliasHistory.get(aliasKey(regions[0] ?? null, alias));
    if (!history) return null;
    let key: ResourceRef | null = null;
    for (const change of history) {
      if (change.event.time > time) break;
      key = change.aliasKey;
    }
    return key ? { key, region: regions[0] ?? null } : null;
  }

  /** The RAM user that owns an AccessKey, as the trail's own calls made with it show. */
  userOfAccessKey(accessKeyId: string): string | null {
    return this.ownerOfAccessKey.get(accessKeyId) ?? null;
  }

  groupsOf(user: string): ReadonlySet<string> {
    return this.groupsOfUser.get(user) ?? new Set();
  }

  /** Who the trail shows holding a policy: `user:<name>`, `role:<name>`, `group:<name>`. */
  holdersOf(policy: string): ReadonlySet<string> {
    return this.holdersOfPolicy.get(policy) ?? new Set();
  }

  private addFailure(event: TrailEvent): void {
    this.stats.failures++;
    if (this.failureList.length >= MAX_FAILURES) {
      this.stats.droppedFailures++;
      return;
    }
    const failure = { event, joined: false };
    this.failureList.push(failure);
    if (event.requestId) this.failuresByRequest.set(event.requestId.toUpperCase(), failure);
  }

  private addChange(event: TrailEvent, rule: ChangeRule): void {
    const target = changeTarget(event, rule);
    if (!target) return;
    this.stats.changes++;
    if (this.changeList.length >= MAX_CHANGES) {
      this.stats.droppedChanges++;
      return;
    }
    const change: ChangeEvent = {
      seq: this.stats.events,
      event,
      target: { kind: target.kind, id: target.id },
      region: rule.service === 'Ram' ? null : (target.region ?? event.region),
      aliasKey: target.kind === 'alias' ? keyReference(param(event, 'KeyId')) : null,
      causes: holds(event, rule.causesIf) ? rule.causes : [],
      ends: holds(event, rule.endsIf) ? rule.ends : [],
    };
    if (this.changeList.length > 0 && event.time < (this.changeList.at(-1)?.event.time ?? 0)) this.sorted = false;
    this.changeList.push(change);
    if (change.target.kind === 'alias') {
      const key = aliasKey(change.region, change.target.id);
      const history = this.aliasHistory.get(key) ?? [];
      history.push(change);
      this.aliasHistory.set(key, history);
      this.sorted = false;
    }
  }

  private regionsOfAlias(alias: string): string[] {
    const regions: string[] = [];
    for (const key of this.aliasHistory.keys()) {
      const [region, name] = splitAliasKey(key);
      if (name === alias) regions.push(region);
    }
    return regions;
  }

  private learnAccessKey(accessKeyId: string, user: string): void {
    if (this.ownerOfAccessKey.size >= MAX_ACCESS_KEYS && !this.ownerOfAccessKey.has(accessKeyId)) return;
    this.ownerOfAccessKey.set(accessKeyId, user);
  }

  private learnMembership(event: TrailEvent): void {
    const user = param(event, 'UserName');
    const group = param(event, 'GroupName');
    const role = param(event, 'RoleName');
    const policy = param(event, 'PolicyName');
    if (event.name === 'AddUserToGroup' && user && group) add(this.groupsOfUser, user, group);
    if (event.name === 'RemoveUserFromGroup' && user && group) this.groupsOfUser.get(user)?.delete(group);
    if (!policy) return;
    if (event.name === 'AttachPolicyToUser' && user) add(this.holdersOfPolicy, policy, `user:${user}`);
    if (event.name === 'AttachPolicyToRole' && role) add(this.holdersOfPolicy, policy, `role:${role}`);
    if (event.name === 'AttachPolicyToGroup' && group) add(this.holdersOfPolicy, policy, `group:${group}`);
  }
}

/** The identity a caller stands for: a RAM user, or the RAM role of an assumed-role session. */
export function callerIdentity(caller: Caller): { user: string | null; role: string | null } {
  if (caller.type === ROLE_TYPE && caller.userName) return { user: null, role: caller.userName.split(':')[0] ?? null };
  if (caller.type === USER_TYPE && caller.userName) return { user: caller.userName, role: null };
  return { user: null, role: null };
}

function isKms(event: TrailEvent): boolean {
  return event.service !== null
    ? event.service.toLowerCase() === 'kms'
    : /(^|\.)kms[.-]/i.test(event.eventSource ?? '');
}

function serviceMatches(event: TrailEvent, rule: ChangeRule): boolean {
  return event.service === null || event.service.toLowerCase() === rule.service.toLowerCase();
}

function holds(event: TrailEvent, condition: readonly [string, string] | undefined): boolean {
  if (!condition) return true;
  return (param(event, condition[0]) ?? '').toLowerCase() === condition[1].toLowerCase();
}

/** What a change acts on, read from its rule's parameter; null when the event does not name it. */
function changeTarget(
  event: TrailEvent,
  rule: ChangeRule,
): { kind: ChangeTarget; id: string; region: string | null } | null {
  const value = param(event, rule.param);
  if (!value) return null;
  switch (rule.target) {
    case 'key': {
      const ref = keyReference(value);
      return ref ? { kind: ref.kind, id: ref.id, region: ref.region } : null;
    }
    case 'alias': {
      const ref = aliasReference(value);
      return ref ? { kind: 'alias', id: ref.id, region: ref.region } : null;
    }
    case 'secret': {
      const ref = secretReference(value);
      return ref ? { kind: 'secret', id: ref.id, region: ref.region } : null;
    }
    case 'protected': {
      const ref = keyReference(value);
      return ref && ref.kind !== 'alias' ? { kind: ref.kind, id: ref.id, region: ref.region } : null;
    }
    default:
      return { kind: rule.target, id: value, region: null };
  }
}

function add(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key) ?? new Set<string>();
  set.add(value);
  map.set(key, set);
}

const aliasKey = (region: string | null, alias: string) => `${region ?? ''}\u0000${alias}`;

function splitAliasKey(key: string): [string, string] {
  const at = key.indexOf('\u0000');
  return [key.slice(0, at), key.slice(at + 1)];
}
