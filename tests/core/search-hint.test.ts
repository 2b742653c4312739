// cases.search says, for each row of the page, why the case was found (CaseSummary.matched):
// the case list shows an institution or item hit as "命中：机构：…" under the claimant.
import test from 'node:test';
import assert from 'node:assert/strict';
import { makeService, idNumber } from '../support/temp.ts';
import type { CaseRecord, CaseSummary, Page } from '../../shared/contract.ts';
import { markOf } from '../../electron/core/search/hint.ts';

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  assert.equal(r.ok, true, `expected ok, got ${JSON.stringify(r)}`);
  return r.value as T;
}

/** The marked part of a hint's text, as the list highlights it. */
function marked(m: CaseSummary['matched']): string | undefined {
  return m?.mark ? m.text.slice(m.mark[0], m.mark[1]) : undefined;
}

async function setUp() {
  const s = makeService();
  const zhang = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'outage', claimant: { name: '张伟', idNumber: idNumber('35020319850312001') } }));
  const ou = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'trip', claimant: { name: '欧阳娜娜', idNumber: idNumber('35021119900101002') } }));
  const line = (institution: string, item?: string) => ({ date: '2026-10-02', institution, ...(item ? { item } : {}), kind: 'outpatient' as const, amountFen: 5000 });
  for (const l of [
    line('厦门大学附属第一医院', '针灸推拿'), line('厦门大学附属第一医院', '针灸推拿'), line('厦门市中医院', '针灸'),
    line('厦门市中医院', '中药饮片'),
  ]) await ok(s.dispatch('expenses.add', { number: zhang.number, line: l }));
  for (const l of [line('厦门 长庚医院', 'ＣＴ平扫'), line('厦门 长庚医院')]) await ok(s.dispatch('expenses.add', { number: ou.number, line: l }));
  const search = async (query: string) => ok<Page<CaseSummary>>(s.dispatch('cases.search', { query, hints: true }));
  return { s, zhang, ou, search };
}

test('an institution term: the row says 机构 and the institution, and how many lines', async () => {
  const { s, search } = await setUp();
  const r = await search('厦门大学附属第一医院');
  assert.deepEqual(r.items.map((i) => i.claimant), ['张伟']);
  assert.deepEqual(r.items[0]!.matched, { field: 'institution', text: '厦门大学附属第一医院', mark: [0, 10], lines: 2 });
  s.close();
});

test('an item term: the value most matching lines hold, the count of all matching lines, the term marked', async () => {
  const { s, search } = await setUp();
  const r = await search('针灸');
  assert.equal(r.total, 1);
  const m = r.items[0]!.matched;
  assert.equal(m?.field, 'item');
  assert.equal(m?.text, '针灸推拿'); // 2 lines; 针灸 alone is on 1
  assert.equal(m?.lines, 3);
  assert.equal(marked(m), '针灸');
  s.close();
});

test('a name term: the claimant column (visible already), no lines read into it', async () => {
  const { s, search } = await setUp();
  const r = await search('张');
  assert.deepEqual(r.items.map((i) => i.matched), [{ field: 'claimant', text: '张伟', mark: [0, 1] }]);
  s.close();
});

test('the hint compares as the search does: full-width, case, spaces inside the stored text', async () => {
  const { s, search } = await setUp();
  const ct = (await search('ct平')).items;
  assert.deepEqual(ct.map((i) => i.claimant), ['欧阳娜娜']);
  assert.equal(ct[0]!.matched?.field, 'item');
  assert.equal(marked(ct[0]!.matched), 'ＣＴ平');
  const gap = (await search('门长庚')).items[0]!.matched;
  assert.equal(gap?.field, 'institution');
  assert.equal(gap?.text, '厦门 长庚医院');
  assert.equal(gap?.lines, 2);
  assert.equal(marked(gap), '门 长庚');
  s.close();
});

test('several words: the one found only in a line is the hint; a case number and grouped ID digits name their columns', async () => {
  const { s, zhang, search } = await setUp();
  const both = (await search('张伟 中医')).items;
  assert.deepEqual(both.map((i) => i.matched), [{ field: 'institution', text: '厦门市中医院', mark: [3, 5], lines: 2 }]);
  assert.equal((await search(zhang.number)).items[0]!.matched?.field, 'number');
  const id = (await search('350203 19850312')).items[0]!.matched;
  assert.deepEqual(id, { field: 'idNumber', text: idNumber('35020319850312001'), mark: [0, 14] });
  // The list (no query) has no hints, and the search's total and order are the list's own.
  const list = await ok<Page<CaseSummary>>(s.dispatch('cases.list', {}));
  assert.ok(list.items.every((i) => i.matched === undefined));
  const all = await search('厦门');
  assert.deepEqual(all.items.map((i) => i.number), list.items.map((i) => i.number));
  assert.ok(all.items.every((i) => i.matched?.field === 'institution'));
  s.close();
});

test('markOf places a normalized word in the stored text, or says it cannot', () => {
  assert.deepEqual(markOf('ＣＴ 平扫', 'ct平'), [0, 4]);
  assert.deepEqual(markOf('𠮷野家针灸', '针灸'), [4, 6]); // a character outside the BMP is 2 units
  assert.equal(markOf('厦门市中医院', '长庚'), null);
});

test('hints are asked for: a search without `hints` (a program paging through results) gets the rows as before, no line read', async () => {
  const { s, zhang } = await setUp();
  const plain = await ok<Page<CaseSummary>>(s.dispatch('cases.search', { query: '针灸' }));
  assert.deepEqual(plain.items.map((i) => i.number), [zhang.number]);
  assert.equal(plain.items[0]!.matched, undefined);
  assert.equal((await ok<Page<CaseSummary>>(s.dispatch('cases.search', { query: '针灸', hints: false }))).items[0]!.matched, undefined);
  s.close();
});
