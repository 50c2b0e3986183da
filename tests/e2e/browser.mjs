// Debian's Chromium driven by playwright-core (it can not download a browser of its own).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

// playwright-core is a dependency of web/ (pinned in its lockfile), not of the repository.
const { chromium } = createRequire(new URL('../../web/package.json', import.meta.url))('playwright-core');

export const CHROMIUM = process.env.KEYWARD_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-dev-shm-usage',
    ],
  });
}

export async function newPage(browser, baseURL, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({
    baseURL,
    viewport,
    acceptDownloads: true,
    locale: 'en-GB',
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  return context.newPage();
}

export function downloadsDir() {
  return mkdtempSync(join(tmpdir(), 'keyward-downloads-'));
}
