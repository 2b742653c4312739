// What one batch job does, in a worker thread or in-process (tests, a single file): the pack
// in force for the case's filing date among the shipped packs and the data directory's
// (packForCaseFile: an administrator's pack applies to batches as to one file), and the
// package streamed to its file (writePackage: no copy of the output in memory). An import
// job reads, checks, hashes and stores the case's scans (the slow part, on every core); the
// main thread then commits the case (SQLite has one writer): see runBatch's `commit`.
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { earlierPackage, folderAtOutput, isFolder, outputNames } from './outputs.ts';
import { fileIdentity } from '../files/identity.ts';
import { CaseFileError, checkNamedFiles, fieldOfPackageError, inputAt, loadCaseAttachments, numberFromFileName, readCaseFile } from '../caseFiles.ts';
import { readCaseFileAttachments, type IncomingCase } from '../caseImport.ts';
import { AttachmentStore } from '../files/attachmentStore.ts';
import { dataPaths, resolveDataDir } from '../dataDir.ts';
import { evaluate } from '../../../shared/rules/evaluate.ts';
import { packForCaseFile } from '../packs.ts';
import { writePackage, PackageError } from '../pdf/index.ts';
import type { Finding } from '../../../shared/model/evaluation.ts';
import type { CaseFile } from '../../../shared/model/case.ts';
import type { OtherCaseInvoices } from '../../../shared/rules/duplicateInvoice.ts';
import { todayIso } from '../../../shared/model/dates.ts';

export type BatchVerb = 'check' | 'package' | 'import';

export interface BatchJob {
  id: number; verb: BatchVerb; file: string; outDir?: string | undefined;
  /** package: the PDF to write (unique within the batch: see outputNames). */
  output?: string | undefined;
  /**
   * check, package: the case's number, distinct within the batch (runBatch's caseNumbers);
   * absent for a job run alone, which numbers its case as `claimdesk package FILE` does.
   */
  number?: string | undefined;
  /** package: who prepared it, for the cover (--preparer). */
  preparedBy?: string | undefined;
  /** --data as given (else CLAIMDESK_DATA, else the default): where the administrator's packs are. */
  data?: string | undefined;
  /** check, package: the invoices of the batch's other case files of the same claimant (case.duplicateInvoice across files). */
  otherCases?: OtherCaseInvoices[] | undefined;
  /** package: what of another case in the batch the output would overwrite (runBatch's outputsOverOtherInputs). */
  overwrites?: string | undefined;
  /**
   * package in a batch: the temporary file the main thread made for the package (staging.ts),
   * to be written and left for it to rename; or why it could not be made (the job fails).
   * Neither: the job writes and renames its own (a job run alone).
   */
  staged?: string | undefined;
  stagingError?: string | undefined;
}

export interface BatchResult {
  id: number;
  file: string;
  /**
   * 'ok': processed; 'invalid': not a valid case file, or an attachment is unreadable;
   * 'skipped' (import): already in the database, left as it is — by --on-duplicate skip, or,
   * its error says why, for want of a choice or as a handed-in case not replaced (exit 2);
   * in a summary, also a case a run ended by a signal never reached (its error says so);
   * 'failed': anything else.
   */
  outcome: 'ok' | 'invalid' | 'skipped' | 'failed';
  /** package: the case number on the cover; check: the one its package would carry; import: the number the case got (or, skipped, the one it has). */
  number: string | null;
  complete: boolean | null;
  findings: Pick<Finding, 'rule' | 'level'>[];
  /** The check's full output (check only), as `claimdesk check` prints it. */
  check?: unknown;
  totalFen: number | null;
  output: string | null;
  pages: number | null;
  /** Characters the PDF's font could not print (package only; see PackageOutput). */
  unprintable: string[];
  ms: number;
  error: string | null;
  field: string | null;
  /** import: the case, its scans stored, for the main thread to commit (then dropped). */
  incoming?: IncomingCase;
}

