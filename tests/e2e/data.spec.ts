// The data screen (issue 7) through the UI: reached from the navigation by keyboard → a
// backup made now is listed (restore asks first and says the current data is saved; here it
// is cancelled: other tests share the data directory) → the retention setting → a bundle of
// one case is exported and downloaded → imported back: the case is already here, so the
// screen asks; "skip" imports nothing, "keep both" adds a second case of that claimant → the
// audit trail of both cases. Kiosk mode never shows the screen. A real restore runs on a web
// host with a data directory of its own.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, renderedFonts, snap, test, openInChinese, xiamenIdNumber } from './fixtures.ts';
import { api, makePdf, origin, payload, startHost } from './walk.ts';
import type { CaseRecord, Page as ResultPage, CaseSummary } from '../../shared/contract.ts';

test('data screen: back up, export a bundle, import it back (skip, then keep both), audit trail', async ({ page, appUrl }, testInfo) => {
  await openInChinese(page, appUrl);

  const suffix = String(Date.now() % 1000).padStart(3, '0');
  const claimant = `数据包测试${suffix}`;
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'noCard', scheme: 'employee', filedOn: '2026-11-20',
    claimant: { name: claimant, idNumber: xiamenIdNumber('350206', '19880808', suffix) },
  });
  const number = rec.number;
  const casesOf = async () => (await api<ResultPage<CaseSummary>>(page, appUrl, 'cases.search', { query: claimant, limit: 10 })).items;

  // Reached from the navigation, by keyboard.
  const nav = page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '数据管理' });
  await nav.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: '数据管理' })).toBeVisible();
  await expect(nav).toHaveAttribute('aria-current', 'page');

  // 1. Back up now: the new backup is in the list.
  const backups = page.getByTestId('backups-panel');
  await backups.getByRole('button', { name: '立即备份' }).click();
  const made = backups.getByRole('status').filter({ hasText: '已备份：' });
  await expect(made).toBeVisible({ timeout: 30_000 });
  const name = /claimdesk-manual-\d{8}-\d{6}(-\d+)?\.zip/.exec((await made.textContent()) ?? '')?.[0];
  expect(name).toBeTruthy();
  await expect(page.getByTestId('backups-table').getByRole('cell', { name: name!, exact: true })).toBeVisible();

  // Restore asks first, and says the current data is saved before; cancelled here.
  const restore = page.getByRole('button', { name: `恢复备份 ${name!}` });
  await restore.click();
  const confirm = page.getByRole('alertdialog', { name: `恢复备份 ${name!}？` });
  await expect(confirm).toContainText('当前数据会先自动保存为一个新的备份');
  await expect(confirm.getByRole('button', { name: '确认恢复' })).toBeFocused();
  await confirm.getByRole('button', { name: '取消' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(restore).toBeFocused();

  // The retention setting: a wrong value is refused with a message, a good one saved.
  const keep = page.getByLabel('保留最近的备份份数');
  await keep.fill('0');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByText('请输入 1 到 3650 之间的整数')).toBeVisible();
  await expect(keep).toHaveAttribute('aria-invalid', 'true');
  await keep.fill('60');
  await page.getByRole('button', { name: '保存设置' }).click();
  await expect(page.getByText('已保存：保留 60 份。')).toBeVisible();
  expect((await api<{ keep: number }>(page, appUrl, 'backups.list', {})).keep).toBe(60);

  // 2. Export a bundle of the case (typed) and download it.
  await page.getByLabel('案件编号（每行一个，或用逗号、空格分隔）').fill(number.toLowerCase());
  await page.getByRole('button', { name: '导出', exact: true }).click();
  const link = page.getByTestId('bundle-download');
  await expect(link).toHaveText(`下载 ${number}.zip`);
  await expect(link).toBeFocused();
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe(`${number}.zip`);
  const bundle = testInfo.outputPath(`${number}.zip`);
  await download.saveAs(bundle);
  expect(fs.readFileSync(bundle).subarray(0, 2).toString()).toBe('PK');

  // 3. Import it back: the case is already here, so the screen asks and nothing is imported yet.
  const fileInput = page.getByLabel('选择案件包文件（.zip）');
  await fileInput.setInputFiles(bundle);
  const decide = page.getByRole('form', { name: '有 1 个案件已经在本机中' });
  await expect(decide).toBeVisible();
  await expect(decide).toContainText(`${claimant}：包中 ${number}，本机 ${number}`);
  // No choice yet: asked again, nothing sent.
  await decide.getByRole('button', { name: '继续导入' }).click();
  await expect(decide.getByRole('alert')).toHaveText('请为每个案件选择处理方式');
  expect(await casesOf()).toHaveLength(1);
  await snap(page, testInfo, 'data-01-duplicates');

  await decide.getByRole('radio', { name: '跳过，不导入' }).check();
  await decide.getByRole('button', { name: '继续导入' }).click();
  await expect(page.getByText('导入完成：导入 0 个，跳过 1 个。')).toBeVisible();
  await expect(page.getByTestId('bundle-result')).toContainText(`已跳过 ${number}（本机 ${number}）`);
  expect(await casesOf()).toHaveLength(1);

  // Again, keeping both: a second case of the claimant.
  await fileInput.setInputFiles(bundle);
  await expect(decide).toBeVisible();
  await decide.getByRole('radio', { name: '两个都保留（导入为新案件）' }).check();
  await decide.getByRole('button', { name: '继续导入' }).click();
  await expect(page.getByText('导入完成：导入 1 个，跳过 0 个。')).toBeVisible();
  const cases = await casesOf();
  expect(cases).toHaveLength(2);
  const copy = cases.find((c) => c.number !== number)!.number;
  await expect(page.getByTestId('bundle-result').getByRole('link', { name: copy })).toBeVisible();
  await expect(page.getByTestId('bundle-result')).toContainText('两个都保留');

  // A file that is not a bundle: said in Chinese, nothing imported.
  await fileInput.setInputFiles({ name: '不是案件包.zip', mimeType: 'application/zip', buffer: Buffer.from('这不是 zip 文件') });
  await expect(page.getByText('“不是案件包.zip”不是案件包：文件不是 zip，或已损坏、不完整。没有导入任何案件。')).toBeVisible();
  expect(await casesOf()).toHaveLength(2);

  // 4. The audit trail of each case.
  const auditNumber = page.getByLabel('案件编号', { exact: true });
  await auditNumber.fill(number);
  await auditNumber.press('Enter');
  const table = page.getByTestId('audit-table');
  await expect(table.getByRole('cell', { name: /新建案件/ })).toBeVisible();
  await expect(table.locator('caption')).toContainText(`${number} 的修改记录`);
  await auditNumber.fill(copy);
  await page.getByRole('button', { name: '查看记录' }).click();
  await expect(table.getByRole('cell', { name: /从案件包导入/ })).toBeVisible();
  await expect(table.locator('caption')).toContainText(`${copy} 的修改记录`);

  // Chinese is drawn in a CJK font; the screen passes axe.
  const fonts = await renderedFonts(page, '#data-title');
  expect(fonts.some((f) => /CJK|Noto Sans SC|WenQuanYi|Droid/i.test(f.familyName) && f.glyphCount > 0), JSON.stringify(fonts)).toBe(true);
  const axe = await new AxeBuilder({ page }).include('main').analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  await snap(page, testInfo, 'data-02-done');

  // The case screen links to its audit trail (#/data/audit/<number>).
  await page.goto(`${origin(appUrl)}/#/case/${copy}`);
  await page.getByTestId('case-audit-link').click();
  await expect(page).toHaveURL(new RegExp(`#/data/audit/${copy}$`));
  await expect(page.getByLabel('案件编号', { exact: true })).toHaveValue(copy);
  await expect(page.getByTestId('audit-table').getByRole('cell', { name: /从案件包导入/ })).toBeVisible();
});

