// cat.transfer.urgent7d (seed §1): an urgent transfer completes its formalities within
// transfer.urgentDays (7) days of the transfer admission — admission date + 7 is still in
// time. A transfer that is not urgent has its formalities before it: on or before the
// admission date.
import type { Finding } from '../model/evaluation.ts';
import { readParam, type RuleContext } from './context.ts';
import { finding } from './finding.ts';
import { addDaysToDate } from './months.ts';

/** The last day the transfer formalities may be dated. */
export function transferFormalitiesDeadline(admittedOn: string, urgent: boolean, urgentDays: number): string {
  return urgent ? addDaysToDate(admittedOn, urgentDays) : admittedOn;
}

export function isTransferFormalitiesInTime(admittedOn: string, formalitiesOn: string, urgent: boolean, urgentDays: number): boolean {
  return formalitiesOn <= transferFormalitiesDeadline(admittedOn, urgent, urgentDays);
}

export function transferFindings(ctx: RuleContext): Finding[] {
  const out: Finding[] = [];
  const f = ctx.caseFile.facts ?? {};
  if (f.transferUrgent === undefined) {
    out.push(finding('cat.transfer.urgent7d', 'warning', '请说明是否病情紧急（紧急的可在入院后7日内补办手续）',
      'State whether the condition was urgent (urgent transfers may complete the formalities within 7 days of admission)', 'facts.transferUrgent'));
  }
  if (!f.transferAdmittedOn) {
    // Without the dates the deadline cannot be checked: the case is not ready to hand in.
    out.push(finding('cat.transfer.urgent7d', 'error', '请填写转院入院日期（据此核对手续期限）', 'Record the transfer admission date (the deadline is counted from it)', 'facts.transferAdmittedOn'));
    return out;
  }
  if (!f.transferFormalitiesOn) {
    out.push(finding('cat.transfer.urgent7d', 'error', '请填写转诊转院手续办理日期（据此核对是否按期办理）', 'Record the date of the transfer formalities (to check they were in time)', 'facts.transferFormalitiesOn'));
    return out;
  }
  const urgent = f.transferUrgent === true;
  const days = readParam(ctx, 'transfer.urgentDays', f.transferAdmittedOn, out);
  if (days === undefined) return out;
  const deadline = transferFormalitiesDeadline(f.transferAdmittedOn, urgent, days);
  if (f.transferFormalitiesOn > deadline) {
    out.push(urgent
      ? finding('cat.transfer.urgent7d', 'error', `病情紧急的转院手续应在入院后${days}日内（最迟 ${deadline}）补办，实际 ${f.transferFormalitiesOn}`,
        `Urgent transfer: formalities were due within ${days} days of admission (by ${deadline}), done ${f.transferFormalitiesOn}`, 'facts.transferFormalitiesOn')
      : finding('cat.transfer.urgent7d', 'error', `非紧急转院应在转院前办理手续（入院 ${f.transferAdmittedOn}，手续 ${f.transferFormalitiesOn}）`,
        `A transfer that is not urgent needs its formalities before it (admitted ${f.transferAdmittedOn}, formalities ${f.transferFormalitiesOn})`, 'facts.transferFormalitiesOn'));
  }
  return out;
}
