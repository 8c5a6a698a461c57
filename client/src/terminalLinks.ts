import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ExplainCodeRequest,
  TerminalLinksRequest,
  TroubleshootUrlRequest,
  type TerminalLinkItem,
} from '#shared/protocol';
import { inBackground } from './background';
import { copyRequestId, openTroubleshooting } from './commands/requestIds';
import type { ResultView } from './resultView';

/** What a terminal printed last, kept to read a line with the lines around it. */
const KEPT_OUTPUT_CHARS = 128 * 1024;

type KmsTerminalLink = vscode.TerminalLink & { item: TerminalLinkItem };

/**
 * KMS codes and RequestIds in the integrated terminal as links (an app run there, `aliyun kms ...`,
 * `kubectl logs -f`). The language server decides, as for a log: the terminal's line, read with what
 * the terminal printed around it (from shell integration, where the shell has it). VS Code hands a
 * command's output to extensions while the command runs: the output of one that ends at once may not
 * arrive, and its lines are then read on their own. A code link opens its explanation with the
 * record's likely cause and fix; a RequestId link offers to copy it or to open its troubleshooting page.
 */
export class TerminalLinks implements vscode.TerminalLinkProvider<KmsTerminalLink> {
  private readonly output = new Map<vscode.Terminal, string>();

  constructor(
    private readonly client: () => LanguageClient,
    private readonly view: ResultView,
  ) {}

  register(): vscode.Disposable {
    return vscode.Disposable.from(
      vscode.window.registerTerminalLinkProvider(this),
      vscode.window.onDidStartTerminalShellExecution((event) =>
        inBackground('reading terminal output', this.keep(event.terminal, event.execution)),
      ),
      vscode.window.onDidCloseTerminal((terminal) => this.output.delete(terminal)),
    );
  }

  private async keep(terminal: vscode.Terminal, execution: vscode.TerminalShellExecution): Promise<void> {
    for await (const data of execution.read()) {
      const kept = (this.output.get(terminal) ?? '') + data;
      this.output.set(terminal, kept.length > KEPT_OUTPUT_CHARS ? kept.slice(-KEPT_OUTPUT_CHARS) : kept);
    }
  }

  async provideTerminalLinks(
    context: vscode.TerminalLinkContext,
    token: vscode.CancellationToken,
  ): Promise<KmsTerminalLink[]> {
    const client = this.client();
    if (!client.isRunning()) return [];
    let items: TerminalLinkItem[];
    try {
      items = await client.sendRequest(
        TerminalLinksRequest.type,
        { line: context.line, output: this.output.get(context.terminal) ?? '' },
        token,
      );
    } catch {
      // A server restarting or a cancelled request: no links for this line now.
      return [];
    }
    return items.map((item) => ({
      startIndex: item.start,
      length: item.length,
      tooltip:
        item.kind === 'code'
          ? vscode.l10n.t('Explain {0}', item.code)
          : vscode.l10n.t('RequestId: copy it or open its troubleshooting page'),
      item,
    }));
  }

  async handleTerminalLink({ item }: KmsTerminalLink): Promise<void> {
    const client = this.client();
    if (item.kind === 'code') {
      const explained = await client.sendRequest(ExplainCodeRequest.type, {
        code: item.code,
        requestId: item.requestId,
        record: item.record,
      });
      if (explained) await this.view.show(explained.code, explained.markdown);
      return;
    }
    if (!item.requestId) return;
    const copy = vscode.l10n.t('Copy RequestId');
    const open = vscode.l10n.t('Open Troubleshooting');
    const picked = await vscode.window.showQuickPick([copy, open], { placeHolder: item.requestId });
    if (picked === copy) await copyRequestId(client, item.requestId);
    else if (picked === open) {
      const { url } = await client.sendRequest(TroubleshootUrlRequest.type, {
        requestId: item.requestId,
        code: item.code,
      });
      await openTroubleshooting(client, url);
    }
  }
}
