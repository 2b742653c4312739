// The service implements the contract (shared/contract.ts). Both hosts call `dispatch`,
// which validates the request with the contract's schema before any handler runs.
// Every change is one SQLite transaction with one audit event.
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import {
  ContractError, parseRequest, type CallName, type CallResult, type CaseGuide, type CaseRecord, type Request, type Response,
} from '../../shared/contract.ts';
import { MAX_AMOUNT_FEN, MAX_EXPENSES, type CaseFile, type CaseStatus } from '../../shared/model/case.ts';
import { todayIso } from '../../shared/model/dates.ts';
import { evaluate } from '../../shared/rules/evaluate.ts';
import { checkCoverage } from '../../shared/rules/coverage.ts';
import { claimantFacts } from '../../shared/rules/identity.ts';
import { defaultPack, parameterAt, type PolicyPack } from '../../shared/policy/index.ts';
import { expectedVoucherName } from '../../shared/rules/newbornName.ts';
import { outpatientVisitsByMonth } from '../../shared/rules/visits20Detect.ts';
import { loadPacks, packInForce } from './packs.ts';
import { openDatabase, type Db } from './db/open.ts';
import { CaseRepository, type CaseRow } from './db/caseRepository.ts';
import { recordEvent } from './audit.ts';
import { ensureDataDir, type DataPaths } from './dataDir.ts';
import { AttachmentStore } from './files/attachmentStore.ts';
import { errnoCode, unreadableReason } from './files/fileErrors.ts';
import { checkAttachment } from './files/fileChecks.ts';
import { AttachmentRepository } from './db/attachmentRepository.ts';
import { writePackage, PackageError, type PackageAttachment } from './pdf/index.ts';
import { materialTitle } from './pdf/labels.ts';
import { packageFileState } from './verify.ts';
import { APP_VERSION } from './version.ts';
import { PinThrottle, SettingsStore } from './settings.ts';
import { endVisit, idleSecondsIn, kioskHandlers, Visit, warningSeconds, type KioskContext } from './kiosk.ts';
import { SearchIndex } from './search/index.ts';
import { withMatches } from './search/hint.ts';
import { hrHandlers } from './import/handlers.ts';
import { dataHandlers } from './dataHandlers.ts';
import { otherCaseInvoices } from './db/invoiceQueries.ts';
import type { OtherCaseInvoices } from '../../shared/rules/duplicateInvoice.ts';
import { statement } from './db/statements.ts';

export interface ServiceOptions {
  dataDir: string;
  host: 'electron' | 'web';
  mode?: 'desk' | 'kiosk';
  /** A kiosk's idle time from the --idle flag (else the saved setting). */
  idleSeconds?: number;
  /** Who the audit trail names for changes made through this service. */
  actor?: string;
  /** The clock; tests fix it. */
  now?: () => Date;
}

type Handlers = { [C in CallName]: (input: Request<C>) => Response<C> | Promise<Response<C>> };

/** Statuses the app derives from the evaluation; the later ones are set by the user. */
const DERIVED_STATUSES: readonly CaseStatus[] = ['draft', 'complete', 'packaged'];

export class ClaimDeskService {
  readonly paths: DataPaths;
  readonly db: Db;
  private readonly repo: CaseRepository;
  private readonly attachmentRows: AttachmentRepository;
  /** The case search index (issue 8): flushed inside every change's transaction. */
  readonly search: SearchIndex;
  readonly store: AttachmentStore;
  /** Shipped packs plus the valid JSON packs of the data directory's packs/ folder. */
  readonly packs: PolicyPack[];
  readonly now: () => Date;
  /** Who the audit trail names for changes made through this service. */
  readonly actor: string;
  private readonly mode: 'desk' | 'kiosk';
  /** settings.json: mode, kiosk idle time and visitor cases, camera, administrator PIN (issue 6). */
  readonly settings: SettingsStore;
  /** The current kiosk visit: its cases, and the core's own idle backstop. */
  readonly visit: Visit;
  private readonly kiosk: KioskContext;

