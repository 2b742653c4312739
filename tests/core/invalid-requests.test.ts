// Every call refuses invalid requests with an error naming the field, and changes nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import { CALL_NAMES } from '../../shared/contract.ts';
import { makeService, idNumber } from '../support/temp.ts';
import type { ClaimDeskService } from '../../electron/core/service.ts';

/** Everything a change could touch, read back as data. */
function snapshot(s: ClaimDeskService): string {
  const tables = ['people', 'cases', 'expense_lines', 'materials', 'attachments', 'packages', 'audit_events', 'settings'];
  return JSON.stringify(tables.map((t) => s.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()));
}

const invalid: unknown[] = [null, 42, 'text', [], { unexpectedField: 1 }, { number: 12, query: {}, category: 'nope', line: 'x', lineId: -1 }];

test('each call refuses invalid input with a typed error and leaves the database unchanged', async () => {
  const s = makeService();
  const created = await s.dispatch('cases.create', { category: 'outage', claimant: { name: '王芳', idNumber: idNumber('35020619900101002') } });
  assert.ok(created.ok);
  const before = snapshot(s);
  for (const name of CALL_NAMES) {
    for (const input of invalid) {
      if (name === 'app.info' && typeof input === 'object' && input !== null && !Array.isArray(input) && Object.keys(input).length === 0) continue;
      const r = await s.dispatch(name, input);
      assert.equal(r.ok, false, `${name} accepted ${JSON.stringify(input)}`);
      if (!r.ok) assert.equal(r.error.code, 'invalid_request', `${name} ${JSON.stringify(input)} → ${JSON.stringify(r.error)}`);
    }
  }
  assert.equal(snapshot(s), before);
  s.close();
});

test('the error names the field that is wrong', async () => {
  const s = makeService();
  const cases: [string, unknown, string][] = [
    ['cases.create', { category: 'outage', claimant: { name: '王芳', idNumber: '123' } }, 'claimant.idNumber'],
    ['cases.create', { category: 'holiday', claimant: { name: '王芳', idNumber: idNumber('35020619900101002') } }, 'category'],
    ['cases.create', { category: 'outage', claimant: { name: '王芳', idNumber: idNumber('35020619900101002'), shoeSize: 42 } }, 'claimant.shoeSize'],
    ['expenses.add', { number: 'CD-20261127-0001', line: { date: '2026-02-30', institution: '厦门市中医院', kind: 'outpatient', amountFen: 1 } }, 'line.date'],
    ['expenses.add', { number: 'CD-20261127-0001', line: { date: '2026-02-03', institution: '厦门市中医院', kind: 'outpatient', amountFen: 1.5 } }, 'line.amountFen'],
    ['expenses.add', { number: 'CD-20261127-0001', line: { date: '2026-02-03', institution: '厦门市中医院', kind: 'outpatient', amountFen: -100 } }, 'line.amountFen'],
    ['cases.update', { number: 'CD-20261127-0001', coverage: [{ from: '2024-05', to: '2024-13', status: 'paid' }] }, 'coverage[0].to'],
    ['cases.search', { query: 'x'.repeat(101) }, 'query'],
    // Pasted text with a direction mark or half a surrogate pair (shared/model/characters.ts).
    ['expenses.add', { number: 'CD-20261127-0001', line: { date: '2026-02-03', institution: '厦门市中医院\u202e', kind: 'outpatient', amountFen: 100 } }, 'line.institution'],
    ['cases.update', { number: 'CD-20261127-0001', claimant: { name: '王\ud800芳', idNumber: idNumber('35020619900101002') } }, 'claimant.name'],
  ];
  for (const [name, input, field] of cases) {
    const r = await s.dispatch(name, input);
    assert.equal(r.ok, false, name);
    if (!r.ok) {
      assert.equal(r.error.field, field, `${name}: ${r.error.message}`);
      assert.ok(r.error.message.startsWith(field), r.error.message);
    }
  }
  const unknown = await s.dispatch('cases.explode', {});
  assert.deepEqual(unknown, { ok: false, error: { code: 'unknown_call', message: 'no such call: cases.explode' } });
  s.close();
});
