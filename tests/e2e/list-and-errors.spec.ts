// The case list finds, filters and scrolls through any number of cases; a refusal from the core that names a field is
// shown beside that field (the refusals are staged with page.route so that each is certain).
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import { expect, snap, test, openInChinese, xiamenIdNumber } from './fixtures.ts';
import { api, gotoStep, origin } from './walk.ts';
import type { CaseRecord } from '../../shared/contract.ts';

test('the list: search, filters, and the total the core counts', async ({ page, appUrl, request }, testInfo) => {
  const url = new URL(appUrl);
  const token = url.searchParams.get('token')!;
  for (let i = 0; i < 21; i++) {
    const reply = await request.post(`${url.origin}/api/cases.create`, {
      headers: { Authorization: `Bearer ${token}` },
      data: {
        category: i % 3 === 0 ? 'trip' : 'outage',
        claimant: { name: `翻页${String(i + 1).padStart(2, '0')}`, idNumber: xiamenIdNumber('350212', '19800101', String(100 + i)) },
      },
    });
    expect(reply.ok(), await reply.text()).toBe(true);
  }

  await page.goto(appUrl);
  await page.getByLabel('查找案件').fill('翻页');
  const rows = page.getByRole('table', { name: '案件' }).locator('tbody tr[data-index]');
  const total = page.getByTestId('list-total');
  await expect(total).toHaveText('共 21 件');
  // The newest change first.
  await expect(rows.first()).toContainText('翻页21');
  await snap(page, testInfo, 'list-search');

  // Filters narrow the same query: category, then status.
  await page.getByLabel('报销类别').selectOption({ label: '3. 因公出差、探亲、旅游等短期外出' });
  await expect(total).toHaveText('共 7 件');
  await page.getByLabel('状态').selectOption({ label: '已报销' });
  await expect(total).toHaveText('共 0 件');
  await expect(page.getByText('没有找到与“翻页”相符的案件。')).toBeVisible();
  await page.getByLabel('状态').selectOption({ label: '全部' });
  await page.getByLabel('报销类别').selectOption({ label: '全部' });
  await expect(total).toHaveText('共 21 件');

  // Arrow keys move between the cases; Enter opens one.
  await rows.first().getByRole('link').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(rows.nth(2).getByRole('link')).toBeFocused();

  // A new query starts again at the top; a query that finds nothing says so.
  await page.getByLabel('查找案件').fill('翻页2');
  await expect(total).toHaveText('共 2 件');
  await page.getByLabel('查找案件').fill('无此人');
  await expect(page.getByText('没有找到与“无此人”相符的案件。')).toBeVisible();
});

