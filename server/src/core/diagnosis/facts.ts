import { WordSearch } from '../wordSearch';

/** A KMS resource ARN as written in records: `acs:kms:<region>:<account>:<type>/<id>`. */
export interface ResourceArn {
  arn: string;
  region: string;
  account: string;
  type: 'key' | 'alias' | 'secret';
  id: string;
}

/** The endpoint the request went to, and what kind of gateway it is. */
export interface Endpoint {
  host: string;
  /** `shared`: the OpenAPI gateway `kms[-vpc].<region>.aliyuncs.com`; `instance`: `<kst-id>.cryptoservice.kms.aliyuncs.com`. */
  kind: 'shared' | 'instance';
  /** The region in a shared gateway host; null for instance hosts (their region is not in the name). */
  region: string | null;
  instanceId: string | null;
}

/** Everything the diagnosis rules read from one error record, as written (untrusted, not yet validated). */
export interface RecordFacts {
  arn: ResourceArn | null;
  endpoint: Endpoint | null;
  keyId: string | null;
  alias: string | null;
  secretName: string | null;
  accessKeyId: string | null;
  /**
   * The failed API: the record's own field, the permission system's `AuthAction`, an `Action=`
   * parameter, the `aliyun kms <Api>` command, the SDK call (a request class, a stack frame), or a
   * `kms:<Api>` action named in the message.
   */
  api: string | null;
  /** A region the record names outside ARNs and endpoints: `--region`, `RegionId`, a `region` field. */
  region: string | null;
  /**
   * Who was refused, as the record names it: the permission system's `AuthPrincipalDisplayName`
   * (`ram`), or the aliyun CLI profile the command ran with (`--profile`).
   */
  principal: { kind: 'ram' | 'cli-profile'; name: string } | null;
  /** A KMS instance id named anywhere in the record. */
  instanceId: string | null;
  /** The record speaks of an STS token (SecurityToken, sts-token, StsToken). */
  mentionsSts: boolean;
  /** The SDK language the record's shape or stack frames give away. */
  language: SdkLanguage | null;
}

export type SdkLanguage = 'go' | 'java' | 'python' | 'typescript' | 'csharp' | 'php';

/** What a caller already knows about the record (the scanner's and decoder's fields). */
export interface KnownFields {
  api?: string | null;
  host?: string | null;
  hostId?: string | null;
}

// Records are bounded by the scanner (4 KB a line, a dozen lines); a decoded paste may be larger, and
// the facts of an error sit near its code, so only this much is read.
const MAX_TEXT = 16_384;

