// Batch check and package from the command line (issue 8): many case files or whole folders,
// in parallel on every core, progress on stderr, and a summary of every case — complete or
// not, findings, total, output — as CSV and JSON (--summary PATH). One bad case never stops
// the rest.
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { writeFileAtomic } from '../files/atomicWrite.ts';
import { defaultJobs, runPool } from './pool.ts';
import { outputNames, summaryTargets } from './outputs.ts';
import { PackageStaging, sweepStalePackages } from './staging.ts';
import type { BatchJob, BatchResult, BatchVerb } from './jobs.ts';
import type { OtherCaseInvoices } from '../../../shared/rules/duplicateInvoice.ts';
import type { CaseFile } from '../../../shared/model/case.ts';
import { numberFromFileName, readCaseFile } from '../caseFiles.ts';
import { namedAttachments } from '../caseImport.ts';
import { fileIdentity } from '../files/identity.ts';
import { interrupted } from '../files/interrupt.ts';

export { defaultJobs } from './pool.ts';
export type { BatchResult } from './jobs.ts';

export interface BatchOptions {
  verb: BatchVerb;
  files: string[];
  outDir?: string | undefined;
  /** --preparer: who prepared the packages (the cover's 经办人). */
  preparedBy?: string | undefined;
  /** --data: the data directory whose policy packs apply (else CLAIMDESK_DATA, else the default). */
  data?: string | undefined;
  jobs?: number | undefined;
  /** Progress lines (stderr in the CLI). */
  progress?: ((line: string, final: boolean) => void) | undefined;
  onResult?: ((r: BatchResult) => void) | undefined;
  /**
   * import: commit each case whose job succeeded, in the order of `files` (the numbers come out
   * as a one-by-one import gives them), before it is counted and reported. It may change the
   * result (its number; 'skipped' for a case already there); a throw makes it 'failed'.
   */
  commit?: ((r: BatchResult) => void) | undefined;
  /** package: the temporary files an earlier, killed run left in --out-dir, removed before this one starts. */
  swept?: ((files: string[]) => void) | undefined;
}

export interface BatchSummary {
  verb: BatchVerb;
  started: string;
  ms: number;
  jobs: number;
  counts: { cases: number; ok: number; complete: number; incomplete: number; invalid: number; skipped: number; failed: number };
  cases: (Omit<BatchResult, 'id' | 'check' | 'incoming'> & { errors: number; warnings: number })[];
}

