// The guided flow's plain modules, without a browser: which steps a category has, where each
// finding sends the user (Finding.at → step and field), and the parsing of typed months and counts.
import { test, expect } from '@playwright/test';
import type { CaseRecord } from '../../shared/contract.ts';
import type { Finding, MaterialStatus } from '../../shared/model/evaluation.ts';
import { CATEGORY_IDS } from '../../shared/model/case.ts';
import { countByStep, firstOpenStep, stepsFor, targetOf, withKey } from '../../renderer/src/lib/steps.ts';
import { parseCountInput, parseMonthInput } from '../../renderer/src/lib/input.ts';

const material = (id: string, zh: string, extra: Partial<MaterialStatus> = {}): MaterialStatus => ({
  id, title: { 'zh-CN': zh, en: id }, required: true, status: 'missing', source: 'practice', files: 0, ...extra,
});

function record(category: CaseRecord['case']['category'], findings: Finding[]): CaseRecord {
  return {
    number: 'CD-20261127-0001', status: 'draft', createdAt: '', updatedAt: '', pack: { id: 'xiamen', version: '1' },
    case: {
      format: 'claimdesk/case@1', category, claimant: { name: '张三' }, expenses: [],
      materials: [{ id: 'identity-document', status: 'provided' }, { id: 'birth-certificate', status: 'provided' }],
    },
    evaluation: {
      complete: false, findings, totals: { amountFen: 0, amountWords: '零元整', lines: 0 }, pack: { id: 'xiamen', version: '1' },
      materials: [material('identity-document', '参保人身份证件'), material('expense-list', '费用汇总清单'), material('birth-certificate', '出生医学证明')],
    },
    attachments: [], package: null,
  };
}

const f = (rule: string, at: string | undefined, zh = '', level: Finding['level'] = 'error'): Finding =>
  ({ rule, level, message: { 'zh-CN': zh, en: zh }, ...(at === undefined ? {} : { at }) });

test('only the six categories with questions of their own have the questions step', () => {
  const withQuestions = CATEGORY_IDS.filter((c) => stepsFor(c).includes('questions'));
  expect(withQuestions).toEqual(['transfer', 'relocation', 'trip', 'cadreDrugs', 'enrolChange', 'newborn']);
  expect(stepsFor('outage')).toEqual(['claimant', 'coverage', 'expenses', 'materials', 'review', 'package']);
  expect(stepsFor('newborn')).toEqual(['claimant', 'questions', 'coverage', 'expenses', 'materials', 'review', 'package']);
});

test('Finding.at → the step and the field that fixes it', () => {
  const nb = record('newborn', []);
  expect(targetOf(f('cat.newborn.enrol3m', 'newborn.enrolledOn'), nb)).toEqual({ step: 'questions', field: 'q-nb-enrolledOn' });
  expect(targetOf(f('cat.newborn.enrol3m', 'newborn'), nb)).toEqual({ step: 'questions', field: 'q-nb-birthDate' });
  expect(targetOf(f('cat.transfer.urgent7d', 'facts.transferAdmittedOn'), record('transfer', []))).toEqual({ step: 'questions', field: 'q-transferAdmittedOn' });
  expect(targetOf(f('id.resident', 'claimant.idNumber'), nb)).toEqual({ step: 'claimant', field: 'c-idNumber' });
  // Sex and birth date come from the ID number: that is where to fix them.
  expect(targetOf(f('id.resident', 'claimant.sex'), nb)).toEqual({ step: 'claimant', field: 'c-idNumber' });
  expect(targetOf(f('cat.cadreDrugs.eligible', 'claimant.retiredCadre'), record('cadreDrugs', []))).toEqual({ step: 'questions', field: 'q-retiredCadre' });
  expect(targetOf(f('cov.schemes', 'scheme'), nb)).toEqual({ step: 'claimant', field: 'c-scheme' });
  expect(targetOf(f('policy.pack', 'filedOn'), nb)).toEqual({ step: 'claimant', field: 'c-filedOn' });
  expect(targetOf(f('cat.visits20.detect', 'category'), record('visits20', []))).toEqual({ step: 'claimant', field: 'c-category' });
  expect(targetOf(f('cov.reset', 'coverage[1]'), nb)).toEqual({ step: 'coverage', field: 'cov-1-from' });
  expect(targetOf(f('cov.frozen', 'coverage'), nb)).toEqual({ step: 'coverage', field: 'cov-0-from' });
  expect(targetOf(f('cov.frozen', 'expenses[2].date'), nb)).toEqual({ step: 'expenses', line: { index: 2, field: 'date' } });
  expect(targetOf(f('cat.outage.stamp', 'expenses[0].stampedByChargingOffice'), record('outage', []))).toEqual({ step: 'expenses', line: { index: 0, field: 'stampedByChargingOffice' } });
  expect(targetOf(f('cat.visits20.detect', 'expenses'), nb)).toEqual({ step: 'expenses', field: 'ex-date' });
  expect(targetOf(f('money.words', undefined), nb)).toEqual({ step: 'review' });
});

