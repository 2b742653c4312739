// The category deadlines of seed §1, §2, §10 and §11, boundaries on both sides.
import test from 'node:test';
import assert from 'node:assert/strict';
import type { CaseFile } from '../../shared/model/case.ts';
import { xiamenPack } from '../../shared/policy/index.ts';
import { evaluate } from '../../shared/rules/evaluate.ts';
import { earliestFilingAfterChange } from '../../shared/rules/enrolChangeMidNextMonth.ts';
import { isNewbornEnrolledInTime, isPremiumPaidBeforeFiling, newbornLastDay } from '../../shared/rules/newbornDeadlines.ts';
import { relocationRegistrationVerdict } from '../../shared/rules/relocationAdvance.ts';
import { isTransferFormalitiesInTime, transferFormalitiesDeadline } from '../../shared/rules/transferUrgent7d.ts';

function caseWith(over: Partial<CaseFile>): CaseFile {
  return { format: 'claimdesk/case@1', category: 'noCard', scheme: 'employee', claimant: { name: '陈六' }, ...over };
}
const ruleFindings = (c: CaseFile, rule: string, today = '2025-06-01') =>
  evaluate(c, xiamenPack, { today }).findings.filter((f) => f.rule === rule);

// ---- cat.transfer.urgent7d (seed §1) ----

test('cat.transfer.urgent7d: formalities on day 7 after an urgent admission are in time', () => {
  assert.equal(transferFormalitiesDeadline('2024-03-01', true, 7), '2024-03-08');
  assert.equal(isTransferFormalitiesInTime('2024-03-01', '2024-03-08', true, 7), true);
  const c = caseWith({ category: 'transfer', facts: { transferUrgent: true, transferAdmittedOn: '2024-03-01', transferFormalitiesOn: '2024-03-08' } });
  assert.deepEqual(ruleFindings(c, 'cat.transfer.urgent7d'), []);
});

test('cat.transfer.urgent7d: formalities on day 8 after an urgent admission are late', () => {
  assert.equal(isTransferFormalitiesInTime('2024-03-01', '2024-03-09', true, 7), false);
  const c = caseWith({ category: 'transfer', facts: { transferUrgent: true, transferAdmittedOn: '2024-03-01', transferFormalitiesOn: '2024-03-09' } });
  const f = ruleFindings(c, 'cat.transfer.urgent7d');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.level, 'error');
  assert.equal(f[0]!.at, 'facts.transferFormalitiesOn');
  assert.match(f[0]!.message['zh-CN'], /2024-03-08/);
});

test('cat.transfer.urgent7d: the 7 days run across a month end (admitted 2024-02-25 → 2024-03-03)', () => {
  assert.equal(transferFormalitiesDeadline('2024-02-25', true, 7), '2024-03-03');
  assert.equal(isTransferFormalitiesInTime('2024-02-25', '2024-03-04', true, 7), false);
});

test('cat.transfer.urgent7d: without urgency the formalities come before the transfer (same day in time, next day late)', () => {
  assert.equal(isTransferFormalitiesInTime('2024-03-01', '2024-03-01', false, 7), true);
  assert.equal(isTransferFormalitiesInTime('2024-03-01', '2024-03-02', false, 7), false);
  const c = caseWith({ category: 'transfer', facts: { transferUrgent: false, transferAdmittedOn: '2024-03-01', transferFormalitiesOn: '2024-03-02' } });
  assert.equal(ruleFindings(c, 'cat.transfer.urgent7d')[0]?.level, 'error');
});

test('cat.transfer.urgent7d: missing dates are asked for, not guessed; without them the deadline cannot be checked, so the case is not complete', () => {
  const f = ruleFindings(caseWith({ category: 'transfer', facts: {} }), 'cat.transfer.urgent7d');
  assert.deepEqual(f.map((x) => [x.at, x.level]), [['facts.transferAdmittedOn', 'error'], ['facts.transferUrgent', 'warning']]);
  const noFormalities = ruleFindings(caseWith({ category: 'transfer', facts: { transferUrgent: true, transferAdmittedOn: '2024-12-01' } }), 'cat.transfer.urgent7d');
  assert.deepEqual(noFormalities.map((x) => [x.at, x.level]), [['facts.transferFormalitiesOn', 'error']]);
});

test('cat.enrolChange.midNextMonth: without the change date the earliest filing date cannot be checked: an error', () => {
  const f = ruleFindings(caseWith({ category: 'enrolChange', facts: {} }), 'cat.enrolChange.midNextMonth');
  assert.deepEqual(f.map((x) => [x.at, x.level]), [['facts.enrolChangeOn', 'error']]);
});

test('cat.transfer: the transfer approval is required', () => {
  const m = evaluate(caseWith({ category: 'transfer' }), xiamenPack, { today: '2025-01-01' }).materials.find((x) => x.id === 'transfer-approval');
  assert.equal(m?.required, true);
  assert.equal(m?.source, 'seed §1');
});

// ---- cat.relocation.advance (seed §2) ----

