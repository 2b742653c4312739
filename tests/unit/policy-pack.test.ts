// The policy pack: validated on load, refused with the path of what is wrong, chosen by the
// filing date, parameters read by date, every entry cited.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CATEGORY_IDS } from '../../shared/model/case.ts';
import {
  PARAMETER_NAMES, PolicyPackError, RULE_IDS, defaultPack, findCategory, findRule, parameterAt, parsePack, selectPack,
  xiamenPack, xiamenPackData, type PolicyPack,
} from '../../shared/policy/index.ts';

const clone = () => structuredClone(xiamenPackData) as unknown as Record<string, any>;
function refused(json: unknown): string {
  try { parsePack(json); } catch (e) { assert.ok(e instanceof PolicyPackError); return e.message; }
  assert.fail('the pack was accepted');
}

test('policy.pack: the Xiamen pack is the default and passes its own validation, also as JSON', () => {
  assert.equal(defaultPack(), xiamenPack);
  assert.deepEqual(parsePack(JSON.parse(JSON.stringify(xiamenPackData))), xiamenPack);
  assert.equal(xiamenPack.format, 'claimdesk/policy-pack@1');
});

test('policy.pack: the eleven categories, each with its rule id and seed section', () => {
  assert.deepEqual(xiamenPack.categories.map((c) => c.id), [...CATEGORY_IDS]);
  xiamenPack.categories.forEach((c, i) => {
    assert.equal(c.rule, `cat.${c.id}`);
    assert.equal(c.source, `seed §${i + 1}`);
    assert.ok(findRule(xiamenPack, c.rule));
    assert.equal(findCategory(xiamenPack, c.id), c);
  });
});

test("policy.pack: every material carries its source ('seed §N' or 'practice'), both languages and a file count", () => {
  for (const c of xiamenPack.categories) {
    for (const m of c.materials) {
      assert.match(m.source, /^(seed §([1-9]|1[01])|practice)$/, `${c.id}/${m.id}`);
      if (m.source !== 'practice') assert.ok(m.rule, `${c.id}/${m.id} names the rule it serves`);
      assert.ok(m.title['zh-CN'] && m.title.en && m.help['zh-CN'] && m.help.en);
      assert.ok(m.files.min >= 0);
    }
    // Each category's own materials come from its own section of the seed.
    const section = c.source.replace('seed §', '');
    for (const m of c.materials) if (m.source.startsWith('seed')) assert.equal(m.source, `seed §${section}`, `${c.id}/${m.id}`);
  }
});

test('policy.pack: every parameter has dated values with references; the retirement years are absent', () => {
  for (const name of PARAMETER_NAMES) {
    const p = xiamenPack.parameters[name]!;
    assert.ok(xiamenPack.rules.some((r) => r.id === p.rule), name);
    for (const v of p.values) assert.ok(v.reference.length > 10, `${name} needs a reference`);
  }
  assert.deepEqual(xiamenPack.parameters['cov.retireYears.male']!.values, []);
  assert.deepEqual(xiamenPack.parameters['cov.retireYears.female']!.values, []);
  const expected: Record<string, number> = {
    'cov.maxGapMonths': 6, 'transfer.urgentDays': 7, 'relocation.minMonths': 6, 'visits.monthlyLimit': 20,
    'enrol.confirmDay': 15, 'newborn.enrolMonths': 3, 'newborn.premiumMonths': 3,
  };
  for (const [name, value] of Object.entries(expected)) {
    const got = parameterAt(xiamenPack, name as (typeof PARAMETER_NAMES)[number], '2025-01-01');
    assert.ok(got.configured && got.value === value, name);
  }
});

test('policy.pack: a parameter is read as of a date — the value in force then', () => {
  const data = clone();
  data.parameters['visits.monthlyLimit'].values.push({ from: '2026-01-01', value: 25, reference: 'a later notice (test)' });
  data.parameters['cov.retireYears.male'].values.push({ from: '2026-01-01', value: 25, reference: 'a later notice (test)' });
  const pack = parsePack(data);
  assert.deepEqual(parameterAt(pack, 'visits.monthlyLimit', '2025-12-31'), { configured: true, name: 'visits.monthlyLimit', value: 20, from: '2000-01-01', reference: data.parameters['visits.monthlyLimit'].values[0].reference });
  assert.equal((parameterAt(pack, 'visits.monthlyLimit', '2026-01-01') as { value: number }).value, 25);
  assert.deepEqual(parameterAt(pack, 'cov.retireYears.male', '2025-12-31'), { configured: false, name: 'cov.retireYears.male', reason: 'notYetInForce' });
  assert.deepEqual(parameterAt(xiamenPack, 'cov.retireYears.female', '2025-12-31'), { configured: false, name: 'cov.retireYears.female', reason: 'absent' });
});

