// The first-run sample database: what `npm start` shows a newcomer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { seedSamples } from '../../electron/core/samples.ts';
import { makeService } from '../support/temp.ts';
import type { CaseRecord } from '../../shared/contract.ts';

test('the samples come with their scans: the newborn and outage cases are complete, the transfer case lacks its expense list', async () => {
  const s = makeService();
  const numbers = await seedSamples(s);
  assert.equal(numbers.length, 3);
  const records = await Promise.all(numbers.map(async (number) => (await s.dispatch('cases.get', { number })).ok ? ((await s.dispatch('cases.get', { number })) as { value: CaseRecord }).value : assert.fail(number)));
  const by = new Map(records.map((r) => [r.case.category, r]));
  assert.equal(by.get('newborn')!.evaluation.complete, true);
  assert.equal(by.get('newborn')!.attachments.length, 6);
  assert.equal(by.get('outage')!.evaluation.complete, true);
  assert.equal(by.get('transfer')!.evaluation.complete, false);
  assert.deepEqual(by.get('transfer')!.evaluation.materials.filter((m) => m.required && m.status === 'missing').map((m) => m.id), ['expense-list']);
  for (const r of records) assert.deepEqual(r.evaluation.findings.filter((f) => f.rule === 'case.materials' && f.level === 'warning'), [], r.number);
  assert.deepEqual(await seedSamples(s), [], 'never into a database that has cases');
  s.close();
});
