import type { DecodeOutcome } from './types';

/**
 * Fields of success responses that hold key material or secret values: a data key in clear
 * (GenerateDataKey, Decrypt, AsymmetricDecrypt `Plaintext`), a private key (GenerateDataKeyPair
 * `PrivateKeyPlaintext`, CreateClientKey `PrivateKeyData`), a secret (GetSecretValue `SecretData`),
 * a password (GetRandomPassword `RandomPassword`). Compared by the last name of the field's path,
 * case-insensitively.
 */
const SECRET_FIELDS = new Set([
  'plaintext',
  'privatekeyplaintext',
  'privatekeydata',
  'secretdata',
  'secretvalue',
  'randompassword',
  'password',
  'keymaterial',
  'accesskeysecret',
]);

function isSecretField(path: string): boolean {
  const name = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return SECRET_FIELDS.has(name);
}

/** What replaces a secret value: its length only, so the shape of the answer stays readable. */
function maskedValue(value: string): string {
  return `•••••••• (${value.length} characters, masked)`;
}

/**
 * Masks the secret fields of a decoded response, everywhere the result goes (views, CLI text and
 * JSON), unless `showSecrets`; `maskedFields` names what was masked so a view can say how to see it.
 */
export function maskSecrets(outcome: DecodeOutcome, showSecrets: boolean): DecodeOutcome {
  if (!outcome.ok || showSecrets) return outcome;
  const names = Object.keys(outcome.result.fields).filter(isSecretField);
  if (names.length === 0) return outcome;
  const fields = { ...outcome.result.fields };
  for (const name of names) fields[name] = maskedValue(fields[name] as string);
  return { ok: true, result: { ...outcome.result, fields, maskedFields: names } };
}
