/**
 * The key-state matrix: which operations a key in each state still allows. From the KMS reference
 * "Impact of CMK states on API calls" (AlibabaCloudDocs/kms, intl.en-US/API Reference/Impact of CMK
 * states on API call.md; live at alibabacloud.com/help/en/doc-detail/44211.htm). Knowledge as data.
 */
export type KeyState = 'Enabled' | 'Disabled' | 'PendingDeletion' | 'PendingImport';

type Row = Readonly<Record<KeyState, 'ok' | string>>;
const ALL_OK: Row = { Enabled: 'ok', Disabled: 'ok', PendingDeletion: 'ok', PendingImport: 'ok' };
const CRYPTO: Row = {
  Enabled: 'ok',
  Disabled: 'Rejected.Disabled',
  PendingDeletion: 'Rejected.PendingDeletion',
  PendingImport: 'Rejected.PendingImport',
};
const SMF = 'Rejected.StateModifiedFailed';

export const KEY_STATE_MATRIX: Readonly<Record<string, Row>> = {
  CreateKey: ALL_OK,
  GenerateDataKey: CRYPTO,
  GenerateDataKeyWithoutPlaintext: CRYPTO,
  Encrypt: CRYPTO,
  Decrypt: CRYPTO,
  ListKeys: ALL_OK,
  DescribeKey: ALL_OK,
  DeleteAlias: ALL_OK,
  ListAliases: ALL_OK,
  UpdateKeyDescription: { ...ALL_OK, PendingDeletion: 'Rejected.PendingDeletion' },
  EnableKey: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: SMF, PendingImport: SMF },
  DisableKey: { Enabled: 'ok', Disabled: 'ok', PendingDeletion: SMF, PendingImport: SMF },
  ScheduleKeyDeletion: { ...ALL_OK, PendingDeletion: SMF },
  CancelKeyDeletion: { Enabled: SMF, Disabled: SMF, PendingDeletion: 'ok', PendingImport: SMF },
  CreateAlias: { ...ALL_OK, PendingDeletion: SMF },
  GetParametersForImport: ALL_OK,
  DeleteKeyMaterial: ALL_OK,
  ImportKeyMaterial: { ...ALL_OK, PendingDeletion: SMF },
};

/** The state a `Rejected.*` code names; null for codes that name no single state. */
export function stateOfCode(code: string): KeyState | null {
  if (code === 'Rejected.Disabled') return 'Disabled';
  if (code === 'Rejected.PendingDeletion') return 'PendingDeletion';
  if (code === 'Rejected.PendingImport') return 'PendingImport';
  if (code === 'Rejected.Enabled') return 'Enabled';
  return null;
}

/** The operations of the matrix that succeed in `state`. */
export function allowedIn(state: KeyState): string[] {
  return (
    Object.entries(KEY_STATE_MATRIX)
      // Listing keys and creating new ones are not operations on this key.
      .filter(([api, row]) => row[state] === 'ok' && api !== 'CreateKey' && api !== 'ListKeys')
      .map(([api]) => api)
  );
}

/** The states in which `api` fails with Rejected.StateModifiedFailed (empty when the matrix has no row). */
export function statesRejecting(api: string, code: string): KeyState[] {
  const row = KEY_STATE_MATRIX[api];
  if (!row) return [];
  return (Object.keys(row) as KeyState[]).filter((state) => row[state] === code);
}
