// The import and export screens as an outside tester used them (review 5): what the screen
// says when the import's reply is lost, which blocker comes first for a case that is not there,
// an export pressed within the search pause, and the report's "exported" line once its options
// change. Each test stages the moment exactly (a dropped reply through page.route, the export
// pressed in the same task as the typing), so that it fails on the old screens every time.
import fs from 'node:fs';
import { expect, snap, openInChinese, test, xiamenIdNumber } from './fixtures.ts';
import { api, origin } from './walk.ts';

/** Cases whose claimant matches, through the contract. */
async function searchTotal(page: import('@playwright/test').Page, appUrl: string, query: string): Promise<number> {
  return (await api<{ total: number }>(page, appUrl, 'cases.search', { query, limit: 5 })).total;
}

function sheet(rows: [string, string, string, string][]): { name: string; mimeType: string; buffer: Buffer } {
  const lines = ['姓名,身份证号,日期,医疗机构,项目,金额', ...rows.map(([name, id, date, amount]) => `${name},${id},${date},厦门市中医院,门诊,${amount}`)];
  return { name: 'review5.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\r\n')) };
}

test('import: a refusal says nothing changed; a lost reply says the outcome is unknown, and pressing again imports once', async ({ page, appUrl }, testInfo) => {
  const file = sheet([
    ['回执甲', xiamenIdNumber('350203', '19700101', '401'), '2026-09-01', '120.00'],
    ['回执乙', xiamenIdNumber('350203', '19700102', '402'), '2026-09-02', '80.00'],
  ]);
  await openInChinese(page, appUrl);
  await page.goto(`${origin(appUrl)}/#/import`);
  await page.getByLabel('选择 CSV 或 Excel 文件').setInputFiles(file);
  await expect(page.getByText('可导入 2 行')).toBeVisible();
  await page.getByLabel('新案件的报销类别').selectOption({ index: 1 });
  const confirm = page.getByRole('button', { name: '导入 2 行' });

  // The host answers with a refusal: then, and only then, nothing has changed.
  await page.route('**/api/import.commit', (route) => route.fulfill({
    status: 409, contentType: 'application/json',
    body: JSON.stringify({ ok: false, error: { code: 'conflict', message: 'the database is busy' } }),
  }), { times: 1 });
  await confirm.click();
  const refused = page.getByRole('alert').filter({ hasText: '导入没有完成，数据没有任何改动' });
  await expect(refused).toBeVisible();
  await expect(refused).toBeFocused();
  expect(await searchTotal(page, appUrl, '回执甲')).toBe(0);

  // The commit reaches the host and is written, but its reply is lost (a connection reset).
  await page.route('**/api/import.commit', async (route) => {
    await route.fetch();
    await route.abort('connectionreset');
  }, { times: 1 });
  await confirm.click();
  const unknown = page.getByRole('alert').filter({ hasText: '无法确认导入是否完成' });
  await expect(unknown).toBeVisible();
  await expect(unknown).toBeFocused();
  await expect(unknown).toContainText('再按一次导入（同一次导入不会重复写入）');
  await expect(unknown.getByRole('link', { name: '在案件列表中核对' })).toBeVisible();
  await expect(page.getByText('数据没有任何改动')).toHaveCount(0);
  expect(await searchTotal(page, appUrl, '回执甲')).toBe(1); // it was written: the screen must not say otherwise
  await snap(page, testInfo, 'review5-import-reply-lost', false);

  // Pressed again, as the message offers: the same import, answered without writing twice.
  await confirm.click();
  await expect(page.getByRole('heading', { name: '导入完成' })).toBeVisible();
  expect(await searchTotal(page, appUrl, '回执甲')).toBe(1);
  expect(await searchTotal(page, appUrl, '回执乙')).toBe(1);
});

