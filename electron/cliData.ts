// CLI verbs for data that survives (issue 7): import (case files with their scans, and case
// bundles), export, backup, restore, verify, audit. cli.ts names each (dataVerb) and loads
// this module when one of them runs; a new verb here gets its line there too.
// Exit 0 success, 1 ran but found problems, 2 bad input or usage (naming the file or flag).
import fs from 'node:fs';
import path from 'node:path';
import { UsageError, caseFilesFrom, existingDataDir, notAFolder, options, writableDataDir } from './cliArgs.ts';
import { ClaimDeskService } from './core/service.ts';
import { BundleError, MAX_BUNDLE_CASES, exportBundle, importBundle, looksLikeZip, tooManyCases, type DuplicateChoice } from './core/bundle.ts';
import type { BatchResult, BatchSummary } from './core/batch/index.ts';
import type { CaseRecord } from '../shared/contract.ts';
import { HANDED_IN_STATUSES, type CaseStatus } from '../shared/model/case.ts';
import { BackupError, backupToFolder, createBackup, restoreBackup, storedCopyOwners } from './core/backup.ts';
import { verifyData } from './core/verify.ts';
import { eventsToCsv, listEvents } from './core/audit.ts';
import { writeFileAtomic } from './core/files/atomicWrite.ts';
import { CommitReport } from './cliReport.ts';
import { onInterrupt } from './core/files/interrupt.ts';
import { isSpreadsheet } from './core/caseFiles.ts';

type Verb = (args: string[]) => Promise<number>;

/** The service on the data directory; `existing`: a verb that only reads refuses one without data (existingDataDir). */
function openService(data: unknown, existing = false): ClaimDeskService {
  const flag = data as string | undefined;
  return new ClaimDeskService({ dataDir: existing ? existingDataDir(flag) : writableDataDir(flag), host: 'web', actor: process.env.CLAIMDESK_OPERATOR || 'cli' });
}

const DUPLICATE_CHOICES = ['keep', 'replace', 'skip'] as const;

