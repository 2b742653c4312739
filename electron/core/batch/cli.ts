// `claimdesk check|package` over many case files (issue 8): the CLI side of runBatch —
// options, progress on stderr, results on stdout, the summary file, the exit status.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { characterLabel } from '../../../shared/model/characters.ts';
import { missingValue, negativeValuesJoined, notAFolder, outputFile, preparerFlag, repeatedFlag, UsageError } from '../../cliArgs.ts';
import { summaryTargets } from './outputs.ts';
import { fileIdentity } from '../files/identity.ts';
import { onInterrupt } from '../files/interrupt.ts';
import { defaultJobs } from './pool.ts';
import type { BatchResult, BatchVerb } from './jobs.ts';
import type { BatchSummary } from './index.ts';

export const BATCH_OPTIONS = {
  summary: { type: 'string' },
  jobs: { type: 'string' },
} as const;


export class BatchUsageError extends Error {}

/**
 * --summary PATH writes PATH.csv and PATH.json: PATH names files, not a folder (a folder would
 * get FOLDER.csv beside it, or hidden .csv/.json inside it with a trailing slash), and
 * neither file may be one of the `inputs` (the case files or bundles named, or found in the
 * folders named): the summary would replace it.
 */
export function checkSummaryTarget(summary: string, inputs: readonly string[]): void {
  summaryOverwritesInput(summary, inputs);
  summaryFilesWritable(summary);
}

/** The folder and file part of checkSummaryTarget: PATH names files that can be written. */
function summaryFilesWritable(summary: string): void {
  let isDir = false;
  try { isDir = fs.statSync(summary).isDirectory(); } catch { /* not there: a file name */ }
  if (isDir || /[\\/]$/.test(summary)) throw new UsageError(`--summary: ${summary} is a folder; name the summary's files in it (--summary ${summary.replace(/[\\/]+$/, '')}/summary writes summary.csv and summary.json)`);
  const { csv, json } = summaryTargets(summary);
  for (const f of [csv, json]) outputFile('--summary', f);
}

/** A usage error when PATH.csv or PATH.json of --summary PATH is one of the inputs (the same file: device and inode, links followed). */
export function summaryOverwritesInput(summary: string, inputs: readonly string[]): void {
  const { csv, json } = summaryTargets(summary);
  for (const target of [json, csv]) {
    const t = fileIdentity(target);
    if (t === null) continue; // not there yet: it replaces nothing
    const input = inputs.find((f) => fileIdentity(f) === t);
    if (input === undefined) continue;
    const which = path.resolve(input) === path.resolve(target) ? `${target} is one of the input files` : `${target} is the input file ${input}`;
    throw new UsageError(`--summary ${summary}: ${which}; the summary would overwrite it; choose another name`);
  }
}

