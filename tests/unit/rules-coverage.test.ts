// Coverage continuity, from the seed's opening paragraphs and the Social Insurance Law
// articles it quotes (RULES.md "Coverage continuity").
import test from 'node:test';
import assert from 'node:assert/strict';
import type { CaseFile, CoveragePeriod } from '../../shared/model/case.ts';
import { parsePack, xiamenPack, xiamenPackData } from '../../shared/policy/index.ts';
import { checkCoverage } from '../../shared/rules/coverage.ts';
import { evaluate } from '../../shared/rules/evaluate.ts';

const p = (from: string, to: string, status: CoveragePeriod['status'], area = '厦门市', madeUpOn?: string): CoveragePeriod =>
  (madeUpOn ? { from, to, status, area, madeUpOn } : { from, to, status, area });

function caseWith(over: Partial<CaseFile>): CaseFile {
  return {
    format: 'claimdesk/case@1', category: 'noCard', scheme: 'employee', filedOn: '2025-01-10',
    claimant: { name: '王五', idNumber: '350203198001010016' }, ...over,
  };
}
const ruleFindings = (c: CaseFile, rule: string) => evaluate(c, xiamenPack, { today: '2025-01-10' }).findings.filter((f) => f.rule === rule);

function packWithRetireYears(male: number, female: number) {
  const data = structuredClone(xiamenPackData) as typeof xiamenPackData;
  data.parameters['cov.retireYears.male']!.values = [{ from: '2000-01-01', value: male, reference: 'test reference' }];
  data.parameters['cov.retireYears.female']!.values = [{ from: '2000-01-01', value: female, reference: 'test reference' }];
  return parsePack(data);
}

// ---- cov.reset: 6 unpaid months can be made up, 7 cannot ----

test('cov.reset: a lapse of 6 unpaid months does not clear earlier years', () => {
  const r = checkCoverage({ periods: [p('2020-01', '2023-12', 'paid'), p('2024-01', '2024-06', 'unpaid'), p('2024-07', '2024-12', 'paid')], today: '2025-01-10' }, xiamenPack);
  assert.equal(r.reset.cleared, false);
  assert.equal(r.lapses[0]!.months, 6);
  assert.equal(r.lapses[0]!.resets, false);
  assert.equal(r.cumulative.months, 54);
});

test('cov.reset: a lapse of 7 unpaid months clears every earlier payment month', () => {
  const r = checkCoverage({ periods: [p('2020-01', '2023-12', 'paid'), p('2024-01', '2024-07', 'unpaid'), p('2024-08', '2024-12', 'paid')], today: '2025-01-10' }, xiamenPack);
  assert.equal(r.reset.cleared, true);
  assert.equal(r.reset.clearedMonths, 48);
  assert.equal(r.reset.lapse?.months, 7);
  assert.equal(r.cumulative.months, 5);
  assert.equal(r.makeUp.possible, false);
});

test('cov.reset: an ongoing lapse reaching its 7th month requires enrolling again', () => {
  // paid through 2024-01; on 2024-09-01 the months 02..08 (7) have ended unpaid
  const r = checkCoverage({ periods: [p('2020-01', '2024-01', 'paid')], today: '2024-09-01' }, xiamenPack);
  assert.equal(r.reset.cleared, true);
  assert.equal(r.reset.reenrolRequired, true);
  assert.equal(r.makeUp.possible, false);
  assert.equal(r.cumulative.months, 0);
});

test('cov.reset: only a later reset counts; years paid after a reset add up again', () => {
  const r = checkCoverage({ periods: [p('2010-01', '2012-12', 'paid'), p('2015-01', '2024-12', 'paid')], today: '2025-01-10' }, xiamenPack);
  assert.equal(r.reset.cleared, true);
  assert.equal(r.reset.lapse?.from, '2013-01');
  assert.equal(r.cumulative.months, 120);
});

