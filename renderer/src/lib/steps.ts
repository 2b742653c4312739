// The guided flow of a case: which steps a category has, and where each finding of the
// evaluation sends the user (Finding.at is a field path: 'newborn.enrolledOn',
// 'expenses[2].date', 'coverage[0]', 'materials'). Pure: no DOM, no Svelte.
import type { CaseRecord } from '../../../shared/contract.ts';
import type { CategoryId } from '../../../shared/model/case.ts';
import type { Finding } from '../../../shared/model/evaluation.ts';

export const STEP_IDS = ['claimant', 'questions', 'coverage', 'expenses', 'materials', 'review', 'package'] as const;
export type StepId = (typeof STEP_IDS)[number];

/** Categories with questions of their own (dates, kinds, the newborn); the others ask theirs per invoice. */
const WITH_QUESTIONS: readonly CategoryId[] = ['transfer', 'relocation', 'trip', 'cadreDrugs', 'enrolChange', 'newborn'];

export function hasQuestions(category: CategoryId): boolean {
  return WITH_QUESTIONS.includes(category);
}

/** The steps of a case of this category, in order. */
export function stepsFor(category: CategoryId): StepId[] {
  return STEP_IDS.filter((s) => s !== 'questions' || hasQuestions(category));
}

/** Where a finding is fixed: the step, and the element to focus there (or an expense line's field). */
export interface Target {
  step: StepId;
  /** id of the element to focus */
  field?: string;
  /** an expense line by index, and the line's field */
  line?: { index: number; field: string };
  /** a material by id */
  material?: string;
}

/** The material a 'case.materials' finding is about: by its index in the case's entries, or its title in the message. */
function materialOf(finding: Finding, record: CaseRecord): string | undefined {
  const m = /^materials\[(\d+)\]/.exec(finding.at ?? '');
  if (m) return record.case.materials?.[Number(m[1])]?.id;
  // 'Missing material: <title>' names the material only in words; match the pack's titles.
  const zh = finding.message['zh-CN'];
  const named = record.evaluation.materials.filter((x) => zh.includes(`：${x.title['zh-CN']}`) || zh.includes(`“${x.title['zh-CN']}”`));
  if (named.length > 0) return named.sort((a, b) => b.title['zh-CN'].length - a.title['zh-CN'].length)[0]!.id;
  return record.evaluation.materials.find((x) => x.required && x.status === 'missing')?.id;
}

export function targetOf(finding: Finding, record: CaseRecord): Target {
  const at = finding.at ?? '';
  const category = record.case.category;
  if (at === 'claimant.retiredCadre' && category === 'cadreDrugs') return { step: 'questions', field: 'q-retiredCadre' };
  let m = /^claimant\.(\w+)/.exec(at);
  if (m) {
    const field = m[1]!;
    // sex and birth date come from the ID number: fix it there.
    return { step: 'claimant', field: field === 'sex' || field === 'birthDate' ? 'c-idNumber' : `c-${field}` };
  }
  if (at === 'claimant') return { step: 'claimant', field: 'c-name' };
  if (at === 'scheme') return { step: 'claimant', field: 'c-scheme' };
  if (at === 'filedOn') return { step: 'claimant', field: 'c-filedOn' };
  if (at === 'category') return { step: 'claimant', field: 'c-category' };
  m = /^facts\.(\w+)/.exec(at);
  if (m) return hasQuestions(category) ? { step: 'questions', field: `q-${m[1]}` } : { step: 'review' };
  if (at === 'newborn') return { step: 'questions', field: 'q-nb-birthDate' };
  m = /^newborn\.(\w+)/.exec(at);
  if (m) return { step: 'questions', field: `q-nb-${m[1]}` };
  m = /^coverage\[(\d+)\]/.exec(at);
  if (m) return { step: 'coverage', field: `cov-${m[1]}-from` };
  if (at === 'coverage') return { step: 'coverage', field: 'cov-0-from' };
  m = /^expenses\[(\d+)\](?:\.(\w+))?/.exec(at);
  if (m) return { step: 'expenses', line: { index: Number(m[1]), field: m[2] ?? 'date' } };
  if (at === 'expenses') return { step: 'expenses', field: 'ex-date' };
  if (at.startsWith('materials') || finding.rule === 'case.materials') {
    const material = materialOf(finding, record);
    return material ? { step: 'materials', material, field: `mat-${material}-add` } : { step: 'materials' };
  }
  return { step: 'review' };
}

/** Findings that still ask something of the user: errors first, then warnings. */
export function openFindings(record: CaseRecord): Finding[] {
  return record.evaluation.findings.filter((f) => f.level !== 'info');
}

/** How many open findings each step has. */
export function countByStep(record: CaseRecord): Map<StepId, { errors: number; warnings: number }> {
  const counts = new Map<StepId, { errors: number; warnings: number }>();
  for (const f of openFindings(record)) {
    const { step } = targetOf(f, record);
    const c = counts.get(step) ?? { errors: 0, warnings: 0 };
    if (f.level === 'error') c.errors++;
    else c.warnings++;
    counts.set(step, c);
  }
  return counts;
}

/** The step to start at for a case that has none remembered: the first with something open, else review. */
export function firstOpenStep(record: CaseRecord): StepId {
  const steps = stepsFor(record.case.category);
  const counts = countByStep(record);
  return steps.find((s) => (counts.get(s)?.errors ?? 0) > 0) ?? 'review';
}

/** The open findings a field shows beside itself. */
export function notesFor(record: CaseRecord, fieldId: string): Finding[] {
  return openFindings(record).filter((f) => targetOf(f, record).field === fieldId);
}

/** `obj` with `key` set to `value`, or without `key` when `value` is undefined. */
export function withKey<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): T {
  const next = { ...obj };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}
