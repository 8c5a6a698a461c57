/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { CodeServer } from '../support/codeServer';
import { ROOT } from '../support/paths';

// The UI suite drives a real VS Code (code-server, newest supported) in Chromium, with the packaged
// VSIX installed as a user would. Screenshots go to test-results/; KMS_UPDATE_SCREENSHOTS=1 also
// copies them to docs/images/ for the README.
const RESULTS = path.join(ROOT, 'test-results');
const VSIX = path.join(ROOT, 'kms-diagnostics.vsix');

async function loadInstall() {
  const module = (await import(path.join(ROOT, 'scripts', 'vscode', 'install.mjs'))) as {
    ensureCodeServer(target: string): { entry: string; node: string; version: string };
  };
  return module.ensureCodeServer('newest');
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file });
  if (process.env['KMS_UPDATE_SCREENSHOTS'] === '1')
    copyFileSync(file, path.join(ROOT, 'docs', 'images', `${name}.png`));
}

async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

/** Screen coordinates of the first occurrence of `text` in the visible editor lines. */
async function pointAt(page: Page, text: string): Promise<{ x: number; y: number } | null> {
  return page.evaluate((needle) => {
    for (const span of document.querySelectorAll('.monaco-editor .view-lines span span')) {
      const node = span.firstChild;
      const index = node?.textContent?.indexOf(needle) ?? -1;
      if (!node || index < 0) continue;
      const range = document.createRange();
      range.setStart(node, index + 2);
      range.setEnd(node, index + 3);
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    }
    return null;
  }, text);
}

