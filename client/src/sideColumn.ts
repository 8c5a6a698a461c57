import * as vscode from 'vscode';

/** The webview types of the extension's panels beside the editor (the result view, the summary). */
const SIDE_PANEL_TYPES = ['kms.result', 'kms.summary'] as const;

/**
 * Where a KMS panel opens: in the editor group that already holds another KMS panel (so Decode,
 * Explain and the summary share one column and never squeeze the log into a third), else beside
 * the active editor.
 */
export function sideColumn(): vscode.ViewColumn {
  for (const group of vscode.window.tabGroups.all)
    for (const tab of group.tabs) {
      const input = tab.input;
      // The workbench prefixes the extension's view type (`mainThreadWebview-kms.result`).
      if (
        input instanceof vscode.TabInputWebview &&
        SIDE_PANEL_TYPES.some((type) => input.viewType === type || input.viewType.endsWith(`-${type}`))
      )
        return group.viewColumn;
    }
  return vscode.ViewColumn.Beside;
}
