// cat.enrolChange.midNextMonth (seed §10): after an enrolment or employer change the claim
// can be filed once the tax change is confirmed "in the middle of the next month": from day
// enrol.confirmDay (15) of the month after the change, that day included
// (change 2024-12-20 → earliest 2025-01-15).
import type { Finding } from '../model/evaluation.ts';
import { readParam, type RuleContext } from './context.ts';
import { finding } from './finding.ts';
import { addMonthsToMonth, dayOfMonth, monthOf } from './months.ts';

export function earliestFilingAfterChange(changeOn: string, confirmDay: number): string {
  return dayOfMonth(addMonthsToMonth(monthOf(changeOn), 1), confirmDay);
}

export function enrolChangeFindings(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const changeOn = ctx.caseFile.facts?.enrolChangeOn;
  if (!changeOn) {
    // Without it the earliest filing date cannot be checked: the case is not ready to hand in.
    out.push(finding('cat.enrolChange.midNextMonth', 'error', '请填写参保变更日期（据此核对最早申请日期）', 'Record the date of the enrolment change (the earliest filing date is counted from it)', 'facts.enrolChangeOn'));
    return out;
  }
  const day = readParam(ctx, 'enrol.confirmDay', changeOn, out);
  if (day === undefined) return out;
  const earliest = earliestFilingAfterChange(changeOn, day);
  if (ctx.filedOn < earliest) {
    out.push(finding('cat.enrolChange.midNextMonth', 'error', `变更于 ${changeOn}，须待次月中旬确认后报销：最早 ${earliest} 申请`,
      `Changed on ${changeOn}: the claim can be filed once confirmed mid next month, from ${earliest}`, 'filedOn'));
  }
  return out;
}
