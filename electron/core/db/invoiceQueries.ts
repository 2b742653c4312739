// The query side of rule case.duplicateInvoice (shared/rules/duplicateInvoice.ts): the
// invoices of the claimant's other cases, and every duplicate in the database (verify).
// A claimant is known by ID number: people rows are per case, so "the same claimant" is
// the same id_number.
import type { Db } from './open.ts';
import { statement } from './statements.ts';
import { duplicateInvoices, incomingInvoiceKey, invoiceKey, type InvoiceRef, type OtherCaseInvoices } from '../../../shared/rules/duplicateInvoice.ts';

interface LineRef { number: string; id_number: string | null; name: string; line_id: number; invoice_code: string | null; invoice_no: string }

/** The invoices of the claimant's other cases (same ID number), for evaluate(). */
export function otherCaseInvoices(db: Db, caseNumber: string): OtherCaseInvoices[] {
  const rows = statement(db, `
    SELECT o.number, op.id_number, l.invoice_code, l.invoice_no
      FROM cases c JOIN people p ON p.id = c.claimant_id
      JOIN people op ON op.id_number = p.id_number
      JOIN cases o ON o.claimant_id = op.id AND o.id <> c.id
      JOIN expense_lines l ON l.case_id = o.id
     WHERE c.number = ? AND p.id_number IS NOT NULL AND l.invoice_no IS NOT NULL AND l.invoice_no <> ''
     ORDER BY o.number, l.position, l.id`).all(caseNumber) as { number: string; id_number: string; invoice_code: string | null; invoice_no: string }[];
  const byCase = new Map<string, OtherCaseInvoices>();
  for (const r of rows) {
    let other = byCase.get(r.number);
    if (!other) byCase.set(r.number, (other = { caseNumber: r.number, claimantIdNumber: r.id_number, expenses: [] }));
    (other.expenses as { invoiceCode?: string; invoiceNo?: string }[]).push({ invoiceCode: r.invoice_code ?? undefined, invoiceNo: r.invoice_no });
  }
  return [...byCase.values()];
}

export interface DuplicateInvoiceReport {
  /** 'code|number' after the rule's normalisation. */
  invoice: string;
  /** The claimant's name; when the invoice is in cases of several people, their names joined by 、 */
  claimant: string;
  /** Every case (and 1-based line) that carries it; two or more. */
  at: { case: string; line: number }[];
}

/**
 * Every invoice that appears more than once across the whole database, using the rule's own
 * comparison (invoiceKey): twice in one case, in two cases of the same claimant (ID number; a
 * case without one stands alone), or in cases of different people — an invoice is one
 * person's, so the same invoice under two claimants is a copy-paste error or a double claim.
 */
export function allDuplicateInvoices(db: Db): DuplicateInvoiceReport[] {
  const rows = db.prepare(`
    SELECT c.number, p.id_number, p.name, l.id AS line_id, l.invoice_code, l.invoice_no,
           ROW_NUMBER() OVER (PARTITION BY c.id ORDER BY l.position, l.id) AS line
      FROM expense_lines l JOIN cases c ON c.id = l.case_id JOIN people p ON p.id = c.claimant_id
     ORDER BY c.number, l.position, l.id`).all() as (LineRef & { line: number })[];
  // By invoice key, with whose each line is (ID number; a case without one stands alone).
  const byKey = new Map<string, { who: string; name: string; case: string; line: number }[]>();
  for (const r of rows) {
    if (!r.invoice_no) continue;
    const key = invoiceKey({ invoiceCode: r.invoice_code ?? undefined, invoiceNo: r.invoice_no });
    if (!key) continue;
    const who = r.id_number ? `id:${r.id_number.toUpperCase()}` : `case:${r.number}`;
    const list = byKey.get(key) ?? [];
    list.push({ who, name: r.name, case: r.number, line: r.line });
    byKey.set(key, list);
  }
  const out: DuplicateInvoiceReport[] = [];
  for (const [key, list] of byKey) {
    if (list.length < 2) continue;
    const names = new Map<string, string>();
    for (const l of list) if (!names.has(l.who)) names.set(l.who, l.name);
    out.push({ invoice: key, claimant: [...new Set(names.values())].join('、'), at: list.map((l) => ({ case: l.case, line: l.line })) });
  }
  return out.sort((a, b) => (a.at[0]!.case + a.invoice < b.at[0]!.case + b.invoice ? -1 : 1));
}

/** The rule's findings for one case, with its other cases from the database. */
export function duplicateInvoicesOfCase(db: Db, caseFile: Parameters<typeof duplicateInvoices>[0]): ReturnType<typeof duplicateInvoices> {
  return duplicateInvoices(caseFile, caseFile.number ? otherCaseInvoices(db, caseFile.number) : []);
}

/**
 * The invoices a claimant (ID number) already has, each with the first case (in number order)
 * that carries it, keyed as an incoming invoice is (incomingInvoiceKey: leading zeros a
 * spreadsheet dropped do not count). What imports hold a new case or sheet row against.
 */
export function invoicesHeldBy(db: Db, idNumber: string): Map<string, string> {
  const rows = statement(db, `
    SELECT c.number, l.invoice_code, l.invoice_no
      FROM people p JOIN cases c ON c.claimant_id = p.id JOIN expense_lines l ON l.case_id = c.id
     WHERE p.id_number = ? AND l.invoice_no IS NOT NULL AND l.invoice_no <> ''
     ORDER BY c.number`).all(idNumber.toUpperCase()) as { number: string; invoice_code: string | null; invoice_no: string }[];
  const held = new Map<string, string>();
  for (const r of rows) {
    const key = incomingInvoiceKey({ invoiceCode: r.invoice_code ?? undefined, invoiceNo: r.invoice_no });
    if (key && !held.has(key)) held.set(key, r.number);
  }
  return held;
}

