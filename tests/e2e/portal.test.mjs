// The portal in a real browser against a real server: sign in, licenses, license
// information, devices, device information, downloads, German. Screenshots of the main
// screens go to docs/screenshots/.
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { downloadsDir, launchBrowser, newPage } from './browser.mjs';
import { startKeyward } from './keyward.mjs';
import { readXlsx, sqliteExecute } from './python.mjs';
import { totp } from './totp.mjs';
import { signatureValid, startWebhookReceiver } from './webhook_receiver.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = process.env.KEYWARD_BINARY ?? join(root, 'build/release/keyward');
const agent = process.env.KEYWARD_AGENT_BINARY ?? join(root, 'build/release/keyward-agent');
const webRoot = process.env.KEYWARD_WEB_ROOT ?? join(root, 'web/dist');
const screenshots = process.env.KEYWARD_SCREENSHOTS ?? join(root, 'docs/screenshots');

let server;
let browser;
let page;

async function screenshot(name) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: false });
}

async function signIn(target, email = server.email, password = server.password) {
  await target.goto('/licenses');
  await target.getByLabel('E-mail').fill(email);
  await target.getByLabel('Password').fill(password);
  await target.getByRole('button', { name: 'Sign in' }).click();
  await target.getByRole('heading', { name: 'Licenses' }).waitFor();
}

const rows = (table = '#licenses-table') => page.locator(`${table} tbody tr`);
const licenseNames = () => page.locator('#licenses-table tbody td[data-column="name"]').allTextContents();
const deviceRows = () => rows('#devices-table');
// A row of the groups tree by the group's name (the move lists name every group too).
const groupRow = (name) => page.locator('.tree li', { has: page.locator('.tree-name').getByText(name, { exact: true }) });

// Starts an export with the button of `format` and waits for its download link.
async function exportAndDownload(format, rowsExpected) {
  await page.getByRole('button', { name: `Export ${format}` }).click();
  const link = page.getByRole('link', { name: `Download ${format} (${rowsExpected} rows)` });
  await link.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return download;
}

// openpyxl goes by the file name's extension, which the browser's download path lacks.
async function savedAs(download, extension) {
  const path = join(downloadsDir(), `export.${extension}`);
  await download.saveAs(path);
  return path;
}

// The license of the demo data with the most devices (38 of 50 seats).
async function openBigLicense() {
  await page.goto('/licenses?sort=-activations');
  await rows().first().locator('td[data-column="name"] a').click();
  await page.getByRole('heading', { name: 'License information' }).waitFor();
  await deviceRows().first().waitFor();
}

