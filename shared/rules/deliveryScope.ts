// cat.delivery.scope (seed §4): a delivery-elsewhere claim covers "hospitalization delivery
// expenses and reasonable prenatal and postpartum examination expenses". Lines of another
// kind (the category's expenseScope in the pack) are flagged for the reviewer, not refused:
// an inpatient line may be the delivery stay typed under the wrong kind.
import type { Expense, ExpenseKind } from '../model/case.ts';
import type { Finding } from '../model/evaluation.ts';
import type { RuleContext } from './context.ts';
import { finding } from './finding.ts';

/** Indexes of the expense lines whose kind is outside the scope. */
export function outOfScopeLines(expenses: readonly Expense[], scope: readonly ExpenseKind[]): number[] {
  const out: number[] = [];
  expenses.forEach((e, i) => { if (!scope.includes(e.kind)) out.push(i); });
  return out;
}

export function deliveryScopeFindings(ctx: RuleContext): Finding[] {
  const scope = ctx.category.expenseScope;
  if (!scope) return [];
  return outOfScopeLines(ctx.caseFile.expenses ?? [], scope).map((i) =>
    finding('cat.delivery.scope', 'warning', '异地分娩仅报销住院分娩及合理的产前、产后检查费用：此项费用不在范围内，请核对',
      'Delivery elsewhere covers only the delivery stay and reasonable prenatal/postpartum examinations: this line is outside; please check',
      `expenses[${i}].kind`));
}
