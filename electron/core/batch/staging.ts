// The temporary files of a batch's packages, owned by the main thread (D1, D4 of the scale
// report). A package is written to a hidden `.NAME.pdf.XXXXXXXXXXXX.tmp` beside its target and
// renamed when complete. The jobs run on worker threads, where a signal never reaches a
// listener: a worker cannot remove its own file when Ctrl+C ends the batch, and each Ctrl+C
// left a partial PDF (ID numbers, amounts) hidden in the operator's folder. So the main thread
// makes each job's temporary file before the job starts, removes every unfinished one on
// SIGINT/SIGTERM, and renames a finished one itself, in the same synchronous step that reports
// the case: a signal's handler runs between turns of the event loop, so a package is either
// renamed and printed, or neither — "N packaged, each printed above" is exact.
import fs from 'node:fs';
import path from 'node:path';
import { leftoverTemporaries, syncDirectory, tempPathBeside, throughLinks } from '../files/atomicWrite.ts';
import { onInterrupt } from '../files/interrupt.ts';
import type { BatchJob, BatchResult } from './jobs.ts';
import { folderAtOutput, isFolder } from './outputs.ts';

/**
 * A temporary file left in an output folder is swept by a later run once nothing has written
 * to it for this long. A live run's files are written as the package is composed and touched
 * every REFRESH_MS while they wait, so one this old has no writer — another `package` into the
 * same folder at the same time keeps its files.
 */
export const STALE_MS = 10 * 60 * 1000;
const REFRESH_MS = 60 * 1000;

/**
 * Remove the packages' temporary files a killed run (SIGKILL, a crash, a power cut) left in
 * `dir`: hidden, named as tempPathBeside names a PDF's (`.NAME.pdf.` 12 hex digits `.tmp`), and
 * untouched for STALE_MS. Returns the files removed.
 */
export function sweepStalePackages(dir: string, now = Date.now()): string[] {
  const removed: string[] = [];
  for (const file of leftoverTemporaries(dir, STALE_MS, now)) {
    if (!/\.pdf\.[0-9a-f]{12}\.tmp$/i.test(path.basename(file))) continue;
    try {
      if (!fs.lstatSync(file).isFile()) continue;
      fs.rmSync(file);
      removed.push(file);
    } catch { /* gone meanwhile, or not ours to remove */ }
  }
  return removed;
}

export class PackageStaging {
  /** Job id → its temporary file and where it goes: made, not yet renamed or removed. */
  private readonly open = new Map<number, { temp: string; target: string }>();
  private readonly undo = onInterrupt(() => this.abandon());
  private readonly timer = setInterval(() => this.refresh(), REFRESH_MS);

  constructor() {
    this.timer.unref();
  }

  /**
   * Before a package job starts (on this thread or a worker): make its temporary file. One
   * that cannot be made is left to the job, which then fails saying why.
   */
  begin(job: BatchJob): void {
    if (job.verb !== 'package' || job.output === undefined) return;
    try {
      const target = throughLinks(job.output);
      const temp = tempPathBeside(target);
      fs.closeSync(fs.openSync(temp, 'wx'));
      this.open.set(job.id, { temp, target });
      job.staged = temp;
    } catch (err) {
      job.stagingError = (err as Error).message;
    }
  }

  /** A job answered: a package written is renamed into place; anything else is removed. */
  settle(r: BatchResult): void {
    const at = this.open.get(r.id);
    if (!at) return;
    this.open.delete(r.id);
    if (r.outcome !== 'ok') {
      fs.rmSync(at.temp, { force: true });
      return;
    }
    try {
      fs.renameSync(at.temp, at.target);
      syncDirectory(path.dirname(at.target));
    } catch (err) {
      fs.rmSync(at.temp, { force: true });
      // A folder made under the package's name while the job ran (a folder there before is
      // found by the job itself): not an earlier package, and nothing was written.
      const why = isFolder(at.target) ? folderAtOutput(r.output ?? at.target) : (err as Error).message;
      Object.assign(r, { outcome: 'failed', error: `${r.file}: ${why}`, number: null, output: null, pages: null, unprintable: [] });
    }
  }

  /** On SIGINT/SIGTERM (files/interrupt.ts): remove every file not yet renamed. A worker still writing one writes to a removed file; it cannot make it again (writeToFile). */
  abandon(): void {
    for (const { temp } of this.open.values()) fs.rmSync(temp, { force: true });
    this.open.clear();
  }

  /** Touch the files waiting for their job, so that another run's sweep sees them alive. */
  private refresh(): void {
    const now = new Date();
    for (const { temp } of this.open.values()) {
      try { fs.utimesSync(temp, now, now); } catch { /* removed meanwhile */ }
    }
  }

  /** The batch is over: every job has answered (its file renamed or removed). */
  dispose(): void {
    clearInterval(this.timer);
    this.abandon();
    this.undo();
  }
}
