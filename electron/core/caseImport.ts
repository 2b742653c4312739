// Cases coming in from outside the screen (case files with their scans, case bundles):
// the files are stored first (each written to a temporary name, synced, renamed: durable
// before anything points at it), then the case, its lines, materials and attachment rows
// are written in ONE transaction. A crash at any moment leaves either the whole case or
// none of it, and never a row pointing at a file that is not all there.
import fs from 'node:fs';
import path from 'node:path';
import { HANDED_IN_STATUSES, type CaseFile, type CaseStatus } from '../../shared/model/case.ts';
import type { AttachmentInfo } from '../../shared/contract.ts';
import { CaseFileError } from './caseFiles.ts';
import { checkAttachment, MAX_ATTACHMENT_BYTES } from './files/fileChecks.ts';
import { sha256Hex } from './files/attachmentStore.ts';
import { readFileInto, type ReadBuffer } from './files/readBuffer.ts';
import { specialKind } from './files/regularFile.ts';
import { unreadableReason } from './files/fileErrors.ts';
import { AttachmentRepository } from './db/attachmentRepository.ts';
import { statement } from './db/statements.ts';
import { recordEvent } from './audit.ts';
import type { ClaimDeskService } from './service.ts';

/** A file to attach to one of the case's materials, in order. */
export interface IncomingFile {
  materialId: string;
  fileName: string;
  /** The bytes, until they are stored (a bundle stores each as it reads it). */
  bytes?: Buffer;
  size: number;
  mime: AttachmentInfo['mime'];
  sha256: string;
}

export interface IncomingCase {
  caseFile: CaseFile;
  files: IncomingFile[];
  /** The case's identity across machines (bundles); a new one when absent. */
  uid?: string;
  /** A status the user set on the other machine (submitted, reimbursed, rejected). */
  status?: CaseStatus;
  /** Where it came from, for the audit trail. */
  source: string;
}


/** A file name as the user's machine called it: never a path (same rule as the contract). */
export function safeFileName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !/[\\/\u0000-\u001f]/.test(name) && name !== '.' && name !== '..';
}

/** A scan a case file names: which material, the name as written, where it is. */
export interface NamedAttachment {
  materialId: string;
  /** The file's own name (never a path), as the package and the attachment rows show it. */
  fileName: string;
  /** As written in the case file, relative to it. */
  name: string;
  path: string;
  /** The case file field that names it, for errors: materials[i].files[j]. */
  field: string;
}

