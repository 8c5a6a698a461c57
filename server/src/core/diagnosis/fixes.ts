import type { CatalogEntry } from '../catalog/types';
import type { RecordFacts, SdkLanguage } from './facts';
import {
  isMasked,
  looksLikeAccount,
  looksLikeAlias,
  looksLikeKeyId,
  looksLikeRegion,
  looksLikeSecretName,
  shellQuote,
} from './identifiers';
import { sdkOverview, sdkSnippet, SDK_NAMES } from './sdkSnippets';
import { clip } from './rules';
import type { DiagnosisTexts } from './texts';
import type { Fix } from './types';

/**
 * The identifiers a fix may carry: each validated, a masked one replaced by a placeholder, anything
 * else (a value that does not look like an id) dropped.
 */
export interface FixValues {
  region: string | null;
  account: string | null;
  keyId: string | null;
  alias: string | null;
  secretName: string | null;
  api: string | null;
  /** The masked values of the record (cut for display) that placeholders stand in for. */
  masked: string[];
}

export function fixValues(facts: RecordFacts): FixValues {
  const masked: string[] = [];
  const pick = (value: string | null | undefined, valid: (v: string) => boolean, placeholder: string) => {
    if (!value) return null;
    if (isMasked(value)) {
      const shown = clip(value);
      if (!masked.includes(shown)) masked.push(shown);
      return placeholder;
    }
    return valid(value) ? value : null;
  };
  const arn = facts.arn;
  const region =
    pick(arn?.region, looksLikeRegion, '<region-id>') ??
    pick(facts.endpoint?.region, looksLikeRegion, '<region-id>') ??
    pick(facts.region, looksLikeRegion, '<region-id>');
  return {
    region,
    account: pick(arn?.account, looksLikeAccount, '<account-id>'),
    keyId: pick(facts.keyId, looksLikeKeyId, '<KeyId>'),
    // A name given as KeyId without its prefix (the alias-prefix cause) is tried as that alias.
    alias:
      pick(facts.alias, looksLikeAlias, '<AliasName>') ??
      (facts.keyId && !looksLikeKeyId(facts.keyId) && !isMasked(facts.keyId) && looksLikeAlias(`alias/${facts.keyId}`)
        ? `alias/${facts.keyId}`
        : null),
    secretName: pick(facts.secretName, looksLikeSecretName, '<SecretName>'),
    api: facts.api,
    masked,
  };
}

/** What to do about the placeholders of a fix's text, naming the masked values they stand in for. */
function placeholderNote(text: string, v: FixValues, t: DiagnosisTexts, attaching: boolean): string[] {
  if (!text.includes('<')) return [];
  const masked = v.masked.length > 0 ? v.masked.join(', ') : null;
  return [attaching ? t.ramPolicyPlaceholders(masked) : t.cliPlaceholders(masked)];
}

/** The resource ARN rebuilt from validated parts: `acs:kms:<region>:<account>:key/<id>` (or `secret/`). */
function resourceArn(v: FixValues, facts: RecordFacts): string | null {
  if (!facts.arn || !v.region || !v.account) return null;
  if (facts.arn.type === 'key' && v.keyId) return `acs:kms:${v.region}:${v.account}:key/${v.keyId}`;
  if (facts.arn.type === 'secret' && v.secretName) return `acs:kms:${v.region}:${v.account}:secret/${v.secretName}`;
  if (facts.arn.type === 'alias' && v.alias) return `acs:kms:${v.region}:${v.account}:${v.alias}`;
  return null;
}

/** Least-privilege RAM policy for a permission error: one Allow statement, built by the JSON serialiser. */
export function ramPolicyFix(entry: CatalogEntry, facts: RecordFacts, v: FixValues, t: DiagnosisTexts): Fix | null {
  if (entry.category !== 'permission') return null;
  const resource = resourceArn(v, facts);
  if (!v.api && !resource) return null;
  const action = `kms:${v.api ?? '<ApiName>'}`;
  const policy = { Version: '1', Statement: [{ Effect: 'Allow', Action: [action], Resource: [resource ?? '*'] }] };
  const notes = [
    ...(resource ? [] : [t.ramPolicyAnyResource]),
    ...(v.api ? [] : [t.ramPolicyApiUnknown]),
    ...placeholderNote(resource ?? '', v, t, true),
  ];
  return {
    kind: 'ram-policy',
    title: t.ramPolicyTitle(action),
    text: JSON.stringify(policy, null, 2),
    ...(notes.length ? { note: notes.join(' ') } : {}),
  };
}

