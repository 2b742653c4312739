// Rows ↔ the domain case (shared/model/case.ts). Only this module writes SQL for cases,
// people, expense lines and materials; callers run it inside their transaction.
import type { Db } from './open.ts';
import { statement, type Statement } from './statements.ts';
import type { CaseFile, CaseStatus, CategoryId, Expense, MaterialEntry } from '../../../shared/model/case.ts';
import type { CaseSummary, ExpenseLine } from '../../../shared/contract.ts';

export interface CaseRow {
  id: number;
  number: string;
  category: CategoryId;
  scheme: string | null;
  status: CaseStatus;
  filed_on: string | null;
  claimant_id: number;
  details: string;
  pack_id: string;
  pack_version: string;
  total_fen: number;
  line_count: number;
  created_at: string;
  updated_at: string;
}

interface PersonRow {
  id: number; name: string; id_number: string | null; sex: 'male' | 'female' | null; birth_date: string | null;
  phone: string | null; employer: string | null; retired_cadre: number; cadre_answer: number | null;
}

interface LineRow {
  id: number; case_id: number; position: number; invoice_code: string | null; invoice_no: string | null; date: string;
  institution: string; item: string | null; kind: Expense['kind']; amount_fen: number; name_on_voucher: string | null;
  visits: number | null; card_settled: number | null; stamped_charging: number | null; stamped_card: number | null;
}

/** The case-file parts kept as JSON in cases.details. */
type Details = Pick<CaseFile, 'newborn' | 'coverage' | 'facts'>;

const bool = (v: number | null): boolean | undefined => (v === null ? undefined : v === 1);
const bit = (v: boolean | undefined): number | null => (v === undefined ? null : v ? 1 : 0);
/** Drop undefined and null-as-absent values so a stored case reads back as it was written. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}

export function lineFromRow(r: LineRow): ExpenseLine {
  return {
    id: r.id,
    ...compact({
      invoiceCode: r.invoice_code ?? undefined, invoiceNo: r.invoice_no ?? undefined, date: r.date,
      institution: r.institution, item: r.item ?? undefined, kind: r.kind, amountFen: r.amount_fen,
      nameOnVoucher: r.name_on_voucher ?? undefined, visits: r.visits ?? undefined,
      cardSettled: bool(r.card_settled), stampedByChargingOffice: bool(r.stamped_charging), stampedByCardOffice: bool(r.stamped_card),
    }),
  } as ExpenseLine;
}

function lineParams(caseId: number, position: number, e: Expense) {
  return {
    case_id: caseId, position, invoice_code: e.invoiceCode ?? null, invoice_no: e.invoiceNo ?? null, date: e.date,
    institution: e.institution, item: e.item ?? null, kind: e.kind, amount_fen: e.amountFen,
    name_on_voucher: e.nameOnVoucher ?? null, visits: e.visits ?? null, card_settled: bit(e.cardSettled),
    stamped_charging: bit(e.stampedByChargingOffice), stamped_card: bit(e.stampedByCardOffice),
  };
}

/** Serials wider than this (a billion cases in a day) are not looked for. */
const MAX_SERIAL_DIGITS = 9;

export class CaseRepository {
  constructor(private readonly db: Db) {}

  private stmt = (sql: string): Statement => statement(this.db, sql);

  /**
   * The next case number for the day: CD-YYYYMMDD-NNNN, never one used before — not even by
   * a case since removed (its audit trail keeps the number, and a number handed to someone
   * must not come to mean another person's case).
   */
  nextNumber(day: string): string {
    const prefix = `CD-${day.replaceAll('-', '')}-`;
    // The serial has four digits, and more past 9999 — where text order ends: CD-…-9999 sorts
    // after CD-…-10000. So the highest is looked for among the longest serials first, each
    // width on its own. A text range alone ('CD-…-00000'..'CD-…-99999') also holds every
    // shorter and longer serial of the day, so each width read the whole day's index, at every
    // new case (300 imported after 12,000 made that day took 4x as long as into an empty
    // database). The *_number_width indexes (migration 6) put the length first: each width is
    // one seek, whatever the day holds. INDEXED BY: never the plain number index's range.
    const highest = (table: string, index: string, column: string): number => {
      const sql = `SELECT ${column} FROM ${table} INDEXED BY ${index} WHERE length(${column}) = ? AND ${column} >= ? AND ${column} <= ? ORDER BY ${column} DESC LIMIT 1`;
      for (let width = MAX_SERIAL_DIGITS; width >= 4; width--) {
        const n = this.stmt(sql).pluck().get(prefix.length + width, prefix + '0'.repeat(width), prefix + '9'.repeat(width)) as string | undefined;
        if (n) return Number(n.slice(prefix.length)) || 0;
      }
      return 0;
    };
    const next = 1 + Math.max(highest('cases', 'cases_number_width', 'number'), highest('audit_events', 'audit_events_case_number_width', 'case_number'));
    return prefix + String(next).padStart(4, '0');
  }

