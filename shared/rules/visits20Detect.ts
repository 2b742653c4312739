// cat.visits20.detect (seed §7): outpatient visits counted per calendar month from the
// expense lines (an outpatient line stands for `visits` visits, 1 when not stated); a month
// over visits.monthlyLimit (20) needs the §7 materials: the 20th visit is not over, the
// 21st is. Card settlement (the §7 bill "must be settled by credit card") is checked on
// the outpatient lines of the months over the limit in a visits20 case: false is an error,
// not recorded is asked about.
import type { Expense } from '../model/case.ts';
import type { Finding } from '../model/evaluation.ts';
import { readParam, type RuleContext } from './context.ts';
import { finding } from './finding.ts';
import { monthOf } from './months.ts';

/** Outpatient visits per calendar month, months in order. */
export function outpatientVisitsByMonth(expenses: readonly Expense[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of expenses) {
    if (e.kind !== 'outpatient') continue;
    const m = monthOf(e.date);
    counts.set(m, (counts.get(m) ?? 0) + (e.visits ?? 1));
  }
  return new Map([...counts].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Months with more than `limit` outpatient visits. */
export function monthsOverVisitLimit(expenses: readonly Expense[], limit: number): { month: string; visits: number }[] {
  return [...outpatientVisitsByMonth(expenses)].filter(([, v]) => v > limit).map(([month, visits]) => ({ month, visits }));
}

export function visitsFindings(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const expenses = ctx.caseFile.expenses ?? [];
  const limit = readParam(ctx, 'visits.monthlyLimit', ctx.filedOn, out);
  if (limit === undefined) return out;
  const over = monthsOverVisitLimit(expenses, limit);
  const inCategory = ctx.caseFile.category === 'visits20';
  if (inCategory && over.length === 0 && expenses.length > 0) {
    out.push(finding('cat.visits20.detect', 'warning', `没有哪个月门诊超过 ${limit} 次：本类别可能不适用`,
      `No month has more than ${limit} outpatient visits: this category may not apply`, 'category'));
  }
  if (!inCategory) {
    for (const { month, visits } of over) {
      out.push(finding('cat.visits20.detect', 'warning',
        `${month} 门诊 ${visits} 次，超过 ${limit} 次：须提供刷卡结算并显示挂号次数的票据及门诊病历（第7类）`,
        `${month} has ${visits} outpatient visits, over ${limit}: card-settled bills showing the visits and outpatient records are needed (category 7)`, 'expenses'));
    }
  }
  if (inCategory) {
    // The bills of the months over the limit are the ones §7 asks to be card-settled.
    const overMonths = new Set(over.map((o) => o.month));
    const unknown: number[] = [];
    expenses.forEach((e, i) => {
      if (e.kind !== 'outpatient' || !overMonths.has(monthOf(e.date))) return;
      if (e.cardSettled === false) {
        out.push(finding('cat.visits20.detect', 'error', '单月超过20次的门诊票据须刷卡结算', 'Bills of a month over 20 visits must be settled with the card', `expenses[${i}].cardSettled`));
      }
      if (e.cardSettled === undefined) unknown.push(i);
    });
    // Not recorded is not settled by card: ask once for the lines, as the outage stamp check asks.
    if (unknown.length > 0) {
      const lines = unknown.map((i) => i + 1).join('、');
      out.push(finding('cat.visits20.detect', 'warning', `请确认门诊票据已刷卡结算（第 ${lines} 行未注明）`,
        `Confirm that the outpatient bills were settled with the card (not recorded on line${unknown.length > 1 ? 's' : ''} ${unknown.map((i) => i + 1).join(', ')})`, unknown.length === 1 ? `expenses[${unknown[0]}].cardSettled` : 'expenses'));
    }
  }
  return out;
}