/** '3 complete, 1 incomplete, 0 invalid, 0 failed[, 2 skipped (already here)]' */
/** `1 case`, `2 cases`. */
export const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function countsText(c: BatchSummary['counts']): string {
  return `${c.complete} complete, ${c.incomplete} incomplete, ${c.invalid} invalid, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped (already here)` : ''}`;
}

/** A usage error of the shared argument checks, as this module reports them. */
function usage<T>(check: () => T): T {
  try { return check(); } catch (err) { throw err instanceof UsageError ? new BatchUsageError(err.message) : err; }
}

/** `warning: FILE: 1 character the font cannot print, shown as a crossed box: 𠮷 (U+20BB7) …` */
export function unprintableWarning(file: string, chars: readonly string[]): string {
  const list = chars.map(characterLabel).join(', ');
  return `warning: ${file}: ${chars.length} character${chars.length === 1 ? '' : 's'} the font cannot print, shown as a crossed box (write ${chars.length === 1 ? 'it' : 'them'} in by hand): ${list}`;
}

/**
 * Exit: 2 when a case file was invalid, else 1 when a case failed or (check, package) has
 * error findings, else 0. An import reports on stdout only what it committed
 * (`imported NUMBER FILE`, printed by `commit`), every problem on stderr.
 */
/** --jobs: how many threads, 1 to 256; undefined when not given. Checked before any work (import checks it before opening the data folder). */
export function jobsFlag(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  // Plain decimal digits only: Number() would also take 0x2, 2e0 and ' 2' as 2.
  const jobs = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 256) throw new UsageError(`--jobs: not a number of workers from 1 to 256: ${JSON.stringify(value)}`);
  return jobs;
}

/**
 * The threads a batch runs on: --jobs (default: every core), but never more than the cores
 * there are (issue 8: "in parallel up to the number of cores") — more only contend for them:
 * --jobs 64 on 2 cores took 8 s and 1.7 GB for a check that takes 0.4 s. A higher request
 * is said once on stderr, so the summary's smaller `jobs` is no surprise.
 */
export function jobsInForce(requested: number | undefined, cores = defaultJobs()): number {
  if (requested === undefined) return cores;
  if (requested > cores) process.stderr.write(`--jobs ${requested}: using ${cores}, the number of cores\n`);
  return Math.min(requested, cores);
}

/** What batchVerb's caller (import) does along the way. */
export interface BatchHooks {
  /** import: commit a case whose job succeeded (runBatch's `commit`). */
  commit?: ((r: BatchResult) => void) | undefined;
  /** The batch's summary, once it has run to the end. */
  collect?: ((s: BatchSummary) => void) | undefined;
  /** Each case as it is reported (after its commit, for import): what a signal's summary knows of this batch. */
  reported?: ((r: BatchResult) => void) | undefined;
}

export async function batchVerb(verb: BatchVerb, files: string[], values: { summary?: string | undefined; jobs?: string | undefined; 'out-dir'?: string | undefined; data?: string | undefined; preparer?: string | undefined }, hooks: BatchHooks = {}): Promise<number> {
  // Loaded here, not at the top: a single `claimdesk check FILE` passes through this module
  // and needs none of the batch machinery (the PDF builder among it).
  const index = await import('./index.ts');
  const { runBatch, writeSummary } = index;
  const jobs = jobsInForce(usage(() => jobsFlag(values.jobs)));
  // Checked before any case runs: a summary that cannot be written is a usage error, not a
  // failure at the end of a long batch. (The output folder is made first: the summary often
  // goes in it; one that would replace an input is refused before even that.)
  if (values.summary !== undefined) usage(() => summaryOverwritesInput(values.summary!, files));
  if (values['out-dir'] !== undefined) {
    // As for a file inside it: the folder itself, or one on the way to it, must not be a file.
    usage(() => notAFolder('--out-dir', path.join(values['out-dir']!, 'x')));
    fs.mkdirSync(values['out-dir'], { recursive: true });
  }
  if (values.summary !== undefined) usage(() => summaryFilesWritable(values.summary!));
  const preparedBy = usage(() => preparerFlag(values.preparer));
  const tty = process.stderr.isTTY;
  // Ctrl+C or SIGTERM ends the batch at the next turn of the event loop (the undos of
  // files/interrupt.ts, which then exits 130 / 143: no new job is taken; package's staging.ts
  // removes the unfinished packages' files first), saying how far it got and writing the
  // summary with every case — an HR officer who stops a long check keeps the results of the
  // cases already checked. (That a signal is never lost between one package's undo and the
  // next is interrupt.ts's own business.) import says and writes its own (cliData.ts): its
  // command is several batches and bundles, and the summary is of them all.
  const t0 = performance.now();
  const done = new Map<number, BatchResult>();
  const stopped = verb === 'import' ? () => {} : onInterrupt((signal) => {
    const rows = files.map((file, id) => done.get(id) ?? notReached(id, file, verb, signal));
    const ok = rows.filter((r) => r.outcome === 'ok').length;
    const others = done.size - ok;
    const left = files.length - done.size;
    const tail = verb === 'package' ? `${left} not done, and no partial file of theirs is left` : `${left} not checked`;
    process.stderr.write(`${tty ? '\r\x1b[K' : ''}claimdesk ${verb}: interrupted (${signal}): ${ok} of ${plural(files.length, 'case')} ${DONE_WORD[verb]}, each printed above${others ? `, ${others} could not be (also above)` : ''}; ${tail}\n`);
    if (values.summary === undefined) return;
    const { summaryOf, summaryRow } = index;
    const cases = rows.map(({ id: _id, check: _check, incoming: _incoming, ...r }) => summaryRow(r));
    summaryOnInterrupt(verb, () => writeSummary(values.summary!, summaryOf(verb, cases, Math.round(performance.now() - t0), Math.min(jobs, files.length))));
  });
  let summary: BatchSummary;
  try {
    summary = await runBatch({
      verb, files, jobs, outDir: values['out-dir'], data: values.data, preparedBy, commit: hooks.commit,
      swept: (gone) => process.stderr.write(`${verb}: removed ${gone.length} temporary file(s) an interrupted run left in ${values['out-dir']}: ${gone.map((f) => path.basename(f)).join(', ')}\n`),
      progress: (line, final) => process.stderr.write(tty ? `\r\x1b[K${line}${final ? '\n' : ''}` : `${line}\n`),
      onResult: (r) => {
        done.set(r.id, r);
        hooks.reported?.(r);
        if (verb === 'import') {
          // Off a terminal the progress line already names the problem; on one it is overwritten.
          if (tty && r.outcome !== 'ok' && r.error) process.stderr.write(`\r\x1b[K${r.error}\n`);
        } else if (verb === 'check') {
          process.stdout.write(JSON.stringify(r.outcome === 'ok' ? r.check : { file: r.file, error: r.error, field: r.field }) + '\n');
        } else if (r.outcome === 'ok') {
          process.stdout.write(JSON.stringify({ file: r.file, output: r.output, pages: r.pages, complete: r.complete, ...(r.unprintable.length ? { unprintable: r.unprintable } : {}) }) + '\n');
          if (r.unprintable.length) process.stderr.write(`${tty ? '\r\x1b[K' : ''}${unprintableWarning(r.output ?? r.file, r.unprintable)}\n`);
        } else {
          process.stdout.write(JSON.stringify({ file: r.file, error: r.error, field: r.field }) + '\n');
        }
      },
    });
  } finally {
    stopped();
  }
  const c = summary.counts;
  process.stderr.write(`${verb}: ${plural(c.cases, 'case')} in ${(summary.ms / 1000).toFixed(1)} s on ${plural(summary.jobs, 'worker')}: ${countsText(c)}\n`);
  hooks.collect?.(summary);
  if (values.summary) {
    const written = writeSummary(values.summary, summary);
    process.stderr.write(`summary: ${written.csv}, ${written.json}\n`);
  }
  if (c.invalid > 0) return 2;
  if (c.failed > 0 || (verb !== 'import' && summary.cases.some((x) => x.errors > 0))) return 1;
  return 0;
}

/** What each verb does to a case, as its messages and summary say it. */
const DONE_WORD: Record<BatchVerb, string> = { check: 'checked', package: 'packaged', import: 'imported' };

/**
 * A summary row for a case an interrupted run never finished (check, package, import). The
 * summary keeps its format (SUMMARY_KEYS: a summary is told from a case file by exactly those
 * keys, so no new key marks the run as interrupted): every case has its row, the ones not done
 * as 'skipped' with the reason as their error, and the counts still partition the cases.
 */
export function notReached(id: number, file: string, verb: BatchVerb, signal: NodeJS.Signals): BatchResult {
  return { id, file, outcome: 'skipped', number: null, complete: null, findings: [], totalFen: null, output: null, pages: null, unprintable: [], ms: 0, error: `${file}: not ${DONE_WORD[verb]}: the run was interrupted (${signal}) first`, field: null };
}

/**
 * The summary written as a signal ends the run (`write`: writeSummary of the rows so far), and
 * said on stderr; if it cannot be written, that is said instead (the process ends either way).
 */
export function summaryOnInterrupt(verb: BatchVerb, write: () => { json: string; csv: string }): void {
  try {
    const written = write();
    process.stderr.write(`summary: ${written.csv}, ${written.json}\n`);
  } catch (err) {
    process.stderr.write(`claimdesk ${verb}: the summary could not be written: ${(err as Error).message}\n`);
  }
}

/**
 * The batch form of a verb, or null when the arguments ask for the single-file form:
 * check with more than one file, a folder or --summary; package with --out-dir.
 * Usage errors print `claimdesk VERB: …` and give exit 2.
 */
const BATCH_PARSE_OPTIONS = { data: { type: 'string' }, out: { type: 'string' }, 'out-dir': { type: 'string' }, preparer: { type: 'string' }, ...BATCH_OPTIONS } as const;

export async function batchFromArgs(verb: 'check' | 'package', args: string[], expand: (paths: string[]) => string[]): Promise<number | null> {
  let parsed;
  try {
    parsed = parseArgs({ args: negativeValuesJoined(args, BATCH_PARSE_OPTIONS), allowPositionals: true, strict: true, tokens: true, options: BATCH_PARSE_OPTIONS });
  } catch (err) {
    // A batch flag without its value: the verb's own parser knows no --summary or --jobs and
    // would call it an unknown option.
    const missing = missingValue(err);
    if (missing) { console.error(`claimdesk ${verb}: ${missing}`); return 2; }
    return null; // the verb's own parser names the problem
  }
  const twice = repeatedFlag(parsed.tokens, BATCH_PARSE_OPTIONS);
  if (twice) { console.error(`claimdesk ${verb}: --${twice}: given twice; give it once`); return 2; }
  const { positionals, values } = parsed;
  const folder = positionals.some((p) => { try { return fs.statSync(p).isDirectory(); } catch { return false; } });
  const batch = verb === 'check' ? positionals.length > 1 || folder || values.summary !== undefined || values.jobs !== undefined : values['out-dir'] !== undefined;
  if (!batch) {
    // A folder or several case files are many packages: say --out-dir, not EISDIR or "--out is required".
    if (verb === 'package' && (folder || positionals.length > 1)) {
      console.error(`claimdesk package: ${folder ? 'a folder' : 'several case files'} need${folder ? 's' : ''} --out-dir DIR (a package per case file); --out PDF builds one package from one case file`);
      return 2;
    }
    // package FILE --out PDF is one package: the batch's flags say what to do instead.
    if (verb === 'package' && (values.summary !== undefined || values.jobs !== undefined)) {
      console.error(`claimdesk package: ${values.summary !== undefined ? '--summary' : '--jobs'} goes with --out-dir (a package per case file); --out builds one`);
      return 2;
    }
    return null;
  }
  try {
    if (verb === 'package' && values.out) throw new BatchUsageError('--out names one PDF; with --out-dir every case gets its own');
    if (verb === 'check' && (values.out || values['out-dir'])) throw new BatchUsageError('check writes no files: --out/--out-dir do not apply');
    if (verb === 'check' && values.preparer !== undefined) throw new BatchUsageError('--preparer applies to package only');
    return await batchVerb(verb, expand(positionals), values);
  } catch (err) {
    if (!(err instanceof BatchUsageError)) throw err;
    console.error(`claimdesk ${verb}: ${err.message}`);
    return 2;
  }
}
