// The walking skeleton, as a desk clerk does it: open the app, create a case, key in three
// invoices without touching the mouse, see the total in figures and 大写, build the claim
// package and get the PDF. Screenshots of every screen are kept in test-results/.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, renderedFonts, snap, test, xiamenIdNumber } from './fixtures.ts';

test('create a case, enter three expense lines by keyboard, build the package', async ({ page, appUrl }, testInfo) => {
  const idNumber = xiamenIdNumber('350203', '19850612', '123');
  const wrongCheck = idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0');

  // The token leaves the address bar as soon as the page has it.
  await page.goto(appUrl);
  await expect(page.getByRole('heading', { level: 1, name: '案件列表' })).toBeVisible();
  expect(page.url()).not.toContain('token=');
  // A reload still works: the page kept the token for this tab.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: '案件列表' })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Chinese is drawn with a CJK font. document.fonts.check() alone proves little: Chromium
  // answers true for a font that is not installed at all (measured: "NoSuchFontXYZ" → true).
  // The proof is which platform font Chromium actually drew the heading's glyphs with.
  const fontCheck = await page.evaluate(async () => {
    await document.fonts.ready;
    return { cjk: document.fonts.check('16px "Noto Sans CJK SC"', '医保'), lang: document.documentElement.lang };
  });
  expect(fontCheck.cjk).toBe(true);
  expect(fontCheck.lang).toBe('zh-CN');
  for (const selector of ['h1', '.brand-name']) {
    const fonts = await renderedFonts(page, selector);
    expect(fonts.length, `fonts used for ${selector}`).toBeGreaterThan(0);
    for (const font of fonts) expect(font.familyName, `font used for ${selector}`).toMatch(/CJK|Noto Sans SC|Source Han|YaHei|PingFang/i);
  }
  await snap(page, testInfo, '01-case-list-empty');

  // New case.
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '新建案件' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '新建案件' })).toBeVisible();
  await expect(page.getByLabel('姓名')).toBeFocused();
  await page.keyboard.type('张伟');
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('居民身份证号码')).toBeFocused();

  // A wrong check digit is caught while typing, in Chinese.
  await page.keyboard.type(wrongCheck);
  await expect(page.getByText('身份证号校验位不正确，请逐位核对')).toBeVisible();
  await expect(page.getByLabel('居民身份证号码')).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(idNumber.slice(17));
  await expect(page.getByText('身份证号校验位不正确，请逐位核对')).toBeHidden();
  await expect(page.getByText(/校验通过：1985年6月12日 出生，男/)).toBeVisible();

  // Creating without a category is refused beside the category.
  await page.getByRole('button', { name: '创建案件' }).click();
  await expect(page.getByText('请选择一个报销类别')).toBeVisible();
  await page.getByRole('radio', { name: '因公出差、探亲、旅游等短期外出' }).check();
  await page.getByRole('radio', { name: '职工基本医疗保险' }).check();
  await expect(page.getByText('请选择一个报销类别')).toBeHidden();
  await snap(page, testInfo, '02-new-case');
  await page.getByRole('button', { name: '创建案件' }).click();

  // The guided case: the claimant and category in the head, the trip's questions first.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('张伟');
  await expect(page).toHaveURL(/#\/case\/[A-Z0-9-]+\/questions$/);
  await expect(page.locator('.case-screen .lead').first()).toHaveText('因公出差、探亲、旅游等短期外出');
  await page.getByRole('navigation', { name: '办理步骤' }).getByRole('link', { name: /^参保人与险种/ }).click();
  await expect(page.getByLabel('居民身份证号码')).toHaveValue(idNumber);
  await expect(page.getByText('校验通过：1985年6月12日 出生，男')).toBeVisible();
  await expect(page.getByRole('radio', { name: '职工基本医疗保险' })).toBeChecked();
  await page.getByRole('navigation', { name: '办理步骤' }).getByRole('link', { name: /^费用明细/ }).click();
  const date = page.getByLabel('就诊日期');
  await expect(date).toBeFocused();

  // Line 1: every field by keyboard, Enter in the last field adds it.
  await page.keyboard.type('2026-11-02');
  await page.keyboard.press('Tab');
  await page.keyboard.type('厦门大学附属第一医院');
  await page.keyboard.press('Tab');
  await page.keyboard.type('35020126');
  await page.keyboard.press('Tab');
  await page.keyboard.type('0000012345');
  await page.keyboard.press('Tab');
  await page.keyboard.type('门诊挂号及检查');
  await page.keyboard.press('Tab'); // kind: 门诊 (the default)
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('金额（元）')).toBeFocused();
  await page.keyboard.type('128.50');
  await page.keyboard.press('Enter');

  const rows = page.getByRole('table', { name: /费用明细/ }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  // Focus is back in the first field of a fresh row, the date kept and selected for overtyping.
  await expect(date).toBeFocused();
  await expect(date).toHaveValue('2026-11-02');
  await expect(page.getByLabel('票据号码')).toHaveValue('');
  await expect(page.getByLabel('金额（元）')).toHaveValue('');

  // Line 2: same hospital (kept), another day, an amount with a thousands separator.
  await page.keyboard.type('2026/11/3');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab'); // institution kept from line 1
  await page.keyboard.type('35020126');
  await page.keyboard.press('Tab');
  await page.keyboard.type('0000012346');
  await page.keyboard.press('Tab');
  await page.keyboard.type('胃镜检查');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('1,280');
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(2);
  await expect(date).toBeFocused();

  // Line 3: another hospital, kind chosen with the arrow key; a third decimal is refused first.
  await page.keyboard.type('20261105');
  await page.keyboard.press('Tab');
  await page.keyboard.type('厦门市中医院');
  await page.keyboard.press('Tab');
  await page.keyboard.type('35020126');
  await page.keyboard.press('Tab');
  await page.keyboard.type('0000012399');
  await page.keyboard.press('Tab');
  await page.keyboard.type('中药饮片');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown'); // 门诊 → 住院
  await expect(page.getByLabel('类别')).toHaveValue('inpatient');
  await page.keyboard.press('Tab');
  await page.keyboard.type('76.255');
  await page.keyboard.press('Enter');
  await expect(page.getByText('金额请按“元”填写，最多两位小数，例如 128.50')).toBeVisible();
  await expect(rows).toHaveCount(2);
  // The amount field has focus with its text selected: type it again.
  await expect(page.getByLabel('金额（元）')).toBeFocused();
  await page.keyboard.type('76.25');
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(3);
  await expect(date).toBeFocused();

  await expect(rows.nth(0)).toContainText('厦门大学附属第一医院');
  await expect(rows.nth(1)).toContainText('1,280.00');
  await expect(rows.nth(1)).toContainText('2026年11月3日');
  await expect(rows.nth(2)).toContainText('住院');
  await expect(rows.nth(2)).toContainText('76.25');

  // The total, in figures and in 大写: 128.50 + 1,280.00 + 76.25 = 1,484.75.
  await expect(page.getByTestId('total-figures')).toHaveText('¥1,484.75');
  await expect(page.getByTestId('total-words')).toHaveText('壹仟肆佰捌拾肆元柒角伍分');
  await expect(page.getByTestId('total-figures')).toBeInViewport();

  // What is still missing, beside the step: materials, each with its rule id.
  const missing = page.getByRole('complementary', { name: /还需处理/ });
  await expect(missing).toContainText('缺少材料：参保人身份证件');
  await expect(missing).toContainText('case.materials');
  await snap(page, testInfo, '03-case-three-lines');

  await page.getByRole('navigation', { name: '办理步骤' }).getByRole('link', { name: /^材料包/ }).click();
  // Build the package; the page gets the PDF and offers it for download under its name.
  await page.getByRole('button', { name: '生成材料包' }).click();
  const download = page.getByTestId('package-download');
  await expect(download).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('iframe.pdf-preview')).toHaveAttribute('src', /^blob:/);
  const fileName = await download.getAttribute('download');
  expect(fileName).toMatch(/\.pdf$/i);

  const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
  expect(file.suggestedFilename()).toBe(fileName);
  const pdfPath = testInfo.outputPath('package.pdf');
  await file.saveAs(pdfPath);
  const bytes = fs.readFileSync(pdfPath);
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  expect(text).toContain('张伟');
  await testInfo.attach('package.pdf', { path: pdfPath, contentType: 'application/pdf' });

  // Give the PDF viewer a moment to draw. A viewport screenshot: the viewer is a frame of
  // its own that a full-page capture leaves blank.
  await page.locator('iframe.pdf-preview').scrollIntoViewIfNeeded();
  await page.waitForTimeout(2000);
  await snap(page, testInfo, '04-package-preview', false);
  await page.getByRole('button', { name: '生成材料包' }).scrollIntoViewIfNeeded();
  await snap(page, testInfo, '04-package-built');

  // Back in the list the case is found by one character of the name.
  await page.getByRole('link', { name: '返回案件列表' }).first().click();
  const search = page.getByLabel('查找案件');
  await expect(search).toBeFocused();
  await page.keyboard.type('伟');
  const caseRows = page.getByRole('table', { name: '案件' }).locator('tbody tr[data-index]');
  await expect(caseRows.first()).toContainText('张伟');
  await expect(caseRows.first()).toContainText('¥1,484.75');
  await snap(page, testInfo, '05-case-list-search');
});

