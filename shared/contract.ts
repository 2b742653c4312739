// The contract: every call the renderer (or another program, via the web host) may make.
// One line per call: its zod request schema and its response type. Both hosts validate a
// request with `parseRequest` before any handler runs, so a handler only ever sees valid
// input, and an invalid request changes nothing.
import * as z from 'zod';
import {
  CASE_STATUSES, CATEGORY_IDS, SCHEMES, caseFileSchema, claimantSchema, expenseSchema,
  factsSchema, coveragePeriodSchema, newbornSchema, idNumberShape, isoDate, isoMonth, type CaseFile,
  type CaseStatus, type CategoryId, type Expense,
} from './model/case.ts';
import type { Evaluation, Localized } from './model/evaluation.ts';
import { importMappingSchema, type ImportPreview, type ImportResult } from './import.ts';
import { coverageInputSchema, type CoverageCheck } from './rules/coverage.ts';

const caseNumber = z.string().regex(/^[A-Z0-9-]{4,40}$/, { message: 'must be a case number like CD-20261127-0001' });
const lineId = z.number().int().positive();
const attachmentId = z.number().int().positive();
const materialId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'must be a material id from the policy pack' });
/** A file's own name, as the user's machine called it: never a path. */
const fileName = z.string().trim().min(1).max(255)
  .refine((n) => !/[\\/\u0000-\u001f]/.test(n) && n !== '.' && n !== '..', { message: 'must be a file name without folders or control characters' });
/** Attachments travel as base64 (JSON bodies); 40 MB of bytes at most. */
const base64 = z.string().max(Math.ceil((40 * 1024 * 1024) / 3) * 4)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'must be base64' });
/** A workbook's sheet, by the name on its tab (Excel allows 31 characters, none of : \ / ? * [ ]). */
const sheetName = z.string().min(1).max(31)
  .refine((n) => !/[\u0000-\u001f:\\/?*[\]]/.test(n), { message: 'must be a sheet name as Excel allows it (no control characters or : \\ / ? * [ ])' });
const page = {
  limit: z.number().int().min(1).max(500).default(50),
  offset: z.number().int().min(0).max(10_000_000).default(0),
};

