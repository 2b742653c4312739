// "My insurance lapsed: can I make it up?" — from the first screen, without creating a claim:
// the payment history typed in (or taken from a case), the answers with their rules and
// legal basis, and how they change with the day of the check.
import { expect, snap, test, xiamenIdNumber } from './fixtures.ts';
import { api } from './walk.ts';
import type { CaseRecord } from '../../shared/contract.ts';

test('a lapse of six months can still be made up until the month ends; the seventh clears the years', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await page.evaluate(() => localStorage.removeItem('claimdesk.draft.coverageCheck'));
  const calls: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/api/')) calls.push(new URL(r.url()).pathname.slice(5)); });
  await page.getByRole('link', { name: '断缴能否补缴？' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '断缴了，还能补缴吗？' })).toBeVisible();
  await expect(page.getByLabel('第 1 段起始月份')).toBeFocused();

  // Two years paid in Quanzhou, six in Xiamen, then six months unpaid.
  const rows: [string, string, string, string][] = [
    ['2018-01', '2019-12', '已缴费', '泉州'],
    ['2020-01', '2025-12', '已缴费', ''],
    ['2026-01', '2026-06', '未缴费（断缴）', ''],
  ];
  for (const [i, [from, to, status, area]] of rows.entries()) {
    await page.getByLabel(`第 ${i + 1} 段起始月份`).fill(from);
    await page.getByLabel(`第 ${i + 1} 段截止月份`).fill(to);
    await page.getByLabel(`第 ${i + 1} 段缴费情况`).selectOption({ label: status });
    if (area) await page.getByLabel(`第 ${i + 1} 段缴费地区`).fill(area);
    await page.getByLabel(`第 ${i + 1} 段缴费地区`).press('Tab');
  }
  await page.getByRole('group', { name: '性别（选填）' }).getByRole('radio', { name: '男' }).check();
  await page.getByLabel('参保险种（选填）').selectOption({ label: '职工基本医疗保险' });
  await page.getByLabel('查询日期').fill('2026-07-20');
  await page.getByLabel('查询日期').press('Tab');

  const frozen = page.getByTestId('answer-frozen');
  const makeUp = page.getByTestId('answer-makeUp');
  const reset = page.getByTestId('answer-reset');
  const cumulative = page.getByTestId('answer-cumulative');
  const retirement = page.getByTestId('answer-retirement');
  await expect(frozen).toContainText('6 个月冻结：2026年1月–2026年6月');
  await expect(frozen).toContainText('cov.frozen');
  await expect(frozen).toContainText('断缴期间未缴纳医保费的，医保卡将被冻结');
  await expect(makeUp).toContainText('可以补缴，最迟 2026年7月31日');
  await expect(makeUp).toContainText('cov.makeup');
  await expect(reset).toContainText('未清零');
  await expect(reset).toContainText('cov.reset');
  await expect(cumulative).toContainText('8 年 0 个月');
  await expect(cumulative).toContainText('含外地 24 个月');
  await expect(cumulative).toContainText('泉州 (外地): 24 个月');
  await expect(cumulative).toContainText('《社会保险法》第 32 条');
  await expect(retirement).toContainText('未配置');
  await expect(retirement).toContainText('《社会保险法》第 27 条');
  await expect(page.getByRole('table', { name: /逐月缴费情况/ })).toContainText('2026');
  await snap(page, testInfo, 'coverage-01-can-make-up');

  // A month later the lapse is seven months: it cannot be made up, and the years are cleared.
  await page.getByLabel('查询日期').fill('2026-08-20');
  await page.getByLabel('查询日期').press('Tab');
  await expect(makeUp).toContainText('不能补缴');
  await expect(makeUp).toContainText('须重新参保');
  await expect(reset).toContainText('已清零（96 个月不再计算），须重新参保');
  await expect(cumulative).toContainText('0 年 0 个月');
  await snap(page, testInfo, 'coverage-02-cleared');

  // No claim was created or changed by any of this: only the check was asked.
  expect(calls.filter((c) => c !== 'coverage.check' && c !== 'app.info' && c !== 'cases.list')).toEqual([]);
  expect(calls).toContain('coverage.check');
});

test('the payment history can be taken from a case', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await page.evaluate(() => localStorage.removeItem('claimdesk.draft.coverageCheck'));
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'outage', scheme: 'employee', filedOn: '2026-11-20',
    claimant: { name: '邱美玲', idNumber: xiamenIdNumber('350203', '19810213', '194') },
  });
  await api(page, appUrl, 'cases.update', {
    number: rec.number,
    coverage: [
      { from: '2021-01', to: '2025-10', status: 'paid' },
      { from: '2025-11', to: '2026-02', status: 'madeUp', madeUpOn: '2026-03-05' },
      { from: '2026-03', to: '2026-10', status: 'paid' },
    ],
  });
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '断缴查询' }).click();
  await page.getByLabel('查找案件').fill('邱美玲');
  await page.getByRole('button', { name: '查找' }).click();
  await page.getByRole('button', { name: /邱美玲/ }).click();
  await expect(page.getByText(`取自案件：邱美玲 · ${rec.number}`)).toBeVisible();
  await expect(page.getByLabel('第 2 段缴费情况')).toHaveValue('madeUp');
  await expect(page.getByLabel('第 2 段补缴日期')).toHaveValue('2026-03-05');
  await expect(page.getByRole('group', { name: '性别（选填）' }).getByRole('radio', { name: '女' })).toBeChecked();
  await page.getByLabel('查询日期').fill('2026-11-20');
  await page.getByLabel('查询日期').press('Tab');
  await expect(page.getByTestId('answer-frozen')).toContainText('没有冻结的月份');
  await expect(page.getByTestId('answer-cumulative')).toContainText('5 年 10 个月');
  await snap(page, testInfo, 'coverage-03-from-case');
});
