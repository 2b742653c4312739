// The per-category checks of seed §3–§9 and §11's voucher names.
import test from 'node:test';
import assert from 'node:assert/strict';
import type { CaseFile, Expense } from '../../shared/model/case.ts';
import { parsePack, xiamenPack, xiamenPackData } from '../../shared/policy/index.ts';

const clone = () => structuredClone(xiamenPackData) as unknown as Record<string, any>;
import { evaluate } from '../../shared/rules/evaluate.ts';
import { outOfScopeLines } from '../../shared/rules/deliveryScope.ts';
import { invoiceStamps } from '../../shared/rules/invoiceStamps.ts';
import { newbornVoucherName, sameVoucherName } from '../../shared/rules/newbornName.ts';
import { monthsOverVisitLimit, outpatientVisitsByMonth } from '../../shared/rules/visits20Detect.ts';
import { isCadreDrugsEligible } from '../../shared/rules/cadreDrugsEligible.ts';

function caseWith(over: Partial<CaseFile>): CaseFile {
  return { format: 'claimdesk/case@1', category: 'noCard', scheme: 'employee', filedOn: '2025-01-10', claimant: { name: '张三' }, ...over };
}
const ev = (c: CaseFile) => evaluate(c, xiamenPack, { today: '2025-01-10' });
const ruleFindings = (c: CaseFile, rule: string) => ev(c).findings.filter((f) => f.rule === rule);
const line = (over: Partial<Expense>): Expense => ({ date: '2024-10-08', institution: '厦门大学附属第一医院', kind: 'outpatient', amountFen: 2500, ...over });
const visits = (n: number, month = '2024-10'): Expense[] =>
  Array.from({ length: n }, (_, i) => line({ date: `${month}-${String((i % 28) + 1).padStart(2, '0')}`, invoiceNo: `${month}${i}` }));

// ---- cat.visits20.detect (seed §7) ----

test('cat.visits20.detect: 20 outpatient visits in a month is not over the limit', () => {
  assert.deepEqual(monthsOverVisitLimit(visits(20), 20), []);
  assert.equal(ruleFindings(caseWith({ expenses: visits(20) }), 'cat.visits20.detect').length, 0);
});

test('cat.visits20.detect: the 21st outpatient visit in a month is over the limit', () => {
  assert.deepEqual(monthsOverVisitLimit(visits(21), 20), [{ month: '2024-10', visits: 21 }]);
  const f = ruleFindings(caseWith({ expenses: visits(21) }), 'cat.visits20.detect');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.level, 'warning');
  assert.match(f[0]!.message['zh-CN'], /2024-10.*21/);
});

test('cat.visits20.detect: visits are counted per calendar month, not per 30 days', () => {
  const expenses = [...visits(15, '2024-10'), ...visits(15, '2024-11')];
  assert.deepEqual([...outpatientVisitsByMonth(expenses)], [['2024-10', 15], ['2024-11', 15]]);
  assert.deepEqual(monthsOverVisitLimit(expenses, 20), []);
});

test('cat.visits20.detect: a line standing for several visits counts them; inpatient lines do not count', () => {
  const expenses = [line({ visits: 20 }), line({ visits: 1, date: '2024-10-31' }), line({ kind: 'inpatient', visits: 5 })];
  assert.deepEqual(monthsOverVisitLimit(expenses, 20), [{ month: '2024-10', visits: 21 }]);
});

test('cat.visits20.detect: a visits20 case with no month over 20 is told the category may not apply', () => {
  const f = ruleFindings(caseWith({ category: 'visits20', expenses: visits(20) }), 'cat.visits20.detect');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.at, 'category');
});

test('cat.visits20.detect: in a visits20 case an outpatient bill not settled with the card is an error', () => {
  const expenses = visits(21).map((e) => ({ ...e, cardSettled: true }));
  expenses[3] = { ...expenses[3]!, cardSettled: false };
  const f = ruleFindings(caseWith({ category: 'visits20', expenses }), 'cat.visits20.detect');
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['error', 'expenses[3].cardSettled']]);
});