// Every pattern below is linear: no nested or adjacent overlapping quantifiers, bounded repeats.
const ARN = /\bacs:kms:([a-z0-9-]{0,40}):([0-9A-Za-z*]{0,32}):(key|alias|secret)\/([^\s"'<>,;()[\]{}`\\|]{1,512})/;
const SHARED_HOST = /\b(kms(?:-vpc)?\.([a-z]{2,4}(?:-[a-z0-9]{1,16}){1,3})\.aliyuncs\.com)\b/i;
const INSTANCE_HOST = /\b((kst-[a-z0-9*]{4,48})\.cryptoservice\.kms\.aliyuncs\.com)\b/i;
const INSTANCE_ID = /\b(kst-[a-z0-9*]{4,48})(?![a-z0-9*])/i;
const STS_NOTE = /security[ _-]?token|sts[ _-]?token|x-acs-security-token/i;

/** `KeyId: x`, `"KeyId":"x"`, `<KeyId>x</KeyId>`, `KeyId=x`, `--KeyId x`, `key_id='x'`. */
function field(names: string): RegExp {
  // Read to the next separator, quotes included: a value is only an id once its quotes come off
  // evenly (`'abc'`), so a value cut short by a stray quote (`abc'; rm -rf ~`) is not taken as `abc`.
  const value = `([^\\s,;()\\[\\]{}<>|&\\\\\`]{1,512})`;
  const xml = `<(?:${names})>[ \\t]*`;
  const flag = `--(?:${names})[ \\t]+`;
  const keyValue = `(?:^|[^A-Za-z0-9_-])(?:${names})\\\\?["']?[ \\t]*(?:[:=]|=>)[ \\t]*(?:u(?=["']))?`;
  // A double-quoted JSON value is read whole (a `'` inside it is part of the value, not its end).
  const json = `(?:^|[^A-Za-z0-9_-])(?:${names})\\\\?"[ \\t]*:[ \\t]*\\\\?"([^"\\\\\\n]{1,512})`;
  return new RegExp(`${json}|(?:${xml}|${flag}|${keyValue})${value}`, 'i');
}
const KEY_ID_FIELD = field('KeyId|key_id|keyId|CmkId|TargetKeyId');
const ALIAS_FIELD = field('AliasName|alias_name');
const SECRET_FIELD = field('SecretName|secret_name');
const ACCESS_KEY_FIELD = field('AccessKeyId|access_key_id|accessKeyId|x-kms-acccesskeyid');

// Words (lower-cased) that every match of the case-insensitive patterns above, and of the language
// hints below, holds: one pass over a record finds which of them it holds, and a pattern runs only
// where one of its words is (most records hold none of them).
const HOST_WORD = 1;
const ID_NAME = 2;
const INSTANCE_WORD = 4;
const TOKEN_WORD = 8;
const JAVA = 16;
const GO = 32;
const PYTHON = 64;
const TYPESCRIPT = 128;
const CSHARP = 256;
const PHP = 512;
const WORDS = new WordSearch([
  ['aliyuncs.com', HOST_WORD],
  // ID_FIELD_NAMES: `accesskeyid` and its kin hold `keyid` or `key_id`.
  ...['keyid', 'key_id', 'cmkid', 'aliasname', 'alias_name', 'secretname', 'secret_name'].map(
    (word) => [word, ID_NAME] as const,
  ),
  ['kst-', INSTANCE_WORD],
  ['token', TOKEN_WORD],
  ['com.aliyun', JAVA],
  ['.java:', JAVA],
  ['sdkerror:', GO],
  ['sdk.servererror', GO],
  ['github.com/alibabacloud-go/', GO],
  ['.go:', GO],
  ['tea.', PYTHON | CSHARP],
  ['alibabacloud', PYTHON | CSHARP | PHP],
  ['traceback (most recent call last)', PYTHON],
  ['aliyunsdkcore', PYTHON],
  ['@alicloud/', TYPESCRIPT],
  ['.js:', TYPESCRIPT],
  ['.ts:', TYPESCRIPT],
  ['aliyun.acs.', CSHARP],
  ['teaerror', PHP],
  ['.php', PHP],
]);

/**
 * The value a field pattern read: group 1 (a JSON string) as is, group 2 (any other shape) without
 * one pair of enclosing quotes. A value with quotes left inside it is kept as read; no id has quotes,
 * so validation drops it later.
 */
function matchValue(pattern: RegExp, text: string, literalsOnly = false): string | null {
  const m = pattern.exec(text);
  if (!m) return null;
  if (m[1] !== undefined) return m[1];
  const raw = m[2] ?? '';
  const quoted = /^(["'])(.*)\1$/.exec(raw);
  // In source code a value without quotes is an expression (`secret_name=name`), not the name itself.
  if (!quoted && literalsOnly) return null;
  return quoted ? (quoted[2] ?? '') || null : raw;
}
const ALIAS_IN_TEXT = /(?:^|[^A-Za-z0-9_:/])(alias\/[A-Za-z0-9_\-/:.*]{1,255})/;
const STS_ACCESS_KEY = /\b(STS\.[A-Za-z0-9*]{6,64})/;
const ACTION_FIELD = /(?:^|[^A-Za-z0-9_])Action=([A-Z][A-Za-z0-9]{2,60})\b/;
// The permission system's report of a refused call (`AccessDeniedDetail`), plain or escaped in JSON.
const AUTH_ACTION = /\bAuthAction\\?["']?[ \t]*[:=][ \t]*\\?["']?kms:([A-Z][A-Za-z0-9]{2,60})\b/;
const AUTH_PRINCIPAL =
  /\bAuthPrincipalDisplayName\\?["']?[ \t]*[:=][ \t]*\\?["']?([A-Za-z0-9][A-Za-z0-9_.@:\-/]{0,127})/;
// The aliyun CLI's command line (`aliyun kms Decrypt --region ...`), and the options the CLI takes.
const CLI_COMMAND = /\baliyun[ \t]+kms[ \t]+([A-Z][A-Za-z0-9]{2,60})\b/;
const CLI_PROFILE = /\baliyun[ \t]+kms[ \t][^\n]{0,2000}?--profile[ \t=]+([A-Za-z0-9][A-Za-z0-9_.-]{0,63})/;
const REGION_FIELD =
  /(?:--region[ \t=]+|\bRegionId\\?["']?[ \t]*[:=][ \t]*\\?["']?|\bregion\\?["'][ \t]*:[ \t]*\\?["'])([a-z]{2,4}(?:-[a-z0-9]{1,16}){1,3})\b/;
// A request class of the SDKs: `DecryptRequest`, `ListKeyVersionsRequest.ListKeyVersionsRequest()`.
const REQUEST_CLASS = /\b([A-Z][A-Za-z0-9]{2,60}?)Request\b/g;
// A KMS action named in a message (`not authorized to perform kms:Decrypt`).
const KMS_ACTION = /\bkms:([A-Z][A-Za-z0-9]{2,60})\b/;

// Stack frames and calls that name a KMS API: Java/Node `decryptWithOptions(`, Go `(*Client).Decrypt(`,
// Python `decrypt_with_options`, C# `DecryptWithOptions(`, PHP `->decrypt(`.
const FRAME =
  /(?:\.|->|\)\.)([A-Za-z][A-Za-z0-9]{2,60}?)(?:WithOptions|_with_options|Async|WithContext)?\s*\(|\bin ([a-z][a-z0-9_]{2,60})_with_options\b/g;

/**
 * Reads the facts of the record `text`; `known` are the fields the scanner or decoder already read.
 * In `sourceCode`, only quoted values are names: an unquoted one is a variable or an expression.
 */
export function readFacts(
  text: string,
  known: KnownFields = {},
  apiNames: ReadonlySet<string> = new Set(),
  sourceCode = false,
): RecordFacts {
  const t = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text;
  // A case-sensitive pattern runs only on a record holding a literal all its matches hold (an indexOf
  // is a few times quicker than the pattern's scan); most records hold few of them.
  const arn = t.includes('acs:kms:') ? readArn(t) : null;
  const words = WORDS.flagsIn(t);
  const endpoint = readEndpoint([known.host, known.hostId, words & HOST_WORD ? t : null]);
  // The names of the four id fields first, whose own patterns are slow: most records name none.
  const named = (words & ID_NAME) !== 0;
  const idField = (pattern: RegExp) => (named ? matchValue(pattern, t, sourceCode) : null);
  const keyId = idField(KEY_ID_FIELD) ?? (arn?.type === 'key' ? arn.id : null);
  const aliasField = idField(ALIAS_FIELD);
  const alias =
    aliasField ??
    (arn?.type === 'alias' ? `alias/${arn.id}` : null) ??
    (t.includes('alias/') ? (ALIAS_IN_TEXT.exec(t)?.[1] ?? null) : null);
  const secretName = idField(SECRET_FIELD) ?? (arn?.type === 'secret' ? arn.id : null);
  const accessKeyId = (t.includes('STS.') ? STS_ACCESS_KEY.exec(t)?.[1] : undefined) ?? idField(ACCESS_KEY_FIELD);
  const instanceId = endpoint?.instanceId ?? (words & INSTANCE_WORD ? INSTANCE_ID.exec(t)?.[1] : undefined) ?? null;
  return {
    arn,
    endpoint,
    keyId: keyId && !/^alias\//i.test(keyId) ? keyId : null,
    alias: alias ?? (keyId && /^alias\//i.test(keyId) ? keyId : null),
    secretName,
    accessKeyId,
    api: readApi(t, known.api ?? null, apiNames),
    region: t.includes('egion') ? (REGION_FIELD.exec(t)?.[1] ?? null) : null,
    principal: readPrincipal(t),
    instanceId,
    mentionsSts: (words & TOKEN_WORD) !== 0 && STS_NOTE.test(t),
    language: readLanguage(t, words),
  };
}

function readPrincipal(text: string): RecordFacts['principal'] {
  const ram = text.includes('AuthPrincipalDisplayName') ? AUTH_PRINCIPAL.exec(text)?.[1] : undefined;
  if (ram) return { kind: 'ram', name: ram };
  const profile = text.includes('--profile') ? CLI_PROFILE.exec(text)?.[1] : undefined;
  return profile ? { kind: 'cli-profile', name: profile } : null;
}

function readArn(text: string): ResourceArn | null {
  const m = ARN.exec(text);
  if (!m) return null;
  const [arn, region = '', account = '', type, rawId = ''] = m;
  // A sentence ends the ARN: `key/abc. ` or `key/abc is forbidden`.
  const id = rawId.replace(/[.:]+$/, '');
  return {
    arn: arn.slice(0, arn.length - (rawId.length - id.length)),
    region,
    account,
    type: type as ResourceArn['type'],
    id,
  };
}

function readEndpoint(sources: ReadonlyArray<string | null | undefined>): Endpoint | null {
  for (const source of sources) {
    if (!source) continue;
    const instance = INSTANCE_HOST.exec(source);
    if (instance) return { host: instance[1] ?? '', kind: 'instance', region: null, instanceId: instance[2] ?? null };
    const shared = SHARED_HOST.exec(source);
    if (shared) return { host: shared[1] ?? '', kind: 'shared', region: shared[2] ?? null, instanceId: null };
  }
  return null;
}

// The API names by their lower-case spelling, built once per set (a catalog's) rather than per record.
const lowerCased = new WeakMap<ReadonlySet<string>, Map<string, string>>();

function lowerCaseNames(names: ReadonlySet<string>): Map<string, string> {
  let byLower = lowerCased.get(names);
  if (!byLower) {
    byLower = new Map([...names].map((name) => [name.toLowerCase(), name]));
    lowerCased.set(names, byLower);
  }
  return byLower;
}

/**
 * The API, most direct source first: the record's own field, the permission system's AuthAction, an
 * `Action=` parameter, the aliyun CLI command; then, only when they name an API KMS has, the SDK's
 * request class, a stack frame, or a `kms:` action in the message.
 */
function readApi(text: string, known: string | null, apiNames: ReadonlySet<string>): string | null {
  if (known) return known;
  // Each pattern only where its literal part is (a quick search), and exec loops: matchAll copies the pattern.
  const direct =
    (text.includes('AuthAction') ? AUTH_ACTION.exec(text)?.[1] : undefined) ??
    (text.includes('Action=') ? ACTION_FIELD.exec(text)?.[1] : undefined) ??
    (text.includes('aliyun') ? CLI_COMMAND.exec(text)?.[1] : undefined);
  if (direct) return direct;
  if (apiNames.size === 0) return null;
  const byLower = lowerCaseNames(apiNames);
  if (mayNameRequestClass(text)) {
    REQUEST_CLASS.lastIndex = 0;
    for (let m = REQUEST_CLASS.exec(text); m; m = REQUEST_CLASS.exec(text)) {
      const name = byLower.get((m[1] ?? '').toLowerCase());
      if (name) return name;
    }
  }
  if (text.includes('(') || text.includes('_with_options')) {
    FRAME.lastIndex = 0;
    for (let m = FRAME.exec(text); m; m = FRAME.exec(text)) {
      const raw = (m[1] ?? m[2] ?? '').replace(/_/g, '').toLowerCase();
      const name = byLower.get(raw);
      if (name) return name;
    }
  }
  const action = text.includes('kms:') ? KMS_ACTION.exec(text)?.[1] : undefined;
  return action && byLower.get(action.toLowerCase()) ? action : null;
}

function isWordCharacter(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/**
 * Whether `text` holds `Request` at the end of a word that starts before it, as every match of
 * REQUEST_CLASS does: records hold `RequestId` far more often, for which the pattern would try every word.
 */
function mayNameRequestClass(text: string): boolean {
  for (let at = text.indexOf('Request', 1); at !== -1; at = text.indexOf('Request', at + 7)) {
    if (!isWordCharacter(text.charCodeAt(at + 7)) && isWordCharacter(text.charCodeAt(at - 1))) return true;
  }
  return false;
}

// Each language's hints, and the flag of the words they hold (see WORDS).
const LANGUAGE_HINTS: ReadonlyArray<[SdkLanguage, RegExp, number]> = [
  ['java', /\bcom\.aliyun(?:cs)?\.|\bat [\w$.]+\([\w$]+\.java:\d+\)/, JAVA],
  ['go', /\bSDKError:\s|\bSDK\.ServerError\b|github\.com\/alibabacloud-go\/|\.go:\d+\b/, GO],
  ['python', /\bTea\.exceptions\b|\balibabacloud_[a-z0-9_]+|Traceback \(most recent call last\)|aliyunsdkcore/, PYTHON],
  ['typescript', /@alicloud\/|\bat [\w$.<>]+ \([^)]{0,300}\.[jt]s:\d+:\d+\)/, TYPESCRIPT],
  ['csharp', /\bAlibabaCloud\.[A-Z]|\bAliyun\.Acs\.|\bTea\.TeaException\b/, CSHARP],
  ['php', /AlibabaCloud\\|\bTeaError\b[^\n]{0,300}\.php|\.php(?::| on line )\d+/, PHP],
];

/** The SDK language the record's hints give away; `words` are the flags of the words it holds (WORDS). */
function readLanguage(text: string, words: number): SdkLanguage | null {
  for (const [language, pattern, flag] of LANGUAGE_HINTS) if (words & flag && pattern.test(text)) return language;
  return null;
}

const EXTENSIONS: ReadonlyArray<[RegExp, SdkLanguage]> = [
  [/\.go$/i, 'go'],
  [/\.(?:java|kt)$/i, 'java'],
  [/\.py$/i, 'python'],
  [/\.(?:[cm]?[jt]sx?)$/i, 'typescript'],
  [/\.cs$/i, 'csharp'],
  [/\.php$/i, 'php'],
];

/** The SDK language of a source file, by its name; null for logs and other files. */
export function languageOfPath(path: string): SdkLanguage | null {
  for (const [pattern, language] of EXTENSIONS) if (pattern.test(path)) return language;
  return null;
}