test('HR exports: the list as filtered now to Excel, the summary report from the data screen; ↓ from the search box goes to the first case', async ({ page, appUrl, request }, testInfo) => {
  const url = new URL(appUrl);
  const token = url.searchParams.get('token')!;
  for (let i = 0; i < 3; i++) {
    const reply = await request.post(`${url.origin}/api/cases.create`, {
      headers: { Authorization: `Bearer ${token}` },
      data: { category: 'outage', claimant: { name: `导出甲${i + 1}`, employer: '厦门航空有限公司', idNumber: xiamenIdNumber('350206', '19790101', String(300 + i)) } },
    });
    expect(reply.ok(), await reply.text()).toBe(true);
  }
  await page.goto(appUrl);
  const box = page.getByLabel('查找案件');
  await box.fill('导出甲');
  await expect(page.getByTestId('list-total')).toHaveText('共 3 件');
  await box.press('ArrowDown');
  const rows = page.getByRole('table', { name: '案件' }).locator('tbody tr[data-index]');
  await expect(rows.first().getByRole('link')).toBeFocused();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 Excel' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^案件清单-查找“导出甲”-\d{4}-\d{2}-\d{2}\.xlsx$/); // the search it was made with
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.worksheets[0]!;
  expect(sheet.getRow(1).getCell(1).text).toBe('案件编号');
  expect(sheet.rowCount).toBe(4); // the header and the three cases the search finds, no more
  await expect(page.getByText(/已导出当前列表的 3 件案件/)).toBeVisible();
  await snap(page, testInfo, 'list-exported');
  // The message describes that list: another search drops it, and so does another filter.
  await box.fill('导出甲1');
  await expect(page.getByTestId('list-total')).toHaveText('共 1 件');
  await expect(page.getByText(/已导出当前列表/)).toHaveCount(0);
  const csvButton = page.getByRole('button', { name: '导出 CSV（供程序读取）' });
  await expect(csvButton).toHaveAttribute('title', /在 Excel 中查看请用“导出 Excel”/);
  const [csvList] = await Promise.all([page.waitForEvent('download'), csvButton.click()]);
  expect(csvList.suggestedFilename()).toMatch(/\.csv$/);
  await expect(page.getByText(/已导出当前列表的 1 件案件/)).toBeVisible();
  await page.getByRole('combobox', { name: '状态' }).selectOption('submitted');
  await expect(page.getByTestId('list-total')).toHaveText('共 0 件');
  await expect(page.getByText(/已导出当前列表/)).toHaveCount(0);
  await page.getByRole('combobox', { name: '状态' }).selectOption('');

  await page.goto(`${appUrl}#/data`);
  const panel = page.getByTestId('report-panel');
  await panel.getByLabel('按工作单位').uncheck();
  await expect(panel.getByLabel('文件格式').locator('option[value="csv"]')).toHaveText(/供其他程序读取/);
  await panel.getByLabel('文件格式').selectOption('csv');
  const [report] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: '导出汇总表' }).click()]);
  expect(report.suggestedFilename()).toMatch(/\.csv$/);
  const csv = testInfo.outputPath('report.csv');
  await report.saveAs(csv);
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(csv, 'utf8').replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('月份,类别,案件数,明细条数,金额(元)');
  await snap(page, testInfo, 'report-panel');
});

test('no search while an IME is composing Chinese; one when the character is chosen', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  const box = page.getByLabel('查找案件');
  await expect(box).toBeFocused();
  const queries: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/api/cases.search')) queries.push(JSON.parse(r.postData() ?? '{}').query as string);
  });
  // Pinyin being composed (the candidate window is open): the box shows "zhang", nothing is asked.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'zh', selectionStart: 2, selectionEnd: 2 });
  await cdp.send('Input.imeSetComposition', { text: 'zhang', selectionStart: 5, selectionEnd: 5 });
  await page.waitForTimeout(600);
  expect(queries).toEqual([]);
  // The candidate 张 is chosen: one search, for 张.
  await cdp.send('Input.insertText', { text: '张' });
  await expect.poll(() => queries).toEqual(['张']);
  await expect(box).toHaveValue('张');
  await cdp.detach();
});