  constructor(private readonly options: ServiceOptions) {
    this.paths = ensureDataDir(options.dataDir);
    this.db = openDatabase(this.paths.database);
    this.repo = new CaseRepository(this.db);
    this.attachmentRows = new AttachmentRepository(this.db);
    this.search = new SearchIndex(this.db);
    this.store = new AttachmentStore(this.paths.attachments);
    const loaded = loadPacks(this.paths.packs);
    for (const message of loaded.refused) console.error(`claimdesk: policy pack refused: ${message}`);
    this.packs = loaded.packs;
    this.now = options.now ?? (() => new Date());
    this.settings = new SettingsStore(this.paths.dir);
    // The --kiosk flag (options.mode) wins; else the saved setting, read once at start.
    this.mode = options.mode ?? this.settings.read().mode;
    this.actor = options.actor ?? (this.mode === 'kiosk' ? 'kiosk' : safeUserName());
    this.visit = new Visit({ now: () => Date.now(), idleSeconds: () => idleSecondsIn(this.kiosk), onExpire: () => endVisit(this.kiosk, 'timeout') });
    this.kiosk = {
      db: this.db, dataDir: this.paths.dir, packagesDir: this.paths.packages, attachmentsDir: this.paths.attachments,
      settings: this.settings, throttle: new PinThrottle(), visit: this.visit, mode: this.mode,
      modeFromFlag: options.mode === 'kiosk', idleFromFlag: options.idleSeconds, stamp: () => this.stamp(), actor: this.actor,
      removeCase: (number) => { this.handlers['cases.remove']({ number }); },
    };
  }

  close(): void {
    this.visit.close();
    this.db.close();
  }

  /** Validate and run one call; never throws. */
  async dispatch(name: string, input: unknown): Promise<CallResult<unknown>> {
    try {
      const request = parseRequest(name, input);
      if (this.mode === 'kiosk') {
        // A visit idle past the core's backstop ends before anyone else is answered.
        if (this.visit.expired()) endVisit(this.kiosk, 'timeout');
        this.visit.admit(request.name, request.input);
      }
      const handler = this.handlers[request.name] as (i: unknown) => unknown;
      const value = await handler(request.input);
      if (this.mode === 'kiosk') this.visit.answered(request.name, value);
      return { ok: true, value };
    } catch (err) {
      if (err instanceof ContractError) return { ok: false, error: err.toJSON() };
      // Another program (a CLI import, a backup) held the database past busy_timeout: not a
      // fault of ours nor of the request — say so, and that nothing changed.
      if (String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY')) {
        return { ok: false, error: { code: 'conflict', message: 'the data is in use by another ClaimDesk program (an import, a backup) and stayed busy: nothing was changed; try again in a moment' } };
      }
      console.error(`claimdesk: ${name} failed:`, err);
      return { ok: false, error: { code: 'internal', message: 'an internal error occurred; nothing was changed' } };
    }
  }

  /** The pack in force for a case: on its filing date, among the shipped and the administrator's packs. */
  packFor(caseFile: CaseFile): PolicyPack {
    return packInForce(this.packs, caseFile.filedOn ?? this.today());
  }

  /**
   * Other cases' invoices, for the duplicate check. At a kiosk their numbers stay hidden: a
   * visitor typing invoice numbers must not learn whether, and under which case, another
   * person claimed them (the finding says 'another case; check at the desk').
   */
  private otherCasesSeen(number: string): OtherCaseInvoices[] {
    const others = otherCaseInvoices(this.db, number);
    return this.mode === 'kiosk' ? others.map((o) => ({ ...o, caseNumber: '' })) : others;
  }

  private today(): string {
    return todayIso(this.now());
  }

  private stamp(): string {
    return this.now().toISOString();
  }

  private row(number: string): CaseRow {
    const row = this.repo.findRow(number);
    if (!row) throw new ContractError('not_found', `no case ${number}`, 'number');
    return row;
  }

  /**
   * Whether the case's last package still shows it: nothing but status changes since it was
   * built (the audit trail records every change to a case, in order). A status change —
   * submitted, reopened — leaves the package as it was; an edit, even to a case handed in,
   * makes it out of date.
   */
  private packageCurrent(number: string): boolean {
    return !statement(this.db, `SELECT EXISTS (SELECT 1 FROM audit_events
      WHERE case_number = @number AND action NOT IN ('case.status', 'package.build')
        AND id > (SELECT MAX(id) FROM audit_events WHERE case_number = @number AND action = 'package.build'))`).pluck().get({ number });
  }