test('kiosk mode has no data screen', async ({ page }) => {
  const host = await startHost(['--kiosk', '--idle', '600']);
  try {
    await page.goto(host.url);
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
    await page.goto(`${origin(host.url)}/#/data`);
    await page.reload();
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
    await expect(page.getByRole('heading', { name: '数据管理' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: '数据管理' })).toHaveCount(0);
  } finally {
    await host.stop();
  }
});

test('restore through the screen, on a data directory of its own: the backup\'s cases come back, later ones go, and what was there is saved first', async ({ page }, testInfo) => {
  const host = await startHost([]);
  try {
    await openInChinese(page, host.url);
    const create = (name: string, birth: string, seq: string) => api<CaseRecord>(page, host.url, 'cases.create', {
      category: 'noCard', scheme: 'employee', filedOn: '2026-11-20',
      claimant: { name, idNumber: xiamenIdNumber('350203', birth, seq) },
    });
    const kept = await create('恢复前已有', '19790304', '215');
    await page.goto(`${origin(host.url)}/#/data`);
    const backups = page.getByTestId('backups-panel');
    await backups.getByRole('button', { name: '立即备份' }).click();
    const made = backups.getByRole('status').filter({ hasText: '已备份：' });
    await expect(made).toBeVisible({ timeout: 30_000 });
    const name = /claimdesk-manual-\d{8}-\d{6}(-\d+)?\.zip/.exec((await made.textContent()) ?? '')![0];
    // A case made after the backup: the restore takes it away (it stays in the saved copy).
    const later = await create('备份后新建', '19850607', '336');
    const numbers = async () => (await api<ResultPage<CaseSummary>>(page, host.url, 'cases.list', { limit: 50 })).items.map((c) => c.number);
    expect(await numbers()).toEqual(expect.arrayContaining([kept.number, later.number]));

    await page.getByRole('button', { name: `恢复备份 ${name}` }).click();
    const confirm = page.getByRole('alertdialog', { name: `恢复备份 ${name}？` });
    await confirm.getByRole('button', { name: '确认恢复' }).click();
    const done = backups.getByRole('status').filter({ hasText: `已恢复 ${name}：1 个案件。` });
    await expect(done).toBeVisible({ timeout: 30_000 });
    await expect(done).toContainText('恢复前的数据已保存为 claimdesk-prerestore-');
    await snap(page, testInfo, 'data-restored');
    // The list of backups shows the copy saved before the restore.
    await expect(page.getByTestId('backups-table').getByRole('cell', { name: '恢复前自动保存' })).toBeVisible();

    // The data is the backup's: the earlier case is there, the later one is not.
    expect(await numbers()).toEqual([kept.number]);
    await page.goto(`${origin(host.url)}/#/`);
    await expect(page.getByRole('row').filter({ hasText: '恢复前已有' })).toHaveCount(1);
    await expect(page.getByRole('row').filter({ hasText: '备份后新建' })).toHaveCount(0);
  } finally {
    await host.stop();
  }
});

