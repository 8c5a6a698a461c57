/**
 * KMS resources as the timeline compares them. A key is named by its id or its ARN
 * (`acs:kms:<region>:<account>:key/<id>`, the format the KMS API reference gives for KeyId); an alias
 * by `alias/<name>` or its ARN; a secret by its name or its ARN (`acs:kms:<region>:<account>:secret/<name>`,
 * SetSecretPolicy reference). A key's ARN and its bare id are the same key.
 */

export type ResourceKind = 'key' | 'alias' | 'secret';

export interface ResourceRef {
  kind: ResourceKind;
  /** Key ids in lower case (UUIDs and `key-...` ids are case-insensitive); aliases and secrets as written. */
  id: string;
  /** The region the reference itself names (an ARN's); null for a bare id. */
  region: string | null;
}

const ARN = /^acs:kms:([a-z0-9-]{0,40}):[^:]{0,40}:(key|alias|secret)\/(.{1,512})$/;

/** A reference from a KeyId-like value: an ARN, `alias/...`, or a bare key id. Null when empty. */
export function keyReference(value: string | null): ResourceRef | null {
  if (!value) return null;
  const v = value.trim();
  if (v.length === 0) return null;
  const arn = ARN.exec(v);
  if (arn) {
    const region = arn[1] || null;
    const kind = arn[2] as ResourceKind;
    const id = arn[3] ?? '';
    if (kind === 'alias') return { kind, id: `alias/${id}`, region };
    return { kind, id: kind === 'key' ? id.toLowerCase() : id, region };
  }
  if (/^alias\//i.test(v)) return { kind: 'alias', id: v, region: null };
  return { kind: 'key', id: v.toLowerCase(), region: null };
}

/** A reference from an AliasName value (`alias/...`, or an alias ARN). */
export function aliasReference(value: string | null): ResourceRef | null {
  const ref = keyReference(value);
  return ref?.kind === 'alias' ? ref : null;
}

/** A reference from a SecretName value (a name, or a secret ARN). */
export function secretReference(value: string | null): ResourceRef | null {
  if (!value || value.trim().length === 0) return null;
  const arn = ARN.exec(value.trim());
  if (arn) return arn[2] === 'secret' ? { kind: 'secret', id: arn[3] ?? '', region: arn[1] || null } : null;
  return { kind: 'secret', id: value.trim(), region: null };
}

/** The stable text of a resource, for grouping: `key:<id>`, `alias:<name>`, `secret:<name>`. */
export function resourceKey(ref: Pick<ResourceRef, 'kind' | 'id'>): string {
  return `${ref.kind}:${ref.id}`;
}
