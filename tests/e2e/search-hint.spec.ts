// A search result row says why it matched: a query found in a line's institution or item (no
// column shows them) gets a small "命中" line under the claimant, the term marked. The cases are
// this spec's own (a made-up institution no other spec uses), made through the host's API.
import type { Page } from '@playwright/test';
import { expect, snap, test, xiamenIdNumber } from './fixtures.ts';
import { api } from './walk.ts';
import type { CaseRecord } from '../../shared/contract.ts';

/**
 * Two cases with lines at the made-up hospital; `tag` keeps each test's cases apart from the
 * other's (the tests run side by side on one host): it goes into the names and after 厦门.
 */
async function makeCases(page: Page, appUrl: string, tag: string, seq: string): Promise<{ a: CaseRecord; b: CaseRecord }> {
  const a = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'outage', claimant: { name: `命中${tag}甲`, idNumber: xiamenIdNumber('350206', '19770707', seq) },
  });
  const b = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'trip', claimant: { name: `命中${tag}乙`, idNumber: xiamenIdNumber('350206', '19770708', seq) },
  });
  const HOSPITAL = `厦门${tag}测试命中医院`;
  const LONG = `厦门${tag}测试命中医院附属第二门诊部康复理疗中心`;
  const line = (institution: string, item: string) => ({ date: '2026-10-02', institution, item, kind: 'outpatient', amountFen: 12_000 });
  for (const l of [line(HOSPITAL, `命中${tag}针灸推拿`), line(HOSPITAL, `命中${tag}针灸推拿`), line(HOSPITAL, '中药饮片')]) {
    await api(page, appUrl, 'expenses.add', { number: a.number, line: l });
  }
  await api(page, appUrl, 'expenses.add', { number: b.number, line: line(LONG, `命中${tag}康复评定`) });
  return { a, b };
}

function row(page: Page, number: string) {
  return page.locator('#case-table tbody tr[data-index]').filter({ has: page.getByRole('link', { name: number }) });
}

test('a search by institution or item shows, under the claimant, what matched, the term marked; the row opens with Enter', async ({ page, appUrl }, testInfo) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  const { a, b } = await makeCases(page, appUrl, '键', '731');
  const HOSPITAL = '厦门键测试命中医院';
  const LONG = '厦门键测试命中医院附属第二门诊部康复理疗中心';
  await page.goto(appUrl);
  const search = page.getByLabel('查找案件');

  // An institution.
  await search.fill('键测试命中医院');
  await expect(page.getByTestId('list-total')).toHaveText('共 2 件');
  const hintA = row(page, a.number).getByTestId('match-hint');
  await expect(hintA).toHaveText(`机构${HOSPITAL}（3 行）命中 机构：${HOSPITAL}（3 行）`); // the visible line, then the screen reader's
  await expect(hintA.locator('mark')).toHaveText('键测试命中医院');
  await expect(hintA).toHaveAttribute('title', `命中 机构：${HOSPITAL}（3 行）`);
  // A long institution: cut before the term with …, whole in the title, and inside its row.
  const hintB = row(page, b.number).getByTestId('match-hint');
  await expect(hintB).toHaveAttribute('title', `命中 机构：${LONG}（1 行）`);
  await expect(hintB.locator('mark')).toHaveText('键测试命中医院');
  await expect(hintB.locator('[aria-hidden="true"]')).toHaveText('机构厦门键测试命中医院附属第二门诊部康复理疗中心（1 行）');
  const rowBox = (await row(page, b.number).boundingBox())!;
  const hintBox = (await hintB.boundingBox())!;
  expect(rowBox.height).toBe(48);
  expect(hintBox.y + hintBox.height).toBeLessThanOrEqual(rowBox.y + rowBox.height);
  await snap(page, testInfo, 'search-hint-institution-1024', false);

  // A term far into a long institution: the start is cut to … so the term shows.
  await search.fill('第二门诊部康复');
  await expect(page.getByTestId('list-total')).toHaveText('共 1 件');
  await expect(hintB.locator('[aria-hidden="true"]')).toHaveText('机构…第二门诊部康复理疗中心（1 行）');
  await expect(hintB.locator('mark')).toHaveText('第二门诊部康复');
  await snap(page, testInfo, 'search-hint-cut-1024', false);

  // An item.
  await search.fill('命中键针灸');
  await expect(page.getByTestId('list-total')).toHaveText('共 1 件');
  await expect(hintA.locator('[aria-hidden="true"]')).toHaveText('项目命中键针灸推拿（2 行）');
  await expect(hintA.locator('mark')).toHaveText('命中键针灸');

  // A name: the claimant column shows it already, no hint.
  await search.fill('命中键乙');
  await expect(page.getByTestId('list-total')).toHaveText('共 1 件');
  await expect(row(page, b.number)).toBeVisible();
  await expect(page.getByTestId('match-hint')).toHaveCount(0);

  // The row is still one target: ↓ from the box to its link, Enter opens the case.
  await search.fill('命中键康复');
  await expect(page.getByTestId('list-total')).toHaveText('共 1 件');
  await expect(hintB.locator('mark')).toHaveText('命中键康复');
  await search.press('ArrowDown');
  await expect(row(page, b.number).getByRole('link')).toBeFocused();
  await snap(page, testInfo, 'search-hint-item-focused-1024', false);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`#/case/${b.number}(/|$)`));
});

test('the hint at a 768×1024 portrait tablet: name, category and hint fit the row', async ({ page, appUrl }, testInfo) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  const { a } = await makeCases(page, appUrl, '板', '753');
  await page.goto(appUrl);
  await page.getByLabel('查找案件').fill('板测试命中医院');
  await expect(page.getByTestId('list-total')).toHaveText('共 2 件');
  const hint = row(page, a.number).getByTestId('match-hint');
  await expect(hint.locator('mark')).toHaveText('板测试命中医院');
  const rowBox = (await row(page, a.number).boundingBox())!;
  const hintBox = (await hint.boundingBox())!;
  expect(rowBox.height).toBe(48);
  expect(hintBox.y + hintBox.height).toBeLessThanOrEqual(rowBox.y + rowBox.height);
  await snap(page, testInfo, 'search-hint-768', false);
});