/** The frame of the Markdown preview that shows `text` (previews live in nested webview iframes). */
async function previewFrame(page: Page, text: string): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const body = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      if (body.includes(text)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no preview showing ${text}`);
}

describe('KMS Diagnostics in VS Code, through the browser', () => {
  let server: CodeServer;
  let page: Page;
  const dialogs: string[] = [];

  before(async () => {
    assert.ok(existsSync(VSIX), 'the VSIX is packaged (npm run package)');
    server = await CodeServer.start({
      install: await loadInstall(),
      workspace: path.join(ROOT, 'examples'),
      vsix: [VSIX],
      settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false },
    });
    writeFileSync(
      path.join(server.workspace, 'logs', 'classes.log'),
      [
        '2026-11-20T08:00:01Z ERROR decrypt failed: ErrorCode: Forbidden.KeyNotFound RequestId: 7C5A2F3B-4D6E-4F70-8A91-B2C3D4E5F607',
        '2026-11-20T08:00:02Z ERROR encrypt failed: ErrorCode: Rejected.Disabled RequestId: 1B2C3D4E-5F60-4718-9A2B-3C4D5E6F7081',
        '2026-11-20T08:00:03Z WARN  throttled: ErrorCode: Rejected.Throttling RequestId: 2158B760-07BD-4A60-B7F7-B680F1517E9A',
        '2026-11-20T08:00:04Z ERROR import failed: ErrorCode: Unsupported.Origin RequestId: 9A1B2C3D-0000-4E5F-8A9B-ABCDEF012345',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(server.workspace, 'hostile-response.xml'),
      '<Error><RequestId>6F1E2D3C-4B5A-4968-8776-655443322110</RequestId><HostId>kms.cn-hangzhou.aliyuncs.com</HostId>' +
        "<Code>Rejected.PendingDeletion</Code><KeyId>abc'; rm -rf ~ &lt;script&gt;alert(3)&lt;/script&gt;</KeyId><Message>&lt;script&gt;alert(1)&lt;/script&gt; <script>alert(2)</script> [click](command:workbench.action.quit)</Message></Error>\n",
    );
    page = await server.openBrowser();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await server?.stop();
  });

  it('hovers a KMS code in a log and shows its meaning and status', async () => {
    await openFile(page, 'app-service.log');
    await page.locator('.monaco-editor .view-lines span', { hasText: 'Forbidden.KeyNotFound' }).first().waitFor();
    const hover = page.locator('.monaco-hover-content', { hasText: '404 Not Found' });
    for (let attempt = 0; attempt < 40 && !(await hover.isVisible()); attempt++) {
      // The first hover can come before the server has indexed the file: move away and back.
      const point = await pointAt(page, 'Forbidden.KeyNotFound');
      assert.ok(point, 'the code is on screen');
      await page.mouse.move(5, 5);
      await page.mouse.move(point.x, point.y);
      await page.waitForTimeout(700);
    }
    const text = await hover.innerText();
    assert.match(text, /Forbidden\.KeyNotFound/);
    assert.match(text, /404 Not Found/);
    assert.match(text, /What to do/);
    await screenshot(page, 'hover');
  });

  it('underlines KMS errors and lists them in the Problems view', async () => {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first().waitFor();
    await page.keyboard.press('Control+Shift+M');
    const filter = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
    await filter.waitFor();
    await filter.fill('Forbidden.KeyNotFound');
    const problem = page
      .locator('.markers-panel .monaco-list-row', { hasText: 'Forbidden.KeyNotFound (404 Not Found)' })
      .first();
    await problem.waitFor();
    assert.match(await problem.innerText(), /Forbidden\.KeyNotFound \(404 Not Found\)/);
    await screenshot(page, 'problems');
  });

  it('decodes a selected response from the palette, showing hostile text as text', async () => {
    await openFile(page, 'hostile-response.xml');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+A');
    await runCommand(page, 'KMS: Decode Response');
    const frame = await previewFrame(page, '409 Conflict');
    const body = await frame.evaluate(() => document.body.innerText);
    assert.match(body, /409 Conflict/);
    assert.match(body, /6F1E2D3C-4B5A-4968-8776-655443322110/);
    assert.match(body, /CancelKeyDeletion/);
    assert.ok(body.includes('<script>alert(1)</script>'), 'an escaped script tag is shown as text');
    assert.ok(body.includes('<script>alert(2)</script>'), 'a raw script tag is shown as text');
    assert.ok(body.includes('[click](command:workbench.action.quit)'), 'the Markdown link is shown as text');
    // The fix built from this hostile record keeps a placeholder where its KeyId is not an id.
    assert.match(body, /Likely cause/);
    assert.ok(
      body.includes("aliyun kms CancelKeyDeletion --KeyId '<KeyId>' --region 'cn-hangzhou'"),
      'the hostile KeyId is dropped from the command',
    );
    const scripts = await frame.evaluate(
      () => [...document.querySelectorAll('script')].filter((s) => s.textContent?.includes('alert')).length,
    );
    assert.equal(scripts, 0, 'no script element came out of the message');
    await page.waitForTimeout(500);
    assert.deepEqual(dialogs, [], 'nothing ran');
    await screenshot(page, 'decode');
  });

  it('inspects the workspace logs and shows the summary with its charts', async () => {
    await runCommand(page, 'View: Close All Editors');
    if (await page.locator('.part.panel').isVisible()) await page.keyboard.press('Control+J');
    await runCommand(page, 'KMS: Inspect Logs');
    const view = page.locator('.pane-header', { hasText: 'KMS Errors' }).first();
    await view.waitFor();
    if ((await view.getAttribute('aria-expanded')) === 'false') await view.click();
    await page.locator('.monaco-list-row', { hasText: 'Rejected.Throttling' }).first().waitFor();
    await runCommand(page, 'KMS: Show Error Summary');
    const frame = await previewFrame(page, 'KMS errors per hour');
    const bars = await frame.evaluate(() => document.querySelectorAll('.bar-link').length);
    assert.ok(bars >= 5, `a bar per code (${bars})`);
    await page.waitForTimeout(500);
    await screenshot(page, 'summary');
    await frame.evaluate(() =>
      (document.querySelector('.bar-link[data-code="Forbidden.NoPermission"]') as SVGElement | null)?.dispatchEvent(
        new MouseEvent('click'),
      ),
    );
    await page.locator('.pane-body .message', { hasText: 'Filter: Forbidden.NoPermission' }).first().waitFor();
  });

  it('colours KMS codes by class in the default dark and light themes', async () => {
    const codes = ['Forbidden.KeyNotFound', 'Rejected.Disabled', 'Rejected.Throttling', 'Unsupported.Origin'];
    // A theme is read at startup: each theme gets its own VS Code.
    for (const theme of ['Default Dark Modern', 'Default Light Modern']) {
      const themed = await CodeServer.start({
        install: await loadInstall(),
        workspace: server.workspace,
        vsix: [VSIX],
        settings: { 'workbench.colorTheme': theme, 'editor.minimap.enabled': false },
      });
      try {
        const themedPage = await themed.openBrowser();
        await themedPage.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
        await openFile(themedPage, 'classes.log');
        await themedPage
          .locator('.monaco-editor .view-lines span', { hasText: 'Unsupported.Origin' })
          .first()
          .waitFor();
        const dark = theme.includes('Dark');
        assert.ok(
          await themedPage.locator(dark ? '.monaco-workbench.vs-dark' : '.monaco-workbench.vs').isVisible(),
          theme,
        );
        let found: Array<string | null> = [];
        for (let attempt = 0; attempt < 40; attempt++) {
          found = await themedPage.evaluate((names) => {
            const spans = [...document.querySelectorAll('.monaco-editor .view-lines span span')];
            return names.map((name) => {
              const span = spans.find((s) => s.textContent?.includes(name));
              return span ? getComputedStyle(span).color : null;
            });
          }, codes);
          if (new Set(found).size === codes.length && !found.includes(null)) break;
          await themedPage.waitForTimeout(250);
        }
        assert.equal(new Set(found).size, codes.length, `${theme}: four classes, four colours (${found.join(' ')})`);
        await themedPage.mouse.move(5, 5);
        await screenshot(themedPage, dark ? 'log-colours-dark' : 'log-colours-light');
      } finally {
        await themed.stop();
      }
    }
  });
});