/** Request schemas, one per call. `.strict()` refuses unknown fields. */
export const requests = {
  'app.info': z.object({}).strict(),
  'cases.list': z.object({
    ...page,
    status: z.enum(CASE_STATUSES).optional(),
    category: z.enum(CATEGORY_IDS).optional(),
  }).strict(),
  'cases.search': z.object({
    query: z.string().max(100),
    ...page,
    status: z.enum(CASE_STATUSES).optional(),
    category: z.enum(CATEGORY_IDS).optional(),
    /**
     * Each row says why it matched (CaseSummary.matched), for the case list's "命中" hint. Asked
     * for, not given by default: it reads the page's expense lines after the search — ~2 ms for
     * the list's 50 rows, but ~100 ms for a page of 500 at 100k cases, which a program paging
     * through results (INTERFACES.md) should not pay for a field it does not show.
     */
    hints: z.boolean().optional(),
  }).strict(),
  'cases.create': z.object({
    category: z.enum(CATEGORY_IDS),
    scheme: z.enum(SCHEMES).optional(),
    filedOn: isoDate.optional(),
    claimant: claimantSchema.extend({ idNumber: idNumberShape }).strict(),
  }).strict(),
  'cases.get': z.object({ number: caseNumber }).strict(),
  'cases.update': z.object({
    number: caseNumber,
    category: z.enum(CATEGORY_IDS).optional(),
    scheme: z.enum(SCHEMES).optional(),
    filedOn: isoDate.optional(),
    claimant: claimantSchema.extend({ idNumber: idNumberShape }).strict().optional(),
    newborn: newbornSchema.strict().optional(),
    coverage: z.array(coveragePeriodSchema).max(600).optional(),
    facts: factsSchema.strict().optional(),
  }).strict(),
  'cases.setStatus': z.object({ number: caseNumber, status: z.enum(CASE_STATUSES) }).strict(),
  'cases.remove': z.object({ number: caseNumber }).strict(),
  'expenses.add': z.object({ number: caseNumber, line: expenseSchema.strict() }).strict(),
  'expenses.update': z.object({ number: caseNumber, lineId, line: expenseSchema.strict() }).strict(),
  'expenses.remove': z.object({ number: caseNumber, lineId }).strict(),
  // Data that survives (issue 7): the audit trail, backups, case bundles, integrity.
  'audit.list': z.object({ number: caseNumber, ...page }).strict(),
  'backups.list': z.object({}).strict(),
  'backups.create': z.object({}).strict(),
  'backups.restore': z.object({
    name: z.string().max(80).regex(/^claimdesk-(auto|manual|prerestore)-\d{8}-\d{6}(-\d+)?\.zip$/, { message: 'must be the name of a backup in the backups folder' }),
  }).strict(),
  'backups.setKeep': z.object({ keep: z.number().int().min(1).max(3650) }).strict(),
  'bundles.export': z.object({ numbers: z.array(caseNumber).min(1).max(500) }).strict(),
  'bundles.import': z.object({
    base64: z.string().min(1).max(Math.ceil((45 * 1024 * 1024) / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/, { message: 'must be base64' }),
    onDuplicate: z.enum(['ask', 'keep', 'replace', 'skip']).default('ask'),
    decisions: z.record(z.string().regex(/^[0-9a-f]{32}$/), z.enum(['keep', 'replace', 'skip'])).optional(),
  }).strict(),
  'data.verify': z.object({}).strict(),
  'materials.set': z.object({
    number: caseNumber, materialId, status: z.enum(['provided', 'missing', 'waived']), note: z.string().max(1000).optional(),
  }).strict(),
  'attachments.add': z.object({ number: caseNumber, materialId, fileName, base64 }).strict(),
  'attachments.remove': z.object({ number: caseNumber, attachmentId }).strict(),
  'attachments.move': z.object({ number: caseNumber, attachmentId, position: z.number().int().min(1).max(1000) }).strict(),
  'attachments.read': z.object({ number: caseNumber, attachmentId }).strict(),
  /** "My insurance lapsed: can I make it up?" — answered from a payment history, no case needed. */
  'coverage.check': coverageInputSchema.extend({ today: isoDate.optional() }).strict(),
  'packages.build': z.object({
    number: caseNumber,
    /** 经办人 on the cover (the clerk at the desk); without it the line is left to be signed by hand. */
    preparedBy: z.string().trim().min(1).max(40).regex(/^[^\u0000-\u001f\u007f]*$/, { message: 'must not contain control characters' }).optional(),
  }).strict(),
  'packages.read': z.object({ number: caseNumber }).strict(),
  // Spreadsheet import (issue 8): preview reads and checks, writes nothing; commit writes the
  // accepted rows in one transaction (lines of case `number`, or one new case per claimant).
  'import.preview': z.object({
    fileName, base64, mapping: importMappingSchema.optional(), number: caseNumber.optional(), sheet: sheetName.optional(),
    /** The mapping was set by hand: remember it for this header now (a refused confirm, a file fixed and chosen again, does not lose it). */
    remember: z.boolean().optional(),
  }).strict(),
  'import.commit': z.object({
    fileName, base64, mapping: importMappingSchema, number: caseNumber.optional(), sheet: sheetName.optional(),
    category: z.enum(CATEGORY_IDS).optional(), scheme: z.enum(SCHEMES).optional(), skipRejected: z.boolean().default(false),
    /** Import the rows that repeat a line already in a case or an earlier row (rejections with duplicateOf) as well. */
    importDuplicates: z.boolean().default(false),
    /** The confirmation's own id: the same id again (a double click, a retry) gets the first answer and writes nothing. */
    requestId: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, { message: 'must be 8 to 64 letters, digits or hyphens' }).optional(),
  }).strict(),
  // Exports for HR (issue 8): the case list with filters; a summary per month/category/employer.
  'export.list': z.object({
    format: z.enum(['xlsx', 'csv']), query: z.string().max(100).optional(),
    status: z.enum(CASE_STATUSES).optional(), category: z.enum(CATEGORY_IDS).optional(),
  }).strict(),
  'export.report': z.object({
    format: z.enum(['xlsx', 'csv']),
    by: z.array(z.enum(['month', 'category', 'employer'])).min(1).max(3).default(['month', 'category', 'employer']),
    status: z.enum(CASE_STATUSES).optional(), from: isoMonth.optional(), to: isoMonth.optional(),
  }).strict().refine((r) => r.from === undefined || r.to === undefined || r.from <= r.to, { message: 'from is after to', path: ['from'] }),
  // Settings (issue 6): anyone reads them; changing one takes the administrator PIN once set.
  'settings.get': z.object({}).strict(),
  'settings.set': z.object({
    pin: z.string().max(64).optional(),
    newPin: z.string().regex(/^[0-9]{4,12}$/, { message: 'must be 4 to 12 digits' }).optional(),
    mode: z.enum(['desk', 'kiosk']).optional(),
    kiosk: z.object({
      idleSeconds: z.number().int().min(3).max(3600).optional(),
      onEnd: z.enum(['keep', 'discard']).optional(),
    }).strict().optional(),
    cameraAllowed: z.boolean().optional(),
  }).strict(),
  // A kiosk visit: the page reports activity, and ends the visit on "finish" or when idle.
  'session.touch': z.object({}).strict(),
  'session.end': z.object({ reason: z.enum(['finish', 'idle']) }).strict(),
} as const;

