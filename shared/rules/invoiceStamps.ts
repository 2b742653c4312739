// cat.outage.stamp (seed §5) and cat.cardLost.stamp (seed §6): a stamp on every invoice —
// endorsed and stamped by the charging office after a system failure, stamped on the back by
// the card office when the card was lost or late. Checked per invoice: lines sharing an
// invoice code + number are one invoice (stamped if any line says so); a line without a
// number is its own invoice. Stated unstamped: error; not stated: warning.
import type { Expense } from '../model/case.ts';
import type { Finding } from '../model/evaluation.ts';
import type { RuleId } from '../policy/registry.ts';
import type { RuleContext } from './context.ts';
import { invoiceKey } from './duplicateInvoice.ts';
import { finding } from './finding.ts';

type StampField = 'stampedByChargingOffice' | 'stampedByCardOffice';

export interface InvoiceStamp {
  /** index of the invoice's first line */
  line: number;
  stamped: boolean | undefined;
}

/** One entry per invoice: stamped when any of its lines says so, unknown when none says. */
export function invoiceStamps(expenses: readonly Expense[], field: StampField): InvoiceStamp[] {
  const byKey = new Map<string, InvoiceStamp>();
  const out: InvoiceStamp[] = [];
  expenses.forEach((e, i) => {
    const key = invoiceKey(e) ?? `line:${i}`;
    let entry = byKey.get(key);
    if (!entry) { entry = { line: i, stamped: undefined }; byKey.set(key, entry); out.push(entry); }
    const v = e[field];
    if (v === true) entry.stamped = true;
    else if (v === false && entry.stamped === undefined) entry.stamped = false;
  });
  return out;
}

function stampFindings(ctx: RuleContext, rule: RuleId, field: StampField, who: { zh: string; en: string }): Finding[] {
  return invoiceStamps(ctx.caseFile.expenses ?? [], field).flatMap(({ line, stamped }) => {
    const at = `expenses[${line}].${field}`;
    if (stamped === true) return [];
    return stamped === false
      ? [finding(rule, 'error', `该发票未经${who.zh}盖章`, `This invoice is not stamped by ${who.en}`, at)]
      : [finding(rule, 'warning', `请确认该发票已经${who.zh}盖章`, `Confirm that this invoice is stamped by ${who.en}`, at)];
  });
}

export function outageStampFindings(ctx: RuleContext): Finding[] {
  return stampFindings(ctx, 'cat.outage.stamp', 'stampedByChargingOffice', { zh: '医疗机构收费处签注并', en: "the institution's charging office (endorsed and stamped)" });
}

export function cardLostStampFindings(ctx: RuleContext): Finding[] {
  return stampFindings(ctx, 'cat.cardLost.stamp', 'stampedByCardOffice', { zh: '社保卡管理部门在背面', en: 'the card management department (on the back)' });
}