export async function runBatch(o: BatchOptions): Promise<BatchSummary> {
  const started = new Date();
  const t0 = performance.now();
  const outputs = o.verb === 'package' ? outputNames(o.files, o.outDir) : [];
  // Each case file read once here (readCaseFile: UTF-8, a BOM dropped, the schema), for what
  // one case must know of the others. A file that is not valid is left to its job to report:
  // it holds nothing here (its invoices claim nothing; it is never packaged).
  const read = o.verb === 'import' ? [] : o.files.map((file) => { try { return readCaseFile(file); } catch { return undefined; } });
  const others = o.verb === 'import' ? [] : invoicesAcrossFiles(o.files, read);
  const overwrites = o.verb === 'package' ? outputsOverOtherInputs(o.files, read, outputs) : [];
  // import numbers its cases in the database (CD-…); check and package by the case file.
  const numbers = o.verb === 'import' ? [] : caseNumbers(o.files, read);
  const jobs: BatchJob[] = o.files.map((file, id) => ({
    id, verb: o.verb, file, outDir: o.outDir, output: outputs[id], number: numbers[id], preparedBy: o.preparedBy, data: o.data,
    ...(others[id]?.length ? { otherCases: others[id] } : {}),
    ...(overwrites[id] ? { overwrites: overwrites[id] } : {}),
  }));
  const concurrency = Math.max(1, Math.min(o.jobs ?? defaultJobs(), jobs.length));
  if (o.outDir) fs.mkdirSync(o.outDir, { recursive: true });
  if (o.verb === 'package' && o.outDir) {
    const swept = sweepStalePackages(o.outDir);
    if (swept.length) o.swept?.(swept);
  }
  let done = 0;
  const seen: Record<BatchResult['outcome'], number> = { ok: 0, invalid: 0, failed: 0, skipped: 0 };
  const every = Math.max(1, Math.floor(jobs.length / 50));
  // In the summary's words, each outcome apart: "not processed" lumped a deliberate skip
  // (--on-duplicate skip) with invalid and failed files. The rate is of real work only:
  // counting instant skips, a resumed import showed 1,500/s against a real 300–700/s.
  const okWord = o.verb === 'import' ? 'imported' : o.verb === 'package' ? 'packaged' : 'checked';
  const report = (r: BatchResult): void => {
    done++;
    seen[r.outcome]++;
    o.onResult?.(r);
    if (r.outcome !== 'ok' || done % every === 0 || done === jobs.length) {
      const rate = seen.ok / ((performance.now() - t0) / 1000);
      const counts = `${seen.ok} ${okWord}, ${seen.invalid} invalid, ${seen.failed} failed${seen.skipped ? `, ${seen.skipped} skipped (already here)` : ''}`;
      o.progress?.(`${o.verb}: ${done}/${jobs.length} (${counts}; ${rate.toFixed(1)} ${okWord}/s)${r.outcome !== 'ok' && r.error ? ` — ${r.error}` : ''}`, done === jobs.length);
    }
  };
  // package: the main thread makes, renames and (on a signal) removes every temporary file,
  // and renames a package in the same step that reports it (staging.ts).
  const staging = o.verb === 'package' ? new PackageStaging() : null;
  const settled = staging ? (r: BatchResult): void => { staging.settle(r); report(r); } : report;
  const ordered = o.commit ? inOrder(o.commit, settled) : null;
  let results: BatchResult[];
  try {
    results = await runPool(jobs, concurrency, ordered ? ordered.take : settled, staging ? (job) => staging.begin(job) : undefined, ordered?.drained);
    // Every result is in; the last of them may still be committing, one per turn.
    await ordered?.drained();
  } finally {
    staging?.dispose();
  }
  const cases = results.map(({ id: _id, check: _check, incoming: _incoming, ...r }) => summaryRow(r));
  return summaryOf(o.verb, cases, Math.round(performance.now() - t0), concurrency, started);
}

/**
 * For each case file, the invoices of the batch's other files of the same claimant (ID
 * number): the same invoice in two case files is claimed twice (case.duplicateInvoice), as
 * `claimdesk import` finds against the database. A file that cannot be read is left to its
 * job to report; it holds nothing here.
 */
function invoicesAcrossFiles(files: readonly string[], read: readonly (CaseFile | undefined)[]): OtherCaseInvoices[][] {
  const byClaimant = new Map<string, { id: number; invoices: OtherCaseInvoices }[]>();
  files.forEach((file, id) => {
    const c = read[id];
    if (!c) return;
    const idNumber = c.claimant.idNumber ?? '';
    if (!idNumber) return;
    const expenses = (c.expenses ?? [])
      .map((e) => ({ invoiceCode: e.invoiceCode, invoiceNo: e.invoiceNo }))
      .filter((e) => e.invoiceNo);
    if (expenses.length === 0) return;
    const list = byClaimant.get(idNumber) ?? [];
    list.push({ id, invoices: { caseNumber: c.number || file, claimantIdNumber: idNumber, expenses } });
    byClaimant.set(idNumber, list);
  });
  const out: OtherCaseInvoices[][] = files.map(() => []);
  for (const list of byClaimant.values()) {
    if (list.length < 2) continue;
    for (const a of list) out[a.id] = list.filter((b) => b !== a).map((b) => b.invoices);
  }
  return out;
}

/**
 * The case number of each case file in a batch (check and package): the `number` it carries,
 * else FILE-<its name> (numberFromFileName), as `claimdesk package FILE --out PDF` gives it —
 * but never one another case of the batch has. HR exports often put each employee's claim in
 * a folder of its own under one file name (emp001/case.json, emp002/case.json); at the counter
 * papers are matched to claims by this number and its QR code, so two claims both numbered
 * FILE-CASE would be filed as one. The first file of a name keeps its number (a file packaged
 * alone, or the first of a batch, is numbered as it always was); a later one becomes
 * FILE-CASE-2, FILE-CASE-3, in the order given, as outputNames names its package (case-2.pdf):
 * a clerk finds FILE-CASE-2 on the cover of case-2.pdf and beside it in the summary — one rule
 * for both. (Numbering from the folder, FILE-EMP002-CASE, would say more, but folder names need
 * not differ either — 2024/emp1/case.json, 2025/emp1/case.json — and would make the number
 * long where the page header has to shorten it; a suffix is short and always possible.)
 * As in outputNames, every file's own number is reserved before any suffix is chosen: with a
 * case-2.json in the batch, the second case.json is FILE-CASE-3. A number written in a case
 * file is the case's own and kept as it is; a number made from a name never takes one.
 * Compared without letter case (FILE- numbers are upper case; a written one may not be).
 * Positional and from the inputs alone, so the same files in the same order get the same
 * numbers, whatever --jobs (a file that cannot be read keeps its name's number reserved).
 */
