// Stored XSS through what devices report (issue 8, point 3): devices activated and checked in
// over the real agent API carry markup in their host name, domain, operating system and
// command-result message. Every screen that shows them must show the text literally and run
// nothing; the server's Content-Security-Policy forbids inline script as a second line.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newPage } from './browser.mjs';
import { startKeyward } from './keyward.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = process.env.KEYWARD_BINARY ?? join(root, 'build/release/keyward');
const agent = process.env.KEYWARD_AGENT_BINARY ?? join(root, 'build/release/keyward-agent');
const webRoot = process.env.KEYWARD_WEB_ROOT ?? join(root, 'web/dist');

// Each would set window.__xss (or open a dialog) if the portal rendered it as markup.
const HOSTILE = [
  {
    hostname: '<script>window.__xss=1</script>',
    domain: '<img src=x onerror="window.__xss=2">',
    os: { name: '"><svg onload="window.__xss=3">', version: "'><iframe src=javascript:alert(4)>" },
  },
  {
    hostname: '<img src=x onerror="window.__xss=5">',
    domain: 'javascript:window.__xss=6',
    os: { name: '<svg/onload=alert(7)>', version: '<b onmouseover=alert(8)>24H2</b>' },
  },
  {
    hostname: '"><svg onload="window.__xss=9">',
    domain: "'-alert(10)-'",
    os: { name: '{{constructor.constructor("window.__xss=11")()}}', version: '${alert(12)}' },
  },
  {
    hostname: 'javascript:alert(13)//',
    domain: '<a href="javascript:window.__xss=14">click</a>',
    os: { name: '<math><mi xlink:href="javascript:alert(15)">x</mi></math>', version: '' },
  },
];
const COMMAND_MESSAGE = '<img src=x onerror="window.__xss=16"><script>alert(17)</script>';

let server;
let browser;
let page;
const dialogs = [];
const devices = [];  // { id, ...HOSTILE[i] }
let licenseId;
let sharedDashboardPath;

async function call(method, path, { body, headers = {} } = {}) {
  const response = await fetch(server.url + path, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return { json: text ? JSON.parse(text) : null, headers: response.headers };
}

function report(device, extra = {}) {
  return {
    client_version: '3.2.34', hostname: device.hostname, domain: device.domain, os: device.os,
    infections: 1, protection: { realtime: true, updates: true }, settings_revision: 0, ...extra,
  };
}

// A portal session over the API (cookie and CSRF token), for what a user would click.
async function portalSession() {
  const response = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.email, password: server.password }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrf_token: csrf } = await response.json();
  return { cookie, 'x-csrf-token': csrf };
}

// Fails the test when a payload ran, opened a dialog, became an element, or was stopped only
// by the Content-Security-Policy (the markup reached the DOM).
async function pageState() {
  await page.waitForTimeout(300);  // an onerror of a broken image fires after a moment
  return page.evaluate(() => ({
    xss: window.__xss,
    violations: window.__cspViolations ?? [],
    injected: document.querySelectorAll(
      '#root script, [onerror], [onload], [onmouseover], iframe, math, a[href^="javascript:" i]').length,
  }));
}

async function assertNothingRan(screen) {
  const state = await pageState();
  assert.equal(state.xss, undefined, `${screen}: a payload ran`);
  assert.deepEqual(state.violations, [], `${screen}: the CSP had to block injected markup`);
  assert.equal(state.injected, 0, `${screen}: payload markup became elements`);
  assert.deepEqual(dialogs, [], `${screen}: a payload opened a dialog`);
}

async function assertShownLiterally(screen, texts) {
  const shown = await page.locator('#root').innerText();
  for (const text of texts) assert.ok(shown.includes(text), `${screen}: ${text} is not shown as text`);
}

