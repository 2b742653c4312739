// The audit trail: every change records who (the operator's name, or 'kiosk'), when and what,
// in the same transaction; it can be read per case (audit.list) and exported (claimdesk audit).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { makeService, tempDir, idNumber, REPO_ROOT } from '../support/temp.ts';
import { SCAN_JPEG, writeCaseFile } from '../support/data.ts';
import { CALL_NAMES, type AuditEntry, type CaseRecord, type Page } from '../../shared/contract.ts';
import { eventsToCsv } from '../../electron/core/audit.ts';

const NOW = '2026-11-27T02:00:00.000Z';

test('every call that commits a change records who, when and what in the same commit', async (t) => {
  const s = makeService({ actor: '王会计' });
  const watcher = new Database(s.paths.database, { readonly: true });
  /** The newest event: a change adds one (a restore replaces the trail, then adds its own). */
  const newest = () => JSON.stringify(s.db.prepare('SELECT * FROM audit_events ORDER BY id DESC LIMIT 1').get() ?? null);
  const exercised = new Set<string>();
  const changed = new Set<string>();
  const run = async (name: string, input: unknown): Promise<unknown> => {
    const version = watcher.pragma('data_version', { simple: true });
    const before = newest();
    const r = await s.dispatch(name, input);
    assert.ok(r.ok, `${name}: ${JSON.stringify(r)}`);
    exercised.add(name);
    if (watcher.pragma('data_version', { simple: true }) !== version) {
      changed.add(name);
      assert.notEqual(newest(), before, `${name} changed the database without an audit event`);
      const last = s.db.prepare('SELECT at, actor, action, detail FROM audit_events ORDER BY id DESC LIMIT 1').get() as { at: string; actor: string; action: string; detail: string };
      assert.equal(last.actor, '王会计', name);
      assert.equal(last.at, NOW, name);
      assert.match(last.action, /^[a-z]+\.[a-zA-Z]+$/, name);
      assert.doesNotThrow(() => JSON.parse(last.detail));
    }
    return r.ok ? r.value : undefined;
  };
  const rec = await run('cases.create', { category: 'newborn', claimant: { name: '张丽', idNumber: idNumber('35020319900512042') } }) as CaseRecord;
  const number = rec.number;
  await run('cases.update', { number, scheme: 'resident', newborn: { birthDate: '2026-09-18', sex: 'male' } });
  const withLine = await run('expenses.add', { number, line: { date: '2026-10-01', institution: '厦门市妇幼保健院', kind: 'inpatient', amountFen: 100, invoiceNo: '7' } }) as CaseRecord;
  const lineId = withLine.case.expenses[0]!.id;
  await run('expenses.update', { number, lineId, line: { date: '2026-10-02', institution: '厦门市妇幼保健院', kind: 'inpatient', amountFen: 200 } });
  await run('materials.set', { number, materialId: 'birth-certificate', status: 'waived', note: '补交' });
  const withFile = await run('attachments.add', { number, materialId: 'birth-certificate', fileName: 'b.jpg', base64: SCAN_JPEG.toString('base64') }) as CaseRecord;
  await run('attachments.add', { number, materialId: 'birth-certificate', fileName: 'c.jpg', base64: SCAN_JPEG.toString('base64') });
  await run('attachments.move', { number, attachmentId: withFile.attachments[0]!.id, position: 2 });
  await run('attachments.read', { number, attachmentId: withFile.attachments[0]!.id });
  await run('attachments.remove', { number, attachmentId: withFile.attachments[0]!.id });
  await run('packages.build', { number });
  await run('packages.read', { number });
  await run('cases.setStatus', { number, status: 'submitted' });
  await run('cases.get', { number });
  await run('cases.list', {});
  await run('cases.search', { query: '张' });
  await run('audit.list', { number });
  await run('backups.setKeep', { keep: 3 });
  await run('backups.create', {});
  await run('backups.list', {});
  await run('data.verify', {});
  const exported = await run('bundles.export', { numbers: [number] }) as { base64: string };
  await run('bundles.import', { base64: exported.base64, onDuplicate: 'keep' });
  await run('expenses.remove', { number, lineId });
  await run('cases.remove', { number });
  const name = (await s.dispatch('backups.list', {})) as { ok: true; value: { items: { name: string }[] } };
  await run('backups.restore', { name: name.value.items[0]!.name });
  watcher.close();
  const notExercised = CALL_NAMES.filter((c) => !exercised.has(c));
  t.diagnostic(`audited changes: ${[...changed].join(', ')}`);
  if (notExercised.length) t.diagnostic(`calls not exercised here (their own tests own them): ${notExercised.join(', ')}`);
  // a removed case keeps its trail, and the trail can be read per case
  const trail = await s.dispatch('audit.list', { number });
  assert.ok(trail.ok, JSON.stringify(trail));
  const page = trail.value as Page<AuditEntry>;
  assert.deepEqual(page.items.map((e) => e.action).slice(0, 3), ['case.create', 'case.update', 'expense.add']);
  assert.ok(page.items.every((e) => e.caseNumber === number && e.actor === '王会计' && e.at === NOW));
  s.close();
});

