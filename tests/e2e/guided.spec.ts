// The guided flow beyond the straight walk: leaving and coming back (a reload included) loses
// nothing and resumes the step; the language switches on any step without losing input; every
// finding takes the user to the field that fixes it; files are refused with a clear message,
// ordered, removed, dropped; a material is waived with a note.
import { expect, snap, test, xiamenIdNumber } from './fixtures.ts';
import { api, attach, materialCard, origin, payload, settled } from './walk.ts';
import type { CaseRecord } from '../../shared/contract.ts';

test('resume: the new-case form, the step, half-typed fields and the unsaved expense row survive leaving and a reload', async ({ page, appUrl }, testInfo) => {
  const idNumber = xiamenIdNumber('350205', '19910704', '141');
  await page.goto(appUrl);

  // The new-case form keeps what was typed while the user looks at the list.
  await page.getByRole('link', { name: '新建案件' }).first().click();
  await page.getByLabel('姓名').fill('周小梅');
  await page.getByLabel('居民身份证号码').fill(idNumber.slice(0, 12));
  await page.getByRole('radio', { name: '新生儿出生后医疗费用' }).check();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '案件列表' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '案件列表' })).toBeVisible();
  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '新建案件' }).click();
  await expect(page.getByLabel('姓名')).toHaveValue('周小梅');
  await expect(page.getByLabel('居民身份证号码')).toHaveValue(idNumber.slice(0, 12));
  await expect(page.getByRole('radio', { name: '新生儿出生后医疗费用' })).toBeChecked();
  await page.getByLabel('居民身份证号码').fill(idNumber);
  await page.getByLabel('申报日期').fill('2026-11-20');
  await page.getByRole('button', { name: '创建案件' }).click();
  await expect(page).toHaveURL(/#\/case\/[A-Z0-9-]+\/questions$/);
  const caseUrl = page.url().replace(/\/questions$/, '');

  // A date typed and not yet left, another one wrong: a reload keeps both, saves the good one.
  await page.getByLabel('出生日期').fill('2026-08-15');
  await page.getByLabel('新生儿参保日期').fill('2026-13-01');
  await page.getByLabel('新生儿参保日期').press('Tab');
  await expect(page.locator('#q-nb-enrolledOn-error')).toHaveText('请填写一个存在的日期，格式为 年-月-日，例如 2026-11-05');
  await page.getByLabel('保费缴纳（到账）日期').click();
  await page.keyboard.type('2026-09-0');
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: '类别问题' })).toBeVisible();
  await expect(page.getByLabel('出生日期')).toHaveValue('2026-08-15');
  await expect(page.getByLabel('新生儿参保日期')).toHaveValue('2026-13-01');
  await expect(page.locator('#q-nb-enrolledOn-error')).toBeVisible();
  await expect(page.getByLabel('保费缴纳（到账）日期')).toHaveValue('2026-09-0');
  // The cursor is back in the field the user was typing in.
  await expect(page.getByLabel('保费缴纳（到账）日期')).toBeFocused();
  await settled(page);
  // The birth date reached the core: its finding is gone.
  await expect(page.locator('.missing-panel')).not.toContainText('请填写新生儿出生日期');
  const number = /case\/([A-Z0-9-]+)/.exec(caseUrl)![1]!;
  const stored = await api<CaseRecord>(page, appUrl, 'cases.get', { number });
  expect(stored.case.newborn?.birthDate).toBe('2026-08-15');
  await snap(page, testInfo, 'resume-01-questions-after-reload');

  // An expense row typed but not added survives a reload too.
  await page.getByRole('navigation', { name: '办理步骤' }).getByRole('link', { name: /^费用明细/ }).click();
  await expect(page).toHaveURL(/\/expenses$/);
  await page.getByLabel('就诊日期').fill('2026-08-12');
  await page.getByLabel('医疗机构').fill('厦门市妇幼保健院');
  await page.getByLabel('金额（元）').fill('88.80');
  await page.reload();
  await expect(page).toHaveURL(/\/expenses$/);
  await expect(page.getByLabel('就诊日期')).toHaveValue('2026-08-12');
  await expect(page.getByLabel('医疗机构')).toHaveValue('厦门市妇幼保健院');
  await expect(page.getByLabel('金额（元）')).toHaveValue('88.80');
  await page.getByLabel('金额（元）').press('Enter');
  await expect(page.getByRole('table', { name: /费用明细/ }).locator('tbody tr')).toHaveCount(1);
  await expect(page.getByTestId('total-figures')).toHaveText('¥88.80');

  // Leaving for the list and opening the case again resumes the step the user was on.
  await page.getByRole('link', { name: '返回案件列表' }).click();
  await page.getByRole('link', { name: number }).click();
  await expect(page).toHaveURL(new RegExp(`/case/${number}/expenses$`));
  await expect(page.getByLabel('就诊日期')).toBeFocused();
  // The wrong date is still there, still waiting to be corrected.
  await page.getByRole('navigation', { name: '办理步骤' }).getByRole('link', { name: /^类别问题/ }).click();
  await expect(page.getByLabel('新生儿参保日期')).toHaveValue('2026-13-01');
  await page.getByLabel('新生儿参保日期').fill('2026-09-01');
  await page.getByLabel('新生儿参保日期').press('Tab');
  await settled(page);
  await expect(page.locator('#q-nb-enrolledOn-error')).toHaveCount(0);
  await snap(page, testInfo, 'resume-02-fixed');
});

