/**
 * What an identifier read from an error record must look like before a fix may carry it. Values from
 * the record are untrusted (a log can hold anything); a value that does not look like an id is dropped,
 * and what is kept is still quoted for the shell and serialised as JSON where it is used.
 */

/** A KMS key id: a UUID (OpenAPI keys) or `key-` followed by letters and digits (KMS instance keys). */
const KEY_ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|key-[a-z0-9]{8,40})$/i;
/**
 * An alias: `alias/` and 1 to 255 characters (the alicloud_kms_alias reference: "Length of characters
 * other than prefixes: minimum 1, maximum 255. Must contain prefix alias/"). The character set is not
 * documented there; letters, digits and `_-/:.` cover every alias seen in docs and logs.
 */
const ALIAS_NAME = /^alias\/[A-Za-z0-9_\-/:.]{1,255}$/;
/** A secret name as written in docs and logs (`mydbconninfo`, `team-a`, `rds/prod`). */
const SECRET_NAME = /^[A-Za-z0-9_\-/.]{1,192}$/;
/** A region id such as `cn-hangzhou`, `ap-southeast-5`, `us-west-1`. */
const REGION = /^[a-z]{2,4}(?:-[a-z0-9]{1,16}){1,3}$/;
/** An Alibaba Cloud account id (16 digits in docs; 10 in an SDK issue's redacted example). */
const ACCOUNT = /^[0-9]{6,20}$/;
/** An OpenAPI action name: `Decrypt`, `GetSecretValue`. */
const API = /^[A-Z][A-Za-z0-9]{2,60}$/;

export const looksLikeKeyId = (v: string) => KEY_ID.test(v);
export const looksLikeAlias = (v: string) => ALIAS_NAME.test(v);
export const looksLikeSecretName = (v: string) => SECRET_NAME.test(v);
export const looksLikeRegion = (v: string) => REGION.test(v);
export const looksLikeAccount = (v: string) => ACCOUNT.test(v);
export const looksLikeApi = (v: string) => API.test(v);

/**
 * True for an id masked in docs or logs: `key-****`, `****1234`, `154035569884****`, and the all-`x`
 * accounts of examples (`acs:kms:cn-hangzhou:xxxxx:secret/team-a`).
 */
export function isMasked(value: string): boolean {
  return /\*{3}/.test(value) || /^x{3,}$/i.test(value) || /-x{4}-/i.test(value);
}

/** Quotes a value for a POSIX shell: single quotes, each `'` written as `'\''`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
