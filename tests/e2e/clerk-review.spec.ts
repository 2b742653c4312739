// Defects found by an outside reviewer driving the screens as a hospital billing clerk
// (keyboard only) and an HR officer: each case here failed before its fix.
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