test('cat.relocation.advance: registration the day before the first treatment is in advance; after it is late', () => {
  assert.equal(relocationRegistrationVerdict(8, 6, '2024-01-09', '2024-01-10'), 'inAdvance');
  assert.equal(relocationRegistrationVerdict(8, 6, '2024-01-10', '2024-01-10'), 'sameDay');
  assert.equal(relocationRegistrationVerdict(8, 6, '2024-01-11', '2024-01-10'), 'late');
  const c = (registeredOn: string) => caseWith({ category: 'relocation', facts: { relocationMonths: 8, relocationRegisteredOn: registeredOn },
    expenses: [{ date: '2024-01-10', institution: '北京协和医院', kind: 'outpatient', amountFen: 5000 }] });
  assert.deepEqual(ruleFindings(c('2024-01-09'), 'cat.relocation.advance'), []);
  assert.equal(ruleFindings(c('2024-01-10'), 'cat.relocation.advance')[0]?.level, 'warning');
  assert.equal(ruleFindings(c('2024-01-11'), 'cat.relocation.advance')[0]?.level, 'error');
});

test('cat.relocation.advance: 6 months elsewhere is not "more than half a year"; 7 is', () => {
  assert.equal(relocationRegistrationVerdict(6, 6, undefined, '2024-01-10'), 'notRequired');
  assert.equal(relocationRegistrationVerdict(7, 6, undefined, '2024-01-10'), 'missing');
  const c = caseWith({ category: 'relocation', facts: { relocationMonths: 6 } });
  assert.equal(ruleFindings(c, 'cat.relocation.advance')[0]?.level, 'warning');
  const c7 = caseWith({ category: 'relocation', facts: { relocationMonths: 7 } });
  assert.equal(ruleFindings(c7, 'cat.relocation.advance')[0]?.level, 'error');
});

test('cat.relocation: the registration record is required', () => {
  const m = evaluate(caseWith({ category: 'relocation' }), xiamenPack, { today: '2025-01-01' }).materials.find((x) => x.id === 'relocation-registration');
  assert.equal(m?.required, true);
});

// ---- cat.enrolChange.midNextMonth (seed §10) ----

test('cat.enrolChange.midNextMonth: a change on 2024-12-20 can be filed from 2025-01-15', () => {
  assert.equal(earliestFilingAfterChange('2024-12-20', 15), '2025-01-15');
});

test('cat.enrolChange.midNextMonth: filing on the 15th is allowed, on the 14th it is too early', () => {
  const c = (filedOn: string) => caseWith({ category: 'enrolChange', filedOn, facts: { enrolChangeOn: '2024-12-20' } });
  assert.deepEqual(ruleFindings(c('2025-01-15'), 'cat.enrolChange.midNextMonth'), []);
  const early = ruleFindings(c('2025-01-14'), 'cat.enrolChange.midNextMonth');
  assert.equal(early.length, 1);
  assert.equal(early[0]!.level, 'error');
  assert.equal(early[0]!.at, 'filedOn');
  assert.match(early[0]!.message.en, /2025-01-15/);
});

test('cat.enrolChange.midNextMonth: a change on the first or last day of a month still waits for the next month', () => {
  assert.equal(earliestFilingAfterChange('2025-01-01', 15), '2025-02-15');
  assert.equal(earliestFilingAfterChange('2025-01-31', 15), '2025-02-15');
});

test('cat.enrolChange.midNextMonth: without filedOn the evaluation day is the filing day', () => {
  const c = caseWith({ category: 'enrolChange', facts: { enrolChangeOn: '2024-12-20' } });
  assert.equal(ruleFindings(c, 'cat.enrolChange.midNextMonth', '2025-01-14').length, 1);
  assert.equal(ruleFindings(c, 'cat.enrolChange.midNextMonth', '2025-01-15').length, 0);
});

test('cat.enrolChange: the evidence of the change is required', () => {
  const m = evaluate(caseWith({ category: 'enrolChange' }), xiamenPack, { today: '2025-01-01' }).materials.find((x) => x.id === 'enrolment-change-evidence');
  assert.equal(m?.required, true);
});

// ---- cat.newborn.enrol3m (seed §11) ----

const newbornCase = (nb: NonNullable<CaseFile['newborn']>, filedOn = '2025-06-01') =>
  caseWith({ category: 'newborn', filedOn, newborn: { sex: 'male', parentName: '陈六', ...nb } });

test('cat.newborn.enrol3m: born 2024-11-30, the last allowed day is 2025-02-28', () => {
  assert.equal(newbornLastDay('2024-11-30', 3), '2025-02-28');
});

test('cat.newborn.enrol3m: enrolment on the last allowed day is in time', () => {
  assert.equal(isNewbornEnrolledInTime('2024-11-30', '2025-02-28', 3), true);
  const f = ruleFindings(newbornCase({ birthDate: '2024-11-30', enrolledOn: '2025-02-28', premiumPaidOn: '2025-02-28' }), 'cat.newborn.enrol3m');
  assert.deepEqual(f, []);
});

