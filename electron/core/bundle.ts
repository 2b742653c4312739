// Case bundles: one case or many as a single zip file, to take to another machine.
//
// Format `claimdesk/bundle@1` (documented in docs/DATA-FORMATS.md):
//   manifest.json                         what is in the bundle, with the SHA-256 of every other entry
//   <number>/case.json                    the case file (claimdesk/case@1); materials[].files are
//                                         paths relative to it, so an unzipped bundle is a folder
//                                         `claimdesk check` and `claimdesk package` read as they are
//   <number>/<material id>/<n>/<file name> each attachment, under its original file name
//
// Import verifies everything before it changes anything: the zip's limits (entry count,
// declared sizes, names), that the entries are exactly those the manifest lists, every
// SHA-256, every case file against the case schema, every attachment as a whole JPEG/PNG/
// PDF. Then the files are stored and every case is written in ONE transaction: a tampered
// or truncated bundle imports nothing. A case already in the database (same uid, or the same
// claimant's case carrying one of its invoices) is a duplicate: the caller decides to keep
// both, replace or skip.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import * as z from 'zod';
import Database from 'better-sqlite3';
import { CASE_STATUSES, HANDED_IN_STATUSES, type CaseFile, type CaseStatus } from '../../shared/model/case.ts';
import { caseFileText, parseCaseFile, CaseFileError } from './caseFiles.ts';
import { checkAttachmentBytes, MAX_ATTACHMENT_BYTES } from './files/fileChecks.ts';
import { ZipReader, ZipError, ZipSourceError, writeZipAtomic, type ZipSource, type ZipLimits } from './files/zip.ts';
import { openRegularFile } from './files/regularFile.ts';
import { unreadableReason } from './files/fileErrors.ts';
import { materialTitle } from './pdf/labels.ts';
import { insertCase, safeFileName, type IncomingCase, type IncomingFile } from './caseImport.ts';
import { AttachmentRepository } from './db/attachmentRepository.ts';
import { sameCaseAlreadyHere } from './db/invoiceQueries.ts';
import { CaseRepository, type CaseRow } from './db/caseRepository.ts';
import type { Db } from './db/open.ts';
import { APP_VERSION } from './version.ts';
import type { BundleDuplicate, BundleImportResult, ExpenseLine } from '../../shared/contract.ts';

export type { BundleDuplicate, BundleImportResult };
import type { ClaimDeskService } from './service.ts';

export const BUNDLE_FORMAT = 'claimdesk/bundle@1';
export const MANIFEST = 'manifest.json';

/** What a bundle may hold: far beyond any real one, small enough to refuse a zip bomb. */
export const BUNDLE_LIMITS: ZipLimits = {
  maxEntries: 20_000,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
  maxEntryBytes: MAX_ATTACHMENT_BYTES,
};
const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
/** Cases in one bundle (the manifest's `cases`): import refuses more, so export does too. */
export const MAX_BUNDLE_CASES = 5000;
/** Why export refuses `n` cases, and what to do instead (one bundle per `--out`: INTERFACES.md). */
export function tooManyCases(n: number): string {
  return `${n} cases: a bundle may hold at most ${MAX_BUNDLE_CASES} cases (import refuses more): export fewer cases at a time, e.g. the first ${MAX_BUNDLE_CASES} into one bundle and the rest into another`;
}
const MAX_CASE_FILE_BYTES = 16 * 1024 * 1024;
/** A bundle file itself (compressed) may not be larger than its contents could be. */
export const MAX_BUNDLE_FILE_BYTES = BUNDLE_LIMITS.maxTotalBytes + 64 * 1024 * 1024;

/** An attachment whose stored copy a bundle needs but cannot use, in the names the user knows. */
export interface MissingStoredCopy {
  number: string;
  /** The material's title (出生医学证明), as the case screen shows it. */
  material: string;
  materialId: string;
  /** The file's own name, as it was added (出生医学证明.jpg); not the stored copy's hash. */
  fileName: string;
  /** Why, in words (unreadableReason): 'the file is not there any more (…)'. */
  why: string;
}

export class BundleError extends Error {
  /** Set when the export was refused because stored copies are missing or unreadable. */
  constructor(message: string, readonly missing: readonly MissingStoredCopy[] = []) {
    super(message);
    this.name = 'BundleError';
  }
}

/** At most this many are listed one by one; a whole lost attachments folder would list thousands. */
const MAX_LISTED_MISSING = 20;

