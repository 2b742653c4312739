// Reading case files (format claimdesk/case@1, ../shared/domain/CASE-FILE.md) and the
// attachment files they name. Bad input becomes a CaseFileError that names the file and field.
import fs from 'node:fs';
import path from 'node:path';
import { caseFileSchema, type CaseFile } from '../../shared/model/case.ts';
import { issuePath } from '../../shared/contract.ts';
import type { PolicyPack } from '../../shared/policy/index.ts';
import type { PackageAttachment, PackageError } from './pdf/index.ts';
import { materialTitle } from './pdf/labels.ts';
import { namedAttachments, readNamedAttachment } from './caseImport.ts';
import { ReadBuffer, readFileInto } from './files/readBuffer.ts';
import { MAX_ATTACHMENT_BYTES } from './files/fileChecks.ts';
import { fileIdentity } from './files/identity.ts';
import { unreadableReason } from './files/fileErrors.ts';
import { NotRegularFileError, openRegularFile } from './files/regularFile.ts';
import { utf16ByteOrder } from './files/textEncoding.ts';

export class CaseFileError extends Error {
  constructor(readonly file: string, message: string, readonly field?: string) {
    super(`${file}: ${field ? `${field}: ` : ''}${message}`);
    this.name = 'CaseFileError';
  }
}

/** Parse and validate a case file's text; throws CaseFileError naming the first bad field. */
export function parseCaseFile(text: string, file: string): CaseFile {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CaseFileError(file, `not valid JSON (${(err as Error).message})`);
  }
  const result = caseFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.code === 'unrecognized_keys' ? issuePath([...issue.path, issue.keys[0] ?? '']) : issuePath(issue.path);
    throw new CaseFileError(file, issue.message, field || undefined);
  }
  return result.data;
}

/** A case file is a few KB; one of 20,000 expense lines is a few MB. Anything far larger is not one. */
export const MAX_CASE_FILE_BYTES = 16 * 1024 * 1024;

/** Spreadsheets people keep their expense lines in (Excel, WPS 表格 .et, LibreOffice, CSV/TSV). */
const SPREADSHEET = /\.(csv|tsv|xlsx|xlsm|xls|et|ods)$/i;

/**
 * A spreadsheet named where a case file or bundle is expected: said as such, with where its
 * lines go, rather than "not valid JSON (Unexpected token '姓')" or "not a case bundle"
 * (an .xlsx is a zip). By name: the file is not opened to be guessed at.
 */
export function isSpreadsheet(file: string): boolean {
  return SPREADSHEET.test(file);
}

