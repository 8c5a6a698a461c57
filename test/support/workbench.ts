/// <reference lib="dom" />
import { copyFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { ROOT } from './paths';

// What the UI suites do in the workbench as a user would: the palette, Quick Open, webviews, screenshots.

/** Screenshots go to test-results/; KMS_UPDATE_SCREENSHOTS=1 also copies them to docs/images/ for the README. */
const RESULTS = path.join(ROOT, 'test-results');
/** The packaged extension the suites install, as a user would. */
export const VSIX = path.join(ROOT, 'kms-diagnostics.vsix');

/** Waits until the workbench shows its Explorer: a loaded machine can take a minute to serve it. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
}

export async function loadInstall() {
  const module = (await import(path.join(ROOT, 'scripts', 'vscode', 'install.mjs'))) as {
    ensureCodeServer(target: string): { entry: string; node: string; version: string };
  };
  return module.ensureCodeServer('newest');
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${name}.png`);
  await page.screenshot({ path: file });
  if (process.env['KMS_UPDATE_SCREENSHOTS'] === '1')
    copyFileSync(file, path.join(ROOT, 'docs', 'images', `${name}.png`));
}

export async function runCommand(page: Page, title: string): Promise<void> {
  // The palette closes when the window moves the focus meanwhile (a webview that reloads, a view
  // that reveals itself): it is opened again, a few times, rather than failing on a closed palette.
  for (let attempt = 0; ; attempt++) {
    try {
      await pickCommand(page, title);
      return;
    } catch (error) {
      if (attempt >= 2 || (await page.locator('.quick-input-widget input').isVisible())) throw error;
    }
  }
}

async function pickCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`, { timeout: 10_000 });
  const rows = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
  await rows.first().waitFor();
  // A longer title can start with this one ("KMS: Decode Response, Showing Secrets"): pick the exact one.
  for (let i = 0; i < (await rows.count()); i++) {
    const label = (
      await rows
        .nth(i)
        .locator('.label-name')
        .first()
        .innerText()
        .catch(() => '')
    ).trim();
    if (label === title) {
      await rows.nth(i).click({ timeout: 10_000 });
      return;
    }
  }
  await page.keyboard.press('Enter');
}

export async function findInQuickOpen(page: Page, name: string): Promise<void> {
  // Quick Open lists files once the workbench has searched the folder, which can take a while at
  // startup on a busy machine (or for a file written since): ask again until the file shows.
  for (let attempt = 0; ; attempt++) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    try {
      await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 20_000 });
      return;
    } catch (error) {
      await page.keyboard.press('Escape');
      if (attempt >= 4) throw error;
    }
  }
}

export async function openFile(page: Page, name: string): Promise<void> {
  await findInQuickOpen(page, name);
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: name }).waitFor();
}

/** The webview frame (result panel, summary, decode view) that shows `text`. */
export async function frameShowing(page: Page, text: string): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (frame === page.mainFrame()) continue;
      const body = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      if (body.includes(text)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`no webview showing ${text}`);
}
