// The one evaluation: materials with status, findings, completeness, totals, pack — the
// shape the core, the renderer and the PDF builder rely on.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { CaseFile } from '../../shared/model/case.ts';
import { caseFileSchema } from '../../shared/model/case.ts';
import { parsePack, xiamenPack, xiamenPackData } from '../../shared/policy/index.ts';
import { evaluate } from '../../shared/rules/evaluate.ts';

const ALL_BASELINE = ['identity-document', 'social-security-card', 'original-invoices', 'expense-list'];
const provided = (...ids: string[]) => ids.map((id) => ({ id, status: 'provided' as const, files: ['scan.jpg'] }));

function noCardCase(over: Partial<CaseFile> = {}): CaseFile {
  return {
    format: 'claimdesk/case@1', category: 'noCard', scheme: 'employee', filedOn: '2025-01-10',
    claimant: { name: '黄八', idNumber: '11010519491231002X' },
    coverage: [{ from: '2015-01', to: '2024-12', area: '厦门市', status: 'paid' }],
    expenses: [
      { invoiceCode: '35010124', invoiceNo: '0000000001', date: '2024-12-02', institution: '厦门长庚医院', kind: 'outpatient', amountFen: 140950 },
      { invoiceCode: '35010124', invoiceNo: '0000000002', date: '2024-12-03', institution: '厦门长庚医院', kind: 'outpatient', amountFen: 10700053 },
    ],
    materials: provided(...ALL_BASELINE, 'emergency-records'),
    ...over,
  };
}

test('money.words: the totals carry the sum in fen and in 大写', () => {
  const e = evaluate(noCardCase(), xiamenPack, { today: '2025-01-10' });
  assert.deepEqual(e.totals, { amountFen: 10841003, amountWords: '壹拾万捌仟肆佰壹拾元零叁分', lines: 2 });
});

test('case.materials: a complete case — every required material provided and no error', () => {
  const e = evaluate(noCardCase(), xiamenPack, { today: '2025-01-10' });
  assert.deepEqual(e.findings.filter((f) => f.level === 'error'), []);
  assert.equal(e.complete, true);
  assert.deepEqual(e.pack, { id: 'xiamen', version: xiamenPack.version });
  assert.equal(e.filedOn, '2025-01-10');
  assert.equal(e.coverage?.cumulativeMonths, 120);
  const ids = e.materials.map((m) => m.id);
  assert.deepEqual(ids, [...ALL_BASELINE, 'discharge-record', 'emergency-records']);
  assert.equal(e.materials.find((m) => m.id === 'discharge-record')?.required, false);
});

test('case.materials: a missing required material makes the case incomplete; waived counts as settled', () => {
  const missing = evaluate(noCardCase({ materials: provided(...ALL_BASELINE) }), xiamenPack, { today: '2025-01-10' });
  assert.equal(missing.complete, false);
  assert.equal(missing.materials.find((m) => m.id === 'emergency-records')?.status, 'missing');
  const waived = evaluate(noCardCase({ materials: [...provided(...ALL_BASELINE), { id: 'emergency-records', status: 'waived' }] }), xiamenPack, { today: '2025-01-10' });
  assert.equal(waived.complete, true);
});

test('case.materials: an inpatient line makes the discharge record required', () => {
  const c = noCardCase();
  c.expenses![0] = { ...c.expenses![0]!, kind: 'inpatient' };
  const e = evaluate(c, xiamenPack, { today: '2025-01-10' });
  assert.equal(e.materials.find((m) => m.id === 'discharge-record')?.required, true);
  assert.equal(e.complete, false);
});

test('case.materials: a material marked provided without its files is a warning; an unknown id an info', () => {
  const c = noCardCase({ materials: [...provided(...ALL_BASELINE.filter((x) => x !== 'expense-list')), { id: 'expense-list', status: 'provided' }, { id: 'emergency-records', status: 'provided', files: ['a'] }, { id: 'made-up-id', status: 'provided' }] });
  const f = evaluate(c, xiamenPack, { today: '2025-01-10' }).findings.filter((x) => x.rule === 'case.materials');
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['warning', 'materials[3].files'], ['info', 'materials[5].id']]);
});

test('case.materials: a material marked missing or waived that has files is a warning at its status (the package would attach what its index calls missing)', () => {
  const c = noCardCase({ materials: [...provided(...ALL_BASELINE.filter((x) => x !== 'original-invoices')), { id: 'original-invoices', status: 'missing', files: ['inv.jpg'] }, { id: 'emergency-records', status: 'waived', note: '急诊记录已遗失', files: ['a.jpg', 'b.jpg'] }] });
  const f = evaluate(c, xiamenPack, { today: '2025-01-10' }).findings.filter((x) => x.rule === 'case.materials' && x.level === 'warning');
  assert.deepEqual(f.map((x) => x.at), ['materials[3].status', 'materials[4].status']);
  assert.match(f[0]!.message['zh-CN'], /“医疗费用原始发票”标为缺少，却附有 1 份文件/);
  assert.match(f[1]!.message['zh-CN'], /标为免提供，却附有 2 份文件/);
  // Provided with files, or missing without: nothing to say.
  const fine = noCardCase({ materials: [...provided(...ALL_BASELINE), { id: 'emergency-records', status: 'missing' }] });
  assert.deepEqual(evaluate(fine, xiamenPack, { today: '2025-01-10' }).findings.filter((x) => x.rule === 'case.materials' && x.level === 'warning'), []);
});