test('cat.visits20.detect: outpatient bills whose card settlement is not recorded are asked about once, naming the lines', () => {
  const expenses = visits(21).map((e, i) => (i === 2 || i === 7 ? e : { ...e, cardSettled: true }));
  const f = ruleFindings(caseWith({ category: 'visits20', expenses }), 'cat.visits20.detect');
  // several lines: about the expenses, not tied to the first of them (the cover would say '第 3 行：')
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['warning', 'expenses']]);
  assert.match(f[0]!.message['zh-CN'], /第 3、8 行未注明/);
});

test('cat.visits20: bills showing registered visits and outpatient records are required', () => {
  const m = ev(caseWith({ category: 'visits20', expenses: visits(21) })).materials;
  assert.equal(m.find((x) => x.id === 'outpatient-records')?.required, true);
  assert.equal(m.find((x) => x.id === 'original-invoices')?.source, 'seed §7');
});

// ---- cat.delivery.scope (seed §4) ----

test('cat.delivery.scope: delivery, prenatal and postpartum lines are in scope; others are flagged', () => {
  const expenses = [line({ kind: 'delivery' }), line({ kind: 'prenatal' }), line({ kind: 'postpartum' }), line({ kind: 'pharmacy' }), line({ kind: 'outpatient' })];
  assert.deepEqual(outOfScopeLines(expenses, ['delivery', 'prenatal', 'postpartum']), [3, 4]);
  const f = ruleFindings(caseWith({ category: 'delivery', expenses }), 'cat.delivery.scope');
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['warning', 'expenses[3].kind'], ['warning', 'expenses[4].kind']]);
});

test('cat.delivery.scope: other categories have no expense scope', () => {
  assert.deepEqual(ruleFindings(caseWith({ expenses: [line({ kind: 'pharmacy' })] }), 'cat.delivery.scope'), []);
});

test('cat.delivery: prenatal/postpartum invoices are required only when such lines are claimed', () => {
  const without = ev(caseWith({ category: 'delivery', expenses: [line({ kind: 'delivery' })] })).materials;
  assert.equal(without.find((x) => x.id === 'prenatal-postpartum-invoices')?.required, false);
  assert.equal(without.find((x) => x.id === 'discharge-record')?.required, true);
  const withExam = ev(caseWith({ category: 'delivery', expenses: [line({ kind: 'delivery' }), line({ kind: 'prenatal' })] })).materials;
  assert.equal(withExam.find((x) => x.id === 'prenatal-postpartum-invoices')?.required, true);
});

// ---- cat.outage (§5), cat.cardLost (§6), cat.noCard (§8): claims for bills the card did not settle ----

test('cat.outage / cat.cardLost / cat.noCard: a bill recorded as settled with the card is an error (a double claim); unstated or not settled passes', () => {
  for (const [category, rule] of [['outage', 'cat.outage'], ['cardLost', 'cat.cardLost'], ['noCard', 'cat.noCard']] as const) {
    const expenses = [line({ invoiceNo: '1', cardSettled: true }), line({ invoiceNo: '2', cardSettled: false }), line({ invoiceNo: '3' })];
    const f = ruleFindings(caseWith({ category, expenses }), rule);
    assert.deepEqual(f.map((x) => [x.level, x.at]), [['error', 'expenses[0].cardSettled']], category);
    assert.match(f[0]!.message['zh-CN'], /已刷社保卡结算/);
  }
  // Other categories are not these rules' business (visits20 wants card-settled bills).
  assert.equal(ev(caseWith({ category: 'visits20', expenses: [line({ invoiceNo: '1', cardSettled: true })] })).findings.filter((f) => f.at === 'expenses[0].cardSettled').length, 0);
});