test('import into a case that does not exist: the missing case blocks first and gets the focus, before any question about duplicates', async ({ page, appUrl }, testInfo) => {
  const file = sheet([
    ['缺案甲', xiamenIdNumber('350203', '19710101', '411'), '2026-08-01', '201.00'],
    ['缺案甲', xiamenIdNumber('350203', '19710101', '411'), '2026-08-02', '202.00'],
  ]);
  await openInChinese(page, appUrl);
  // Imported once already: chosen again, every row repeats a line that is there.
  await api(page, appUrl, 'import.commit', { fileName: file.name, base64: file.buffer.toString('base64'), mapping: { name: 0, idNumber: 1, date: 2, institution: 3, item: 4, amount: 5 }, category: 'trip' });
  const commits: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/import.commit')) commits.push(r.url()); });
  await page.goto(`${origin(appUrl)}/#/import`);
  await page.getByLabel('选择 CSV 或 Excel 文件').setInputFiles(file);
  await expect(page.getByText('与已有费用相同 2 行')).toBeVisible();
  await page.getByRole('radio', { name: /全部加入一个已有案件/ }).check();
  const number = page.getByLabel('案件编号');
  // Confirm pressed at once, within the pause after typing: the number is checked first.
  await number.fill('cd-20991231-0009');
  await page.getByRole('button', { name: /导入 \d+ 行/ }).click();
  await expect(number).toBeFocused();
  await expect(page.locator('.blockers')).toHaveText('没有编号为 CD-20991231-0009 的案件，请核对案件编号。'); // the one blocker
  await expect(number).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#import-number-error')).toHaveText('没有编号为 CD-20991231-0009 的案件，请核对案件编号。');
  // No question about duplicates of a case that is not there.
  await expect(page.getByLabel(/仍然导入/)).toHaveCount(0);
  await expect(page.getByText('可导入的行都与已有费用相同')).toHaveCount(0);
  // Pressed again after the check has settled: the same.
  await page.getByRole('button', { name: /导入 \d+ 行/ }).click();
  await expect(number).toBeFocused();
  expect(commits).toHaveLength(0);
  await snap(page, testInfo, 'review5-import-missing-case', false);
  // A number that exists: the duplicates question comes back, as the only blocker.
  const existing = (await api<{ items: { number: string }[] }>(page, appUrl, 'cases.search', { query: '缺案甲', limit: 1 })).items[0]!.number;
  await number.fill(existing);
  await expect(page.getByLabel(/这 2 行与已有费用相同，仍然导入/)).toBeVisible();
  await page.getByRole('button', { name: /导入 \d+ 行/ }).click();
  await expect(page.getByLabel(/这 2 行与已有费用相同，仍然导入/)).toBeFocused();
  expect(commits).toHaveLength(0);
});

test('export pressed within the search pause exports the list for the text in the box, and says so', async ({ page, appUrl }, testInfo) => {
  for (let i = 0; i < 3; i++) {
    await api(page, appUrl, 'cases.create', { category: 'outage', claimant: { name: `快导乙${i + 1}`, idNumber: xiamenIdNumber('350205', '19820101', String(420 + i)) } });
  }
  await openInChinese(page, appUrl);
  const total = page.getByTestId('list-total');
  await expect(total).toHaveText(/共 \d+ 件/);
  const all = Number((await total.textContent())!.match(/\d+/)![0]);
  expect(all).toBeGreaterThan(3);
  // Typed and pressed in one go (a shortcut, quick Tabs): the press lands inside the 180 ms pause.
  const [download] = await Promise.all([page.waitForEvent('download'), page.evaluate(() => {
    const box = document.getElementById('case-search') as HTMLInputElement;
    box.value = '快导乙';
    box.dispatchEvent(new Event('input', { bubbles: true }));
    [...document.querySelectorAll('button')].find((b) => b.textContent?.startsWith('导出 CSV'))!.click();
  })]);
  const file = testInfo.outputPath('fast.csv');
  await download.saveAs(file);
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\r\n');
  expect(lines).toHaveLength(1 + 3); // the header and the three cases the box finds, not every case
  expect(download.suggestedFilename()).toMatch(/^案件清单-查找“快导乙”-/);
  await expect(total).toHaveText('共 3 件');
  await expect(page.getByText(/已导出当前列表的 3 件案件/)).toBeVisible();
  await snap(page, testInfo, 'review5-fast-export', false);
});

test('the report\'s "exported" line goes once the options change, and never stands beside a refusal of the new ones', async ({ page, appUrl }, testInfo) => {
  await openInChinese(page, appUrl);
  await page.goto(`${origin(appUrl)}/#/data`);
  const panel = page.getByTestId('report-panel');
  await panel.getByLabel('按报销类别').uncheck();
  await panel.getByLabel('按工作单位').uncheck();
  await panel.getByLabel('状态').selectOption({ label: '已报销' });
  await panel.locator('#report-from').fill('2026-01');
  await panel.locator('#report-to').fill('2026-06');
  const [report] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: '导出汇总表' }).click()]);
  // The file's name says what made it.
  expect(report.suggestedFilename()).toMatch(/^报销汇总-月份-已报销-2026-01至2026-06-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const done = panel.getByText(/^已导出 \d+ 行：/);
  await expect(done).toContainText(report.suggestedFilename());
  await snap(page, testInfo, 'review5-report-exported', false);
  await panel.getByLabel('状态').selectOption({ label: '全部' });
  await expect(done).toHaveCount(0);

  // Exported again, then a reversed range: the refusal stands alone.
  await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: '导出汇总表' }).click()]);
  await expect(done).toBeVisible();
  await panel.locator('#report-from').fill('2026-11');
  await panel.locator('#report-to').fill('2026-01');
  await expect(done).toHaveCount(0);
  await panel.getByRole('button', { name: '导出汇总表' }).click();
  await expect(panel.getByText('起始月份不能晚于截止月份。')).toBeVisible();
  await expect(done).toHaveCount(0);
  await snap(page, testInfo, 'review5-report-reversed', false);
});
