// Rows of the attachments table: which stored file (by hash) belongs to which material of
// which case, and in what order.
import type { Db } from './open.ts';
import { statement } from './statements.ts';
import type { AttachmentInfo } from '../../../shared/contract.ts';

interface Row {
  id: number; material_id: string; position: number; file_name: string; mime: AttachmentInfo['mime']; size: number; sha256: string;
}

const info = (r: Row): AttachmentInfo => ({
  id: r.id, materialId: r.material_id, position: r.position, fileName: r.file_name, mime: r.mime, size: r.size, sha256: r.sha256,
});

export class AttachmentRepository {
  constructor(private readonly db: Db) {}

  forCase(caseId: number): AttachmentInfo[] {
    return (statement(this.db, `SELECT id, material_id, position, file_name, mime, size, sha256 FROM attachments
      WHERE case_id = ? ORDER BY material_id, position, id`).all(caseId) as Row[]).map(info);
  }

  add(caseId: number, a: Omit<AttachmentInfo, 'id' | 'position'>, now: string): number {
    const next = (statement(this.db, `SELECT COALESCE(MAX(position), 0) + 1 AS p FROM attachments WHERE case_id = ? AND material_id = ?`)
      .get(caseId, a.materialId) as { p: number }).p;
    return Number(statement(this.db, `INSERT INTO attachments (case_id, material_id, position, sha256, file_name, mime, size, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(caseId, a.materialId, next, a.sha256, a.fileName, a.mime, a.size, now).lastInsertRowid);
  }

  /** Remove one attachment and close the gap in its material's order; returns what was removed. */
  remove(caseId: number, id: number): AttachmentInfo | null {
    const found = this.forCase(caseId).find((a) => a.id === id);
    if (!found) return null;
    statement(this.db, `DELETE FROM attachments WHERE id = ?`).run(id);
    this.renumber(caseId, found.materialId, this.forCase(caseId).filter((a) => a.materialId === found.materialId).map((a) => a.id));
    return found;
  }

  /** Move an attachment to a 1-based position within its material. */
  move(caseId: number, id: number, position: number): boolean {
    const found = this.forCase(caseId).find((a) => a.id === id);
    if (!found) return false;
    const ids = this.forCase(caseId).filter((a) => a.materialId === found.materialId && a.id !== id).map((a) => a.id);
    ids.splice(Math.min(position, ids.length + 1) - 1, 0, id);
    this.renumber(caseId, found.materialId, ids);
    return true;
  }

  private renumber(caseId: number, materialId: string, orderedIds: number[]): void {
    const stmt = statement(this.db, `UPDATE attachments SET position = ? WHERE id = ? AND case_id = ? AND material_id = ?`);
    orderedIds.forEach((aid, i) => stmt.run(i + 1, aid, caseId, materialId));
  }
}
