import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient, positionOf, type Diagnostic } from '../support/lspClient';

const uri = (name: string) => `file:///workspace/${name}`;

describe('language server in source code', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start();
  });
  after(() => client.stop());

  const PY = `from Tea.exceptions import TeaException

def read(client, name):
    try:
        return client.get_secret_value(name)
    except TeaException as e:
        if e.code == 'Forbidden.KeyNotFond':
            return None
        if e.code in ("Rejected.Throttling", "Forbidden.ResourceNotFound"):
            raise
        page = "forbidden.html"; n = len(rejected.length); other = 'Forbidden.RAM'
        ecs = "InvalidParameter.KMSKeyId.CMKNotEnabled"
`;

  it('warns on a misspelled code in a string literal, and nowhere else', async () => {
    client.open(uri('secrets.py'), PY, 'python');
    const report = await client.diagnostics(uri('secrets.py'));
    assert.equal(report.items.length, 1);
    const [typo] = report.items as [Diagnostic];
    assert.equal(typo.severity, 2);
    assert.match(typo.message, /Unknown KMS error code 'Forbidden\.KeyNotFond': did you mean Forbidden\.KeyNotFound\?/);
    assert.deepEqual(typo.range, {
      start: positionOf(PY, "Forbidden.KeyNotFond'"),
      end: { line: 6, character: positionOf(PY, "Forbidden.KeyNotFond'").character + 20 },
    });
  });

  it('offers a quick fix that replaces the typo', async () => {
    const report = await client.diagnostics(uri('secrets.py'));
    const actions = await client.request<
      Array<{ title: string; isPreferred: boolean; edit: { changes: Record<string, Array<{ newText: string }>> } }>
    >('textDocument/codeAction', {
      textDocument: { uri: uri('secrets.py') },
      range: report.items[0]!.range,
      context: { diagnostics: report.items },
    });
    const fix = actions.find((a) => a.edit);
    assert.equal(fix?.title, "Change to 'Forbidden.KeyNotFound'");
    assert.equal(fix?.isPreferred, true);
    assert.equal(fix?.edit.changes[uri('secrets.py')]?.[0]?.newText, 'Forbidden.KeyNotFound');
  });

  it('hovers correct codes in code', async () => {
    const at = positionOf(PY, 'Rejected.Throttling');
    const hover = await client.hover(uri('secrets.py'), at.line, at.character + 3);
    assert.match(hover!.contents.value, /\*\*Rejected\\\.Throttling\*\* · 429 Too Many Requests/);
  });

  it('completes codes inside string literals', async () => {
    const text = 'if err.code == "Forbidden.Key';
    client.open(uri('complete.ts'), text, 'typescript');
    const items = await client.request<
      Array<{ label: string; detail?: string; textEdit: { range: { start: { character: number } } } }>
    >('textDocument/completion', {
      textDocument: { uri: uri('complete.ts') },
      position: { line: 0, character: text.length },
    });
    assert.deepEqual(
      items.map((i) => i.label),
      ['Forbidden.KeyNotFound', 'Forbidden.KeyVersionNotFound', 'Forbidden.KeyPolicyUnSupported'],
    );
    assert.equal(items[0]?.detail, '404 Not Found');
    assert.equal(items[0]?.textEdit.range.start.character, text.indexOf('Forbidden'));
    const outside = await client.request<unknown[]>('textDocument/completion', {
      textDocument: { uri: uri('complete.ts') },
      position: { line: 0, character: 3 },
    });
    assert.deepEqual(outside, []);
  });
});
