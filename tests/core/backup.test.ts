// Backups and restore: a consistent backup while the app is in use, daily backups with
// retention, and a restore that checks the whole backup first. The round trip brings back
// every case, line, material and attachment identical.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { verifyData } from '../../electron/core/verify.ts';
import { makeService, tempDir, REPO_ROOT } from '../support/temp.ts';
import { logicalDump, writeCaseFile } from '../support/data.ts';
import { importCaseFile } from '../../electron/core/caseImport.ts';
import { readCaseFile } from '../../electron/core/caseFiles.ts';
import {
  BackupError, createBackup, restoreBackup, runDailyBackup, listBackups, startBackupSchedule, BACKUP_FORMAT,
} from '../../electron/core/backup.ts';
import { ZipReader, writeZipAtomic } from '../../electron/core/files/zip.ts';
import { SCHEMA_VERSION, migrate } from '../../electron/core/db/migrations.ts';
import type { ClaimDeskService } from '../../electron/core/service.ts';
import type { BackupInfo } from '../../shared/contract.ts';

const DATA_TABLES = ['people', 'cases', 'expense_lines', 'materials', 'attachments', 'packages', 'settings'];

function tablesOf(db: Database.Database, tables = DATA_TABLES): string {
  return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
}

async function withCases(s: ClaimDeskService, n: number, tag = 'bk'): Promise<string[]> {
  const dir = tempDir('claimdesk-backup-src-');
  const numbers: string[] = [];
  for (let i = 1; i <= n; i++) {
    const { file } = writeCaseFile(dir, i, tag);
    numbers.push(await importCaseFile(s, readCaseFile(file), file));
  }
  assert.ok((await s.dispatch('cases.setStatus', { number: numbers[0], status: 'submitted' })).ok);
  assert.ok((await s.dispatch('packages.build', { number: numbers[numbers.length - 1] })).ok);
  assert.ok((await s.dispatch('backups.setKeep', { keep: 5 })).ok);
  return numbers;
}

async function entries(file: string): Promise<Map<string, Buffer>> {
  const z = await ZipReader.open(file, { maxEntries: 1e6, maxTotalBytes: 1e12, maxEntryBytes: 1e12 });
  const out = new Map<string, Buffer>();
  for (const e of z.entries) out.set(e.name, (await z.readBuffer(e.name, 1e9)).bytes);
  z.close();
  return out;
}