export function readCaseFile(file: string): CaseFile {
  if (isSpreadsheet(file)) throw new CaseFileError(file, `is a spreadsheet (.${path.extname(file).slice(1).toLowerCase()}), not a case file (.json) or case bundle: expense lines from a spreadsheet are imported on the app's 批量导入 screen`);
  // Only a regular file is opened: a named pipe called case.json would block the read (and
  // with it the whole batch) until another program wrote to it (openRegularFile).
  let opened: { fd: number; stat: fs.Stats };
  try {
    opened = openRegularFile(file);
  } catch (err) {
    if (err instanceof NotRegularFileError) throw new CaseFileError(file, `is ${err.kind}, not a case file: only a regular file is read`);
    throw new CaseFileError(file, unreadableReason(err, file));
  }
  let bytes: Buffer;
  try {
    const { size } = opened.stat;
    if (size > MAX_CASE_FILE_BYTES) throw new CaseFileError(file, `is ${size} bytes; a case file may be at most ${MAX_CASE_FILE_BYTES} (is it a case file?)`);
    bytes = fs.readFileSync(opened.fd);
  } catch (err) {
    if (err instanceof CaseFileError) throw err;
    throw new CaseFileError(file, unreadableReason(err, file));
  } finally {
    fs.closeSync(opened.fd);
  }
  return parseCaseFile(caseFileText(bytes, file), file);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A case file's text: UTF-8 (CASE-FILE.md). Anything else — GBK from a Chinese Windows
 * editor, UTF-16 — is refused, not read as mojibake that would end up on a cover and in
 * the database as the claimant's name.
 */
export function caseFileText(bytes: Uint8Array, file: string): string {
  if (utf16ByteOrder(bytes)) {
    throw new CaseFileError(file, 'is UTF-16 text; a case file is UTF-8 (save it as UTF-8)');
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new CaseFileError(file, 'is not UTF-8 text (GBK?); a case file is UTF-8 (save it as UTF-8)');
  }
}

/**
 * The package number of a case file that has none, from its file name: FILE-<name>, letters
 * and digits of any script kept (林雅琴.json → FILE-林雅琴), every other run made one '-'.
 */
export function numberFromFileName(baseName: string): string {
  const name = baseName.toUpperCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
  return `FILE-${name || 'CASE'}`;
}

/**
 * What `check` finds of the files a case file names, as package and import would: each is
 * inside the case file's folder, there, a file, not too large, a whole JPEG, PNG or PDF, and
 * (a PDF) opens without a password (readNamedAttachment; CaseFileError naming the field) —
 * so `check` never calls complete a case that `package` refuses. Read one at a time into
 * one buffer, and let go.
 */
export async function checkNamedFiles(caseFile: CaseFile, caseFilePath: string): Promise<void> {
  const checking = new ReadBuffer();
  for (const f of namedAttachments(caseFile, caseFilePath)) await readNamedAttachment(f, caseFilePath, checking);
}

/**
 * What of the case the output file `out` already is: the case file itself or one of the
 * scans it names (links followed, as the package is written through them) — or null. A
 * package written there would destroy what it is built from.
 */
export function inputAt(out: string, caseFile: CaseFile, caseFilePath: string): string | null {
  const target = fileIdentity(out);
  if (target === null) return null; // not there yet: nothing to overwrite
  const same = (file: string): boolean => fileIdentity(file) === target;
  if (same(caseFilePath)) return 'the case file itself';
  const scan = namedAttachments(caseFile, caseFilePath).find((f) => same(f.path));
  return scan ? `the case's attachment ${scan.name} (${scan.field})` : null;
}

/**
 * The field (materials[i].files[j]) of the scan a package builder's error is about, or null:
 * the error keeps the `source` loadCaseAttachments gave the scan, `FIELD (NAME)`.
 */
export function fieldOfPackageError(err: PackageError, caseFile: CaseFile, caseFilePath: string): string | null {
  if (err.source === undefined) return null;
  let named: ReturnType<typeof namedAttachments>;
  try { named = namedAttachments(caseFile, caseFilePath); } catch { return null; }
  return named.find((f) => sourceOf(f) === err.source)?.field ?? null;
}

/**
 * How the package builder names a case file's scan in its errors — the layout of a scan
 * refused before the build (CaseFileError): `materials[0].files[1]: attachment scans/a.jpg`.
 */
const sourceOf = (f: { field: string; name: string }): string => `${f.field}: attachment ${f.name}`;

/**
 * The files each material names, relative to the case file's folder, in order, as the
 * package builder takes them: each read and checked now as an import checks it (size cap,
 * whole JPEG/PNG/PDF, no password; CaseFileError naming the field), then let go, and read
 * again when the builder gets to it — so a case's scans are never all in memory at once. A
 * file changed in between is checked again by the builder (PackageError naming it).
 */
export async function loadCaseAttachments(caseFile: CaseFile, caseFilePath: string, pack: PolicyPack): Promise<PackageAttachment[]> {
  const checking = new ReadBuffer(); // each file is only looked at here, one after another: one buffer for all
  const attachments: PackageAttachment[] = [];
  for (const f of namedAttachments(caseFile, caseFilePath)) {
    const { bytes, mime, stat: { dev, ino } } = await readNamedAttachment(f, caseFilePath, checking);
    // dev:ino: one file named twice (or through a link) is embedded once.
    attachments.push({
      materialId: f.materialId, title: materialTitle(pack, f.materialId), fileName: f.fileName, source: sourceOf(f), mime,
      contentKey: `${dev}:${ino}`,
      // Read again when the builder gets to it: never more than a check would have let through.
      size: bytes.length, read: (into) => readFileInto(f.path, into, MAX_ATTACHMENT_BYTES),
    });
  }
  return attachments;
}
