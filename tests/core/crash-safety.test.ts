// Crash safety, proved: a child process (`claimdesk import`, which prints each case only
// after its transaction has committed) writes cases with their scans continuously; the test
// kills it with SIGKILL at random moments. After every kill the database passes
// integrity_check and foreign_key_check, every acknowledged case is there and whole (fields,
// every line, every material, every attachment with its bytes), no case is there in part,
// and every file in the attachment store hashes to its name (none is visible half-written).
//
// 50 trials by default; CLAIMDESK_LONG=1 (or --long) runs 500.
import { rng } from '../support/random.ts';
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { REPO_ROOT, tempDir } from '../support/temp.ts';
import { LONG, canonical, expectedFromCaseFile, storedCase, storeProblems, writeCaseFile } from '../support/data.ts';
import { dataPaths } from '../../electron/core/dataDir.ts';
import { AttachmentStore } from '../../electron/core/files/attachmentStore.ts';
import type { CaseFile } from '../../shared/model/case.ts';

const TRIALS = Number(process.env.CLAIMDESK_CRASH_TRIALS ?? (LONG ? 500 : 50));
const CASES_PER_RUN = 60;


interface Trial { acked: Map<string, string>; killedAfterMs: number; exitedByItself: boolean }

/** Start `claimdesk import` and SIGKILL it at a random moment; resolve with what it acknowledged. */
function runAndKill(dir: string, data: string, random: () => number, startupMs: number): Promise<Trial> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), 'import', dir, '--data', data], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked = new Map<string, string>();
    let buffered = '';
    let stderr = '';
    const started = Date.now();
    let killedAt = -1;
    let timer: NodeJS.Timeout | undefined;
    const kill = () => {
      if (killedAt < 0) { killedAt = Date.now() - started; child.kill('SIGKILL'); }
    };
    // One in five trials dies before the first case (start-up, opening, migrations);
    // the others after the first acknowledgement plus a random delay, mid-stream.
    const early = random() < 0.2;
    const delay = early ? random() * startupMs : random() * 500;
    if (early) timer = setTimeout(kill, delay);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const m = /^imported (\S+) (.+)$/.exec(line);
        if (m) acked.set(m[1]!, m[2]!);
        if (!early && acked.size === 1 && !timer) timer = setTimeout(kill, delay);
      }
    });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`import exited ${code}: ${stderr}`));
      resolve({ acked, killedAfterMs: killedAt, exitedByItself: signal !== 'SIGKILL' });
    });
  });
}

test(`SIGKILL at random moments, ${TRIALS} times: every acknowledged case survives whole`, { timeout: LONG ? 3_600_000 : 600_000 }, async (t) => {
  const seed = Number(process.env.CLAIMDESK_SEED ?? Date.now() % 1_000_000);
  const random = rng(seed);
  t.diagnostic(`seed ${seed} (repeat with CLAIMDESK_SEED=${seed})`);
  const data = tempDir('claimdesk-crash-');
  const paths = dataPaths(data);
  /** What each acknowledged case must read back as (computed once, while its scans exist). */
  const everAcked = new Map<string, string>();
  let acknowledged = 0;
  let lost = 0;
  let partial = 0;
  let earlyKills = 0;
  let startupMs = 1500;
  const wholeAs = (number: string, db: Database.Database) => {
    const stored = storedCase(db, number);
    return stored && canonical({ fields: stored.fields, files: stored.files });
  };

  for (let trial = 0; trial < TRIALS; trial++) {
    // Fresh scans every trial (unique bytes), so every run writes new attachment files.
    const dir = tempDir('claimdesk-crash-cases-');
    const byFile = new Map<string, CaseFile>();
    const byPhone = new Map<string, string>();
    for (let i = 1; i <= CASES_PER_RUN; i++) {
      const { file, caseFile } = writeCaseFile(dir, trial * 1000 + i, `t${trial}`);
      byFile.set(file, caseFile);
    }
    const expectedOf = (caseFile: CaseFile) => canonical(expectedFromCaseFile(caseFile, dir));
    const run = await runAndKill(dir, data, random, startupMs);
    if (run.acked.size === 0) earlyKills++;
    if (trial === 0 && run.acked.size > 0) startupMs = Math.max(500, run.killedAfterMs);
    acknowledged += run.acked.size;
    for (const [number, file] of run.acked) everAcked.set(number, expectedOf(byFile.get(file)!));
    for (const caseFile of byFile.values()) byPhone.set(caseFile.claimant.phone!, expectedOf(caseFile));

    const db = new Database(paths.database);
    try {
      assert.deepEqual(db.pragma('integrity_check'), [{ integrity_check: 'ok' }], `trial ${trial}: integrity_check`);
      assert.deepEqual(db.pragma('foreign_key_check'), [], `trial ${trial}: foreign_key_check`);
      // Killed before the first migration committed: an empty database, and nothing acknowledged yet.
      const migrated = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'cases'`).get() !== undefined;
      if (!migrated) {
        assert.equal(everAcked.size, 0, `trial ${trial}: cases were acknowledged but the database has no schema`);
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      // Every case acknowledged so far (this run and every earlier one) is there, whole.
      for (const [number, expected] of everAcked) {
        const stored = wholeAs(number, db);
        if (stored === null) { lost++; assert.fail(`trial ${trial}: acknowledged case ${number} is gone`); }
        if (stored !== expected) { lost++; assert.equal(stored, expected, `trial ${trial}: case ${number} is not whole`); }
      }
      // No case of this run is there in part (committed but killed before it was printed is fine).
      const rows = db.prepare(`SELECT c.number, p.phone FROM cases c JOIN people p ON p.id = c.claimant_id`).all() as { number: string; phone: string }[];
      for (const { number, phone } of rows) {
        const expected = byPhone.get(phone);
        if (expected === undefined) continue; // an earlier run's case: checked above if it was acknowledged
        const stored = wholeAs(number, db);
        if (stored !== expected) { partial++; assert.equal(stored, expected, `trial ${trial}: case ${number} is there in part`); }
      }
      // Every attachment row points at a whole file; no file in the store is half-written.
      for (const { sha256 } of db.prepare(`SELECT DISTINCT sha256 FROM attachments`).all() as { sha256: string }[]) {
        assert.ok(fs.existsSync(path.join(paths.attachments, sha256.slice(0, 2), sha256)), `trial ${trial}: attachment ${sha256} is missing`);
      }
      assert.deepEqual(storeProblems(paths.attachments), [], `trial ${trial}: a stored file does not match its hash`);
    } finally {
      db.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const total = (() => {
    const db = new Database(paths.database, { readonly: true });
    try { return (db.prepare('SELECT COUNT(*) AS n FROM cases').get() as { n: number }).n; } finally { db.close(); }
  })();
  // Temporary files are what a kill in the middle of writing a scan leaves: never visible to the database.
  const halfWritten = new AttachmentStore(paths.attachments).temporaryFiles().length;
  t.diagnostic(`crash safety: ${TRIALS} trials (${earlyKills} killed before the first case), ${acknowledged} cases acknowledged, ${lost} lost, ${partial} partial; ${total} cases in the database; ${halfWritten} scans were being written when killed (left as temporary files, never visible)`);
  assert.equal(lost, 0);
  assert.equal(partial, 0);
  assert.ok(acknowledged > TRIALS, `too few cases were acknowledged (${acknowledged}) for the test to mean much`);
});
