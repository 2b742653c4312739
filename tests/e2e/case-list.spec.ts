// The case list from the keyboard, the mouse and a touch screen, and at the window sizes the desks
// use (1024×768 terminals, a 768-wide portrait tablet). The core is replaced by a fixed list of
// cases (page.route), so that each row's place is certain while other tests add cases.
import type { Page } from '@playwright/test';
import { expect, snap, test } from './fixtures.ts';

const CATEGORIES = ['transfer', 'enrolChange', 'trip', 'newborn', 'outage'] as const;
const LONG_NAME = '阿卜杜热合曼·买买提艾力江·艾合买提';

/** Numbers of a day no other test makes cases on: opening one never finds a real case of the shared host (which would move on to its questions). */
function caseNumber(n: number): string {
  return `CD-19990101-${String(n).padStart(4, '0')}`;
}

/** Serve `total` cases to cases.list: row i is case number i + 1; row 1 has a long name. */
async function fakeList(page: Page, total: number): Promise<void> {
  await page.route('**/api/cases.list', async (route) => {
    const { offset, limit } = JSON.parse(route.request().postData() ?? '{}') as { offset: number; limit: number };
    const items = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, k) => {
      const i = offset + k;
      return {
        number: caseNumber(i + 1), claimant: i === 1 ? LONG_NAME : `列表${i + 1}`, idNumber: null,
        category: CATEGORIES[i % CATEGORIES.length], status: i % 2 ? 'packaged' : 'draft', totalFen: 1_509_680 + i,
        lines: 3, updatedAt: '2026-11-28T09:11:00.000Z',
      };
    });
    await route.fulfill({ json: { ok: true, value: { total, items } } });
  });
}

function rowLink(page: Page, index: number) {
  return page.locator(`#case-table tbody tr[data-index="${index}"] a`);
}

test('the focused row stays focused when it scrolls out of view: the wheel, End and Home', async ({ page, appUrl }, testInfo) => {
  await fakeList(page, 500);
  await page.goto(appUrl);
  await expect(page.getByTestId('list-total')).toHaveText('共 500 件');
  await page.getByLabel('查找案件').press('ArrowDown');
  await expect(rowLink(page, 0)).toBeFocused();

  // The wheel takes row 0 far out of view: it keeps focus, and ↓ goes on to row 1.
  const list = page.locator('.vlist');
  const box = (await list.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 3000);
  await expect.poll(() => list.evaluate((el) => el.scrollTop)).toBeGreaterThan(2000);
  await expect(rowLink(page, 0)).toBeFocused();
  expect(await page.locator('#case-table tbody tr[data-index]').count()).toBeLessThan(40); // still virtual
  await page.keyboard.press('ArrowDown');
  await expect(rowLink(page, 1)).toBeFocused();
  await expect(rowLink(page, 1)).toBeInViewport();

  // End and Home on a row (no Ctrl): the last and the first case, focused and in view.
  await page.keyboard.press('End');
  await expect(rowLink(page, 499)).toBeFocused();
  await expect(rowLink(page, 499)).toBeInViewport();
  await page.keyboard.press('ArrowUp');
  await expect(rowLink(page, 498)).toBeFocused();
  await page.keyboard.press('Home');
  await expect(rowLink(page, 0)).toBeFocused();
  await expect(rowLink(page, 0)).toBeInViewport();
  await snap(page, testInfo, 'list-home-after-wheel', false);
});

