// The one evaluation of a case against a policy pack (renderer, PDF and CLI all use it).
// Which category rules run is data: the rule ids the pack lists for the case's category.
// The checks on any case (identity, coverage, scheme, duplicate invoices, the visit count,
// 大写 totals) always run.
import type { CaseFile } from '../model/case.ts';
import type { CoverageSummary, Evaluation, Finding, FindingLevel, MaterialStatus } from '../model/evaluation.ts';
import { todayIso } from '../model/dates.ts';
import type { RuleId } from '../policy/registry.ts';
import type { PolicyPack } from '../policy/schema.ts';
import { cadreDrugsFindings } from './cadreDrugsEligible.ts';
import { cardLostSettledFindings, noCardSettledFindings, outageSettledFindings } from './cardNotSettled.ts';
import type { RuleContext } from './context.ts';
import type { CoverageCheck } from './coverage.ts';
import { coverageFindings, schemeFindings } from './coverageFindings.ts';
import { deliveryScopeFindings } from './deliveryScope.ts';
import { deliveryElsewhereFindings, relocationElsewhereFindings, tripElsewhereFindings } from './elsewhere.ts';
import { duplicateInvoiceFindings, type OtherCaseInvoices } from './duplicateInvoice.ts';
import { expenseDateFindings } from './expenseDates.ts';
import { enrolChangeFindings } from './enrolChangeMidNextMonth.ts';
import { finding } from './finding.ts';
import { identityFindings } from './identity.ts';
import { cardLostStampFindings, outageStampFindings } from './invoiceStamps.ts';
import { resolveMaterials } from './materials.ts';
import { amountInWords } from './moneyWords.ts';
import { newbornEnrolFindings, newbornPaidFirstFindings } from './newbornDeadlines.ts';
import { parentNameFindings } from './newbornName.ts';
import { relocationFindings } from './relocationAdvance.ts';
import { transferFindings } from './transferUrgent7d.ts';
import { tripChronicScopeFindings, tripProofFindings } from './trip.ts';
import { visitsFindings } from './visits20Detect.ts';

export interface EvaluateOptions {
  /** The day the evaluation is made (ISO); defaults to today. */
  today?: string;
  /**
   * Other cases of the same claimant, for case.duplicateInvoice across cases. The core
   * passes them from its database; without them only the case itself is checked.
   */
  otherCases?: readonly OtherCaseInvoices[];
}

type CategoryCheck = (ctx: RuleContext, materials: readonly MaterialStatus[]) => Finding[];

/** The category rules by id; cat.visits20.detect runs for every case (see below). */
const CATEGORY_CHECKS: Partial<Record<RuleId, CategoryCheck>> = {
  'cat.transfer.urgent7d': transferFindings,
  'cat.relocation': relocationElsewhereFindings,
  'cat.relocation.advance': relocationFindings,
  'cat.trip': tripElsewhereFindings,
  'cat.trip.proof': tripProofFindings,
  'cat.trip.chronicScope': tripChronicScopeFindings,
  'cat.delivery': deliveryElsewhereFindings,
  'cat.delivery.scope': deliveryScopeFindings,
  'cat.outage': outageSettledFindings,
  'cat.outage.stamp': outageStampFindings,
  'cat.cardLost': cardLostSettledFindings,
  'cat.cardLost.stamp': cardLostStampFindings,
  'cat.noCard': noCardSettledFindings,
  'cat.cadreDrugs.eligible': cadreDrugsFindings,
  'cat.enrolChange.midNextMonth': enrolChangeFindings,
  'cat.newborn.enrol3m': newbornEnrolFindings,
  'cat.newborn.paidFirst': newbornPaidFirstFindings,
  'cat.newborn.parentName': parentNameFindings,
};

const LEVEL_ORDER: Record<FindingLevel, number> = { error: 0, warning: 1, info: 2 };

function summarize(c: CoverageCheck | null): CoverageSummary | null {
  if (!c) return null;
  return {
    frozenMonths: c.frozen.months, makeUpPossible: c.makeUp.possible, makeUpUntil: c.makeUp.until,
    cleared: c.reset.cleared, cumulativeMonths: c.cumulative.months, otherAreaMonths: c.cumulative.otherAreaMonths,
  };
}

