// The core service through its one entry point, dispatch(): what either host calls.
import test from 'node:test';
import assert from 'node:assert/strict';
import { makeService, idNumber } from '../support/temp.ts';
import type { CaseRecord } from '../../shared/contract.ts';
import { SCHEMA_VERSION } from '../../electron/core/db/migrations.ts';
import { MAX_EXPENSES } from '../../shared/model/case.ts';
import { CaseRepository } from '../../electron/core/db/caseRepository.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import path from 'node:path';
import Database from 'better-sqlite3';

const zhang = { name: '张伟', idNumber: idNumber('35020319850312001') };

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  assert.equal(r.ok, true, `expected ok, got ${JSON.stringify(r)}`);
  return r.value as T;
}

test('a case is created with a number, the pack in force and an audit event', async () => {
  const s = makeService();
  const rec = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', scheme: 'employee', claimant: zhang }));
  assert.match(rec.number, /^CD-20261127-0001$/);
  assert.equal(rec.status, 'draft');
  assert.equal(rec.case.claimant.name, '张伟');
  assert.equal(rec.case.filedOn, '2026-11-27');
  assert.equal(rec.pack.id, 'xiamen');
  const second = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'trip', claimant: zhang }));
  assert.equal(second.number, 'CD-20261127-0002');
  const events = s.db.prepare('SELECT action, case_number, actor FROM audit_events ORDER BY id').all();
  assert.deepEqual(events, [
    { action: 'case.create', case_number: rec.number, actor: 'test' },
    { action: 'case.create', case_number: second.number, actor: 'test' },
  ]);
  s.close();
});

test('case numbers go on past 9999 in a day: CD-…-10000, CD-…-10001 (text order would hand out 10000 again)', async () => {
  const s = makeService();
  const first = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', scheme: 'employee', claimant: zhang }));
  // As if 9,998 more had been made today.
  s.db.prepare('UPDATE cases SET number = ? WHERE number = ?').run('CD-20261127-9999', first.number);
  s.db.prepare('UPDATE audit_events SET case_number = ? WHERE case_number = ?').run('CD-20261127-9999', first.number);
  const numbers: string[] = [];
  for (let i = 0; i < 3; i++) numbers.push((await ok<CaseRecord>(s.dispatch('cases.create', { category: 'trip', claimant: zhang }))).number);
  assert.deepEqual(numbers, ['CD-20261127-10000', 'CD-20261127-10001', 'CD-20261127-10002']);
  s.close();
});

// money.words: the case file's schema bounds a case's total at 10^13 fen; lines added in the
// app (one by one, or from a spreadsheet) are held to the same bound, so a case in the database
// can always be exported and imported again and its total is an exact integer.
test('money.words: expense lines that would take the total past 10^13 fen are refused at the line, and nothing changes', async () => {
  const s = makeService();
  const { number } = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }));
  const line = { date: '2026-10-02', institution: '厦门大学附属第一医院', kind: 'outpatient' as const, amountFen: 1e13 };
  const first = await ok<CaseRecord>(s.dispatch('expenses.add', { number, line }));
  assert.equal(first.evaluation.totals.amountFen, 1e13); // at the bound: fine
  const over = await s.dispatch('expenses.add', { number, line: { ...line, amountFen: 1 } });
  assert.equal(over.ok, false);
  assert.deepEqual(over.ok ? null : { code: over.error.code, field: over.error.field }, { code: 'conflict', field: 'line.amountFen' });
  assert.match(over.ok ? '' : over.error.message, /10000000000001 fen.*at most 10\^13 fen/);
  // An edit raising a second line (0 fen) so that the whole passes the bound, and a spreadsheet's lines, likewise.
  const two = await ok<CaseRecord>(s.dispatch('expenses.add', { number, line: { ...line, amountFen: 0 } }));
  const raise = await s.dispatch('expenses.update', { number, lineId: two.case.expenses[1]!.id, line: { ...line, amountFen: 5 } });
  assert.equal(raise.ok, false);
  assert.throws(() => s.addLines(number, [{ ...line, amountFen: 1e13 }], {}), /at most 10\^13 fen/);
  const after = await ok<CaseRecord>(s.dispatch('cases.get', { number }));
  assert.deepEqual(after.case.expenses.map((e) => e.amountFen), [1e13, 0]);
  assert.equal(after.evaluation.totals.amountFen, 1e13);
  s.close();
});

