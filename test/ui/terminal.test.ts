/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { CodeServer } from '../support/codeServer';
import { ROOT } from '../support/paths';
import {
  VSIX,
  frameShowing,
  loadInstall,
  openFile,
  runCommand,
  screenshot,
  waitForWorkbench,
} from '../support/workbench';

// KMS errors printed in VS Code's integrated terminal (code-server, newest supported, in Chromium,
// with the packaged VSIX): the code is a link that opens its explanation with the record's likely
// cause and fix; another product's generic code printed beside it is no link.

// What an app run in the terminal prints while failing: a Java service's log, where the key and
// endpoint of the failed call are in the entry's first line, three lines above the code of the SDK's
// exception; then another product's error whose code (InvalidParameter) KMS shares. The lines just
// above the code are short: the link's hover, shown above it, hides none of the entry's first line.
const OUTPUT = [
  '2026-11-20T08:14:01Z INFO  api: GET /orders/1842 200 12ms',
  '2026-11-20T08:14:02Z ERROR api: decrypt with acs:kms:cn-shanghai:1234567890123456:key/key-shh65f3c6d4pxy9b8 via kms.cn-beijing.aliyuncs.com failed',
  'com.example.api.CryptoException: order 1842',
  '\tat com.example.Keys.open(Keys.java:41)',
  'Caused by: com.aliyuncs.exceptions.ClientException: Forbidden.KeyNotFound : The specified Key is not found.',
  'RequestId : 4C467B38-3910-447D-87BC-AC049166F216',
  '\tat com.aliyuncs.DefaultAcsClient.parseAcsResponse(DefaultAcsClient.java:190)',
  '\t... 1 more',
  '2026-11-20T08:14:03Z ERROR ecs: {"Code":"InvalidParameter","HostId":"ecs.aliyuncs.com","RequestId":"D1E2F3A4-0000"}',
  '',
].join('\n');

/** Screen coordinates of the middle of `text` in the terminal's rows (the DOM renderer's). */
async function terminalPoint(page: Page, text: string): Promise<{ x: number; y: number } | null> {
  return page.evaluate((needle) => {
    for (const row of document.querySelectorAll('.terminal .xterm-rows > div')) {
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      let all = '';
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        nodes.push(node as Text);
        all += node.textContent ?? '';
      }
      const index = all.replace(/\u00a0/g, ' ').indexOf(needle);
      if (index < 0) continue;
      let target = index + Math.floor(needle.length / 2);
      for (const node of nodes) {
        const length = node.textContent?.length ?? 0;
        if (target < length) {
          const range = document.createRange();
          range.setStart(node, target);
          range.setEnd(node, target + 1);
          const rect = range.getBoundingClientRect();
          return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
        }
        target -= length;
      }
    }
    return null;
  }, text);
}