/**
 * The case already in the database that an incoming case repeats: one of the same claimant
 * (ID number) that carries an invoice the incoming case names — a case file imported twice,
 * or a later version of it with more invoices, or one invoice claimed twice. Null when the
 * incoming case names no ID number or no invoice (nothing to know it by).
 */
export function sameCaseAlreadyHere(db: Db, caseFile: { claimant: { idNumber?: string | undefined }; expenses?: readonly { invoiceCode?: string | undefined; invoiceNo?: string | undefined }[] | undefined }): string | null {
  const id = caseFile.claimant.idNumber;
  const wanted = (caseFile.expenses ?? []).map(incomingInvoiceKey).filter((k): k is string => k !== undefined);
  if (!id || wanted.length === 0) return null;
  const held = invoicesHeldBy(db, id);
  const cases = wanted.map((k) => held.get(k)).filter((n): n is string => n !== undefined).sort();
  return cases[0] ?? null;
}

/**
 * The forms an invoice code or number may be stored in when a spreadsheet dropped its leading
 * zeros: as given, without them, and zero-padded to the lengths invoice codes and numbers
 * have (8 and 10 digits for fiscal e-receipts, 10 and 12 for VAT invoice codes, 20 for
 * fully digital invoices). A bounded set, so each lookup stays a few index seeks.
 */
function storedForms(part: string): string[] {
  const p = part.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (!/^\d+$/.test(p)) return [...new Set([p, part])];
  const bare = p.replace(/^0+(?=\d)/, '');
  return [...new Set([part, p, bare, ...[8, 10, 12, 20].filter((n) => n > bare.length).map((n) => bare.padStart(n, '0'))])];
}

/**
 * Every case (with its claimant) that carries this invoice, whoever the claimant, in case
 * number order; compared as an incoming invoice is (incomingInvoiceKey). Uses the
 * (invoice_code, invoice_no) index.
 */
export function casesWithInvoice(db: Db, e: InvoiceRef): { number: string; name: string; idNumber: string | null }[] {
  const key = incomingInvoiceKey(e);
  if (key === undefined) return [];
  const code = (e.invoiceCode ?? '').trim();
  const rows = statement(db, `
    SELECT c.number, p.name, p.id_number AS idNumber, l.invoice_code AS invoiceCode, l.invoice_no AS invoiceNo
      FROM expense_lines l JOIN cases c ON c.id = l.case_id JOIN people p ON p.id = c.claimant_id
     WHERE l.invoice_code IN (SELECT value FROM json_each(@codes)) AND l.invoice_no IN (SELECT value FROM json_each(@nos))
    UNION ALL
    SELECT c.number, p.name, p.id_number AS idNumber, l.invoice_code AS invoiceCode, l.invoice_no AS invoiceNo
      FROM expense_lines l JOIN cases c ON c.id = l.case_id JOIN people p ON p.id = c.claimant_id
     WHERE @nullCode = 1 AND l.invoice_code IS NULL AND l.invoice_no IN (SELECT value FROM json_each(@nos))
     ORDER BY 1`).all({ codes: JSON.stringify(code ? storedForms(code) : ['']), nos: JSON.stringify(storedForms((e.invoiceNo ?? '').trim())), nullCode: code ? 0 : 1 }) as
    { number: string; name: string; idNumber: string | null; invoiceCode: string | null; invoiceNo: string }[];
  return rows.filter((r) => incomingInvoiceKey({ invoiceCode: r.invoiceCode ?? undefined, invoiceNo: r.invoiceNo }) === key)
    .map(({ number, name, idNumber }) => ({ number, name, idNumber }));
}

/**
 * The expense lines a claimant already has — by ID number, or, for a claimant without one,
 * by name among the cases whose claimant has no ID number — keyed by `keyOf`, each with the
 * first case (in number order) that has it. What an import holds its rows against, so a
 * sheet without invoice numbers imported twice is recognised.
 */
export function linesHeldBy(db: Db, who: { idNumber: string | null; name: string | null }, keyOf: (e: { date: string; institution: string; amountFen: number; invoiceCode?: string; invoiceNo?: string }) => string): Map<string, string> {
  const rows = (who.idNumber
    ? statement(db, `
      SELECT c.number, l.date, l.institution, l.amount_fen AS amountFen, l.invoice_code AS invoiceCode, l.invoice_no AS invoiceNo
        FROM people p JOIN cases c ON c.claimant_id = p.id JOIN expense_lines l ON l.case_id = c.id
       WHERE p.id_number = ? ORDER BY c.number`).all(who.idNumber.toUpperCase())
    : who.name
      ? statement(db, `
      SELECT c.number, l.date, l.institution, l.amount_fen AS amountFen, l.invoice_code AS invoiceCode, l.invoice_no AS invoiceNo
        FROM people p JOIN cases c ON c.claimant_id = p.id JOIN expense_lines l ON l.case_id = c.id
       WHERE p.name = ? AND p.id_number IS NULL ORDER BY c.number`).all(who.name)
      : []) as { number: string; date: string; institution: string; amountFen: number; invoiceCode: string | null; invoiceNo: string | null }[];
  const held = new Map<string, string>();
  for (const r of rows) {
    const key = keyOf({ date: r.date, institution: r.institution, amountFen: r.amountFen, ...(r.invoiceCode ? { invoiceCode: r.invoiceCode } : {}), ...(r.invoiceNo ? { invoiceNo: r.invoiceNo } : {}) });
    if (!held.has(key)) held.set(key, r.number);
  }
  return held;
}
