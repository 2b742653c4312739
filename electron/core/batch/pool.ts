// Run batch jobs on worker threads, up to the number of cores (issue 8). Results arrive in
// completion order; a worker that dies takes only its current job with it (the job is
// reported failed and a fresh worker takes the next one).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchJob, BatchResult } from './jobs.ts';
import { APP_ROOT } from '../version.ts';

const here = fileURLToPath(import.meta.url);
/**
 * worker.ts under tsx (tests, npm scripts); once compiled, worker.bundle.mjs: the worker and
 * every module it needs in one file (`npm run build:worker`, esbuild). A thread loads it in
 * ~150 ms, against ~370 ms for the ~200 separate modules of worker.js and its dependencies —
 * start-up that the main thread would otherwise carry alone. This module may itself run from
 * dist/electron/core/batch/ (the desktop app) or from inside the bundled CLI
 * (dist/electron/cli.js), so the bundle is looked for beside it and under the app's root.
 */
const WORKER = ((): string => {
  const dir = path.dirname(here);
  if (path.extname(here) === '.ts') return path.join(dir, 'worker.ts');
  const candidates = [
    path.join(dir, 'worker.bundle.mjs'),
    path.join(APP_ROOT, 'dist', 'electron', 'core', 'batch', 'worker.bundle.mjs'),
    path.join(dir, 'worker.js'),
  ];
  return candidates.find((f) => existsSync(f)) ?? candidates[1]!;
})();

export function defaultJobs(): number {
  return Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
}

/**
 * What a job does (jobs.ts: the case file reader, the rules and the PDF builder), loaded on
 * first use: the workers are started before this thread spends its time loading it.
 */
async function loadRunJob(): Promise<(job: BatchJob) => Promise<BatchResult>> {
  return (await import('./jobs.ts')).runJob;
}

/**
 * `begin`: called on this thread as each job is taken, just before it runs here or is sent
 * to a worker (a package's temporary file is made then: staging.ts), never ahead of time.
 * `ready`: awaited before a job is given out — taken here, or sent to the worker that just
 * answered one: import's commits, made one per turn of the event loop (index.ts inOrder), come
 * first. Without it results came in faster than they were committed and piled up, each with its
 * case in memory (1,400 of 2,000 at once in a test); this thread sets the pool's pace, as it did
 * when it committed a block of them in one go.
 */
export async function runPool(jobs: BatchJob[], concurrency: number, onResult: (r: BatchResult) => void, begin: (job: BatchJob) => void = () => {}, ready: () => Promise<void> = async () => {}): Promise<BatchResult[]> {
  const results: BatchResult[] = new Array(jobs.length);
  if (concurrency <= 1 || jobs.length <= 1) {
    const runJob = await loadRunJob();
    for (const j of jobs) {
      // A job is synchronous work through and through: without a turn of the event loop
      // between two, a signal's handler (Ctrl+C on an import) would wait for the last one.
      await new Promise((r) => setImmediate(r));
      begin(j);
      const r = await runJob(j);
      results[j.id] = r;
      onResult(r);
    }
    return results;
  }
  let next = 0;
  // The main thread takes jobs too (it loads the job code while the workers start up; in a
  // long-running process it has it already), so `concurrency` threads work: concurrency - 1
  // workers plus this one.
  const workers = Math.min(concurrency, jobs.length) - 1;
  const here = (async () => {
    // Awaited only once the workers below are constructed (this function returns at its first await).
    const runJob = await loadRunJob();
    while (next < jobs.length) {
      // Let finished workers' results in (and their next jobs out) between two jobs here.
      await new Promise((r) => setImmediate(r));
      await ready();
      if (next >= jobs.length) break;
      const job = jobs[next++]!;
      begin(job);
      const r = await runJob(job);
      results[r.id] = r;
      onResult(r);
    }
  })();
  await Promise.all([here, ...Array.from({ length: workers }, () => new Promise<void>((resolve) => {
    let worker: Worker;
    /** Jobs sent and not answered: two at a time, so a worker never waits for the busy main thread. */
    const inFlight = new Map<number, BatchJob>();
    const start = () => {
      worker = WORKER.endsWith('.ts')
        // Run from source (tests, npm scripts under tsx): the worker registers tsx itself, as a
        // worker thread does not inherit the main thread's module hooks on Node 20.
        ? new Worker(`import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(pathToFileURL(WORKER).href)}))`, { eval: true })
        : new Worker(WORKER);
      // Its next job once this thread has caught up (`ready`): this thread's pace is the pool's.
      worker.on('message', (r: BatchResult) => { results[r.id] = r; onResult(r); inFlight.delete(r.id); void ready().then(feed); });
      const lost = (why: string) => {
        for (const job of inFlight.values()) {
          const r: BatchResult = { id: job.id, file: job.file, outcome: 'failed', number: null, complete: null, findings: [], totalFen: null, output: null, pages: null, unprintable: [], ms: 0, error: `${job.file}: ${why}`, field: null };
          results[r.id] = r; onResult(r);
        }
        inFlight.clear();
      };
      worker.on('error', (err) => lost(err.message));
      // Gone without an error (exit() in a dependency): its jobs are failed, never left unanswered.
      worker.on('exit', (code) => {
        lost(`the worker thread stopped (exit code ${code})`);
        if (next < jobs.length) { start(); feed(); } else resolve();
      });
    };
    const feed = () => {
      while (inFlight.size < 2 && next < jobs.length) {
        const job = jobs[next++]!;
        begin(job);
        inFlight.set(job.id, job);
        worker.postMessage(job);
      }
      if (inFlight.size === 0) void worker.terminate();
    };
    start();
    feed();
  }))]);
  return results;
}