/** The text of the hover the terminal shows for the link under `text`, once it shows one. */
async function linkHover(page: Page, text: string): Promise<string> {
  const hover = page.locator('.workbench-hover, .monaco-hover').filter({ visible: true });
  for (let attempt = 0; attempt < 40; attempt++) {
    const point = await terminalPoint(page, text);
    assert.ok(point, `${text} is on screen`);
    await page.mouse.move(point.x, point.y - 40);
    await page.mouse.move(point.x, point.y, { steps: 3 });
    await page.waitForTimeout(800);
    const shown = (await hover.allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
    if (shown.trim() !== '') return shown;
  }
  return '';
}

describe('KMS errors in the integrated terminal, through the browser', () => {
  let server: CodeServer;
  let page: Page;

  before(async () => {
    assert.ok(existsSync(VSIX), 'the VSIX is packaged (npm run package)');
    server = await CodeServer.start({
      install: await loadInstall(),
      workspace: path.join(ROOT, 'examples'),
      vsix: [VSIX],
      settings: {
        'workbench.colorTheme': 'Default Dark Modern',
        // The DOM renderer puts the terminal's text in the page, where the test finds it.
        'terminal.integrated.gpuAcceleration': 'off',
        'terminal.integrated.defaultProfile.linux': 'bash',
        'terminal.integrated.fontSize': 13,
        'workbench.hover.delay': 200,
      },
    });
    // A plain prompt: the default one shows the user, host and scratch folder.
    writeFileSync(path.join(server.home, '.bashrc'), "PS1='$ '\n");
    writeFileSync(path.join(server.workspace, 'api.out'), OUTPUT);
    // An app run in the terminal: it prints its log as it goes, and runs on for a while.
    writeFileSync(
      path.join(server.workspace, 'api.sh'),
      'while IFS= read -r line; do printf "%s\\n" "$line"; sleep 0.05; done < api.out; sleep 2\n',
    );
    page = await server.openBrowser();
    await waitForWorkbench(page);
  });

  after(async () => {
    await server?.stop();
  });

  it('makes the code a link to its explanation with the cause and fix, and no link of the decoy', async () => {
    // The extension reads what commands print from their start on: it must be running before the
    // command. A log's problems show that it is.
    await openFile(page, 'app-service.log');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 120_000 });
    await runCommand(page, 'View: Close All Editors');
    await page.keyboard.press('Control+`');
    await page.locator('.terminal .xterm-rows').first().waitFor({ timeout: 60_000 });
    await page.locator('.terminal').first().click();
    // The prompt first: a command typed before the shell starts is not one it reports.
    await page.waitForFunction(
      () => /[$#]\s*$/.test(document.querySelector('.terminal .xterm-rows')?.textContent ?? ''),
      null,
      { timeout: 120_000 },
    );
    await page.keyboard.type('bash api.sh\n');
    await page.waitForFunction(
      () => (document.querySelector('.terminal .xterm-rows')?.textContent ?? '').includes('ecs.aliyuncs.com'),
      null,
      { timeout: 30_000 },
    );

    const code = await linkHover(page, 'Forbidden.KeyNotFound');
    assert.match(code, /Explain Forbidden\.KeyNotFound/, `the code is a KMS link:\n${code}`);
    const requestId = await linkHover(page, '4C467B38-3910-447D-87BC-AC049166F216');
    assert.match(requestId, /RequestId: copy it or open its troubleshooting page/, requestId);
    // The decoy's word gets VS Code's own word link at most, never a KMS one.
    const decoy = await linkHover(page, 'InvalidParameter');
    assert.doesNotMatch(decoy, /Explain/, `another product's code is no KMS link:\n${decoy}`);

    assert.match(await linkHover(page, 'Forbidden.KeyNotFound'), /Explain/);
    const point = await terminalPoint(page, 'Forbidden.KeyNotFound');
    assert.ok(point);
    await page.keyboard.down('Control');
    await page.mouse.click(point.x, point.y);
    await page.keyboard.up('Control');
    const frame = await frameShowing(page, 'Likely cause');
    const body = await frame.evaluate(() => document.body.innerText);
    assert.match(body, /Forbidden\.KeyNotFound/);
    assert.match(body, /cn-beijing/, 'the cause is read from the record printed around the code');
    assert.match(body, /What to do/);
    // The link's hover beside the explanation it opened, for the README.
    assert.match(await linkHover(page, 'Forbidden.KeyNotFound'), /Explain/);
    await screenshot(page, 'terminal-links');
  });

  it('offers to copy the RequestId or open its troubleshooting page', async () => {
    // The link is there once its hover shows: a click before would follow VS Code's own word link.
    assert.match(await linkHover(page, '4C467B38-3910-447D-87BC-AC049166F216'), /RequestId: copy it/);
    const point = await terminalPoint(page, '4C467B38-3910-447D-87BC-AC049166F216');
    assert.ok(point);
    await page.keyboard.down('Control');
    await page.mouse.click(point.x, point.y);
    await page.keyboard.up('Control');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ timeout: 30_000 });
    assert.deepEqual(
      (await rows.allInnerTexts()).map((t) => t.trim()),
      ['Copy RequestId', 'Open Troubleshooting'],
    );
    await page.keyboard.press('Escape');
  });
});
