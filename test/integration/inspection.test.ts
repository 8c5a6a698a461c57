import * as assert from 'node:assert/strict';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { InspectLogsResult } from '#shared/protocol';
import { activate, until, workspaceFile } from './helpers';

interface TreeNode {
  kind: string;
  occurrence?: { code: string };
  code?: string;
  count?: number;
  file?: { path: string };
}

describe('KMS: Inspect Logs', () => {
  it('fills the KMS Errors view with every KMS error of the workspace logs', async () => {
    const api = await activate();
    const result = await vscode.commands.executeCommand<InspectLogsResult>('kms.inspectLogs');
    assert.equal(result.cancelled, false);
    const roots = api.tree.getChildren() as TreeNode[];
    const counts = Object.fromEntries(roots.map((n) => [n.code, n.count]));
    assert.deepEqual(counts, {
      'Forbidden.KeyNotFound': 1,
      'Rejected.Disabled': 1,
      'Rejected.Throttling': 2,
      InternalFailure: 1,
    });
    assert.equal(result.summary.findings, 5);
    const throttling = roots.find((n) => n.code === 'Rejected.Throttling')!;
    const files = api.tree.getChildren(throttling as never) as TreeNode[];
    assert.deepEqual(files.map((f) => vscode.workspace.asRelativePath(f.file!.path)).sort(), [
      'app.log',
      'logs/worker.log',
    ]);
    const item = api.tree.getTreeItem(roots.find((n) => n.code === 'Rejected.Disabled') as never);
    assert.match(String(item.description), /409 Conflict · 1/);
  });

  it('opens the file at the token when an occurrence is clicked', async () => {
    const api = await activate();
    const disabled = (api.tree.getChildren() as TreeNode[]).find((n) => n.code === 'Rejected.Disabled')!;
    const [file] = api.tree.getChildren(disabled as never) as TreeNode[];
    const [occurrence] = api.tree.getChildren(file as never);
    const item = api.tree.getTreeItem(occurrence as never);
    // Labelled by time and RequestId; the line number is the description.
    assert.match(String(item.label), /RequestId [0-9A-F-]+/);
    assert.equal(item.description, 'Ln 2');
    assert.match(String(item.label), /^2026-11-20 09:15:03Z · RequestId /);
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = await until(
      () =>
        vscode.window.activeTextEditor?.document.uri.path.endsWith('logs/worker.log') && vscode.window.activeTextEditor,
      'worker.log to open',
    );
    assert.equal(editor.document.getText(editor.selection), 'Rejected.Disabled');
  });

  it('filters, groups by file, and shows the summary chart', async () => {
    const api = await activate();
    await vscode.commands.executeCommand('kms.errors.filter', 'Throttling');
    assert.deepEqual(
      (api.tree.getChildren() as TreeNode[]).map((n) => n.code),
      ['Rejected.Throttling'],
    );
    await vscode.commands.executeCommand('kms.errors.clearFilter');
    await vscode.commands.executeCommand('kms.errors.groupByFile');
    const roots = api.tree.getChildren() as TreeNode[];
    assert.deepEqual(
      roots.map((n) => n.kind),
      ['file', 'file'],
    );
    await vscode.commands.executeCommand('kms.errors.groupByCode');
    await vscode.commands.executeCommand('kms.showSummary');
    const html = await until(() => api.summary.html(), 'the summary page');
    assert.match(html, /<table class="code-chart">/);
    assert.match(html, /As listed in the KMS Errors view at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    assert.match(html, /data-code="Rejected\.Throttling"/);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
  });

  it('updates when a log file changes on disk', async () => {
    const api = await activate();
    writeFileSync(
      workspaceFile('logs/new.log').fsPath,
      '2026-11-20T11:00:00Z ERROR ErrorCode: Rejected.PendingImport RequestId: 9999-AAAA\n',
    );
    await until(
      () => (api.tree.getChildren() as TreeNode[]).some((n) => n.code === 'Rejected.PendingImport') || undefined,
      'the new log in the view',
    );
    // The summary opened before follows the view: the same errors in the same files, the new code charted.
    const counts = `${api.inspection.totalFindings()} KMS errors in ${api.inspection.visibleFiles().length} files`;
    const html = await until(
      () => (api.summary.html()?.includes('data-code="Rejected.PendingImport"') ? api.summary.html() : undefined),
      'the summary with the new log',
    );
    assert.ok(html.includes(counts), `the summary says "${counts}"`);
  });

  it('exports the findings as SARIF, CSV and JSON', async () => {
    await activate();
    const sarifFile = workspaceFile('export.sarif');
    await vscode.commands.executeCommand('kms.exportFindings', 'sarif', sarifFile);
    const sarif = JSON.parse(readFileSync(sarifFile.fsPath, 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.length >= 5);
    const csvFile = workspaceFile('export.csv');
    await vscode.commands.executeCommand('kms.exportFindings', 'csv', csvFile);
    assert.match(
      readFileSync(csvFile.fsPath, 'utf8'),
      /^path,line,column,code,token,confidence,httpStatus,requestId,message,timestamp\r\n/,
    );
    const jsonFile = workspaceFile('export.json');
    await vscode.commands.executeCommand('kms.exportFindings', 'json', jsonFile);
    const report = JSON.parse(readFileSync(jsonFile.fsPath, 'utf8'));
    assert.equal(report.summary.findings, report.findings.length);
    assert.ok(
      report.findings.some(
        (f: { path: string; code: string }) => f.path === 'logs/worker.log' && f.code === 'Rejected.Disabled',
      ),
    );
  });

  it("exports only what the view's filter shows", async () => {
    await activate();
    await vscode.commands.executeCommand('kms.errors.filter', 'Rejected.Disabled');
    try {
      const jsonFile = workspaceFile('export-filtered.json');
      await vscode.commands.executeCommand('kms.exportFindings', 'json', jsonFile);
      const report = JSON.parse(readFileSync(jsonFile.fsPath, 'utf8'));
      assert.ok(report.findings.length > 0);
      assert.ok(report.findings.every((f: { code: string }) => f.code === 'Rejected.Disabled'));
      assert.equal(report.summary.findings, report.findings.length);
    } finally {
      await vscode.commands.executeCommand('kms.errors.clearFilter');
    }
  });

  it("shows an occurrence's likely cause in its tooltip, and its fix child copies the RAM policy", async () => {
    const api = await activate();
    const log = workspaceFile('logs/denied.log');
    writeFileSync(
      log.fsPath,
      [
        '2026-11-20T08:00:00Z ERROR decrypt failed: SDKError:',
        '   StatusCode: 403',
        '   Code: Forbidden.NoPermission',
        '   Message: code: 403, This operation for acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8 is forbidden by permission system. request id: 9A5A3C4B-1D2E-4F00-8A7B-0C1D2E3F4A5B',
        '   Data: {"Code":"Forbidden.NoPermission","HostId":"kms.cn-beijing.aliyuncs.com","Action":"Decrypt"}',
        // Markup in a record stays text in the tooltip.
        '{"Code":"Forbidden.NoPermission","Message":"This operation for acs:kms:cn-shanghai:1234567890123456:key/key-x is forbidden <script>alert(1)</script> [run](command:kms.copyFix)","HostId":"kms.cn-beijing.aliyuncs.com","RequestId":"5D6E7F80-AAAA"}',
        '',
      ].join('\n'),
    );
    try {
      const code = await until(
        () => (api.tree.getChildren() as TreeNode[]).find((n) => n.code === 'Forbidden.NoPermission'),
        'the denied log in the view',
      );
      const [file] = api.tree.getChildren(code as never) as TreeNode[];
      const [occurrence, hostile] = api.tree.getChildren(file as never) as TreeNode[];
      const item = api.tree.getTreeItem(occurrence as never);
      assert.equal(item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
      const tooltip = item.tooltip as vscode.MarkdownString;
      assert.ok(tooltip instanceof vscode.MarkdownString, String(item.tooltip));
      assert.notEqual(tooltip.isTrusted, true);
      assert.match(tooltip.value, /\*\*Likely cause:\*\*[\s\S]*cn\\-beijing[\s\S]*\*\*Fix:\*\*/);
      assert.match(tooltip.value, /```json\n\{[\s\S]*"kms:Decrypt"[\s\S]*\n```/);
      const fixes = (api.tree.getChildren(occurrence as never) as TreeNode[]).map((n) =>
        api.tree.getTreeItem(n as never),
      );
      const copy = fixes.find(
        (f) => f.command?.command === 'kms.copyFix' && /"Version"/.test(String(f.command.arguments?.[0])),
      );
      assert.ok(copy, JSON.stringify(fixes.map((f) => [f.label, f.command?.command])));
      await vscode.env.clipboard.writeText('');
      await vscode.commands.executeCommand(copy.command!.command, ...(copy.command!.arguments ?? []));
      const policy = JSON.parse(await vscode.env.clipboard.readText());
      assert.deepEqual(policy.Statement[0].Resource, [
        'acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8',
      ]);
      const inert = (api.tree.getTreeItem(hostile as never).tooltip as vscode.MarkdownString).value;
      assert.match(inert, /\*\*Likely cause:\*\*/);
      assert.doesNotMatch(inert, /(?<!\\)<script|\]\(command:/);
      assert.match(inert, /\\<script\\>/);
    } finally {
      unlinkSync(log.fsPath);
    }
  });

  it('lists what it could not read under Not read, with the reason', async () => {
    const api = await activate();
    const binary = workspaceFile('logs/core.log');
    writeFileSync(binary.fsPath, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 3, 0, 0x3e, 0, 1, 0, 0, 0]));
    try {
      const result = await vscode.commands.executeCommand<InspectLogsResult>('kms.inspectLogs');
      assert.equal(result.files.find((f) => f.path === binary.fsPath)?.error, 'binary file skipped');
      const roots = api.tree.getChildren() as TreeNode[];
      const notRead = roots.at(-1)!;
      assert.equal(notRead.kind, 'notRead');
      assert.match(String(api.tree.getTreeItem(notRead as never).label), /^Not read \(1\)$/);
      const [entry] = api.tree.getChildren(notRead as never);
      const item = api.tree.getTreeItem(entry as never);
      assert.equal(item.label, 'core.log');
      assert.match(String(item.description), /binary file skipped/);
    } finally {
      unlinkSync(binary.fsPath);
    }
    await vscode.commands.executeCommand('kms.inspectLogs');
    assert.ok(!(api.tree.getChildren() as TreeNode[]).some((n) => n.kind === 'notRead'));
  });
});