test('cat.newborn.enrol3m: enrolment the day after the last allowed day is late', () => {
  assert.equal(isNewbornEnrolledInTime('2024-11-30', '2025-03-01', 3), false);
  const f = ruleFindings(newbornCase({ birthDate: '2024-11-30', enrolledOn: '2025-03-01', premiumPaidOn: '2025-03-01' }), 'cat.newborn.enrol3m');
  assert.equal(f.filter((x) => x.level === 'error').length, 1);
  assert.equal(f[0]!.at, 'newborn.enrolledOn');
});

test('cat.newborn.enrol3m: month ends — born 2024-01-31 → 2024-04-30; born 2023-11-30 in a leap year → 2024-02-29', () => {
  assert.equal(newbornLastDay('2024-01-31', 3), '2024-04-30');
  assert.equal(newbornLastDay('2023-11-30', 3), '2024-02-29');
  assert.equal(newbornLastDay('2024-03-15', 3), '2024-06-15');
  assert.equal(isNewbornEnrolledInTime('2024-03-15', '2024-06-15', 3), true);
  assert.equal(isNewbornEnrolledInTime('2024-03-15', '2024-06-16', 3), false);
});

test('cat.newborn.enrol3m: not enrolled yet — a warning while there is time, an error after the last day', () => {
  const c = newbornCase({ birthDate: '2024-11-30' });
  const early = ruleFindings(c, 'cat.newborn.enrol3m', '2025-02-28');
  assert.equal(early[0]?.level, 'warning');
  assert.match(early[0]!.message.en, /2025-02-28/);
  assert.equal(ruleFindings(c, 'cat.newborn.enrol3m', '2025-03-01')[0]?.level, 'error');
});

test('cat.newborn.enrol3m: a premium paid after the three months is flagged as maybe not "in time"', () => {
  const f = ruleFindings(newbornCase({ birthDate: '2024-11-30', enrolledOn: '2025-02-20', premiumPaidOn: '2025-03-01' }), 'cat.newborn.enrol3m');
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['warning', 'newborn.premiumPaidOn']]);
  const ok = ruleFindings(newbornCase({ birthDate: '2024-11-30', enrolledOn: '2025-02-20', premiumPaidOn: '2025-02-28' }), 'cat.newborn.enrol3m');
  assert.deepEqual(ok, []);
});

test('cat.newborn.enrol3m: a premium dated before the birth is a date slip, asked about (as an enrolment before the birth is refused)', () => {
  const f = ruleFindings(newbornCase({ birthDate: '2024-11-30', enrolledOn: '2024-12-05', premiumPaidOn: '2024-11-20' }), 'cat.newborn.enrol3m');
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['warning', 'newborn.premiumPaidOn']]);
  assert.match(f[0]!.message['zh-CN'], /2024-11-20 早于出生日期 2024-11-30/);
  assert.deepEqual(ruleFindings(newbornCase({ birthDate: '2024-11-30', enrolledOn: '2024-12-05', premiumPaidOn: '2024-11-30' }), 'cat.newborn.enrol3m'), []);
});

test('cat.newborn.enrol3m: a newborn case without the newborn is an error', () => {
  const f = ruleFindings(caseWith({ category: 'newborn' }), 'cat.newborn.enrol3m');
  assert.equal(f[0]?.level, 'error');
  assert.equal(f[0]?.at, 'newborn');
});

// ---- cat.newborn.paidFirst (seed §11) ----

test('cat.newborn.paidFirst: filing on the day the premium is paid is allowed, the day before is not', () => {
  assert.equal(isPremiumPaidBeforeFiling('2025-02-20', '2025-02-20'), true);
  assert.equal(isPremiumPaidBeforeFiling('2025-02-20', '2025-02-19'), false);
  assert.equal(isPremiumPaidBeforeFiling(undefined, '2025-02-19'), false);
  const nb = { birthDate: '2024-11-30', enrolledOn: '2025-02-01', premiumPaidOn: '2025-02-20' };
  assert.deepEqual(ruleFindings(newbornCase(nb, '2025-02-20'), 'cat.newborn.paidFirst'), []);
  const early = ruleFindings(newbornCase(nb, '2025-02-19'), 'cat.newborn.paidFirst');
  assert.equal(early[0]?.level, 'error');
  assert.equal(early[0]?.at, 'filedOn');
});

test('cat.newborn.paidFirst: no premium payment recorded is an error', () => {
  const f = ruleFindings(newbornCase({ birthDate: '2024-11-30', enrolledOn: '2025-02-01' }), 'cat.newborn.paidFirst');
  assert.equal(f[0]?.level, 'error');
  assert.equal(f[0]?.at, 'newborn.premiumPaidOn');
});

test('cat.newborn: the birth certificate is required', () => {
  const m = evaluate(newbornCase({ birthDate: '2024-11-30' }), xiamenPack, { today: '2025-01-01' }).materials.find((x) => x.id === 'birth-certificate');
  assert.equal(m?.required, true);
  assert.equal(m?.source, 'seed §11');
});