test('language: switching on a step keeps what was typed and words the findings again', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  await page.evaluate(() => localStorage.removeItem('claimdesk.locale'));
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'transfer', scheme: 'employee', filedOn: '2026-11-20',
    claimant: { name: '欧阳建华', idNumber: xiamenIdNumber('350203', '19700228', '153') },
  });
  await page.goto(`${origin(appUrl)}/#/case/${rec.number}/questions`);
  await expect(page.getByRole('heading', { level: 2, name: '类别问题' })).toBeVisible();
  await page.getByLabel('转院入院日期').click();
  await page.keyboard.type('2026-10-0');
  await expect(page.locator('.missing-panel')).toContainText('缺少材料：转诊转院审批手续');

  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Category questions' })).toBeVisible();
  await expect(page.getByLabel('Transfer admission date')).toHaveValue('2026-10-0');
  await expect(page.locator('.missing-panel')).toContainText('Missing material: Transfer (referral) approval');
  await expect(page.getByRole('group', { name: 'Was the condition urgent?' })).toBeVisible();
  // Typing goes on where it stopped; the date is saved on leaving, in either language.
  await page.getByLabel('Transfer admission date').click();
  await page.keyboard.press('End');
  await page.keyboard.type('8');
  await page.keyboard.press('Tab');
  await settled(page);
  await expect(page.getByText('Record the transfer admission date')).toHaveCount(0);
  await snap(page, testInfo, 'language-01-questions-en');

  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.getByLabel('转院入院日期')).toHaveValue('2026-10-08');
  await expect(page.getByRole('group', { name: '病情是否紧急？' })).toBeVisible();
  const stored = await api<CaseRecord>(page, appUrl, 'cases.get', { number: rec.number });
  expect(stored.case.facts?.transferAdmittedOn).toBe('2026-10-08');
});

test('every finding takes the user to the field that fixes it', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'newborn', scheme: 'resident', filedOn: '2026-11-20',
    claimant: { name: '李娜', idNumber: xiamenIdNumber('350206', '19940309', '162') },
  });
  await api(page, appUrl, 'cases.update', { number: rec.number, newborn: { sex: 'female', parent: 'mother', enrolledOn: '2026-09-01', premiumPaidOn: '2026-09-02' } });
  await api(page, appUrl, 'expenses.add', { number: rec.number, line: { date: '2026-08-20', institution: '厦门市妇幼保健院', kind: 'outpatient', amountFen: 12000, nameOnVoucher: '李娜之子' } });
  await page.goto(`${origin(appUrl)}/#/case/${rec.number}/review`);
  const panel = page.locator('.missing-panel');

  // The newborn's birth date: to the questions step, the date field focused.
  await panel.locator('.finding', { hasText: '请填写新生儿出生日期' }).getByRole('button', { name: '去处理' }).click();
  await expect(page).toHaveURL(/\/questions$/);
  await expect(page.getByLabel('出生日期')).toBeFocused();
  await page.keyboard.type('2026-08-18');
  await page.keyboard.press('Tab');
  await settled(page);

  // The voucher name proposed from the mother and the sex; the invoice's name differs from it.
  await expect(page.getByTestId('voucher-name')).toHaveText('李娜之女');
  const wrongName = page.locator('.voucher-box .note', { hasText: '李娜之子' });
  await expect(wrongName).toContainText('应为“李娜之女”');
  await snap(page, testInfo, 'jump-01-voucher-name');
  await wrongName.getByRole('button', { name: '去处理' }).click();
  // To the expense line, opened for editing at its voucher name.
  await expect(page).toHaveURL(/\/expenses$/);
  await expect(page.getByRole('heading', { name: '修改第 1 条费用' })).toBeVisible();
  await expect(page.getByLabel('票据上的姓名')).toBeFocused();
  await expect(page.getByLabel('票据上的姓名')).toHaveValue('李娜之子');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('李娜之女');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('table', { name: /费用明细/ }).locator('tbody tr').first()).toContainText('李娜之女');
  await expect(panel).not.toContainText('cat.newborn.parentName');

  // A missing material: to its card, its "choose files" button focused.
  await panel.locator('.finding', { hasText: '缺少材料：出生医学证明' }).getByRole('button', { name: '去处理' }).click();
  await expect(page).toHaveURL(/\/materials$/);
  await expect(materialCard(page, '出生医学证明').getByRole('button', { name: '选择文件' })).toBeFocused();
  await snap(page, testInfo, 'jump-02-material');
});