  private record(row: CaseRow): CaseRecord {
    const caseFile = this.repo.load(row);
    const pack = this.packFor(caseFile);
    const pkg = statement(this.db, `SELECT file_name, pages, bytes, sha256, built_at FROM packages WHERE case_id = ?`).get(row.id) as
      { file_name: string; pages: number; bytes: number; sha256: string; built_at: string } | undefined;
    return {
      number: row.number, status: row.status, createdAt: row.created_at, updatedAt: row.updated_at,
      pack: { id: row.pack_id, version: row.pack_version },
      case: caseFile,
      evaluation: evaluate(caseFile, pack, { today: this.today(), otherCases: this.otherCasesSeen(row.number) }),
      attachments: this.attachmentRows.forCase(row.id),
      package: pkg ? { fileName: pkg.file_name, pages: pkg.pages, bytes: pkg.bytes, sha256: pkg.sha256, builtAt: pkg.built_at, current: this.packageCurrent(row.number) } : null,
      guide: caseGuide(caseFile, pack, caseFile.filedOn ?? this.today()),
    };
  }

  /** Run a change to one case: transaction, derived status, pack recorded, audit event. */
  private change(number: string, action: string, detail: Record<string, unknown>, apply: (row: CaseRow) => void): CaseRecord {
    return this.db.transaction(() => {
      const row = this.row(number);
      apply(row);
      this.repo.refreshTotals(row.id);
      this.repo.touch(row.id, this.stamp());
      // The event first: whether the package is still current is read from the trail.
      recordEvent(this.db, { at: this.stamp(), actor: this.actor, action, caseNumber: number, detail });
      const record = this.settledRecord(number);
      this.search.flush();
      return record;
    }).immediate();
  }

  /**
   * The case after a change, its derived status brought up to date from the record's own
   * evaluation (one evaluation per change): draft ↔ complete follows it, and packaged holds
   * while its package is current (an edit makes it out of date).
   */
  private settledRecord(number: string): CaseRecord {
    const row = this.row(number);
    const record = this.record(row);
    if (!DERIVED_STATUSES.includes(row.status)) return record;
    const status: CaseStatus = !record.evaluation.complete ? 'draft' : record.package?.current && row.status === 'packaged' ? 'packaged' : 'complete';
    if (status !== row.status) {
      const at = this.stamp();
      this.repo.setStatus(row.id, status, at);
      record.status = status;
      record.updatedAt = at;
    }
    return record;
  }

  /** Add a whole case (from the screen, a case file or a bundle) in one transaction. */
  createCase(caseFile: CaseFile, action = 'case.create', options: { number?: string; detail?: Record<string, unknown> } = {}): CaseRecord {
    return this.db.transaction(() => {
      const pack = this.packFor(caseFile);
      const number = options.number ?? this.repo.nextNumber(this.today());
      const row = this.repo.insertCase({ number, caseFile: withDerivedFacts({ ...caseFile, filedOn: caseFile.filedOn ?? this.today() }, this.today()), status: 'draft', pack, now: this.stamp() });
      // A case file was held to the bound by its schema; a case made from a spreadsheet was not.
      this.refuseBeyondCaseFileBounds(row, 'expenses');
      const record = this.settledRecord(row.number);
      recordEvent(this.db, { at: this.stamp(), actor: this.actor, action, caseNumber: number, detail: { category: caseFile.category, ...options.detail } });
      this.search.flush();
      return record;
    }).immediate();
  }

  /** Append many lines to a case as one change, one audit event (spreadsheet import, issue 8). */
  addLines(number: string, lines: NonNullable<CaseFile['expenses']>, detail: Record<string, unknown>): CaseRecord {
    return this.change(number, 'expense.import', detail, (row) => {
      let position = this.repo.nextLinePosition(row.id);
      for (const line of lines) this.repo.insertLine(row.id, position++, line);
      this.refuseBeyondCaseFileBounds(row, 'expenses');
    });
  }