/** True when `target` is `folder` or lies inside it (both absolute, normalised). */
function isInside(folder: string, target: string): boolean {
  const rel = path.relative(folder, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The scans a case file names, in order, resolved against the case file's folder. A name
 * must stay inside that folder (CASE-FILE.md: files relative to the case file): an absolute
 * path or one that climbs out with `..` is refused before anything is opened, so a case file
 * from elsewhere cannot pull /etc/passwd or another person's scans into a package or a bundle.
 */
export function namedAttachments(caseFile: CaseFile, caseFilePath: string): NamedAttachment[] {
  const base = path.dirname(path.resolve(caseFilePath));
  return (caseFile.materials ?? []).flatMap((m, mi) => (m.files ?? []).map((name, fi) => {
    const field = `materials[${mi}].files[${fi}]`;
    // Written on Windows (scans\a.jpg): a backslash separates folders there, and a file name
    // with a backslash in it is not something a case file names on purpose.
    const relative = name.replace(/\\/g, '/');
    const resolved = path.resolve(base, relative);
    if (path.isAbsolute(name) || path.win32.isAbsolute(name) || !isInside(base, resolved) || resolved === base) {
      throw new CaseFileError(caseFilePath, `attachment ${name} is outside the case file's folder; name files relative to it, inside it (such as scans/a.jpg)`, field);
    }
    const fileName = path.basename(relative);
    return { materialId: m.id, fileName: safeFileName(fileName) ? fileName : 'attachment', name, path: resolved, field };
  }));
}

/**
 * What can be told of a named scan without reading it: it is a file, it really lies inside the
 * case file's folder (a link inside the folder may lead out of it), and it is not too large
 * (a 2 GB file is never loaded). CaseFileError naming the field; a system error as it comes.
 * Returns what it found of the file (its device and inode say which file it is).
 */
export function lookAtNamedAttachment(f: NamedAttachment, caseFilePath: string): fs.Stats {
  const stat = fs.statSync(f.path);
  // Never opened unless a regular file: a named pipe would block the read (and the batch).
  if (!stat.isFile()) throw new CaseFileError(caseFilePath, `attachment ${f.name} is ${specialKind(stat) ?? 'a folder'}, not a file`, f.field);
  if (!isInside(fs.realpathSync(path.dirname(path.resolve(caseFilePath))), fs.realpathSync(f.path))) {
    throw new CaseFileError(caseFilePath, `attachment ${f.name} is a link to a file outside the case file's folder; copy the file into the folder instead`, f.field);
  }
  if (stat.size > MAX_ATTACHMENT_BYTES) {
    throw new CaseFileError(caseFilePath, `attachment ${f.name} is ${stat.size} bytes; at most ${MAX_ATTACHMENT_BYTES} are accepted`, f.field);
  }
  return stat;
}

/**
 * Read one named scan, refusing a file that is too large before reading it (a 2 GB file is
 * never loaded), and one that is not a whole JPEG, PNG or PDF or needs a password
 * (checkAttachment, as attachments.add). Errors name the case file and the field. With
 * `into`, the bytes land in that reused buffer (valid until its next use). `stat`: the file's,
 * as looked at before reading it.
 */
export async function readNamedAttachment(f: NamedAttachment, caseFilePath: string, into?: ReadBuffer): Promise<{ bytes: Buffer; mime: AttachmentInfo['mime']; stat: fs.Stats }> {
  let bytes: Buffer;
  let stat: fs.Stats;
  try {
    stat = lookAtNamedAttachment(f, caseFilePath);
    bytes = into ? readFileInto(f.path, into) : fs.readFileSync(f.path);
  } catch (err) {
    if (err instanceof CaseFileError) throw err;
    throw new CaseFileError(caseFilePath, `attachment ${f.name}: ${unreadableReason(err, f.path)}`, f.field);
  }
  const checked = await checkAttachment(bytes);
  if (!checked.ok) throw new CaseFileError(caseFilePath, `attachment ${f.name}: ${checked.reason}`, f.field);
  return { bytes, mime: checked.mime, stat };
}

/** Read and check every scan a case file names, with their hashes, for storing. */
export async function readCaseFileAttachments(caseFile: CaseFile, caseFilePath: string): Promise<IncomingFile[]> {
  const files: IncomingFile[] = [];
  for (const f of namedAttachments(caseFile, caseFilePath)) {
    const { bytes, mime } = await readNamedAttachment(f, caseFilePath);
    files.push({ materialId: f.materialId, fileName: f.fileName, bytes, size: bytes.length, mime, sha256: sha256Hex(bytes) });
  }
  return files;
}

/** The case file as stored: materials without file paths (the attachment rows hold the files). */
function withoutFilePaths(caseFile: CaseFile): CaseFile {
  return { ...caseFile, materials: caseFile.materials?.map(({ files: _files, ...m }) => m) };
}

/** Store every file (durably, by hash) before any row points at it. */
export function storeFiles(service: ClaimDeskService, cases: readonly IncomingCase[]): void {
  for (const c of cases) for (const f of c.files) if (f.bytes) service.store.put(f.bytes);
}

export interface ImportOptions {
  action?: string;
  /** Replace this existing case (same number and uid afterwards) instead of adding one. */
  replaceNumber?: string;
  /** Give the case a new uid even if it came with one (keep both copies). */
  newUid?: boolean;
}

/**
 * Write one case whose files are already stored; call inside a transaction (or alone: it
 * opens its own). Returns the case number.
 */
export function insertCase(service: ClaimDeskService, c: IncomingCase, options: ImportOptions = {}): string {
  return service.db.transaction(() => {
    const db = service.db;
    let number: string | undefined;
    let uid = options.newUid ? undefined : c.uid;
    if (options.replaceNumber) {
      const existing = statement(db, `SELECT id, uid, claimant_id FROM cases WHERE number = ?`).get(options.replaceNumber) as
        { id: number; uid: string; claimant_id: number } | undefined;
      if (!existing) throw new Error(`no case ${options.replaceNumber} to replace`);
      statement(db, `DELETE FROM cases WHERE id = ?`).run(existing.id);
      statement(db, `DELETE FROM people WHERE id = ? AND NOT EXISTS (SELECT 1 FROM cases WHERE claimant_id = ?)`).run(existing.claimant_id, existing.claimant_id);
      number = options.replaceNumber;
      uid = existing.uid;
    }
    const record = service.createCase(withoutFilePaths(c.caseFile), options.action ?? 'case.import', {
      number, detail: { source: c.source, files: c.files.length, ...(options.replaceNumber ? { replaced: true } : {}) },
    });
    const caseId = (statement(db, `SELECT id FROM cases WHERE number = ?`).get(record.number) as { id: number }).id;
    if (uid) statement(db, `UPDATE cases SET uid = ? WHERE id = ?`).run(uid, caseId);
    const rows = new AttachmentRepository(db);
    const at = service.now().toISOString();
    for (const f of c.files) {
      if (!service.store.has(f.sha256)) throw new Error(`attachment ${f.fileName} was not stored before its case`);
      rows.add(caseId, { materialId: f.materialId, fileName: f.fileName, mime: f.mime, size: f.size, sha256: f.sha256 }, at);
    }
    // A handed-in status is the user's word, not derived from the evaluation: carried across.
    if (c.status && HANDED_IN_STATUSES.includes(c.status)) {
      statement(db, `UPDATE cases SET status = ? WHERE id = ?`).run(c.status, caseId);
      recordEvent(db, { at, actor: service.actor, action: 'case.status', caseNumber: record.number, detail: { status: c.status, source: c.source } });
    }
    return record.number;
  }).immediate();
}

/** Import one case file with its scans: files first, then one transaction. */
export async function importCaseFile(service: ClaimDeskService, caseFile: CaseFile, file: string): Promise<string> {
  const incoming: IncomingCase = { caseFile, files: await readCaseFileAttachments(caseFile, file), source: path.basename(file) };
  storeFiles(service, [incoming]);
  return insertCase(service, incoming);
}