// case.expenseDates: an invoice dated after the filing date, or after today, is an error on its line.
test('case.expenseDates: an expense after the filing date or after today is an error; on the day itself it passes', () => {
  const dates = (filedOn: string, ...ds: string[]) => ev(caseWith({ filedOn, expenses: ds.map((date, i) => line({ date, invoiceNo: String(i + 1) })) }))
    .findings.filter((f) => f.rule === 'case.expenseDates').map((f) => ({ at: f.at, level: f.level, zh: f.message['zh-CN'] }));
  assert.deepEqual(dates('2025-01-10', '2025-01-10', '2024-12-31'), []);
  const late = dates('2025-01-05', '2025-01-05', '2025-01-06');
  assert.deepEqual(late.map((f) => [f.at, f.level]), [['expenses[1].date', 'error']]);
  assert.match(late[0]!.zh, /2025-01-06 晚于申请日期 2025-01-05/);
  // today is 2025-01-10 in these tests; a year typed wrong (2027) is after today whatever the filing date
  const future = dates('2025-01-10', '2027-01-03');
  assert.deepEqual(future.map((f) => [f.at, f.level]), [['expenses[0].date', 'error']]);
  assert.match(future[0]!.zh, /2027-01-03 晚于今天（2025-01-10）/);
  const pack = parsePack((() => { const p = clone(); p.rules = p.rules.filter((r: { id: string }) => r.id !== 'case.expenseDates'); return p; })());
  assert.equal(evaluate(caseWith({ expenses: [line({ date: '2025-02-01' })] }), pack, { today: '2025-01-10' }).complete, false, 'a pack without its citation still applies it');
});

test('case.filedOn: a filing date after today is a warning at filedOn; today itself, or no filing date (it defaults to today), passes', () => {
  const filed = (filedOn?: string) => {
    const { filedOn: _default, ...c } = caseWith({ expenses: [line({ date: '2025-01-02', invoiceNo: '1' })] });
    return ev(filedOn ? { ...c, filedOn } : c).findings
      .filter((f) => f.rule === 'case.filedOn').map((f) => ({ at: f.at, level: f.level, zh: f.message['zh-CN'] }));
  };
  // today is 2025-01-10 in these tests
  assert.deepEqual(filed('2025-01-10'), []);
  assert.deepEqual(filed(undefined), []);
  const ahead = filed('2025-01-11');
  assert.deepEqual(ahead.map((f) => [f.at, f.level]), [['filedOn', 'warning']]);
  assert.match(ahead[0]!.zh, /申请日期 2025-01-11 晚于今天（2025-01-10）/);
});

test('case.materials: a required material waived without a note saying why is asked about (a warning at its note)', () => {
  const waived = (note?: string) => ev(caseWith({ expenses: [line({ invoiceNo: '1' })], materials: [{ id: 'emergency-records', status: 'waived', ...(note ? { note } : {}) }] }))
    .findings.filter((f) => f.at === 'materials[0].note').map((f) => [f.rule, f.level]);
  assert.deepEqual(waived(), [['case.materials', 'warning']]);
  assert.deepEqual(waived('  '), [['case.materials', 'warning']]);
  assert.deepEqual(waived('经办机构同意免交（王科长，2025-01-08）'), []);
});

test('cat.trip / cat.relocation / cat.delivery: an institution that by its name is in Xiamen is asked about (these claims are for treatment elsewhere)', () => {
  for (const [category, rule] of [['trip', 'cat.trip'], ['relocation', 'cat.relocation'], ['delivery', 'cat.delivery']] as const) {
    const expenses = [line({ invoiceNo: '1', institution: '北京协和医院' }), line({ invoiceNo: '2', institution: '复旦大学附属中山医院厦门医院' }), line({ invoiceNo: '3', institution: '福建医科大学附属协和医院' })];
    const f = ruleFindings(caseWith({ category, expenses }), rule);
    assert.deepEqual(f.map((x) => [x.level, x.at]), [['warning', 'expenses[1].institution']], category);
    assert.match(f[0]!.message['zh-CN'], /看起来在厦门市/);
  }
  // At home the other categories are as they were.
  assert.equal(ev(caseWith({ category: 'noCard', expenses: [line({ invoiceNo: '1' })] })).findings.filter((f) => f.at === 'expenses[0].institution').length, 0);
});