describe('web portal', { timeout: 240_000 }, () => {
  before(async () => {
    server = await startKeyward({ binary, agent, webRoot, extraLicenses: 12 });
    browser = await launchBrowser();
    page = await newPage(browser, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('refuses a wrong password in words, then signs in', async () => {
    await page.goto('/licenses');
    await screenshot('sign-in');
    await page.getByLabel('E-mail').fill(server.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'E-mail or password is wrong.' }).waitFor();
    await page.getByLabel('Password').fill(server.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Licenses' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/licenses');
  });

  it('turns on two-factor sign-in in the preferences, then asks for the code at sign-in', async () => {
    const email = server.email.replace(/^[^@]+/, 'tech');
    const tab = await newPage(browser, server.url);
    await signIn(tab, email);
    await tab.goto('/preferences');
    await tab.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await tab.locator('.qr svg').waitFor();
    const secret = (await tab.locator('#totp-secret').textContent()).trim();
    await tab.getByLabel('Code', { exact: true }).fill(totp(secret));
    await tab.getByRole('button', { name: 'Turn on', exact: true }).click();
    await tab.getByText('Two-factor sign-in is on.').waitFor();
    assert.equal(await tab.locator('.recovery-codes li').count(), 10);
    await tab.getByRole('button', { name: 'Sign out' }).click();

    await tab.getByLabel('E-mail').fill(email);
    await tab.getByLabel('Password').fill(server.password);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    await tab.getByLabel('Code').fill(String((Number(totp(secret)) + 1) % 1_000_000).padStart(6, '0'));
    await tab.getByRole('button', { name: 'Verify' }).click();
    await tab.getByRole('alert').filter({ hasText: 'The code is wrong.' }).waitFor();
    // The enrolment used the current step's code and a code works once: the next step's
    // code is within the accepted window.
    await tab.getByLabel('Code').fill(totp(secret, Date.now() + 30_000));
    await tab.getByRole('button', { name: 'Verify' }).click();
    await tab.getByRole('heading', { name: 'Preferences' }).waitFor();
    await tab.context().close();
  });

  it('searches licenses, keeps the search in the URL and goes back', async () => {
    await page.goto('/licenses');
    await rows().first().waitFor();
    const all = await rows().count();
    await page.getByRole('searchbox').fill('Kiel');
    await page.waitForURL(/q=Kiel/);
    await page.waitForFunction(() => document.querySelectorAll('#licenses-table tbody tr').length === 1);
    assert.match((await licenseNames())[0], /Kiel Architects/);
    await screenshot('licenses-search');
    await page.getByRole('searchbox').fill('no such license at all');
    await page.getByText('No license matches “no such license at all”.').waitFor();
    await page.goto('/licenses');
    await page.waitForFunction((n) => document.querySelectorAll('#licenses-table tbody tr').length === n, all);
  });

  it('pages and sorts licenses through the URL, and the back button returns', async () => {
    await page.goto('/licenses');
    await page.getByLabel('Entries per page').selectOption('10');
    await page.waitForURL(/per_page=10/);
    await page.waitForFunction(() => document.querySelectorAll('#licenses-table tbody tr').length === 10);
    const first = await licenseNames();
    await page.getByRole('button', { name: /Next/ }).click();
    await page.waitForURL(/page=2/);
    await page.getByText('Page 2 of 2').waitFor();
    // The pager follows the URL at once, the rows when the page has loaded.
    const topNameIs = ([name, wanted]) =>
      (document.querySelector('#licenses-table tbody td[data-column="name"]')?.textContent === name) === wanted;
    await page.waitForFunction(topNameIs, [first[0], false]);
    const second = await licenseNames();
    assert.ok(second.length > 0 && !second.includes(first[0]), 'page 2 shows other licenses');
    await page.goBack();
    await page.getByText('Page 1 of 2').waitFor();
    await page.waitForFunction(topNameIs, [first[0], true]);
    assert.deepEqual(await licenseNames(), first);
    await page.getByRole('button', { name: 'Name' }).click();
    await page.waitForURL(/sort=-name/);
    await page.waitForFunction((top) => document.querySelector('#licenses-table tbody td[data-column="name"]')?.textContent !== top, first[0]);
    const descending = await licenseNames();
    assert.deepEqual(descending, [...descending].sort((a, b) => b.localeCompare(a)));
    assert.equal(await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort'), 'descending');
    // A shared link opens the same page in a fresh tab.
    const shared = await newPage(browser, server.url);
    await signIn(shared);
    await shared.goto(page.url().replace(server.url, ''));
    await shared.getByText('Page 1 of 2').waitFor();
    assert.equal(await shared.locator('#licenses-table tbody td[data-column="name"]').first().textContent(), descending[0]);
    await shared.context().close();
  });

  it('renames a license inline', async () => {
    await openBigLicense();
    await screenshot('license-information');
    await page.getByRole('button', { name: /Rename/ }).click();
    await page.getByLabel('Name', { exact: true }).fill('Harbor Head Office');
    await page.keyboard.press('Enter');
    await page.locator('#license-name').filter({ hasText: 'Harbor Head Office' }).waitFor();
    await page.reload();
    await page.locator('#license-name').filter({ hasText: 'Harbor Head Office' }).waitFor();
  });

  it('copies the license key with visible feedback', async () => {
    const key = (await page.locator('#license-key').textContent()).trim();
    const button = page.locator('.copy button').first();
    await button.click();
    await button.filter({ hasText: 'Copied!' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key);
  });

  it('adds a notification recipient that waits for verification', async () => {
    await page.getByLabel('E-mail address').fill('alerts@harbor.example');
    await page.getByRole('button', { name: 'Add recipient' }).click();
    const item = page.locator('#recipients li').filter({ hasText: 'alerts@harbor.example' });
    await item.filter({ hasText: 'waiting for verification' }).waitFor();
  });

  it('saves a comment that can not be edited', async () => {
    await page.getByLabel('Write a comment').fill('Customer asked for 10 more seats.');
    await page.getByRole('button', { name: 'Save comment' }).click();
    const comment = page.locator('#comments li').filter({ hasText: 'Customer asked for 10 more seats.' });
    await comment.waitFor();
    assert.equal(await comment.locator('button, input, textarea, [contenteditable]').count(), 0);
    await page.getByText('Saved comments can not be changed or deleted.').waitFor();
  });

  it('filters devices by status', async () => {
    const total = await page.locator('.devices .pagination-range').textContent();
    await page.getByLabel('Status', { exact: true }).selectOption('threatened');
    await page.waitForURL(/status=threatened/);
    await page.waitForFunction((before) => document.querySelector('.devices .pagination-range')?.textContent !== before, total);
    const count = await deviceRows().count();
    for (let i = 0; i < count; i++) {
      assert.ok(Number(await deviceRows().nth(i).locator('td[data-column="infections"]').textContent()) > 0);
    }
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.waitForFunction((before) => document.querySelector('.devices .pagination-range')?.textContent === before, total);
  });

  it('deactivates two devices, then deletes them, with a result per device', async () => {
    const activationsBefore = (await page.locator('#license-activations').textContent()).trim();
    const hostnames = [];
    for (let i = 0; i < 2; i++) {
      const row = deviceRows().nth(i);
      hostnames.push((await row.locator('td[data-column="hostname"] a').textContent()).trim());
      await row.locator('input[type="checkbox"]').check();
    }
    await page.getByText('2 selected').waitFor();
    await page.locator('.bulk-bar').getByRole('button', { name: 'Deactivate' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Deactivate 2 devices?').waitFor();
    await screenshot('bulk-confirmation');
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await page.locator('.bulk-results').filter({ hasText: '2 done, 0 refused' }).waitFor();
    const [used, total] = activationsBefore.split('/').map(Number);
    await page.locator('#license-activations').filter({ hasText: `${used - 2}/${total}` }).waitFor();

    await page.getByLabel('Status', { exact: true }).selectOption('deactivated');
    await page.waitForFunction(() => document.querySelectorAll('#devices-table tbody tr').length === 2);
    await page.getByLabel('Select all devices on this page').check();
    await page.locator('.bulk-bar').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.locator('.bulk-results').filter({ hasText: '2 done, 0 refused' }).waitFor();
    for (const hostname of hostnames) await page.locator('.bulk-results').getByText(hostname).waitFor();
    await page.getByText('No device matches the filter.').waitFor();
  });

  it('refuses to delete an active device and says why', async () => {
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await deviceRows().first().waitFor();
    await deviceRows().first().locator('input[type="checkbox"]').check();
    await page.locator('.bulk-bar').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.locator('.bulk-results').filter({ hasText: '0 done, 1 refused' }).waitFor();
    await page.locator('.bulk-results').getByText('The device is active: deactivate it first.').waitFor();
  });

  it('shows device information with every status, message and recommended action', async () => {
    await deviceRows().first().locator('td[data-column="hostname"] a').click();
    await page.getByRole('heading', { name: /Device information/ }).waitFor();
    const statuses = page.locator('#device-statuses li');
    await statuses.first().waitFor();
    const count = await statuses.count();
    assert.ok(count >= 1);
    for (let i = 0; i < count; i++) {
      assert.match(await statuses.nth(i).textContent(), /Recommended action:/);
    }
    await screenshot('device-information');
    await page.getByRole('checkbox', { name: 'Device', exact: true }).check();
    await page.getByText('Muted notifications saved.').waitFor();
    await page.locator('.facts dd').filter({ hasText: /^some$/ }).waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText(/^deactivated on /).waitFor();
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Activate' }).click();
    await page.getByText('Done: Activate.').waitFor();
  });

  it('downloads the installer in each of the four types', async () => {
    await page.goto('/licenses?q=Kiel');
    await rows().first().waitFor();
    const expected = {
      'ZIP archive with config file': /\.zip$/,
      'Config file': /\.json$/,
      'MSI preconfigured': /\.msi$/,
      'MSI original': /\.msi$/,
    };
    await rows().first().getByRole('button', { name: 'Download' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('32 bit').check();
    await screenshot('download-dialog');
    for (const [type, name] of Object.entries(expected)) {
      await dialog.getByLabel(type, { exact: true }).check();
      const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('link', { name: 'Download' }).click()]);
      assert.match(download.suggestedFilename(), name, type);
      if (type !== 'Config file') assert.match(download.suggestedFilename(), /x86/, type);
      const file = await download.path();
      const bytes = readFileSync(file);
      assert.ok(bytes.length > 100, `${type}: ${bytes.length} bytes`);
      if (type === 'Config file') assert.match(JSON.parse(bytes.toString('utf8')).license_key ?? '', /^[0-9a-f-]{36}$/);
      if (type === 'ZIP archive with config file') assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    }
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it('makes an installer link that downloads without sign-in until it is revoked', async () => {
    await page.goto('/licenses?q=Kiel');
    await rows().first().locator('td[data-column="name"] a').click();
    await page.getByRole('heading', { name: 'Installer links' }).waitFor();
    await page.getByText('No installer links yet.').waitFor();
    await page.getByRole('button', { name: 'Create link' }).click();
    const url = (await page.locator('#installer-link-url').textContent()).trim();
    const anonymous = await fetch(url);
    assert.equal(anonymous.status, 200);
    assert.ok((await anonymous.arrayBuffer()).byteLength > 1000);
    await page.locator('#installer-links tbody tr').filter({ hasText: 'active' }).waitFor();
    await page.getByRole('button', { name: 'Revoke' }).click();
    await page.locator('#installer-links tbody tr').filter({ hasText: 'revoked' }).waitFor();
    assert.equal((await fetch(url)).status, 404);
  });

  it('opens deep links directly and keeps them through sign-in', async () => {
    const fresh = await newPage(browser, server.url);
    await fresh.goto('/devices?status=threatened');
    await fresh.getByLabel('E-mail').fill(server.email);
    await fresh.getByLabel('Password').fill(server.password);
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await fresh.getByRole('heading', { name: 'Devices' }).waitFor();
    assert.equal(await fresh.getByLabel('Status', { exact: true }).inputValue(), 'threatened');
    await fresh.context().close();
  });

  it('edits a configuration profile with validation, assigns it, saves & transmits, clones and deletes', async () => {
    await page.goto('/profiles');
    await page.getByPlaceholder('New profile').fill('Office Standard');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: /Configuration profile: Office Standard/ }).waitFor();
    await page.getByLabel('Use a proxy').check();
    await page.getByLabel('Proxy host').fill('proxy.harbor.example');
    await page.getByLabel('Proxy port').fill('99999');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('The port is a number from 1 to 65535.').waitFor();
    await page.getByLabel('Proxy port').fill('3128');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as revision 2.').waitFor();
    const profileUrl = page.url();

    await openBigLicense();
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('heading', { name: /^Groups/ }).waitFor();
    await page.locator('.tree select').first().selectOption({ label: 'Office Standard' });
    await page.getByText(/Profile of .* changed\./).waitFor();
    await screenshot('groups');

    await page.goto(profileUrl);
    await page.getByLabel('Scan type').selectOption({ label: 'Complete computer' });
    await page.getByRole('button', { name: 'Save & transmit' }).click();
    const notice = await page.getByText(/Saved as revision 3 and sent to \d+ devices\./).textContent();
    assert.ok(Number(notice.match(/sent to (\d+)/)[1]) > 0, notice);
    assert.ok(await page.getByRole('button', { name: 'Delete' }).isDisabled(), 'a profile in use can not be deleted');
    await screenshot('profile-editor');

    await page.getByRole('button', { name: 'Clone' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Clone' }).click();
    await page.getByRole('heading', { name: /Configuration profile: Copy of Office Standard/ }).waitFor();
    assert.equal(await page.getByLabel('Scan type').inputValue(), 'complete');
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Configuration profiles' }).waitFor();
    assert.equal(await page.locator('#profiles-table tbody tr').filter({ hasText: 'Copy of Office Standard' }).count(), 0);
  });

  it('adds subgroups, moves one by drag and drop, and moves a device into a subgroup', async () => {
    await openBigLicense();
    const licenseUrl = page.url();
    await page.getByRole('link', { name: 'Groups' }).click();
    for (const name of ['Reception', 'Lab']) {
      await page.getByPlaceholder('Name of the new subgroup').fill(name);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await groupRow(name).waitFor();
    }
    const lab = groupRow('Lab');
    const reception = groupRow('Reception');
    await lab.dragTo(reception);
    await page.getByText('“Lab” moved.').waitFor();
    // Lab is now a subgroup of Reception: two levels below the main group.
    await page.waitForFunction(() => [...document.querySelectorAll('.tree li')]
      .some((li) => li.querySelector('.tree-name')?.textContent.startsWith('Lab') && li.style.paddingLeft === '3.75rem'));

    await page.goto(licenseUrl);
    await deviceRows().first().waitFor();
    const hostname = (await deviceRows().first().locator('td[data-column="hostname"] a').textContent()).trim();
    await deviceRows().first().locator('input[type="checkbox"]').check();
    await page.getByLabel('Move to group').selectOption({ label: '\u00a0\u00a0Reception' });
    await page.locator('.bulk-bar').getByRole('button', { name: 'Move' }).click();
    await page.getByRole('dialog').getByText('Move 1 devices to “Reception”?').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Move' }).click();
    await page.locator('.bulk-results').filter({ hasText: '1 done, 0 refused' }).waitFor();
    await page.getByRole('searchbox').fill(hostname);
    await deviceRows().filter({ hasText: 'Reception' }).waitFor();
  });

  it('invites a user, who shows as pending, and lists the customers', async () => {
    await page.goto('/users');
    await page.getByLabel('E-mail', { exact: true }).fill('new.tech@northwind.example');
    await page.getByLabel('Name', { exact: true }).fill('New Technician');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent to new.tech@northwind.example.').waitFor();
    await page.locator('#users-table tr').filter({ hasText: 'new.tech@northwind.example' }).filter({ hasText: 'invitation pending' }).waitFor();
    await page.getByLabel('E-mail', { exact: true }).fill('new.tech@northwind.example');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('A user with this e-mail exists already.').waitFor();
    await screenshot('users');
    await page.goto('/customers');
    await page.locator('#companies-table tr').filter({ hasText: 'Kiel Architects' }).waitFor();
  });

  it('takes the licenses page size from the preferences', async () => {
    await page.goto('/preferences');
    await page.getByLabel('Licenses per page').selectOption('10');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await screenshot('preferences');
    await page.goto('/licenses');
    await page.waitForFunction(() => document.querySelectorAll('#licenses-table tbody tr').length === 10);
    assert.equal(await page.getByLabel('Entries per page').inputValue(), '10');
  });

  it('makes a read-only dashboard link with a QR code that opens without sign-in', async () => {
    await page.goto('/preferences');
    await page.getByRole('button', { name: 'Make a new link' }).click();
    await page.locator('.qr svg').waitFor();
    const url = (await page.locator('.link-made code').textContent()).trim();
    const viewer = await browser.newContext();
    const shared = await viewer.newPage();
    await shared.goto(url);
    await shared.getByRole('heading', { name: /Read-only dashboard of Northwind IT Services/ }).waitFor();
    await viewer.close();
  });

  it('shows the dashboard', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Devices per status').waitFor();
    await screenshot('dashboard');
  });

  it('exports the licenses on screen as XLSX with progress, then downloads a real workbook', async () => {
    await page.goto('/licenses?q=Branch+Office&sort=-name&per_page=25');
    await page.waitForFunction(() => document.querySelectorAll('#licenses-table tbody tr').length === 12);
    const shown = await licenseNames();
    await page.getByRole('button', { name: 'Export XLSX' }).click();
    // Pending or running first (the button waits meanwhile), then the link.
    const link = page.getByRole('link', { name: 'Download XLSX (12 rows)' });
    await link.waitFor();
    await screenshot('licenses-export');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    assert.match(download.suggestedFilename(), /^keyward-licenses-.*\.xlsx$/);
    const sheet = await readXlsx(await savedAs(download, 'xlsx'));
    assert.equal(sheet.length, 13, 'a header row and the 12 licenses');
    const nameColumn = sheet[0].indexOf('License');
    assert.ok(nameColumn >= 0, `header: ${sheet[0]}`);
    assert.deepEqual(sheet.slice(1).map((row) => row[nameColumn]), shown, 'the same rows in the same order as on screen');
  });

  it('exports the device list of a license as sorted on screen, and says in words when an export is refused', async () => {
    await page.goto('/licenses?q=Kiel');
    await rows().first().locator('td[data-column="name"] a').click();
    await deviceRows().first().waitFor();
    await page.getByRole('button', { name: 'Host name' }).click();
    await page.waitForURL(/sort=-hostname/);
    await page.waitForFunction(() => {
      const names = [...document.querySelectorAll('#devices-table td[data-column="hostname"] a')].map((a) => a.textContent);
      return names.length > 1 && names[0] > names[names.length - 1];
    });
    const shown = await page.locator('#devices-table td[data-column="hostname"] a').allTextContents();
    const download = await exportAndDownload('XLSX', shown.length);
    const sheet = await readXlsx(await savedAs(download, 'xlsx'));
    const hostname = sheet[0].indexOf('Host name');
    assert.ok(hostname >= 0, `header: ${sheet[0]}`);
    assert.deepEqual(sheet.slice(1).map((row) => row[hostname]), shown);
    // A search longer than the API takes is refused with the server's reason.
    await page.goto(`/devices?q=${'x'.repeat(201)}`);
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await page.locator('.export').getByRole('alert').waitFor();
  });

  it('creates a webhook, shows its secret once, test-sends it, edits and deletes it', async () => {
    const receiver = await startWebhookReceiver();
    try {
      await page.goto('/webhooks');
      await page.getByText('No webhooks yet.').waitFor();
      await page.getByLabel('Endpoint URL').fill(receiver.url);
      await page.getByLabel('Description', { exact: true }).fill('Ticket system');
      await page.getByLabel('Infection', { exact: true }).check();
      await page.getByRole('button', { name: 'Create webhook' }).click();
      const secret = (await page.locator('#webhook-secret').textContent()).trim();
      assert.match(secret, /^whsec_/);
      const row = page.locator('#webhooks-table tbody tr').filter({ hasText: receiver.url });
      await row.filter({ hasText: 'Activation, Deactivation, Infection' }).waitFor();

      await row.getByRole('button', { name: /Delivery log/ }).click();
      await page.waitForURL(/webhook=\d+/);
      await page.getByText('Nothing was sent yet.').waitFor();
      await page.getByRole('button', { name: 'Send test event' }).click();
      await page.locator('#deliveries-table tbody tr').filter({ hasText: 'test' }).filter({ hasText: 'delivered' }).waitFor({ timeout: 20_000 });
      await screenshot('webhooks');
      const test = receiver.requests.find((request) => request.headers['keyward-event'] === 'test');
      assert.ok(test, 'the receiver got the test event');
      assert.ok(signatureValid(secret, test.headers['keyward-signature'], test.body), 'signed with the secret shown');
      // The delivery log is in the URL: a reload shows it again, without the secret.
      await page.reload();
      await page.getByRole('heading', { name: `Delivery log of ${receiver.url}` }).waitFor();
      assert.equal(await page.locator('#webhook-secret').count(), 0);

      await row.getByRole('button', { name: /Edit/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Enabled', { exact: true }).uncheck();
      await dialog.getByLabel('Activation', { exact: true }).uncheck();
      await dialog.getByRole('button', { name: 'Save' }).click();
      await row.filter({ hasText: 'disabled' }).filter({ hasText: 'Deactivation, Infection' }).waitFor();

      await row.getByRole('button', { name: /Delete/ }).click();
      await page.getByRole('dialog').getByText(`Delete the webhook ${receiver.url} and its delivery log?`).waitFor();
      await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
      await page.getByText('No webhooks yet.').waitFor();
    } finally {
      await receiver.close();
    }
  });

  it('previews devices silent for weeks, deactivates them after a confirmation and sets the automatic rule', async () => {
    const silentSince = Math.floor(Date.now() / 1000) - 40 * 86400;
    const silenced = await sqliteExecute(
      server.db,
      `UPDATE devices SET last_contact_at = ?, last_contact_day = ? WHERE id IN (
         SELECT d.id FROM devices d JOIN licenses l ON l.id = d.license_id
         WHERE l.name LIKE '%Kiel%' AND d.active = 1 ORDER BY d.id LIMIT 3)`,
      [silentSince, Math.floor(silentSince / 86400)],
    );
    assert.equal(silenced, 3);
    await page.goto('/stale-devices');
    await page.getByRole('heading', { name: 'Stale devices' }).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('#stale-table tbody tr').length === 3);
    await page.getByLabel('Days without contact').first().fill('60');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL(/days=60/);
    await page.getByText('No device has been silent for more than 60 days.').waitFor();
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('#stale-table tbody tr').length === 3);
    await screenshot('stale-devices');

    await page.getByLabel('Select all devices on this page').check();
    await page.getByRole('button', { name: 'Deactivate selected' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Deactivate 3 devices not seen for more than 30 days?').waitFor();
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await page.locator('.bulk-results').filter({ hasText: '3 done, 0 refused' }).waitFor();
    await page.getByText('No device has been silent for more than 30 days.').waitFor();

    await page.getByLabel('Deactivate stale devices automatically').check();
    await page.locator('#stale-rule-days').fill('45');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText('Rule saved: devices silent for more than 45 days are deactivated every hour.').waitFor();
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#stale-rule-days')?.value === '45');
    assert.ok(await page.getByLabel('Deactivate stale devices automatically').isChecked());
  });

  it('shows the status timeline of each action log entry', async () => {
    await page.goto('/licenses?q=Kiel');
    await rows().first().locator('td[data-column="name"] a').click();
    await page.getByRole('link', { name: 'Action log' }).click();
    await page.getByRole('heading', { name: /^Action log/ }).waitFor();
    await page.getByLabel('Search action, user, message, host name').fill('device.deactivate');
    await page.waitForURL(/q=device.deactivate/);
    const toggle = page.locator('#actions-table tbody tr').filter({ hasText: 'device.deactivate' }).first()
      .getByRole('button', { name: /^Timeline/ });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    const steps = page.getByRole('list', { name: 'Status timeline of device.deactivate' }).locator('li');
    await steps.first().waitFor();
    // Queued for the device, which has not checked in since.
    assert.deepEqual((await steps.locator('.badge').allTextContents()), ['created', 'outstanding']);
    await screenshot('action-log-timeline');
  });

  it('keeps the layout within a tablet screen', async () => {
    await page.setViewportSize({ width: 800, height: 1000 });
    await page.goto('/licenses');
    await rows().first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    await screenshot('licenses-tablet');
    for (const path of ['/webhooks', '/stale-devices', '/devices']) {
      await page.goto(path);
      await page.locator('h1').first().waitFor();
      const wider = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wider <= 0, `${path} is ${wider}px wider than the screen`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('switches to German and stays German after a reload', async () => {
    await page.goto('/licenses');
    await rows().first().waitFor();
    await screenshot('licenses');
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('heading', { name: 'Lizenzen' }).waitFor();
    await page.getByText('Abgelaufene Lizenzen ausblenden').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Lizenzen' }).waitFor();
    await page.getByRole('link', { name: 'Geräte' }).first().waitFor();
    await page.getByRole('link', { name: 'Inaktive Geräte' }).click();
    await page.getByRole('heading', { name: 'Inaktive Geräte' }).waitFor();
    await page.getByText('Automatische Regel').waitFor();
    await page.goto('/licenses');
    await page.getByRole('heading', { name: 'Lizenzen' }).waitFor();
    await rows().first().waitFor();
    await screenshot('licenses-german');
    await page.getByLabel('Sprache').selectOption('en');
    await page.getByRole('heading', { name: 'Licenses' }).waitFor();
  });
});
