// case.duplicateInvoice: the same invoice (code + number) twice in a case, or in two cases of
// the same claimant.
import test from 'node:test';
import assert from 'node:assert/strict';
import type { CaseFile, Expense } from '../../shared/model/case.ts';
import { xiamenPack } from '../../shared/policy/index.ts';
import { evaluate } from '../../shared/rules/evaluate.ts';
import { duplicateInvoices, duplicateInvoicesInCase, invoiceKey } from '../../shared/rules/duplicateInvoice.ts';

const line = (invoiceCode: string | undefined, invoiceNo: string | undefined): Expense => ({
  date: '2024-10-08', institution: '厦门市中医院', kind: 'outpatient', amountFen: 1000,
  ...(invoiceCode ? { invoiceCode } : {}), ...(invoiceNo ? { invoiceNo } : {}),
});
const caseOf = (expenses: Expense[], over: Partial<CaseFile> = {}): CaseFile => ({
  format: 'claimdesk/case@1', category: 'noCard', scheme: 'employee', filedOn: '2025-01-10',
  claimant: { name: '林七', idNumber: '11010519491231002X' }, expenses, ...over,
});

test('case.duplicateInvoice: the same code and number twice in a case is an error at the second line', () => {
  const c = caseOf([line('35010124', '0000012345'), line('35010124', '0000012346'), line('35010124', '0000012345')]);
  assert.deepEqual(duplicateInvoicesInCase(c.expenses!), [{ key: '35010124|0000012345', line: 2, firstLine: 0 }]);
  const f = evaluate(c, xiamenPack, { today: '2025-01-10' }).findings.filter((x) => x.rule === 'case.duplicateInvoice');
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['error', 'expenses[2].invoiceNo']]);
  assert.match(f[0]!.message['zh-CN'], /第 1 行/);
});

test('case.duplicateInvoice: the same number under another code is another invoice', () => {
  assert.deepEqual(duplicateInvoicesInCase([line('35010124', '0000012345'), line('35010125', '0000012345')]), []);
});

test('case.duplicateInvoice: full-width digits and spaces do not hide a duplicate; lines without a number are not compared', () => {
  assert.equal(invoiceKey(line('３５０１０１２４', ' 0000012345 ')), '35010124|0000012345');
  assert.equal(duplicateInvoicesInCase([line('35010124', '0000012345'), line('３５０１０１２４', '0000012345 ')]).length, 1);
  assert.deepEqual(duplicateInvoicesInCase([line('35010124', undefined), line('35010124', undefined)]), []);
});

test("case.duplicateInvoice: an invoice already in another case of the same claimant is an error naming that case", () => {
  const c = caseOf([line('35010124', '0000000007')], { number: 'ZX-2025-0002' });
  const others = [{ caseNumber: 'ZX-2025-0001', claimantIdNumber: '11010519491231002x', expenses: [line('35010124', '0000000007')] }];
  assert.deepEqual(duplicateInvoices(c, others), [{ key: '35010124|0000000007', line: 0, otherCase: 'ZX-2025-0001' }]);
  const f = evaluate(c, xiamenPack, { today: '2025-01-10', otherCases: others }).findings.filter((x) => x.rule === 'case.duplicateInvoice');
  assert.equal(f.length, 1);
  assert.match(f[0]!.message.en, /ZX-2025-0001/);
  // At a kiosk the other case is not named (the core passes its number as ''): still an error
  const hidden = evaluate(c, xiamenPack, { today: '2025-01-10', otherCases: others.map((o) => ({ ...o, caseNumber: '' })) }).findings.filter((x) => x.rule === 'case.duplicateInvoice');
  assert.deepEqual(hidden.map((x) => x.level), ['error']);
  assert.match(hidden[0]!.message['zh-CN'], /已在另一报销案件中申报，请到窗口核对/);
  assert.doesNotMatch(hidden[0]!.message['zh-CN'], /ZX-/);
});

test("case.duplicateInvoice: another claimant's case, or the case itself as stored, is not a duplicate", () => {
  const c = caseOf([line('35010124', '0000000007')], { number: 'ZX-2025-0002' });
  assert.deepEqual(duplicateInvoices(c, [{ caseNumber: 'ZX-2025-0009', claimantIdNumber: '350203198001010016', expenses: [line('35010124', '0000000007')] }]), []);
  assert.deepEqual(duplicateInvoices(c, [{ caseNumber: 'ZX-2025-0002', expenses: [line('35010124', '0000000007')] }]), []);
});
