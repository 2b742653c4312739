// `claimdesk verify` and the contract call `data.verify`: is the data directory whole?
// - PRAGMA integrity_check and foreign_key_check;
// - every attachment the database refers to is in the store and still hashes to its name
//   (missing or altered files are named with the cases that use them);
// - every built package file the database records is there;
// - invoices that appear twice in a case, in two cases of the same claimant, or in cases of
//   different people (an invoice is one person's).
// Files in the store that nothing refers to (left by an import that failed, or by removed
// attachments) and temporary files an interrupted write left behind are counted, not errors.
import fs from 'node:fs';
import path from 'node:path';
import type { ClaimDeskService } from './service.ts';
import { allDuplicateInvoices } from './db/invoiceQueries.ts';
import { hashFd } from './files/attachmentStore.ts';
import { leftoverTemporaries } from './files/atomicWrite.ts';
import { stagingFolders } from './backup.ts';
import type { IntegrityReport } from '../../shared/contract.ts';

/** `ok` is false when there is any problem; `messages` has one line per problem, for people. */
export type VerifyReport = IntegrityReport;

export function verifyData(service: ClaimDeskService): VerifyReport {
  const db = service.db;
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const foreignKeys = (db.pragma('foreign_key_check') as { table: string; rowid: number | null; parent: string }[])
    .map((r) => ({ table: r.table, rowid: r.rowid, parent: r.parent }));
  const rows = db.prepare(`SELECT a.sha256, a.file_name, c.number FROM attachments a JOIN cases c ON c.id = a.case_id ORDER BY a.sha256, c.number`).all() as
    { sha256: string; file_name: string; number: string }[];
  const bySha = new Map<string, { case: string; fileName: string }[]>();
  for (const r of rows) {
    const list = bySha.get(r.sha256) ?? [];
    list.push({ case: r.number, fileName: r.file_name });
    bySha.set(r.sha256, list);
  }
  const problems: VerifyReport['attachments']['problems'] = [];
  for (const [sha256, files] of bySha) {
    let state: 'ok' | 'missing' | 'altered';
    try { state = service.store.verify(sha256); } catch { state = 'missing'; }
    if (state !== 'ok') problems.push({ sha256, problem: state, files });
  }
  const pkgs = db.prepare(`SELECT c.number, p.file_name, p.bytes, p.sha256 FROM packages p JOIN cases c ON c.id = p.case_id ORDER BY c.number`).all() as { number: string; file_name: string; bytes: number; sha256: string }[];
  const missingPackages: { case: string; fileName: string }[] = [];
  const alteredPackages: { case: string; fileName: string }[] = [];
  for (const p of pkgs) {
    // A package printed from a file cut short or changed since it was built would not be the case's.
    const state = packageFileState(path.join(service.paths.packages, p.file_name), p.bytes, p.sha256);
    if (state !== 'ok') (state === 'missing' ? missingPackages : alteredPackages).push({ case: p.number, fileName: p.file_name });
  }
  let unreferencedFiles = 0;
  for (const sha of service.store.hashes()) if (!bySha.has(sha)) unreferencedFiles++;
  // Left by interrupted writes: in the store, and beside backups and packages.
  // And the staging folders of a backup or restore that was killed (each with a database copy).
  const temporaryFiles = service.store.temporaryFiles().length
    + leftoverTemporaries(service.paths.backups).length + leftoverTemporaries(service.paths.packages).length
    + stagingFolders(service).length;
  const duplicateInvoices = allDuplicateInvoices(db);

  const messages: string[] = [];
  if (integrity.length !== 1 || integrity[0] !== 'ok') for (const line of integrity.slice(0, 20)) messages.push(`database integrity: ${line}`);
  for (const fk of foreignKeys.slice(0, 20)) messages.push(`broken reference: ${fk.table} row ${fk.rowid} points at a missing ${fk.parent}`);
  for (const p of problems) {
    const where = p.files.map((f) => `${f.case} ${f.fileName}`).join(', ');
    messages.push(`attachment ${p.problem === 'missing' ? 'missing' : 'altered (its bytes no longer match their SHA-256)'}: ${service.store.pathOf(p.sha256)} — used by ${where}`);
  }
  for (const p of missingPackages) messages.push(`package file missing: ${p.fileName} (case ${p.case}): build it again`);
  for (const p of alteredPackages) messages.push(`package file altered (not the bytes that were built): ${p.fileName} (case ${p.case}): build it again`);
  for (const d of duplicateInvoices) {
    const [code, no] = d.invoice.split('|');
    messages.push(`duplicate invoice ${code ? `${code} ` : ''}${no} (${d.claimant}): ${d.at.map((a) => `${a.case} line ${a.line}`).join(', ')}`);
  }
  const ok = messages.length === 0;
  return {
    ok, integrity, foreignKeys,
    attachments: { checked: bySha.size, problems },
    packages: { checked: pkgs.length, missing: missingPackages, altered: alteredPackages },
    duplicateInvoices, unreferencedFiles, temporaryFiles, messages,
  };
}

/** Whether a package file is there with the size and SHA-256 it was built with. */
export function packageFileState(file: string, bytes: number, sha256: string): 'ok' | 'missing' | 'altered' {
  let fd: number;
  try { fd = fs.openSync(file, 'r'); } catch { return 'missing'; }
  try {
    if (fs.fstatSync(fd).size !== bytes) return 'altered';
    return hashFd(fd) === sha256 ? 'ok' : 'altered';
  } finally {
    fs.closeSync(fd);
  }
}