  /**
   * The case file's schema bounds a case: its total at MAX_AMOUNT_FEN (10^13 fen), its lines at
   * MAX_EXPENSES. Lines added here one at a time or from a spreadsheet are held to both, or the
   * case could not be exported and imported again (its bundle refused), and its total could
   * pass 2^53. Called inside the change's transaction, after the lines are written: throwing
   * rolls them back. `field`: where a total over the bound is blamed (the line being written).
   */
  private refuseBeyondCaseFileBounds(row: CaseRow, field: string): void {
    // The sum as a BigInt: it can pass 2^53, and the message gives it exactly.
    const [lines, total] = statement(this.db, `SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM expense_lines WHERE case_id = ?`).raw(true).safeIntegers(true).get(row.id) as [bigint, bigint];
    if (lines > BigInt(MAX_EXPENSES)) {
      throw new ContractError('conflict', `case ${row.number} would hold ${lines} expense lines; a case may hold at most ${MAX_EXPENSES} (the case file's limit)`, 'expenses');
    }
    if (total > BigInt(MAX_AMOUNT_FEN)) {
      throw new ContractError('conflict', `case ${row.number}'s expense lines would add up to ${total} fen; a case may claim at most 10^13 fen (100,000,000,000.00 元), the same bound as one line`, field);
    }
  }

