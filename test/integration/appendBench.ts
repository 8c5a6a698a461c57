import { appendFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { activate, workspaceFile } from './helpers';

// The in-editor half of bench/editor-append-bench.mjs, run in the extension host as a test entry:
// opens each log it is given (KMS_BENCH_LOGS), then appends KMS errors to it on disk, one at a time,
// and times each from the write to VS Code's reloaded text, to its problem in VS Code's diagnostics,
// and to the KMS Errors view's count. Writes its figures as JSON to KMS_TEST_RESULTS.

const APPENDS = 15;
const record = (n: number) =>
  `2026-11-20T09:00:${String(n % 60).padStart(2, '0')}Z ERROR decrypt failed: ErrorCode: Rejected.Disabled RequestId: ${String(n).padStart(8, '0')}-1111-4222-8333-444455556666\n`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The time `check` first holds, looked at every 10 ms; fails after a minute. */
async function when(check: () => boolean, what: string): Promise<number> {
  const deadline = performance.now() + 60_000;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
  return performance.now();
}

/** Opens one log, lets it be indexed, then appends to it: the figures of that log. */
async function measure(name: string) {
  const api = await activate();
  const file = workspaceFile(name);
  const problemsOn = (line: number) =>
    vscode.languages.getDiagnostics(file).some((d) => d.source === 'kms' && d.range.start.line === line);
  const opened = performance.now();
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  const sizeMB = document.getText().length / 1024 / 1024;
  // Indexed when the problems stop changing for three seconds.
  let count = -1;
  for (let stable = 0; stable < 30; stable++) {
    const now = vscode.languages.getDiagnostics(file).length;
    if (now !== count || now === 0) stable = 0;
    count = now;
    await sleep(100);
  }
  const indexedMs = performance.now() - opened - 3000;
  await vscode.commands.executeCommand('kms.inspectLogs');
  const inView = () => api.inspection.visibleFiles().find((f) => f.path === file.fsPath)?.findings ?? 0;
  const text: number[] = [];
  const problems: number[] = [];
  const view: number[] = [];
  // The log ends with a line end: the first appended record is on its last, empty line.
  const first = document.lineCount - 1;
  for (let n = 1; n <= APPENDS; n++) {
    const before = inView();
    const written = performance.now();
    appendFileSync(file.fsPath, record(n));
    // VS Code's part: the file reloaded and its new text handed to extensions.
    text.push((await when(() => document.lineCount > first + n, `text ${n}`)) - written);
    problems.push((await when(() => problemsOn(first + n - 1), `problem ${n}`)) - written);
    view.push((await when(() => inView() > before, `view ${n}`)) - written);
    await sleep(1000);
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  return { name, sizeMB, findings: count, indexedMs, text, problems, view };
}

export async function run(): Promise<void> {
  const results = process.env['KMS_TEST_RESULTS'] as string;
  try {
    const logs = [];
    for (const name of (process.env['KMS_BENCH_LOGS'] as string).split(',')) logs.push(await measure(name));
    writeFileSync(results, JSON.stringify({ logs }));
  } catch (error) {
    writeFileSync(results, JSON.stringify({ error: String((error as Error).stack ?? error) }));
    throw error;
  }
}