test('cov.reset: the case gets a warning naming the lapse', () => {
  const f = ruleFindings(caseWith({ coverage: [p('2020-01', '2023-12', 'paid'), p('2024-01', '2024-07', 'unpaid'), p('2024-08', '2024-12', 'paid')] }), 'cov.reset');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.level, 'warning');
  assert.equal(f[0]!.at, 'coverage[1]');
  assert.match(f[0]!.message['zh-CN'], /清零/);
});

// ---- cov.makeup ----

test('cov.makeup: an ongoing lapse of 6 ended months can still be made up until the end of the 7th month', () => {
  const r = checkCoverage({ periods: [p('2020-01', '2024-01', 'paid')], today: '2024-08-10' }, xiamenPack);
  assert.deepEqual(r.frozen.months, ['2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07']);
  assert.equal(r.makeUp.possible, true);
  assert.equal(r.makeUp.until, '2024-08-31');
  assert.equal(r.reset.cleared, false);
  assert.equal(r.cumulative.months, 49);
});

test('cov.makeup: the last day to make up is the last day of a short month too', () => {
  const r = checkCoverage({ periods: [p('2023-01', '2024-07', 'paid')], today: '2024-12-05' }, xiamenPack);
  // first unpaid 2024-08; + 6 months → 2025-02, ends 2025-02-28
  assert.equal(r.makeUp.until, '2025-02-28');
});

test('cov.makeup: a past lapse within the limit can be made up, with no deadline in the source', () => {
  const r = checkCoverage({ periods: [p('2020-01', '2023-12', 'paid'), p('2024-01', '2024-03', 'unpaid'), p('2024-04', '2024-12', 'paid')], today: '2025-01-10' }, xiamenPack);
  assert.equal(r.makeUp.possible, true);
  assert.deepEqual(r.makeUp.months, ['2024-01', '2024-02', '2024-03']);
  assert.equal(r.makeUp.until, null);
});

test('cov.makeup: months made up within a lapse are counted toward the years', () => {
  const r = checkCoverage({ periods: [p('2024-01', '2024-03', 'paid'), p('2024-04', '2024-05', 'madeUp'), p('2024-06', '2024-12', 'paid')], today: '2025-01-10' }, xiamenPack);
  assert.equal(r.cumulative.months, 12);
  assert.deepEqual(r.frozen.months, []);
  assert.equal(r.makeUp.possible, false);
});

test('cov.makeup: months recorded as made up in a lapse over 6 months are flagged', () => {
  const f = ruleFindings(caseWith({ coverage: [p('2020-01', '2023-12', 'paid'), p('2024-01', '2024-07', 'madeUp'), p('2024-08', '2024-12', 'paid')] }), 'cov.makeup');
  assert.ok(f.some((x) => x.level === 'warning' && /不能补缴/.test(x.message['zh-CN'])));
});

test('cov.makeup: a case with a lapse that can be made up gets an info finding', () => {
  const f = ruleFindings(caseWith({ coverage: [p('2020-01', '2023-12', 'paid'), p('2024-01', '2024-02', 'unpaid'), p('2024-03', '2024-12', 'paid')] }), 'cov.makeup');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.level, 'info');
});

// ---- cov.frozen ----

test('cov.frozen: an expense in an unpaid month is an error at its date', () => {
  const f = ruleFindings(caseWith({
    coverage: [p('2020-01', '2024-05', 'paid'), p('2024-06', '2024-06', 'unpaid'), p('2024-07', '2024-12', 'paid')],
    expenses: [
      { date: '2024-05-31', institution: '厦门市第三医院', kind: 'outpatient', amountFen: 100 },
      { date: '2024-06-01', institution: '厦门市第三医院', kind: 'outpatient', amountFen: 100 },
    ],
  }), 'cov.frozen');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.level, 'error');
  assert.equal(f[0]!.at, 'expenses[1].date');
});

test('cov.frozen: a month without any record between paid months counts as unpaid (warning)', () => {
  const f = ruleFindings(caseWith({
    coverage: [p('2020-01', '2024-05', 'paid'), p('2024-07', '2024-12', 'paid')],
    expenses: [{ date: '2024-06-15', institution: '厦门市第三医院', kind: 'outpatient', amountFen: 100 }],
  }), 'cov.frozen');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.level, 'warning');
});