test('cat.delivery: a male claimant (by the case or his ID number) is asked about: the claim is the mother\'s own', () => {
  const at = (claimant: CaseFile['claimant']) => ruleFindings(caseWith({ category: 'delivery', claimant, expenses: [line({ invoiceNo: '1', institution: '北京协和医院', kind: 'delivery' })] }), 'cat.delivery').map((f) => [f.level, f.at]);
  assert.deepEqual(at({ name: '陈建国', idNumber: '350206196508030312' }), [['warning', 'claimant']]); // 17th digit 1: male
  assert.deepEqual(at({ name: '张丽', sex: 'female' }), []);
  assert.deepEqual(at({ name: '张丽' }), [], 'sex unknown: nothing to ask');
});

// A claim is for its invoices (case.materials): with no expense line there is nothing to claim.
test('case.materials: a case without expense lines is not complete', () => {
  const none = ev(caseWith({ expenses: [] }));
  assert.equal(none.complete, false);
  assert.deepEqual(none.findings.filter((f) => f.at === 'expenses').map((f) => [f.rule, f.level]), [['case.materials', 'error']]);
  assert.equal(ev(caseWith({ expenses: [line({ invoiceNo: '1' })] })).findings.filter((f) => f.at === 'expenses').length, 0);
});

// ---- cat.outage.stamp (seed §5) and cat.cardLost.stamp (seed §6) ----

test('cat.outage.stamp: every invoice needs the charging office stamp; unstamped is an error, unstated a warning', () => {
  const expenses = [
    line({ invoiceCode: '35010124', invoiceNo: '0000000001', stampedByChargingOffice: true }),
    line({ invoiceCode: '35010124', invoiceNo: '0000000002', stampedByChargingOffice: false }),
    line({ invoiceCode: '35010124', invoiceNo: '0000000003' }),
  ];
  const f = ruleFindings(caseWith({ category: 'outage', expenses }), 'cat.outage.stamp');
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['error', 'expenses[1].stampedByChargingOffice'], ['warning', 'expenses[2].stampedByChargingOffice']]);
});

test('cat.outage.stamp: the check is per invoice — lines of one stamped invoice pass together', () => {
  const expenses = [
    line({ invoiceCode: '35010124', invoiceNo: '0000000009', stampedByChargingOffice: true }),
    line({ invoiceCode: '35010124', invoiceNo: '0000000009' }),
  ];
  assert.deepEqual(invoiceStamps(expenses, 'stampedByChargingOffice'), [{ line: 0, stamped: true }]);
});

test('cat.outage.stamp: the card office stamp does not stand in for the charging office stamp', () => {
  const f = ruleFindings(caseWith({ category: 'outage', expenses: [line({ invoiceNo: '1', stampedByCardOffice: true })] }), 'cat.outage.stamp');
  assert.equal(f.length, 1);
});

test('cat.cardLost.stamp: every invoice needs the card office stamp on the back', () => {
  const expenses = [line({ invoiceNo: '1', stampedByCardOffice: true }), line({ invoiceNo: '2', stampedByCardOffice: false }), line({ invoiceNo: '3', stampedByChargingOffice: true })];
  const f = ruleFindings(caseWith({ category: 'cardLost', expenses }), 'cat.cardLost.stamp');
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['error', 'expenses[1].stampedByCardOffice'], ['warning', 'expenses[2].stampedByCardOffice']]);
});