test('a case holds at most the case file\'s MAX_EXPENSES lines: one more added in the app is refused at expenses and nothing changes (its bundle could not be imported again)', async () => {
  const s = makeService();
  const { number } = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }));
  const line = { date: '2026-10-02', institution: '厦门大学附属第一医院', kind: 'outpatient' as const, amountFen: 100 };
  s.addLines(number, Array.from({ length: MAX_EXPENSES }, () => line), {}); // at the limit: fine
  const over = await s.dispatch('expenses.add', { number, line });
  assert.deepEqual(over.ok ? null : { code: over.error.code, field: over.error.field }, { code: 'conflict', field: 'expenses' });
  assert.match(over.ok ? '' : over.error.message, new RegExp(`${MAX_EXPENSES + 1} expense lines.*at most ${MAX_EXPENSES}`));
  assert.throws(() => s.addLines(number, [line], {}), /at most 20000/);
  assert.equal((await ok<CaseRecord>(s.dispatch('cases.get', { number }))).case.expenses.length, MAX_EXPENSES);
  s.close();
});

test('the next case number is one index seek per serial width, whatever the day holds (a text range read the whole day at every case); numbers as before', async () => {
  const s = makeService();
  // A day of 20,000 numbers, four-digit and five-digit serials, each with its audit event.
  s.db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
    INSERT INTO audit_events (at, actor, action, case_number) SELECT '2026-11-27T01:00:00.000Z', 'test', 'case.create', 'CD-20261127-' || printf('%04d', i) FROM n`);
  // The highest serial is in the audit trail only (its case since removed): never handed out again.
  const first = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }));
  assert.equal(first.number, 'CD-20261127-20001');
  // Every query nextNumber makes (on a connection of its own: statements are prepared once per
  // connection) is a seek on the width, then the range of that width only.
  const db = openDatabase(s.db.name);
  const prepared: string[] = [];
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => { prepared.push(sql); return prepare(sql); }) as typeof db.prepare;
  assert.equal(new CaseRepository(db).nextNumber('2026-11-27'), 'CD-20261127-20002');
  db.prepare = prepare as typeof db.prepare;
  assert.equal(prepared.length, 2, prepared.join('\n'));
  for (const sql of prepared) {
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(17, 'CD-20261127-00000', 'CD-20261127-99999') as { detail: string }[]).map((p) => p.detail).join('; ');
    assert.match(plan, /^SEARCH \w+ USING (COVERING )?INDEX \w+ \(<expr>=\? AND \w+>\? AND \w+<\?\)$/, `${sql}: ${plan}`);
  }
  db.close();
  s.close();
});

test('expense lines: add, edit, remove keep the stored total and the 大写 total right', async () => {
  const s = makeService();
  const { number } = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }));
  const line = { date: '2026-10-02', institution: '厦门大学附属第一医院', kind: 'outpatient', amountFen: 140950, invoiceCode: '35010126', invoiceNo: '0000000001' };
  let rec = await ok<CaseRecord>(s.dispatch('expenses.add', { number, line }));
  rec = await ok<CaseRecord>(s.dispatch('expenses.add', { number, line: { ...line, invoiceNo: '0000000002', amountFen: 10700053 } }));
  assert.equal(rec.evaluation.totals.amountFen, 140950 + 10700053);
  assert.equal(rec.case.expenses.length, 2);
  const [first, second] = rec.case.expenses;
  rec = await ok<CaseRecord>(s.dispatch('expenses.update', { number, lineId: second!.id, line: { ...line, invoiceNo: '0000000002', amountFen: 10700053 - 140950 } }));
  assert.equal(rec.evaluation.totals.amountFen, 10700053);
  assert.equal(rec.evaluation.totals.amountWords, '壹拾万柒仟元零伍角叁分');
  rec = await ok<CaseRecord>(s.dispatch('expenses.remove', { number, lineId: first!.id }));
  assert.equal(rec.case.expenses.length, 1);
  assert.equal(rec.evaluation.totals.amountFen, 10700053 - 140950);
  const list = await ok<{ total: number; items: { totalFen: number; lines: number }[] }>(s.dispatch('cases.list', {}));
  assert.equal(list.total, 1);
  assert.equal(list.items[0]!.totalFen, 10700053 - 140950);
  assert.equal(list.items[0]!.lines, 1);
  const actions = (s.db.prepare('SELECT action FROM audit_events ORDER BY id').all() as { action: string }[]).map((e) => e.action);
  assert.deepEqual(actions, ['case.create', 'expense.add', 'expense.add', 'expense.update', 'expense.remove']);
  s.close();
});

test('a line of another case cannot be edited or removed through this case', async () => {
  const s = makeService();
  const a = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }));
  const b = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }));
  const withLine = await ok<CaseRecord>(s.dispatch('expenses.add', { number: a.number, line: { date: '2026-10-02', institution: '厦门市中医院', kind: 'pharmacy', amountFen: 100 } }));
  const lineId = withLine.case.expenses[0]!.id;
  const r = await s.dispatch('expenses.remove', { number: b.number, lineId });
  assert.deepEqual(r, { ok: false, error: { code: 'not_found', message: `case ${b.number} has no expense line ${lineId}`, field: 'lineId' } });
  const still = await ok<CaseRecord>(s.dispatch('cases.get', { number: a.number }));
  assert.equal(still.case.expenses.length, 1);
  s.close();
});

test('search finds a case by a one-character name, an ID prefix, the case number and an item', async () => {
  const s = makeService();
  const a = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }));
  await ok(s.dispatch('cases.create', { category: 'trip', claimant: { name: '欧阳娜娜', idNumber: idNumber('35021119900101002') } }));
  await ok(s.dispatch('expenses.add', { number: a.number, line: { date: '2026-10-02', institution: '厦门市中医院', item: '针灸治疗', kind: 'outpatient', amountFen: 5000 } }));
  const find = async (query: string) => (await ok<{ total: number; items: { claimant: string }[] }>(s.dispatch('cases.search', { query }))).items.map((i) => i.claimant);
  assert.deepEqual(await find('张'), ['张伟']);
  assert.deepEqual(await find('欧阳'), ['欧阳娜娜']);
  assert.deepEqual(await find('350203'), ['张伟']);
  assert.deepEqual(await find(a.number), ['张伟']);
  assert.deepEqual(await find('针灸'), ['张伟']);
  assert.deepEqual(await find('%'), []);
  s.close();
});

test('a removed case is gone, its audit trail stays', async () => {
  const s = makeService();
  const a = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }));
  await ok(s.dispatch('cases.remove', { number: a.number }));
  const r = await s.dispatch('cases.get', { number: a.number });
  assert.equal(r.ok, false);
  const n = (s.db.prepare('SELECT COUNT(*) AS n FROM audit_events WHERE case_number = ?').get(a.number) as { n: number }).n;
  assert.equal(n, 2);
  assert.equal((s.db.prepare('SELECT COUNT(*) AS n FROM people').get() as { n: number }).n, 0);
  s.close();
});

test('the database runs in WAL with synchronous FULL and foreign keys on', () => {
  const s = makeService();
  assert.equal(s.db.pragma('journal_mode', { simple: true }), 'wal');
  assert.equal(s.db.pragma('synchronous', { simple: true }), 2);
  assert.equal(s.db.pragma('foreign_keys', { simple: true }), 1);
  assert.equal(s.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  s.close();
});

test('cov.makeup / cov.reset through coverage.check: 6 unpaid months can be made up, 7 clear the earlier years', async () => {
  const s = makeService();
  const history = (lastPaid: string, resumed: string) => ({
    periods: [
      { from: '2015-01', to: lastPaid, area: '厦门市', status: 'paid' },
      { from: resumed, to: '2026-10', area: '厦门市', status: 'paid' },
    ],
    today: '2026-11-27',
  });
  type Answer = { makeUp: { possible: boolean | null; rule: string }; reset: { cleared: boolean | null }; frozen: { months: string[] } };
  const six = await ok<Answer>(s.dispatch('coverage.check', history('2025-12', '2026-07')));
  assert.equal(six.frozen.months.length, 6);
  assert.equal(six.makeUp.possible, true);
  assert.equal(six.makeUp.rule, 'cov.makeup');
  assert.equal(six.reset.cleared, false);
  const seven = await ok<Answer>(s.dispatch('coverage.check', history('2025-11', '2026-07')));
  assert.equal(seven.frozen.months.length, 7);
  assert.equal(seven.makeUp.possible, false);
  assert.equal(seven.reset.cleared, true);
  s.close();
});

test('the claimant’s sex and birth date are derived from the ID number when not given, and kept when given', async () => {
  const s = makeService();
  const derived = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }));
  assert.equal(derived.case.claimant.birthDate, '1985-03-12');
  assert.equal(derived.case.claimant.sex, 'male');
  const given = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: { ...zhang, sex: 'female' } }));
  assert.equal(given.case.claimant.sex, 'female');
  s.close();
});

test('cat.cadreDrugs.eligible: a retired-cadre answer of "no" is kept apart from "not answered"', async () => {
  const s = makeService();
  const rec = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'cadreDrugs', claimant: zhang }));
  assert.equal(rec.case.claimant.retiredCadre, undefined);
  const no = await ok<CaseRecord>(s.dispatch('cases.update', { number: rec.number, claimant: { ...zhang, retiredCadre: false } }));
  assert.equal(no.case.claimant.retiredCadre, false);
  const again = await ok<CaseRecord>(s.dispatch('cases.get', { number: rec.number }));
  assert.equal(again.case.claimant.retiredCadre, false);
  const yes = await ok<CaseRecord>(s.dispatch('cases.update', { number: rec.number, claimant: { ...zhang, retiredCadre: true } }));
  assert.equal(yes.case.claimant.retiredCadre, true);
  s.close();
});

test('another program holding the database past busy_timeout: a conflict that says nothing changed, not an internal error', async () => {
  const s = makeService();
  const other = new Database(path.join(s.paths.dir, 'claimdesk.sqlite'));
  s.db.pragma('busy_timeout = 50'); // five seconds in use; short here
  other.exec('BEGIN IMMEDIATE');
  try {
    const r = await s.dispatch('cases.create', { category: 'outage', claimant: zhang });
    assert.equal(r.ok, false);
    const error = (r as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'conflict');
    assert.match(error.message, /in use by another ClaimDesk program.*nothing was changed/);
  } finally {
    other.exec('ROLLBACK');
    other.close();
  }
  // Once it is free, the same call goes through.
  assert.equal((await s.dispatch('cases.create', { category: 'outage', claimant: zhang })).ok, true);
  s.close();
});

/** The complete sample case (examples/outage-card-not-settled.json) imported with its scans; its number. */
async function importSample(s: ReturnType<typeof makeService>): Promise<string> {
  const { importCaseFile } = await import('../../electron/core/caseImport.ts');
  const { readCaseFile } = await import('../../electron/core/caseFiles.ts');
  const file = path.join(import.meta.dirname, '..', '..', 'examples', 'outage-card-not-settled.json');
  return importCaseFile(s, readCaseFile(file), file);
}

test('cases.setStatus: draft, complete and packaged follow the case — a request that contradicts it is refused, never silently undone', async () => {
  const s = makeService();
  const complete = await importSample(s);
  const draft = (await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }))).number;
  const statusOf = (number: string) => (s.db.prepare('SELECT status FROM cases WHERE number = ?').get(number) as { status: string }).status;
  const refused = async (number: string, status: string, message: RegExp) => {
    const r = await s.dispatch('cases.setStatus', { number, status });
    assert.equal(r.ok, false, `${status} on ${statusOf(number)} should be refused`);
    const error = (r as { error: { code: string; message: string; field?: string } }).error;
    assert.equal(error.code, 'conflict');
    assert.equal(error.field, 'status');
    assert.match(error.message, message);
  };
  assert.equal(statusOf(complete), 'complete');
  assert.equal(statusOf(draft), 'draft');
  await refused(draft, 'packaged', /package is built/);
  await refused(complete, 'packaged', /package is built/);
  await refused(draft, 'complete', /not complete/);
  await refused(complete, 'draft', /is complete/);
  assert.deepEqual([statusOf(complete), statusOf(draft)], ['complete', 'draft'], 'a refused request changes nothing');

  // handed in, reimbursed, then reopened as what the case is
  for (const status of ['submitted', 'reimbursed'] as const) assert.equal((await ok<CaseRecord>(s.dispatch('cases.setStatus', { number: complete, status }))).status, status);
  await refused(complete, 'draft', /is complete/);
  assert.equal((await ok<CaseRecord>(s.dispatch('cases.setStatus', { number: complete, status: 'complete' }))).status, 'complete');
  assert.equal((await ok<CaseRecord>(s.dispatch('cases.setStatus', { number: draft, status: 'rejected' }))).status, 'rejected');
  assert.equal((await ok<CaseRecord>(s.dispatch('cases.setStatus', { number: draft, status: 'draft' }))).status, 'draft');
  s.close();
});

test('a removed case\'s number is never given to another case (its audit trail keeps it)', async () => {
  const s = makeService();
  const first = (await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }))).number;
  const second = (await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }))).number;
  await ok(s.dispatch('cases.remove', { number: second }));
  const third = (await ok<CaseRecord>(s.dispatch('cases.create', { category: 'trip', claimant: { name: '李四', idNumber: idNumber('35020319900101002') } }))).number;
  assert.notEqual(third, second);
  assert.ok(third > second, `${third} comes after ${second}`);
  assert.equal(first.slice(0, 12), third.slice(0, 12));
  s.close();
});

test('"today" is Xiamen\'s date whatever the machine\'s zone: 20:58 UTC on the 27th is the 28th in Xiamen', async () => {
  const s = makeService({ now: () => new Date('2026-11-27T20:58:00Z') });
  const rec = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: zhang }));
  assert.match(rec.number, /^CD-20261128-/);
  assert.equal(rec.case.filedOn, '2026-11-28');
  s.close();
});

test('a package stays current through status changes and goes out of date on any edit, handed in or not; reopening a case whose package is current makes it packaged again', async () => {
  const s = makeService();
  const number = await importSample(s);
  const get = () => ok<CaseRecord>(s.dispatch('cases.get', { number }));
  await ok(s.dispatch('packages.build', { number }));
  assert.deepEqual([(await get()).status, (await get()).package?.current], ['packaged', true]);
  // handed in, then withdrawn: nothing in the case changed, the package is still the case's
  await ok(s.dispatch('cases.setStatus', { number, status: 'submitted' }));
  assert.equal((await get()).package?.current, true);
  assert.equal((await ok<CaseRecord>(s.dispatch('cases.setStatus', { number, status: 'packaged' }))).status, 'packaged');
  // an edit after handing in: out of date, though the status stays what the user said
  await ok(s.dispatch('cases.setStatus', { number, status: 'submitted' }));
  await ok(s.dispatch('expenses.add', { number, line: { date: '2026-10-29', institution: '厦门市中医院', kind: 'outpatient', amountFen: 5 } }));
  const edited = await get();
  assert.deepEqual([edited.status, edited.package?.current], ['submitted', false]);
  const refused = await s.dispatch('cases.setStatus', { number, status: 'packaged' });
  assert.equal(refused.ok, false, 'an out-of-date package does not make the case packaged');
  // an edit to a packaged case: complete, out of date; a new build: current again
  await ok(s.dispatch('cases.setStatus', { number, status: 'complete' }));
  await ok(s.dispatch('packages.build', { number }));
  await ok(s.dispatch('expenses.add', { number, line: { date: '2026-10-30', institution: '厦门市中医院', kind: 'outpatient', amountFen: 7 } }));
  assert.deepEqual([(await get()).status, (await get()).package?.current], ['complete', false]);
  s.close();
});
