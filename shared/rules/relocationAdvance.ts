// cat.relocation.advance (seed §2): living or working elsewhere for more than half a year
// (relocation.minMonths) requires registration in advance, i.e. dated before the treatment
// (the first expense). A registration on the day of the first treatment cannot be placed
// before or after it from the dates alone: a warning, not an error.
import type { Expense } from '../model/case.ts';
import type { Finding } from '../model/evaluation.ts';
import { readParam, type RuleContext } from './context.ts';
import { finding } from './finding.ts';

export type RelocationVerdict = 'notRequired' | 'inAdvance' | 'sameDay' | 'late' | 'missing';

export function relocationRegistrationVerdict(
  months: number, minMonths: number, registeredOn: string | undefined, firstTreatmentOn: string | undefined,
): RelocationVerdict {
  if (months <= minMonths) return 'notRequired';
  if (!registeredOn) return 'missing';
  if (!firstTreatmentOn || registeredOn < firstTreatmentOn) return 'inAdvance';
  return registeredOn === firstTreatmentOn ? 'sameDay' : 'late';
}

export function firstExpenseDate(expenses: readonly Expense[]): string | undefined {
  let first: string | undefined;
  for (const e of expenses) if (first === undefined || e.date < first) first = e.date;
  return first;
}

export function relocationFindings(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const f = ctx.caseFile.facts ?? {};
  const at = 'facts.relocationRegisteredOn';
  if (f.relocationMonths === undefined) {
    out.push(finding('cat.relocation.advance', 'warning', '请填写异地居住或工作的时长（月）', 'Record how many months the stay elsewhere lasts', 'facts.relocationMonths'));
    return out;
  }
  const first = firstExpenseDate(ctx.caseFile.expenses ?? []);
  const min = readParam(ctx, 'relocation.minMonths', first ?? ctx.filedOn, out);
  if (min === undefined) return out;
  switch (relocationRegistrationVerdict(f.relocationMonths, min, f.relocationRegisteredOn, first)) {
    case 'notRequired':
      out.push(finding('cat.relocation.advance', 'warning', `异地 ${f.relocationMonths} 个月未超过 ${min} 个月：不属于异地安置登记情形，可考虑“短期外出”类别`,
        `${f.relocationMonths} months elsewhere is not over ${min}: registration does not apply; the short-trip category may fit`, 'facts.relocationMonths'));
      break;
    case 'missing':
      out.push(finding('cat.relocation.advance', 'error', '请填写异地登记日期（须在就医前办理）', 'Record the registration date (it must precede the treatment)', at));
      break;
    case 'sameDay':
      out.push(finding('cat.relocation.advance', 'warning', `登记日期与首次就医同日（${f.relocationRegisteredOn}）：须能证明登记在就医之前`,
        `Registered on the day of the first treatment (${f.relocationRegisteredOn}): it must be shown to precede the treatment`, at));
      break;
    case 'late':
      out.push(finding('cat.relocation.advance', 'error', `异地登记（${f.relocationRegisteredOn}）晚于首次就医（${first}）：须事先登记`,
        `Registration (${f.relocationRegisteredOn}) is after the first treatment (${first}): it must come in advance`, at));
      break;
    case 'inAdvance':
      break;
  }
  return out;
}