test('audit.list: per case, paged, oldest first; an unknown case is not_found', async () => {
  const s = makeService();
  const a = await s.dispatch('cases.create', { category: 'outage', claimant: { name: '甲', idNumber: idNumber('35020319900512042') } });
  const b = await s.dispatch('cases.create', { category: 'outage', claimant: { name: '乙', idNumber: idNumber('35020319900512042') } });
  assert.ok(a.ok && b.ok);
  const na = (a.value as CaseRecord).number;
  for (let i = 0; i < 5; i++) assert.ok((await s.dispatch('expenses.add', { number: na, line: { date: '2026-10-01', institution: '厦门市中医院', kind: 'outpatient', amountFen: i + 1 } })).ok);
  const page = await s.dispatch('audit.list', { number: na, limit: 2, offset: 1 });
  assert.ok(page.ok);
  const v = page.value as Page<AuditEntry>;
  assert.equal(v.total, 6);
  assert.deepEqual(v.items.map((e) => [e.action, e.detail.amountFen]), [['expense.add', 1], ['expense.add', 2]]);
  const none = await s.dispatch('audit.list', { number: 'CD-19990101-0001' });
  assert.ok(!none.ok && none.error.code === 'not_found');
  s.close();
});

test('a kiosk records its changes as "kiosk"', async () => {
  const s = makeService({ mode: 'kiosk', actor: undefined });
  const r = await s.dispatch('cases.create', { category: 'outage', claimant: { name: '访客', idNumber: idNumber('35020319900512042') } });
  assert.ok(r.ok, JSON.stringify(r));
  assert.deepEqual(s.db.prepare('SELECT actor, action FROM audit_events').all(), [{ actor: 'kiosk', action: 'case.create' }]);
  s.close();
});

test('claimdesk audit exports the trail as CSV (spreadsheet-safe) or JSON, for one case or all', () => {
  const cli = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env } });
  const data = tempDir();
  const dir = tempDir();
  const files = [1, 2].map((i) => writeCaseFile(dir, i, 'audit').file);
  const imp = cli(['import', ...files, '--data', data], { CLAIMDESK_OPERATOR: '=HYPERLINK("x")' });
  assert.equal(imp.status, 0, imp.stderr);
  const number = imp.stdout.split('\n')[0]!.split(' ')[1]!;
  const csvFile = path.join(tempDir(), 'audit.csv');
  const r = cli(['audit', '--case', number, '--out', csvFile, '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  const csv = fs.readFileSync(csvFile, 'utf8');
  assert.ok(csv.startsWith('\uFEFFid,at,actor,action,case,detail\r\n'));
  const rows = csv.trim().split('\r\n').slice(1);
  assert.equal(rows.length, 1);
  assert.match(rows[0]!, new RegExp(`,"'=HYPERLINK\\(""x""\\)",case\\.import,${number},`), 'a formula is neutralised and quotes doubled');
  const json = cli(['audit', '--format', 'json', '--data', data]);
  assert.equal(json.status, 0, json.stderr);
  const all = JSON.parse(json.stdout) as AuditEntry[];
  assert.equal(all.length, 2);
  assert.equal(all[0]!.actor, '=HYPERLINK("x")');
  assert.equal(cli(['audit', '--case', 'CD-19990101-0001', '--data', data]).status, 2);
  assert.equal(cli(['audit', '--format', 'xml', '--data', data]).status, 2);
});

test('CSV cells: commas, quotes, new lines and Chinese survive', () => {
  const csv = eventsToCsv([{ id: 1, at: NOW, actor: '李, "四"', action: 'case.update', caseNumber: null, detail: { note: '第一行\n第二行' } }]);
  assert.equal(csv.split('\r\n')[1], `1,${NOW},"李, ""四""",case.update,,"{""note"":""第一行\\n第二行""}"`);
});
