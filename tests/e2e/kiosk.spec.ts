// Kiosk privacy, end to end through the web host (`claimdesk serve --kiosk --idle 12`): a
// visitor types their name and ID number and attaches a file; after the idle time (with the
// countdown shown first) or after "finish", none of it is anywhere in the page — DOM, input
// values, title, storage, Cache Storage, history — and Back does not bring it back. The case
// itself waits in the database for the desk.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, xiamenIdNumber, snap } from './fixtures.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'electron', 'cli.js');
const IDLE = 12;
const SCAN = fs.readFileSync(path.join(ROOT, 'tests', 'fixtures', 'pdf', 'scan-portrait.jpg'));

let server: ChildProcess;
let kioskUrl: string;
let dataDir: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimdesk-kiosk-'));
  server = spawn(process.execPath, [CLI, 'serve', '--kiosk', '--idle', String(IDLE), '--port', '0', '--data', dataDir], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  kioskUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the kiosk web host printed no URL: ${out}`)), 30_000);
    server.stdout!.setEncoding('utf8');
    server.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    server.once('exit', (code) => reject(new Error(`the kiosk web host exited (${code}): ${out}`)));
  });
  server.removeAllListeners('exit');
});

test.afterAll(async () => {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

interface Visitor { name: string; idNumber: string; fileName: string }

/** Console messages about a Content-Security-Policy violation (there must be none: the CSP has no 'unsafe-inline'). */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text()); });
  return seen;
}

async function startVisit(page: Page, v: Visitor): Promise<void> {
  await page.getByTestId('kiosk-start').click();
  await page.getByLabel('姓名').fill(v.name);
  await page.getByLabel('居民身份证号码').fill(v.idNumber);
  await page.locator('input[name="kw-category"]').first().check();
  await page.getByTestId('kiosk-next').click();
  await expect(page.locator('.claimant-name')).toHaveText(v.name);
  await page.locator('input[type="file"]').first().setInputFiles({ name: v.fileName, mimeType: 'image/jpeg', buffer: SCAN });
  await expect(page.getByTestId('kiosk-file').first()).toHaveText(v.fileName);
}

/** Everything the page still holds, as one string: DOM, form values, title, storage, caches, every frame. */
async function everythingInThePage(page: Page): Promise<string> {
  const parts: string[] = [];
  for (const frame of page.frames()) {
    parts.push(await frame.evaluate(async () => {
      const values = [...document.querySelectorAll('input, textarea, select')].map((el) => (el as HTMLInputElement).value);
      const storage: string[] = [];
      for (const s of [localStorage, sessionStorage]) for (let i = 0; i < s.length; i++) storage.push(`${s.key(i)}=${s.getItem(s.key(i)!)}`);
      const cacheNames = 'caches' in window ? await caches.keys() : [];
      const resources = performance.getEntriesByType('resource').map((e) => e.name);
      return [document.documentElement.outerHTML, document.title, location.href, ...values, ...storage, ...cacheNames, ...resources].join('\n');
    }).catch(() => ''));
  }
  return parts.join('\n');
}

function expectForgotten(text: string, v: Visitor): void {
  expect(text).not.toContain(v.name);
  expect(text).not.toContain(v.idNumber);
  expect(text).not.toContain(v.fileName);
  expect(text).not.toContain(v.fileName.replace(/\.jpg$/, ''));
}

test('after the idle time (countdown first) nothing of the visitor is left in the page, and Back does not bring it back', async ({ page }, testInfo) => {
  const visitor: Visitor = { name: '林晓燕', idNumber: xiamenIdNumber('350203', '19850612', '124'), fileName: '林晓燕-门诊发票-0612.jpg' };
  const csp = cspViolations(page);
  await page.goto(kioskUrl);
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  await snap(page, testInfo, 'kiosk-start');
  await startVisit(page, visitor);
  await snap(page, testInfo, 'kiosk-visit');
  const before = await everythingInThePage(page);
  expect(before).toContain(visitor.name);
  expect(before).toContain(visitor.fileName);

  // No touching: the countdown appears, then the visit ends on its own.
  const countdown = page.getByTestId('idle-countdown');
  await expect(countdown).toBeVisible({ timeout: IDLE * 1000 });
  await expect(countdown).toContainText('秒后将结束本次填报');
  await snap(page, testInfo, 'kiosk-countdown');
  await expect(page.getByTestId('kiosk-start')).toBeVisible({ timeout: 15_000 });
  await page.waitForLoadState('load');
  await snap(page, testInfo, 'kiosk-after-idle');
  expectForgotten(await everythingInThePage(page), visitor);
  expect(page.url()).not.toContain('#');

  // Back (and Forward again) shows no trace of the visit either.
  await page.goBack().catch(() => null);
  expectForgotten(await everythingInThePage(page), visitor);
  await snap(page, testInfo, 'kiosk-after-back');
  await page.goForward().catch(() => null);
  expectForgotten(await everythingInThePage(page), visitor);

  // The case was kept for the desk (the default): the CLI finds it in the data directory.
  const list = execFileSync(process.execPath, [CLI, 'list', '--json', '--data', dataDir], { cwd: ROOT, encoding: 'utf8' });
  expect(list).toContain(visitor.name);
  expect(csp).toEqual([]);
});

test('"finish" shows the number to hand over, then the screen is cleared the same way', async ({ page }, testInfo) => {
  const visitor: Visitor = { name: '陈志明', idNumber: xiamenIdNumber('350206', '19790305', '215'), fileName: 'chen-zhiming-invoice.jpg' };
  await page.goto(kioskUrl);
  await startVisit(page, visitor);
  // A touch screen: the page starts at its top, no field has focus (no on-screen keyboard), no key hints.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  expect(await page.evaluate(() => document.activeElement?.tagName)).not.toBe('INPUT');
  await expect(page.getByText(/回车/)).toHaveCount(0);
  await page.getByTestId('kiosk-finish').click();
  await expect(page.getByText('您的编号')).toBeVisible();
  // What is still missing is named, to bring to the counter.
  await expect(page.getByTestId('kiosk-missing')).toContainText('还缺');
  await expect(page.getByTestId('kiosk-missing').getByRole('listitem').first()).toBeVisible();
  await snap(page, testInfo, 'kiosk-finish');
  await page.getByTestId('kiosk-confirm-finish').click();
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  await page.waitForLoadState('load');
  expectForgotten(await everythingInThePage(page), visitor);
  await page.goBack().catch(() => null);
  expectForgotten(await everythingInThePage(page), visitor);
});

test('the next visitor cannot reach an earlier visitor\'s case through the API', async ({ page }) => {
  await page.goto(kioskUrl);
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
  const replies = await page.evaluate(async () => {
    const token = sessionStorage.getItem('claimdesk.token');
    const post = async (call: string, body: unknown) => {
      const r = await fetch(`/api/${call}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      return { status: r.status, text: await r.text() };
    };
    return {
      list: await post('cases.list', {}),
      search: await post('cases.search', { query: '林' }),
      get: await post('cases.get', { number: 'CD-00000000-0001' }),
    };
  });
  expect(replies.list.status).toBe(403);
  expect(replies.search.status).toBe(403);
  expect(replies.get.status).toBe(404);
  for (const r of Object.values(replies)) {
    expect(r.text).not.toContain('林晓燕');
    expect(r.text).not.toContain('陈志明');
  }
});

test('touching "continue" during the countdown keeps the visit', async ({ page }) => {
  const visitor: Visitor = { name: '黄丽华', idNumber: xiamenIdNumber('350211', '19900101', '326'), fileName: 'huang.jpg' };
  await page.goto(kioskUrl);
  await startVisit(page, visitor);
  await expect(page.getByTestId('idle-countdown')).toBeVisible({ timeout: IDLE * 1000 });
  await page.getByRole('button', { name: '继续填报' }).click();
  await expect(page.getByTestId('idle-countdown')).toBeHidden();
  await expect(page.locator('.claimant-name')).toHaveText(visitor.name);
  // Leave it clean for whoever comes next.
  await page.getByTestId('kiosk-finish').click();
  await page.getByTestId('kiosk-confirm-finish').click();
  await expect(page.getByTestId('kiosk-start')).toBeVisible();
});
