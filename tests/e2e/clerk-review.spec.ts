// Defects found by an outside reviewer driving the screens as a hospital billing clerk
// (keyboard only) and an HR officer: each case here failed before its fix.
import fs from 'node:fs';
import { expect, snap, test, xiamenIdNumber } from './fixtures.ts';
import { api, origin } from './walk.ts';
import type { Page } from '@playwright/test';
import type { CaseRecord } from '../../shared/contract.ts';

/** The focused field's text is all selected (typing replaces it). */
async function expectAllSelected(page: Page, label: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  await expect(field).toBeFocused();
  await expect.poll(() => field.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd, el.value.length]))
    .toEqual([0, 10, 10]);
}

test('expenses: the date carried from the last line is selected whenever it gets focus, so typing replaces it', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'transfer', scheme: 'employee', filedOn: '2024-06-20',
    claimant: { name: '陈志明', idNumber: xiamenIdNumber('350203', '19800101', '211') },
  });
  await api(page, appUrl, 'expenses.add', { number: rec.number, line: { date: '2024-03-05', institution: '厦门大学附属第一医院', kind: 'outpatient', amountFen: 12000 } });

  // Opening the step.
  await page.goto(`${origin(appUrl)}/#/case/${rec.number}/expenses`);
  await expect(page.getByLabel('就诊日期')).toHaveValue('2024-03-05');
  await expectAllSelected(page, '就诊日期');
  await page.keyboard.type('20240303');
  await expect(page.getByLabel('就诊日期')).toHaveValue('20240303');
  await snap(page, testInfo, 'expenses-01-date-replaced');

  // After adding a line with the 添加 button.
  await page.getByLabel('金额（元）').fill('50');
  await page.getByRole('button', { name: '添加', exact: true }).click();
  await expect(page.getByRole('table', { name: /费用明细/ }).locator('tbody tr')).toHaveCount(2);
  await expect(page.getByLabel('就诊日期')).toHaveValue('2024-03-03');
  await expectAllSelected(page, '就诊日期');

  // After Esc from another field.
  await page.getByLabel('医疗机构').focus();
  await page.keyboard.press('Escape');
  await expectAllSelected(page, '就诊日期');
  await page.keyboard.type('2024-03-04');
  await expect(page.getByLabel('就诊日期')).toHaveValue('2024-03-04');
});

test('import: a CSV with a blank row numbers its rows as the file does, in the preview, the done screen and the skipped rows\' CSV', async ({ page, appUrl }, testInfo) => {
  const a = xiamenIdNumber('350203', '19800101', '231');
  const b = xiamenIdNumber('350203', '19810202', '242');
  // Row 1 header, rows 2–3, row 4 blank, row 5 the invoice of row 3 again, row 6.
  const csv = ['姓名,身份证号,发票号码,开票日期,医院,金额(元)',
    `张伟,${a},0001,2026-10-08,厦门市中医院,30`,
    `李娜,${b},0002,2026-10-08,厦门市中医院,40`,
    '',
    `李娜,${b},0002,2026-10-09,厦门市中医院,40`,
    `张伟,${a},0003,2026-10-09,厦门市中医院,50`].join('\r\n') + '\r\n';
  await page.goto(appUrl);
  await page.evaluate(() => localStorage.removeItem('claimdesk.locale'));
  await page.goto(`${origin(appUrl)}/#/import`);
  await page.getByLabel('选择 CSV 或 Excel 文件').setInputFiles({ name: '空行.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByText('可导入 3 行')).toBeVisible();
  const sample = page.getByRole('table', { name: /前 4 行预览/ });
  await expect(sample.locator('tbody th[scope="row"]')).toHaveText(['2', '3', '5', '6']);
  await expect(sample.getByRole('row').filter({ has: page.locator('th', { hasText: /^5$/ }) })).toContainText('这张发票在第 3 行已有');
  await expect(page.getByRole('region', { name: '不能导入的行及原因' })).toContainText('第 5 行');
  await snap(page, testInfo, 'import-blank-row-preview');

  await page.getByLabel('新案件的报销类别').selectOption({ label: '系统故障未能实时刷卡结算' });
  await page.getByLabel(/跳过不能导入的 1 行/).check();
  await page.getByRole('button', { name: '导入 3 行' }).click();
  const skipped = page.getByRole('table', { name: '未导入的行及原因' });
  await expect(skipped.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('5');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载未导入的行（CSV）' }).click()]);
  const skippedRow = fs.readFileSync((await download.path())!, 'utf8').split('\r\n')[1]!;
  expect(skippedRow).toMatch(/,5,这张发票在第 3 行已有/);
  await snap(page, testInfo, 'import-blank-row-done');
});
