// cases.search at any length (issue 8): 1-, 2- and 3+-character Chinese terms, ID prefixes,
// case numbers, institutions and items; filters; paging with exact totals; the index kept
// current by every change path; the migration's backfill. A naive reference implementation
// checks the index on random cases.
import test from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import Database from 'better-sqlite3';
import { makeService, idNumber, tempDir } from '../support/temp.ts';
import type { CaseRecord, CaseSummary } from '../../shared/contract.ts';
import { SCHEMA_VERSION, migrate } from '../../electron/core/db/migrations.ts';
import { openDatabase } from '../../electron/core/db/open.ts';
import { SearchIndex, sortKey } from '../../electron/core/search/index.ts';
import { normalizeText, searchDocument } from '../../electron/core/search/grams.ts';
import type { ClaimDeskService } from '../../electron/core/service.ts';

type PageOf = { total: number; items: CaseSummary[] };

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  assert.equal(r.ok, true, `expected ok, got ${JSON.stringify(r)}`);
  return r.value as T;
}

async function search(s: ClaimDeskService, query: string, extra: Record<string, unknown> = {}): Promise<PageOf> {
  return ok<PageOf>(s.dispatch('cases.search', { query, limit: 500, ...extra }));
}

const names = (p: PageOf) => p.items.map((i) => i.claimant).sort();

async function fixture() {
  let t = Date.parse('2026-11-27T02:00:00Z');
  const s = makeService({ now: () => new Date((t += 1000)) });
  const mk = async (name: string, first17: string, lines: { institution: string; item?: string }[], category = 'outage') => {
    let rec = await ok<CaseRecord>(s.dispatch('cases.create', { category, claimant: { name, idNumber: idNumber(first17) } }));
    for (const l of lines) {
      rec = await ok<CaseRecord>(s.dispatch('expenses.add', { number: rec.number, line: { date: '2026-10-02', kind: 'outpatient', amountFen: 1000, ...l } }));
    }
    return rec;
  };
  const zhang = await mk('张伟', '35020319850312001', [{ institution: '厦门市中医院', item: '针灸治疗' }]);
  const ouyang = await mk('欧阳娜娜', '35021119900101002', [{ institution: '厦门大学附属第一医院', item: '胃镜检查' }], 'trip');
  const zhangMin = await mk('张敏', '11010519491231002', [{ institution: '北京协和医院', item: '针灸' }, { institution: '厦门长庚医院', item: '血常规' }]);
  const li = await mk('李娜', '31011519770707123', []);
  return { s, zhang, ouyang, zhangMin, li };
}

test('one-character terms: a surname, a character of an institution', async () => {
  const { s } = await fixture();
  assert.deepEqual(names(await search(s, '张')), ['张伟', '张敏']);
  assert.deepEqual(names(await search(s, '娜')), ['李娜', '欧阳娜娜']);
  assert.deepEqual(names(await search(s, '庚')), ['张敏']);
  assert.equal((await search(s, '王')).total, 0);
  s.close();
});

test('two-character terms: a two-character surname, an item, part of an institution', async () => {
  const { s } = await fixture();
  assert.deepEqual(names(await search(s, '欧阳')), ['欧阳娜娜']);
  assert.deepEqual(names(await search(s, '针灸')), ['张伟', '张敏']);
  assert.deepEqual(names(await search(s, '协和')), ['张敏']);
  assert.deepEqual(names(await search(s, '娜娜')), ['欧阳娜娜']);
  assert.equal((await search(s, '灸针')).total, 0);
  s.close();
});

test('three and more characters: whole substrings only, never scattered grams', async () => {
  const { s } = await fixture();
  assert.deepEqual(names(await search(s, '针灸治疗')), ['张伟']);
  assert.deepEqual(names(await search(s, '厦门大学附属第一医院')), ['欧阳娜娜']);
  assert.deepEqual(names(await search(s, '欧阳娜')), ['欧阳娜娜']);
  assert.deepEqual(names(await search(s, '医院')), ['张伟', '张敏', '欧阳娜娜'].sort());
  // Each trigram occurs in some value, but not as one substring: no match.
  assert.equal((await search(s, '中医院北京')).total, 0);
  // Not across two values of the same case (institution 北京协和医院 + item 针灸).
  assert.equal((await search(s, '医院针灸')).total, 0);
  s.close();
});

