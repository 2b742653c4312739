// The coverage rules applied to a case: expenses dated in frozen months (cov.frozen),
// lapses that can be made up (cov.makeup) or that cleared the earlier years (cov.reset),
// periods in other areas and months recorded twice (cov.transfer), the scheme (cov.schemes).
// The history is read as of the filing date: that is when the claim meets the rules.
import type { Finding } from '../model/evaluation.ts';
import type { RuleContext } from './context.ts';
import { checkCoverage, type CoverageCheck, type Lapse } from './coverage.ts';
import { finding } from './finding.ts';
import { eachMonth, monthOf } from './months.ts';
import { claimantFacts } from './identity.ts';

export function coverageFindings(ctx: RuleContext): { findings: Finding[]; coverage: CoverageCheck | null } {
  const out: Finding[] = [];
  const periods = ctx.caseFile.coverage ?? [];
  if (periods.length === 0) {
    out.push(finding('cov.frozen', 'info', '未填写缴费记录，未检查断缴冻结', 'No payment history recorded: frozen months not checked', 'coverage'));
    return { findings: out, coverage: null };
  }
  const facts = claimantFacts(ctx.caseFile, ctx.today);
  const input: Parameters<typeof checkCoverage>[0] = { periods, today: ctx.filedOn };
  if (facts.sex) input.sex = facts.sex;
  if (ctx.caseFile.scheme) input.scheme = ctx.caseFile.scheme;
  const check = checkCoverage(input, ctx.pack);
  const byMonth = new Map(check.timeline.months.map((m) => [m.month, m]));

  // A newborn case records the claiming parent's history, while the expenses are the
  // child's, covered from birth once enrolled in time (cat.newborn.enrol3m): the parent's
  // unpaid months say nothing about them.
  const expensesOfInsured = ctx.caseFile.category === 'newborn' ? [] : ctx.caseFile.expenses ?? [];
  // The lapse each month belongs to: a month of a lapse over the limit can never be made up
  // (cov.reset), so an expense in it stays without benefits whatever the history says of it.
  const lapseOf = new Map<string, Lapse>();
  for (const l of check.lapses) for (const m of eachMonth(l.from, l.to)) lapseOf.set(m, l);
  const firstMonth = check.timeline.months[0]?.month;
  expensesOfInsured.forEach((e, i) => {
    const m = monthOf(e.date);
    const rec = byMonth.get(m);
    const at = `expenses[${i}].date`;
    if (!rec) {
      if (firstMonth !== undefined && m < firstMonth) {
        out.push(finding('cov.frozen', 'warning', `费用月份 ${m} 早于缴费记录的第一个月 ${firstMonth}：请补充该月的缴费记录，未缴费的月份医保卡冻结，不享受待遇`,
          `The expense's month ${m} is before the first month of the payment history (${firstMonth}): add that month's record; in a month not paid the card was frozen`, at));
      }
      return;
    }
    const lapse = lapseOf.get(m);
    const overLimit = lapse?.resets === true;
    const limitZh = overLimit ? `该次断缴 ${lapse.months} 个月，超过 ${check.maxGapMonths} 个月，不能补缴` : '';
    const limitEn = overLimit ? `its lapse of ${lapse.months} months is over ${check.maxGapMonths} and cannot be made up` : '';
    if (rec.status === 'unpaid' && !rec.inferred) {
      out.push(overLimit
        ? finding('cov.frozen', 'error', `费用日期 ${e.date} 在断缴月份 ${m}：${limitZh}，医保卡冻结期间的费用不享受待遇`,
          `Expense dated ${e.date} falls in unpaid month ${m}: ${limitEn}; no benefits for expenses while the card was frozen`, at)
        : finding('cov.frozen', 'error', `费用日期 ${e.date} 在断缴月份 ${m}：医保卡冻结，不享受待遇（补缴后方可报销）`,
          `Expense dated ${e.date} falls in unpaid month ${m}: the card was frozen, no benefits unless the month is made up`, at));
    } else if (rec.status === 'unpaid') {
      out.push(finding('cov.frozen', 'warning', `费用月份 ${m} 没有缴费记录：如确未缴费，医保卡冻结，不享受待遇${overLimit ? `（${limitZh}）` : ''}`,
        `No payment recorded for ${m}, the month of this expense: if it was not paid, the card was frozen${overLimit ? ` (${limitEn})` : ''}`, at));
    } else if (rec.status === 'madeUp' && overLimit) {
      out.push(finding('cov.frozen', 'error', `${m} 记为补缴，但${limitZh}：该月的费用不享受待遇`,
        `${m} is recorded as made up, but ${limitEn}: no benefits for this month's expense`, at));
    } else if (rec.status === 'madeUp' && rec.madeUpOn !== undefined && rec.madeUpOn > ctx.filedOn) {
      out.push(finding('cov.frozen', 'error', `${m} 于 ${rec.madeUpOn} 补缴，晚于申请日 ${ctx.filedOn}：须先补缴再报销`,
        `${m} was made up on ${rec.madeUpOn}, after the filing date ${ctx.filedOn}: make up first, then claim`, at));
    }
  });

  for (const lapse of check.lapses) {
    const first = byMonth.get(lapse.from);
    const at = first?.period !== undefined ? `coverage[${first.period}]` : 'coverage';
    if (lapse.resets === true) {
      // Months the history does not list are read as unpaid: say so, the lapse may be a gap in what was typed.
      const unlisted = eachMonth(lapse.from, lapse.to).filter((m) => byMonth.get(m)?.inferred).length;
      out.push(finding('cov.reset', 'warning',
        `${lapse.from} 至 ${lapse.to} 断缴 ${lapse.months} 个月，超过 ${check.maxGapMonths} 个月：不能补缴，须重新参保，此前缴费年限清零${unlisted ? `（其中 ${unlisted} 个月没有缴费记录，按未缴计算，请核对）` : ''}`,
        `Lapse ${lapse.from} to ${lapse.to} of ${lapse.months} months is over ${check.maxGapMonths}: it cannot be made up; enrol again; earlier payment years are cleared${unlisted ? ` (${unlisted} of its months have no record and are read as unpaid: please check)` : ''}`, at));
      if (lapse.madeUpMonths.length > 0) {
        out.push(finding('cov.makeup', 'warning',
          `${lapse.madeUpMonths.join('、')} 记为补缴，但所在断缴超过 ${check.maxGapMonths} 个月，按规定不能补缴，请核对`,
          `${lapse.madeUpMonths.join(', ')} are recorded as made up, but their lapse is over ${check.maxGapMonths} months and cannot be made up: please check`, at));
      }
    }
  }
  if (check.makeUp.possible) out.push({ rule: 'cov.makeup', level: 'info', message: check.makeUp.message, at: 'coverage' });
  if (check.timeline.overlaps.length > 0) {
    out.push(finding('cov.transfer', 'warning', `${check.timeline.overlaps.length} 个月份在多条缴费记录中重复出现，累计年限只计一次`,
      `${check.timeline.overlaps.length} month(s) appear in more than one period; cumulative years count them once`, 'coverage'));
  }
  if (check.cumulative.otherAreaMonths > 0) {
    out.push({ rule: 'cov.transfer', level: 'info', message: check.cumulative.message, at: 'coverage' });
  }
  return { findings: out, coverage: check };
}

/** cov.schemes: the case records which of the pack's schemes the insured belongs to. */
export function schemeFindings(ctx: RuleContext): Finding[] {
  const scheme = ctx.caseFile.scheme;
  if (scheme === undefined) {
    return [finding('cov.schemes', 'warning', '请填写参保险种（职工医保、新农合或城乡居民医保）',
      'Record the scheme: employee, rural cooperative or urban residents\' insurance', 'scheme')];
  }
  if (!ctx.pack.schemes.includes(scheme)) {
    return [finding('cov.schemes', 'error', `政策包 ${ctx.pack.id} 不适用于该险种（${scheme}）`,
      `Policy pack ${ctx.pack.id} does not cover the scheme ${scheme}`, 'scheme')];
  }
  return [];
}
