// The audit trail: one event per change, written in the same transaction as the change.
import type { Db } from './db/open.ts';

export interface AuditEvent {
  at: string;
  actor: string;
  action: string;
  caseNumber: string | null;
  detail: Record<string, unknown>;
}

export function recordEvent(db: Db, e: AuditEvent): void {
  db.prepare(`INSERT INTO audit_events (at, actor, action, case_number, detail) VALUES (?, ?, ?, ?, ?)`)
    .run(e.at, e.actor, e.action, e.caseNumber, JSON.stringify(e.detail));
}

export function eventsForCase(db: Db, caseNumber: string): AuditEvent[] {
  return (db.prepare(`SELECT at, actor, action, case_number, detail FROM audit_events WHERE case_number = ? ORDER BY id`).all(caseNumber) as
    { at: string; actor: string; action: string; case_number: string | null; detail: string }[])
    .map((r) => ({ at: r.at, actor: r.actor, action: r.action, caseNumber: r.case_number, detail: JSON.parse(r.detail) as Record<string, unknown> }));
}