/** An attachment as the missing-copy message names it: `case CD-…, 出生医学证明 (birth-certificate): 出生医学证明.jpg`. */
export function describeMissing(m: MissingStoredCopy): string {
  return `case ${m.number}, ${m.material} (${m.materialId}): ${m.fileName}`;
}

/**
 * The export refused for stored copies it cannot use: each named as the user knows it (case
 * number, material, file name — never the hash path in the data folder), why, and what to do.
 */
function missingStoredCopiesError(missing: readonly MissingStoredCopy[]): BundleError {
  const listed = missing.slice(0, MAX_LISTED_MISSING).map((m) => `  ${describeMissing(m)}: ${m.why}`);
  if (missing.length > MAX_LISTED_MISSING) listed.push(`  … and ${missing.length - MAX_LISTED_MISSING} more`);
  const n = missing.length === 1 ? "1 attachment's stored copy" : `${missing.length} attachments' stored copies`;
  return new BundleError(
    `nothing written: ${n} in the data folder cannot be used:\n${listed.join('\n')}\n`
    + 'run claimdesk verify to see every problem; then in each case remove the attachment and add the file again (or restore a backup that has it), and export again',
    missing,
  );
}

/**
 * Why a stored copy cannot go into a bundle, or null when it can: it must be there, a regular
 * file this process may open, and of the size recorded when it was added. (Its hash is checked
 * while it is copied: reading every scan twice would double the export's time.)
 */
function storedCopyProblem(file: string, bytes: number): string | null {
  let opened: { fd: number; stat: fs.Stats };
  try {
    opened = openRegularFile(file);
  } catch (err) {
    return unreadableReason(err, file);
  }
  try {
    return opened.stat.size === bytes ? null : `it is damaged: ${opened.stat.size} bytes where ${bytes} were stored`;
  } finally {
    fs.closeSync(opened.fd);
  }
}

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const manifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  createdAt: z.string().max(40),
  app: z.object({ name: z.string().max(40), version: z.string().max(40) }).strict(),
  cases: z.array(z.object({
    uid: z.string().regex(/^[0-9a-f]{32}$/).optional(),
    number: z.string().max(40),
    status: z.enum(CASE_STATUSES).optional(),
    file: z.string().max(512),
  }).strict()).min(1).max(MAX_BUNDLE_CASES),
  files: z.record(z.string().max(512), z.object({ sha256, bytes: z.number().int().min(0) }).strict()),
}).strict();
export type BundleManifest = z.infer<typeof manifestSchema>;

// ---------------------------------------------------------------- export

const posixSafe = (s: string) => s.replace(/[\\/:\u0000-\u001f]/g, '_');

/** The case as a case file plus the attachment entries it names, read through `db`. */
function caseEntries(service: ClaimDeskService, db: Db, row: CaseRow): { caseFile: CaseFile; dir: string; files: { name: string; file: string; sha256: string; bytes: number; materialId: string; fileName: string }[] } {
  const repo = new CaseRepository(db);
  const loaded = repo.load(row);
  const attachments = new AttachmentRepository(db).forCase(row.id);
  const dir = posixSafe(row.number);
  const files = attachments.map((a) => ({
    rel: `${a.materialId}/${a.position}/${posixSafe(a.fileName)}`, a,
  }));
  const caseFile: CaseFile = {
    ...loaded,
    expenses: (loaded.expenses as ExpenseLine[]).map(({ id: _id, ...line }) => line),
    materials: loaded.materials?.map((m) => {
      const mine = files.filter((f) => f.a.materialId === m.id).map((f) => f.rel);
      const { files: _old, ...rest } = m;
      return mine.length ? { ...rest, files: mine } : rest;
    }),
  };
  return {
    caseFile, dir,
    files: files.map((f) => ({
      name: `${dir}/${f.rel}`, file: service.store.pathOf(f.a.sha256), sha256: f.a.sha256, bytes: f.a.size, materialId: f.a.materialId, fileName: f.a.fileName,
    })),
  };
}

const caseJson = (caseFile: CaseFile): Buffer => Buffer.from(JSON.stringify(caseFile, null, 2) + '\n', 'utf8');
const sha256Of = (bytes: Buffer): string => crypto.createHash('sha256').update(bytes).digest('hex');