test('case.materials: a card number written down needs no scan (files min 0)', () => {
  const c = noCardCase({ materials: [...provided(...ALL_BASELINE.filter((x) => x !== 'social-security-card'), 'emergency-records'), { id: 'social-security-card', status: 'provided', note: '社保卡号 A12345678' }] });
  const e = evaluate(c, xiamenPack, { today: '2025-01-10' });
  assert.deepEqual(e.findings.filter((x) => x.rule === 'case.materials'), []);
  assert.equal(e.complete, true);
});

test('policy.pack: errors come first, then warnings, then info', () => {
  const e = evaluate(noCardCase({ claimant: { name: '黄八', idNumber: '110105194912310021' }, scheme: undefined, coverage: [] }), xiamenPack, { today: '2025-01-10' });
  const levels = e.findings.map((f) => f.level);
  assert.deepEqual(levels, [...levels].sort((a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b)));
  assert.equal(levels[0], 'error');
});

test('policy.pack: a pack without the case category gives an error instead of throwing', () => {
  const data = structuredClone(xiamenPackData);
  data.categories = data.categories.filter((c) => c.id !== 'noCard');
  const e = evaluate(noCardCase(), parsePack(data), { today: '2025-01-10' });
  assert.equal(e.complete, false);
  assert.deepEqual(e.findings.filter((f) => f.rule === 'policy.pack').map((f) => [f.level, f.at]), [['error', 'category']]);
  assert.deepEqual(e.materials, []);
  assert.equal(e.totals.lines, 2);
});

test('policy.pack: a pack not yet in force on the filing date is flagged', () => {
  const data = structuredClone(xiamenPackData);
  data.effectiveFrom = '2025-02-01';
  const f = evaluate(noCardCase(), parsePack(data), { today: '2025-01-10' }).findings.filter((x) => x.rule === 'policy.pack');
  assert.equal(f[0]?.level, 'warning');
});

test('policy.pack: a parameter ended in the pack is reported as not configured, and its rule not applied', () => {
  const data = structuredClone(xiamenPackData);
  data.parameters['enrol.confirmDay']!.values.push({ from: '2024-01-01', value: null, reference: 'repealed (test)' });
  const c = noCardCase({ category: 'enrolChange', facts: { enrolChangeOn: '2024-12-20' }, filedOn: '2024-12-21' });
  const f = evaluate(c, parsePack(data), { today: '2024-12-21' }).findings;
  assert.deepEqual(f.filter((x) => x.rule === 'cat.enrolChange.midNextMonth'), []);
  assert.match(f.find((x) => x.rule === 'policy.pack')!.message.en, /enrol\.confirmDay/);
});

test('policy.pack: filedOn defaults to the day of the evaluation', () => {
  const { filedOn: _drop, ...c } = noCardCase();
  assert.equal(evaluate(c as CaseFile, xiamenPack, { today: '2025-03-03' }).filedOn, '2025-03-03');
});

test('policy.pack: every example case file evaluates, and the evaluation is plain JSON', () => {
  const dir = path.resolve(import.meta.dirname, '..', '..', 'examples');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const c = caseFileSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    const e = evaluate(c, xiamenPack, { today: '2026-11-27' });
    assert.deepEqual(JSON.parse(JSON.stringify(e)), e, f);
    for (const finding of e.findings) assert.ok(xiamenPack.rules.some((r) => r.id === finding.rule), `${f}: ${finding.rule} has no citation`);
  }
});

test('case.materials: each required material still missing is an error finding naming it; providing it clears it', () => {
  const missing = evaluate(noCardCase({ materials: provided('identity-document', 'social-security-card', 'original-invoices') }), xiamenPack, { today: '2025-01-10' });
  const errors = missing.findings.filter((f) => f.rule === 'case.materials' && f.level === 'error');
  assert.deepEqual(errors.map((f) => f.message['zh-CN']).sort(), ['缺少材料：门诊或住院病历（急症/抢救）', '缺少材料：费用汇总清单'].sort());
  assert.equal(missing.complete, false);
  const whole = evaluate(noCardCase(), xiamenPack, { today: '2025-01-10' });
  assert.equal(whole.findings.filter((f) => f.rule === 'case.materials' && f.level === 'error').length, 0);
});