// Which aliyun CLI call fixes or checks the state behind a code (`aliyun kms <Api> --<Param> <value>`).
const KEY_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  'Rejected.Disabled': ['EnableKey', 'DescribeKey'],
  'Rejected.PendingDeletion': ['CancelKeyDeletion', 'DescribeKey'],
  'Rejected.PendingImport': ['GetParametersForImport', 'DescribeKey'],
  'Rejected.Enabled': ['DescribeKey'],
  'Rejected.StateModifiedFailed': ['DescribeKey'],
  'Rejected.Unavailable': ['DescribeKey'],
  'Rejected.Uninitialized': ['DescribeKey'],
  ExpiredImportToken: ['GetParametersForImport'],
  InvalidImportToken: ['GetParametersForImport'],
  'Forbidden.KeyNotFound': ['DescribeKey'],
  'Forbidden.KeyVersionNotFound': ['DescribeKey'],
  'Forbidden.AliasNotFound': ['DescribeKey'],
};
const STATE_FIXES = new Set([
  'Rejected.Disabled',
  'Rejected.PendingDeletion',
  'Rejected.PendingImport',
  'ExpiredImportToken',
  'InvalidImportToken',
]);
const SECRET_CODES = new Set([
  'Forbidden.ResourceNotFound',
  'Rejected.ResourceInDeleteWindow',
  'Rejected.ResourceInUse',
  'Rejected.ResourceExist',
]);

/** The aliyun CLI commands that fix or check the state, with every record value shell-quoted. */
export function aliyunCliFix(entry: CatalogEntry, v: FixValues, t: DiagnosisTexts): Fix | null {
  const region = `--region ${shellQuote(v.region ?? '<region-id>')}`;
  const secretOnly = v.secretName && !v.keyId && !v.alias;
  let lines: string[];
  let api: string;
  if (SECRET_CODES.has(entry.code) || (secretOnly && entry.category === 'key-state')) {
    if (!v.secretName) return null;
    api = 'DescribeSecret';
    lines = [`aliyun kms DescribeSecret --SecretName ${shellQuote(v.secretName ?? '<SecretName>')} ${region}`];
  } else {
    const apis = KEY_COMMANDS[entry.code];
    if (!apis) return null;
    // A state to fix is worth a command with a placeholder; a lookup needs the record to name its key.
    if (!STATE_FIXES.has(entry.code) && !v.keyId && !v.alias) return null;
    // DescribeKey and the cryptographic calls take an alias as KeyId; state changes need the key id.
    const target = v.keyId ?? (entry.code === 'Forbidden.AliasNotFound' ? v.alias : null) ?? '<KeyId>';
    lines = apis.map(
      (name) =>
        `aliyun kms ${name} --KeyId ${shellQuote(name === 'DescribeKey' ? (v.keyId ?? v.alias ?? target) : target)} ${region}`,
    );
    api = apis[0] ?? 'DescribeKey';
  }
  const all = lines.join('\n');
  const notes = [
    ...placeholderNote(all, v, t, false),
    ...(all.includes('GetParametersForImport') ? [t.cliImportNote] : []),
  ];
  return { kind: 'aliyun-cli', title: t.cliTitle(api), text: all, ...(notes.length ? { note: notes.join(' ') } : {}) };
}

const CONSOLE = 'https://kms.console.aliyun.com/';

/**
 * The key's page in the KMS console, `https://kms.console.aliyun.com/<region>/key/detail/<keyId>` (the
 * form a public console-link table maps `ACS::KMS::Key` to). No deep link was found for aliases and
 * secrets: they get the console's start page and the region to pick.
 */
export function consoleFix(v: FixValues, t: DiagnosisTexts): Fix | null {
  const realRegion = v.region && !v.region.startsWith('<') ? v.region : null;
  const realKey = v.keyId && !v.keyId.startsWith('<') ? v.keyId : null;
  if (realRegion && realKey) {
    const url = `${CONSOLE}${encodeURIComponent(realRegion)}/key/detail/${encodeURIComponent(realKey)}`;
    return { kind: 'console-url', title: t.consoleKeyTitle, text: url };
  }
  const what = v.secretName ? t.resource.secret : v.alias ? t.resource.alias : v.keyId ? t.resource.key : null;
  if (!realRegion || !what) return null;
  return {
    kind: 'console-url',
    title: t.consoleRegionTitle(realRegion),
    text: CONSOLE,
    note: what === t.resource.key ? t.consoleMaskedKeyNote : t.consoleRegionNote(what),
  };
}

/**
 * Retry settings for throttling and transient service codes: the snippet of the record's (or file's)
 * SDK, or one line per SDK when neither tells which.
 */
export function sdkConfigFixes(
  entry: CatalogEntry,
  language: SdkLanguage | null,
  api: string | null,
  t: DiagnosisTexts,
): Fix[] {
  if (!entry.retryable || (entry.category !== 'quota-throttling' && entry.category !== 'service')) return [];
  if (!language) return [{ kind: 'sdk-config', title: t.sdkTitleAll, text: sdkOverview(), note: t.sdkNotes.all }];
  return [
    {
      kind: 'sdk-config',
      title: t.sdkTitle(SDK_NAMES[language]),
      text: sdkSnippet(language, api),
      note: t.sdkNotes[language],
      language,
    },
  ];
}
