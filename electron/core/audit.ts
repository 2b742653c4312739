// The audit trail: one event per change, written in the same transaction as the change.
import type { Db } from './db/open.ts';
import { statement } from './db/statements.ts';
import { formulaSafe } from '../../shared/formula.ts';

export interface AuditEvent {
  at: string;
  actor: string;
  action: string;
  caseNumber: string | null;
  detail: Record<string, unknown>;
}

export function recordEvent(db: Db, e: AuditEvent): void {
  statement(db, `INSERT INTO audit_events (at, actor, action, case_number, detail) VALUES (?, ?, ?, ?, ?)`)
    .run(e.at, e.actor, e.action, e.caseNumber, JSON.stringify(e.detail));
}

export function eventsForCase(db: Db, caseNumber: string): AuditEvent[] {
  return (statement(db, `SELECT at, actor, action, case_number, detail FROM audit_events WHERE case_number = ? ORDER BY id`).all(caseNumber) as
    { at: string; actor: string; action: string; case_number: string | null; detail: string }[])
    .map((r) => ({ at: r.at, actor: r.actor, action: r.action, caseNumber: r.case_number, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}

export interface AuditRow extends AuditEvent {
  id: number;
}

/** Events of one case (or all, oldest first), for audit.list and `claimdesk audit`. */
export function listEvents(db: Db, options: { caseNumber?: string; limit?: number; offset?: number } = {}): { total: number; items: AuditRow[] } {
  const where = options.caseNumber === undefined ? '' : 'WHERE case_number = ?';
  const params = options.caseNumber === undefined ? [] : [options.caseNumber];
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM audit_events ${where}`).get(...params) as { n: number }).n;
  const rows = db.prepare(`SELECT id, at, actor, action, case_number, detail FROM audit_events ${where} ORDER BY id LIMIT ? OFFSET ?`)
    .all(...params, options.limit ?? -1, options.offset ?? 0) as { id: number; at: string; actor: string; action: string; case_number: string | null; detail: string }[];
  return {
    total,
    items: rows.map((r) => ({ id: r.id, at: r.at, actor: r.actor, action: r.action, caseNumber: r.case_number, detail: JSON.parse(r.detail) as Record<string, unknown> })),
  };
}

/** A CSV cell: quoted when needed; a leading = + - @ is neutralised so a spreadsheet never runs it. */
function csvCell(value: string): string {
  const safe = formulaSafe(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** RFC 4180 CSV with a UTF-8 byte order mark (so spreadsheet programs read the Chinese). */
export function eventsToCsv(events: readonly AuditRow[]): string {
  const lines = ['id,at,actor,action,case,detail'];
  for (const e of events) {
    lines.push([String(e.id), e.at, e.actor, e.action, e.caseNumber ?? '', JSON.stringify(e.detail)].map(csvCell).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