test('cat.cardLost.stamp: stamps are not asked for in other categories', () => {
  assert.deepEqual(ruleFindings(caseWith({ expenses: [line({ invoiceNo: '1' })] }), 'cat.cardLost.stamp'), []);
  assert.deepEqual(ruleFindings(caseWith({ expenses: [line({ invoiceNo: '1' })] }), 'cat.outage.stamp'), []);
});

test('cat.outage: the invoice material names the stamp (seed §5)', () => {
  const m = ev(caseWith({ category: 'outage' })).materials.find((x) => x.id === 'original-invoices');
  assert.equal(m?.source, 'seed §5');
  assert.match(m!.title['zh-CN'], /盖章/);
});

test('cat.cardLost: the invoice material names the stamp on the back (seed §6)', () => {
  const m = ev(caseWith({ category: 'cardLost' })).materials.find((x) => x.id === 'original-invoices');
  assert.equal(m?.source, 'seed §6');
  assert.match(m!.title['zh-CN'], /背面/);
});

// ---- cat.noCard (seed §8) ----

test('cat.noCard: records detailed enough to show acute illness or rescue are required', () => {
  const m = ev(caseWith({ category: 'noCard' })).materials.find((x) => x.id === 'emergency-records');
  assert.equal(m?.required, true);
  assert.equal(m?.source, 'seed §8');
});

// ---- cat.cadreDrugs.eligible (seed §9) ----

test('cat.cadreDrugs.eligible: a retired cadre may claim', () => {
  assert.equal(isCadreDrugsEligible(true), true);
  assert.deepEqual(ruleFindings(caseWith({ category: 'cadreDrugs', claimant: { name: '李四', retiredCadre: true } }), 'cat.cadreDrugs.eligible'), []);
});

test('cat.cadreDrugs.eligible: a claimant who is not a retired cadre, or not recorded as one, may not', () => {
  assert.equal(isCadreDrugsEligible(false), false);
  assert.equal(isCadreDrugsEligible(undefined), false);
  const no = ruleFindings(caseWith({ category: 'cadreDrugs', claimant: { name: '李四', retiredCadre: false } }), 'cat.cadreDrugs.eligible');
  assert.deepEqual(no.map((x) => [x.level, x.at]), [['error', 'claimant.retiredCadre']]);
  const unknown = ruleFindings(caseWith({ category: 'cadreDrugs', claimant: { name: '李四' } }), 'cat.cadreDrugs.eligible');
  assert.equal(unknown[0]?.level, 'error');
});

test('cat.cadreDrugs: the approval form always; the health-care certificate only when entrusted by the provincial centre', () => {
  const plain = ev(caseWith({ category: 'cadreDrugs', claimant: { name: '李四', retiredCadre: true } })).materials;
  assert.equal(plain.find((x) => x.id === 'cadre-drug-approval')?.required, true);
  assert.equal(plain.find((x) => x.id === 'health-care-certificate')?.required, false);
  const entrusted = ev(caseWith({ category: 'cadreDrugs', claimant: { name: '李四', retiredCadre: true }, facts: { entrustedByProvincialCentre: true } })).materials;
  assert.equal(entrusted.find((x) => x.id === 'health-care-certificate')?.required, true);
});

// ---- cat.trip.proof and cat.trip.chronicScope (seed §3) ----

test('cat.trip.proof: for acute illness one proof of the trip suffices', () => {
  const c = caseWith({ category: 'trip', facts: { tripKind: 'acute' }, materials: [{ id: 'air-ticket', status: 'provided', files: ['ticket.pdf'] }] });
  const e = ev(c);
  assert.deepEqual(e.findings.filter((f) => f.rule === 'cat.trip.proof'), []);
  const group = e.materials.filter((m) => m.oneOf === 'trip-proof');
  assert.equal(group.length, 5);
  assert.deepEqual(group.filter((m) => m.required).map((m) => m.id), ['air-ticket']);
});

