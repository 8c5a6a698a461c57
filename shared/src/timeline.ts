/**
 * The incident timeline as reports carry it (the CLI's JSON, the language server's answer), declared
 * once here (no imports, no logic) so the core, the server and the client cannot drift apart.
 */

export interface TrailStats {
  files: number;
  events: number;
  changes: number;
  failures: number;
  malformed: number;
  /** Events that came earlier in time than the event before them in the same file (they are sorted). */
  outOfOrder: number;
  /** Change events and failed calls left out past the memory bounds. */
  droppedChanges: number;
  droppedFailures: number;
}

/** Where a malformed value was, and why; a few are kept as examples. */
export interface MalformedSample {
  path: string;
  line: number;
  reason: string;
}

/** A change event as reports show it. */
export interface ChangeView {
  /** The event's `eventId`, or `#<n>` (its place in the trail) when the trail gives none. */
  id: string;
  name: string;
  service: string | null;
  time: string;
  region: string | null;
  target: { kind: string; id: string };
  /** For CreateAlias and UpdateAlias: the key the alias points at afterwards. */
  aliasKey: string | null;
  actor: string;
  userName: string | null;
  accessKeyId: string | null;
  sourceIp: string | null;
  eventType: string | null;
  causes: readonly string[];
  ends: readonly string[];
}

export interface IncidentChange {
  change: string;
  /** Milliseconds from the change to the first error. */
  beforeMs: number;
  /** How the change is tied to the incident: it acts on its key or secret, on the alias used, or on the caller. */
  relation: 'resource' | 'alias' | 'caller';
  explains: boolean;
  undone: boolean;
}

export interface IncidentView {
  id: string;
  code: string;
  httpStatus: number | null;
  resource: { kind: string; id: string; region: string | null } | null;
  via: string[];
  api: string | null;
  region: string | null;
  firstSeen: string | null;
  lastSeen: string | null;
  count: number;
  untimed: number;
  fromTrail: number;
  files: string[];
  hosts: string[];
  services: string[];
  callers: string[];
  requestIds: string[];
  /** Where its errors are in the logs: [file, zero-based line], the first ones. */
  members: Array<[string, number]>;
  /** More errors than `members` lists. */
  membersMore: boolean;
  /** Errors per bucket of `bucketSeconds`, by bucket start (only buckets with errors). */
  series: { bucketSeconds: number; buckets: Array<[string, number]> };
  headline: string;
  changes: IncidentChange[];
  moreChanges: number;
  cause: {
    id: 'recent-change';
    text: string;
    change: string;
    evidence: Record<string, string>;
  } | null;
  endedBy: { change: string; afterMs: number; errorsAfter: boolean; text: string } | null;
}

export interface TimelineReport {
  version: 1;
  window: string;
  inputs: {
    logFiles: number;
    findings: number;
    droppedFindings: number;
    trail: TrailStats;
    malformedSamples: MalformedSample[];
  };
  incidents: IncidentView[];
  /** Every change an incident refers to, in time order. */
  changes: ChangeView[];
}
