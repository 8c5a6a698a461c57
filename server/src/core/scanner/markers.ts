import { windowHasMatch, type LongTextSource } from './sharedMatches';

/**
 * Evidence about which product a piece of text is about. Generic codes (`InvalidParameter`,
 * `InternalFailure`) are KMS findings only near KMS evidence, and never in a record that names
 * another product.
 */

// API names only Alibaba Cloud KMS has (AWS KMS shares Encrypt, Decrypt, GenerateDataKey, ...).
export const KMS_ONLY_APIS = [
  'GenerateAndExportDataKey',
  'ExportDataKey',
  'AsymmetricSign',
  'AsymmetricVerify',
  'AsymmetricEncrypt',
  'AsymmetricDecrypt',
  'CreateKeyVersion',
  'DescribeKeyVersion',
  'ListKeyVersions',
  'UpdateRotationPolicy',
  'OpenKmsService',
  'DescribeAccountKmsStatus',
  'ListKmsInstances',
  'GetKmsInstance',
  'ListSecretVersionIds',
  'ListAliasesByKeyId',
  'UpdateSecretRotationPolicy',
];

/**
 * Text that says "this is about Alibaba Cloud KMS" (hosts such as `kms.cn-hangzhou.aliyuncs.com` match the `kms`
 * word). Linear: every alternative starts with a literal and has no unbounded run before it.
 */
export const KMS_MARKER = new RegExp(
  [
    'acs:kms:',
    'kms[-_]?20160120',
    'dkms',
    'x-kms-',
    'product=kms\\b',
    '/product/kms\\b',
    'aliyun\\s+kms\\b',
    'alicloud_kms',
    'aliyunsdkkms',
    // KMS bodies carry their status (`"HttpStatus": 400`, `<HttpStatus>`); gateway bodies of other products do not.
    '\\bHttpStatus\\b',
    '(?<![a-z0-9])kms(?![a-z])',
    `\\b(?:${KMS_ONLY_APIS.join('|')})\\b`,
  ].join('|'),
  'gi',
);

// Hosts of other services. Tried at every word start, so only run on text that names an endpoint
// at all: on a long line without one it would cost more than the rest of the scan.
const OTHER_HOST = /\b(?!kms[.-]|kst-)[a-z][a-z0-9-]{0,62}\.(?:[a-z0-9-]{1,63}\.)?aliyuncs\.com/i;
const ENDPOINT = /aliyuncs\.com/i;
// ARNs of other services.
const OTHER_ARN = /acs:(?!kms:|ram:)[a-z-]+:/i;
// Product codes of other services, and products people name in prose.
/** Products people name in prose; a record naming one is about that product unless it points at KMS. */
export const OTHER_PRODUCT_NAMES = [
  'DirectMail',
  'alidns',
  'Alibaba Cloud DNS',
  'Log Service',
  'SLS',
  'OSS',
  'ECS',
  'RDS',
  'CDN',
  'VPC',
  'ActionTrail',
];
const OTHER_PRODUCT = new RegExp(
  ['product=(?!kms\\b)[a-z]', `\\b(?:${OTHER_PRODUCT_NAMES.join('|')})\\b`, 'Forbidden\\.RAM\\b'].join('|'),
  'i',
);

