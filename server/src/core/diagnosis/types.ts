/** The ids of the record-aware rules; stable, as JSON reports and tests name them. */
export type RuleId =
  | 'region-mismatch'
  | 'sts-token-missing'
  | 'alias-prefix'
  | 'instance-vs-shared-endpoint'
  | 'key-state'
  | 'permission-denied'
  | 'retries-exhausted'
  /** A change in the ActionTrail trail before the incident this error belongs to (core/incidents). */
  | 'recent-change';

export type FixKind = 'ram-policy' | 'aliyun-cli' | 'console-url' | 'sdk-config';

/** A likely cause: the rule that fired, its one-line finding, and the record's values it rests on. */
export interface Cause {
  id: RuleId;
  text: string;
  readonly evidence: Readonly<Record<string, string>>;
}

/** Text the user copies and runs or opens themselves; nothing here is ever run by the tool. */
export interface Fix {
  kind: FixKind;
  title: string;
  text: string;
  /** What to check or replace before using the text (placeholders, a `*` resource). */
  note?: string;
  /** The SDK language of an `sdk-config` fix (`go`, `java`, `python`, `typescript`, `csharp`, `php`). */
  language?: string;
}

/** Shared by the records with the same facts (see diagnose): read-only. */
export interface Diagnosis {
  readonly causes: readonly Cause[];
  readonly fixes: readonly Fix[];
}