export function caseNumbers(files: readonly string[], read: readonly (CaseFile | undefined)[]): string[] {
  const written = files.map((_, i) => read[i]?.number);
  const own = files.map((file, i) => written[i] ?? numberFromFileName(path.basename(file, path.extname(file))));
  const key = (n: string): string => n.toUpperCase();
  const taken = new Set(own.map(key));
  // Who keeps a number: the file that writes it, else the first whose name gives it.
  const keeper = new Map<string, number>();
  own.forEach((n, i) => { if (written[i] !== undefined && !keeper.has(key(n))) keeper.set(key(n), i); });
  own.forEach((n, i) => { if (!keeper.has(key(n))) keeper.set(key(n), i); });
  return files.map((_, i) => {
    const n = own[i]!;
    if (written[i] !== undefined || keeper.get(key(n)) === i) return n;
    let out = n;
    for (let k = 2; taken.has(key(out)); k++) out = `${n}-${k}`;
    taken.add(key(out));
    return out;
  });
}

/**
 * For each package, what another case of the batch is built from that it would overwrite: its
 * case file or a scan it names (by path, and by device and inode where the file exists, so a
 * link or another spelling of the path is caught) — or undefined. `--out-dir scans` beside a
 * case named portrait.json would replace another case's scans/portrait.pdf, and that case would
 * then carry the first one's package as its scan. A case's own inputs are its job's to check
 * (inputAt), as for a single file.
 */
function outputsOverOtherInputs(files: readonly string[], read: readonly (CaseFile | undefined)[], outputs: readonly string[]): (string | undefined)[] {
  const inputs = new Map<string, { id: number; what: string }>();
  const add = (id: number, file: string, what: string): void => {
    const at = path.resolve(file);
    if (!inputs.has(at)) inputs.set(at, { id, what });
    const key = fileIdentity(file);
    if (key && !inputs.has(key)) inputs.set(key, { id, what });
  };
  files.forEach((file, id) => {
    add(id, file, `the case file ${file}`);
    const c = read[id];
    if (!c) return;
    let named: ReturnType<typeof namedAttachments> = [];
    try { named = namedAttachments(c, file); } catch { /* a bad name: that case's job says so */ }
    for (const f of named) add(id, f.path, `${file}'s attachment ${f.name} (${f.field})`);
  });
  return outputs.map((out, id) => {
    const key = fileIdentity(out);
    const hit = [inputs.get(path.resolve(out)), key ? inputs.get(key) : undefined].find((h) => h && h.id !== id);
    return hit ? `${hit.what}, another case of this batch` : undefined;
  });
}

/** A case's row in a summary: its result with its error and warning findings counted. */
export function summaryRow(r: Omit<BatchResult, 'id' | 'check' | 'incoming'>): BatchSummary['cases'][number] {
  return { ...r, errors: r.findings.filter((f) => f.level === 'error').length, warnings: r.findings.filter((f) => f.level === 'warning').length };
}

/** A summary of these cases: the counts partition them. */
export function summaryOf(verb: BatchVerb, cases: BatchSummary['cases'], ms: number, jobs: number, started = new Date(Date.now() - ms)): BatchSummary {
  return {
    verb, started: started.toISOString(), ms, jobs,
    counts: {
      cases: cases.length, ok: cases.filter((c) => c.outcome === 'ok').length,
      // A partition: a case that could not be processed counts as invalid, skipped or failed only.
      complete: cases.filter((c) => c.outcome === 'ok' && c.complete === true).length,
      incomplete: cases.filter((c) => c.outcome === 'ok' && c.complete === false).length,
      invalid: cases.filter((c) => c.outcome === 'invalid').length, skipped: cases.filter((c) => c.outcome === 'skipped').length,
      failed: cases.filter((c) => c.outcome === 'failed').length,
    },
    cases,
  };
}