test('cat.trip.proof: for acute illness without any proof, the five alternatives are one missing material, under cat.trip.proof', () => {
  const e = ev(caseWith({ category: 'trip', facts: { tripKind: 'acute' } }));
  assert.ok(e.materials.filter((m) => m.oneOf === 'trip-proof').every((m) => m.required && m.status === 'missing'));
  const f = e.findings.filter((x) => x.rule === 'cat.trip.proof');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.level, 'error');
  assert.match(f[0]!.message['zh-CN'], /任选一种.*出差证明.*旅游合同.*实名制机票/);
  // not five "missing material" problems besides it
  assert.deepEqual(e.findings.filter((x) => x.rule === 'case.materials' && /出差证明|探亲|旅游合同|机票|外出证明/.test(x.message['zh-CN'])), []);
  assert.equal(e.complete, false);
});

test('cat.trip.proof: no trip proof is asked for chronic maintenance; the kind of trip must be chosen', () => {
  const chronic = ev(caseWith({ category: 'trip', facts: { tripKind: 'chronic', chronicWithinXiamenScope: true } }));
  assert.ok(chronic.materials.filter((m) => m.oneOf === 'trip-proof').every((m) => !m.required));
  assert.equal(chronic.materials.find((m) => m.id === 'xiamen-medical-records')?.required, true);
  const unknown = ruleFindings(caseWith({ category: 'trip' }), 'cat.trip.proof');
  assert.deepEqual(unknown.map((x) => [x.level, x.at]), [['error', 'facts.tripKind']]);
});

test('cat.trip.chronicScope: treatment within what Xiamen provides passes; beyond it is an error; unconfirmed a warning', () => {
  const c = (v: boolean | undefined) => caseWith({ category: 'trip', facts: v === undefined ? { tripKind: 'chronic' } : { tripKind: 'chronic', chronicWithinXiamenScope: v } });
  assert.deepEqual(ruleFindings(c(true), 'cat.trip.chronicScope'), []);
  assert.equal(ruleFindings(c(false), 'cat.trip.chronicScope')[0]?.level, 'error');
  assert.equal(ruleFindings(c(undefined), 'cat.trip.chronicScope')[0]?.level, 'warning');
  assert.deepEqual(ruleFindings(caseWith({ category: 'trip', facts: { tripKind: 'acute', chronicWithinXiamenScope: false } }), 'cat.trip.chronicScope'), []);
});

test('cat.trip: the Xiamen medical records are required for chronic maintenance only', () => {
  const acute = ev(caseWith({ category: 'trip', facts: { tripKind: 'acute' } })).materials;
  assert.equal(acute.find((m) => m.id === 'xiamen-medical-records')?.required, false);
});

// ---- cat.newborn.parentName (seed §11) ----

const naming = xiamenPack.newbornNaming;

test('cat.newborn.parentName: an unnamed son is 张三之子, a daughter 张三之女', () => {
  assert.equal(newbornVoucherName('张三', 'male', 1, naming), '张三之子');
  assert.equal(newbornVoucherName('张三', 'female', 1, naming), '张三之女');
  assert.equal(newbornVoucherName('欧阳娜娜', 'female', 1, naming), '欧阳娜娜之女');
});

test('cat.newborn.parentName: twins get distinct names — the second is 张三之子（二）', () => {
  assert.equal(newbornVoucherName('张三', 'male', 2, naming), '张三之子（二）');
  assert.equal(newbornVoucherName('张三', 'female', 3, naming), '张三之女（三）');
  assert.notEqual(newbornVoucherName('张三', 'male', 1, naming), newbornVoucherName('张三', 'male', 2, naming));
  assert.throws(() => newbornVoucherName('张三', 'male', 0, naming), RangeError);
});

test('cat.newborn.parentName: half-width brackets and spaces typed by a hospital still match', () => {
  assert.equal(sameVoucherName('张三之子(二)', '张三之子（二）'), true);
  assert.equal(sameVoucherName(' 张三 之子 ', '张三之子'), true);
  assert.equal(sameVoucherName('张三之女', '张三之子'), false);
});

