// No automated accessibility violations (axe, WCAG 2.1 A and AA) on any screen: the case list,
// the new-case form (also with its errors shown), the lapse check with answers, and every step
// of a case with data on it — in Chinese, and a step in English.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { expect, snap, test, xiamenIdNumber } from './fixtures.ts';
import { api, makePdf, origin, payload, settled, startHost } from './walk.ts';
import type { CaseRecord } from '../../shared/contract.ts';

async function scan(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await settled(page);
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    // The PDF preview is Chromium's own viewer, not this app's markup.
    .exclude('iframe.pdf-preview')
    .analyze();
  const violations = result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
  }));
  await testInfo.attach(`axe-${name}.json`, { body: JSON.stringify(result.violations, null, 2), contentType: 'application/json' });
  expect(violations, `axe violations on ${name}`).toEqual([]);
  await snap(page, testInfo, `a11y-${name}`);
}

async function newbornCase(page: Page, appUrl: string): Promise<CaseRecord> {
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'newborn', scheme: 'resident', filedOn: '2026-11-20',
    claimant: { name: '陈美华', idNumber: xiamenIdNumber('350203', '19900101', '206') },
  });
  const n = rec.number;
  await api(page, appUrl, 'cases.update', { number: n, newborn: { birthDate: '2026-08-01', sex: 'male', parent: 'mother', enrolledOn: '2026-09-01' } });
  await api(page, appUrl, 'cases.update', { number: n, coverage: [{ from: '2020-01', to: '2025-12', status: 'paid' }, { from: '2026-01', to: '2026-03', status: 'unpaid' }, { from: '2026-04', to: '2026-10', status: 'paid', area: '泉州' }] });
  await api(page, appUrl, 'expenses.add', { number: n, line: { date: '2026-08-01', institution: '厦门市妇幼保健院', kind: 'inpatient', amountFen: 326850, invoiceCode: '35020126', invoiceNo: '0002000001', nameOnVoucher: '陈美华之子' } });
  await api(page, appUrl, 'expenses.add', { number: n, line: { date: '2026-08-20', institution: '厦门市妇幼保健院', kind: 'outpatient', amountFen: 18600, nameOnVoucher: '陈美华' } });
  const b64 = (f: Buffer) => f.toString('base64');
  await api(page, appUrl, 'attachments.add', { number: n, materialId: 'identity-document', fileName: '身份证.jpg', base64: b64(payload('id-card-zhangli.jpg').buffer) });
  await api(page, appUrl, 'attachments.add', { number: n, materialId: 'expense-list', fileName: '清单.pdf', base64: b64(makePdf(2)) });
  return rec;
}

test('the list, the new-case form and the lapse check', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await newbornCase(page, appUrl);
  await page.reload();
  await expect(page.getByTestId('list-total')).not.toHaveText('正在查找…');
  await scan(page, testInfo, 'list');

  await page.getByRole('link', { name: '新建案件' }).first().click();
  await scan(page, testInfo, 'new-case');
  await page.getByLabel('居民身份证号码').fill('35020319900101');
  await page.getByRole('button', { name: '创建案件' }).click();
  await expect(page.getByText('请选择一个报销类别')).toBeVisible();
  await scan(page, testInfo, 'new-case-errors');

  await page.goto(`${origin(appUrl)}/#/coverage`);
  await page.getByLabel('第 1 段起始月份').fill('2024-01');
  await page.getByLabel('第 1 段截止月份').fill('2025-12');
  await page.getByLabel('第 1 段截止月份').press('Tab');
  await page.getByLabel('第 2 段起始月份').fill('2026-13');
  await page.getByLabel('第 2 段起始月份').press('Tab');
  await expect(page.getByTestId('answer-frozen')).toBeVisible();
  await scan(page, testInfo, 'coverage-check');
});