/** Write a bundle of the named cases to `target` (atomically). */
export async function exportBundle(service: ClaimDeskService, numbers: readonly string[], target: string): Promise<{ bytes: number; sha256: string; cases: number; attachments: number }> {
  if (numbers.length === 0) throw new BundleError('name at least one case');
  const unique = [...new Set(numbers)];
  // Never write a bundle that import would refuse: the case count first, before anything is read.
  if (unique.length > MAX_BUNDLE_CASES) throw new BundleError(tooManyCases(unique.length));
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT, createdAt: service.now().toISOString(), app: { name: 'ClaimDesk', version: APP_VERSION }, cases: [], files: {},
  };
  // The case files are made twice — once for the manifest's hashes and sizes (which come
  // first), once again while the zip is written — and never all held at once: memory stays
  // flat however many cases. Both passes read one snapshot: a read transaction on a
  // connection of this export's own, held across the asynchronous write (the service's
  // connection cannot hold one: every other call on it would run inside it). WAL lets
  // the desk go on writing meanwhile.
  const snapshot = new Database(service.paths.database, { readonly: true, fileMustExist: true });
  try {
    snapshot.pragma('busy_timeout = 5000');
    snapshot.exec('BEGIN');
    const byNumber = snapshot.prepare(`SELECT * FROM cases WHERE number = ?`);
    // Per case only its number and entry names between the passes, not its row (details and all).
    type Listed = { number: string; file: string; attachments: { name: string; file: string; sha256: string }[] };
    const listed: Listed[] = [];
    let attachments = 0;
    // Whose each attachment entry is, to name a stored copy that fails while the zip is written.
    const owners = new Map<string, Omit<MissingStoredCopy, 'why'>>();
    const missing: MissingStoredCopy[] = [];
    for (const number of unique) {
      const row = byNumber.get(number) as (CaseRow & { uid: string }) | undefined;
      if (!row) throw new BundleError(`no case ${number}`);
      const { caseFile, dir, files } = caseEntries(service, snapshot, row);
      // Every stored copy is looked at before anything is written, and all that cannot be used
      // are said together: one at a time would take as many attempts as there are.
      const pack = service.packFor(caseFile);
      for (const f of files) {
        const owner = { number: row.number, material: materialTitle(pack, f.materialId), materialId: f.materialId, fileName: f.fileName };
        owners.set(f.name, owner);
        const why = storedCopyProblem(f.file, f.bytes);
        if (why !== null) missing.push({ ...owner, why });
      }
      const json = caseJson(caseFile);
      const file = `${dir}/case.json`;
      manifest.cases.push({ uid: row.uid, number: row.number, status: row.status, file });
      manifest.files[file] = { sha256: sha256Of(json), bytes: json.length };
      for (const f of files) manifest.files[f.name] = { sha256: f.sha256, bytes: f.bytes };
      attachments += files.length;
      listed.push({ number: row.number, file, attachments: files.map(({ name, file: stored, sha256 }) => ({ name, file: stored, sha256 })) });
    }
    if (missing.length) throw missingStoredCopiesError(missing);
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
    // Never write a bundle that import would refuse (it checks the same limits before reading).
    const total = manifestBytes.length + Object.values(manifest.files).reduce((n, f) => n + f.bytes, 0);
    const entries = 1 + listed.length + attachments;
    if (total > BUNDLE_LIMITS.maxTotalBytes || entries > BUNDLE_LIMITS.maxEntries) {
      throw new BundleError(`these ${manifest.cases.length} cases would make a bundle of ${total} bytes in ${entries} files; a bundle may hold at most ${BUNDLE_LIMITS.maxTotalBytes} bytes in ${BUNDLE_LIMITS.maxEntries} files: export fewer cases at a time`);
    }
    function* sources(): Generator<ZipSource> {
      yield { name: MANIFEST, bytes: manifestBytes };
      for (const c of listed) {
        const json = caseJson(caseEntries(service, snapshot, byNumber.get(c.number) as CaseRow).caseFile);
        // The same snapshot gives the same bytes; said rather than written under a wrong hash.
        if (sha256Of(json) !== manifest.files[c.file]!.sha256) throw new BundleError(`case ${c.number} read differently the second time: nothing written; export again`);
        yield { name: c.file, bytes: json };
        for (const f of c.attachments) yield { name: f.name, file: f.file, expectSha256: f.sha256, compress: false };
      }
    }
    try {
      const written = await writeZipAtomic(target, sources(), service.now());
      return { ...written, cases: manifest.cases.length, attachments };
    } catch (err) {
      // A stored copy deleted, made unreadable or changed after the check above (writeZipAtomic
      // has removed its temporary file): said as the check says it.
      const owner = err instanceof ZipSourceError ? owners.get(err.entry) : undefined;
      if (err instanceof ZipSourceError && owner) {
        const why = err.cause === undefined ? 'it was changed or damaged: it no longer matches its SHA-256 (the file as it was added)' : unreadableReason(err.cause, err.file);
        throw missingStoredCopiesError([{ ...owner, why }]);
      }
      if (err instanceof ZipError) throw new BundleError(err.message);
      throw err;
    }
  } finally {
    if (snapshot.inTransaction) snapshot.exec('COMMIT');
    snapshot.close();
  }
}