// AWS shares generic codes (InternalFailure, IncompleteSignature) and the word KMS: an AWS record
// is not an Alibaba Cloud KMS error even when it says "KMS".
const AWS = /amazonaws|arn:aws|\bAWS\b|botocore|boto3|An error occurred \(/i;
const ALIBABA = /aliyun|alibaba|alicloud|acs:/i;

// Operations KMS shares with other key and secret services: evidence only next to an Alibaba Cloud mark.
export const KMS_SHARED_OPERATIONS = [
  'Encrypt',
  'Decrypt',
  'ReEncrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'DescribeKey',
  'CreateKey',
  'ListKeys',
  'EnableKey',
  'DisableKey',
  'ScheduleKeyDeletion',
  'CancelKeyDeletion',
  'CreateAlias',
  'UpdateAlias',
  'ListAliases',
  'GetPublicKey',
  'GetParametersForImport',
  'ImportKeyMaterial',
  'GetSecretValue',
  'CreateSecret',
  'DeleteSecret',
  'DescribeSecret',
  'PutSecretValue',
  'UpdateSecret',
  'RestoreSecret',
  'RotateSecret',
  'ListSecrets',
];
const KMS_OPERATIONS = new RegExp(`\\b(?:${KMS_SHARED_OPERATIONS.join('|')})\\b`);

const KMS_HOST_OR_MARKER = new RegExp(KMS_MARKER.source, 'i');

/**
 * Literals of which every KMS marker contains one: a cheap search for places where KMS_MARKER may
 * match. Searching whole logs for them and confirming each hit is several times faster than KMS_MARKER.
 */
export const KMS_MARKER_HINTS = [
  'kms',
  'KMS',
  'Kms',
  'HttpStatus',
  'DataKey',
  'Asymmetric',
  'KeyVersion',
  'RotationPolicy',
  'SecretVersionIds',
  'ByKeyId',
];

/**
 * Offsets in [from, to) where a hint starts, in order and not overlapping, as the alternation
 * `kms|KMS|...` would find them (no two hints start alike, so at most one matches at an offset).
 * One `indexOf` per literal is about twice as fast as that alternation on a log.
 */
export function markerHintOffsets(text: string, from: number, to: number): number[] {
  // Each hit is one number, offset * 16 + the literal's index, so a plain numeric sort orders them.
  const hits: number[] = [];
  KMS_MARKER_HINTS.forEach((literal, index) => {
    for (let at = text.indexOf(literal, from); at !== -1 && at < to; at = text.indexOf(literal, at + 1)) {
      hits.push(at * 16 + index);
    }
  });
  hits.sort((a, b) => a - b);
  const kept: number[] = [];
  let end = -1;
  for (const hit of hits) {
    const at = Math.floor(hit / 16);
    if (at < end) continue;
    kept.push(at);
    end = at + (KMS_MARKER_HINTS[hit % 16] as string).length;
  }
  return kept;
}

/**
 * The offsets markerHintOffsets gives, from `places` (in order) where a hint may start: those where
 * one does, but inside the hint before.
 */
export function hintsAt(text: string, places: readonly number[]): number[] {
  const kept: number[] = [];
  let end = -1;
  for (const at of places) {
    if (at < end) continue;
    const literal = KMS_MARKER_HINTS.find((hint) => text.startsWith(hint, at));
    if (literal === undefined) continue;
    kept.push(at);
    end = at + literal.length;
  }
  return kept;
}

/** Confirms a hint found by markerHintOffsets at `index` with the full marker pattern around it. */
export function isKmsMarkerAt(text: string, index: number): boolean {
  const window = text.slice(Math.max(0, index - 30), index + 40);
  const at = Math.min(index, 30);
  const start = window.lastIndexOf('\n', at) + 1;
  const newline = window.indexOf('\n', at);
  return KMS_HOST_OR_MARKER.test(window.slice(start, newline === -1 ? undefined : newline));
}

// How many non-whitespace characters an attempt of each pattern reads at most (see sharedMatches.ts).
const REACH = new Map<RegExp, number>([
  [AWS, 40],
  [ALIBABA, 20],
  [OTHER_PRODUCT, 40],
  [OTHER_HOST, 200],
  [ENDPOINT, 20],
  [KMS_HOST_OR_MARKER, 60],
  [KMS_OPERATIONS, 60],
]);

/**
 * `pattern.test(text)`; where the text is a long window of `source` (a record block of a long line),
 * mostly read from one scan of the source shared with the neighbouring windows.
 */
function has(pattern: RegExp, text: string, source?: LongTextSource): boolean {
  const reach = REACH.get(pattern);
  if (!source || reach === undefined || text.length < 4096) return pattern.test(text);
  return windowHasMatch(pattern, reach, text, source);
}

/**
 * True when the text names another product and nothing in it points at Alibaba Cloud KMS. `source`
 * says where the text was cut from, when it is a window of a longer text.
 */
export function namesOtherProduct(text: string, source?: LongTextSource): boolean {
  if (has(AWS, text, source) && !has(ALIBABA, text, source)) return true;
  const other =
    has(OTHER_PRODUCT, text, source) ||
    OTHER_ARN.test(text) ||
    (has(ENDPOINT, text, source) && has(OTHER_HOST, text, source));
  return other && !has(KMS_HOST_OR_MARKER, text, source);
}

/** True when an error record is an Alibaba Cloud call of a KMS operation (`aliyun ... Decrypt`). */
export function isAlibabaKmsOperation(text: string, source?: LongTextSource): boolean {
  return has(ALIBABA, text, source) && has(KMS_OPERATIONS, text, source);
}
