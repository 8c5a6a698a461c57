import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The bundles of l10n/ by `kms.language` (English is the message itself). */
const BUNDLES: Record<string, string | null> = {
  en: null,
  'zh-CN': 'bundle.l10n.zh-cn.json',
  'zh-TW': 'bundle.l10n.zh-tw.json',
};

/** The texts of the chosen language; undefined: VS Code's display language (`kms.language` is `auto`). */
let chosen: Record<string, string> | undefined;

function load(extensionPath: string): void {
  const language = vscode.workspace.getConfiguration('kms').get<string>('language') ?? 'auto';
  const file = BUNDLES[language];
  if (file === undefined) chosen = undefined;
  else if (file === null) chosen = {};
  else {
    try {
      chosen = JSON.parse(readFileSync(path.join(extensionPath, 'l10n', file), 'utf8')) as Record<string, string>;
    } catch {
      chosen = undefined;
    }
  }
}

/**
 * The client's texts follow `kms.language`, as the server's do, so that a panel never mixes two
 * languages (VS Code's own l10n follows only its display language); `auto` leaves it to VS Code.
 */
export function followLanguageSetting(context: vscode.ExtensionContext): vscode.Disposable {
  load(context.extensionPath);
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('kms.language')) load(context.extensionPath);
  });
}

/** A text of the client in the chosen language, `{0}`, `{1}`... filled with `args`. */
export function t(message: string, ...args: Array<string | number | boolean>): string {
  if (!chosen) return vscode.l10n.t(message, ...args);
  const template = chosen[message] ?? message;
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => {
    const value = args[Number(i)];
    return value === undefined ? whole : String(value);
  });
}
