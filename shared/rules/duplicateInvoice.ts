// case.duplicateInvoice: the same invoice (code + number) must not appear twice in a case,
// nor in two cases of the same claimant. An invoice is known by its number, with its code
// when given; codes and numbers are compared after NFKC, trimming and upper-casing, since
// full-width digits and stray spaces come in from typing and OCR.
import type { CaseFile } from '../model/case.ts';
import type { Finding } from '../model/evaluation.ts';
import { finding } from './finding.ts';

export interface InvoiceRef {
  invoiceCode?: string | undefined;
  invoiceNo?: string | undefined;
}

/** Other cases of the claimant, as the core finds them in its database. */
export interface OtherCaseInvoices {
  caseNumber: string;
  /** when known: a case of another ID number is skipped, whatever the caller passed */
  claimantIdNumber?: string;
  expenses: readonly InvoiceRef[];
}

export interface DuplicateInvoice {
  key: string;
  /** the line of this case that repeats the invoice */
  line: number;
  /** the earlier line of this case with the same invoice */
  firstLine?: number;
  /** the other case that already claims it */
  otherCase?: string;
}

const norm = (s: string | undefined) => (s ?? '').normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/** 'code|number', or undefined for a line without an invoice number. */
export function invoiceKey(e: InvoiceRef): string | undefined {
  const no = norm(e.invoiceNo);
  return no ? `${norm(e.invoiceCode)}|${no}` : undefined;
}

/**
 * The invoice key for recognising an invoice coming in again (imports), where a spreadsheet's
 * number cell has dropped an all-digit number's leading zeros (0000000801 kept as 801): those
 * zeros do not count. (The rule's own key keeps them: it is also what its messages show.)
 */
export function incomingInvoiceKey(e: InvoiceRef): string | undefined {
  const key = invoiceKey(e);
  if (key === undefined) return undefined;
  return key.split('|').map((part) => (/^\d+$/.test(part) ? part.replace(/^0+(?=\d)/, '') : part)).join('|');
}

/** Lines repeating an invoice of an earlier line of the same case. */
export function duplicateInvoicesInCase(expenses: readonly InvoiceRef[]): DuplicateInvoice[] {
  const first = new Map<string, number>();
  const out: DuplicateInvoice[] = [];
  expenses.forEach((e, line) => {
    const key = invoiceKey(e);
    if (key === undefined) return;
    const seen = first.get(key);
    if (seen === undefined) first.set(key, line);
    else out.push({ key, line, firstLine: seen });
  });
  return out;
}

/** Within the case, and against other cases of the same claimant. */
export function duplicateInvoices(caseFile: Pick<CaseFile, 'number' | 'claimant' | 'expenses'>, otherCases: readonly OtherCaseInvoices[] = []): DuplicateInvoice[] {
  const expenses = caseFile.expenses ?? [];
  const out = duplicateInvoicesInCase(expenses);
  const myId = caseFile.claimant.idNumber?.toUpperCase();
  const elsewhere = new Map<string, string>();
  for (const other of otherCases) {
    if (caseFile.number !== undefined && other.caseNumber === caseFile.number) continue;
    if (myId && other.claimantIdNumber && other.claimantIdNumber.toUpperCase() !== myId) continue;
    for (const e of other.expenses) {
      const key = invoiceKey(e);
      if (key !== undefined && !elsewhere.has(key)) elsewhere.set(key, other.caseNumber);
    }
  }
  expenses.forEach((e, line) => {
    const key = invoiceKey(e);
    const otherCase = key === undefined ? undefined : elsewhere.get(key);
    if (key !== undefined && otherCase !== undefined) out.push({ key, line, otherCase });
  });
  return out.sort((a, b) => a.line - b.line);
}

export function duplicateInvoiceFindings(caseFile: CaseFile, otherCases: readonly OtherCaseInvoices[]): Finding[] {
  return duplicateInvoices(caseFile, otherCases).map((d) => {
    const no = d.key.split('|')[1];
    // An empty case number: the caller may not say which case (a kiosk visitor must not learn another's).
    if (d.otherCase === '') {
      return finding('case.duplicateInvoice', 'error', `发票 ${no} 已在另一报销案件中申报，请到窗口核对`, `Invoice ${no} is already claimed in another case: check at the desk`, `expenses[${d.line}].invoiceNo`);
    }
    return d.otherCase !== undefined
      ? finding('case.duplicateInvoice', 'error', `发票 ${no} 已在报销案件 ${d.otherCase} 中申报`, `Invoice ${no} is already claimed in case ${d.otherCase}`, `expenses[${d.line}].invoiceNo`)
      : finding('case.duplicateInvoice', 'error', `发票 ${no} 与第 ${d.firstLine! + 1} 行重复`, `Invoice ${no} repeats line ${d.firstLine! + 1}`, `expenses[${d.line}].invoiceNo`);
  });
}