/**
 * money.words: the total in figures and in 大写, summed without leaving integers. The case
 * schema and the service keep a case's total at most 10^13 fen; the branch past 2^53 is left
 * for a case stored before that bound.
 */
function totalsOf(caseFile: CaseFile, findings: Finding[]): Evaluation['totals'] {
  const expenses = caseFile.expenses ?? [];
  const sum = expenses.reduce((s, e) => s + BigInt(e.amountFen), 0n);
  if (sum > BigInt(Number.MAX_SAFE_INTEGER)) {
    findings.push(finding('money.words', 'error', '合计金额过大，请核对各项金额', 'The total is too large: check the amounts', 'expenses'));
    return { amountFen: Number.MAX_SAFE_INTEGER, amountWords: amountInWords(sum), lines: expenses.length };
  }
  return { amountFen: Number(sum), amountWords: amountInWords(sum), lines: expenses.length };
}

export function evaluate(caseFile: CaseFile, pack: PolicyPack, options: EvaluateOptions = {}): Evaluation {
  const today = options.today ?? todayIso();
  const filedOn = caseFile.filedOn ?? today;
  const findings: Finding[] = [];
  const packRef = { id: pack.id, version: pack.version };

  if (pack.effectiveFrom > filedOn) {
    findings.push(finding('policy.pack', 'warning', `政策包 ${pack.id} ${pack.version} 自 ${pack.effectiveFrom} 起施行，晚于申请日 ${filedOn}`,
      `Policy pack ${pack.id} ${pack.version} is in force from ${pack.effectiveFrom}, after the filing date ${filedOn}`, 'filedOn'));
  }
  // case.filedOn: deadlines are counted and the pack is chosen from the filing date, so one
  // after today (a slip in the year, or a claim prepared ahead) is asked about.
  if (filedOn > today) {
    findings.push(finding('case.filedOn', 'warning', `申请日期 ${filedOn} 晚于今天（${today}）：请核对申请日期，应为提交申请的日期`,
      `The filing date ${filedOn} is after today (${today}): check it; it is the day the claim is handed in`, 'filedOn'));
  }
  findings.push(...identityFindings(caseFile, today));
  const totals = totalsOf(caseFile, findings);
  // A claim is for its invoices: without one expense line there is nothing to reimburse, and
  // the invoices and the expense summary the category requires would be empty.
  findings.push(...expenseDateFindings(caseFile, filedOn, today));
  if (totals.lines === 0) {
    findings.push(finding('case.materials', 'error', '尚未录入费用：请按发票逐张录入费用明细', 'No expenses yet: enter the expense lines, one per invoice', 'expenses'));
  }

  const category = pack.categories.find((c) => c.id === caseFile.category);
  if (!category) {
    findings.push(finding('policy.pack', 'error', `政策包 ${pack.id} ${pack.version} 没有“${caseFile.category}”类别`,
      `Policy pack ${pack.id} ${pack.version} has no category ${caseFile.category}`, 'category'));
    return { complete: false, findings, materials: [], totals, pack: packRef, filedOn, coverage: null };
  }

  const ctx: RuleContext = { caseFile, pack, category, today, filedOn, otherCases: options.otherCases ?? [] };
  const resolved = resolveMaterials(category, caseFile);
  const materials = resolved.materials;
  findings.push(...resolved.findings);

  const coverage = coverageFindings(ctx);
  findings.push(...coverage.findings);
  findings.push(...schemeFindings(ctx));
  findings.push(...duplicateInvoiceFindings(caseFile, ctx.otherCases));
  findings.push(...visitsFindings(ctx));
  for (const rule of category.rules) {
    const check = CATEGORY_CHECKS[rule as RuleId];
    if (check) findings.push(...check(ctx, materials));
  }

  findings.sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  const complete = !findings.some((f) => f.level === 'error') && materials.every((m) => !m.required || m.status !== 'missing');
  return { complete, findings, materials, totals, pack: packRef, filedOn, coverage: summarize(coverage.coverage) };
}
