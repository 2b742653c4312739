// case.expenseDates (practice): a claim is for expenses already incurred. An invoice dated
// after the filing date cannot be handed in with that claim, and one dated after today (in
// Xiamen) does not exist yet — most often a typing slip in the year (2027 for 2024) that the
// deadline rules would otherwise count from. One error per line.
import type { CaseFile } from '../model/case.ts';
import type { Finding } from '../model/evaluation.ts';
import { finding } from './finding.ts';

export function expenseDateFindings(caseFile: CaseFile, filedOn: string, today: string): Finding[] {
  return (caseFile.expenses ?? []).flatMap((e, i) => {
    const at = `expenses[${i}].date`;
    if (e.date > today) {
      return [finding('case.expenseDates', 'error', `费用日期 ${e.date} 晚于今天（${today}）：请核对日期`, `The expense is dated ${e.date}, after today (${today}): check the date`, at)];
    }
    if (e.date > filedOn) {
      return [finding('case.expenseDates', 'error', `费用日期 ${e.date} 晚于申请日期 ${filedOn}：申请日期之后的费用不能在本次申请中报销，请核对费用日期或申请日期`,
        `The expense is dated ${e.date}, after the filing date ${filedOn}: it cannot be claimed in this claim; check the date or the filing date`, at)];
    }
    return [];
  });
}