describe('stored XSS through device-reported fields', { timeout: 240_000 }, () => {
  before(async () => {
    server = await startKeyward({ binary, agent, webRoot, devices: false });
    const key = server.licenses[0].key;
    for (const [i, device] of HOSTILE.entries()) {
      const { json } = await call('POST', '/agent/v1/activate', {
        body: {
          license_key: key, machine_id: `xss-${i}`, hostname: device.hostname, domain: device.domain,
          os: device.os, client_version: '3.2.34',
        },
      });
      await call('POST', '/agent/v1/checkin', {
        body: report(device), headers: { authorization: `Bearer ${json.device_token}` },
      });
      devices.push({ id: json.device_id, token: json.device_token, ...device });
    }

    // A command to the first device, answered with a hostile result message.
    const session = await portalSession();
    await call('POST', '/api/v1/devices/bulk', {
      body: { action: 'deactivate', device_ids: [devices[0].id] }, headers: session,
    });
    const auth = { authorization: `Bearer ${devices[0].token}` };
    const { json: reply } = await call('POST', '/agent/v1/checkin', { body: report(devices[0]), headers: auth });
    assert.equal(reply.commands.length, 1, JSON.stringify(reply));
    await call('POST', '/agent/v1/checkin', {
      body: report(devices[0], { command_results: [{ id: reply.commands[0].id, ok: false, message: COMMAND_MESSAGE }] }),
      headers: auth,
    });
    const { json: info } = await call('GET', `/api/v1/devices/${devices[0].id}`, { headers: session });
    licenseId = info.license.id;
    const { json: link } = await call('POST', '/api/v1/me/dashboard-link', { headers: session });
    sharedDashboardPath = new URL(link.url).pathname;

    browser = await launchBrowser();
    page = await newPage(browser, server.url);
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.context().addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.__cspViolations.push(`${event.violatedDirective} ${event.sourceFile}:${event.lineNumber}`);
      });
    });
    await page.goto('/licenses');
    await page.getByLabel('E-mail').fill(server.email);
    await page.getByLabel('Password').fill(server.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Licenses' }).waitFor();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('sends a strict Content-Security-Policy and nosniff with the portal and the API', async () => {
    for (const path of ['/', '/devices', '/api/v1/session', '/healthz']) {
      const response = await fetch(server.url + path);
      const policy = response.headers.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
      const scripts = directives['script-src'] ?? directives['default-src'];
      assert.deepEqual(scripts, ["'self'"], `${path}: scripts only from the server itself: ${policy}`);
      assert.ok(!policy.includes('unsafe-inline') && !policy.includes('unsafe-eval'), `${path}: ${policy}`);
      assert.deepEqual(directives['base-uri'], ["'none'"], `${path}: ${policy}`);
      assert.deepEqual(directives['frame-ancestors'], ["'none'"], `${path}: ${policy}`);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
    }
    const policy = (await fetch(`${server.url}/`)).headers.get('content-security-policy');
    assert.match(policy, /object-src 'none'/);
  });

  it('refuses markup where the device reports its client version', async () => {
    const response = await fetch(`${server.url}/agent/v1/checkin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${devices[1].token}` },
      body: JSON.stringify(report(devices[1], { client_version: '<script>window.__xss=1</script>' })),
    });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error.code, 'invalid_request');
  });

  it('shows the markup as text in the license list and the license information', async () => {
    await page.goto('/licenses');
    await page.locator('#licenses-table tbody tr').first().waitFor();
    await assertNothingRan('licenses');
    await page.goto(`/licenses/${licenseId}`);
    await page.getByRole('heading', { name: 'License information' }).waitFor();
    await page.locator('#devices-table tbody tr').nth(HOSTILE.length - 1).waitFor();
    await assertShownLiterally('license information', HOSTILE.map((d) => d.hostname));
    await assertNothingRan('license information');
  });

  it('shows the markup as text in the devices list', async () => {
    await page.goto('/devices');
    await page.locator('#devices-table tbody tr').nth(HOSTILE.length - 1).waitFor();
    await assertShownLiterally('devices', HOSTILE.map((d) => d.hostname));
    await assertNothingRan('devices');
  });

  it('shows every reported field as text in the device information', async () => {
    for (const device of devices) {
      await page.goto(`/devices/${device.id}`);
      await page.getByRole('heading', { name: `Device information: ${device.hostname}` }).waitFor();
      await assertShownLiterally(`device ${device.id}`, [device.hostname, device.domain, device.os.name]);
      await assertNothingRan(`device ${device.id}`);
    }
  });

  it('shows the command result message as text in the action log', async () => {
    await page.goto(`/licenses/${licenseId}/actions`);
    await page.getByText(COMMAND_MESSAGE, { exact: true }).waitFor();
    await assertShownLiterally('action log', [COMMAND_MESSAGE, devices[0].hostname]);
    await assertNothingRan('action log');
    await page.goto(`/devices/${devices[0].id}`);
    await page.getByText(COMMAND_MESSAGE, { exact: true }).first().waitFor();
    await assertNothingRan('device action log');
  });

  it('shows the host names as text on the dashboard and runs nothing on the shared one', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByRole('link', { name: HOSTILE[0].hostname, exact: true }).waitFor();
    await assertShownLiterally('dashboard', HOSTILE.map((d) => d.hostname));
    await assertNothingRan('dashboard');

    const anonymous = await browser.newContext({ baseURL: server.url });
    const shared = await anonymous.newPage();
    shared.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await shared.goto(sharedDashboardPath);
    await shared.locator('.tiles').waitFor();
    assert.equal(await shared.evaluate(() => window.__xss), undefined);
    assert.deepEqual(dialogs, []);
    await anonymous.close();
  });

  it('would notice a payload that reached the page as markup', async () => {
    await page.goto('/devices');
    await page.locator('#devices-table tbody tr').first().waitFor();
    await page.evaluate((markup) => document.querySelector('#root').insertAdjacentHTML('beforeend', markup), HOSTILE[1].hostname);
    const state = await pageState();
    assert.equal(state.injected, 1, 'the injected image is counted');
    assert.equal(state.xss, undefined, 'the CSP kept its inline handler from running');
    assert.equal(state.violations.length, 1, 'and reported that it had to');
  });
});