test('edit and remove expense lines from the keyboard', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await page.getByRole('link', { name: '新建案件' }).first().click();
  await page.getByLabel('姓名').fill('林小红');
  await page.getByLabel('居民身份证号码').fill(xiamenIdNumber('350211', '19700101', '022'));
  await page.getByRole('radio', { name: '系统故障未能实时刷卡结算' }).check();
  await page.getByRole('button', { name: '创建案件' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('林小红');
  await page.getByRole('navigation', { name: '办理步骤' }).getByRole('link', { name: /^费用明细/ }).click();

  const rows = page.getByRole('table', { name: /费用明细/ }).locator('tbody tr');
  for (const [day, amount] of [['2026-10-08', '50'], ['2026-10-09', '60.5']] as const) {
    await page.getByLabel('就诊日期').fill(day);
    await page.getByLabel('医疗机构').fill('厦门长庚医院');
    await page.getByLabel('金额（元）').fill(amount);
    await page.getByLabel('金额（元）').press('Enter');
  }
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId('total-figures')).toHaveText('¥110.50');

  // A new line half typed: Escape discards what was typed (as the hint says), nothing is added.
  await page.getByLabel('项目').fill('打错的');
  await page.getByLabel('金额（元）').fill('999');
  await page.keyboard.press('Escape');
  await expect(page.getByLabel('金额（元）')).toHaveValue('');
  await expect(page.getByLabel('项目')).toHaveValue('');
  await expect(page.getByLabel('就诊日期')).toBeFocused();
  await expect(rows).toHaveCount(2);

  // Edit line 2: the entry row takes its values; Escape gives them back untouched.
  await page.getByRole('button', { name: '修改第 2 条' }).click();
  await expect(page.getByRole('heading', { name: '修改第 2 条费用' })).toBeVisible();
  await expect(page.getByLabel('就诊日期')).toBeFocused();
  await expect(page.getByLabel('金额（元）')).toHaveValue('60.50');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('heading', { name: '添加一条费用' })).toBeVisible();

  await page.getByRole('button', { name: '修改第 2 条' }).click();
  await page.getByLabel('项目').fill('复诊');
  await page.getByLabel('金额（元）').fill('66');
  await page.getByLabel('金额（元）').press('Enter');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('复诊');
  await expect(page.getByTestId('total-figures')).toHaveText('¥116.00');
  await expect(page.getByTestId('total-words')).toHaveText('壹佰壹拾陆元整');

  // Remove line 1: asks once, in place; "保留" keeps it.
  await page.getByRole('button', { name: '删除第 1 条' }).click();
  await expect(page.getByRole('button', { name: '确认删除第 1 条' })).toBeFocused();
  await page.getByRole('button', { name: '保留' }).click();
  await expect(rows).toHaveCount(2);
  await page.getByRole('button', { name: '删除第 1 条' }).click();
  await page.keyboard.press('Enter');
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId('total-figures')).toHaveText('¥66.00');
  await expect(page.getByTestId('total-words')).toHaveText('陆拾陆元整');
  await snap(page, testInfo, '06-edit-remove');
});
