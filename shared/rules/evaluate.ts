// The one evaluation of a case against a policy pack (renderer, PDF and CLI all use it).
import type { CaseFile } from '../model/case.ts';
import type { Evaluation, Finding, MaterialStatus } from '../model/evaluation.ts';
import { todayIso } from '../model/dates.ts';
import { findCategory, type PolicyPack } from '../policy/index.ts';
import { amountInWords } from './moneyWords.ts';
import { checkIdNumber, ID_PROBLEM_MESSAGES } from './idNumber.ts';

export interface EvaluateOptions {
  /** The day the evaluation is made (ISO); defaults to today. */
  today?: string;
}

export function evaluate(caseFile: CaseFile, pack: PolicyPack, options: EvaluateOptions = {}): Evaluation {
  const today = options.today ?? todayIso();
  const findings: Finding[] = [];

  const idNumber = caseFile.claimant.idNumber;
  if (idNumber) {
    const checked = checkIdNumber(idNumber, today);
    if (!checked.ok) {
      findings.push({ rule: 'id.resident', level: 'error', message: ID_PROBLEM_MESSAGES[checked.problem], at: 'claimant.idNumber' });
    }
  }

  const category = findCategory(pack, caseFile.category);
  const entries = new Map((caseFile.materials ?? []).map((m) => [m.id, m]));
  const materials: MaterialStatus[] = category.materials.map((def) => {
    const entry = entries.get(def.id);
    return {
      id: def.id, title: def.title, help: def.help, source: def.source, required: true,
      status: entry?.status ?? 'missing', files: entry?.files?.length ?? 0,
    };
  });

  const amountFen = (caseFile.expenses ?? []).reduce((sum, e) => sum + e.amountFen, 0);
  const complete = !findings.some((f) => f.level === 'error') && materials.every((m) => !m.required || m.status !== 'missing');
  return {
    complete,
    findings,
    materials,
    totals: { amountFen, amountWords: amountInWords(amountFen), lines: caseFile.expenses?.length ?? 0 },
    pack: { id: pack.id, version: pack.version },
  };
}