const newbornCase = (expenses: Expense[], nb: Partial<NonNullable<CaseFile['newborn']>> = {}) => caseWith({
  category: 'newborn', claimant: { name: '张三' },
  newborn: { name: null, sex: 'male', birthDate: '2024-11-30', parent: 'mother', parentName: '张三', enrolledOn: '2024-12-10', premiumPaidOn: '2024-12-10', ...nb },
  expenses,
});

test('cat.newborn.parentName: vouchers carrying the parent-named form pass; another name is an error', () => {
  const f = ruleFindings(newbornCase([line({ nameOnVoucher: '张三之子' }), line({ nameOnVoucher: '张三之女' }), line({})]), 'cat.newborn.parentName');
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['error', 'expenses[1].nameOnVoucher'], ['warning', 'expenses[2].nameOnVoucher']]);
  assert.match(f[0]!.message['zh-CN'], /张三之子/);
});

test('cat.newborn.parentName: the second twin\'s vouchers must carry the ordinal', () => {
  const f = ruleFindings(newbornCase([line({ nameOnVoucher: '张三之子（二）' }), line({ nameOnVoucher: '张三之子' })], { ordinal: 2 }), 'cat.newborn.parentName');
  assert.deepEqual(f.map((x) => x.at), ['expenses[1].nameOnVoucher']);
});

test('cat.newborn.parentName: a child named later may appear under its name or the parent-named form', () => {
  const f = ruleFindings(newbornCase([line({ nameOnVoucher: '张小宝' }), line({ nameOnVoucher: '张三之子' })], { name: '张小宝' }), 'cat.newborn.parentName');
  assert.deepEqual(f, []);
});

test("cat.newborn.parentName: the father's name works as well as the mother's; without parentName the claimant's", () => {
  assert.deepEqual(ruleFindings(newbornCase([line({ nameOnVoucher: '李四之子' })], { parent: 'father', parentName: '李四' }), 'cat.newborn.parentName'), []);
  const { parentName: _drop, ...nb } = newbornCase([]).newborn!;
  const c = { ...newbornCase([line({ nameOnVoucher: '张三之子' })]), newborn: nb };
  assert.deepEqual(ruleFindings(c, 'cat.newborn.parentName'), []);
});

test('cat.newborn.parentName: without the sex the name cannot be formed and the sex is asked for', () => {
  const { sex: _drop, ...nb } = newbornCase([]).newborn!;
  const f = ruleFindings({ ...newbornCase([line({ nameOnVoucher: '张三之子' })]), newborn: nb }, 'cat.newborn.parentName');
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['warning', 'newborn.sex']]);
});

test('cat.newborn.parentName: the expected voucher name of a case, for the PDF voucher sheet', async () => {
  const { expectedVoucherName } = await import('../../shared/rules/newbornName.ts');
  assert.equal(expectedVoucherName(newbornCase([], { ordinal: 2, sex: 'female' }), xiamenPack), '张三之女（二）');
  assert.equal(expectedVoucherName(caseWith({}), xiamenPack), null);
  // an empty parent name is no name: the claimant's is meant (not '之子' alone)
  assert.equal(expectedVoucherName(newbornCase([], { parentName: ' ', sex: 'male' }), xiamenPack), `${newbornCase([]).claimant.name}之子`);
});

test('cat.newborn.enrol3m: an expense dated before the birth is an error at its date (covered from birth, not before)', () => {
  const f = ruleFindings(newbornCase([line({ date: '2024-11-29' }), line({ date: '2024-11-30' }), line({ date: '2024-12-02' })]), 'cat.newborn.enrol3m');
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['error', 'expenses[0].date']]);
  assert.match(f[0]!.message['zh-CN'], /早于新生儿出生日期 2024-11-30/);
});
