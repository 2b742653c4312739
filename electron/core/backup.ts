// Backups of a data directory, and restoring one.
//
// Format `claimdesk/backup@1`: a zip file (documented in docs/DATA-FORMATS.md)
//   manifest.json                  format, when, app and schema version, counts, and the
//                                  SHA-256 and size of every other entry
//   claimdesk.sqlite               a consistent snapshot of the database, taken with
//                                  SQLite's online backup API while the app runs
//   attachments/ab/<sha256>        every attachment the snapshot refers to, named by its hash
//
// Restore checks the whole backup before it changes anything: the zip's limits, that its
// entries are exactly those the manifest lists, every SHA-256, PRAGMA integrity_check and
// foreign_key_check of the snapshot, its schema version (a newer one is refused), and that
// every attachment the snapshot refers to is in the backup. Then it stores the attachments
// (by hash: the ones already here are kept), migrates the snapshot copy, and copies it into
// the live database with the backup API — one write transaction: a crash leaves the old
// data or the new, never a mixture. The data before the restore is first saved as a backup.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as z from 'zod';
import { SCHEMA_VERSION, migrate } from './db/migrations.ts';
import { ZipReader, ZipError, ZipSourceError, writeZipAtomic, type ZipSource, type ZipLimits } from './files/zip.ts';
import { unreadableReason } from './files/fileErrors.ts';
import { materialTitle } from './pdf/labels.ts';
import { packInForce } from './packs.ts';
import { hashFd } from './files/attachmentStore.ts';
import { leftoverTemporaries } from './files/atomicWrite.ts';
import { onInterrupt } from './files/interrupt.ts';
import { recordEvent } from './audit.ts';
import { APP_VERSION } from './version.ts';
import type { ClaimDeskService } from './service.ts';

export const BACKUP_FORMAT = 'claimdesk/backup@1';
const MANIFEST = 'manifest.json';
const DB_ENTRY = 'claimdesk.sqlite';

/** Backups hold a whole installation: generous limits, still a wall against a zip bomb. */
export const BACKUP_LIMITS: ZipLimits = {
  maxEntries: 5_000_000,
  maxTotalBytes: 1024 ** 4, // 1 TiB, and never more than the free disk space (checked)
  maxEntryBytes: 256 * 1024 ** 3,
};

/** How many automatic backups are kept when the setting was never changed. */
export const DEFAULT_KEEP = 7;
export const KEEP_SETTING = 'backup.keep';
const DAY_MS = 24 * 60 * 60 * 1000;

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.string().max(40),
  app: z.object({ name: z.string().max(40), version: z.string().max(40) }).strict(),
  schemaVersion: z.number().int().min(1),
  counts: z.object({
    cases: z.number().int().min(0), expenseLines: z.number().int().min(0), materials: z.number().int().min(0),
    attachments: z.number().int().min(0), auditEvents: z.number().int().min(0),
  }).strict(),
  /** Attachments the snapshot refers to that were already missing from the store. */
  missingAttachments: z.array(sha256),
  files: z.record(z.string().max(512), z.object({ sha256, bytes: z.number().int().min(0) }).strict()),
}).strict();
export type BackupManifest = z.infer<typeof manifestSchema>;

export interface BackupResult {
  file: string;
  bytes: number;
  sha256: string;
  counts: BackupManifest['counts'];
  /** Attachments the database refers to that were missing (a problem for `claimdesk verify`). */
  missingAttachments: string[];
}

function counts(db: Database.Database): BackupManifest['counts'] {
  const n = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { cases: n('cases'), expenseLines: n('expense_lines'), materials: n('materials'), attachments: n('attachments'), auditEvents: n('audit_events') };
}

function hashFile(file: string): string {
  const fd = fs.openSync(file, 'r');
  try { return hashFd(fd); } finally { fs.closeSync(fd); }
}