test('back from a case opened with Enter: focus is on that case again, and ↓ goes on to the next one', async ({ page, appUrl }, testInfo) => {
  await fakeList(page, 200);
  await page.goto(appUrl);
  await expect(page.getByTestId('list-total')).toHaveText('共 200 件');
  await page.getByLabel('查找案件').press('ArrowDown');
  for (let i = 0; i < 25; i++) await page.keyboard.press('ArrowDown');
  await expect(rowLink(page, 25)).toBeFocused();
  const scrolled = await page.locator('.vlist').evaluate((el) => el.scrollTop);
  expect(scrolled).toBeGreaterThan(0);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/case/${caseNumber(26)}$`));
  await page.goBack();
  await expect(rowLink(page, 25)).toBeFocused();
  await expect(rowLink(page, 25)).toHaveText(caseNumber(26));
  await expect(rowLink(page, 25)).toBeInViewport();
  expect(await page.locator('.vlist').evaluate((el) => el.scrollTop)).toBe(scrolled);
  await page.keyboard.press('ArrowDown');
  await expect(rowLink(page, 26)).toBeFocused();
  await snap(page, testInfo, 'list-back-next-case', false);

  // Another way into the list (the menu) after that starts in the search box as before.
  await page.getByRole('link', { name: '新建案件' }).first().click();
  await page.getByRole('link', { name: '案件列表' }).first().click();
  await expect(page.getByLabel('查找案件')).toBeFocused();
});

test('a click or a tap anywhere in a row opens its case; selecting a name to copy does not', async ({ browser, appUrl }, testInfo) => {
  const context = await browser.newContext({ hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await fakeList(page, 30);
  await page.goto(appUrl);
  await expect(page.getByTestId('list-total')).toHaveText('共 30 件');
  const row = (i: number) => page.locator(`#case-table tbody tr[data-index="${i}"]`);
  // One interactive element per row: the case-number link, the row's keyboard stop.
  await expect(row(0).locator('a, button, [tabindex]')).toHaveCount(1);

  // Mouse: a click on the name.
  await row(0).locator('td').nth(1).click();
  await expect(page).toHaveURL(new RegExp(`#/case/${caseNumber(1)}$`));
  await page.goBack();
  await expect(row(2)).toBeVisible();

  // Touch: a tap on the amount, at the row's edge, away from the link's 16 px line.
  const cell = (await row(2).locator('td').nth(4).boundingBox())!;
  await page.touchscreen.tap(cell.x + cell.width / 2, cell.y + 4);
  await expect(page).toHaveURL(new RegExp(`#/case/${caseNumber(3)}$`));
  await page.goBack();
  await expect(row(3)).toBeVisible();

  // Selecting the name with a drag (to copy it) stays on the list.
  const name = (await row(3).locator('td').nth(1).boundingBox())!;
  const before = page.url();
  await page.mouse.move(name.x + 4, name.y + name.height / 2);
  await page.mouse.down();
  await page.mouse.move(name.x + name.width - 4, name.y + name.height / 2, { steps: 5 });
  await page.mouse.up();
  expect(await page.evaluate(() => window.getSelection()?.toString())).toContain('列表4');
  await page.waitForTimeout(300);
  expect(page.url()).toBe(before);
  await snap(page, testInfo, 'list-row-select', false);
  await context.close();
});

/** Every header and cell of the rendered rows that is cut sideways (its text wider than its box). */
async function cutSideways(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cells = [...document.querySelectorAll<HTMLElement>('#case-table thead th, #case-table tbody tr[data-index] td')];
    return cells.filter((c) => c.checkVisibility({ visibilityProperty: true }) && c.scrollWidth > c.clientWidth + 1).map((c) => `${c.tagName} ${c.textContent}`);
  });
}

for (const size of [{ width: 1024, height: 768 }, { width: 768, height: 1024 }]) {
  test(`at ${size.width}×${size.height} every column can be read, and a cut name or category has its full text`, async ({ page, appUrl }, testInfo) => {
    await page.setViewportSize(size);
    await fakeList(page, 60);
    await page.goto(appUrl);
    await expect(page.getByTestId('list-total')).toHaveText('共 60 件');
    const table = page.locator('#case-table');
    const list = page.locator('.vlist');
    // Nothing runs off the right edge (no sideways scroll in the list), nothing is cut sideways.
    expect(await list.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);
    expect(await cutSideways(page)).toEqual([]);
    const headers = table.locator('thead th').filter({ visible: true });
    const shown = (await headers.allInnerTexts()).join(' ').replace(/\s+/g, '');
    for (const header of ['案件编号', '参保人', '报销类别', '状态', '合计金额', '费用条数', '更新时间']) expect(shown).toContain(header);
    for (const th of await headers.all()) await expect(th).toBeInViewport({ ratio: 1 });
    // The category is shown on each row, wide enough to read (not one character and "…").
    const long = table.locator('tbody tr[data-index="1"]');
    const category = long.getByText('参保状态变更、参保单位变更、地税数据延迟').filter({ visible: true });
    await expect(category).toHaveCount(1);
    expect((await category.boundingBox())!.width).toBeGreaterThan(90);
    await expect(table.locator('tbody tr[data-index="0"]').getByText('转诊转院', { exact: true }).filter({ visible: true })).toBeInViewport({ ratio: 1 });
    // A long name: the whole of it on hover (title) and for screen readers (the cell's name).
    await expect(long.locator('td').nth(1)).toHaveAttribute('title', LONG_NAME);
    await expect(long.getByRole('cell', { name: LONG_NAME })).toHaveCount(1);
    expect(await category.evaluate((el) => el.closest<HTMLElement>('[title]')?.title)).toBe('参保状态变更、参保单位变更、地税数据延迟');
    // The date and time stay whole; the row keeps its fixed height (the list is virtual).
    await expect(long.getByText('2026年11月28日 17:11')).toBeInViewport({ ratio: 1 });
    expect((await long.boundingBox())!.height).toBeCloseTo(48, 0);
    await snap(page, testInfo, `list-${size.width}x${size.height}`, false);
  });
}
