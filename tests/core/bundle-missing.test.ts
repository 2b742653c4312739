// A case bundle (and a backup) whose stored scan is gone from the data folder: deleted by
// hand, lost in a restore, made unreadable. The user is told which — case number, material,
// the file's own name (出生医学证明.jpg), never the hash path — and what to do; nothing is
// written, not even a temporary file. Also when the copy vanishes after the check, while the
// zip is being written.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { tempDir, REPO_ROOT } from '../support/temp.ts';
import { writeCaseFile } from '../support/data.ts';
import { ClaimDeskService } from '../../electron/core/service.ts';
import { exportBundle, BundleError } from '../../electron/core/bundle.ts';
import { createBackup, BackupError } from '../../electron/core/backup.ts';

const CLI = path.join(REPO_ROOT, 'dist', 'electron', 'cli.js');
const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

/**
 * A data folder (through the built CLI, as an HR officer would fill it) with one case of two
 * attachments: 出生医学证明.jpg (birth certificate) and 发票.png (original invoices).
 */
function dataWithCase(): { data: string; number: string; storedOf: (fileName: string) => string } {
  const dir = tempDir('claimdesk-missing-src-');
  const { file, caseFile } = writeCaseFile(dir, 3, 'missing');
  fs.renameSync(path.join(dir, 'scans', 'case-00003.jpg'), path.join(dir, 'scans', '出生医学证明.jpg'));
  fs.renameSync(path.join(dir, 'scans', 'invoice.png'), path.join(dir, 'scans', '发票.png'));
  caseFile.materials = [
    { id: 'birth-certificate', status: 'provided', files: ['scans/出生医学证明.jpg'] },
    { id: 'original-invoices', status: 'provided', files: ['scans/发票.png'] },
  ];
  fs.writeFileSync(file, JSON.stringify(caseFile, null, 2));
  const data = tempDir('claimdesk-missing-data-');
  const imp = cli(['import', file, '--data', data]);
  assert.equal(imp.status, 0, imp.stderr);
  const number = imp.stdout.trim().split(' ')[1]!;
  const s = new ClaimDeskService({ dataDir: data, host: 'web', actor: 'test' });
  const rows = s.db.prepare('SELECT file_name, sha256 FROM attachments').all() as { file_name: string; sha256: string }[];
  const paths = new Map(rows.map((r) => [r.file_name, s.store.pathOf(r.sha256)]));
  s.close();
  assert.equal(paths.size, 2);
  return { data, number, storedOf: (fileName) => paths.get(fileName)! };
}

/** What a user checks in the message: the case, the material, the file's own name, what to do; no system code, no hash path. */
function assertNamesTheScan(message: string, number: string, dataDir: string): void {
  assert.ok(message.includes(number), message);
  assert.ok(message.includes('出生医学证明.jpg'), message);
  assert.match(message, /出生医学证明 \(birth-certificate\)/);
  assert.match(message, /not there any more/);
  assert.match(message, /claimdesk verify/);
  assert.match(message, /add the file again/);
  assert.ok(!message.includes('发票.png'), `the invoice's copy is there: not named (${message})`);
  assert.doesNotMatch(message, /ENOENT/);
  assert.ok(!message.includes(path.join(dataDir, 'attachments')), `no hash path (${message})`);
}

test('claimdesk export with a stored scan deleted: exit 1 naming case, material and file; no bundle, no temporary file', () => {
  const { data, number, storedOf } = dataWithCase();
  fs.rmSync(storedOf('出生医学证明.jpg'));
  const outDir = tempDir('claimdesk-missing-out-');
  const out = path.join(outDir, 'case.zip');
  const r = cli(['export', '--case', number, '--out', out, '--data', data]);
  // 1: the request was good; the data folder has an integrity problem (as verify reports it).
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stdout, '');
  assertNamesTheScan(r.stderr, number, data);
  assert.match(r.stderr, /nothing written/);
  assert.deepEqual(fs.readdirSync(outDir), [], 'no bundle and no temporary file');
  // Both copies gone: both named in one go, not one per attempt.
  fs.rmSync(storedOf('发票.png'));
  const both = cli(['export', '--case', number, '--out', out, '--data', data]);
  assert.equal(both.status, 1);
  assert.ok(both.stderr.includes('出生医学证明.jpg') && both.stderr.includes('发票.png'), both.stderr);
  assert.match(both.stderr, /2 attachments' stored copies/);
  assert.deepEqual(fs.readdirSync(outDir), []);
});

test('bundles.export (the data screen) with a stored scan deleted: conflict naming the file for the Chinese sentence; no temporary bundle left', async () => {
  const { data, number, storedOf } = dataWithCase();
  fs.rmSync(storedOf('出生医学证明.jpg'));
  // The contract call writes its bundle to the system's temporary folder: a folder of its own here.
  const tmp = tempDir('claimdesk-missing-tmp-');
  const before = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  const s = new ClaimDeskService({ dataDir: data, host: 'web', actor: 'test' });
  try {
    const r = await s.dispatch('bundles.export', { numbers: [number] });
    assert.ok(!r.ok, JSON.stringify(r));
    assert.equal(r.error.code, 'conflict');
    assert.equal(r.error.reason, 'storedCopyMissing');
    assert.equal(r.error.file, `${number} 出生医学证明：出生医学证明.jpg`);
    assertNamesTheScan(r.error.message, number, data);
    assert.deepEqual(fs.readdirSync(tmp), [], 'no temporary bundle left');
  } finally {
    s.close();
    if (before === undefined) delete process.env.TMPDIR; else process.env.TMPDIR = before;
  }
});