test('case.materials: a missing material by its title in the message; a file count by its entry', () => {
  const nb = record('newborn', []);
  expect(targetOf(f('case.materials', 'materials', '缺少材料：出生医学证明'), nb)).toEqual({ step: 'materials', material: 'birth-certificate', field: 'mat-birth-certificate-add' });
  expect(targetOf(f('case.materials', 'materials', '缺少材料：费用汇总清单'), nb)).toEqual({ step: 'materials', material: 'expense-list', field: 'mat-expense-list-add' });
  expect(targetOf(f('case.materials', 'materials[1].files', '“出生医学证明”标为已提供，但附件少于 1 份', 'warning'), nb))
    .toEqual({ step: 'materials', material: 'birth-certificate', field: 'mat-birth-certificate-add' });
});

test('the steps with something open, and where a case with none remembered starts', () => {
  const r = record('newborn', [
    f('cat.newborn.enrol3m', 'newborn.birthDate'), f('cov.schemes', 'scheme', '', 'warning'),
    f('case.materials', 'materials', '缺少材料：出生医学证明'), f('cov.makeup', 'coverage', '', 'info'),
  ]);
  const counts = countByStep(r);
  expect(counts.get('questions')).toEqual({ errors: 1, warnings: 0 });
  expect(counts.get('claimant')).toEqual({ errors: 0, warnings: 1 });
  expect(counts.get('materials')).toEqual({ errors: 1, warnings: 0 });
  expect(counts.has('coverage')).toBe(false); // an info finding asks nothing
  expect(firstOpenStep(r)).toBe('questions');
  expect(firstOpenStep(record('outage', []))).toBe('review');
});

test('typed months and counts', () => {
  for (const [typed, month] of [['2024-03', '2024-03'], ['2024-3', '2024-03'], ['2024/3', '2024-03'], ['2024.12', '2024-12'], ['2024年3月', '2024-03'], ['202403', '2024-03']] as const) {
    expect(parseMonthInput(typed), typed).toBe(month);
  }
  for (const bad of ['2024-13', '2024-00', '24-03', '2024', 'March 2024', '']) expect(parseMonthInput(bad), bad).toBeNull();
  expect(parseCountInput('12')).toBe(12);
  expect(parseCountInput(' 0 ')).toBe(0);
  for (const bad of ['1.5', '-1', 'x', '', '10000000']) expect(parseCountInput(bad), bad).toBeNull();
  expect(parseCountInput('1001', 1000)).toBeNull();
});

test('withKey sets a field, or leaves it out when cleared', () => {
  expect(withKey({ a: 1, b: 2 } as { a?: number; b?: number }, 'a', undefined)).toEqual({ b: 2 });
  expect(withKey({ b: 2 } as { a?: number; b?: number }, 'a', 3)).toEqual({ a: 3, b: 2 });
});