test('cov.frozen: a month made up before the filing date no longer blocks; made up after it does', () => {
  const base = { expenses: [{ date: '2024-06-15', institution: '厦门市第三医院', kind: 'outpatient' as const, amountFen: 100 }] };
  const before = ruleFindings(caseWith({ ...base, coverage: [p('2020-01', '2024-05', 'paid'), p('2024-06', '2024-06', 'madeUp', '厦门市', '2024-09-01'), p('2024-07', '2024-12', 'paid')] }), 'cov.frozen');
  assert.equal(before.length, 0);
  const after = ruleFindings(caseWith({ ...base, coverage: [p('2020-01', '2024-05', 'paid'), p('2024-06', '2024-06', 'madeUp', '厦门市', '2025-01-11'), p('2024-07', '2024-12', 'paid')] }), 'cov.frozen');
  assert.equal(after.length, 1);
  assert.equal(after[0]!.level, 'error');
});

test('cov.frozen + cov.reset: an expense in a lapse over 6 months stays an error, made up or not — and the advice is not "make it up"', () => {
  const expenses = [{ date: '2024-04-15', institution: '厦门市第三医院', kind: 'outpatient' as const, amountFen: 100 }];
  for (const status of ['unpaid', 'madeUp'] as const) {
    const coverage = [p('2020-01', '2023-12', 'paid'), p('2024-01', '2024-07', status, '厦门市', status === 'madeUp' ? '2024-08-01' : undefined), p('2024-08', '2024-12', 'paid')];
    const c = caseWith({ coverage, expenses });
    const f = ruleFindings(c, 'cov.frozen');
    assert.equal(f.length, 1, status);
    assert.equal(f[0]!.level, 'error', status);
    assert.equal(f[0]!.at, 'expenses[0].date');
    assert.match(f[0]!.message['zh-CN'], /7 个月，超过 6 个月，不能补缴/);
    assert.doesNotMatch(f[0]!.message['zh-CN'], /补缴后方可报销/);
    assert.equal(evaluate(c, xiamenPack, { today: '2025-01-10' }).complete, false, `${status}: the case is not complete`);
  }
  // 6 months made up in time: the expense is covered (the limit is 6, not 5)
  const six = ruleFindings(caseWith({ expenses, coverage: [p('2020-01', '2023-12', 'paid'), p('2024-01', '2024-06', 'madeUp', '厦门市', '2024-08-01'), p('2024-07', '2024-12', 'paid')] }), 'cov.frozen');
  assert.deepEqual(six, []);
});

test('cov.frozen: an expense before the first month of the payment history asks for that month\'s record', () => {
  const f = ruleFindings(caseWith({
    coverage: [p('2024-01', '2024-12', 'paid')],
    expenses: [{ date: '2023-05-10', institution: '厦门市第三医院', kind: 'outpatient', amountFen: 100 }, { date: '2024-05-10', institution: '厦门市第三医院', kind: 'outpatient', amountFen: 100 }],
  }), 'cov.frozen');
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['warning', 'expenses[0].date']]);
  assert.match(f[0]!.message['zh-CN'], /早于缴费记录的第一个月 2024-01/);
});

test('cov.reset: a lapse made of months the history does not list says they were read as unpaid', () => {
  const f = ruleFindings(caseWith({ coverage: [p('2020-01', '2023-12', 'paid'), p('2024-08', '2024-12', 'paid')] }), 'cov.reset');
  assert.equal(f.length, 1);
  assert.match(f[0]!.message['zh-CN'], /其中 7 个月没有缴费记录，按未缴计算，请核对/);
});

test('cov.frozen: the current month is still payable, not frozen', () => {
  const r = checkCoverage({ periods: [p('2024-01', '2024-07', 'paid')], today: '2024-08-31' }, xiamenPack);
  assert.deepEqual(r.frozen.months, []);
});

test('cov.frozen: without a payment history the case says it was not checked', () => {
  const f = ruleFindings(caseWith({}), 'cov.frozen');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.level, 'info');
});

