// Switching the language in the middle of typing changes every word on the screen and
// keeps everything typed: on the new-case form and in the expense entry row.
import { expect, snap, test, xiamenIdNumber } from './fixtures.ts';

test('switching to English mid-entry keeps what was typed', async ({ page, appUrl }, testInfo) => {
  const idNumber = xiamenIdNumber('350206', '19920229', '048');

  await page.goto(appUrl);
  await page.evaluate(() => localStorage.removeItem('claimdesk.locale'));
  await page.goto(`${new URL(appUrl).origin}/#/new`);
  await expect(page.getByRole('heading', { level: 1, name: '新建案件' })).toBeVisible();

  // Half a form in Chinese…
  await page.getByLabel('姓名').click();
  await page.keyboard.type('欧阳娜娜');
  await page.getByLabel('居民身份证号码').click();
  await page.keyboard.type(idNumber.slice(0, 10));
  await page.getByRole('radio', { name: '异地分娩' }).check();
  await page.getByLabel('申报日期').fill('2026-11-20');
  // Leaving the ID number unfinished says so, in place of the hint.
  await expect(page.getByText('身份证号应为 18 位：17 位数字加 1 位数字或 X')).toBeVisible();

  // …then English.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('heading', { level: 1, name: 'New case' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('欧阳娜娜');
  await expect(page.getByLabel('Resident ID number')).toHaveValue(idNumber.slice(0, 10));
  await expect(page.getByRole('radio', { name: 'Delivery elsewhere' })).toBeChecked();
  await expect(page.getByLabel('Filing date')).toHaveValue('2026-11-20');
  await expect(page.getByText('An ID number has 18 characters: 17 digits and a digit or X')).toBeVisible();

  // Typing goes on where it stopped; the live check speaks English now.
  await page.getByLabel('Resident ID number').click();
  await page.keyboard.press('End');
  await page.keyboard.type(idNumber.slice(10, 17) + (idNumber[17] === '1' ? '2' : '1'));
  await expect(page.getByText('The check digit is wrong; please compare the number digit by digit')).toBeVisible();
  await page.keyboard.press('Backspace');
  await page.keyboard.type(idNumber.slice(17));
  await expect(page.getByText(/Valid: born Feb 29, 1992, female/)).toBeVisible();
  await snap(page, testInfo, 'i18n-01-new-case-en');
  await page.getByRole('button', { name: 'Create case' }).click();

  // The case screen in English; a line half typed survives two switches.
  await expect(page.getByRole('heading', { level: 1 })).toContainText('欧阳娜娜');
  await expect(page.getByRole('heading', { level: 2, name: 'Payment history' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Steps' }).getByRole('link', { name: /^Expenses/ }).click();
  await expect(page.getByRole('heading', { name: 'Expense lines' })).toBeVisible();
  await expect(page.getByLabel('Date', { exact: true })).toBeFocused();
  await page.keyboard.type('2026-11-18');
  await page.keyboard.press('Tab');
  await page.keyboard.type('厦门市妇幼保健院');
  await page.keyboard.press('Tab');
  await page.keyboard.type('35020126');

  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByRole('heading', { name: '费用明细' })).toBeVisible();
  await expect(page.getByLabel('医疗机构')).toHaveValue('厦门市妇幼保健院');
  await expect(page.getByLabel('票据代码')).toHaveValue('35020126');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByLabel('Date', { exact: true })).toHaveValue('2026-11-18');
  await expect(page.getByLabel('Institution')).toHaveValue('厦门市妇幼保健院');
  await expect(page.getByLabel('Invoice code')).toHaveValue('35020126');

  await page.getByLabel('Amount (元)').click();
  await page.keyboard.type('3200');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: /Expense lines/ }).locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('total-figures')).toHaveText(/3,200\.00/);
  await expect(page.getByTestId('total-words')).toHaveText('叁仟贰佰元整');
  await expect(page.getByRole('complementary', { name: /Still to do/ })).toContainText("Missing material: Claimant's identity document");
  await snap(page, testInfo, 'i18n-02-case-en');
});