test('several words: each has to match somewhere in the case (name and institution, item and ID prefix, with filters)', async () => {
  const { s } = await fixture();
  assert.deepEqual(names(await search(s, '张 长庚')), ['张敏']);
  assert.deepEqual(names(await search(s, '张敏 厦门长庚医院')), ['张敏']);
  assert.deepEqual(names(await search(s, '针灸\u3000350203')), ['张伟'], 'a full-width space separates too; an ID prefix is a word');
  assert.deepEqual(names(await search(s, ' 医院  娜 ')), ['欧阳娜娜']);
  assert.equal((await search(s, '张 欧阳')).total, 0, 'no case has both');
  assert.equal((await search(s, '张 王')).total, 0);
  assert.deepEqual(names(await search(s, '张 针灸', { category: 'outage' })), ['张伟', '张敏']);
  assert.equal((await search(s, '张 针灸', { category: 'trip' })).total, 0);
  s.close();
});

test('ID number prefixes (not substrings), the case number and its parts', async () => {
  const { s, zhang, zhangMin } = await fixture();
  assert.deepEqual(names(await search(s, '3502')), ['张伟', '欧阳娜娜'].sort());
  assert.deepEqual(names(await search(s, '350203')), ['张伟']);
  assert.deepEqual(names(await search(s, idNumber('11010519491231002').toLowerCase())), ['张敏']);
  assert.equal((await search(s, '19850312')).total, 0, 'the middle of an ID number is not a prefix');
  assert.deepEqual(names(await search(s, zhang.number)), ['张伟']);
  assert.deepEqual(names(await search(s, zhangMin.number.toLowerCase())), ['张敏']);
  assert.equal((await search(s, zhang.number.slice(-4))).total, 1);
  assert.equal((await search(s, 'CD-20261127')).total, 4);
  assert.equal((await search(s, '  ')).total, 4, 'an empty query lists');
  assert.equal((await search(s, '%')).total, 0);
  // A whole ID number or case number is an exact lookup: every case of that person.
  const again = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'trip', claimant: { name: '张伟', idNumber: idNumber('35020319850312001') } }));
  assert.equal((await search(s, idNumber('35020319850312001'))).total, 2);
  assert.equal((await search(s, idNumber('35020319850312001'), { category: 'trip' })).items[0]!.number, again.number);
  assert.deepEqual(names(await search(s, zhang.number.replaceAll('-', ''))), ['张伟']);
  s.close();
});

test('an ID number typed in its usual groups (6-8-4, or fours) is one ID-number term, whole or a prefix; other words stay separate', async () => {
  const { s } = await fixture();
  const id = idNumber('35020319850312001');
  const grouped = `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`;
  assert.deepEqual(names(await search(s, grouped)), ['张伟']);
  assert.deepEqual(names(await search(s, ` ${grouped.replaceAll(' ', '\u3000')} `)), ['张伟'], 'full-width spaces, surrounding spaces');
  assert.deepEqual(names(await search(s, '3502 0319 8503')), ['张伟'], 'a prefix in groups of four');
  assert.deepEqual(names(await search(s, '3502 03')), ['张伟']);
  assert.deepEqual(names(await search(s, '3502 ')), ['张伟', '欧阳娜娜'].sort());
  const withX = idNumber('11010519491231002');
  assert.ok(withX.endsWith('X'));
  assert.deepEqual(names(await search(s, `${withX.slice(0, 6)} ${withX.slice(6, 14)} ${withX.slice(14).toLowerCase()}`)), ['张敏'], 'the last group ends in x');
  assert.deepEqual(names(await search(s, `${withX.slice(0, 6)} ${withX.slice(6, 17)} X`)), ['张敏'], 'the X alone after a space');
  assert.equal((await search(s, '350203 19880812 3107')).total, 0, 'another person\'s number finds nothing');
  // Groups that are no case's ID number are words after all, each found somewhere: 110105 starts
  // 张敏's ID number, 2026 is in every case number (1101052026 starts no ID number).
  assert.deepEqual(names(await search(s, '110105 2026')), ['张敏'], 'a district code and a year');
  assert.deepEqual(names(await search(s, '110105 2026', { status: 'draft' })), ['张敏']);
  assert.equal((await search(s, '110105 2026', { status: 'submitted' })).total, 0, 'filters still apply');
  assert.deepEqual(names(await search(s, '350203 1985')), ['张伟'], 'an ID number that exists stays one, grouped');
  // Not digits only: words, ANDed, as before.
  assert.deepEqual(names(await search(s, '张 针灸')), ['张伟', '张敏']);
  assert.deepEqual(names(await search(s, '针灸 350203')), ['张伟']);
  s.close();
});