export type CallName = keyof typeof requests;
export const CALL_NAMES = Object.keys(requests) as CallName[];
export type Request<C extends CallName> = z.output<(typeof requests)[C]>;
/** What a caller may send (defaults not yet applied). */
export type RequestInput<C extends CallName> = z.input<(typeof requests)[C]>;

/** An expense line as stored: the case-file line plus its id. */
export type ExpenseLine = Expense & { id: number };

export interface CaseSummary {
  number: string;
  claimant: string;
  idNumber: string | null;
  category: CategoryId;
  status: CaseStatus;
  totalFen: number;
  lines: number;
  updatedAt: string;
  /**
   * cases.search with `hints: true` only (cases.list, a search without it and older hosts leave it out): why this row
   * matched the query, for the list's "命中" hint. Worked out for the rows of the returned page
   * only, after the search (electron/core/search/hint.ts), with the search's own normalization.
   */
  matched?: SearchMatch;
}

/**
 * Why a case was found (CaseSummary.matched). `field`: where the query was found —
 * `institution` or `item` of an expense line (not shown in the list's columns, so the list
 * shows them as a hint), or `claimant`, `number`, `idNumber` (already visible in the row). A
 * query of several words names the first word found only in a line; when every word is in a
 * visible column, the first word's column.
 * `text`: the value as stored (for institution/item: the matching value most lines hold).
 * `mark`: [start, end) UTF-16 offsets in `text` of the query as typed (full-width/half-width,
 * case, spaces and punctuation compared as the search does); absent when it cannot be placed.
 * `lines`: institution/item only: how many of the case's lines hold the word in that field.
 */
export interface SearchMatch {
  field: 'claimant' | 'number' | 'idNumber' | 'institution' | 'item';
  text: string;
  mark?: [number, number];
  lines?: number;
}

/** A file attached to one of the case's materials (stored by the core, by content hash). */
export interface AttachmentInfo {
  id: number;
  materialId: string;
  position: number;
  fileName: string;
  mime: 'image/jpeg' | 'image/png' | 'application/pdf';
  size: number;
  sha256: string;
}

/** One case as the renderer sees it. */
export interface CaseRecord {
  number: string;
  status: CaseStatus;
  createdAt: string;
  updatedAt: string;
  /** The policy pack in force for the case (on its filing date). */
  pack: { id: string; version: string };
  case: CaseFile & { expenses: ExpenseLine[] };
  evaluation: Evaluation;
  /** Files attached to materials, in material then position order. */
  attachments: AttachmentInfo[];
  /** The latest built package, if any. */
  /** `current`: nothing but its status changed since the package was built (else it is out of date). */
  package: { builtAt: string; pages: number; bytes: number; sha256: string; fileName: string; current: boolean } | null;
  /** What the guided screens take from the pack in force beyond the evaluation (absent from older hosts). */
  guide?: CaseGuide;
}

/** Facts of the pack in force that the guided screens show while the user types. */
export interface CaseGuide {
  /** cat.newborn.parentName: the name the newborn's vouchers carry (张三之子); null when not a newborn case or the sex is not recorded. */
  voucherName: string | null;
  /** cat.visits20.detect: the pack's monthly limit (null: not configured) and the outpatient visits of each month. */
  visitsMonthlyLimit: number | null;
  visitsByMonth: { month: string; visits: number; over: boolean }[];
}

export interface Page<T> { total: number; items: T[] }

/** A file the core made for the user to save (exports): its name, type and bytes. */
export interface ExportedFileInfo { fileName: string; mime: string; base64: string; rows: number }

/** One change in the audit trail: who, when, what. */
export interface AuditEntry {
  id: number;
  at: string;
  /** The operator's name, or 'kiosk'. */
  actor: string;
  action: string;
  caseNumber: string | null;
  detail: Record<string, unknown>;
}

