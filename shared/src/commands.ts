/**
 * Every command of the extension, by id, in one table: the client registers each of them from it
 * (client/src/commands/register.ts), the server names them in code actions and hover links, and
 * package.json contributes exactly these (test/unit/commands.test.ts checks both lists agree).
 */
export const Commands = {
  decodeResponse: 'kms.decodeResponse',
  decodeResponseShowingSecrets: 'kms.decodeResponseShowingSecrets',
  explainCode: 'kms.explainCode',
  copyRequestId: 'kms.copyRequestId',
  openTroubleshooting: 'kms.openTroubleshooting',
  showProblems: 'kms.showProblems',
  restartServer: 'kms.restartServer',
  inspectLogs: 'kms.inspectLogs',
  showSummary: 'kms.showSummary',
  exportFindings: 'kms.exportFindings',
  refreshErrors: 'kms.errors.refresh',
  groupErrorsByFile: 'kms.errors.groupByFile',
  groupErrorsByCode: 'kms.errors.groupByCode',
  groupErrorsByIncident: 'kms.errors.groupByIncident',
  filterErrors: 'kms.errors.filter',
  clearErrorsFilter: 'kms.errors.clearFilter',
  /** Copies a fix's text (a RAM policy, an aliyun command) to the clipboard; arguments: [text, title]. */
  copyFix: 'kms.copyFix',
} as const;

export type CommandName = keyof typeof Commands;