test('filters apply; paging keeps the exact total; newest change first', async () => {
  const { s, zhang, zhangMin } = await fixture();
  assert.deepEqual(names(await search(s, '张', { category: 'outage' })), ['张伟', '张敏']);
  assert.equal((await search(s, '娜', { category: 'trip' })).total, 1);
  assert.equal((await search(s, '张', { status: 'submitted' })).total, 0);
  await ok(s.dispatch('cases.setStatus', { number: zhang.number, status: 'submitted' }));
  assert.deepEqual(names(await search(s, '张', { status: 'submitted' })), ['张伟']);
  const all = await search(s, '医');
  assert.deepEqual(all.items.map((i) => i.claimant), ['张伟', '张敏', '欧阳娜娜'], 'last changed first');
  const page2 = await ok<PageOf>(s.dispatch('cases.search', { query: '医', limit: 1, offset: 1 }));
  assert.equal(page2.total, 3);
  assert.deepEqual(page2.items.map((i) => i.number), [zhangMin.number]);
  const beyond = await ok<PageOf>(s.dispatch('cases.search', { query: '医', limit: 1, offset: 3 }));
  assert.deepEqual(beyond, { total: 3, items: [] });
  // The list orders the same way as the search.
  const list = await ok<PageOf>(s.dispatch('cases.list', { limit: 10 }));
  assert.deepEqual(list.items.filter((i) => all.items.some((a) => a.number === i.number)).map((i) => i.number), all.items.map((i) => i.number));
  s.close();
});

test('every change path keeps the index current in the same transaction', async () => {
  const { s, zhang, ouyang, li } = await fixture();
  await ok(s.dispatch('cases.update', { number: li.number, claimant: { name: '王芳', idNumber: idNumber('35020519800101002') } }));
  assert.equal((await search(s, '李娜')).total, 0);
  assert.deepEqual(names(await search(s, '王')), ['王芳']);
  assert.deepEqual(names(await search(s, '350205')), ['王芳']);
  const rec = await ok<CaseRecord>(s.dispatch('cases.get', { number: zhang.number }));
  const line = rec.case.expenses[0]!;
  await ok(s.dispatch('expenses.update', { number: zhang.number, lineId: line.id, line: { date: '2026-10-02', kind: 'outpatient', amountFen: 1000, institution: '厦门市仙岳医院', item: '心理咨询' } }));
  assert.deepEqual(names(await search(s, '针灸')), ['张敏']);
  assert.deepEqual(names(await search(s, '仙岳')), ['张伟']);
  await ok(s.dispatch('expenses.remove', { number: zhang.number, lineId: line.id }));
  assert.equal((await search(s, '仙岳')).total, 0);
  await ok(s.dispatch('cases.remove', { number: ouyang.number }));
  assert.equal((await search(s, '欧阳')).total, 0);
  assert.equal(s.search.pending(), 0);
  const keys = (s.db.prepare('SELECT COUNT(*) AS n FROM case_search_keys').get() as { n: number }).n;
  assert.equal(keys, 3);
  // A failed change leaves the index as it was.
  const bad = await s.dispatch('expenses.remove', { number: zhang.number, lineId: 999999 });
  assert.equal(bad.ok, false);
  assert.equal(s.search.pending(), 0);
  s.close();
});