test('policy.pack: a pack written before a rule was added (case.expenseDates) still loads; the rule still runs', () => {
  const older = clone();
  older.rules = older.rules.filter((r: { id: string }) => r.id !== 'case.expenseDates');
  const pack = parsePack(older);
  assert.equal(pack.rules.some((r) => r.id === 'case.expenseDates'), false);
  assert.equal(findRule(xiamenPack, 'case.expenseDates').source, 'practice');
});

test('policy.pack: a broken pack is refused with the path of the problem', () => {
  const a = clone(); a.categories[2].materials[0].title.en = '';
  assert.match(refused(a), /categories\[2\]\.materials\[0\]\.title\.en: must not be empty/);
  const b = clone(); b.parameters['cov.maxGapMonths'].values[0].value = 6.5;
  assert.match(refused(b), /parameters\.cov\.maxGapMonths\.values\[0\]\.value/);
  const c = clone(); delete c.parameters['visits.monthlyLimit'];
  assert.match(refused(c), /missing parameter 'visits\.monthlyLimit'/);
  const d = clone(); d.parameters['visits.monthlyLimt'] = d.parameters['visits.monthlyLimit'];
  assert.match(refused(d), /parameters\.visits\.monthlyLimt: unknown parameter/);
  const e = clone(); e.rules = e.rules.filter((r: { id: string }) => r.id !== 'cov.reset');
  assert.match(refused(e), /missing rule 'cov\.reset'/);
  const f = clone(); f.categories[0].materials[1].id = f.categories[0].materials[0].id;
  assert.match(refused(f), /categories\[0\]\.materials\[1\]\.id: duplicate material 'identity-document'/);
  const g = clone(); g.categories[2].materials[5].when = { field: 'facts.tripKnd', equals: 'acute' };
  assert.match(refused(g), /categories\[2\]\.materials\[5\]\.when/);
  const h = clone(); h.parameters['enrol.confirmDay'].values.unshift({ from: '2030-01-01', value: 10, reference: 'out of order' });
  assert.match(refused(h), /parameters\.enrol\.confirmDay\.values\[1\]\.from: values must be in date order/);
  const i = clone(); i.parameters['cov.maxGapMonths'].values[0].reference = '';
  assert.match(refused(i), /every value needs its reference/);
  const j = clone(); j.categories[0].rules.push('cat.nonsense');
  assert.match(refused(j), /categories\[0\]\.rules\[1\]: no rule 'cat\.nonsense'/);
  const k = clone(); k.parameters['newborn.enrolMonths'].values = [];
  assert.match(refused(k), /parameters\.newborn\.enrolMonths\.values: needs at least one dated value/);
  assert.match(refused({ format: 'claimdesk/policy-pack@2' }), /^policy pack refused: format: /);
  assert.match(refused('not a pack'), /policy pack refused/);
  const l = clone(); l.categories[2].materials[6].whenText = undefined;
  assert.match(refused(l), /categories\[2\]\.materials\[6\]\.whenText: when and whenText go together/);
});

test('policy.pack: selectPack takes the pack in force on the filing date', () => {
  const v1 = xiamenPack;
  const v2: PolicyPack = { ...xiamenPack, version: '2027.1', effectiveFrom: '2027-01-01' };
  const v2fix: PolicyPack = { ...xiamenPack, version: '2027.2', effectiveFrom: '2027-01-01' };
  assert.equal(selectPack([v2, v1], '2026-12-31'), v1);
  assert.equal(selectPack([v2, v1], '2027-01-01'), v2);
  assert.equal(selectPack([v2fix, v1, v2], '2027-06-01'), v2fix);
  assert.throws(() => selectPack([v2], '2026-12-31'), /no policy pack is in force on 2026-12-31/);
  assert.throws(() => selectPack([], '2026-12-31'), /packs: none/);
});

test('policy.pack: every rule id of RULES.md is implemented and cited in the pack', (t) => {
  const rulesMd = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'domain', 'RULES.md');
  const known = new Set<string>(RULE_IDS);
  for (const id of RULE_IDS) assert.ok(findRule(xiamenPack, id), id);
  if (!fs.existsSync(rulesMd)) { t.skip(`${rulesMd} not found`); return; }
  const text = fs.readFileSync(rulesMd, 'utf8');
  const ids = new Set<string>();
  for (const m of text.matchAll(/^\| `([a-z][A-Za-z0-9.]+)`/gm)) ids.add(m[1]!);
  for (const m of text.matchAll(/`(cat\.[A-Za-z0-9]+\.[A-Za-z0-9]+)`:/g)) ids.add(m[1]!);
  assert.ok(ids.size >= 30, `found ${ids.size} ids`);
  for (const id of ids) assert.ok(known.has(id), `RULES.md rule ${id} is not in RULE_IDS`);
});
