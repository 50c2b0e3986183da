// First render of the licenses page with 10,000 licenses (issue "Web portal": < 1 s on
// localhost). A fresh `keyward serve` on SQLite with the demo data plus LICENSES licenses of
// one demo customer, then RUNS page loads of /licenses in a new browser context each (cold
// cache, signed in): the time from navigation start to the first table row in the DOM, and
// to the page's network going idle.
//
//   node bench/web/first_render.mjs            # LICENSES=10000 RUNS=5 PER_PAGE=25
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../../tests/e2e/browser.mjs';
import { startKeyward } from '../../tests/e2e/keyward.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const build = process.env.BUILD_DIR ?? join(root, 'build/release');
const licenses = Number(process.env.LICENSES ?? 10000);
const runs = Number(process.env.RUNS ?? 5);
const perPage = Number(process.env.PER_PAGE ?? 25);

const server = await startKeyward({
  binary: join(build, 'keyward'), agent: join(build, 'keyward-agent'), webRoot: join(root, 'web/dist'), devices: false,
});
try {
  // Copies of one demo license (its customer, reseller and main group), numbered names.
  execFileSync('sqlite3', [server.db.replace(/^sqlite:/, ''), `
    INSERT INTO licenses (license_key, name, customer_id, reseller_id, type, seats_total, seats_used,
                          term_years, expires_at, main_group_id, created_at, updated_at)
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${licenses})
    SELECT printf('%08x-0000-4000-8000-%012x', i, i), 'Bench license ' || printf('%05d', i),
           l.customer_id, l.reseller_id, 'purchase', 50, i % 50, 1, l.expires_at - (i % 900) * 86400,
           l.main_group_id, l.created_at, l.updated_at
    FROM n, (SELECT * FROM licenses ORDER BY id LIMIT 1) l;`]);
  const browser = await launchBrowser();
  const signIn = await browser.newContext({ baseURL: server.url });
  const page = await signIn.newPage();
  await page.goto('/licenses');
  await page.getByLabel('E-mail').fill(server.email);
  await page.getByLabel('Password').fill(server.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#licenses-table tbody tr').first().waitFor();
  const total = await page.locator('.pagination-range').textContent();
  const storageState = await signIn.storageState();
  await signIn.close();

  const results = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ baseURL: server.url, storageState, viewport: { width: 1280, height: 800 } });
    const tab = await context.newPage();
    await tab.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('#licenses-table tbody tr')) {
          window.__firstRow = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await tab.goto(`/licenses?per_page=${perPage}&sort=-expires_at`, { waitUntil: 'networkidle' });
    await tab.locator('#licenses-table tbody tr').first().waitFor();
    results.push(await tab.evaluate(() => ({
      firstRow: window.__firstRow,
      domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
      resources: performance.getEntriesByType("resource").map((e) => `${e.name.replace(location.origin, "")} ${e.startTime.toFixed(0)}+${e.duration.toFixed(0)}`),
      api: performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/licenses?')).map((e) => e.duration)[0],
    })));
    await context.close();
  }
  if (process.env.VERBOSE) console.log(results);
  await browser.close();
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const ms = (value) => `${value.toFixed(0)} ms`;
  console.log(`licenses visible to the reseller admin: ${total}`);
  console.log(`runs: ${runs}, per page: ${perPage}, sort: -expires_at, cold cache, signed in`);
  console.log(`first table row: median ${ms(median(results.map((r) => r.firstRow)))}, max ${ms(Math.max(...results.map((r) => r.firstRow)))}`);
  console.log(`DOMContentLoaded: median ${ms(median(results.map((r) => r.domContentLoaded)))}`);
  console.log(`GET /api/v1/licenses: median ${ms(median(results.map((r) => r.api)))}`);
} finally {
  await server.stop();
}