test("cov.frozen: a newborn's expenses are not judged by the parent's payment history", () => {
  const f = ruleFindings(caseWith({
    category: 'newborn',
    coverage: [p('2020-01', '2024-05', 'paid'), p('2024-06', '2024-08', 'unpaid')],
    expenses: [{ date: '2024-06-15', institution: '厦门市妇幼保健院', kind: 'inpatient', amountFen: 100 }],
  }), 'cov.frozen');
  assert.equal(f.length, 0);
});

// ---- cov.transfer (art. 32) ----

test('cov.transfer: periods paid in another area count toward cumulative years', () => {
  const r = checkCoverage({ periods: [p('2015-01', '2019-12', 'paid', '福州市'), p('2020-01', '2024-12', 'paid', '厦门市')], today: '2025-01-10' }, xiamenPack);
  assert.equal(r.cumulative.months, 120);
  assert.equal(r.cumulative.years, 10);
  assert.equal(r.cumulative.otherAreaMonths, 60);
  assert.deepEqual(r.cumulative.byArea.map((a) => [a.area, a.months, a.home]), [['福州市', 60, false], ['厦门市', 60, true]]);
  assert.equal(r.cumulative.source, 'Social Insurance Law art. 32');
});

test('cov.transfer: a Xiamen district (思明区, 湖里区…) or "xiamen" in any case is the home area, not another one', () => {
  for (const area of ['思明区', '厦门市湖里区', '集美', 'xiamen', 'XIAMEN', '福建省厦门市翔安区']) {
    const r = checkCoverage({ periods: [p('2015-01', '2019-12', 'paid', area), p('2020-01', '2024-12', 'paid', '厦门市')], today: '2025-01-10' }, xiamenPack);
    assert.equal(r.cumulative.otherAreaMonths, 0, area);
  }
  const elsewhere = checkCoverage({ periods: [p('2015-01', '2019-12', 'paid', '福州市鼓楼区'), p('2020-01', '2024-12', 'paid', '厦门市')], today: '2025-01-10' }, xiamenPack);
  assert.equal(elsewhere.cumulative.otherAreaMonths, 60);
});

test('cov.transfer: a month recorded in two areas counts once and is flagged', () => {
  const c = caseWith({ coverage: [p('2020-01', '2022-06', 'paid', '上海市'), p('2022-06', '2024-12', 'paid', '厦门市')] });
  const r = checkCoverage({ periods: c.coverage!, today: '2025-01-10' }, xiamenPack);
  assert.equal(r.cumulative.months, 60);
  assert.deepEqual(r.timeline.overlaps, ['2022-06']);
  assert.ok(ruleFindings(c, 'cov.transfer').some((f) => f.level === 'warning'));
});

test('cov.transfer: a gap between areas is a lapse like any other', () => {
  const r = checkCoverage({ periods: [p('2015-01', '2019-12', 'paid', '北京市'), p('2020-09', '2024-12', 'paid', '厦门市')], today: '2025-01-10' }, xiamenPack);
  assert.equal(r.reset.cleared, true); // 2020-01..2020-08: 8 months
  assert.equal(r.cumulative.otherAreaMonths, 0);
});

// ---- cov.retire (art. 27) ----

test('cov.retire: the Xiamen pack does not configure the years, and the answer says so', () => {
  const r = checkCoverage({ periods: [p('2000-01', '2024-12', 'paid')], today: '2025-01-10', sex: 'male', scheme: 'employee' }, xiamenPack);
  assert.equal(r.retirement.status, 'notConfigured');
  assert.equal(r.retirement.rule, 'cov.retire');
  assert.equal(r.retirement.source, 'Social Insurance Law art. 27');
  assert.match(r.retirement.message.en, /not configured/);
});

