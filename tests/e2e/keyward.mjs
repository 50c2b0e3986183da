// A fresh `keyward serve` for the browser tests: SQLite in a temporary directory, the demo
// data (`keyward demo`), simulated devices (`keyward-agent`) and the built portal.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function keyward(binary, args) {
  const { stdout } = await run(binary, args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

// Starts the server on a free port (--listen :0) and resolves once it logged the port.
function startServer(binary, args) {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`keyward serve did not start:\n${log}`)), 30_000);
    const read = (chunk) => {
      log += chunk;
      const match = log.match(/keyward listening on (https?:\/\/[\d.]+:\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], log: () => log });
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`keyward serve exited with ${code}:\n${log}`));
    });
  });
}

export async function startKeyward({ binary, agent, webRoot, extraLicenses = 0, devices = true }) {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-e2e-'));
  const db = `sqlite:${join(dir, 'keyward.db')}`;
  const demo = JSON.parse(await keyward(binary, ['demo', '--db', db, '--json']));
  // More licenses than one page holds, for paging (one customer, numbered names).
  for (let i = 1; i <= extraLicenses; i++) {
    const name = `Branch Office ${String(i).padStart(2, '0')}`;
    await keyward(binary, ['license', 'issue', '--db', db, '--customer', 'Baltic Bakery', '--seats', '5', '--years', '1', '--name', name, '--json']);
  }
  const server = await startServer(binary, [
    'serve', '--db', db, '--listen', '127.0.0.1:0', '--web-root', webRoot, '--access-log', 'false',
  ]);
  let seed = 1;
  for (const license of devices ? demo.licenses : []) {
    await keyward(agent, [
      '--server', server.url, '--license-key', license.key, '--devices', String(license.devices),
      '--rounds', '1', '--interval', '0', '--threads', '2', '--seed', String(seed++),
    ]);
  }
  return {
    url: server.url,
    db,
    email: demo.email,
    password: demo.password,
    licenses: demo.licenses,
    log: server.log,
    async stop() {
      server.child.kill('SIGTERM');
      await new Promise((resolve) => server.child.once('exit', resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
