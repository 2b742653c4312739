// One batch worker thread (issue 8): takes jobs from the pool, answers each with a result.
// check: read + evaluate; package: read + attachments + build the PDF + write it. A bad case
// becomes a result with its error, never a crash of the batch.
import { parentPort } from 'node:worker_threads';
import { runJob, type BatchJob } from './jobs.ts';

parentPort!.on('message', async (job: BatchJob) => {
  parentPort!.postMessage(await runJob(job));
});
