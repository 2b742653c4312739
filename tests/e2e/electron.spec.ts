// The real desktop app, through Playwright's _electron: runs wherever the Electron runtime
// is installed (npm install downloads it on first use from GitHub). On the build machines
// it cannot be downloaded, `require('electron')` throws, and every test here is skipped with
// that reason printed. Everything these tests check is also covered under Node by
// tests/core/shell-*.test.ts (the policy functions and the functions that apply them).
import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, xiamenIdNumber } from './fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * The Electron binary, or why there is none. Requiring the electron package would try to
 * download the binary (and fail noisily offline), so read where it would be instead.
 */
function electronRuntime(): { path: string } | { missing: string } {
  let dir: string;
  try {
    dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = path.join(dir, 'path.txt');
  if (!fs.existsSync(pathFile)) {
    return { missing: 'the Electron binary was never downloaded (node_modules/electron/path.txt is absent, so require(\'electron\') throws); npm cannot fetch it from GitHub on this machine' };
  }
  const bin = path.join(process.env['ELECTRON_OVERRIDE_DIST_PATH'] ?? path.join(dir, 'dist'), fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(bin) ? { path: bin } : { missing: `the Electron binary ${bin} does not exist` };
}

const runtime = electronRuntime();
const SKIP_REASON = 'missing' in runtime ? `Electron runtime not available: ${runtime.missing}. The shell's policies are tested under Node in tests/core/shell-*.test.ts.` : '';

// The reason is in every skipped test's title (so the list reporter prints it) and annotation.
const TITLE = 'missing' in runtime ? `the Electron app [skipped: ${runtime.missing}]` : 'the Electron app';

async function launch(args: string[]): Promise<{ app: ElectronApplication; page: Page; dataDir: string }> {
  if (!('path' in runtime)) throw new Error(SKIP_REASON);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimdesk-electron-'));
  const app = await electron.launch({ executablePath: runtime.path, args: [ROOT, '--data', dataDir, ...args], cwd: ROOT, timeout: 60_000 });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page, dataDir };
}

test.describe(TITLE, () => {
  test.describe.configure({ mode: 'serial' });
  test.skip('missing' in runtime, SKIP_REASON);

  test('desk: the app loads from app://, isolated and sandboxed, and talks to the core over IPC', async () => {
    const { app, page, dataDir } = await launch([]);
    try {
      expect(page.url()).toMatch(/^app:\/\/claimdesk\//);
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const wc = BrowserWindow.getAllWindows()[0]!.webContents;
        const p = (wc as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
        return { contextIsolation: p['contextIsolation'], sandbox: p['sandbox'], nodeIntegration: p['nodeIntegration'], webviewTag: p['webviewTag'] };
      });
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
      const page1 = await page.evaluate(() => ({
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
        bridge: Object.keys((window as unknown as { claimdesk: object }).claimdesk),
      }));
      expect(page1).toEqual({ require: 'undefined', process: 'undefined', bridge: ['call'] });
      const info = await page.evaluate(() => (window as unknown as { claimdesk: { call(n: string, i: unknown): Promise<{ value: { host: string; mode: string } }> } }).claimdesk.call('app.info', {}));
      expect(info.value).toMatchObject({ host: 'electron', mode: 'desk' });
      // No window opens and the page cannot navigate away.
      expect(await page.evaluate(() => window.open('https://example.org/') === null)).toBe(true);
      await page.evaluate(() => { location.href = 'https://example.org/'; }).catch(() => null);
      await page.waitForTimeout(500);
      expect(page.url()).toMatch(/^app:\/\/claimdesk\//);
      expect(app.windows()).toHaveLength(1);
      // The desk has a menu with Print.
      const print = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.flatMap((i) => i.submenu?.items ?? []).some((i) => i.accelerator === 'CmdOrCtrl+P') ?? false);
      expect(print).toBe(true);
    } finally {
      await app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test('kiosk: fullscreen kiosk window without menu or devtools; an idle visit is forgotten', async () => {
    const { app, page, dataDir } = await launch(['--kiosk', '--idle', '6']);
    try {
      const state = await app.evaluate(({ BrowserWindow, Menu }) => {
        const w = BrowserWindow.getAllWindows()[0]!;
        w.webContents.openDevTools();
        return { kiosk: w.isKiosk(), menu: Menu.getApplicationMenu() === null, closable: w.isClosable() };
      });
      expect(state).toEqual({ kiosk: true, menu: true, closable: false });
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.isDevToolsOpened())).toBe(false);

      const name = '郑美玲';
      const idNumber = xiamenIdNumber('350205', '19880808', '447');
      await page.getByTestId('kiosk-start').click();
      await page.getByLabel('姓名').fill(name);
      await page.getByLabel('居民身份证号码').fill(idNumber);
      await page.locator('input[name="kw-category"]').first().check();
      await page.getByTestId('kiosk-next').click();
      await expect(page.locator('.claimant-name')).toHaveText(name);
      await expect(page.getByTestId('idle-countdown')).toBeVisible({ timeout: 10_000 });
      await expect(page.getByTestId('kiosk-start')).toBeVisible({ timeout: 15_000 });
      const html = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
      expect(html).not.toContain(name);
      expect(html).not.toContain(idNumber);
      const canGoBack = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.webContents.navigationHistory.canGoBack());
      expect(canGoBack).toBe(false);
    } finally {
      await app.evaluate(({ app: a }) => a.exit(0)).catch(() => null);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
