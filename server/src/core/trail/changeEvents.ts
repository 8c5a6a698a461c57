/**
 * The trail events that change what a KMS call may do, and the errors each one can cause or end.
 * Data only; the rules that use it live in core/incidents/causes.ts.
 *
 * Event names are API names (ActionTrail records `eventName` as the API called, "Management event
 * structure"), spelled as the OpenAPI metadata spells them: the Kms 2016-01-20 and Ram 2015-05-01
 * metadata of aliyun/aliyun-openapi-meta (`kms/<Api>.json`, `ram/<Api>.json`, which also give the
 * parameter names used here), and for SetKeyPolicy and SetSecretPolicy, which that snapshot predates,
 * the KMS API reference pages "SetKeyPolicy" (KeyId, PolicyName, Policy) and "SetSecretPolicy"
 * (SecretName, PolicyName, Policy).
 *
 * Which error follows which change comes from the KMS documentation: the key-state matrix ("Impact of
 * CMK states on API calls": Disabled gives Rejected.Disabled, PendingDeletion Rejected.PendingDeletion,
 * PendingImport Rejected.PendingImport to Encrypt, Decrypt and GenerateDataKey), the common error
 * table (Forbidden.AliasNotFound, Forbidden.NoPermission, Forbidden.AccessKey "This AccessKey is not
 * enabled", InvalidAccessKeyId.NotFound) and the secret APIs' errors (Forbidden.ResourceNotFound,
 * Rejected.ResourceInDeleteWindow).
 */

/** What a change event acts on, read from the request parameter `param`. */
export type ChangeTarget =
  | 'key'
  | 'alias'
  | 'secret'
  /** A key or secret ARN (SetDeletionProtection's ProtectedResourceArn). */
  | 'protected'
  | 'user'
  | 'role'
  | 'group'
  | 'policy'
  | 'accessKey';

export interface ChangeRule {
  service: 'Kms' | 'Ram';
  target: ChangeTarget;
  /** The request parameter that names the target. */
  param: string;
  /** Error codes the change can cause on calls that use the target. */
  causes: readonly string[];
  /** Error codes the change ends. */
  ends: readonly string[];
  /** `causes` hold only when this parameter has this value (case-insensitive). */
  causesIf?: readonly [string, string];
  /** `ends` hold only when this parameter has this value. */
  endsIf?: readonly [string, string];
}

const PERMISSION = ['Forbidden.NoPermission'] as const;
// What a call through an alias meets when the alias now points at another key.
const ALIAS_TARGET = [
  'Rejected.Disabled',
  'Rejected.PendingDeletion',
  'Rejected.PendingImport',
  'Forbidden.KeyNotFound',
  'Forbidden.NoPermission',
] as const;
const SECRET_GONE = ['Forbidden.ResourceNotFound', 'Rejected.ResourceInDeleteWindow'] as const;

const kms = (target: ChangeTarget, param: string, causes: readonly string[], ends: readonly string[] = []) =>
  ({ service: 'Kms', target, param, causes, ends }) satisfies ChangeRule;
const ram = (target: ChangeTarget, param: string, causes: readonly string[], ends: readonly string[] = []) =>
  ({ service: 'Ram', target, param, causes, ends }) satisfies ChangeRule;

export const CHANGE_RULES: ReadonlyMap<string, ChangeRule> = new Map<string, ChangeRule>([
  // Key state.
  ['DisableKey', kms('key', 'KeyId', ['Rejected.Disabled'])],
  ['EnableKey', kms('key', 'KeyId', [], ['Rejected.Disabled'])],
  // A key scheduled for deletion is PendingDeletion, then deleted at the end of its window.
  ['ScheduleKeyDeletion', kms('key', 'KeyId', ['Rejected.PendingDeletion', 'Forbidden.KeyNotFound'])],
  ['CancelKeyDeletion', kms('key', 'KeyId', [], ['Rejected.PendingDeletion'])],
  ['DeleteKeyMaterial', kms('key', 'KeyId', ['Rejected.PendingImport'])],
  ['ImportKeyMaterial', kms('key', 'KeyId', [], ['Rejected.PendingImport'])],
  // Deletion protection breaks no call by itself; it is shown as a change on the key or secret.
  ['SetDeletionProtection', kms('protected', 'ProtectedResourceArn', [])],
  ['SetKeyPolicy', kms('key', 'KeyId', PERMISSION)],
  // Aliases.
  ['CreateAlias', kms('alias', 'AliasName', [], ['Forbidden.AliasNotFound'])],
  ['UpdateAlias', kms('alias', 'AliasName', ALIAS_TARGET)],
  ['DeleteAlias', kms('alias', 'AliasName', ['Forbidden.AliasNotFound'])],
  // Secrets.
  ['SetSecretPolicy', kms('secret', 'SecretName', PERMISSION)],
  ['DeleteSecret', kms('secret', 'SecretName', SECRET_GONE)],
  ['RestoreSecret', kms('secret', 'SecretName', [], SECRET_GONE)],
  // A new value, or a version stage moved: a call asking for a version or stage that moved fails.
  ['PutSecretValue', kms('secret', 'SecretName', [])],
  ['UpdateSecretVersionStage', kms('secret', 'SecretName', ['Forbidden.ResourceNotFound'])],
  // RAM: policies of the caller.
  ['DetachPolicyFromUser', ram('user', 'UserName', PERMISSION)],
  ['AttachPolicyToUser', ram('user', 'UserName', [], PERMISSION)],
  ['DetachPolicyFromRole', ram('role', 'RoleName', PERMISSION)],
  ['AttachPolicyToRole', ram('role', 'RoleName', [], PERMISSION)],
  ['DetachPolicyFromGroup', ram('group', 'GroupName', PERMISSION)],
  ['AttachPolicyToGroup', ram('group', 'GroupName', [], PERMISSION)],
  ['RemoveUserFromGroup', ram('user', 'UserName', PERMISSION)],
  [
    'CreatePolicyVersion',
    { ...ram('policy', 'PolicyName', PERMISSION), causesIf: ['SetAsDefault', 'true'] } satisfies ChangeRule,
  ],
  ['SetDefaultPolicyVersion', ram('policy', 'PolicyName', PERMISSION)],
  ['DeleteRole', ram('role', 'RoleName', ['Forbidden.NoPermission', 'InvalidAccessKeyId.NotFound'])],
  // RAM: AccessKeys of the caller.
  [
    'UpdateAccessKey',
    {
      ...ram('accessKey', 'UserAccessKeyId', ['Forbidden.AccessKey'], ['Forbidden.AccessKey']),
      causesIf: ['Status', 'Inactive'],
      endsIf: ['Status', 'Active'],
    } satisfies ChangeRule,
  ],
  ['DeleteAccessKey', ram('accessKey', 'UserAccessKeyId', ['InvalidAccessKeyId.NotFound'])],
]);

/**
 * Events that are not changes but tell who holds what: a user's groups and the policies attached to a
 * user, role or group, so that a change to a group or a policy can be traced to the caller.
 */
export const MEMBERSHIP_EVENTS: ReadonlySet<string> = new Set([
  'AddUserToGroup',
  'RemoveUserFromGroup',
  'AttachPolicyToUser',
  'AttachPolicyToRole',
  'AttachPolicyToGroup',
]);