test('export with a stored scan gone from the data folder: a Chinese sentence naming the case, material and file, and what to do', async ({ page }, testInfo) => {
  const host = await startHost([]);
  try {
    await openInChinese(page, host.url);
    const rec = await api<CaseRecord>(page, host.url, 'cases.create', {
      category: 'noCard', scheme: 'employee', filedOn: '2026-11-20',
      claimant: { name: '存储丢失', idNumber: xiamenIdNumber('350203', '19800101', '517') },
    });
    const b64 = (f: Buffer) => f.toString('base64');
    await api(page, host.url, 'attachments.add', { number: rec.number, materialId: 'identity-document', fileName: '身份证.jpg', base64: b64(payload('id-card-zhangli.jpg').buffer) });
    await api(page, host.url, 'attachments.add', { number: rec.number, materialId: 'expense-list', fileName: '费用清单.pdf', base64: b64(makePdf(1)) });
    // The identity card's stored copy is deleted by hand (a restore without it, a disk problem).
    const sha = crypto.createHash('sha256').update(payload('id-card-zhangli.jpg').buffer).digest('hex');
    const stored = path.join(host.dataDir, 'attachments', sha.slice(0, 2), sha);
    fs.rmSync(stored);

    await page.goto(`${origin(host.url)}/#/data`);
    await page.getByLabel('案件编号（每行一个，或用逗号、空格分隔）').fill(rec.number);
    await page.getByRole('button', { name: '导出', exact: true }).click();
    const alert = page.getByRole('alert').filter({ hasText: '导出失败' });
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert).toHaveText(`导出失败，没有生成案件包：以下附件保存在数据文件夹中的副本已丢失或无法读取——${rec.number} 参保人身份证件：身份证.jpg。请在这些案件中删除相应附件，重新添加原文件后再导出；管理员可运行 claimdesk verify 检查全部数据。`);
    await expect(page.getByTestId('bundle-download')).toHaveCount(0);
    await snap(page, testInfo, 'data-export-missing-scan');
  } finally {
    await host.stop();
  }
});
