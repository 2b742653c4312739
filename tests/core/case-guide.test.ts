// CaseRecord.guide: what the guided screens take from the pack in force beyond the evaluation —
// the newborn's voucher name (cat.newborn.parentName) and outpatient visits per month against
// the pack's limit (cat.visits20.detect).
import test from 'node:test';
import assert from 'node:assert/strict';
import { makeService, idNumber } from '../support/temp.ts';
import type { CaseRecord } from '../../shared/contract.ts';

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  assert.equal(r.ok, true, `expected ok, got ${JSON.stringify(r)}`);
  return r.value as T;
}

const parent = { name: '张三', idNumber: idNumber('35020319900312002') };

test('cat.newborn.parentName: the guide proposes the voucher name once the sex is known, with the birth order', async () => {
  const s = makeService();
  const created = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'newborn', claimant: parent }));
  assert.equal(created.guide?.voucherName, null);
  let rec = await ok<CaseRecord>(s.dispatch('cases.update', { number: created.number, newborn: { sex: 'male', parent: 'mother' } }));
  assert.equal(rec.guide?.voucherName, '张三之子');
  rec = await ok<CaseRecord>(s.dispatch('cases.update', { number: created.number, newborn: { sex: 'female', parentName: '李四', ordinal: 2 } }));
  assert.equal(rec.guide?.voucherName, '李四之女（二）');
  s.close();
});

test('cat.newborn.parentName: other categories get no voucher name', async () => {
  const s = makeService();
  const rec = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: parent }));
  assert.equal(rec.guide?.voucherName, null);
  s.close();
});

test('cat.visits20.detect: the guide counts outpatient visits per month; the 21st is over the limit, the 20th is not', async () => {
  const s = makeService();
  const { number } = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'visits20', claimant: parent }));
  const line = (date: string, visits: number) => ({ date, institution: '厦门市中医院', kind: 'outpatient', amountFen: 2000, visits });
  await ok(s.dispatch('expenses.add', { number, line: line('2026-09-03', 20) }));
  await ok(s.dispatch('expenses.add', { number, line: line('2026-10-03', 20) }));
  const rec = await ok<CaseRecord>(s.dispatch('expenses.add', { number, line: line('2026-10-20', 1) }));
  assert.equal(rec.guide?.visitsMonthlyLimit, 20);
  assert.deepEqual(rec.guide?.visitsByMonth, [
    { month: '2026-09', visits: 20, over: false },
    { month: '2026-10', visits: 21, over: true },
  ]);
  s.close();
});
