// Helpers of the guided walks: what a desk clerk does on each step, as clicks and keys, with a
// screenshot of every step kept under test-results/. Shared by the category walks, the resume
// test and the accessibility scans.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page, type TestInfo } from '@playwright/test';
import { snap } from './fixtures.ts';

export const SCANS = path.join(import.meta.dirname, '..', '..', 'examples', 'scans');

/** A real scan from examples/scans. */
export function scan(name: string): string {
  const file = path.join(SCANS, name);
  if (!fs.existsSync(file)) throw new Error(`no example scan ${name}`);
  return file;
}

/**
 * A small real PDF: `pages` A4 pages, each with a framed box and a few lines drawn (no fonts),
 * written with a correct cross-reference table so any PDF reader opens it.
 */
export function makePdf(pages = 1): Buffer {
  const objects: string[] = [];
  const pageIds: number[] = [];
  // 1: catalog, 2: pages; then per page: page object + content stream.
  for (let i = 0; i < pages; i++) pageIds.push(3 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages} >>`;
  for (let i = 0; i < pages; i++) {
    const content = `0.2 0.3 0.5 RG 3 w 60 60 475 722 re S 0.5 w ${[0, 1, 2, 3, 4, 5].map((k) => `90 ${700 - k * 40 - i * 5} m 500 ${700 - k * 40 - i * 5} l S`).join(' ')}`;
    objects[pageIds[i]!] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${pageIds[i]! + 1} 0 R >>`;
    objects[pageIds[i]! + 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  }
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export type FilePayload = { name: string; mimeType: string; buffer: Buffer };
export type FileSpec = string | FilePayload;

const MIME: Record<string, string> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png', '.pdf': 'application/pdf' };

/** An example scan by name, or a file made here, as the file chooser takes it. */
export function payload(f: FileSpec): FilePayload {
  if (typeof f !== 'string') return f;
  return { name: f, mimeType: MIME[path.extname(f).toLowerCase()] ?? 'application/octet-stream', buffer: fs.readFileSync(scan(f)) };
}

/** Everything the core still has in flight for the screen has been answered. */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator('.save-state', { hasText: '正在保存…' })).toHaveCount(0);
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
}

/** Type into a field found by its label and leave it (Tab), which saves it. */
export async function typeField(page: Page, label: string | RegExp, value: string): Promise<void> {
  const field = page.getByLabel(label, { exact: typeof label === 'string' });
  await field.click();
  await field.fill(value);
  await field.press('Tab');
  await settled(page);
}

export interface NewCase {
  name: string;
  idNumber: string;
  /** The category's zh-CN title as the new-case form shows it. */
  category: string;
  scheme: string;
  filedOn: string;
}

/** From the case list: new case, the claimant, the category, the scheme and the filing date. */
export async function createCase(page: Page, appUrl: string, c: NewCase, testInfo: TestInfo, prefix: string): Promise<string> {
  await page.goto(appUrl);
  await expect(page.getByRole('heading', { level: 1, name: '案件列表' })).toBeVisible();
  await page.getByRole('link', { name: '新建案件' }).first().click();
  await expect(page.getByLabel('姓名')).toBeFocused();
  await page.keyboard.type(c.name);
  await page.getByLabel('居民身份证号码').fill(c.idNumber);
  await page.getByRole('radio', { name: c.category, exact: true }).check();
  await page.getByRole('radio', { name: c.scheme, exact: true }).check();
  await page.getByLabel('申报日期').fill(c.filedOn);
  await snap(page, testInfo, `${prefix}-01-new-case`);
  await page.getByRole('button', { name: '创建案件' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(c.name);
  const m = /#\/case\/([A-Z0-9-]+)\//.exec(page.url());
  expect(m, page.url()).not.toBeNull();
  return m![1]!;
}

/** The step navigation: go to the named step (its link in the stepper). */
export async function gotoStep(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: '办理步骤' }).getByRole('link', { name: new RegExp(`^${name}`) }).click();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
}

/** "Next: …" at the bottom of a step. */
export async function next(page: Page, name: string): Promise<void> {
  await settled(page);
  await page.getByTestId('next-step').click();
  if (name === '费用明细') await expect(page.getByRole('heading', { name: '费用明细' })).toBeVisible();
  else await expect(page.getByRole('heading', { level: 2, name, exact: true }).first()).toBeVisible();
}

/** A yes/no or other choice question: its radio by the question and the answer. */
export async function choose(page: Page, question: string, answer: string): Promise<void> {
  await page.getByRole('group', { name: question }).getByRole('radio', { name: answer }).check();
  await settled(page);
}

export interface Line {
  date: string;
  institution: string;
  invoiceCode?: string;
  invoiceNo?: string;
  item?: string;
  /** The kind's zh-CN word when not 门诊. */
  kind?: string;
  amount: string;
  visits?: string;
  cardSettled?: boolean;
  stamped?: boolean;
}

