import * as vscode from 'vscode';
import { Commands, type CommandName } from '#shared/commands';

/** What each command of the table does: a table without a handler for one of them does not compile. */
export type CommandHandlers = Record<CommandName, Parameters<typeof vscode.commands.registerCommand>[1]>;

/** Registers every command of the table (shared/src/commands.ts) with its handler. */
export function registerCommands(handlers: CommandHandlers): vscode.Disposable[] {
  return (Object.keys(Commands) as CommandName[]).map((name) =>
    vscode.commands.registerCommand(Commands[name], handlers[name]),
  );
}
