// The case list pages through search results; a refusal from the core that names a field is
// shown beside that field (the refusals are staged with page.route so that each is certain).
import { expect, snap, test, xiamenIdNumber } from './fixtures.ts';

test('search results come in pages of 20', async ({ page, appUrl, request }, testInfo) => {
  const url = new URL(appUrl);
  const token = url.searchParams.get('token')!;
  for (let i = 0; i < 21; i++) {
    const reply = await request.post(`${url.origin}/api/cases.create`, {
      headers: { Authorization: `Bearer ${token}` },
      data: {
        category: 'outage',
        claimant: { name: `翻页${String(i + 1).padStart(2, '0')}`, idNumber: xiamenIdNumber('350212', '19800101', String(100 + i)) },
      },
    });
    expect(reply.ok(), await reply.text()).toBe(true);
  }

  await page.goto(appUrl);
  await page.getByLabel('查找案件').fill('翻页');
  const rows = page.getByRole('table', { name: '案件' }).locator('tbody tr');
  const pager = page.getByRole('navigation', { name: '分页' });
  await expect(pager).toContainText('第 1–20 件，共 21 件');
  await expect(rows).toHaveCount(20);
  await expect(pager.getByRole('button', { name: '上一页' })).toBeDisabled();
  await snap(page, testInfo, 'list-page-1');

  await pager.getByRole('button', { name: '下一页' }).click();
  await expect(pager).toContainText('第 21–21 件，共 21 件');
  await expect(rows).toHaveCount(1);
  await expect(pager.getByRole('button', { name: '下一页' })).toBeDisabled();

  // A new query starts again at the first page; a query that finds nothing says so.
  await page.getByLabel('查找案件').fill('翻页2');
  await expect(pager).toContainText('第 1–2 件，共 2 件');
  await page.getByLabel('查找案件').fill('无此人');
  await expect(page.getByText('没有找到与“无此人”相符的案件。')).toBeVisible();
});

test('a refusal that names a field is shown beside it', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  await page.getByRole('link', { name: '新建案件' }).first().click();
  await page.getByLabel('姓名').fill('陈静');
  await page.getByLabel('居民身份证号码').fill(xiamenIdNumber('350213', '19881120', '066'));
  await page.getByRole('radio', { name: '急诊抢救未持社保卡' }).check();

  await page.route('**/api/cases.create', (route) => route.fulfill({
    status: 409,
    json: { ok: false, error: { code: 'conflict', message: 'claimant.idNumber: already in case CD-20260101-0001', field: 'claimant.idNumber' } },
  }));
  await page.getByRole('button', { name: '创建案件' }).click();
  const idField = page.getByLabel('居民身份证号码');
  await expect(idField).toHaveAttribute('aria-invalid', 'true');
  await expect(idField).toBeFocused();
  await expect(page.locator('#nc-idNumber-error')).toHaveText('无法保存：already in case CD-20260101-0001');
  await expect(idField).toHaveAccessibleDescription('无法保存：already in case CD-20260101-0001');

  // Editing the field clears the refusal; the real core then accepts the case.
  await page.unroute('**/api/cases.create');
  await idField.press('End');
  await idField.press('Backspace');
  await idField.pressSequentially(xiamenIdNumber('350213', '19881120', '066').slice(17));
  await expect(page.locator('#nc-idNumber-error')).toHaveCount(0);
  await page.getByRole('button', { name: '创建案件' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('陈静');

  // An expense line refused for its invoice number: the message sits under that field.
  await page.route('**/api/expenses.add', (route) => route.fulfill({
    status: 409,
    json: { ok: false, error: { code: 'conflict', message: 'line.invoiceNo: the invoice 35020126/0000000077 is already in case CD-20260101-0001', field: 'line.invoiceNo' } },
  }));
  await page.getByLabel('就诊日期').fill('2026-11-01');
  await page.getByLabel('医疗机构').fill('厦门市第三医院');
  await page.getByLabel('票据代码').fill('35020126');
  await page.getByLabel('票据号码').fill('0000000077');
  await page.getByLabel('金额（元）').fill('45');
  await page.getByLabel('金额（元）').press('Enter');
  await expect(page.getByLabel('票据号码')).toBeFocused();
  await expect(page.locator('#ex-invoiceNo-error')).toContainText('already in case CD-20260101-0001');
  await expect(page.getByRole('table', { name: /费用明细/ }).locator('tbody tr')).toHaveCount(0);
  // What was typed is still there to correct.
  await expect(page.getByLabel('金额（元）')).toHaveValue('45');
});
