// Starts the web host once for the whole run: `node dist/electron/cli.js serve --port 0`
// with a fresh temporary data directory, reads the URL it prints, hands it to the tests
// through process.env.CLAIMDESK_URL, and stops it (and removes the directory) afterwards.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const URL_RE = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/;
const START_TIMEOUT_MS = 30_000;

export default async function globalSetup(): Promise<() => Promise<void>> {
  // CLAIMDESK_E2E_ROOT points at another built checkout; by default, this one.
  const root = path.resolve(process.env['CLAIMDESK_E2E_ROOT'] ?? path.join(import.meta.dirname, '..', '..'));
  const cli = path.join(root, 'dist', 'electron', 'cli.js');
  for (const needed of [cli, path.join(root, 'dist', 'renderer', 'index.html')]) {
    if (!fs.existsSync(needed)) throw new Error(`${needed} is missing: run npm run build before the end-to-end tests`);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimdesk-e2e-'));
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data', dataDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CLAIMDESK_DATA: dataDir },
  });

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
    if (process.env['CLAIMDESK_E2E_VERBOSE']) process.stderr.write(`[web host] ${chunk}`);
  });

  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`the web host printed no URL within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    function fail(error: Error): void {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\nstdout: ${stdout}\nstderr: ${stderr}`));
    }
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const m = URL_RE.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`the web host exited early (code ${code}, signal ${signal})`)));
  });
  child.removeAllListeners('exit');
  child.stdout.resume();

  process.env['CLAIMDESK_URL'] = url;
  process.env['CLAIMDESK_E2E_DATA'] = dataDir;

  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5_000).unref());
      if ((await Promise.race([exited, timeout])) === 'timeout') child.kill('SIGKILL');
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