/** Rebuild a backup with changed entries; the manifest's hashes are recomputed unless told not to. */
async function rebuilt(file: string, change: (e: Map<string, Buffer>) => void, options: { rehash?: boolean } = {}): Promise<string> {
  const e = await entries(file);
  change(e);
  if (options.rehash !== false) {
    const manifest = JSON.parse(e.get('manifest.json')!.toString()) as { files: Record<string, { sha256: string; bytes: number }> };
    for (const [name, bytes] of e) {
      if (name === 'manifest.json' || !manifest.files[name] || name.startsWith('attachments/')) continue;
      manifest.files[name] = { sha256: crypto.createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
    }
    e.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  }
  const out = path.join(tempDir(), 'rebuilt.zip');
  await writeZipAtomic(out, [...e].map(([name, bytes]) => ({ name, bytes })));
  return out;
}

/** The snapshot inside a backup, changed with SQL (then its hash recomputed). */
function editDb(sql: (db: Database.Database) => void) {
  return (e: Map<string, Buffer>) => {
    const f = path.join(tempDir(), 'db.sqlite');
    fs.writeFileSync(f, e.get('claimdesk.sqlite')!);
    const db = new Database(f);
    sql(db);
    db.close();
    e.set('claimdesk.sqlite', fs.readFileSync(f));
  };
}

test('round trip: a backup restored on a new machine gives back every case, line, material and attachment identical', async (t) => {
  const a = makeService();
  await withCases(a, 9);
  const file = path.join(tempDir(), 'backup.zip');
  const made = await createBackup(a, file);
  assert.equal(made.counts.cases, 9);
  assert.deepEqual(made.missingAttachments, []);
  const listed = await entries(file);
  assert.equal(JSON.parse(listed.get('manifest.json')!.toString()).format, BACKUP_FORMAT);

  const b = makeService();
  const r = await restoreBackup(b, file);
  assert.equal(r.counts.cases, 9);
  assert.equal(tablesOf(b.db), tablesOf(a.db), 'cases, people, lines, materials, attachments, packages and settings are identical');
  const auditA = a.db.prepare(`SELECT at, actor, action, case_number, detail FROM audit_events WHERE action <> 'backup.create' ORDER BY id`).all();
  const auditB = b.db.prepare(`SELECT at, actor, action, case_number, detail FROM audit_events WHERE action NOT IN ('backup.create', 'backup.prerestore', 'backup.restore') ORDER BY id`).all();
  assert.deepEqual(auditB, auditA, 'the audit trail comes back too');
  for (const { sha256 } of b.db.prepare('SELECT sha256 FROM attachments').all() as { sha256: string }[]) {
    assert.equal(b.store.verify(sha256), 'ok');
    assert.deepEqual(fs.readFileSync(b.store.pathOf(sha256)), fs.readFileSync(a.store.pathOf(sha256)));
  }
  assert.deepEqual(b.db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
  // the running service goes on working on the restored data
  const again = await b.dispatch('cases.list', {});
  assert.ok(again.ok && (again.value as { total: number }).total === 9);
  assert.ok((await b.dispatch('cases.create', { category: 'outage', claimant: { name: '新案', idNumber: '350203199005120425' } })).ok);
  t.diagnostic(`backup round trip: ${made.counts.cases} cases, ${made.counts.expenseLines} lines, ${made.counts.materials} materials, ${made.counts.attachments} attachments, ${made.bytes} bytes`);
  a.close();
  b.close();
});

test('a backup taken while cases are being written is consistent', async () => {
  const s = makeService();
  await withCases(s, 60);
  let writing = true;
  let written = 0;
  const writer = (async () => {
    while (writing) {
      const c = await s.dispatch('cases.create', { category: 'outage', claimant: { name: `并发${written}`, idNumber: '350203199005120425' } });
      assert.ok(c.ok);
      const number = (c.value as { number: string }).number;
      for (let k = 0; k < 3; k++) {
        assert.ok((await s.dispatch('expenses.add', { number, line: { date: '2026-10-01', institution: '厦门市中医院', kind: 'outpatient', amountFen: 100 + k } })).ok);
      }
      written++;
      await new Promise((r) => setImmediate(r));
    }
  })();
  const files: string[] = [];
  for (let i = 0; i < 3; i++) files.push((await createBackup(s, path.join(tempDir(), `b${i}.zip`))).file);
  writing = false;
  await writer;
  assert.ok(written > 0, 'cases were written during the backups');
  for (const f of files) {
    const e = await entries(f);
    const db = path.join(tempDir(), 'snap.sqlite');
    fs.writeFileSync(db, e.get('claimdesk.sqlite')!);
    const snap = new Database(db, { readonly: true });
    assert.deepEqual(snap.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
    assert.deepEqual(snap.pragma('foreign_key_check'), []);
    // every case is whole in the snapshot: its stored totals match its lines
    const bad = snap.prepare(`SELECT c.number FROM cases c WHERE c.line_count <> (SELECT COUNT(*) FROM expense_lines l WHERE l.case_id = c.id)
      OR c.total_fen <> (SELECT COALESCE(SUM(amount_fen), 0) FROM expense_lines l WHERE l.case_id = c.id)`).all();
    assert.deepEqual(bad, []);
    for (const { sha256 } of snap.prepare('SELECT DISTINCT sha256 FROM attachments').all() as { sha256: string }[]) {
      assert.ok(e.has(`attachments/${sha256.slice(0, 2)}/${sha256}`), `attachment ${sha256} is in the backup`);
    }
    snap.close();
  }
  s.close();
});

test('daily backups: one named for a date still to come (made under a wrong clock) does not stop them', async () => {
  const now = new Date('2026-11-01T08:00:00Z');
  const s = makeService({ now: () => now });
  await withCases(s, 1);
  fs.mkdirSync(s.paths.backups, { recursive: true });
  fs.writeFileSync(path.join(s.paths.backups, 'claimdesk-auto-20271231-120000.zip'), 'from a wrong clock');
  assert.ok((await runDailyBackup(s)).made, 'today\'s backup is made');
  s.close();
});

test('daily backups: made at start and once a day, the newest N kept (a setting), manual ones left alone', async () => {
  let now = new Date('2026-11-01T08:00:00Z');
  const s = makeService({ now: () => now });
  await withCases(s, 2);
  assert.ok((await s.dispatch('backups.setKeep', { keep: 3 })).ok);
  assert.ok((await runDailyBackup(s)).made);
  now = new Date('2026-11-01T20:00:00Z');
  assert.equal((await runDailyBackup(s)).made, null, 'not twice a day');
  assert.ok((await s.dispatch('backups.create', {})).ok);
  for (let day = 2; day <= 6; day++) {
    now = new Date(`2026-11-0${day}T08:00:00Z`);
    assert.ok((await runDailyBackup(s)).made, `day ${day}`);
  }
  const list = await s.dispatch('backups.list', {});
  assert.ok(list.ok);
  const { keep, items } = list.value as { keep: number; items: BackupInfo[] };
  assert.equal(keep, 3);
  assert.deepEqual(items.filter((b) => b.kind === 'auto').map((b) => b.createdAt.slice(0, 10)), ['2026-11-06', '2026-11-05', '2026-11-04']);
  assert.equal(items.filter((b) => b.kind === 'manual').length, 1);
  const fewer = await s.dispatch('backups.setKeep', { keep: 1 });
  assert.ok(fewer.ok);
  assert.equal((fewer.value as { removed: string[] }).removed.length, 2);
  assert.equal(listBackups(s).filter((b) => b.kind === 'auto').length, 1);
  const events = (s.db.prepare(`SELECT action FROM audit_events WHERE action LIKE 'backup.%' OR action LIKE 'settings.%'`).all() as { action: string }[]).map((e) => e.action);
  assert.ok(events.includes('backup.auto') && events.includes('backup.manual') && events.includes('settings.backupKeep'));
  s.close();
});

test('restore checks the whole backup first: a damaged, tampered, newer or incomplete one changes nothing', async () => {
  const a = makeService();
  await withCases(a, 4);
  const good = (await createBackup(a, path.join(tempDir(), 'good.zip'))).file;
  const someSha = (a.db.prepare('SELECT sha256 FROM attachments LIMIT 1').get() as { sha256: string }).sha256;
  const attachmentEntry = `attachments/${someSha.slice(0, 2)}/${someSha}`;
  const bytes = fs.readFileSync(good);
  const truncated = path.join(tempDir(), 'truncated.zip');
  fs.writeFileSync(truncated, bytes.subarray(0, bytes.length - 100));
  const empty = path.join(tempDir(), 'empty.zip');
  fs.writeFileSync(empty, '');

  const bad: [string, string, RegExp][] = [
    ['truncated', truncated, /not a zip file|damaged|truncated/],
    ['empty', empty, /empty/],
    ['an attachment altered', await rebuilt(good, (e) => { const b = Buffer.from(e.get(attachmentEntry)!); b[300] = b[300]! ^ 1; e.set(attachmentEntry, b); }), /does not match its SHA-256/],
    ['an attachment missing', await rebuilt(good, (e) => { e.delete(attachmentEntry); const m = JSON.parse(e.get('manifest.json')!.toString()); delete m.files[attachmentEntry]; e.set('manifest.json', Buffer.from(JSON.stringify(m))); }), /not in the backup/],
    ['the database altered without its hash', await rebuilt(good, editDb((db) => db.exec(`UPDATE expense_lines SET amount_fen = 1`)), { rehash: false }), /does not match its SHA-256/],
    ['the database from a newer version', await rebuilt(good, editDb((db) => db.pragma(`user_version = ${SCHEMA_VERSION + 1}`))), /newer ClaimDesk/],
    ['the database fails its integrity check', await rebuilt(good, (e) => {
      const db = Buffer.from(e.get('claimdesk.sqlite')!);
      // scribble over the second page (a b-tree page of the schema's tables)
      db.fill(0x5a, 4096 + 8, 4096 + 600);
      e.set('claimdesk.sqlite', db);
    }), /integrity check|damaged|malformed/],
    ['the database with a broken reference', await rebuilt(good, editDb((db) => { db.pragma('foreign_keys = OFF'); db.exec(`DELETE FROM cases WHERE id = (SELECT MIN(id) FROM cases)`); })), /broken references/],
    ['an entry not in the manifest', await rebuilt(good, (e) => e.set('notes.txt', Buffer.from('x')), { rehash: false }), /not in the manifest/],
  ];
  const b = makeService();
  await withCases(b, 1, 'other');
  const before = logicalDump(b.db);
  const backupsBefore = fs.readdirSync(b.paths.backups);
  const filesBefore = [...b.store.hashes()];
  for (const [what, file, message] of bad) {
    await assert.rejects(restoreBackup(b, file), (err: unknown) => {
      assert.ok(err instanceof BackupError, `${what}: ${String(err)}`);
      assert.match(err.message, message, what);
      return true;
    }, what);
  }
  assert.equal(logicalDump(b.db), before, 'the database is unchanged');
  assert.deepEqual(fs.readdirSync(b.paths.backups), backupsBefore, 'nothing was written');
  assert.deepEqual([...b.store.hashes()], filesBefore, 'no file was stored');
  assert.deepEqual(fs.readdirSync(b.paths.dir).filter((f) => f.startsWith('.restore-')), [], 'no staging left behind');
  a.close();
  b.close();
});

test('a backup made by an older version is restored and migrated', async () => {
  const data = tempDir();
  const raw = path.join(data, 'old.sqlite');
  const db = new Database(raw);
  migrate(db, 1);
  db.exec(`INSERT INTO people (id, name, id_number) VALUES (1, '旧版本', '350203199005120425');
    INSERT INTO cases (id, number, category, claimant_id, pack_id, pack_version, created_at, updated_at, total_fen, line_count)
      VALUES (1, 'CD-20250101-0001', 'outage', 1, 'xiamen', '1', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 100, 1);
    INSERT INTO expense_lines (case_id, position, date, institution, kind, amount_fen) VALUES (1, 1, '2025-01-01', '厦门市中医院', 'outpatient', 100);`);
  db.pragma('journal_mode = DELETE');
  db.close();
  const snap = fs.readFileSync(raw);
  const sha = crypto.createHash('sha256').update(snap).digest('hex');
  const manifest = {
    format: BACKUP_FORMAT, createdAt: '2025-01-01T00:00:00Z', app: { name: 'ClaimDesk', version: '0.0.1' }, schemaVersion: 1,
    counts: { cases: 1, expenseLines: 1, materials: 0, attachments: 0, auditEvents: 0 }, missingAttachments: [],
    files: { 'claimdesk.sqlite': { sha256: sha, bytes: snap.length } },
  };
  const file = path.join(data, 'old.zip');
  await writeZipAtomic(file, [{ name: 'manifest.json', bytes: Buffer.from(JSON.stringify(manifest)) }, { name: 'claimdesk.sqlite', bytes: snap }]);
  const s = makeService();
  const r = await restoreBackup(s, file);
  assert.equal(r.schemaVersion, 1);
  assert.equal(s.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  const got = await s.dispatch('cases.get', { number: 'CD-20250101-0001' });
  assert.ok(got.ok, JSON.stringify(got));
  const found = await s.dispatch('cases.search', { query: '旧版本' });
  assert.ok(found.ok && (found.value as { total: number }).total === 1);
  s.close();
});

test('restore in the app, from the backups folder: the data before is saved first', async () => {
  const s = makeService();
  const numbers = await withCases(s, 3);
  const made = await s.dispatch('backups.create', {});
  assert.ok(made.ok, JSON.stringify(made));
  const name = (made.value as BackupInfo).name;
  const before = tablesOf(s.db);
  const later = await s.dispatch('cases.create', { category: 'outage', claimant: { name: '稍后', idNumber: '350203199005120425' } });
  assert.ok(later.ok);
  assert.ok((await s.dispatch('cases.remove', { number: numbers[2] })).ok);
  const r = await s.dispatch('backups.restore', { name });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(tablesOf(s.db).replace(/"value":"5"/, ''), before.replace(/"value":"5"/, ''));
  const saved = (r.value as { before: string }).before;
  assert.match(saved, /^claimdesk-prerestore-/);
  // the saved one holds what was there just before: restore it and the later case is back
  const back = await s.dispatch('backups.restore', { name: saved });
  assert.ok(back.ok, JSON.stringify(back));
  assert.ok((await s.dispatch('cases.get', { number: (later.value as { number: string }).number })).ok);
  for (const bad of ['../claimdesk.sqlite', '/etc/passwd', 'claimdesk-auto-20261127-000000.zip']) {
    const x = await s.dispatch('backups.restore', { name: bad });
    assert.equal(x.ok, false, bad);
  }
  const actions = (s.db.prepare(`SELECT action, actor FROM audit_events WHERE action = 'backup.restore'`).all() as { action: string; actor: string }[]);
  assert.equal(actions.length, 1, 'the restore is in the audit trail (the second restore brought back the trail from before the first)');
  s.close();
});

test('restore repairs a damaged store: the data before is saved without its damaged files (listed as missing), then the backup is restored', async () => {
  const s = makeService();
  await withCases(s, 2);
  const made = await s.dispatch('backups.create', {});
  assert.ok(made.ok, JSON.stringify(made));
  const shas = (s.db.prepare('SELECT DISTINCT sha256 FROM attachments ORDER BY sha256').all() as { sha256: string }[]).map((r) => r.sha256);
  const damaged = shas[0]!;
  const bytes = fs.readFileSync(s.store.pathOf(damaged));
  bytes[100] = bytes[100]! ^ 1;
  fs.writeFileSync(s.store.pathOf(damaged), bytes);
  assert.equal(verifyData(s).ok, false);
  const r = await s.dispatch('backups.restore', { name: (made.value as BackupInfo).name });
  assert.ok(r.ok, JSON.stringify(r));
  assert.equal(verifyData(s).ok, true, 'the restore put the damaged file right');
  const saved = listBackups(s).find((b) => b.kind === 'prerestore');
  assert.ok(saved, 'the data before was saved');
  const { ZipReader } = await import('../../electron/core/files/zip.ts');
  const zip = await ZipReader.open(path.join(s.paths.backups, saved.name), { maxEntries: 1e5, maxTotalBytes: 1e10, maxEntryBytes: 1e9 });
  const manifest = JSON.parse((await zip.readBuffer('manifest.json', 1e7)).bytes.toString('utf8')) as { missingAttachments: string[]; files: Record<string, unknown> };
  zip.close();
  assert.deepEqual(manifest.missingAttachments, [damaged], 'the damaged file is left out and named');
  assert.equal(Object.keys(manifest.files).filter((f) => f.startsWith('attachments/')).length, shas.length - 1);
  s.close();
});

test('claimdesk backup --out and restore: exit codes and messages', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  const src = tempDir();
  const imp = cli(['import', path.join(REPO_ROOT, 'examples'), '--data', src]);
  assert.equal(imp.status, 0, imp.stderr);
  const out = path.join(tempDir(), 'b.zip');
  const made = cli(['backup', '--out', out, '--data', src]);
  assert.equal(made.status, 0, made.stderr);
  assert.equal(JSON.parse(made.stdout).cases, 3);
  const dst = tempDir();
  const restored = cli(['restore', out, '--data', dst]);
  assert.equal(restored.status, 0, restored.stderr);
  assert.equal(cli(['list', '--json', '--data', dst]).stdout.trim().split('\n').length, 3);
  const broken = path.join(tempDir(), 'broken.zip');
  fs.writeFileSync(broken, fs.readFileSync(out).subarray(0, 1000));
  const refused = cli(['restore', broken, '--data', dst]);
  assert.equal(refused.status, 2);
  assert.ok(refused.stderr.includes(broken), refused.stderr);
  assert.equal(cli(['restore', '--data', dst]).status, 2);
});

test('startBackupSchedule (what the hosts call at start): backs up now, sweeps what an interrupted write left, stops', async () => {
  const s = makeService();
  await withCases(s, 1);
  // leftovers of an interrupted write and an interrupted restore, two hours old
  const stale = path.join(s.paths.attachments, 'ab', '.abcd.123.tmp');
  fs.mkdirSync(path.dirname(stale), { recursive: true });
  fs.writeFileSync(stale, 'half');
  const staging = path.join(s.paths.dir, '.restore-old');
  fs.mkdirSync(staging);
  // and a killed backup's and a killed build's hidden temporary files beside their targets
  fs.mkdirSync(s.paths.backups, { recursive: true });
  const killedBackup = path.join(s.paths.backups, '.claimdesk-manual-20261101-080000.zip.0123456789ab.tmp');
  const killedBuild = path.join(s.paths.packages, '.CD-20261101-0001.pdf.ba9876543210.tmp');
  fs.writeFileSync(killedBackup, 'half');
  fs.writeFileSync(killedBuild, 'half');
  assert.equal(verifyData(s).temporaryFiles, 4, 'verify counts them all (the staging folder too: it holds a copy of the database)');
  const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
  for (const f of [stale, staging, killedBackup, killedBuild]) fs.utimesSync(f, old, old);
  const stop = startBackupSchedule(s, 60_000);
  for (let i = 0; i < 200 && !listBackups(s).some((b) => b.kind === 'auto'); i++) await new Promise((r) => setTimeout(r, 25));
  stop();
  assert.equal(listBackups(s).filter((b) => b.kind === 'auto').length, 1);
  assert.equal(fs.existsSync(stale), false);
  assert.equal(fs.existsSync(staging), false);
  assert.equal(fs.existsSync(killedBackup), false);
  assert.equal(fs.existsSync(killedBuild), false);
  s.close();
});

test('a backup or restore from the command line first removes staging folders an hour old that a killed one left', async () => {
  const s = makeService();
  await withCases(s, 1);
  const killed = path.join(s.paths.dir, '.backup-Xk1lled');
  const running = path.join(s.paths.dir, '.backup-Running');
  for (const d of [killed, running]) { fs.mkdirSync(d); fs.writeFileSync(path.join(d, 'claimdesk.sqlite'), 'a copy of the database'); }
  const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
  fs.utimesSync(killed, old, old);
  await createBackup(s, path.join(tempDir(), 'b.zip'));
  assert.equal(fs.existsSync(killed), false);
  assert.equal(fs.existsSync(running), true, 'a recent one may be another backup at work');
  s.close();
});

test('Ctrl+C or kill during a backup, restore or build: what it was writing is removed (files/interrupt.ts), exit 130 / 143', async () => {
  const { spawn } = await import('node:child_process');
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    const dir = tempDir();
    const staging = path.join(dir, '.backup-abc');
    const script = `
      import fs from 'node:fs';
      import { onInterrupt } from ${JSON.stringify(path.join(REPO_ROOT, 'electron', 'core', 'files', 'interrupt.ts'))};
      fs.mkdirSync(${JSON.stringify(staging)});
      fs.writeFileSync(${JSON.stringify(path.join(staging, 'claimdesk.sqlite'))}, 'copy');
      onInterrupt(() => fs.rmSync(${JSON.stringify(staging)}, { recursive: true, force: true }));
      const done = onInterrupt(() => fs.writeFileSync(${JSON.stringify(path.join(dir, 'not-run'))}, ''));
      done(); // finished work: its undo no longer runs
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT });
    await new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
    assert.equal(fs.existsSync(staging), true);
    child.kill(signal);
    const exit = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(exit, code, signal);
    assert.equal(fs.existsSync(staging), false, `${signal}: the staging folder is removed`);
    assert.equal(fs.existsSync(path.join(dir, 'not-run')), false);
  }
});

test('a signal that arrives while an undo is registered still ends the process after the undo is removed (it was lost: Ctrl+C ignored); with nothing to undo, another listener (serve\'s graceful stop) gets it', async () => {
  const { spawn } = await import('node:child_process');
  const run = (body: string) => new Promise<{ code: number | null; out: string }>((resolve) => {
    const script = `
      import { onInterrupt } from ${JSON.stringify(path.join(REPO_ROOT, 'electron', 'core', 'files', 'interrupt.ts'))};
      ${body}`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('exit', (code) => resolve({ code, out }));
  });
  // The signal is raised inside synchronous work that registered an undo and removed it again
  // (one file of a batch): it is dispatched only afterwards, when no undo is left.
  const lost = await run(`
    const undo = onInterrupt(() => {});
    process.kill(process.pid, 'SIGINT');
    undo();
    setTimeout(() => { process.stdout.write('ran on'); process.exit(0); }, 1500);`);
  assert.equal(lost.code, 130, `the Ctrl+C ends the process (${lost.out})`);
  assert.doesNotMatch(lost.out, /ran on/);
  // With nothing to undo and a graceful handler of the program's own, that handler decides.
  const graceful = await run(`
    onInterrupt(() => {})();
    process.once('SIGTERM', () => { setTimeout(() => { process.stdout.write('closed gracefully'); process.exit(0); }, 50); });
    setTimeout(() => process.kill(process.pid, 'SIGTERM'), 20);
    setInterval(() => {}, 1000);`);
  assert.equal(graceful.code, 0);
  assert.match(graceful.out, /closed gracefully/);
});

test('a stored file that no longer matches its hash fails the backup and the export: nothing is written', async () => {
  const s = makeService();
  const numbers = await withCases(s, 1);
  const sha = (s.db.prepare('SELECT sha256 FROM attachments LIMIT 1').get() as { sha256: string }).sha256;
  const bytes = fs.readFileSync(s.store.pathOf(sha));
  bytes[400] = bytes[400]! ^ 1;
  fs.writeFileSync(s.store.pathOf(sha), bytes);
  const out = path.join(tempDir(), 'b.zip');
  await assert.rejects(createBackup(s, out), (err: unknown) => err instanceof BackupError && /no longer matches its SHA-256/.test(err.message));
  assert.equal(fs.existsSync(out), false);
  assert.deepEqual(fs.readdirSync(path.dirname(out)), [], 'no temporary file left');
  const viaContract = await s.dispatch('backups.create', {});
  assert.ok(!viaContract.ok && viaContract.error.code === 'conflict', JSON.stringify(viaContract));
  const exported = await s.dispatch('bundles.export', { numbers });
  assert.ok(!exported.ok && exported.error.code === 'conflict' && /SHA-256/.test(exported.error.message), JSON.stringify(exported));
  s.close();
});