/** Run `body` with the stored copy at `victim` deleted (or changed) just as it is opened for copying: after every check. */
async function whileCopying<T>(victim: string, change: () => void, body: () => Promise<T>): Promise<T> {
  const original = fs.createReadStream;
  let hit = false;
  fs.createReadStream = ((file: fs.PathLike, ...rest: unknown[]) => {
    if (file === victim && !hit) { hit = true; change(); }
    return (original as (...args: unknown[]) => fs.ReadStream)(file, ...rest);
  }) as typeof fs.createReadStream;
  try {
    return await body();
  } finally {
    fs.createReadStream = original;
    assert.ok(hit, 'the stored copy was read while the zip was written');
  }
}

test('a stored scan deleted while the bundle is written: the same message, nothing at the target, no temporary file', async () => {
  const { data, number, storedOf } = dataWithCase();
  const s = new ClaimDeskService({ dataDir: data, host: 'web', actor: 'test' });
  const outDir = tempDir('claimdesk-missing-out-');
  const out = path.join(outDir, 'case.zip');
  try {
    const victim = storedOf('出生医学证明.jpg');
    await whileCopying(victim, () => fs.rmSync(victim), () => assert.rejects(exportBundle(s, [number], out), (err: unknown) => {
      assert.ok(err instanceof BundleError, String(err));
      assertNamesTheScan(err.message, number, data);
      assert.deepEqual(err.missing.map((m) => m.fileName), ['出生医学证明.jpg']);
      return true;
    }));
    assert.deepEqual(fs.readdirSync(outDir), [], 'no bundle and no temporary file');
    // The failed write closed its output once: a file opened next (given the same descriptor
    // number) stays open — a second, late close used to shut it (the next export failed EBADF).
    const fd = fs.openSync(storedOf('发票.png'), 'r');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.doesNotThrow(() => fs.fstatSync(fd), 'the next file opened is still open');
    fs.closeSync(fd);
  } finally {
    s.close();
  }
});

test('a stored scan changed (same size) while the bundle is written: named as changed, nothing written', async () => {
  const { data, number, storedOf } = dataWithCase();
  const s = new ClaimDeskService({ dataDir: data, host: 'web', actor: 'test' });
  const outDir = tempDir('claimdesk-missing-out-');
  try {
    const victim = storedOf('发票.png');
    const flip = () => { const b = fs.readFileSync(victim); b.writeUInt8(b.readUInt8(b.length - 20) ^ 1, b.length - 20); fs.writeFileSync(victim, b); };
    await whileCopying(victim, flip, () => assert.rejects(exportBundle(s, [number], path.join(outDir, 'b.zip')), (err: unknown) => {
      assert.ok(err instanceof BundleError && err.message.includes('发票.png') && err.message.includes(number), String(err));
      assert.match(err.message, /changed or damaged/);
      return true;
    }));
    assert.deepEqual(fs.readdirSync(outDir), []);
  } finally {
    s.close();
  }
});

test('claimdesk backup names a missing stored scan by case and file; one deleted while the backup is written fails naming it, nothing left', async () => {
  const { data, number, storedOf } = dataWithCase();
  const outDir = tempDir('claimdesk-missing-out-');
  // Already missing: the backup is written without it (a backup of the rest beats none), exit 1, named.
  fs.rmSync(storedOf('发票.png'));
  const r = cli(['backup', '--out', path.join(outDir, 'b.zip'), '--data', data]);
  assert.equal(r.status, 1, r.stderr);
  assert.ok(r.stderr.includes(number) && r.stderr.includes('发票.png'), r.stderr);
  assert.match(r.stderr, /claimdesk verify/);
  fs.rmSync(path.join(outDir, 'b.zip'));
  // Deleted while it is copied.
  const s = new ClaimDeskService({ dataDir: data, host: 'web', actor: 'test' });
  try {
    const victim = storedOf('出生医学证明.jpg');
    await whileCopying(victim, () => fs.rmSync(victim), () => assert.rejects(createBackup(s, path.join(outDir, 'b.zip')), (err: unknown) => {
      assert.ok(err instanceof BackupError, String(err));
      assert.ok(err.message.includes(number) && err.message.includes('出生医学证明.jpg'), err.message);
      assert.match(err.message, /not there any more/);
      assert.doesNotMatch(err.message, /ENOENT/);
      return true;
    }));
    assert.deepEqual(fs.readdirSync(outDir), [], 'no backup and no temporary file');
  } finally {
    s.close();
  }
});
