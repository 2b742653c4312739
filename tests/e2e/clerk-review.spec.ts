// Defects found by an outside reviewer driving the screens as a hospital billing clerk
// (keyboard only) and an HR officer: each case here failed before its fix.
import fs from 'node:fs';
import { expect, snap, test, xiamenIdNumber } from './fixtures.ts';
import { api, materialCard, origin } from './walk.ts';
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
  expect(skippedRow).toMatch(/^5,这张发票在第 3 行已有,李娜,/); // row number and reason first, then every cell as read
  await snap(page, testInfo, 'import-blank-row-done');
});

/** How far (px) the element reaches under the sticky total bar; 0 when it is clear of it. */
async function underTotalBar(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel)!.getBoundingClientRect();
    const bar = document.querySelector('.totalbar')!.getBoundingClientRect();
    return Math.max(0, Math.round(el.bottom - bar.top));
  }, selector);
}

test('expenses at 1280×900: the field being typed into, its error and the buttons are never under the total bar', async ({ page, appUrl }, testInfo) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(appUrl);
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'transfer', scheme: 'employee', filedOn: '2024-06-20',
    claimant: { name: '陈志明', idNumber: xiamenIdNumber('350203', '19800101', '211') },
  });
  for (let i = 1; i <= 6; i++) {
    await api(page, appUrl, 'expenses.add', { number: rec.number, line: { date: `2024-03-0${i}`, institution: '厦门大学附属第一医院', kind: 'outpatient', amountFen: 1000 * i } });
  }
  await page.goto(`${origin(appUrl)}/#/case/${rec.number}/expenses`);
  await expect(page.getByLabel('就诊日期')).toBeFocused();
  /** Scroll so that the element's bottom is `by` px below the bar's top (negative: above it). */
  const placeAtBar = (selector: string, by: number) => page.evaluate(([sel, px]) => {
    const el = document.querySelector(sel as string)!.getBoundingClientRect();
    const bar = document.querySelector('.totalbar')!.getBoundingClientRect();
    window.scrollBy(0, el.bottom - bar.top - (px as number));
  }, [selector, by] as const);

  // Tabbing onto a field the bar half covers.
  await page.locator('#ex-kind').focus();
  await placeAtBar('#ex-amount', 20);
  await page.keyboard.press('Tab');
  await expect(page.locator('#ex-amount')).toBeFocused();
  expect(await underTotalBar(page, '#ex-amount')).toBe(0);

  // The amount's row just above the bar: a refused amount's message shows below it, clear of the bar.
  await placeAtBar('#ex-amount', -4);
  await page.keyboard.type('12.345');
  await page.keyboard.press('Enter');
  await expect(page.locator('#ex-amount-error')).toBeVisible();
  expect(await underTotalBar(page, '#ex-amount-error')).toBe(0);
  await snap(page, testInfo, 'totalbar-01-amount-error', false);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: '添加', exact: true })).toBeFocused();
  expect(await underTotalBar(page, '.line-editor button[type="submit"]')).toBe(0);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('12.34');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: /费用明细/ }).locator('tbody tr')).toHaveCount(7);
  expect(await underTotalBar(page, '#ex-date')).toBe(0);
  // On to 下一步 by Tab.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.getByTestId('next-step').evaluate((el) => el === document.activeElement)) break;
  }
  await expect(page.getByTestId('next-step')).toBeFocused();
  expect(await underTotalBar(page, '[data-testid="next-step"]')).toBe(0);
  await snap(page, testInfo, 'totalbar-02-next-step', false);
});

test('expenses: full-width digits from a Chinese input method are taken; a refused amount says what is wrong; 元 after the amount is accepted', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'transfer', scheme: 'employee', filedOn: '2024-06-20',
    claimant: { name: '陈志明', idNumber: xiamenIdNumber('350203', '19800101', '211') },
  });
  await page.goto(`${origin(appUrl)}/#/case/${rec.number}/expenses`);
  const amount = page.getByLabel('金额（元）');
  const error = page.locator('#ex-amount-error');
  await page.getByLabel('就诊日期').fill('２０２４－０３－１０');
  await page.getByLabel('医疗机构').fill('厦门大学附属第一医院');
  for (const [typed, message] of [
    ['-5', '金额不能是负数'],
    ['1 000', '金额中间有空格'],
    ['abc', '金额不是数字'],
    ['12.345', '最多两位小数'],
  ] as const) {
    await amount.fill(typed);
    await amount.press('Enter');
    await expect(error).toContainText(message);
  }
  await snap(page, testInfo, 'fullwidth-01-refused', false);
  await amount.fill('１２３．５');
  await amount.press('Enter');
  const rows = page.getByRole('table', { name: /费用明细/ }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('2024年3月10日');
  await expect(rows.first()).toContainText('123.50');
  await page.getByLabel('金额（元）').fill('12,345.67元');
  await page.getByLabel('金额（元）').press('Enter');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('total-figures')).toHaveText('¥12,469.17');
  await snap(page, testInfo, 'fullwidth-02-added', false);
});