function stampName(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * Write a consistent backup of the service's data to `target` while the app runs.
 * The database snapshot comes from SQLite's online backup API; attachments are immutable
 * (stored by hash), so those the snapshot refers to are copied as they are, each checked
 * against its hash while it is copied.
 */
/**
 * Staging folders (.backup-…, .restore-…) in the data directory older than `olderThanMs`: a
 * backup or restore killed without a chance to clean up left them, each with a full copy of
 * the database. Removed when a host starts and before each backup or restore; counted by verify.
 */
export function stagingFolders(service: ClaimDeskService, olderThanMs = 0, now = Date.now()): string[] {
  const out: string[] = [];
  for (const d of fs.readdirSync(service.paths.dir)) {
    if (!/^\.(backup|restore)-/.test(d)) continue;
    const full = path.join(service.paths.dir, d);
    try { if (now - fs.statSync(full).mtimeMs >= olderThanMs) out.push(full); } catch { /* gone meanwhile */ }
  }
  return out;
}

function sweepStaging(service: ClaimDeskService): void {
  try { for (const d of stagingFolders(service, 60 * 60 * 1000)) fs.rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ }
}

/**
 * Whose a stored copy is, in the names the user knows: `case CD-…, 出生医学证明
 * (birth-certificate): 出生医学证明.jpg`, each attachment that refers to it, '; ' between;
 * its hash only when no case refers to it any more.
 */
export function storedCopyOwners(service: ClaimDeskService, sha: string): string {
  const rows = service.db.prepare(`SELECT c.number, c.filed_on, a.material_id, a.file_name FROM attachments a JOIN cases c ON c.id = a.case_id
    WHERE a.sha256 = ? ORDER BY c.number, a.material_id, a.position`).all(sha) as { number: string; filed_on: string | null; material_id: string; file_name: string }[];
  if (rows.length === 0) return `stored file ${sha}`;
  const today = service.now().toISOString().slice(0, 10);
  return rows.map((r) => `case ${r.number}, ${materialTitle(packInForce(service.packs, r.filed_on ?? today), r.material_id)} (${r.material_id}): ${r.file_name}`).join('; ');
}

export async function createBackup(service: ClaimDeskService, target: string, action = 'backup.create', options: { skipDamaged?: boolean } = {}): Promise<BackupResult> {
  sweepStaging(service);
  const stage = fs.mkdtempSync(path.join(service.paths.dir, '.backup-'));
  const undo = onInterrupt(() => fs.rmSync(stage, { recursive: true, force: true }));
  try {
    const snapshot = path.join(stage, DB_ENTRY);
    await service.db.backup(snapshot);
    const snap = new Database(snapshot);
    let manifest: BackupManifest;
    const sources: ZipSource[] = [];
    try {
      // A self-contained file: no -wal beside it.
      snap.pragma('journal_mode = DELETE');
      const shas = (snap.prepare(`SELECT DISTINCT sha256 FROM attachments ORDER BY sha256`).all() as { sha256: string }[]).map((r) => r.sha256);
      const c = counts(snap);
      const schemaVersion = snap.pragma('user_version', { simple: true }) as number;
      snap.close();
      manifest = {
        format: BACKUP_FORMAT, createdAt: service.now().toISOString(), app: { name: 'ClaimDesk', version: APP_VERSION },
        schemaVersion, counts: c, missingAttachments: [], files: {},
      };
      manifest.files[DB_ENTRY] = { sha256: hashFile(snapshot), bytes: fs.statSync(snapshot).size };
      sources.push({ name: DB_ENTRY, file: snapshot, compress: true, expectSha256: manifest.files[DB_ENTRY]!.sha256 });
      for (const sha of shas) {
        const file = service.store.pathOf(sha);
        let size: number;
        try { size = fs.statSync(file).size; } catch { manifest.missingAttachments.push(sha); continue; }
        // Before a restore, the data as it is is kept even when some stored files are damaged
        // (the restore is often what repairs them): those are left out and listed as missing.
        if (options.skipDamaged && service.store.verify(sha) !== 'ok') { manifest.missingAttachments.push(sha); continue; }
        const name = `attachments/${sha.slice(0, 2)}/${sha}`;
        manifest.files[name] = { sha256: sha, bytes: size };
        sources.push({ name, file, compress: false, expectSha256: sha });
      }
    } finally {
      if (snap.open) snap.close();
    }
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    let written: { bytes: number; sha256: string };
    try {
      written = await writeZipAtomic(target, [{ name: MANIFEST, bytes: manifestBytes }, ...sources], service.now());
    } catch (err) {
      // A stored copy deleted, made unreadable or changed after it was listed: named as the
      // user knows it, not by its hash path (writeZipAtomic has removed its temporary file).
      if (err instanceof ZipSourceError && err.entry.startsWith('attachments/')) {
        const why = err.cause === undefined ? 'was changed or damaged (it no longer matches its SHA-256)' : `cannot be read: ${unreadableReason(err.cause, err.file)}`;
        throw new BackupError(`the backup was not written: the stored copy in the data folder of ${storedCopyOwners(service, path.basename(err.entry))} ${why}; run claimdesk verify, then back up again`);
      }
      if (err instanceof ZipError) throw new BackupError(`the backup was not written: ${err.message}`);
      throw err;
    }
    recordEvent(service.db, {
      at: service.now().toISOString(), actor: service.actor, action, caseNumber: null,
      detail: { file: path.basename(target), bytes: written.bytes, sha256: written.sha256, cases: manifest.counts.cases, missingAttachments: manifest.missingAttachments.length },
    });
    return { file: target, ...written, counts: manifest.counts, missingAttachments: manifest.missingAttachments };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
    undo();
  }
}

// ---------------------------------------------------------------- the backups folder

export type BackupKind = 'auto' | 'manual' | 'prerestore';
const NAME_RE = /^claimdesk-(auto|manual|prerestore)-(\d{8}-\d{6})(?:-\d+)?\.zip$/;

/** Is this a backup file name from the backups folder (never a path)? */
export function isBackupName(name: string): boolean {
  return NAME_RE.test(name);
}

export interface BackupListItem { name: string; kind: BackupKind; bytes: number; createdAt: string }

export function listBackups(service: ClaimDeskService): BackupListItem[] {
  let names: string[];
  try { names = fs.readdirSync(service.paths.backups); } catch { return []; }
  const out: BackupListItem[] = [];
  for (const name of names) {
    const m = NAME_RE.exec(name);
    if (!m) continue;
    const s = m[2]!;
    const createdAt = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`;
    try { out.push({ name, kind: m[1] as BackupKind, bytes: fs.statSync(path.join(service.paths.backups, name)).size, createdAt }); } catch { /* removed meanwhile */ }
  }
  return out.sort((a, b) => (a.createdAt === b.createdAt ? (a.name < b.name ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1));
}

/** A new backup in the data directory's backups folder. */
export async function backupToFolder(service: ClaimDeskService, kind: BackupKind): Promise<BackupResult> {
  const base = `claimdesk-${kind}-${stampName(service.now())}`;
  let name = `${base}.zip`;
  for (let i = 2; fs.existsSync(path.join(service.paths.backups, name)); i++) name = `${base}-${i}.zip`;
  fs.mkdirSync(service.paths.backups, { recursive: true });
  return createBackup(service, path.join(service.paths.backups, name), `backup.${kind}`, { skipDamaged: kind === 'prerestore' });
}

export function getKeep(service: ClaimDeskService): number {
  const row = service.db.prepare(`SELECT value FROM settings WHERE key = ?`).get(KEEP_SETTING) as { value: string } | undefined;
  const n = row ? Number(row.value) : NaN;
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_KEEP;
}

export function setKeep(service: ClaimDeskService, keep: number): number {
  if (!Number.isInteger(keep) || keep < 1 || keep > 3650) throw new BackupError('keep must be a whole number from 1 to 3650');
  service.db.transaction(() => {
    service.db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(KEEP_SETTING, String(keep));
    recordEvent(service.db, { at: service.now().toISOString(), actor: service.actor, action: 'settings.backupKeep', caseNumber: null, detail: { keep } });
  }).immediate();
  return keep;
}

/** Remove automatic backups beyond the newest `keep`; returns the names removed. */
export function pruneBackups(service: ClaimDeskService, keep = getKeep(service)): string[] {
  const autos = listBackups(service).filter((b) => b.kind === 'auto');
  const removed = autos.slice(keep).map((b) => b.name);
  for (const name of removed) fs.rmSync(path.join(service.paths.backups, name), { force: true });
  return removed;
}

/**
 * The daily backup: the hosts call it at start and then daily (startBackupSchedule). Makes an
 * automatic backup when the newest is a day old or there is none (and there is a case to keep),
 * then keeps the newest N.
 */
export async function runDailyBackup(service: ClaimDeskService): Promise<{ made: BackupResult | null; removed: string[] }> {
  // One named for a time still to come (made while the clock was wrong) says nothing about
  // today: trusted, it would stop the daily backups until that date.
  const now = service.now().getTime();
  const newest = listBackups(service).find((b) => b.kind === 'auto' && Date.parse(b.createdAt) <= now + 60_000);
  const empty = !service.db.prepare(`SELECT 1 FROM cases LIMIT 1`).get();
  const due = !empty && (!newest || now - Date.parse(newest.createdAt) >= DAY_MS - 60_000);
  const made = due ? await backupToFolder(service, 'auto') : null;
  return { made, removed: pruneBackups(service) };
}

/** Run the daily backup now and every hour after (it acts once a day). Returns stop(). */
export function startBackupSchedule(service: ClaimDeskService, everyMs = 60 * 60 * 1000): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    runDailyBackup(service)
      .then(({ made }) => { if (made) console.error(`claimdesk: automatic backup ${path.basename(made.file)} (${made.bytes} bytes)`); })
      .catch((err: unknown) => console.error('claimdesk: automatic backup failed:', (err as Error).message))
      .finally(() => { running = false; });
  };
  // Temporary files older than an hour were left by an interrupted write (never visible to the
  // database), and so were staging folders of an interrupted backup or restore.
  try {
    service.store.sweepTemporary();
    // A killed backup or package build leaves its hidden .tmp beside where the file was going.
    for (const dir of [service.paths.backups, service.paths.packages]) {
      for (const f of leftoverTemporaries(dir, 60 * 60 * 1000)) fs.rmSync(f, { force: true });
    }
  } catch { /* best effort */ }
  sweepStaging(service);
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

// ---------------------------------------------------------------- restore

export interface RestoreCheck {
  manifest: BackupManifest;
  schemaVersion: number;
}

export interface RestoreResult {
  counts: BackupManifest['counts'];
  schemaVersion: number;
  attachmentsAdded: number;
  /** The backup of the data as it was before the restore (in the backups folder). */
  before: string | null;
}

function readManifest(json: Buffer, label: string): BackupManifest {
  let value: unknown;
  try { value = JSON.parse(json.toString('utf8')); } catch { throw new BackupError(`${label}: ${MANIFEST} is not valid JSON`); }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BackupError(`${label}: ${MANIFEST}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Check a staged snapshot: integrity, foreign keys, schema version. Returns its version. */
function checkSnapshot(file: string, label: string): { version: number; shas: string[] } {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${label}: the database in the backup cannot be opened (${(err as Error).message})`);
  }
  try {
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
      const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
      if (integrity.length !== 1 || integrity[0] !== 'ok') throw new BackupError(`${label}: the database fails its integrity check: ${integrity.slice(0, 3).join('; ')}`);
      const fk = db.pragma('foreign_key_check') as unknown[];
      if (fk.length) throw new BackupError(`${label}: the database has ${fk.length} broken references (foreign_key_check)`);
    } catch (err) {
      if (err instanceof BackupError) throw err;
      throw new BackupError(`${label}: the database in the backup is damaged (${(err as Error).message})`);
    }
    if (version > SCHEMA_VERSION) {
      throw new BackupError(`${label} was made by a newer ClaimDesk (schema version ${version}; this version knows up to ${SCHEMA_VERSION}). Nothing was changed: update ClaimDesk to restore it.`);
    }
    if (version < 1) throw new BackupError(`${label}: the database in the backup is empty (no schema)`);
    const shas = (db.prepare(`SELECT DISTINCT sha256 FROM attachments`).all() as { sha256: string }[]).map((r) => r.sha256);
    return { version, shas };
  } finally {
    db.close();
  }
}

/**
 * Restore the data directory from a backup file, after checking all of it. Throws
 * BackupError (nothing changed) when any check fails.
 */
export async function restoreBackup(service: ClaimDeskService, file: string, options: { saveCurrent?: boolean } = {}): Promise<RestoreResult> {
  const label = file;
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(file, BACKUP_LIMITS, label);
  } catch (err) {
    if (err instanceof ZipError) throw new BackupError(err.message);
    throw err;
  }
  sweepStaging(service);
  const stage = fs.mkdtempSync(path.join(service.paths.dir, '.restore-'));
  const undo = onInterrupt(() => fs.rmSync(stage, { recursive: true, force: true }));
  try {
    if (!zip.has(MANIFEST)) throw new BackupError(`${label} is not a ClaimDesk backup (no ${MANIFEST})`);
    const manifest = readManifest((await zip.readBuffer(MANIFEST, 256 * 1024 * 1024)).bytes, label);
    const listed = new Set(Object.keys(manifest.files));
    for (const e of zip.entries) {
      if (e.name === MANIFEST) continue;
      const m = manifest.files[e.name];
      if (!m) throw new BackupError(`${label}: entry ${e.name} is not in the manifest (tampered?)`);
      if (m.bytes !== e.size) throw new BackupError(`${label}: entry ${e.name} is ${e.size} bytes; the manifest says ${m.bytes} (tampered?)`);
      if (e.name !== DB_ENTRY && e.name !== `attachments/${m.sha256.slice(0, 2)}/${m.sha256}`) throw new BackupError(`${label}: unexpected entry ${e.name}`);
    }
    for (const name of listed) if (!zip.has(name)) throw new BackupError(`${label}: ${name} is listed in the manifest but missing (truncated?)`);
    if (!listed.has(DB_ENTRY)) throw new BackupError(`${label}: the backup holds no database`);
    const declared = zip.entries.reduce((sum, e) => sum + e.size, 0);
    const free = freeBytes(service.paths.dir);
    if (free !== null && declared > free) throw new BackupError(`${label} needs ${declared} bytes and the data folder has ${free} free`);

    // 1. The database snapshot, checked.
    const snapshot = path.join(stage, DB_ENTRY);
    await extractChecked(zip, DB_ENTRY, snapshot, manifest.files[DB_ENTRY]!.sha256, label);
    const { version, shas } = checkSnapshot(snapshot, label);
    const missing = new Set(manifest.missingAttachments);
    for (const sha of shas) {
      if (!listed.has(`attachments/${sha.slice(0, 2)}/${sha}`) && !missing.has(sha)) throw new BackupError(`${label}: attachment ${sha} that the database refers to is not in the backup`);
    }
    // 2. Every attachment's hash, before anything is stored.
    const toStore: string[] = [];
    for (const name of listed) {
      if (name === DB_ENTRY) continue;
      const sha = manifest.files[name]!.sha256;
      if (service.store.verify(sha) === 'ok') continue;
      const staged = path.join(stage, 'a', sha);
      await extractChecked(zip, name, staged, sha, label);
      toStore.push(sha);
    }
    // 3. The snapshot copy brought to this version's schema (the copy, never the backup).
    const staged = new Database(snapshot);
    try {
      staged.pragma('foreign_keys = ON');
      migrate(staged);
      staged.pragma('journal_mode = DELETE');
    } finally {
      staged.close();
    }
    // 4. The data as it is now, saved first.
    const before = options.saveCurrent === false ? null : (await backupToFolder(service, 'prerestore')).file;
    // 5. Attachments into the store (durable, by hash), then the database in one transaction.
    for (const sha of toStore) {
      const target = service.store.pathOf(sha);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(path.join(stage, 'a', sha), target);
    }
    if (toStore.length) for (const d of new Set(toStore.map((s) => path.dirname(service.store.pathOf(s))))) fsyncDir(d);
    const source = new Database(snapshot, { readonly: true });
    try {
      await source.backup(service.paths.database, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    recordEvent(service.db, {
      at: service.now().toISOString(), actor: service.actor, action: 'backup.restore', caseNumber: null,
      detail: { file: path.basename(file), createdAt: manifest.createdAt, schemaVersion: version, cases: manifest.counts.cases, before: before && path.basename(before) },
    });
    return { counts: manifest.counts, schemaVersion: version, attachmentsAdded: toStore.length, before };
  } catch (err) {
    if (err instanceof ZipError) throw new BackupError(err.message);
    throw err;
  } finally {
    zip.close();
    fs.rmSync(stage, { recursive: true, force: true });
    undo();
  }
}

async function extractChecked(zip: ZipReader, name: string, target: string, expected: string, label: string): Promise<void> {
  await zip.extractTo(name, target, (actual) => {
    if (actual !== expected) throw new BackupError(`${label}: ${name} does not match its SHA-256 in the manifest (tampered or damaged)`);
  });
}

function freeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}

/** The SHA-256 of a file, read in chunks. */
export function fileSha256(file: string): string {
  return hashFile(file);
}