test('the migration fills the index from cases written before it', () => {
  const file = path.join(tempDir(), 'db.sqlite');
  const raw = new Database(file);
  migrate(raw, 2);
  raw.prepare(`INSERT INTO people (id, name, id_number) VALUES (1, '陈小明', ?)`).run(idNumber('35021219800101001'));
  raw.prepare(`INSERT INTO cases (id, number, category, claimant_id, pack_id, pack_version, created_at, updated_at)
    VALUES (1, 'CD-20250101-0001', 'outage', 1, 'xiamen', '1', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`).run();
  raw.prepare(`INSERT INTO expense_lines (case_id, position, date, institution, item, kind, amount_fen)
    VALUES (1, 1, '2025-01-01', '厦门市第三医院', '推拿', 'outpatient', 100)`).run();
  raw.close();
  const db = openDatabase(file);
  const index = new SearchIndex(db);
  for (const q of ['陈', '小明', '第三医院', '推拿', '350212', '0001']) assert.equal(index.search(q, {}, 10, 0).total, 1, q);
  db.close();
});

test('a version-3 index (no value keys) is re-indexed by the dictionary migration', () => {
  const file = path.join(tempDir(), 'db.sqlite');
  const raw = new Database(file);
  migrate(raw, 3);
  // As version 3 left it: no dictionary tables, documents without v<id> keys.
  raw.exec(`DROP TABLE case_search_values; DROP TABLE case_search_value_grams;`);
  raw.prepare(`INSERT INTO people (id, name, id_number) VALUES (1, '陈小明', ?)`).run(idNumber('35021219800101001'));
  raw.prepare(`INSERT INTO cases (id, number, category, claimant_id, pack_id, pack_version, created_at, updated_at)
    VALUES (1, 'CD-20250101-0001', 'outage', 1, 'xiamen', '1', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')`).run();
  raw.prepare(`INSERT INTO expense_lines (case_id, position, date, institution, item, kind, amount_fen)
    VALUES (1, 1, '2025-01-01', '厦门大学附属第一医院', '针灸治疗', 'outpatient', 100)`).run();
  const doc = searchDocument({ number: 'CD-20250101-0001', name: '陈小明', idNumber: idNumber('35021219800101001'), status: 'draft', category: 'outage', texts: ['厦门大学附属第一医院', '针灸治疗'] });
  raw.prepare(`INSERT INTO case_search (rowid, g, k) VALUES (?, ?, ?)`).run(sortKey('2025-01-01T00:00:00Z', 1), doc.g, doc.k);
  raw.prepare(`INSERT INTO case_search_keys (case_id, key) VALUES (1, ?)`).run(sortKey('2025-01-01T00:00:00Z', 1));
  raw.exec(`DELETE FROM case_search_dirty`);
  raw.close();
  const db = openDatabase(file);
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  const index = new SearchIndex(db);
  for (const q of ['厦门大学附属第一医院', '附属第一', '针灸治疗', '陈小明', '陈', '0001']) assert.equal(index.search(q, {}, 10, 0).total, 1, q);
  assert.ok(index.matchFor('厦门大学附属第一医院', {})!.startsWith('k : (v'), 'answered from the dictionary');
  db.close();
});

test('long queries: from the value dictionary, the same answers as from the trigram phrase', async () => {
  const { s, ouyang } = await fixture();
  const q = '厦门大学附属第一医院';
  assert.match(s.search.matchFor(q, {})!, /^k : \(v[0-9a-z]+\)$/);
  assert.equal(s.search.matchFor('不存在的词', {}), null, 'in no value: nothing to search');
  assert.match(s.search.matchFor('CD-20261127', {})!, /^g : /, 'ASCII (case numbers, ID numbers): the n-gram columns');
  assert.match(s.search.matchFor('针灸', {})!, /^g : /, 'short: one gram');
  // 医院 and 院 are in three institutions: with room for two values, the phrase answers.
  s.search.valueRouteLimit = 2;
  assert.match(s.search.matchFor('医院', {})!, /^g : /);
  assert.match(s.search.matchFor('附属第一医院', {})!, /^k : /);
  assert.deepEqual((await search(s, q)).items.map((i) => i.number), [ouyang.number]);
  assert.equal((await search(s, q, { category: 'outage' })).total, 0, 'filters apply to the value keys');
  assert.equal((await search(s, q, { category: 'trip' })).total, 1);
  // A value added by a change is in the dictionary within the same change.
  await ok(s.dispatch('expenses.add', { number: ouyang.number, line: { date: '2026-10-02', kind: 'outpatient', amountFen: 5, institution: '厦门市海沧医院', item: '口腔治疗' } }));
  assert.equal((await search(s, '海沧医院')).total, 1);
  assert.equal((await search(s, '口腔治疗')).total, 1);
  s.close();
});

