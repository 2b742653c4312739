import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/open.ts';
import { SCHEMA_VERSION, NewerDatabaseError, migrate, migrations } from '../../electron/core/db/migrations.ts';
import { ensureDataDir } from '../../electron/core/dataDir.ts';
import { verifyData } from '../../electron/core/verify.ts';
import type { CaseFile } from '../../shared/model/case.ts';
import type { CaseRecord } from '../../shared/contract.ts';
import { makeService, tempDir } from '../support/temp.ts';
import { canonical, normalise, sha256, writeCaseFile } from '../support/data.ts';

test('a new database is migrated to the current schema version', () => {
  const file = path.join(tempDir(), 'db.sqlite');
  const db = openDatabase(file);
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  db.close();
});

test('a database from a newer version is refused with a clear message and not modified', () => {
  const file = path.join(tempDir(), 'db.sqlite');
  const raw = new Database(file);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.exec('CREATE TABLE future (x)');
  raw.close();
  const before = fs.readFileSync(file);
  assert.throws(() => openDatabase(file), (err: unknown) => err instanceof NewerDatabaseError && /newer ClaimDesk/.test(err.message));
  assert.deepEqual(fs.readFileSync(file), before);
});

// ---- one test per schema version: a database made by the previous version, with real data ----
//
// FIXTURES[v] receives a database migrated to exactly version v (and its attachments folder)
// and writes real data with version v's own SQL, the way that version's app would have: people,
// cases, lines, materials, attachments with their files, a package, audit events, settings. It
// returns what that data must read back as through the current service. For every version the
// test builds that database, opens it with the current code (which migrates it) and checks every
// case, line, material, attachment and event. Adding migration N+1 means adding FIXTURES[N+1].

interface FixtureCase { number: string; uid?: string; caseFile: CaseFile; files: { materialId: string; fileName: string; bytes: Buffer }[]; status: string }
interface Fixture { cases: FixtureCase[]; auditEvents: number; settings: Record<string, string> }