test('materials: a file that is not a scan is refused by name; files are ordered, removed, dropped; a material is waived', async ({ page, appUrl }, testInfo) => {
  await page.goto(appUrl);
  const rec = await api<CaseRecord>(page, appUrl, 'cases.create', {
    category: 'noCard', scheme: 'employee', filedOn: '2026-11-20',
    claimant: { name: '高志远', idNumber: xiamenIdNumber('350211', '19830506', '171') },
  });
  await page.goto(`${origin(appUrl)}/#/case/${rec.number}/materials`);
  const identity = materialCard(page, '参保人身份证件');
  await expect(identity).toContainText('参保人居民身份证正反面复印件');

  // Not a JPEG, PNG or PDF: the core refuses it, the card says so with the file's name.
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), identity.getByRole('button', { name: '选择文件' }).click()]);
  await chooser.setFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('not a scan') });
  await expect(identity.getByRole('alert')).toHaveText('“说明.txt”不是 JPEG、PNG 或 PDF 文件，未添加。请选择照片或 PDF。');
  await expect(identity.getByTestId('material-status')).toHaveText('缺少');
  // A JPEG cut short is refused too.
  const jpeg = payload('id-card-zhangli.jpg');
  const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), identity.getByRole('button', { name: '选择文件' }).click()]);
  await chooser2.setFiles({ name: '截断.jpg', mimeType: 'image/jpeg', buffer: jpeg.buffer.subarray(0, 4000) });
  await expect(identity.getByRole('alert')).toContainText('“截断.jpg”已损坏或不完整');

  // Two sides of the card; the back first by mistake, then put in order.
  await attach(page, '参保人身份证件', [{ ...jpeg, name: '反面.jpg' }, { ...payload('id-card-linxiaoyan.jpg'), name: '正面.jpg' }]);
  const names = identity.getByTestId('attachment-name');
  await expect(names).toHaveText(['反面.jpg', '正面.jpg']);
  await expect(identity.locator('img')).toHaveCount(2);
  await identity.getByRole('button', { name: '把 正面.jpg 上移' }).click();
  await expect(names).toHaveText(['正面.jpg', '反面.jpg']);
  await expect(identity.getByRole('button', { name: '把 正面.jpg 下移' })).toBeFocused();

  // A PDF shows as an icon with its pages.
  const records = materialCard(page, '门诊或住院病历（急症/抢救）');
  await attach(page, '门诊或住院病历（急症/抢救）', [{ name: '病历.pdf', mimeType: 'application/pdf', buffer: (await import('./walk.ts')).makePdf(3) }]);
  await expect(records.locator('.pdf-pages')).toHaveText('3 页');

  // Dropped onto the card: added like a picked file.
  const invoices = materialCard(page, '医疗费用原始发票');
  const png = payload('outage-invoice.png');
  const dataTransfer = await page.evaluateHandle(({ b64, name }) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name, { type: 'image/png' }));
    return dt;
  }, { b64: png.buffer.toString('base64'), name: '拖入的发票.png' });
  await invoices.dispatchEvent('dragenter', { dataTransfer });
  await expect(invoices).toHaveClass(/over/);
  await invoices.dispatchEvent('drop', { dataTransfer });
  await expect(invoices.getByTestId('attachment-name')).toHaveText(['拖入的发票.png']);
  await expect(invoices.getByTestId('material-status')).toHaveText('已提供');

  // Removing asks once, in place.
  await identity.getByRole('button', { name: '删除 反面.jpg' }).click();
  await identity.getByRole('button', { name: '确认删除 反面.jpg' }).click();
  await expect(names).toHaveText(['正面.jpg']);

  // The clerk waives the expense list, with a reason; and can take it back.
  const list = materialCard(page, '费用汇总清单');
  await list.getByRole('button', { name: '免提供…' }).click();
  await expect(list.getByLabel('免提供的理由（经办人填写）')).toBeFocused();
  await page.keyboard.type('医院已通过系统直接报送费用清单');
  await list.getByRole('button', { name: '确认免提供' }).click();
  await expect(list.getByTestId('material-status')).toHaveText('免提供');
  await expect(list).toContainText('已免提供：医院已通过系统直接报送费用清单');
  // No camera on this machine: no photo button.
  await expect(page.getByRole('button', { name: '拍照', exact: true })).toHaveCount(0);
  await snap(page, testInfo, 'materials-01');
  await list.getByRole('button', { name: '撤销免提供' }).click();
  await expect(list.getByTestId('material-status')).toHaveText('缺少');
  const stored = await api<CaseRecord>(page, appUrl, 'cases.get', { number: rec.number });
  expect(stored.attachments.filter((a) => a.materialId === 'identity-document').map((a) => a.fileName)).toEqual(['正面.jpg']);
});
