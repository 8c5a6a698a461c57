import type { CatalogEntry } from '../catalog/types';
import { maskedFields, type RecordFacts } from './facts';
import { isMasked, looksLikeAlias, looksLikeKeyId, looksLikeRegion } from './identifiers';
import { allowedIn, stateOfCode, statesRejecting } from './keyStates';
import type { DiagnosisTexts } from './texts';
import type { Cause } from './types';

/**
 * The record-aware rules. Each reads the facts of one error record and the catalog entry of its code,
 * and either stays silent or names a cause with the record's own values as evidence.
 *
 * Left out, for want of a source: a rule telling a KMS 3.0 instance key called through the shared
 * gateway from a key of the shared service (which operations the shared gateway forwards to an
 * instance is not documented in the sources at hand), and a rule on Forbidden.DKMSInstanceNotFound
 * (an OpenAPI code, returned through the shared gateway, so not an endpoint mix-up by itself). Key
 * states outside the documented matrix (Rejected.Unavailable, Rejected.Uninitialized and the secret
 * states) get no key-state cause.
 */
export interface RuleContext {
  code: string;
  entry: CatalogEntry | null;
  facts: RecordFacts;
  t: DiagnosisTexts;
}

type Rule = (context: RuleContext) => Cause | null;

const MAX_EVIDENCE = 160;

/** Record values shown in a finding, cut so that a hostile 10,000-character value stays one line. */
function clip(value: string): string {
  // eslint-disable-next-line no-control-regex -- control characters of a hostile value become spaces
  const oneLine = value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return oneLine.length > MAX_EVIDENCE ? `${oneLine.slice(0, MAX_EVIDENCE - 1)}…` : oneLine;
}

const NOT_FOUND_OR_DENIED = new Set([
  'Forbidden.KeyNotFound',
  'Forbidden.AliasNotFound',
  'Forbidden.ResourceNotFound',
  'Forbidden.NoPermission',
]);

const regionMismatch: Rule = ({ code, facts, t }) => {
  const { arn, endpoint } = facts;
  if (!NOT_FOUND_OR_DENIED.has(code) || !arn || endpoint?.kind !== 'shared' || !endpoint.region) return null;
  if (!looksLikeRegion(arn.region) || arn.region === endpoint.region) return null;
  return {
    id: 'region-mismatch',
    text: t.regionMismatch(endpoint.host, endpoint.region, t.resource[arn.type], clip(arn.arn), arn.region),
    evidence: { endpoint: endpoint.host, endpointRegion: endpoint.region, arn: clip(arn.arn), arnRegion: arn.region },
  };
};

// The seed catalog's note on these codes: temporary (STS) credentials need their SecurityToken.
const CREDENTIAL_CODES = new Set(['InvalidAccessKeyId.NotFound', 'Forbidden.AccessKey', 'Forbidden.NoPermission']);

const stsTokenMissing: Rule = ({ code, facts, t }) => {
  if (!CREDENTIAL_CODES.has(code)) return null;
  const id = facts.accessKeyId;
  // STS credentials have AccessKeyIds that start with `STS.` (the AssumeRole response's Credentials).
  if (id?.startsWith('STS.'))
    return { id: 'sts-token-missing', text: t.stsAccessKey(clip(id)), evidence: { accessKeyId: clip(id) } };
  if (facts.mentionsSts) return { id: 'sts-token-missing', text: t.stsNote, evidence: { stsNote: 'SecurityToken' } };
  return null;
};

const ALIAS_CODES = new Set([
  'Forbidden.KeyNotFound',
  'Forbidden.AliasNotFound',
  'InvalidParameter',
  'Unsupported.Alias',
]);
// A word that could be an alias name. Dots, colons and camelCase words are left alone: in source
// code they are expressions and variables (`KeyId: tea.String(keyId)`), not names.
const NAME_LIKE = /^[A-Za-z0-9_\-/]{1,255}$/;
const CAMEL_CASE = /^[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*$/;
const FIELD_NAME = /^(?:key_?id|cmk_?id)$/i;

function isIdentifier(value: string): boolean {
  return CAMEL_CASE.test(value) || FIELD_NAME.test(value);
}

const aliasPrefix: Rule = ({ code, facts, t }) => {
  if (!ALIAS_CODES.has(code)) return null;
  const { keyId, alias } = facts;
  if (keyId && !looksLikeKeyId(keyId) && !isMasked(keyId) && NAME_LIKE.test(keyId) && !isIdentifier(keyId)) {
    return { id: 'alias-prefix', text: t.aliasWithoutPrefix(keyId), evidence: { keyId } };
  }
  if (alias && !looksLikeAlias(alias) && !isMasked(alias)) {
    return { id: 'alias-prefix', text: t.aliasBadName(clip(alias)), evidence: { alias: clip(alias) } };
  }
  return null;
};

/** A code the catalog gives only to the other API surface than the endpoint the record names. */
const instanceVsShared: Rule = ({ code, entry, facts, t }) => {
  const endpoint = facts.endpoint;
  if (!entry || !endpoint || entry.surfaces.length !== 1) return null;
  const surface = entry.surfaces[0];
  if (endpoint.kind === 'shared' && surface === 'instance') {
    return {
      id: 'instance-vs-shared-endpoint',
      text: t.instanceCodeOnShared(code, endpoint.host),
      evidence: { endpoint: endpoint.host, surface },
    };
  }
  if (endpoint.kind === 'instance' && surface === 'openapi') {
    return {
      id: 'instance-vs-shared-endpoint',
      text: t.sharedCodeOnInstance(code, endpoint.host),
      evidence: { endpoint: endpoint.host, surface },
    };
  }
  return null;
};

const maskedIdentifier: Rule = ({ facts, t }) => {
  const masked = maskedFields(facts);
  const values = Object.values(masked);
  if (values.length === 0) return null;
  const evidence = Object.fromEntries(Object.entries(masked).map(([k, v]) => [k, clip(v)]));
  return { id: 'masked-identifier', text: t.masked(Object.values(evidence).join(', ')), evidence };
};

const keyState: Rule = ({ code, facts, t }) => {
  const state = stateOfCode(code);
  if (state) {
    return {
      id: 'key-state',
      text: `${t.keyState(state, allowedIn(state).join(', '))} ${t.keyStateNext[state]}`,
      evidence: { state, ...(facts.api ? { api: facts.api } : {}) },
    };
  }
  if (code !== 'Rejected.StateModifiedFailed') return null;
  const states = facts.api ? statesRejecting(facts.api, code) : [];
  if (facts.api && states.length > 0) {
    return {
      id: 'key-state',
      text: t.stateModifiedFailed(facts.api, states.join(', ')),
      evidence: { api: facts.api, states: states.join(', ') },
    };
  }
  return { id: 'key-state', text: t.stateModifiedFailedUnknown, evidence: { code } };
};

export const RULES: readonly Rule[] = [
  regionMismatch,
  stsTokenMissing,
  aliasPrefix,
  instanceVsShared,
  keyState,
  maskedIdentifier,
];