/** One expense line by keyboard: Tab from field to field, Enter in the amount adds it. */
export async function addLine(page: Page, line: Line): Promise<void> {
  const rows = page.getByRole('table', { name: /费用明细/ }).locator('tbody tr');
  const before = await rows.count();
  const date = page.getByLabel('就诊日期');
  await date.click();
  await date.fill(line.date);
  await page.getByLabel('医疗机构').fill(line.institution);
  if (line.invoiceCode) await page.getByLabel('票据代码').fill(line.invoiceCode);
  if (line.invoiceNo) await page.getByLabel('票据号码').fill(line.invoiceNo);
  if (line.item) await page.getByLabel('项目').fill(line.item);
  if (line.kind) await page.getByLabel('类别', { exact: true }).selectOption({ label: line.kind });
  if (line.visits) await page.getByLabel('挂号次数').fill(line.visits);
  if (line.cardSettled) await page.getByLabel('已刷卡结算', { exact: true }).check();
  if (line.stamped) await page.locator('.line-editor input[type="checkbox"]').last().check();
  const amount = page.getByLabel('金额（元）');
  await amount.fill(line.amount);
  await amount.press('Enter');
  await expect(rows).toHaveCount(before + 1);
  await expect(date).toBeFocused();
}

/** The card of one material on the materials step, by its title. */
export function materialCard(page: Page, title: string): Locator {
  return page.locator('.material-card').filter({ has: page.getByRole('heading', { level: 3, name: title, exact: true }) });
}

/** Attach files to a material as a user does: "选择文件", then the file chooser. */
export async function attach(page: Page, title: string, files: FileSpec[]): Promise<void> {
  const card = materialCard(page, title);
  const count = await card.getByTestId('attachment-name').count();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), card.getByRole('button', { name: '选择文件' }).click()]);
  await chooser.setFiles(files.map(payload));
  await expect(card.getByTestId('attachment-name')).toHaveCount(count + files.length);
  await expect(card.getByTestId('material-status')).toHaveText('已提供');
  await settled(page);
}

/** A material given without a file (a social security card number written on the form). */
export async function provideWithoutFile(page: Page, title: string): Promise<void> {
  const card = materialCard(page, title);
  await card.getByRole('button', { name: '已写明卡号（不上传文件）' }).click();
  await expect(card.getByTestId('material-status')).toHaveText('已提供');
  await settled(page);
}

/** The review step says complete; the package step builds it, and the PDF is the case's. */
export async function reviewAndBuild(page: Page, testInfo: TestInfo, prefix: string): Promise<void> {
  await gotoStep(page, '核对');
  await expect(page.getByTestId('verdict')).toHaveText('材料齐全，可以生成材料包。');
  await expect(page.getByRole('heading', { name: '没有待处理的问题' })).toBeVisible();
  await snap(page, testInfo, `${prefix}-06-review`);
  await next(page, '材料包');
  await page.getByRole('button', { name: '生成材料包' }).click();
  const download = page.getByTestId('package-download');
  await expect(download).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('#package-state')).toContainText('已生成');
  await expect(page.locator('.case-screen .badge').first()).toHaveText('已生成材料包');
  await snap(page, testInfo, `${prefix}-07-package`);
}

/** One contract call through the web host, for setting up a test (never for what the test checks). */
export async function api<T = unknown>(page: Page, appUrl: string, name: string, input: unknown): Promise<T> {
  const url = new URL(appUrl);
  const reply = await page.request.post(`${url.origin}/api/${name}`, {
    headers: { Authorization: `Bearer ${url.searchParams.get('token')}` },
    data: input,
  });
  const body = (await reply.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!body.ok) throw new Error(`${name} refused: ${JSON.stringify(body.error)}`);
  return body.value as T;
}

/** The origin of the web host (for #/ addresses after the token is kept by the page). */
export function origin(appUrl: string): string {
  return new URL(appUrl).origin;
}

/** A web host of a test's own (e.g. `--kiosk`), on a fresh data directory; stop() ends it and removes the directory. */
export async function startHost(args: string[]): Promise<{ url: string; dataDir: string; stop: () => Promise<void> }> {
  const { spawn } = await import('node:child_process');
  const os = await import('node:os');
  const root = path.resolve(import.meta.dirname, '..', '..');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimdesk-e2e-host-'));
  const child = spawn(process.execPath, [path.join(root, 'dist', 'electron', 'cli.js'), 'serve', '--port', '0', '--data', dataDir, ...args], {
    cwd: root, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`the web host printed no URL: ${out}`)), 30_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    });
    child.once('exit', (code) => reject(new Error(`the web host exited (${code}): ${out}`)));
  });
  child.removeAllListeners('exit');
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url,
    dataDir,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