export async function runJob(job: BatchJob): Promise<BatchResult> {
  const started = performance.now();
  const base: BatchResult = { id: job.id, file: job.file, outcome: 'ok', number: null, complete: null, findings: [], totalFen: null, output: null, pages: null, unprintable: [], ms: 0, error: null, field: null };
  let caseFile: CaseFile | undefined;
  const out = job.verb === 'package' ? job.output ?? outputNames([job.file], job.outDir)[0]! : undefined;
  // What is at the package's path before this run writes it: a package from an earlier run,
  // left as it is when this one fails (it may be the only copy, its scans since moved) — so
  // the failure must say it is there and stale (see `earlierPackage`).
  const before = out === undefined ? null : fileIdentity(out);
  let clash: string | null = null;
  // The case file's own number, else the batch's for it (two case.json files of a batch are
  // two claims: caseNumbers), else as a file packaged alone: never from the output name.
  const numberOf = (c: CaseFile): string => c.number ?? job.number ?? numberFromFileName(path.basename(job.file, path.extname(job.file)));
  try {
    caseFile = readCaseFile(job.file);
    const pack = packForCaseFile(job.data, caseFile, { quiet: !isMainThread });
    // One day for the job, as the app has it: the evaluation's and the package's (制表日期).
    const today = todayIso();
    const evaluation = evaluate(caseFile, pack, { today, ...(job.otherCases ? { otherCases: job.otherCases } : {}) });
    base.complete = evaluation.complete;
    base.findings = evaluation.findings.map((f) => ({ rule: f.rule, level: f.level }));
    base.totalFen = evaluation.totals.amountFen;
    if (job.verb === 'check') {
      await checkNamedFiles(caseFile, job.file);
      // As package numbers it: a summary of a check lists the claims under their packages' numbers.
      base.number = numberOf(caseFile);
      base.check = {
        file: job.file, complete: evaluation.complete, findings: evaluation.findings,
        materials: evaluation.materials.map((m) => ({ id: m.id, required: m.required, status: m.status, source: m.source })),
        totals: { amountFen: evaluation.totals.amountFen, amountWords: evaluation.totals.amountWords },
      };
    } else if (job.verb === 'import') {
      const files = await readCaseFileAttachments(caseFile, job.file);
      // Stored (by hash, synced) before the main thread commits a row that points at them.
      const store = new AttachmentStore(dataPaths(resolveDataDir(job.data)).attachments);
      for (const f of files) { store.put(f.bytes!); delete f.bytes; }
      base.incoming = { caseFile, files, source: path.basename(job.file) };
    } else {
      clash = inputAt(out!, caseFile, job.file) ?? job.overwrites ?? null;
      if (clash) throw new CaseFileError(job.file, `the package ${out} would overwrite ${clash}; choose another --out-dir`);
      // Said before any work, and as what it is: the rename's EISDIR at the end was reported
      // as "an earlier package" (D5). Not given another name (NAME-2.pdf): which case has which
      // file must not depend on what else happens to be in the folder.
      if (isFolder(out!)) throw new Error(folderAtOutput(out!));
      if (job.stagingError !== undefined) throw new Error(job.stagingError);
      const attachments = await loadCaseAttachments(caseFile, job.file, pack);
      const number = numberOf(caseFile);
      const written = await writePackage({ number, caseFile, evaluation, pack, attachments, preparedBy: job.preparedBy, preparedOn: today }, out!, job.staged);
      // The number on the cover: only a case whose package was written has one (a failed one has none, however far it got).
      base.number = number;
      base.output = out!;
      base.pages = written.pages;
      base.unprintable = written.unprintable;
    }
  } catch (err) {
    // Evaluated complete, but a named file is missing or unreadable: not ready to hand in.
    if (base.complete) base.complete = false;
    if (err instanceof CaseFileError) { base.outcome = 'invalid'; base.error = err.message; base.field = err.field ?? null; }
    else if (err instanceof PackageError) {
      // A scan the builder could not use is named by its field, as a scan refused before it is.
      base.outcome = 'invalid'; base.error = `${job.file}: ${err.message}`;
      base.field = caseFile ? fieldOfPackageError(err, caseFile, job.file) : null;
    }
    else { base.outcome = 'failed'; base.error = `${job.file}: ${(err as Error).message ?? String(err)}`; }
    if (out !== undefined && !clash && before !== null && !isFolder(out) && fileIdentity(out) === before && fileIdentity(job.file) !== before) base.error += earlierPackage(out);
  }
  base.ms = performance.now() - started;
  return base;
}