export const dataVerbs: Record<string, Verb> = {
  async import(args) {
    const { positionals, values } = options(args, { 'on-duplicate': { type: 'string' }, summary: { type: 'string' }, jobs: { type: 'string' } } as const);
    const choice = values['on-duplicate'];
    if (choice !== undefined && !(DUPLICATE_CHOICES as readonly string[]).includes(choice)) {
      throw new UsageError(`--on-duplicate: must be keep, replace or skip, not ${choice}`);
    }
    const files = caseFilesFrom(positionals, 'case file, folder or bundle');
    // Usage first, before the data directory is opened (and created): a typo in a file name
    // or a bad --jobs used to leave a new empty database behind its exit 2. Only a name typed
    // here with nothing at all behind it is a typo: a file in a folder named here, or a link
    // whose target is gone, is a case that cannot be read — one invalid case among the
    // others, as check and package report it (one bad entry used to stop the whole folder).
    const missing = positionals.find((p) => { try { fs.lstatSync(p); return false; } catch { return true; } });
    if (missing) throw new UsageError(`${missing}: no such file or folder`);
    const { batchVerb, BatchUsageError, checkSummaryTarget, countsText, jobsFlag, jobsInForce, notReached, plural, summaryOnInterrupt } = await import('./core/batch/cli.ts');
    // Capped (and said) once here, not again for each run of case files between bundles.
    const jobs = String(jobsInForce(jobsFlag(values.jobs)));
    const { summaryOf, summaryRow, writeSummary } = await import('./core/batch/index.ts');
    if (values.summary !== undefined) checkSummaryTarget(values.summary, files);
    // In the order given: each bundle on its own (one transaction), each run of case files
    // between them as one batch (read and checked on every core, committed in order).
    const segments: (string | string[])[] = [];
    for (const f of files) {
      const last = segments.at(-1);
      // An .xlsx is a zip too: as a case file, it is refused for what it is (readCaseFile).
      if (looksLikeZip(f) && !isSpreadsheet(f)) segments.push(f);
      else if (Array.isArray(last)) last.push(f);
      else segments.push([f]);
    }
    const service = openService(values.data);
    let exit = 0;
    let imported = 0;
    /** Every case of the command, for --summary: the batches' rows, and one per case of each bundle. */
    const rows: BatchSummary['cases'] = [];
    let ms = 0;
    /** Threads used: a bundle is imported on this one; each batch says how many it ran on. */
    let threads = 1;
    // How far the command got, for a signal's message and summary: the segments whose rows are
    // all in `rows` (each set in the same synchronous step that adds them), and the results so
    // far of the batch of case files running now (by its job id, after each commit).
    let finished = 0;
    let running: Map<number, BatchResult> | null = null;
    const t0 = performance.now();
    /** Every file of the command: its rows when reached, else a row saying it was not (package's 'skipped' row). */
    const rowsSoFar = (signal: NodeJS.Signals): BatchSummary['cases'] => [
      ...rows,
      ...segments.slice(finished).flatMap((segment, k) => (typeof segment === 'string' ? [segment] : segment).map((file, id) => {
        const { id: _id, check: _check, incoming: _incoming, ...r } = (k === 0 ? running?.get(id) : undefined) ?? notReached(id, file, 'import', signal);
        return summaryRow(r);
      })),
    ];
    const filesReached = (): number => segments.slice(0, finished).reduce((n, s) => n + (typeof s === 'string' ? 1 : s.length), 0) + (running?.size ?? 0);
    /** Threads used so far: the batch running now counts too (its summary, which says it, is not there yet). */
    const threadsSoFar = (): number => {
      const segment = segments[finished];
      return running && Array.isArray(segment) ? Math.max(threads, Math.min(Number(jobs), segment.length)) : threads;
    };
    // On a signal (files/interrupt.ts, newest first): the report's line saying how far it got,
    // then this, the summary of every file (registered first, so it runs second).
    const summaryUndo = values.summary === undefined ? () => {} : onInterrupt((signal) => {
      summaryOnInterrupt('import', () => writeSummary(values.summary!, summaryOf('import', rowsSoFar(signal), Math.round(performance.now() - t0), threadsSoFar())));
    });
    const report = new CommitReport('import', () => `${filesReached()} of ${plural(files.length, 'file')} done`);
    /** A case already here left as it is without the choice asked for carried out: exit 2 (DATA-FORMATS.md). */
    let undecided = false;
    const bundleRow = (file: string, outcome: BatchResult['outcome'], number: string | null, error: string | null, evaluation?: CaseRecord['evaluation']): BatchSummary['cases'][number] =>
      summaryRow({
        file, outcome, number, complete: evaluation?.complete ?? null, findings: evaluation?.findings.map((f) => ({ rule: f.rule, level: f.level })) ?? [],
        totalFen: evaluation?.totals.amountFen ?? null, output: null, pages: null, unprintable: [], ms: 0, error, field: null,
      });
    try {
      for (const [at, segment] of segments.entries()) {
        if (typeof segment === 'string') {
          const file = segment;
          try {
            const r = await importBundle(service, file, { onDuplicate: (choice as DuplicateChoice | undefined) ?? 'ask' });
            if (r.needsDecision) {
              for (const d of r.duplicates) console.error(`${file}: case ${d.bundleNumber} (${d.claimant}) is already here as ${d.existingNumber}`);
              console.error(`${file}: nothing imported: choose --on-duplicate keep|replace|skip`);
              // Not imported because (some of) its cases are already here: skipped, not invalid.
              rows.push(bundleRow(file, 'skipped', null, `${file}: ${r.duplicates.length} of its cases are already here: choose --on-duplicate keep|replace|skip`));
              finished = at + 1;
              exit = 2;
              continue;
            }
            // Printed only after the bundle's one transaction has committed.
            // Every line at once after the one commit (no await between: a signal cannot fall between them).
            for (const c of r.imported) report.imported(c.number, file);
            // The bundle's rows at once too (a signal's summary has them), each imported case's
            // filled in below with its evaluation.
            const first = rows.length;
            rows.push(...r.imported.map((c) => bundleRow(file, 'ok', c.number, null)));
            imported += r.imported.length;
            for (const s of r.skipped) { console.error(`${file}: skipped case ${s.bundleNumber}: already here as ${s.existingNumber}`); rows.push(bundleRow(file, 'skipped', s.existingNumber, null)); }
            finished = at + 1;
            for (const [i, c] of r.imported.entries()) {
              // As a case file's row: the case as it is evaluated here, now that it is in.
              const rec = await service.dispatch('cases.get', { number: c.number });
              rows[first + i] = bundleRow(file, 'ok', c.number, null, rec.ok ? (rec.value as CaseRecord).evaluation : undefined);
            }
          } catch (err) {
            if (!(err instanceof BundleError)) throw err;
            console.error(err.message);
            rows.push(bundleRow(file, 'invalid', null, err.message));
            finished = at + 1;
            exit = 2;
          }
          continue;
        }
        const { insertCase } = await import('./core/caseImport.ts');
        const { sameCaseAlreadyHere } = await import('./core/db/invoiceQueries.ts');
        try {
          running = new Map();
          const code = await batchVerb('import', segment, { jobs, data: values.data }, { commit: (r) => {
            const incoming = r.incoming!;
            // Whether the case is already here and the insert are one write transaction: another
            // import of the same files at the same time (another process) cannot slip its copy in
            // between the look and the write — two runs used to add ~100 cases twice.
            const outcome = service.db.transaction((): 'inserted' | 'skipped' | 'refused' => {
              const already = sameCaseAlreadyHere(service.db, incoming.caseFile);
              // Already here and left as it is: 'skipped' (counted and said as such), whatever
              // the reason — no choice made, a handed-in case not replaced, or --on-duplicate skip.
              if (already && choice === undefined) {
                r.outcome = 'skipped';
                r.number = already;
                r.error = `${r.file}: this case is already here as ${already} (same claimant, its invoices): choose --on-duplicate keep|replace|skip`;
                return 'refused';
              }
              const status = already && (service.db.prepare('SELECT status FROM cases WHERE number = ?').get(already) as { status: string } | undefined)?.status;
              if (already && choice === 'replace' && status && HANDED_IN_STATUSES.includes(status as CaseStatus)) {
                // What was handed in stays as it was: a replaced case would go back to draft, ready to be claimed again.
                r.outcome = 'skipped';
                r.number = already;
                r.error = `${r.file}: ${already} is ${status}: it is not replaced; --on-duplicate keep makes a new case beside it`;
                return 'refused';
              }
              if (already && choice === 'skip') {
                r.outcome = 'skipped';
                r.number = already;
                return 'skipped';
              }
              r.number = insertCase(service, incoming, already && choice === 'replace' ? { replaceNumber: already } : {});
              return 'inserted';
            }).immediate();
            if (outcome === 'refused') undecided = true;
            if (outcome === 'skipped') process.stderr.write(`${r.file}: skipped: already here as ${r.number}\n`);
            if (outcome !== 'inserted') return;
            imported++;
            // Printed only after the case's transaction has committed.
            report.imported(r.number!, r.file);
          }, reported: (r) => running?.set(r.id, r), collect: (summary) => {
            rows.push(...summary.cases);
            finished = at + 1;
            running = null;
            ms += summary.ms;
            threads = Math.max(threads, summary.jobs);
          } });
          exit = Math.max(exit, code, undecided ? 2 : 0);
        } catch (err) {
          if (err instanceof BatchUsageError) throw new UsageError(err.message);
          throw err;
        }
      }
      // Many cases (a folder): merge the search index's segments, when that is cheap next to the import.
      if (service.search.optimizeAfterBulk(imported)) console.error(`search index optimized after ${imported} cases`);
    } finally {
      report.dispose();
      summaryUndo();
      service.close();
    }
    if (segments.length > 1 || values.summary !== undefined) {
      const all = summaryOf('import', rows, ms, threads);
      const c = all.counts;
      // Several parts (bundles between case files): one line for the whole command.
      if (segments.length > 1) process.stderr.write(`import: ${plural(c.cases, 'case')} in all: ${countsText(c)}\n`);
      if (values.summary !== undefined) {
        const written = writeSummary(values.summary, all);
        process.stderr.write(`summary: ${written.csv}, ${written.json}\n`);
      }
    }
    return exit;
  },

  async export(args) {
    const { positionals, values } = options(args, { case: { type: 'string', multiple: true }, out: { type: 'string' } } as const);
    const numbers = [...(values.case ?? []), ...positionals];
    if (numbers.length === 0) throw new UsageError('--case NUMBER is required (one or more)');
    if (!values.out) throw new UsageError('--out BUNDLE is required');
    notAFolder('--out', values.out);
    // Import refuses a bundle of more cases: said before the data is opened or anything written.
    const count = new Set(numbers).size;
    if (count > MAX_BUNDLE_CASES) throw new UsageError(`--case: ${tooManyCases(count)}`);
    const service = openService(values.data, true);
    try {
      for (const n of numbers) {
        if (!service.db.prepare(`SELECT 1 FROM cases WHERE number = ?`).get(n)) {
          console.error(`claimdesk export: --case: no case ${n}`);
          return 2;
        }
      }
      const r = await exportBundle(service, numbers, path.resolve(values.out));
      process.stdout.write(JSON.stringify({ file: values.out, cases: r.cases, attachments: r.attachments, bytes: r.bytes, sha256: r.sha256 }) + '\n');
      return 0;
    } catch (err) {
      // 1, not 2: the request was good (the cases are there, the flags right) — the export ran
      // and found the data folder's problem (a stored scan missing or unreadable: an integrity
      // error, as claimdesk verify exits 1 on), or a limit of the data itself.
      if (err instanceof BundleError) { console.error(`claimdesk export: ${err.message}`); return 1; }
      throw err;
    } finally {
      service.close();
    }
  },

  async backup(args) {
    const { values } = options(args, { out: { type: 'string' } } as const);
    if (values.out !== undefined) notAFolder('--out', values.out);
    const service = openService(values.data, true);
    try {
      let r;
      try {
        r = values.out ? await createBackup(service, path.resolve(values.out)) : await backupToFolder(service, 'manual');
      } catch (err) {
        if (err instanceof BackupError) { console.error(`claimdesk backup: ${err.message}`); return 1; }
        throw err;
      }
      process.stdout.write(JSON.stringify({ file: r.file, bytes: r.bytes, sha256: r.sha256, ...r.counts, missingAttachments: r.missingAttachments }) + '\n');
      // Written all the same (a backup of what is there beats none; restore knows the list):
      // each missing copy named as the user knows it, with what to do.
      for (const sha of r.missingAttachments) {
        console.error(`claimdesk backup: ${storedCopyOwners(service, sha)}: its stored copy was already missing from the data folder, so the backup does not have it (${sha}); run claimdesk verify, then remove the attachment and add the file again`);
      }
      return r.missingAttachments.length ? 1 : 0;
    } finally {
      service.close();
    }
  },

  async restore(args) {
    const { positionals, values } = options(args, {} as const);
    if (positionals.length !== 1) throw new UsageError('restore takes one backup file');
    const file = path.resolve(positionals[0]!);
    if (!fs.existsSync(file)) throw new UsageError(`${positionals[0]}: no such file`);
    const service = openService(values.data);
    try {
      const r = await restoreBackup(service, file);
      process.stdout.write(JSON.stringify({ restored: positionals[0], ...r.counts, schemaVersion: r.schemaVersion, attachmentsAdded: r.attachmentsAdded, before: r.before }) + '\n');
      console.error(`restored ${positionals[0]}: ${r.counts.cases} cases; the data as it was before is saved in ${r.before}`);
      return 0;
    } catch (err) {
      if (err instanceof BackupError) { console.error(`claimdesk restore: ${err.message}`); return 2; }
      throw err;
    } finally {
      service.close();
    }
  },

  async verify(args) {
    const { values } = options(args, {} as const);
    const service = openService(values.data, true);
    try {
      const report = verifyData(service);
      process.stdout.write(JSON.stringify(report) + '\n');
      for (const m of report.messages) console.error(m);
      if (report.ok) console.error(`verified: database ok, ${report.attachments.checked} attachments ok, ${report.packages.checked} packages ok`);
      return report.ok ? 0 : 1;
    } finally {
      service.close();
    }
  },

  async audit(args) {
    const { values } = options(args, { case: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } } as const);
    if (values.out !== undefined) notAFolder('--out', values.out);
    const format = values.format ?? (values.out && /\.json$/i.test(values.out) ? 'json' : 'csv');
    if (format !== 'csv' && format !== 'json') throw new UsageError(`--format: must be csv or json, not ${format}`);
    const service = openService(values.data, true);
    try {
      const { items } = listEvents(service.db, { caseNumber: values.case });
      if (values.case && items.length === 0 && !service.db.prepare(`SELECT 1 FROM cases WHERE number = ?`).get(values.case)) {
        console.error(`claimdesk audit: --case: no case ${values.case}`);
        return 2;
      }
      const text = format === 'json' ? JSON.stringify(items, null, 2) + '\n' : eventsToCsv(items);
      if (values.out) {
        // As backup and export do: the folders on the way are made.
        fs.mkdirSync(path.dirname(path.resolve(values.out)), { recursive: true });
        writeFileAtomic(path.resolve(values.out), Buffer.from(text, 'utf8'));
        console.error(`wrote ${values.out}: ${items.length} events`);
      } else {
        process.stdout.write(text);
      }
      return 0;
    } finally {
      service.close();
    }
  },
};

