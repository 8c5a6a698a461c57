import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '#shared/commands';
import { activate, hoverText, open, positionOf, until } from './helpers';

describe('KMS Diagnostics in VS Code', () => {
  before(async () => {
    await activate();
  });

  it('registers every command of the table', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.values(Commands)) assert.ok(registered.has(id), id);
  });

  it('hovers a KMS code in a .log file with its code and status', async () => {
    const editor = await open('app.log');
    assert.equal(editor.document.languageId, 'log');
    const at = positionOf(editor.document, 'Forbidden.KeyNotFound', 3);
    const text = await until(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        editor.document.uri,
        at,
      );
      const value = hoverText(hovers ?? []);
      return value.includes('Forbidden') ? value : undefined;
    }, 'a hover in app.log');
    assert.match(text, /Forbidden\\?\.KeyNotFound/);
    assert.match(text, /404 Not Found/);
    assert.match(text, /7C5A2F3B/);
  });

  it('hovers a KMS code in a .py file', async () => {
    const editor = await open('secrets_client.py');
    const at = positionOf(editor.document, 'Rejected.Throttling', 2);
    const text = await until(async () => {
      const value = hoverText(
        (await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          editor.document.uri,
          at,
        )) ?? [],
      );
      return value.includes('429') ? value : undefined;
    }, 'a hover in secrets_client.py');
    assert.match(text, /429 Too Many Requests/);
  });

  it("shows the log's KMS errors as problems with codes, ranges, severities and links", async () => {
    const editor = await open('app.log');
    const diagnostics = await until(() => {
      const found = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'kms');
      return found.length >= 3 ? found : undefined;
    }, 'diagnostics in app.log');
    const summary = diagnostics.map((d) => {
      const code = d.code as { value: string; target: vscode.Uri };
      return [code.value, d.range.start.line, d.range.start.character, d.severity];
    });
    const doc = editor.document;
    const at = (needle: string, shift: number) => {
      const p = positionOf(doc, needle, shift);
      return [p.line, p.character];
    };
    assert.deepEqual(summary, [
      // A missing key needs someone to act: an error. Transient faults: warnings.
      ['Forbidden.KeyNotFound', ...at('ErrorCode: Forbidden.KeyNotFound', 11), vscode.DiagnosticSeverity.Error],
      ['Rejected.Throttling', ...at('"Code":"Rejected.Throttling"', 8), vscode.DiagnosticSeverity.Warning],
      ['InternalFailure', ...at('<Code>InternalFailure', 6), vscode.DiagnosticSeverity.Warning],
    ]);
    // One record, one problem, with no rows of its other mentions under it in the Problems view.
    assert.ok(diagnostics.every((d) => d.relatedInformation === undefined || d.relatedInformation.length === 0));
    const first = diagnostics[0]!.code as { value: string; target: vscode.Uri };
    assert.equal(first.target.authority, 'api.alibabacloud.com');
    assert.match(first.target.query, /q=Forbidden\.KeyNotFound/);
    assert.match(
      diagnostics[0]!.message,
      /^Forbidden\.KeyNotFound \(404 Not Found\), RequestId 7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607: /,
    );
  });

  it("counts the active editor's KMS errors in the status bar", async () => {
    await open('app.log');
    const api = await activate();
    assert.equal(await until(() => api.statusBar.count() || undefined, 'a status bar count'), 3);
  });

  it('limits problems to kms.diagnostics.maxPerFile, errors first, and still counts every error', async () => {
    const editor = await open('app.log');
    const api = await activate();
    const settings = vscode.workspace.getConfiguration('kms');
    await settings.update('diagnostics.maxPerFile', 2, vscode.ConfigurationTarget.Global);
    try {
      const shown = await until(() => {
        const found = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'kms');
        return found.length === 2 ? found : undefined;
      }, 'two problems in app.log');
      assert.deepEqual(
        shown.map((d) => (d.code as { value: string }).value ?? d.code),
        ['Forbidden.KeyNotFound', 'more-not-shown'],
      );
      assert.match(shown[1]!.message, /^2 more KMS errors/);
      assert.equal(api.statusBar.count(), 3);
    } finally {
      await settings.update('diagnostics.maxPerFile', undefined, vscode.ConfigurationTarget.Global);
    }
    await until(
      () =>
        vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'kms').length === 3 ||
        undefined,
      'all three problems back',
    );
  });

  it('warns on a misspelled code in Python and applies the quick fix', async () => {
    const editor = await open('secrets_client.py');
    const typo = await until(
      () =>
        vscode.languages
          .getDiagnostics(editor.document.uri)
          .find((d) => d.source === 'kms' && /did you mean/.test(d.message)),
      'the typo warning',
    );
    assert.equal(typo.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(typo.message, /Forbidden\.KeyNotFond.*Forbidden\.KeyNotFound/);
    // The fix comes from the diagnostics VS Code passes with the request: its own copy of them may
    // lag a moment behind the extension's, so the request is asked again until it has them.
    const fix = await until(async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        editor.document.uri,
        typo.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      return actions?.find((a) => a.edit);
    }, 'a quick fix with an edit');
    assert.ok(fix.edit, 'a quick fix with an edit');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.ok(editor.document.getText().includes("'Forbidden.KeyNotFound'"));
    await until(
      () =>
        !vscode.languages.getDiagnostics(editor.document.uri).some((d) => /did you mean/.test(d.message)) || undefined,
      'the warning to go away',
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

describe('Fixes from the error record', () => {
  before(async () => {
    await activate();
  });

  it('copies the RAM policy of a permission error through its code action', async () => {
    const content = [
      '2026-11-20T08:00:00Z ERROR decrypt failed: SDKError:',
      '   StatusCode: 403',
      '   Code: Forbidden.NoPermission',
      '   Message: code: 403, This operation for acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8 is forbidden by permission system. request id: 9A5A3C4B-1D2E',
      '   Data: {"Code":"Forbidden.NoPermission","HostId":"kms.cn-beijing.aliyuncs.com","Action":"Decrypt"}',
      '',
    ].join('\n');
    const document = await vscode.workspace.openTextDocument({ language: 'log', content });
    await vscode.window.showTextDocument(document);
    const at = positionOf(document, 'Code: Forbidden.NoPermission', 8);
    const action = await until(async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[] | vscode.Command[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        new vscode.Range(at, at),
      );
      return (actions ?? []).find((a) => a.title === 'Copy RAM policy');
    }, 'the Copy RAM policy action');
    const command =
      'command' in action && typeof action.command === 'object' ? action.command : (action as vscode.Command);
    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const policy = JSON.parse(await vscode.env.clipboard.readText());
    assert.deepEqual(policy, {
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['kms:Decrypt'],
          Resource: ['acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8'],
        },
      ],
    });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

describe('KMS: Decode Response', () => {
  const decode = (text: string) =>
    vscode.commands.executeCommand<{
      ok: boolean;
      result?: { code: string; httpStatus: number; requestId: string; kind: string };
    }>('kms.decodeResponse', text);

  it('decodes an XML body and shows the result', async () => {
    const api = await activate();
    const outcome = await decode(
      '<Error><RequestId>B3311876-1111</RequestId><HostId>kms.cn-hangzhou.aliyuncs.com</HostId><Code>Rejected.Disabled</Code><Message>The request was rejected because the key state is Disabled.</Message></Error>',
    );
    assert.equal(outcome.ok, true);
    assert.equal(outcome.result?.code, 'Rejected.Disabled');
    assert.equal(outcome.result?.httpStatus, 409);
    assert.match(api.view.last() ?? '', /409 Conflict/);
  });

  it('decodes a JSON body', async () => {
    const outcome = await decode(
      '{"HttpStatus": 400, "Code": "IllegalTimestamp", "Message": "x", "RequestId": "e85db688-a2d3"}',
    );
    assert.equal(outcome.result?.code, 'IllegalTimestamp');
    assert.equal(outcome.result?.requestId, 'e85db688-a2d3');
  });

  it('decodes SDK error text', async () => {
    const outcome = await decode(
      'SDK.ServerError\nErrorCode: Rejected.Throttling\nRecommend: \nRequestId: 2158b760-07bd\nMessage: QPS Limit Exceeded',
    );
    assert.equal(outcome.result?.code, 'Rejected.Throttling');
    assert.equal(outcome.result?.httpStatus, 429);
  });

  it('decodes the record around the cursor when nothing is selected', async () => {
    const editor = await open('app.log');
    const at = positionOf(editor.document, 'RequestId: 7C5A2F3B');
    editor.selection = new vscode.Selection(at, at);
    const outcome = await vscode.commands.executeCommand<{ result?: { code: string } }>('kms.decodeResponse');
    assert.equal(outcome.result?.code, 'Forbidden.KeyNotFound');
  });

  it('says what was expected when the text is not a response, in the result view, and changes nothing', async () => {
    const api = await activate();
    const editor = await open('app.log');
    const before = editor.document.getText();
    const outcome = await decode('hello, this is not a response');
    assert.equal(outcome.ok, false);
    assert.match(
      api.view.last() ?? '',
      /^# Not a KMS response or error/,
      'the view no longer shows the previous result',
    );
    assert.equal(editor.document.getText(), before);
    assert.equal(editor.document.isDirty, false);
  });

  it('masks the data key of a GenerateDataKey response unless asked to show it', async () => {
    const api = await activate();
    const body =
      '{"KeyId":"key-1","Plaintext":"QmFzZTY0IGRhdGEga2V5","CiphertextBlob":"ZXhhbXBsZQ==","RequestId":"2c0a5a5b-1111"}';
    await decode(body);
    assert.ok(!(api.view.last() ?? '').includes('QmFzZTY0IGRhdGEga2V5'), 'the key is masked');
    assert.match(api.view.last() ?? '', /1 secret value\(s\) masked \(Plaintext\)/);
    await vscode.commands.executeCommand('kms.decodeResponseShowingSecrets', body);
    assert.ok((api.view.last() ?? '').includes('QmFzZTY0IGRhdGEga2V5'), 'shown on request');
  });

  it('explains a code in the same result panel, beside the editor', async () => {
    const api = await activate();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await open('app.log');
    await decode('<Error><RequestId>B3311876-1111</RequestId><Code>Rejected.Disabled</Code></Error>');
    assert.equal(
      await vscode.commands.executeCommand('kms.explainCode', 'Rejected.PendingDeletion'),
      'Rejected.PendingDeletion',
    );
    assert.match(api.view.last() ?? '', /CancelKeyDeletion/);
    // Tabs of the result panel, by its title (the tab API reports webview tabs a moment later).
    const panels = await until(() => {
      const tabs = vscode.window.tabGroups.all
        .flatMap((group) => group.tabs)
        .filter((tab) => tab.label === 'Rejected.PendingDeletion' || tab.label === 'KMS response');
      return tabs.length > 0 ? tabs : undefined;
    }, 'the result panel tab');
    assert.equal(panels.length, 1, 'one result panel');
    assert.equal(vscode.window.tabGroups.all.length, 2, 'the editor and the result panel, no third column');
    await api.view.back();
    assert.match(api.view.last() ?? '', /Rejected\\?\.Disabled/, 'Back shows the decode result again');
  });

  it('speaks kms.language in the whole result panel: its Back and Forward too, not only the page', async () => {
    const api = await activate();
    const kms = vscode.workspace.getConfiguration('kms');
    await kms.update('language', 'zh-CN', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('kms.explainCode', 'Rejected.Disabled');
      // The server reads the setting as it changes: explain until its page is in Chinese.
      const html = await until(async () => {
        await vscode.commands.executeCommand('kms.explainCode', 'Rejected.PendingDeletion');
        return /[\u4e00-\u9fff]/.test(api.view.last() ?? '') ? api.view.html() : undefined;
      }, 'a page in Chinese');
      assert.match(html, />返回</);
      assert.match(html, />前进</);
      assert.doesNotMatch(html, />Back<|>Forward</);
    } finally {
      await kms.update('language', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('explains the code under the cursor without asking which', async () => {
    const api = await activate();
    const editor = await open('app.log');
    // Inside the code, past its dot: the whole dotted code is taken.
    const at = positionOf(editor.document, 'Forbidden.KeyNotFound', 12);
    editor.selection = new vscode.Selection(at, at);
    assert.equal(await vscode.commands.executeCommand('kms.explainCode'), 'Forbidden.KeyNotFound');
    assert.match(api.view.last() ?? '', /Forbidden\\?\.KeyNotFound/);
  });
});

describe('KMS: Copy RequestId and Open Troubleshooting', () => {
  it('copies the RequestId of the record around the cursor without asking', async () => {
    const editor = await open('app.log');
    const at = positionOf(editor.document, 'Forbidden.KeyNotFound', 3);
    editor.selection = new vscode.Selection(at, at);
    await vscode.env.clipboard.writeText('');
    const copied = await vscode.commands.executeCommand('kms.copyRequestId');
    assert.equal(copied, '7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607');
    assert.equal(await vscode.env.clipboard.readText(), '7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607');
  });

  it('offers the same quick fixes in the light bulb as on the diagnostic', async () => {
    const editor = await open('app.log');
    const at = positionOf(editor.document, 'Forbidden.KeyNotFound', 3);
    const actions = await until(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        editor.document.uri,
        new vscode.Range(at, at),
        vscode.CodeActionKind.QuickFix.value,
      );
      return found && found.length > 0 ? found : undefined;
    }, 'quick fixes on Forbidden.KeyNotFound');
    assert.ok(actions.some((a) => a.title === 'Copy RequestId 7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607'));
    assert.ok(actions.every((a) => a.kind?.value === 'quickfix'));
  });
});