test('cov.retire: with the years configured, the months still needed are counted (other areas included)', () => {
  const pack = packWithRetireYears(25, 20);
  const periods = [p('2005-01', '2014-12', 'paid', '福州市'), p('2015-01', '2024-12', 'paid')];
  const male = checkCoverage({ periods, today: '2025-01-10', sex: 'male' }, pack).retirement;
  assert.equal(male.status, 'configured');
  assert.ok(male.status === 'configured' && male.monthsStillNeeded === 60 && male.requiredYears === 25 && !male.reached);
  const female = checkCoverage({ periods, today: '2025-01-10', sex: 'female' }, pack).retirement;
  assert.ok(female.status === 'configured' && female.monthsStillNeeded === 0 && female.reached);
});

test('cov.retire: one month short is one month short; reaching the years exactly is enough', () => {
  const pack = packWithRetireYears(1, 1);
  const short = checkCoverage({ periods: [p('2024-01', '2024-11', 'paid')], today: '2024-12-10', sex: 'female' }, pack).retirement;
  assert.ok(short.status === 'configured' && short.monthsStillNeeded === 1);
  const exact = checkCoverage({ periods: [p('2024-01', '2024-12', 'paid')], today: '2025-01-10', sex: 'female' }, pack).retirement;
  assert.ok(exact.status === 'configured' && exact.monthsStillNeeded === 0 && exact.reached);
});

test('cov.retire: art. 27 is about employee insurance; other schemes are not applicable', () => {
  const r = checkCoverage({ periods: [p('2020-01', '2024-12', 'paid')], today: '2025-01-10', sex: 'male', scheme: 'resident' }, packWithRetireYears(25, 20));
  assert.equal(r.retirement.status, 'notApplicable');
});

test('cov.retire: without the sex the required years cannot be chosen', () => {
  const r = checkCoverage({ periods: [p('2020-01', '2024-12', 'paid')], today: '2025-01-10' }, packWithRetireYears(25, 20));
  assert.equal(r.retirement.status, 'sexUnknown');
});

test('cov.retire: every coverage answer carries its rule id and legal basis', () => {
  const r = checkCoverage({ periods: [p('2020-01', '2024-12', 'paid')], today: '2025-01-10' }, xiamenPack);
  for (const a of [r.frozen, r.makeUp, r.reset, r.cumulative, r.retirement]) {
    assert.match(a.rule, /^cov\./);
    assert.ok(a.source.length > 0 && a.basis['zh-CN'].length > 0 && a.basis.en.length > 0, a.rule);
    assert.ok(a.message['zh-CN'].length > 0 && a.message.en.length > 0, a.rule);
  }
});

// ---- cov.schemes (art. 26) ----

test('cov.schemes: a case without its scheme gets a warning at scheme', () => {
  const { scheme: _omit, ...rest } = caseWith({});
  const f = ruleFindings(rest as CaseFile, 'cov.schemes');
  assert.equal(f.length, 1);
  assert.equal(f[0]!.at, 'scheme');
  assert.equal(f[0]!.level, 'warning');
});

test('cov.schemes: a scheme the pack does not cover is an error; one it covers is fine', () => {
  const data = structuredClone(xiamenPackData) as typeof xiamenPackData;
  (data as { schemes: string[] }).schemes = ['employee'];
  const pack = parsePack(data);
  const c = caseWith({ scheme: 'rural' });
  assert.equal(evaluate(c, pack, { today: '2025-01-10' }).findings.filter((f) => f.rule === 'cov.schemes' && f.level === 'error').length, 1);
  assert.equal(ruleFindings(caseWith({ scheme: 'rural' }), 'cov.schemes').length, 0);
});

test('cov.frozen: the coverage check runs on the default pack and its input has a schema for the contract', async () => {
  const { coverageInputSchema } = await import('../../shared/rules/coverage.ts');
  const input = coverageInputSchema.parse({ periods: [{ from: '2024-01', to: '2024-05', status: 'paid' }], today: '2024-09-15' });
  const r = checkCoverage(input);
  assert.deepEqual(r.frozen.months, ['2024-06', '2024-07', '2024-08']);
  assert.equal(r.makeUp.until, '2024-12-31');
  assert.equal(coverageInputSchema.safeParse({ periods: [], today: '2024-02-30' }).success, false);
});