test('every step of a case, and one in English', async ({ page, appUrl }, testInfo) => {
  // Nine axe scans and full-page screenshots plus a package build: 1.6 min once on a busy
  // shared machine, over the default 90 s, at its last screenshot.
  test.setTimeout(180_000);
  await page.goto(appUrl);
  const rec = await newbornCase(page, appUrl);
  for (const step of ['claimant', 'questions', 'coverage', 'expenses', 'materials', 'review', 'package'] as const) {
    await page.goto(`${origin(appUrl)}/#/case/${rec.number}/${step}`);
    await expect(page.locator('.stepper [aria-current="step"]')).toBeVisible();
    if (step === 'coverage') await expect(page.getByTestId('answer-frozen')).toBeVisible();
    if (step === 'materials') await expect(page.locator('.thumb img')).toHaveCount(1);
    if (step === 'package') {
      await page.getByRole('button', { name: '生成材料包' }).click();
      await expect(page.getByTestId('package-download')).toBeVisible({ timeout: 60_000 });
    }
    await scan(page, testInfo, `step-${step}`);
  }
  // A waiver being written, a file refused: the states in between pass too.
  await page.goto(`${origin(appUrl)}/#/case/${rec.number}/materials`);
  const card = page.locator('.material-card').filter({ hasText: '出生医学证明' });
  await card.getByRole('button', { name: '免提供…' }).click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), card.getByRole('button', { name: '选择文件' }).click()]);
  await chooser.setFiles({ name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
  await expect(card.getByRole('alert')).toBeVisible();
  await scan(page, testInfo, 'materials-states');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Materials and files' })).toBeVisible();
  await scan(page, testInfo, 'materials-en');
  await page.getByRole('button', { name: '中文' }).click();
});

test('the per-invoice questions of outage and visits20 cases', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  for (const [category, seq, line] of [
    ['outage', '215', { stampedByChargingOffice: true }],
    ['visits20', '224', { visits: 21, cardSettled: true }],
  ] as const) {
    const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
      category, scheme: 'employee', filedOn: '2026-11-20', claimant: { name: '测试无障碍', idNumber: xiamenIdNumber('350212', '19720808', seq) },
    });
    await api(page, appUrl, 'expenses.add', { number: rec.number, line: { date: '2026-10-02', institution: '厦门市中医院', kind: 'outpatient', amountFen: 5000, ...line } });
    await api(page, appUrl, 'expenses.add', { number: rec.number, line: { date: '2026-10-03', institution: '厦门市中医院', kind: 'outpatient', amountFen: 5000 } });
    await page.goto(`${origin(appUrl)}/#/case/${rec.number}/expenses`);
    await expect(page.getByRole('table', { name: /费用明细/ }).locator('tbody tr')).toHaveCount(2);
    await scan(page, testInfo, `expenses-${category}`);
  }
});

/** Visible controls smaller than a fingertip (44 CSS px) in either direction: a control, or the label wrapping it. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const small: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, a[href], input:not([type="hidden"]), select, textarea')) {
      if (el.closest('.sr-only')) continue;
      const target = (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio' || el.type === 'file')) ? el.closest('label') ?? el : el;
      const r = target.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not shown
      if (getComputedStyle(target).visibility === 'hidden') continue;
      if (r.height < 44 || r.width < 44) small.push(`${target.tagName.toLowerCase()}#${target.id} "${(target.textContent ?? '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return small;
  });
}

test('kiosk mode: the visitor’s screens pass axe, and every target is finger-sized', async ({ page }, testInfo) => {
  const host = await startHost(['--kiosk', '--idle', '600']);
  try {
    await page.goto(host.url);
    await expect(page.getByTestId('kiosk-start')).toBeVisible();
    await scan(page, testInfo, 'kiosk-start');
    expect(await smallTargets(page), 'small targets on the kiosk start').toEqual([]);
    await page.getByTestId('kiosk-start').click();
    await page.getByLabel('姓名').fill('林国栋');
    await page.getByLabel('居民身份证号码').fill(xiamenIdNumber('350206', '19690101', '231'));
    await page.getByRole('radio', { name: '系统故障未能实时刷卡结算' }).check();
    await scan(page, testInfo, 'kiosk-who');
    expect(await smallTargets(page), 'small targets on the kiosk details').toEqual([]);
    await page.getByTestId('kiosk-next').click();
    await expect(page.locator('.claimant-name')).toHaveText('林国栋');
    // One expense line, so that the row's own controls (the stamp) are on the screen too.
    await page.getByLabel('就诊日期').fill('2026-11-02');
    await page.getByLabel('医疗机构').fill('厦门市第一医院');
    await page.getByLabel('金额（元）').fill('120');
    await page.getByLabel('金额（元）').press('Enter');
    await expect(page.getByRole('table', { name: /费用明细/ }).locator('tbody tr')).toHaveCount(1);
    await scan(page, testInfo, 'kiosk-case');
    expect(await smallTargets(page), 'small targets on the kiosk documents').toEqual([]);
  } finally {
    await host.stop();
  }
});