/** Data as versions 1 to 3 store it (the tables for cases did not change shape in between). */
function writeCasesV1(db: Database.Database, attachmentsDir: string, cases: FixtureCase[]): void {
  const person = db.prepare(`INSERT INTO people (name, id_number, sex, birth_date, phone, employer, retired_cadre) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const kase = db.prepare(`INSERT INTO cases (number, category, scheme, status, filed_on, claimant_id, details, pack_id, pack_version, total_fen, line_count, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, 'xiamen', '2026.1', ?, ?, '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z')`);
  const line = db.prepare(`INSERT INTO expense_lines (case_id, position, invoice_code, invoice_no, date, institution, item, kind, amount_fen, name_on_voucher, visits, card_settled, stamped_charging, stamped_card)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const material = db.prepare(`INSERT INTO materials (case_id, material_id, status, note) VALUES (?, ?, ?, ?)`);
  const attachment = db.prepare(`INSERT INTO attachments (case_id, material_id, position, sha256, file_name, mime, size, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '2026-01-02T03:04:05.000Z')`);
  const event = db.prepare(`INSERT INTO audit_events (at, actor, action, case_number, detail) VALUES ('2026-01-02T03:04:05.000Z', '王会计', ?, ?, ?)`);
  const bit = (b: boolean | undefined) => (b === undefined ? null : b ? 1 : 0);
  for (const c of cases) {
    const f = c.caseFile;
    const p = f.claimant;
    const pid = Number(person.run(p.name, p.idNumber ?? null, p.sex ?? null, p.birthDate ?? null, p.phone ?? null, p.employer ?? null, p.retiredCadre ? 1 : 0).lastInsertRowid);
    const details = JSON.stringify(Object.fromEntries(Object.entries({ newborn: f.newborn, coverage: f.coverage, facts: f.facts }).filter(([, v]) => v !== undefined)));
    const lines = f.expenses ?? [];
    const cid = Number(kase.run(c.number, f.category, f.scheme ?? null, c.status, f.filedOn ?? null, pid, details,
      lines.reduce((s, e) => s + e.amountFen, 0), lines.length).lastInsertRowid);
    lines.forEach((e, i) => line.run(cid, i + 1, e.invoiceCode ?? null, e.invoiceNo ?? null, e.date, e.institution, e.item ?? null, e.kind, e.amountFen,
      e.nameOnVoucher ?? null, e.visits ?? null, bit(e.cardSettled), bit(e.stampedByChargingOffice), bit(e.stampedByCardOffice)));
    for (const m of f.materials ?? []) material.run(cid, m.id, m.status, m.note ?? null);
    const positions = new Map<string, number>();
    for (const a of c.files) {
      const sha = sha256(a.bytes);
      fs.mkdirSync(path.join(attachmentsDir, sha.slice(0, 2)), { recursive: true });
      fs.writeFileSync(path.join(attachmentsDir, sha.slice(0, 2), sha), a.bytes);
      const pos = (positions.get(a.materialId) ?? 0) + 1;
      positions.set(a.materialId, pos);
      attachment.run(cid, a.materialId, pos, sha, a.fileName, a.bytes[0] === 0xff ? 'image/jpeg' : 'image/png', a.bytes.length);
    }
    event.run('case.create', c.number, JSON.stringify({ category: f.category }));
    event.run('expense.add', c.number, JSON.stringify({ amountFen: lines[0]?.amountFen ?? 0 }));
  }
  db.prepare(`INSERT INTO settings (key, value) VALUES ('backup.keep', '9')`).run();
}

function fixtureCases(tag: string): FixtureCase[] {
  const dir = tempDir('claimdesk-fixture-');
  return [3, 4].map((i, k) => {
    const { caseFile } = writeCaseFile(dir, i, tag);
    const files = (caseFile.materials ?? []).flatMap((m) => (m.files ?? []).map((f) => ({ materialId: m.id, fileName: path.basename(f), bytes: fs.readFileSync(path.join(dir, f)) })));
    return { number: `CD-20260102-000${k + 1}`, caseFile, files, status: k === 0 ? 'submitted' : 'draft' };
  });
}

const FIXTURES: Record<number, (db: Database.Database, attachmentsDir: string) => Fixture> = {
  1: (db, dir) => {
    const cases = fixtureCases('v1');
    writeCasesV1(db, dir, cases);
    return { cases, auditEvents: 4, settings: { 'backup.keep': '9' } };
  },
  // v2 added cases.uid: a case keeps its identity across machines.
  2: (db, dir) => {
    const cases = fixtureCases('v2').map((c, i) => ({ ...c, uid: `${'ab'.repeat(15)}0${i}` }));
    writeCasesV1(db, dir, cases);
    for (const c of cases) db.prepare(`UPDATE cases SET uid = ? WHERE number = ?`).run(c.uid, c.number);
    return { cases, auditEvents: 4, settings: { 'backup.keep': '9' } };
  },
  // v3 added the search index (its triggers mark what these inserts touch).
  3: (db, dir) => FIXTURES[2]!(db, dir),
  // v4 added the search index's value dictionary (written by the index itself, never by SQL of its own).
  4: (db, dir) => FIXTURES[2]!(db, dir),
  // v5 added people.cadre_answer (NULL = not answered): a recorded "no" now reads back as false.
  5: (db, dir) => {
    const fixture = FIXTURES[2]!(db, dir);
    const [first] = fixture.cases;
    first!.caseFile = { ...first!.caseFile, claimant: { ...first!.caseFile.claimant, retiredCadre: false } };
    db.prepare(`UPDATE people SET cadre_answer = 0 WHERE id = (SELECT claimant_id FROM cases WHERE number = ?)`).run(first!.number);
    return fixture;
  },
  // v6 added indexes for the next case number (no data of its own).
  6: (db, dir) => FIXTURES[5]!(db, dir),
  7: (db, dir) => FIXTURES[5]!(db, dir),
};

test('every schema version has a fixture (adding migration N+1 means adding FIXTURES[N+1])', () => {
  for (const m of migrations) assert.ok(FIXTURES[m.version], `no fixture for schema version ${m.version} (${m.name})`);
});

for (const m of migrations) {
  test(`schema version ${m.version} (${m.name}): a database with real data migrates to ${SCHEMA_VERSION} and reads back whole`, async () => {
    const data = tempDir('claimdesk-migrate-');
    const paths = ensureDataDir(data);
    const raw = new Database(paths.database);
    migrate(raw, m.version);
    assert.equal(raw.pragma('user_version', { simple: true }), m.version);
    const fixture = FIXTURES[m.version]!(raw, paths.attachments);
    raw.close();

    const s = makeService({ dataDir: data });
    try {
      assert.equal(s.db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
      assert.deepEqual(s.db.pragma('integrity_check'), [{ integrity_check: 'ok' }]);
      assert.deepEqual(s.db.pragma('foreign_key_check'), []);
      for (const c of fixture.cases) {
        const got = await s.dispatch('cases.get', { number: c.number });
        assert.ok(got.ok, `${c.number}: ${JSON.stringify(got)}`);
        const rec = got.value as CaseRecord;
        const expected = normalise({ ...c.caseFile, materials: c.caseFile.materials?.map((mm) => ({ ...mm, files: mm.files?.map((f) => path.basename(f)) })) });
        assert.equal(canonical(normalise(rec.case)), canonical(expected), `${c.number}: fields, lines or materials changed`);
        assert.equal(rec.status, c.status);
        assert.deepEqual(rec.attachments.map((a) => [a.materialId, a.fileName, a.sha256, a.size]),
          c.files.map((f) => [f.materialId, f.fileName, sha256(f.bytes), f.bytes.length]).sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0)));
        for (const a of rec.attachments) assert.equal(s.store.verify(a.sha256), 'ok');
        const uid = (s.db.prepare(`SELECT uid FROM cases WHERE number = ?`).get(c.number) as { uid: string | null }).uid;
        assert.match(uid ?? '', /^[0-9a-f]{32}$/, `${c.number} has a uid`);
        if (c.uid) assert.equal(uid, c.uid, `${c.number} keeps its uid`);
        const found = await s.dispatch('cases.search', { query: c.caseFile.claimant.name });
        assert.ok(found.ok && (found.value as { items: { number: string }[] }).items.some((i) => i.number === c.number), `search finds ${c.number}`);
        const events = await s.dispatch('audit.list', { number: c.number });
        assert.ok(events.ok && (events.value as { total: number }).total === fixture.auditEvents / fixture.cases.length, `${c.number}: audit events kept`);
      }
      for (const [key, value] of Object.entries(fixture.settings)) {
        assert.deepEqual(s.db.prepare(`SELECT value FROM settings WHERE key = ?`).get(key), { value });
      }
      // and it keeps working: a change after the migration
      const changed = await s.dispatch('expenses.add', { number: fixture.cases[1]!.number, line: { date: '2026-10-30', institution: '厦门市中医院', kind: 'outpatient', amountFen: 5 } });
      assert.ok(changed.ok, JSON.stringify(changed));
      assert.equal(verifyData(s).attachments.problems.length, 0);
    } finally {
      s.close();
    }
  });
}