test('100,000 cases: only the rows in view exist, and the end of the list is one page away', async ({ page, appUrl }, testInfo) => {
  const TOTAL = 100_000;
  const asked: { offset: number; limit: number }[] = [];
  // The core is measured elsewhere (npm run bench); here the list is fed pages of a large total.
  await page.route('**/api/cases.list', async (route) => {
    const { offset, limit } = JSON.parse(route.request().postData() ?? '{}') as { offset: number; limit: number };
    asked.push({ offset, limit });
    const items = Array.from({ length: Math.min(limit, TOTAL - offset) }, (_, k) => {
      const n = offset + k + 1;
      return {
        number: `CD-20261127-${String(n).padStart(6, '0')}`, claimant: `大量${n}`, idNumber: null, category: 'outage',
        status: 'draft', totalFen: n * 100, lines: 1, updatedAt: '2026-11-27T08:00:00.000Z',
      };
    });
    await route.fulfill({ json: { ok: true, value: { total: TOTAL, items } } });
  });
  await page.goto(appUrl);
  await expect(page.getByTestId('list-total')).toHaveText('共 100,000 件');
  const rows = page.getByRole('table', { name: '案件' }).locator('tbody tr[data-index]');
  expect(await rows.count()).toBeLessThan(40);
  await expect(page.getByRole('table', { name: '案件' })).toHaveAttribute('aria-rowcount', '100001');
  // Ctrl+End from a row: the last case, fetched as one page near the end.
  await rows.first().getByRole('link').focus();
  await page.keyboard.press('Control+End');
  const last = page.getByRole('link', { name: 'CD-20261127-100000' });
  await expect(last).toBeFocused();
  expect(await rows.count()).toBeLessThan(40);
  expect(asked.some((a) => a.offset >= TOTAL - 100)).toBe(true);
  expect(asked.length).toBeLessThan(6);
  await snap(page, testInfo, 'list-100k-end', false);
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
  await page.getByRole('navigation', { name: '办理步骤' }).getByRole('link', { name: /^费用明细/ }).click();

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

test('a PDF that needs a password: refused when it is added, in Chinese; and by claimdesk import of a case file', async ({ page, appUrl }, testInfo) => {
  await openInChinese(page, appUrl);
  const locked = await PDFDocument.create();
  locked.addPage([300, 200]);
  locked.encrypt({ userPassword: 'secret', ownerPassword: 'owner' });
  const lockedBytes = Buffer.from(await locked.save());

  // Added on the screen: refused at once, while the claimant is still there.
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'noCard', scheme: 'employee', filedOn: '2026-11-20',
    claimant: { name: '加密发票测试', idNumber: xiamenIdNumber('350205', '19860214', '417') },
  });
  await page.goto(`${origin(appUrl)}/#/case/${rec.number}`);
  await gotoStep(page, '材料与附件');
  await page.locator('#mat-original-invoices-input').setInputFiles({ name: '电子发票-加密.pdf', mimeType: 'application/pdf', buffer: lockedBytes });
  await expect(page.getByText('“电子发票-加密.pdf”设有打开密码，材料包无法读取，未添加')).toBeVisible();
  await snap(page, testInfo, 'locked-pdf-refused');

  // Brought in by a case file: claimdesk import refuses it too (the same check), naming the field and the file.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claimdesk-e2e-locked-'));
  fs.writeFileSync(path.join(dir, 'locked.pdf'), lockedBytes);
  fs.writeFileSync(path.join(dir, 'case.json'), JSON.stringify({
    format: 'claimdesk/case@1', category: 'noCard', scheme: 'employee', filedOn: '2026-11-20',
    claimant: { name: '加密发票测试乙', idNumber: xiamenIdNumber('350205', '19860214', '433') },
    materials: [{ id: 'original-invoices', status: 'provided', files: ['locked.pdf'] }],
  }));
  const imported = spawnSync(process.execPath, ['dist/electron/cli.js', 'import', path.join(dir, 'case.json'), '--data', process.env['CLAIMDESK_E2E_DATA']!], { encoding: 'utf8' });
  expect(imported.status).toBe(2);
  expect(imported.stdout).toBe('');
  expect(imported.stderr).toContain('materials[0].files[0]: attachment locked.pdf: the PDF needs a password to open');
});

test('a name character no font has is named after the package is built, with its code point, to be written in by hand', async ({ page, appUrl }, testInfo) => {
  await openInChinese(page, appUrl);
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'noCard', scheme: 'employee', filedOn: '2026-11-20',
    claimant: { name: '吉𱍐', idNumber: xiamenIdNumber('350206', '19790305', '213') },
  });
  await page.goto(`${origin(appUrl)}/#/case/${rec.number}`);
  await gotoStep(page, '材料包');
  await page.getByRole('button', { name: '生成材料包' }).click();
  await expect(page.getByTestId('package-download')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('package-unprintable'))
    .toHaveText('字体缺少以下 1 个字符，材料包中显示为带叉的方框，请在打印件上手写补全：𱍐 (U+31350)');
  await snap(page, testInfo, 'package-unprintable-character');
});

