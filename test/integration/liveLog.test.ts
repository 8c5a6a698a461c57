import * as assert from 'node:assert/strict';
import { appendFileSync, unlinkSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { activate, until, workspaceFile } from './helpers';

// A log open in VS Code that the app appends to on disk: VS Code reloads it, the new lines get their
// problems and the old ones keep theirs, and the KMS Errors view follows.

const entry = (n: number, code = 'Forbidden.KeyNotFound') =>
  `2026-11-20T08:00:${String(n % 60).padStart(2, '0')}Z ERROR decrypt failed: ErrorCode: ${code} RequestId: ${String(n).padStart(8, '0')}-3910-447D-87BC-AC049166F216\n`;
const quiet = (n: number) => `2026-11-20T08:00:${String(n % 60).padStart(2, '0')}Z INFO  request ${n} served\n`;
const lines = (uri: vscode.Uri) =>
  vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'kms')
    .map(
      (d) =>
        `${d.range.start.line}:${d.range.start.character} ${String(typeof d.code === 'object' ? d.code.value : d.code)}`,
    )
    .sort();

describe('a log growing on disk while it is open', () => {
  const name = 'live-growing.log';
  const file = workspaceFile(name);
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    unlinkSync(file.fsPath);
  });

  it('gets problems for the appended lines, keeps those of the others, and the KMS Errors view follows', async () => {
    const api = await activate();
    writeFileSync(file.fsPath, `${quiet(0)}${entry(1)}${quiet(2)}`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    await until(() => lines(file).length === 1, 'the first problem');
    assert.deepEqual(lines(file), ['1:54 Forbidden.KeyNotFound']);
    await vscode.commands.executeCommand('kms.inspectLogs');
    const inView = () => api.inspection.visibleFiles().find((f) => f.path === file.fsPath)?.findings ?? 0;
    assert.equal(inView(), 1);

    appendFileSync(file.fsPath, `${quiet(3)}${entry(4, 'Rejected.Disabled')}`);
    await until(() => lines(file).length === 2, 'the problem of the appended line', 30_000);
    assert.deepEqual(lines(file), ['1:54 Forbidden.KeyNotFound', '4:54 Rejected.Disabled']);
    await until(() => inView() === 2, 'the KMS Errors view to follow', 30_000);

    appendFileSync(file.fsPath, entry(5));
    await until(() => lines(file).length === 3, 'the problem of the next appended line', 30_000);
    assert.deepEqual(lines(file), [
      '1:54 Forbidden.KeyNotFound',
      '4:54 Rejected.Disabled',
      '5:54 Forbidden.KeyNotFound',
    ]);
    await until(() => inView() === 3, 'the KMS Errors view to follow again', 30_000);
    assert.equal(vscode.window.activeTextEditor?.document.isDirty, false, 'the editor took the file as it is on disk');
  });
});