/** A backup file in the data directory's backups folder. */
export interface BackupInfo { name: string; kind: 'auto' | 'manual' | 'prerestore'; bytes: number; createdAt: string }

/**
 * A case of a bundle that is already in the database: keep both, replace or skip? Either the
 * same case (same uid: exported from here, or a copy of one) or the same claim made apart from
 * it — a case of the same claimant (ID number) that carries one of its invoices.
 */
export interface BundleDuplicate {
  /** The bundle case's uid (its case number when the bundle gives none): the key of `decisions`. */
  uid: string;
  /** 'uid': the same case; 'invoices': the same claimant's case with an invoice of this one. */
  match: 'uid' | 'invoices';
  /** The status of the case here. One handed in (submitted, reimbursed, rejected) is replaced only by the same case (match 'uid'). */
  existingStatus: CaseStatus;
  bundleNumber: string;
  existingNumber: string;
  claimant: string;
  category: string;
  existingUpdatedAt: string;
}

export interface BundleImportResult {
  imported: { number: string; bundleNumber: string; claimant: string; action: 'added' | 'replaced' | 'kept-both' }[];
  skipped: { bundleNumber: string; existingNumber: string }[];
  duplicates: BundleDuplicate[];
  /** True when duplicates had no decision: nothing was imported; ask, then call again. */
  needsDecision: boolean;
}

/** What `claimdesk verify` and data.verify find. */
export interface IntegrityReport {
  ok: boolean;
  integrity: string[];
  foreignKeys: { table: string; rowid: number | null; parent: string }[];
  attachments: { checked: number; problems: { sha256: string; problem: 'missing' | 'altered'; files: { case: string; fileName: string }[] }[] };
  packages: { checked: number; missing: { case: string; fileName: string }[]; altered: { case: string; fileName: string }[] };
  duplicateInvoices: { invoice: string; claimant: string; at: { case: string; line: number }[] }[];
  unreferencedFiles: number;
  temporaryFiles: number;
  messages: string[];
}

export interface AppInfo {
  name: string;
  version: string;
  host: 'electron' | 'web';
  mode: 'desk' | 'kiosk';
  pack: { id: string; version: string; title: Localized };
  categories: { id: CategoryId; title: Localized; source: string }[];
  /** In kiosk mode: the idle time, the countdown shown before it ends, and what happens to the case. Null at the desk. */
  kiosk: KioskInfo | null;
}

export interface KioskInfo {
  idleSeconds: number;
  warningSeconds: number;
  onEnd: 'keep' | 'discard';
}

/** The installation's settings as anyone may read them (never the PIN hash). */
export interface SettingsView {
  /** The saved mode (applies at the next start unless --kiosk forces kiosk mode). */
  mode: 'desk' | 'kiosk';
  /** The mode this run is in. */
  activeMode: 'desk' | 'kiosk';
  modeFromFlag: boolean;
  kiosk: { idleSeconds: number; onEnd: 'keep' | 'discard' };
  /** The idle time in force (the --idle flag wins over the saved one). */
  idleSecondsInForce: number;
  cameraAllowed: boolean;
  pinSet: boolean;
  /** The saved mode differs from the running one: it applies after a restart. */
  restartNeeded: boolean;
}

/** Response types, one per call. */
export interface Responses {
  'app.info': AppInfo;
  'cases.list': Page<CaseSummary>;
  'cases.search': Page<CaseSummary>;
  'cases.create': CaseRecord;
  'cases.get': CaseRecord;
  'cases.update': CaseRecord;
  'cases.setStatus': CaseRecord;
  'cases.remove': { removed: string };
  'expenses.add': CaseRecord;
  'expenses.update': CaseRecord;
  'expenses.remove': CaseRecord;
  'audit.list': Page<AuditEntry>;
  'backups.list': { keep: number; items: BackupInfo[] };
  'backups.create': BackupInfo & { sha256: string; cases: number; missingAttachments: number };
  'backups.restore': { restored: string; cases: number; schemaVersion: number; before: string | null };
  'backups.setKeep': { keep: number; removed: string[] };
  'bundles.export': { fileName: string; base64: string; sha256: string; bytes: number; cases: number; attachments: number };
  'bundles.import': BundleImportResult;
  'data.verify': IntegrityReport;
  'materials.set': CaseRecord;
  'attachments.add': CaseRecord;
  'attachments.remove': CaseRecord;
  'attachments.move': CaseRecord;
  'attachments.read': { fileName: string; mime: AttachmentInfo['mime']; base64: string };
  'coverage.check': CoverageCheck;
  /**
   * `unprintable`: characters of the case the PDF's font has no glyph for (a rare name
   * character such as 𠮷): they print as a crossed box and must be written in by hand.
   */
  'packages.build': { number: string; fileName: string; pages: number; bytes: number; sha256: string; unprintable: string[] };
  'packages.read': { fileName: string; base64: string };
  'import.preview': ImportPreview;
  'import.commit': ImportResult;
  'export.list': ExportedFileInfo;
  'export.report': ExportedFileInfo;
  'settings.get': SettingsView;
  'settings.set': SettingsView;
  'session.touch': { idleSeconds: number };
  'session.end': { kept: number; discarded: number };
}
export type Response<C extends CallName> = Responses[C];