  readonly handlers: Handlers = {
    ...hrHandlers(this, () => this.today()),
    ...dataHandlers(this),
    ...kioskHandlers(() => this.kiosk),
    'coverage.check': ({ today, ...input }) => {
      const day = today ?? this.today();
      return checkCoverage({ ...input, today: day }, packInForce(this.packs, day));
    },

    'app.info': () => {
      const pack = defaultPack();
      return {
        name: 'ClaimDesk', version: APP_VERSION, host: this.options.host, mode: this.mode,
        pack: { id: pack.id, version: pack.version, title: pack.title },
        categories: pack.categories.map((c) => ({ id: c.id, title: c.title, source: c.source })),
        kiosk: this.mode === 'kiosk'
          ? { idleSeconds: idleSecondsIn(this.kiosk), warningSeconds: warningSeconds(idleSecondsIn(this.kiosk)), onEnd: this.settings.read().kiosk.onEnd }
          : null,
      };
    },

    'cases.list': ({ limit, offset, status, category }) => this.search.list({ status, category }, limit, offset),

    // Substring of the claimant name, the case number, an institution or item of a line, or a
    // prefix of the ID number; any length, from the n-gram index (electron/core/search).
    // With `hints`, each row of the page says why it matched (`matched`), looked up after the search for those rows only.
    'cases.search': ({ query, limit, offset, status, category, hints }) => {
      const page = this.search.search(query, { status, category }, limit, offset);
      return hints ? { total: page.total, items: withMatches(this.db, query, page.items) } : page;
    },

    'cases.create': (input) => this.createCase({ format: 'claimdesk/case@1', ...input }),

    'cases.get': ({ number }) => this.record(this.row(number)),

    'cases.update': ({ number, ...patch }) =>
      this.change(number, 'case.update', { fields: Object.keys(patch) }, (row) => {
        const current = this.repo.load(row);
        const next: CaseFile = withDerivedFacts({ ...current, ...patch }, this.today());
        this.repo.updateCase(row, next, this.packFor(next), this.stamp());
      }),

    'cases.setStatus': ({ number, status }) =>
      this.change(number, 'case.status', { status }, (row) => {
        // draft, complete and packaged follow the case (its evaluation; a package built): one
        // is set only where it is what the case is — to reopen a case handed in — never to
        // contradict it (the change would be undone at once, silently).
        if (status === 'packaged' && row.status !== 'packaged') {
          // Reopening a case handed in whose package still shows it: packaged again.
          const rec = this.record(row);
          if (!rec.package?.current || !rec.evaluation.complete) {
            throw new ContractError('conflict', 'a case becomes packaged when its package is built (packages.build)', 'status');
          }
        }
        if (status === 'complete' || status === 'draft') {
          const complete = this.record(row).evaluation.complete;
          if (status === 'complete' && !complete) throw new ContractError('conflict', 'the case is not complete: materials or findings are still open', 'status');
          if (status === 'draft' && complete) throw new ContractError('conflict', 'the case is complete (draft and complete follow its materials and findings): set complete', 'status');
        }
        this.repo.setStatus(row.id, status, this.stamp());
      }),

    'cases.remove': ({ number }) =>
      this.db.transaction(() => {
        const row = this.row(number);
        this.repo.removeCase(row);
        recordEvent(this.db, { at: this.stamp(), actor: this.actor, action: 'case.remove', caseNumber: number, detail: {} });
        this.search.flush();
        return { removed: number };
      }).immediate(),

    'expenses.add': ({ number, line }) =>
      this.change(number, 'expense.add', { amountFen: line.amountFen, date: line.date }, (row) => {
        this.repo.insertLine(row.id, this.repo.nextLinePosition(row.id), line);
        this.refuseBeyondCaseFileBounds(row, 'line.amountFen');
      }),

    'expenses.update': ({ number, lineId, line }) =>
      this.change(number, 'expense.update', { lineId, amountFen: line.amountFen }, (row) => {
        if (!this.repo.updateLine(row.id, lineId, line)) throw new ContractError('not_found', `case ${number} has no expense line ${lineId}`, 'lineId');
        this.refuseBeyondCaseFileBounds(row, 'line.amountFen');
      }),

    'expenses.remove': ({ number, lineId }) =>
      this.change(number, 'expense.remove', { lineId }, (row) => {
        if (!this.repo.removeLine(row.id, lineId)) throw new ContractError('not_found', `case ${number} has no expense line ${lineId}`, 'lineId');
      }),

    'materials.set': ({ number, materialId, status, note }) =>
      this.change(number, 'material.set', { materialId, status }, (row) => {
        this.repo.setMaterial(row.id, { id: materialId, status, note });
      }),

    'attachments.add': async ({ number, materialId, fileName, base64 }) => {
      const bytes = Buffer.from(base64, 'base64');
      const checked = await checkAttachment(bytes);
      if (!checked.ok) throw new ContractError('invalid_request', `${fileName}: ${checked.reason}`, 'base64');
      this.row(number); // refuse an unknown case before anything is written
      // The file is durable before the row that points at it is committed.
      const sha256 = this.store.put(bytes);
      return this.change(number, 'attachment.add', { materialId, fileName, sha256, size: bytes.length }, (row) => {
        this.attachmentRows.add(row.id, { materialId, fileName, mime: checked.mime, size: bytes.length, sha256 }, this.stamp());
        const entry = this.repo.load(row).materials?.find((m) => m.id === materialId);
        if (!entry || entry.status === 'missing') this.repo.setMaterial(row.id, { id: materialId, status: 'provided', note: entry?.note });
      });
    },

    'attachments.remove': ({ number, attachmentId }) =>
      this.change(number, 'attachment.remove', { attachmentId }, (row) => {
        const removed = this.attachmentRows.remove(row.id, attachmentId);
        if (!removed) throw new ContractError('not_found', `case ${number} has no attachment ${attachmentId}`, 'attachmentId');
        if (this.attachmentRows.forCase(row.id).every((a) => a.materialId !== removed.materialId)) {
          this.repo.setMaterial(row.id, { id: removed.materialId, status: 'missing' });
        }
      }),

    'attachments.move': ({ number, attachmentId, position }) =>
      this.change(number, 'attachment.move', { attachmentId, position }, (row) => {
        if (!this.attachmentRows.move(row.id, attachmentId, position)) {
          throw new ContractError('not_found', `case ${number} has no attachment ${attachmentId}`, 'attachmentId');
        }
      }),

    'attachments.read': ({ number, attachmentId }) => {
      const row = this.row(number);
      const info = this.attachmentRows.forCase(row.id).find((a) => a.id === attachmentId);
      if (!info) throw new ContractError('not_found', `case ${number} has no attachment ${attachmentId}`, 'attachmentId');
      let bytes: Buffer;
      try {
        bytes = this.store.get(info.sha256);
      } catch (err) {
        // Its stored copy gone from the data folder (deleted by hand, a restore without it) or
        // unreadable: said naming the file, with what to do — not an internal error.
        if (errnoCode(err) === undefined) throw err;
        throw new ContractError('not_found', `attachment ${info.fileName}: its stored copy in the data folder cannot be used: ${unreadableReason(err)}; remove the attachment and add the file again`, 'attachmentId', { reason: 'missing', file: info.fileName });
      }
      return { fileName: info.fileName, mime: info.mime, base64: bytes.toString('base64') };
    },

    'packages.build': async ({ number, preparedBy }) => {
      const record = this.record(this.row(number));
      const { case: caseFile, evaluation } = record;
      const pack = this.packFor(caseFile);
      const fileName = `${number}.pdf`;
      let built: { pages: number; bytes: number; sha256: string; unprintable: string[] };
      try {
        // Each stored file is read (and its hash checked) when the builder gets to it, and
        // let go once written: a missing or altered one fails the package naming it.
        const attachments: PackageAttachment[] = record.attachments.map((a) => ({
          materialId: a.materialId, title: materialTitle(pack, a.materialId), fileName: a.fileName, mime: a.mime,
          size: a.size, read: (into) => this.store.read(a.sha256, into), contentKey: a.sha256,
        }));
        // Streamed to a temporary file, synced and renamed into place: the package on disk is
        // always a whole one, and neither the output nor the scans sit in memory all at once.
        built = await writePackage({
          number, caseFile, evaluation, pack, attachments, preparedOn: this.today(),
          // The clerk's name as typed, never the machine's account ('root' is nobody's name).
          ...(preparedBy ? { preparedBy } : {}),
        }, path.join(this.paths.packages, fileName));
      } catch (err) {
        if (err instanceof PackageError) {
          // An attachment's own fault (a bad or locked file) names it; anything else is the case's.
          const about = err.fileName !== undefined && err.code !== 'input' ? { reason: err.code, file: err.fileName } : {};
          throw new ContractError('package_failed', err.message, 'attachments', about);
        }
        throw err;
      }
      const { sha256 } = built;
      this.db.transaction(() => {
        const row = this.row(number);
        statement(this.db, `INSERT INTO packages (case_id, file_name, pages, bytes, sha256, built_at) VALUES (?, ?, ?, ?, ?, ?)
          ON CONFLICT (case_id) DO UPDATE SET file_name = excluded.file_name, pages = excluded.pages, bytes = excluded.bytes,
            sha256 = excluded.sha256, built_at = excluded.built_at`).run(row.id, fileName, built.pages, built.bytes, sha256, this.stamp());
        if (evaluation.complete && DERIVED_STATUSES.includes(row.status)) this.repo.setStatus(row.id, 'packaged', this.stamp());
        recordEvent(this.db, { at: this.stamp(), actor: this.actor, action: 'package.build', caseNumber: number, detail: { pages: built.pages, sha256, ...(built.unprintable.length ? { unprintable: built.unprintable } : {}) } });
        this.search.flush();
      }).immediate();
      return { number, fileName, pages: built.pages, bytes: built.bytes, sha256, unprintable: built.unprintable };
    },

    'packages.read': ({ number }) => {
      const row = this.row(number);
      const pkg = statement(this.db, `SELECT file_name, bytes, sha256 FROM packages WHERE case_id = ?`).get(row.id) as { file_name: string; bytes: number; sha256: string } | undefined;
      if (!pkg) throw new ContractError('not_found', `case ${number} has no package yet: build it first`, 'number');
      const file = path.join(this.paths.packages, pkg.file_name);
      // Only the bytes that were built go to the printer: a file cut short or changed since is refused.
      const state = packageFileState(file, pkg.bytes, pkg.sha256);
      if (state === 'missing') throw new ContractError('not_found', `the package file ${pkg.file_name} is missing: build it again`, 'number');
      if (state === 'altered') throw new ContractError('conflict', `the package file ${pkg.file_name} is damaged or was changed since it was built: build it again`, 'number');
      return { fileName: pkg.file_name, base64: fs.readFileSync(file).toString('base64') };
    },
  };
}

/** What the guided screens take from the pack in force: the newborn's voucher name, visits per month against the limit. */
export function caseGuide(caseFile: CaseFile, pack: PolicyPack, filedOn: string): CaseGuide {
  const limit = parameterAt(pack, 'visits.monthlyLimit', filedOn);
  const max = limit.configured ? limit.value : null;
  return {
    voucherName: caseFile.category === 'newborn' ? expectedVoucherName(caseFile, pack) : null,
    visitsMonthlyLimit: max,
    visitsByMonth: [...outpatientVisitsByMonth(caseFile.expenses ?? [])].map(([month, visits]) => ({ month, visits, over: max !== null && visits > max })),
  };
}

/** The claimant's sex and birth date, when not given, as the ID number states them (CASE-FILE.md). */
function withDerivedFacts(caseFile: CaseFile, today: string): CaseFile {
  return { ...caseFile, claimant: { ...caseFile.claimant, ...claimantFacts(caseFile, today) } };
}

function safeUserName(): string {
  try { return os.userInfo().username || 'desk'; } catch { return 'desk'; }
}