// ---------------------------------------------------------------- import

export type DuplicateChoice = 'keep' | 'replace' | 'skip';

interface VerifiedCase {
  entry: BundleManifest['cases'][number];
  caseFile: CaseFile;
  /** Attachment entries (not yet read into memory: bounded memory for large bundles). */
  files: { entry: string; materialId: string; fileName: string; sha256: string }[];
}

/** Open and verify a whole bundle; throws BundleError naming what is wrong. Changes nothing. */
async function verifyBundle(zip: ZipReader, label: string): Promise<VerifiedCase[]> {
  if (!zip.has(MANIFEST)) throw new BundleError(`${label} is not a ClaimDesk case bundle (no ${MANIFEST})`);
  const manifestRaw = await zip.readBuffer(MANIFEST, MAX_MANIFEST_BYTES);
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(manifestRaw.bytes.toString('utf8'));
  } catch {
    throw new BundleError(`${label}: ${MANIFEST} is not valid JSON`);
  }
  const parsed = manifestSchema.safeParse(manifestJson);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BundleError(`${label}: ${MANIFEST}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const manifest = parsed.data;
  // Exactly the listed entries: nothing added, nothing missing, sizes as declared.
  const listed = new Set(Object.keys(manifest.files));
  for (const e of zip.entries) {
    if (e.name === MANIFEST) continue;
    if (!listed.has(e.name)) throw new BundleError(`${label}: entry ${e.name} is not in the manifest (tampered?)`);
    if (manifest.files[e.name]!.bytes !== e.size) throw new BundleError(`${label}: entry ${e.name} is ${e.size} bytes; the manifest says ${manifest.files[e.name]!.bytes} (tampered?)`);
  }
  for (const name of listed) if (!zip.has(name)) throw new BundleError(`${label}: ${name} is listed in the manifest but missing (truncated?)`);
  // Each case names its own case file among the entries: a path outside them, or another
  // case's file, is the manifest's fault, said as such (it read as "not a JPEG, PNG or PDF").
  const caseFileOf = new Map<string, number>();
  manifest.cases.forEach((c, i) => {
    const at = `${label}: ${MANIFEST}: cases[${i}].file`;
    if (!listed.has(c.file)) throw new BundleError(`${at}: ${c.file} is not an entry of the bundle`);
    const other = caseFileOf.get(c.file);
    if (other !== undefined) throw new BundleError(`${at}: ${c.file} is already the case file of cases[${other}]`);
    caseFileOf.set(c.file, i);
  });
  // Every entry's SHA-256, read one at a time.
  const caseFiles = new Set(caseFileOf.keys());
  const caseTexts = new Map<string, Buffer>();
  for (const name of listed) {
    const { bytes, sha256: actual } = await zip.readBuffer(name, BUNDLE_LIMITS.maxEntryBytes);
    if (actual !== manifest.files[name]!.sha256) throw new BundleError(`${label}: ${name} does not match its SHA-256 in the manifest (tampered or damaged)`);
    if (!caseFiles.has(name)) {
      const checked = checkAttachmentBytes(bytes);
      if (!checked.ok) throw new BundleError(`${label}: ${name}: ${checked.reason}`);
    } else {
      caseTexts.set(name, bytes);
    }
  }
  const uids = new Set<string>();
  const referenced = new Set<string>();
  const out: VerifiedCase[] = [];
  for (const entry of manifest.cases) {
    if (entry.uid) {
      if (uids.has(entry.uid)) throw new BundleError(`${label}: case ${entry.number} appears twice`);
      uids.add(entry.uid);
    }
    const text = caseTexts.get(entry.file);
    if (!text || text.length > MAX_CASE_FILE_BYTES) throw new BundleError(`${label}: case ${entry.number}: case file ${entry.file} is missing`);
    let caseFile: CaseFile;
    try {
      caseFile = parseCaseFile(caseFileText(text, `${label}:${entry.file}`), `${label}:${entry.file}`);
    } catch (err) {
      if (err instanceof CaseFileError) throw new BundleError(err.message);
      throw err;
    }
    const dir = path.posix.dirname(entry.file);
    const files: VerifiedCase['files'] = [];
    for (const m of caseFile.materials ?? []) {
      for (const f of m.files ?? []) {
        const name = path.posix.normalize(path.posix.join(dir, f));
        if (!listed.has(name) || name === entry.file || name.startsWith('../')) {
          throw new BundleError(`${label}: case ${entry.number}: material ${m.id} names ${f}, which is not in the bundle`);
        }
        const fileName = path.posix.basename(name);
        if (!safeFileName(fileName)) throw new BundleError(`${label}: case ${entry.number}: ${f} is not a usable file name`);
        referenced.add(name);
        files.push({ entry: name, materialId: m.id, fileName, sha256: manifest.files[name]!.sha256 });
      }
    }
    out.push({ entry, caseFile, files });
  }
  for (const name of listed) {
    if (!referenced.has(name) && !manifest.cases.some((c) => c.file === name)) throw new BundleError(`${label}: entry ${name} belongs to no case`);
  }
  return out;
}

/** The key of a bundle case in `decisions`: its uid, else its number in the bundle. */
const keyOf = (c: VerifiedCase): string => c.entry.uid ?? c.entry.number;

/**
 * Cases of the bundle already in the database: the same case (by uid), or — for a case not
 * here by uid — a case of the same claimant that carries one of its invoices (the same claim
 * entered here apart, or imported from its case file): importing it again would claim those
 * invoices twice.
 */
function findDuplicates(service: ClaimDeskService, cases: readonly VerifiedCase[]): BundleDuplicate[] {
  const byUid = service.db.prepare(`SELECT number FROM cases WHERE uid = ?`).pluck();
  const describe = service.db.prepare(`SELECT c.number, c.category, c.status, c.updated_at, p.name FROM cases c JOIN people p ON p.id = c.claimant_id WHERE c.number = ?`);
  const out: BundleDuplicate[] = [];
  for (const c of cases) {
    const sameUid = c.entry.uid ? (byUid.get(c.entry.uid) as string | undefined) : undefined;
    const existing = sameUid ?? sameCaseAlreadyHere(service.db, c.caseFile);
    if (!existing) continue;
    const hit = describe.get(existing) as { number: string; category: string; status: CaseStatus; updated_at: string; name: string };
    out.push({
      uid: keyOf(c), match: sameUid ? 'uid' : 'invoices', bundleNumber: c.entry.number, existingNumber: hit.number,
      existingStatus: hit.status, claimant: hit.name, category: hit.category, existingUpdatedAt: hit.updated_at,
    });
  }
  return out;
}

export interface BundleImportOptions {
  /** What to do with a case already here; 'ask' imports nothing and returns the duplicates. */
  onDuplicate?: DuplicateChoice | 'ask';
  /** Per case (by uid), overriding onDuplicate. */
  decisions?: Record<string, DuplicateChoice>;
  /** Name for messages and the audit trail. */
  label?: string;
}

/**
 * Import a bundle (a file path or its bytes). Verifies everything first; then stores the
 * files and writes every case in one transaction. Throws BundleError (nothing imported).
 */
export async function importBundle(service: ClaimDeskService, source: string | Buffer, options: BundleImportOptions = {}): Promise<BundleImportResult> {
  const label = options.label ?? (typeof source === 'string' ? source : 'the bundle');
  if (typeof source === 'string') {
    let size: number;
    try { size = fs.statSync(source).size; } catch { throw new BundleError(`${label}: no such file`); }
    if (size > MAX_BUNDLE_FILE_BYTES) throw new BundleError(`${label} is ${size} bytes; a bundle may be at most ${MAX_BUNDLE_FILE_BYTES}`);
  }
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(source, BUNDLE_LIMITS, label);
  } catch (err) {
    if (err instanceof ZipError) throw new BundleError(err.message);
    throw err;
  }
  try {
    let cases: VerifiedCase[];
    try {
      cases = await verifyBundle(zip, label);
    } catch (err) {
      if (err instanceof ZipError) throw new BundleError(err.message);
      throw err;
    }
    const duplicates = findDuplicates(service, cases);
    const choice = (key: string): DuplicateChoice | 'ask' => options.decisions?.[key] || options.onDuplicate || 'ask';
    const undecided = duplicates.filter((d) => choice(d.uid) === 'ask');
    if (undecided.length) return { imported: [], skipped: [], duplicates, needsDecision: true };
    // What was handed in is replaced only by the same case (a newer copy of it), never by
    // another case that shares its invoices: that one would go back to draft, ready to be
    // claimed again. Refused before anything is stored.
    const refused = duplicates.find((d) => choice(d.uid) === 'replace' && d.match === 'invoices' && HANDED_IN_STATUSES.includes(d.existingStatus));
    if (refused) {
      throw new BundleError(`${label}: case ${refused.bundleNumber} would replace ${refused.existingNumber}, which is ${refused.existingStatus} (same claimant, same invoices): it is not replaced; choose keep or skip for it`);
    }

    // Read each attachment again (one at a time), store it durably, then one transaction.
    const dupByKey = new Map(duplicates.map((d) => [d.uid, d]));
    const incoming: { c: IncomingCase; dup?: BundleDuplicate; decision?: DuplicateChoice }[] = [];
    const skipped: BundleImportResult['skipped'] = [];
    for (const c of cases) {
      const dup = dupByKey.get(keyOf(c));
      const decision = dup ? (choice(dup.uid) as DuplicateChoice) : undefined;
      if (decision === 'skip') { skipped.push({ bundleNumber: c.entry.number, existingNumber: dup!.existingNumber }); continue; }
      const files: IncomingFile[] = [];
      for (const f of c.files) {
        const { bytes, sha256: actual } = await zip.readBuffer(f.entry, BUNDLE_LIMITS.maxEntryBytes);
        if (actual !== f.sha256) throw new BundleError(`${label}: ${f.entry} changed while it was being imported`);
        const checked = checkAttachmentBytes(bytes);
        if (!checked.ok) throw new BundleError(`${label}: ${f.entry}: ${checked.reason}`);
        service.store.put(bytes);
        files.push({ materialId: f.materialId, fileName: f.fileName, size: bytes.length, mime: checked.mime, sha256: actual });
      }
      incoming.push({
        c: { caseFile: c.caseFile, files, uid: c.entry.uid, status: c.entry.status as CaseStatus | undefined, source: `${path.basename(label)}:${c.entry.number}` },
        dup, decision,
      });
    }
    const imported: BundleImportResult['imported'] = [];
    service.db.transaction(() => {
      // The duplicates were looked for before the scans were stored; another import (another
      // process) may have added one of these cases since. Looked for again inside the write
      // transaction: what was decided must still hold, or nothing is imported.
      const sameAsBefore = (d: BundleDuplicate) => `${d.uid}>${d.existingNumber}`;
      const now = findDuplicates(service, cases).map(sameAsBefore).sort().join('\n');
      if (now !== duplicates.map(sameAsBefore).sort().join('\n')) {
        throw new BundleError(`${label}: cases were added or changed here while the bundle was being read (another import at the same time?): nothing imported; import it again`);
      }
      for (const { c, dup, decision } of incoming) {
        const number = insertCase(service, c, {
          action: 'case.import',
          replaceNumber: decision === 'replace' ? dup!.existingNumber : undefined,
          newUid: decision === 'keep',
        });
        imported.push({
          number, bundleNumber: c.source.slice(c.source.lastIndexOf(':') + 1), claimant: c.caseFile.claimant.name,
          action: decision === 'replace' ? 'replaced' : decision === 'keep' ? 'kept-both' : 'added',
        });
      }
    }).immediate();
    return { imported, skipped, duplicates, needsDecision: false };
  } finally {
    zip.close();
  }
}

/** Does this file look like a zip (a bundle) rather than a case file? */
export function looksLikeZip(file: string): boolean {
  try {
    // Not opened unless a regular file: a named pipe would block here (openRegularFile).
    const { fd } = openRegularFile(file);
    try {
      const head = Buffer.alloc(4);
      const n = fs.readSync(fd, head, 0, 4, 0);
      return n === 4 && head.readUInt32LE(0) === 0x04034b50;
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** A temporary file path for a bundle written only to be read back (contract calls). */
export function tempBundlePath(): string {
  return path.join(os.tmpdir(), `claimdesk-bundle-${crypto.randomBytes(8).toString('hex')}.zip`);
}