test('after the package: mark the case handed in, then reimbursed; reopen it; the list filters by those statuses', async ({ page, appUrl }, testInfo) => {
  // A complete case of its own: the sample case file, imported by the CLI into the host's data directory.
  const out = execFileSync(process.execPath, ['dist/electron/cli.js', 'import', 'examples/outage-card-not-settled.json', '--on-duplicate', 'keep', '--data', process.env['CLAIMDESK_E2E_DATA']!], { encoding: 'utf8' });
  const copy = /imported (CD-\S+)/.exec(out)![1]!;

  await openInChinese(page, `${origin(appUrl)}/?token=${new URL(appUrl).searchParams.get('token')}#/case/${copy}/package`);
  // The clerk's name goes on the cover (remembered by this desk), never the machine's account.
  await page.getByLabel('经办人（印在封面上）').fill('王经办');
  // Build: focus goes to what comes next (printing); the package is current.
  await page.getByRole('button', { name: '生成材料包' }).click();
  await expect(page.getByTestId('package-download')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('button', { name: '打印材料包' })).toBeFocused();
  await expect(page.getByTestId('package-stale')).toHaveCount(0);
  const built = await api<{ base64: string }>(page, appUrl, 'packages.read', { number: copy });
  const pdf = testInfo.outputPath('with-preparer.pdf');
  fs.writeFileSync(pdf, Buffer.from(built.base64, 'base64'));
  expect(execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', pdf, '-'], { encoding: 'utf8' })).toMatch(/经办人\s+王经办/);
  // An edit after the build: the last package is out of date, and is not offered for printing.
  await api(page, appUrl, 'expenses.add', { number: copy, line: { date: '2026-10-29', institution: '厦门市中医院', kind: 'outpatient', amountFen: 1200, invoiceCode: '35010126', invoiceNo: '0007719999', stampedByChargingOffice: true } });
  await page.reload();
  await expect(page.getByTestId('package-stale')).toContainText('已过期');
  // Times are shown on Xiamen's clock (UTC+8), whatever the browser's zone: the day the case number says.
  const [y, m, d] = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).split('-').map(Number);
  await expect(page.locator('#package-state')).toContainText(`上次生成于 ${y}年${m}月${d}日`);
  await expect(page.getByLabel('经办人（印在封面上）')).toHaveValue('王经办');
  await expect(page.getByRole('button', { name: '查看上次的材料包' })).toHaveCount(0);
  await snap(page, testInfo, 'package-stale');

  const progress = page.getByRole('region', { name: '办理进度' });
  await expect(progress).toContainText('材料齐全');
  // What is handed in is the package: not while it is out of date.
  await expect(progress.getByRole('button', { name: /标记为已提交/ })).toBeDisabled();
  await expect(progress).toContainText('请先生成（或重新生成）材料包');
  await page.getByRole('button', { name: '生成材料包' }).click();
  await expect(page.getByTestId('package-stale')).toHaveCount(0);
  await expect(progress).toContainText('已生成材料包');
  await progress.getByRole('button', { name: /标记为已提交/ }).click();
  await expect(progress).toContainText('已提交');
  await expect(progress.getByRole('status')).toHaveText('案件状态已改为：已提交');
  await snap(page, testInfo, 'progress-submitted');
  await progress.getByRole('button', { name: '已报销' }).click();
  await expect(progress.getByRole('button', { name: '重新打开，继续办理' })).toBeVisible();
  expect((await api<CaseRecord>(page, appUrl, 'cases.get', { number: copy })).status).toBe('reimbursed');

  // the case list's status filter finds it as reimbursed
  const reimbursed = await api<{ items: { number: string }[] }>(page, appUrl, 'cases.search', { query: '林晓燕', status: 'reimbursed', limit: 50 });
  expect(reimbursed.items.map((c) => c.number)).toContain(copy);

  await progress.getByRole('button', { name: '重新打开，继续办理' }).click();
  await expect(progress.getByRole('button', { name: /标记为已提交/ })).toBeVisible();
  // nothing in the case changed since the build: packaged again, its package still current
  expect((await api<CaseRecord>(page, appUrl, 'cases.get', { number: copy })).status).toBe('packaged');
  await api(page, appUrl, 'cases.remove', { number: copy });
});

test('a case number that is not there: said in Chinese, with no retry that cannot help', async ({ page, appUrl }) => {
  await openInChinese(page, appUrl);
  await page.goto(`${origin(appUrl)}/#/case/CD-20990101-9999`);
  await expect(page.getByRole('alert')).toHaveText('没有案件 CD-20990101-9999：编号可能有误，或案件已删除。');
  await expect(page.getByRole('button', { name: '重试' })).toHaveCount(0);
});
