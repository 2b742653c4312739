// The desk side of issue 6, through a web host of its own: the administrator's settings
// (PIN stored hashed; kiosk mode needs a PIN; a wrong PIN is refused; the saved mode applies
// at the next start), and printing the package from its preview.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, xiamenIdNumber, snap } from './fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'electron', 'cli.js');

let dataDir: string;

async function serve(args: string[]): Promise<{ url: string; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--data', dataDir, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no URL: ${out}`)), 30_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (c: string) => {
      out += c;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  child.removeAllListeners('exit');
  return { url, stop: async () => { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); } };
}

test.describe.configure({ mode: 'serial' });
test.beforeAll(() => { dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimdesk-desk-')); });
test.afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('administrator settings: a PIN first, then kiosk mode; a wrong PIN is refused; the mode applies at the next start', async ({ page }, testInfo) => {
  const desk = await serve([]);
  try {
    await page.goto(desk.url);
    await page.getByRole('button', { name: '管理员设置' }).click();
    const dialog = page.getByRole('dialog', { name: '管理员设置' });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('自助机模式').check();
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog.getByRole('alert')).toContainText('请先设置管理员 PIN');

    await dialog.getByLabel('设置管理员 PIN').fill('246810');
    await dialog.getByLabel('访客无操作多少秒后结束填报').fill('90');
    await dialog.getByLabel('删除案件及其上传的文件').check();
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog.getByRole('status')).toContainText('重新启动后生效');
    await snap(page, testInfo, 'admin-saved');
    await dialog.getByRole('button', { name: '关闭' }).click();

    const settings = fs.readFileSync(path.join(dataDir, 'settings.json'), 'utf8');
    expect(settings).not.toContain('246810');
    expect(JSON.parse(settings)).toMatchObject({ mode: 'kiosk', kiosk: { idleSeconds: 90, onEnd: 'discard' }, adminPin: { algorithm: 'scrypt' } });

    await page.getByRole('button', { name: '管理员设置' }).click();
    await dialog.getByLabel('管理员 PIN').fill('135790');
    await dialog.getByRole('button', { name: '进入' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('PIN 不正确。');
    await dialog.getByLabel('管理员 PIN').fill('246810');
    await dialog.getByRole('button', { name: '进入' }).click();
    await expect(dialog.getByLabel('访客无操作多少秒后结束填报')).toHaveValue('90');
    await expect(dialog.getByLabel('删除案件及其上传的文件')).toBeChecked();
    await dialog.getByRole('button', { name: '关闭' }).click();
  } finally {
    await desk.stop();
  }

  // Started again without --kiosk: the saved setting makes it a kiosk.
  const next = await serve([]);
  try {
    await page.goto(next.url);
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
    await expect(page.getByText('90 秒无操作时')).toBeVisible();
    // Back to the desk (for the next test): only with the PIN.
    await page.getByRole('button', { name: '管理员设置' }).click();
    const dialog = page.getByRole('dialog', { name: '管理员设置' });
    await dialog.getByLabel('管理员 PIN').fill('246810');
    await dialog.getByRole('button', { name: '进入' }).click();
    await dialog.getByLabel('窗口模式').check();
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog.getByRole('status')).toContainText('重新启动后生效');
  } finally {
    await next.stop();
  }
});

test('printing: the package preview has a print button that prints the PDF frame', async ({ page }, testInfo) => {
  const desk = await serve([]);
  try {
    await page.goto(desk.url);
    await expect(page.getByRole('button', { name: '管理员设置' })).toBeVisible();
    const number = await page.evaluate(async (idNumber) => {
      const token = sessionStorage.getItem('claimdesk.token');
      const r = await fetch('/api/cases.create', {
        method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ category: 'outage', claimant: { name: '周海涛', idNumber } }),
      });
      return ((await r.json()) as { value: { number: string } }).value.number;
    }, xiamenIdNumber('350203', '19760420', '138'));
    await page.goto(`${new URL(desk.url).origin}/#/case/${number}/package`);
    // The case screen is a row of steps; the package is the last one.
    const steps = page.getByRole('navigation', { name: '办理步骤' });
    await expect(steps.or(page.getByRole('button', { name: '生成材料包' })).first()).toBeVisible();
    if (await steps.count()) await steps.getByRole('link', { name: /材料包/ }).click();
    await page.getByRole('button', { name: '生成材料包' }).click();
    const print = page.getByTestId('package-print');
    await expect(print).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('iframe.pdf-preview')).toHaveAttribute('src', /^blob:/);
    // Headless Chromium shows no print dialog: count the frame's print() calls instead.
    await page.evaluate(() => {
      const frame = document.querySelector<HTMLIFrameElement>('iframe.pdf-preview')!;
      (window as unknown as { printed: number }).printed = 0;
      frame.contentWindow!.print = () => { (window as unknown as { printed: number }).printed++; };
    });
    await print.click();
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    // Ctrl+P prints the package too (in the browser it would print the guide around it).
    await print.focus();
    await page.keyboard.press('Control+p');
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(2);
    await snap(page, testInfo, 'package-print', false);
  } finally {
    await desk.stop();
  }
});