  findRow(number: string): CaseRow | undefined {
    return this.stmt(`SELECT * FROM cases WHERE number = ?`).get(number) as CaseRow | undefined;
  }

  insertPerson(c: CaseFile['claimant']): number {
    const r = this.stmt(`INSERT INTO people (name, id_number, sex, birth_date, phone, employer, retired_cadre, cadre_answer)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(c.name, c.idNumber ?? null, c.sex ?? null, c.birthDate ?? null, c.phone ?? null,
      c.employer ?? null, c.retiredCadre ? 1 : 0, bit(c.retiredCadre));
    return Number(r.lastInsertRowid);
  }

  updatePerson(id: number, c: CaseFile['claimant']): void {
    this.stmt(`UPDATE people SET name = ?, id_number = ?, sex = ?, birth_date = ?, phone = ?, employer = ?, retired_cadre = ?, cadre_answer = ? WHERE id = ?`)
      .run(c.name, c.idNumber ?? null, c.sex ?? null, c.birthDate ?? null, c.phone ?? null, c.employer ?? null, c.retiredCadre ? 1 : 0, bit(c.retiredCadre), id);
  }

  insertCase(v: { number: string; caseFile: CaseFile; status: CaseStatus; pack: { id: string; version: string }; now: string }): CaseRow {
    const claimantId = this.insertPerson(v.caseFile.claimant);
    const details: Details = compact({ newborn: v.caseFile.newborn, coverage: v.caseFile.coverage, facts: v.caseFile.facts });
    const r = this.stmt(`INSERT INTO cases (number, category, scheme, status, filed_on, claimant_id, details, pack_id, pack_version, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(v.number, v.caseFile.category, v.caseFile.scheme ?? null, v.status,
      v.caseFile.filedOn ?? null, claimantId, JSON.stringify(details), v.pack.id, v.pack.version, v.now, v.now);
    const caseId = Number(r.lastInsertRowid);
    (v.caseFile.expenses ?? []).forEach((e, i) => this.insertLine(caseId, i + 1, e));
    for (const m of v.caseFile.materials ?? []) this.setMaterial(caseId, m);
    this.refreshTotals(caseId);
    return this.findRow(v.number)!;
  }

  /** Write the case-level fields (not lines or materials) from a case file. */
  updateCase(row: CaseRow, caseFile: CaseFile, pack: { id: string; version: string }, now: string): void {
    this.updatePerson(row.claimant_id, caseFile.claimant);
    const details: Details = compact({ newborn: caseFile.newborn, coverage: caseFile.coverage, facts: caseFile.facts });
    this.stmt(`UPDATE cases SET category = ?, scheme = ?, filed_on = ?, details = ?, pack_id = ?, pack_version = ?, updated_at = ? WHERE id = ?`)
      .run(caseFile.category, caseFile.scheme ?? null, caseFile.filedOn ?? null, JSON.stringify(details), pack.id, pack.version, now, row.id);
  }

  setStatus(caseId: number, status: CaseStatus, now: string): void {
    this.stmt(`UPDATE cases SET status = ?, updated_at = ? WHERE id = ?`).run(status, now, caseId);
  }

  touch(caseId: number, now: string): void {
    this.stmt(`UPDATE cases SET updated_at = ? WHERE id = ?`).run(now, caseId);
  }

  removeCase(row: CaseRow): void {
    this.stmt(`DELETE FROM cases WHERE id = ?`).run(row.id);
    this.stmt(`DELETE FROM people WHERE id = ? AND NOT EXISTS (SELECT 1 FROM cases WHERE claimant_id = ?)`).run(row.claimant_id, row.claimant_id);
  }

  insertLine(caseId: number, position: number, e: Expense): number {
    const p = lineParams(caseId, position, e);
    const r = this.stmt(`INSERT INTO expense_lines (case_id, position, invoice_code, invoice_no, date, institution, item, kind, amount_fen,
        name_on_voucher, visits, card_settled, stamped_charging, stamped_card)
      VALUES (@case_id, @position, @invoice_code, @invoice_no, @date, @institution, @item, @kind, @amount_fen,
        @name_on_voucher, @visits, @card_settled, @stamped_charging, @stamped_card)`).run(p);
    return Number(r.lastInsertRowid);
  }

  nextLinePosition(caseId: number): number {
    const r = this.stmt(`SELECT COALESCE(MAX(position), 0) + 1 AS next FROM expense_lines WHERE case_id = ?`).get(caseId) as { next: number };
    return r.next;
  }

  /** Replace a line's fields; false when the line is not in this case. */
  updateLine(caseId: number, lineId: number, e: Expense): boolean {
    const existing = this.stmt(`SELECT position FROM expense_lines WHERE id = ? AND case_id = ?`).get(lineId, caseId) as { position: number } | undefined;
    if (!existing) return false;
    const p = lineParams(caseId, existing.position, e);
    this.stmt(`UPDATE expense_lines SET invoice_code = @invoice_code, invoice_no = @invoice_no, date = @date, institution = @institution,
        item = @item, kind = @kind, amount_fen = @amount_fen, name_on_voucher = @name_on_voucher, visits = @visits,
        card_settled = @card_settled, stamped_charging = @stamped_charging, stamped_card = @stamped_card
      WHERE id = @id AND case_id = @case_id`).run({ ...p, id: lineId });
    return true;
  }

  removeLine(caseId: number, lineId: number): boolean {
    return this.stmt(`DELETE FROM expense_lines WHERE id = ? AND case_id = ?`).run(lineId, caseId).changes === 1;
  }

  refreshTotals(caseId: number): void {
    this.stmt(`UPDATE cases SET
        total_fen = (SELECT COALESCE(SUM(amount_fen), 0) FROM expense_lines WHERE case_id = @id),
        line_count = (SELECT COUNT(*) FROM expense_lines WHERE case_id = @id)
      WHERE id = @id`).run({ id: caseId });
  }

  setMaterial(caseId: number, m: MaterialEntry): void {
    this.stmt(`INSERT INTO materials (case_id, material_id, status, note) VALUES (?, ?, ?, ?)
      ON CONFLICT (case_id, material_id) DO UPDATE SET status = excluded.status, note = excluded.note`)
      .run(caseId, m.id, m.status, m.note ?? null);
  }

  /** The whole case as a case file, lines with their ids. */
  load(row: CaseRow): CaseFile & { expenses: ExpenseLine[] } {
    const person = this.stmt(`SELECT * FROM people WHERE id = ?`).get(row.claimant_id) as PersonRow;
    const lines = (this.stmt(`SELECT * FROM expense_lines WHERE case_id = ? ORDER BY position, id`).all(row.id) as LineRow[]).map(lineFromRow);
    const materials = (this.stmt(`SELECT material_id, status, note FROM materials WHERE case_id = ? ORDER BY material_id`).all(row.id) as
      { material_id: string; status: MaterialEntry['status']; note: string | null }[]);
    const files = this.stmt(`SELECT material_id, file_name FROM attachments WHERE case_id = ? ORDER BY material_id, position`).all(row.id) as
      { material_id: string; file_name: string }[];
    const details = JSON.parse(row.details) as Details;
    return compact({
      format: 'claimdesk/case@1' as const,
      number: row.number,
      category: row.category,
      scheme: (row.scheme ?? undefined) as CaseFile['scheme'],
      filedOn: row.filed_on ?? undefined,
      claimant: compact({
        name: person.name, idNumber: person.id_number ?? undefined, sex: person.sex ?? undefined, birthDate: person.birth_date ?? undefined,
        phone: person.phone ?? undefined, employer: person.employer ?? undefined, retiredCadre: bool(person.cadre_answer),
      }),
      ...details,
      expenses: lines,
      materials: materials.map((m) => compact({
        id: m.material_id, status: m.status, note: m.note ?? undefined,
        files: files.filter((f) => f.material_id === m.material_id).map((f) => f.file_name),
      })),
    }) as CaseFile & { expenses: ExpenseLine[] };
  }

  summaries(where: string, params: unknown[], limit: number, offset: number): { total: number; items: CaseSummary[] } {
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM cases c JOIN people p ON p.id = c.claimant_id ${where}`).get(...params) as { n: number }).n;
    const rows = this.db.prepare(`SELECT c.number, p.name AS claimant, p.id_number, c.category, c.status, c.total_fen, c.line_count, c.updated_at
        FROM cases c JOIN people p ON p.id = c.claimant_id ${where}
        ORDER BY c.updated_at DESC, c.id DESC LIMIT ? OFFSET ?`).all(...params, limit, offset) as
      { number: string; claimant: string; id_number: string | null; category: CategoryId; status: CaseStatus; total_fen: number; line_count: number; updated_at: string }[];
    return {
      total,
      items: rows.map((r) => ({
        number: r.number, claimant: r.claimant, idNumber: r.id_number, category: r.category, status: r.status,
        totalFen: r.total_fen, lines: r.line_count, updatedAt: r.updated_at,
      })),
    };
  }
}