test('after a bulk write of many cases, the index is optimized; after a few, not', async () => {
  const s = makeService();
  assert.equal(s.search.optimizeAfterBulk(99), false, 'under 100 cases: never');
  for (let i = 0; i < 3; i++) await ok(s.dispatch('cases.create', { category: 'outage', claimant: { name: `王${i}`, idNumber: idNumber(`35020319850312${100 + i}`) } }));
  assert.equal(s.search.optimizeAfterBulk(100), true, '100 cases written of 3: a big share');
  s.db.exec(`WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 2000)
    INSERT INTO cases (number, category, claimant_id, pack_id, pack_version, created_at, updated_at)
    SELECT 'CD-20200101-' || printf('%05d', value), 'outage', (SELECT MIN(id) FROM people), 'xiamen', '1', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z'
    FROM n`);
  assert.equal(s.search.optimizeAfterBulk(150), false, '150 of 2,003: under a tenth');
  assert.equal(s.search.optimizeAfterBulk(300), true);
  assert.equal((await search(s, '王')).total, 2003, 'and searches still answer (the raw cases are 王0\'s)');
  assert.equal((await search(s, '王2')).total, 1);
  s.close();
});

// ---- against a naive reference, on random cases -------------------------------------------

const SURNAMES = ['王', '李', '张', '刘', '陈', '欧阳', '司马', '林'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰'];
const HOSPITALS = ['厦门大学附属第一医院', '厦门大学附属中山医院', '厦门市中医院', '厦门市妇幼保健院', '厦门长庚医院', '北京协和医院'];
const ITEMS = ['针灸', '针灸治疗', '推拿', '胃镜检查', '血常规', 'CT检查', '住院费', '西药费', '中药饮片', 'Ｂ超'];

function rng(seed: number) {
  let x = seed;
  return () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
}

/**
 * `count` cases with random names, ID numbers, institutions and items, made through the
 * contract, and what each holds: the reference that a plain substring scan is run against.
 */
async function randomCases(s: ReturnType<typeof makeService>, r: () => number, count: number, categories: readonly string[]) {
  const pick = <T>(a: readonly T[]) => a[Math.floor(r() * a.length)]!;
  const truth: { number: string; name: string; id: string; category: string; texts: string[] }[] = [];
  for (let i = 0; i < count; i++) {
    const name = pick(SURNAMES) + pick(GIVEN) + (r() < 0.5 ? pick(GIVEN) : '');
    const id = idNumber(pick(['350203', '350206', '350211', '110105']) + String(1950 + Math.floor(r() * 50)) + '0101' + String(100 + i).slice(-3));
    const category = pick(categories);
    const rec = await ok<CaseRecord>(s.dispatch('cases.create', { category, claimant: { name, idNumber: id } }));
    const texts: string[] = [];
    for (let j = Math.floor(r() * 4); j > 0; j--) {
      const line = { date: '2026-10-02', kind: 'outpatient', amountFen: 100, institution: pick(HOSPITALS), item: pick(ITEMS) };
      await ok(s.dispatch('expenses.add', { number: rec.number, line }));
      texts.push(line.institution, line.item);
    }
    truth.push({ number: rec.number, name, id, category, texts });
  }
  return truth;
}

test('random cases: every query gives exactly what a substring scan gives', async () => {
  const s = makeService();
  const truth = await randomCases(s, rng(42), 60, ['outage']);
  const queries = ['张', '娜', '欧阳', '司马伟', '针灸', '针灸治', '针灸治疗', '医院', '中山医院', '附属第一', 'ct', 'CT检查', 'b超', '3502', '350206',
    '110105', '0001', '00', '2026', 'CD-20261127-003', '厦门', '门大', '伟芳', '检', '西药', '饮片', 'x',
    '厦门大学附属第一医院', '厦门大学附属', '附属中山医院', '厦门市', '协和医院', '常规', '中药饮片', '欧阳伟', 'ct检', 'Ｂ超', '门市中医', '医院针灸'];
  // Every query both ways: long non-ASCII ones from the value dictionary, then (limit 0) all from the trigram phrase.
  for (const limit of [64, 0]) {
    s.search.valueRouteLimit = limit;
    for (const q of queries) {
      const n = normalizeText(q);
      const expected = truth.filter((t) => [t.name, t.number, ...t.texts].some((v) => normalizeText(v).includes(n)) || t.id.toLowerCase().startsWith(n))
        .map((t) => t.number).sort();
      const got = await search(s, q);
      assert.equal(got.total, expected.length, `total for ${q} (limit ${limit})`);
      assert.deepEqual(got.items.map((i) => i.number).sort(), expected, `cases for ${q} (limit ${limit})`);
    }
  }
  s.close();
});

test('several words against the reference, a word inside another one too; pages read from either end are slices of the whole result', async () => {
  let t = Date.parse('2026-11-27T02:00:00Z');
  const s = makeService({ now: () => new Date((t += 1000)) });
  const truth = await randomCases(s, rng(7), 45, ['outage', 'trip']);
  // Some older cases change again, so the order is not the order of making.
  for (const c of truth.filter((_, i) => i % 4 === 1)) await ok(s.dispatch('cases.setStatus', { number: c.number, status: 'submitted' }));
  s.search.cacheTotals = false;

  const finds = (c: (typeof truth)[number], word: string) => {
    const n = normalizeText(word);
    return [c.name, c.number, ...c.texts].some((v) => normalizeText(v).includes(n)) || c.id.toLowerCase().startsWith(n);
  };
  for (const q of ['医院 厦门大学附属第一医院', '厦门大学附属第一医院 医院', '张 张伟', '厦门 厦门 医院', '针灸 针灸治疗', 'ct CT检查',
    // Digits only would be one grouped ID number: a word beside them keeps them words. 0203 is inside
    // 350203 but not the start of an ID number that starts with it: it stays a word of its own.
    '0203 350203 医', '3502 350203 医', '350203 3502 医', '20 2026 院', '医 厦门 门市', '院 附属 中山']) {
    const expected = truth.filter((c) => q.split(' ').every((w) => finds(c, w))).map((c) => c.number).sort();
    const got = await search(s, q);
    assert.equal(got.total, expected.length, `total for ${q}`);
    assert.deepEqual(got.items.map((i) => i.number).sort(), expected, `cases for ${q}`);
  }

  const page = (call: string, input: Record<string, unknown>) => ok<PageOf>(s.dispatch(call, input));
  for (const [call, input] of [['cases.search', { query: '医' }], ['cases.search', { query: '厦门 院' }], ['cases.search', { query: '厦门', status: 'submitted' }],
    ['cases.list', {}], ['cases.list', { status: 'draft' }], ['cases.list', { category: 'trip' }]] as const) {
    const whole = await page(call, { ...input, limit: 500 });
    assert.ok(whole.total > 5, `${call} ${JSON.stringify(input)}: something to page through`);
    for (const limit of [1, 4, 7]) {
      for (let offset = 0; offset <= whole.total + 1; offset++) {
        const p = await page(call, { ...input, limit, offset });
        assert.equal(p.total, whole.total);
        assert.deepEqual(p.items.map((i) => i.number), whole.items.slice(offset, offset + limit).map((i) => i.number), `${call} ${JSON.stringify(input)} ${limit} at ${offset}`);
      }
    }
  }
  s.close();
});

test('common grams: counted from their absence keys, totals and pages are a substring scan\'s, after the refresh and after every later change', async () => {
  let t = Date.parse('2026-11-27T02:00:00Z');
  const s = makeService({ now: () => new Date((t += 1000)) });
  const truth = await randomCases(s, rng(11), 50, ['outage', 'trip']);
  const before = s.search.commonGrams();
  assert.equal(before.size, 0, 'a new database has no common grams');
  assert.deepEqual(s.search.refreshCommonGrams({ minDocs: 51 }), [], 'under minDocs documents: nothing');
  const added = s.search.refreshCommonGrams({ share: 0.3, minDocs: 1 });
  for (const g of ['医', '院', '医院', '厦门']) assert.ok(added.includes(g), `${g} is held by most of these cases: ${added.join(' ')}`);
  assert.ok(!added.some((g) => [...g].length > 2 || /^\d+$/.test(g)), 'only 1- and 2-character grams, not digits alone (ID-number prefixes)');
  assert.deepEqual(s.search.refreshCommonGrams({ share: 0.3, minDocs: 1 }), [], 'a second refresh finds nothing new');
  assert.equal(s.search.pending(), 0);
  s.search.cacheTotals = false;

  const finds = (c: (typeof truth)[number], word: string) => {
    const n = normalizeText(word);
    return [c.name, c.number, ...c.texts].some((v) => normalizeText(v).includes(n)) || c.id.toLowerCase().startsWith(n);
  };
  const lacking = (gram: string) => (s.db.prepare(`SELECT COUNT(*) AS n FROM case_search WHERE case_search MATCH ?`).get(`k : "n${gram}"`) as { n: number }).n;
  const check = async (when: string) => {
    for (const gram of ['医', '厦门']) assert.equal(lacking(gram), truth.filter((c) => !finds(c, gram)).length, `${when}: cases without ${gram} carry its absence key`);
    for (const q of ['医', '医院', '厦门 医院', '院 厦门 门', '医 张', '医院 针灸', '厦门 3502', '医 0001', '厦门 ct', '医 厦门大学附属第一医院', '厦门 医院 不存在']) {
      for (const filters of [{}, { category: 'trip' }, { status: 'submitted' }]) {
        const expected = truth.filter((c) => q.split(' ').every((w) => finds(c, w))
          && (!('category' in filters) || c.category === filters.category)
          && (!('status' in filters) || submitted.has(c.number)))
          .map((c) => c.number).sort();
        const got = await search(s, q, filters);
        assert.equal(got.total, expected.length, `${when}: total for ${q} ${JSON.stringify(filters)}`);
        assert.deepEqual(got.items.map((i) => i.number).sort(), expected, `${when}: cases for ${q} ${JSON.stringify(filters)}`);
      }
    }
  };
  const submitted = new Set<string>();
  await check('after the refresh');

  // Later changes index the absence keys too: a line with 医院 added, one taken away, a
  // name changed, a case removed, new cases with and without lines.
  const withoutHospital = truth.find((c) => !finds(c, '医院'))!;
  await ok(s.dispatch('expenses.add', { number: withoutHospital.number, line: { date: '2026-10-02', kind: 'outpatient', amountFen: 100, institution: '厦门长庚医院', item: '推拿' } }));
  withoutHospital.texts.push('厦门长庚医院', '推拿');
  const withLines = truth.find((c) => c.texts.length > 0 && c !== withoutHospital)!;
  const rec = await ok<CaseRecord>(s.dispatch('cases.get', { number: withLines.number }));
  for (const line of rec.case.expenses) await ok(s.dispatch('expenses.remove', { number: withLines.number, lineId: line.id }));
  withLines.texts = [];
  const removed = truth.splice(3, 1)[0]!;
  await ok(s.dispatch('cases.remove', { number: removed.number }));
  for (const c of truth.filter((_, i) => i % 5 === 2)) {
    await ok(s.dispatch('cases.setStatus', { number: c.number, status: 'submitted' }));
    submitted.add(c.number);
  }
  truth.push(...await randomCases(s, rng(99), 8, ['trip']));
  await check('after later changes');
  s.close();
});

test('a database grown a case at a time gets its common grams from the hosts\' upkeep, a slice at a time, every answer exact at each step', async () => {
  let t = Date.parse('2026-11-27T02:00:00Z');
  const s = makeService({ now: () => new Date((t += 1000)) });
  const truth = await randomCases(s, rng(5), 40, ['outage', 'trip']);
  s.search.cacheTotals = false;
  const options = { chunk: 4, minDocs: 30 };
  const finds = (c: (typeof truth)[number], word: string) => {
    const n = normalizeText(word);
    return [c.name, c.number, ...c.texts].some((v) => normalizeText(v).includes(n)) || c.id.toLowerCase().startsWith(n);
  };
  const check = async (when: string) => {
    for (const q of ['医', '厦门 医院', '院 门 张', '医 针灸', '厦门 3502']) {
      const expected = truth.filter((c) => q.split(' ').every((w) => finds(c, w))).map((c) => c.number).sort();
      const got = await search(s, q);
      assert.equal(got.total, expected.length, `${when}: total for ${q}`);
      assert.deepEqual(got.items.map((i) => i.number).sort(), expected, `${when}: cases for ${q}`);
    }
  };

  assert.equal(s.search.maintain({ ...options, minDocs: 41 }), 'idle', 'under minDocs: nothing to do');
  assert.equal(s.search.maintain(options), 'scanned');
  assert.ok(s.search.commonGrams().has('医'), 'listed');
  assert.equal(s.search.activeCommonGrams().size, 0, 'pending: no count uses them before their backfill is done');
  await check('after the look');
  const steps: string[] = [];
  for (let i = 0; i < 500; i++) {
    const did = s.search.maintain(options);
    steps.push(did);
    if (did === 'idle') break;
    if (i % 3 === 0) await check(`after slice ${i}`);
    if (i === 2) {
      // A change between slices: a new case (indexed with the pending grams' keys at once) and a line added.
      truth.push(...await randomCases(s, rng(77), 1, ['trip']));
      const c = truth[0]!;
      await ok(s.dispatch('expenses.add', { number: c.number, line: { date: '2026-10-02', kind: 'outpatient', amountFen: 100, institution: '厦门长庚医院', item: '推拿' } }));
      c.texts.push('厦门长庚医院', '推拿');
    }
  }
  assert.equal(steps.at(-1), 'idle', `upkeep finishes: ${steps.join(' ')}`);
  assert.ok(steps.filter((d) => d === 'backfilled').length > s.search.commonGrams().size, 'in slices, not at once');
  assert.deepEqual([...s.search.activeCommonGrams()].sort(), [...s.search.commonGrams()].sort(), 'every gram listed is active in the end');
  await check('when every gram is active');
  assert.equal(s.search.maintain(options), 'idle', 'the cases have not doubled since the look: no new look');
  truth.push(...await randomCases(s, rng(78), 41, ['outage']));
  assert.equal(s.search.maintain(options), 'scanned', 'doubled: a new look');
  await check('after the second look');
  s.close();
});

test('the hosts\' upkeep runs maintain() on a timer until stopped, and says once when a slice fails', async () => {
  const { startSearchMaintenance } = await import('../../electron/core/search/maintenance.ts');
  const s = makeService();
  await randomCases(s, rng(3), 12, ['outage']);
  const stop = startSearchMaintenance(s.search, { everyMs: 5, firstAfterMs: 5 }, { chunk: 2, minDocs: 10 });
  for (let i = 0; i < 200 && !s.search.activeCommonGrams().has('医'); i++) await new Promise((r) => setTimeout(r, 10));
  stop();
  assert.ok(s.search.activeCommonGrams().has('医'), 'the slices listed and backfilled the common grams');
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => { errors.push(args.join(' ')); };
  try {
    const failing = { maintain: () => { throw new Error('database is locked'); } } as unknown as typeof s.search;
    const stopFailing = startSearchMaintenance(failing, { everyMs: 2, firstAfterMs: 0 });
    await new Promise((r) => setTimeout(r, 40));
    stopFailing();
  } finally {
    console.error = original;
  }
  assert.equal(errors.length, 1, `said once: ${errors.join(' | ')}`);
  assert.match(String(errors[0]), /database is locked/);
  s.close();
});
