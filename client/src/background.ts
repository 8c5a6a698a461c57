import type * as vscode from 'vscode';

let output: vscode.LogOutputChannel | undefined;

/** Where background failures are logged: the extension's output channel, set on activation. */
export function logBackgroundFailuresTo(channel: vscode.LogOutputChannel): void {
  output = channel;
}

/**
 * Lets a promise (or a VS Code thenable) run without waiting for it, its failure logged rather than
 * dropped: a message the user dismissed, a context key, a re-inspection after a file changed.
 */
export function inBackground(what: string, work: Thenable<unknown>): void {
  Promise.resolve(work).then(undefined, (error: unknown) => {
    const text = error instanceof Error ? error.message : String(error);
    if (output) output.error(`${what} failed: ${text}`);
    else console.error(`KMS Diagnostics: ${what} failed: ${text}`);
  });
}