/**
 * Results as they come (any order) → committed and reported in job order. Every job answers
 * (runPool reports a job of a worker that stopped as failed), so none waits for ever.
 *
 * One commit per turn of the event loop: when the result a block of waiting ones was held
 * for arrives, the first is committed at once and the rest each in a setImmediate of its own.
 * Committed in one loop, a block held a Ctrl+C or SIGTERM (whose handler runs only between
 * turns: files/interrupt.ts) until its end — with --jobs 2 a worker that ran ahead while this
 * thread read a slow case made the block the whole folder, and all 120 cases of a test were
 * imported after the signal. A turn costs microseconds against a commit's milliseconds. After
 * a signal's handler has begun, nothing more is committed (interrupted()), so what its message
 * and summary say was not imported is not. `drained` resolves once every result taken is
 * committed and reported: runPool may return before the last ones are.
 */
function inOrder(commit: (r: BatchResult) => void, report: (r: BatchResult) => void): { take: (r: BatchResult) => void; drained: () => Promise<void> } {
  const waiting = new Map<number, BatchResult>();
  let next = 0;
  /** A step is due in a setImmediate (it takes the next one, if it is there by then). */
  let scheduled = false;
  const idle: (() => void)[] = [];
  const step = (): void => {
    scheduled = false;
    // The process is ending (its handler exits it): `drained` is left unresolved, as the
    // results not committed must not be summed up as if they were.
    if (interrupted()) return;
    const x = waiting.get(next);
    if (!x) {
      for (const resolve of idle.splice(0)) resolve();
      return;
    }
    waiting.delete(next++);
    if (x.outcome === 'ok') {
      try {
        commit(x);
      } catch (err) {
        x.outcome = 'failed';
        x.error = `${x.file}: ${(err as Error).message}`;
      }
    }
    delete x.incoming; // committed (or not): its rows are in the database, not needed here
    report(x);
    // The rest of the block on later turns. Scheduled even when the next one is not here yet:
    // the step then finds nothing and lets `drained` resolve (a taken result restarts it).
    scheduled = true;
    setImmediate(step);
  };
  return {
    take: (r) => {
      waiting.set(r.id, r);
      // The one awaited, with no step due: at once (in order, a case is committed as its result comes).
      if (!scheduled && r.id === next) step();
    },
    drained: () => new Promise((resolve) => {
      if (!scheduled) resolve();
      else idle.push(resolve);
    }),
  };
}

/**
 * Write the summary as JSON and CSV: PATH.json and PATH.csv when PATH ends in neither,
 * else PATH and its sibling with the other extension. Returns the two paths.
 */
export function writeSummary(target: string, summary: BatchSummary): { json: string; csv: string } {
  const { json, csv } = summaryTargets(target);
  writeFileAtomic(path.resolve(json), Buffer.from(JSON.stringify(summary, null, 2) + '\n'));
  const rows = summary.cases.map((c) => ({
    file: c.file, outcome: c.outcome, complete: c.complete === null ? '' : c.complete ? 'yes' : 'no',
    errors: c.errors, warnings: c.warnings, findings: c.findings.map((f) => `${f.level}:${f.rule}`).join(' '),
    total_fen: c.totalFen ?? '', total_yuan: c.totalFen === null ? '' : `${Math.floor(c.totalFen / 100)}.${String(c.totalFen % 100).padStart(2, '0')}`,
    output: c.output ?? '', pages: c.pages ?? '', ms: Math.round(c.ms), error: c.error ?? '', unprintable: c.unprintable.join(' '), number: c.number ?? '',
  }));
  // escapeFormulae: a case file named =HYPERLINK(…).json must not become a formula in Excel.
  const text = Papa.unparse(rows, { newline: '\r\n', escapeFormulae: true, columns: ['file', 'outcome', 'complete', 'errors', 'warnings', 'findings', 'total_fen', 'total_yuan', 'output', 'pages', 'ms', 'error', 'unprintable', 'number'] });
  writeFileAtomic(path.resolve(csv), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text + '\r\n')]));
  return { json, csv };
}