/** Typed errors: every refusal names its code; validation errors name the field. */
export type ErrorCode =
  | 'unknown_call'      // no such call
  | 'invalid_request'   // the request does not match its schema (field names the path)
  | 'not_found'         // the case or line does not exist
  | 'conflict'          // the request is valid but the data forbids it
  | 'package_failed'    // building the PDF failed (message names the file)
  | 'forbidden'         // not allowed here: a kiosk visitor, or a wrong administrator PIN
  | 'internal';         // a bug: logged, nothing changed

/**
 * A refused call. `reason` and `file` say more where a screen words it for the user: a
 * package that failed on one attachment gives the attachment's file name and why
 * (PackageFailReason); a bundle export refused for stored copies missing from the data
 * folder gives reason 'storedCopyMissing' and in `file` the attachments, each as
 * `<case number> <material title>：<file name>`, separated by '；'.
 */
export interface CallError {
  code: ErrorCode; message: string; field?: string; reason?: string; file?: string;
  /** The row of `file` at fault, as a spreadsheet numbers it (a CSV quote that is never closed). */
  row?: number;
}

/** Why packages.build failed on an attachment (package_failed with `file`). */
export type PackageFailReason = 'empty' | 'unsupported' | 'corrupt' | 'encrypted' | 'missing';

/** Why import.preview / import.commit refused a spreadsheet file itself (invalid_request, field base64). */
export type ImportFileReason = 'xls' | 'unreadable' | 'noHeader' | 'notTable' | 'noSheet'
  /** A CSV whose quotes do not pair up (with the row where the quote opens): its rows run into one cell. */
  | 'brokenQuotes'
  /** A CSV header with text past column 16384 (MAX_IMPORT_COLUMNS: Excel's XFD), which no mapping can name (with the header's row). */
  | 'tooWide';
export type CallResult<T> = { ok: true; value: T } | { ok: false; error: CallError };

export class ContractError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly field?: string, readonly about: { reason?: string; file?: string; row?: number } = {}) {
    super(message);
    this.name = 'ContractError';
  }
  toJSON(): CallError {
    return {
      code: this.code, message: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      ...(this.about.reason === undefined ? {} : { reason: this.about.reason }),
      ...(this.about.file === undefined ? {} : { file: this.about.file }),
      ...(this.about.row === undefined ? {} : { row: this.about.row }),
    };
  }
}

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(requests, name);
}

/** Render a zod issue path as 'claimant.idNumber' / 'line.amountFen' / 'coverage[1].to'. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) =>
    typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key), '');
}

/** Validate a request for `name`; throws ContractError naming the first bad field. */
export function parseRequest<C extends CallName>(name: string, input: unknown): { name: C; input: Request<C> } {
  if (!isCallName(name)) throw new ContractError('unknown_call', `no such call: ${name.slice(0, 80)}`);
  const result = requests[name].safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.code === 'unrecognized_keys' ? issuePath([...issue.path, issue.keys[0] ?? '']) : issuePath(issue.path);
    throw new ContractError('invalid_request', field ? `${field}: ${issue.message}` : issue.message, field || undefined);
  }
  return { name: name as C, input: result.data as Request<C> };
}

/** The JSON Schema of every request, for `GET /api`. */
export function describeCalls(): { name: CallName; request: unknown }[] {
  return CALL_NAMES.map((name) => ({ name, request: z.toJSONSchema(requests[name], { io: 'input', unrepresentable: 'any' }) }));
}

/** What a host hands to the renderer: one function for every call. */
export interface ClaimDeskApi {
  call<C extends CallName>(name: C, input: RequestInput<C>): Promise<Response<C>>;
}