test('materials and package: focus stays on the card after 确认免提供 / 撤销免提供, and moves to printing after 查看上次的材料包', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'noCard', scheme: 'employee', filedOn: '2026-11-20',
    claimant: { name: '高志远', idNumber: xiamenIdNumber('350211', '19830506', '171') },
  });
  await page.goto(`${origin(appUrl)}/#/case/${rec.number}/materials`);
  const list = materialCard(page, '费用汇总清单');
  await list.getByRole('button', { name: '免提供…' }).focus();
  await page.keyboard.press('Enter');
  await expect(list.getByLabel('免提供的理由（经办人填写）')).toBeFocused();
  await page.keyboard.type('医院已通过系统直接报送费用清单');
  await page.keyboard.press('Tab');
  await expect(list.getByRole('button', { name: '确认免提供' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(list.getByTestId('material-status')).toHaveText('免提供');
  await expect(list.getByRole('button', { name: '撤销免提供' })).toBeFocused();
  await snap(page, testInfo, 'focus-01-waived', false);
  await page.keyboard.press('Enter');
  await expect(list.getByTestId('material-status')).toHaveText('缺少');
  await expect(list.getByRole('button', { name: '免提供…' })).toBeFocused();
  // Cancelling the waiver goes back to the button that opened it.
  await page.keyboard.press('Enter');
  await list.getByRole('button', { name: '取消' }).focus();
  await page.keyboard.press('Enter');
  await expect(list.getByRole('button', { name: '免提供…' })).toBeFocused();

  // The last package, opened from the package step.
  await api(page, appUrl, 'packages.build', { number: rec.number });
  await page.goto(`${origin(appUrl)}/#/case/${rec.number}/package`);
  await page.reload(); // the case as the core has it now, with its package
  await page.getByRole('button', { name: '查看上次的材料包' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: '打印材料包' })).toBeFocused();
  await snap(page, testInfo, 'focus-02-package-viewer', false);
  // Closing the viewer: back to the button that opens it.
  await page.getByRole('button', { name: '关闭预览' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: '查看上次的材料包' })).toBeFocused();
});

test('case guide: 去处理 on a line\'s stamp finding focuses that line\'s stamp checkbox, not the new line\'s date', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'outage', scheme: 'employee', filedOn: '2026-11-20',
    claimant: { name: '林美华', idNumber: xiamenIdNumber('350206', '19750315', '251') },
  });
  for (const [i, stamped] of [[1, true], [2, true], [3, false]] as const) {
    await api(page, appUrl, 'expenses.add', { number: rec.number, line: { date: `2026-10-0${i}`, institution: '厦门市中医院', kind: 'outpatient', amountFen: 1000 * i, invoiceCode: '35010126', invoiceNo: `000771000${i}`, ...(stamped ? { stampedByChargingOffice: true } : {}) } });
  }
  for (const from of ['review', 'expenses']) {
    await page.goto(`${origin(appUrl)}/#/case/${rec.number}/${from}`);
    await page.reload();
    const finding = page.locator('.missing-panel .finding', { hasText: '请确认该发票已经医疗机构收费处签注并盖章' });
    await expect(finding).toHaveCount(1);
    await finding.getByRole('button', { name: '去处理' }).click();
    await expect(page).toHaveURL(/\/expenses$/);
    const stamp = page.getByRole('checkbox', { name: /第 3 条/ });
    await expect(stamp, `from ${from}`).toBeFocused();
    // Space ticks it; the new line's date is left as it was.
    await page.keyboard.press('Space');
    await expect(stamp).toBeChecked();
    await expect(page.getByLabel('就诊日期')).toHaveValue('2026-10-03');
    await snap(page, testInfo, `stamp-jump-from-${from}`, false);
    // Leaving the step and coming back starts on the new line again, not on the jump's line.
    const stepsNav = page.getByRole('navigation', { name: '办理步骤' });
    await stepsNav.getByRole('link', { name: /^核对/ }).click();
    await stepsNav.getByRole('link', { name: /^费用明细/ }).click();
    await expect(page.getByLabel('就诊日期')).toBeFocused();
    await api(page, appUrl, 'expenses.update', { number: rec.number, lineId: (await api<CaseRecord>(page, appUrl, 'cases.get', { number: rec.number })).case.expenses[2]!.id, line: { date: '2026-10-03', institution: '厦门市中医院', kind: 'outpatient', amountFen: 3000, invoiceCode: '35010126', invoiceNo: '0007710003' } });
  }
});
