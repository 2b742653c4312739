// id.resident: GB 11643-1999 resident ID numbers, checked against an ISO 7064 MOD 11-2
// check written here the recursive way (the implementation uses the weight table).
import test from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CaseFile } from '../../shared/model/case.ts';
import { xiamenPack } from '../../shared/policy/index.ts';
import { evaluate } from '../../shared/rules/evaluate.ts';
import { checkIdNumber, idCheckChar } from '../../shared/rules/idNumber.ts';

/** ISO 7064 MOD 11-2, pure system, computed recursively. */
function mod11_2(first17: string): string {
  let p = 0;
  for (const ch of first17) p = ((p + Number(ch)) * 2) % 11;
  const c = (12 - p) % 11;
  return c === 10 ? 'X' : String(c);
}

const TODAY = '2025-06-30';
const idNumber = (first17: string) => first17 + idCheckChar(first17);
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const birth = fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2025, 5, 30)), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const area = fc.constantFrom('350203', '350205', '350206', '350211', '350212', '350213', '350102', '110105', '310115');
const validId = fc.tuple(area, birth, digits(3)).map(([a, b, seq]) => {
  const first17 = a + b.replace(/-/g, '') + seq;
  return { id: first17 + mod11_2(first17), birthDate: b, male: Number(seq[2]) % 2 === 1 };
});

test('id.resident: the GB 11643-1999 example 11010519491231002X is valid (female, born 1949-12-31)', () => {
  const r = checkIdNumber('11010519491231002X', TODAY);
  assert.deepEqual(r, { ok: true, value: '11010519491231002X', facts: { birthDate: '1949-12-31', sex: 'female', areaCode: '110105' } });
  assert.equal(checkIdNumber('11010519491231002x', TODAY).ok, true);
});

test('id.resident: the check character agrees with an independent MOD 11-2 for any 17 digits', () => {
  fc.assert(fc.property(digits(17), (d) => idCheckChar(d) === mod11_2(d)), { numRuns: 20000 });
});

test('id.resident: every well-formed number with a real past birth date passes, with its birth date and sex', () => {
  fc.assert(fc.property(validId, ({ id, birthDate, male }) => {
    const r = checkIdNumber(id, TODAY);
    return r.ok && r.facts.birthDate === birthDate && r.facts.sex === (male ? 'male' : 'female');
  }), { numRuns: 5000 });
});

test('id.resident: any single wrong character is caught', () => {
  fc.assert(fc.property(validId, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), ({ id }, pos, shift) => {
    const alphabet = '0123456789X';
    const old = id[pos]!;
    const next = alphabet[(alphabet.indexOf(old) + shift) % 11]!;
    const bad = id.slice(0, pos) + next + id.slice(pos + 1);
    return !checkIdNumber(bad, TODAY).ok;
  }), { numRuns: 10000 });
});

test('id.resident: swapping two different adjacent digits is caught', () => {
  fc.assert(fc.property(validId, fc.integer({ min: 0, max: 16 }), ({ id }, pos) => {
    fc.pre(id[pos] !== id[pos + 1]);
    const bad = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
    return !checkIdNumber(bad, TODAY).ok;
  }), { numRuns: 10000 });
});

test('id.resident: a birth date that does not exist, or lies in the future, is refused', () => {
  const make = (d: string) => { const f = `350203${d}001`; return f + mod11_2(f); };
  assert.deepEqual(checkIdNumber(make('19990230'), TODAY), { ok: false, problem: 'birthDate' });
  assert.deepEqual(checkIdNumber(make('20250701'), TODAY), { ok: false, problem: 'futureBirthDate' });
  assert.equal(checkIdNumber(make('20250630'), TODAY).ok, true);
  assert.deepEqual(checkIdNumber('35020319990101001', TODAY), { ok: false, problem: 'format' });
});

const withId = (claimant: CaseFile['claimant'], newborn?: CaseFile['newborn']): CaseFile =>
  ({ format: 'claimdesk/case@1', category: 'noCard', scheme: 'employee', filedOn: TODAY, claimant, ...(newborn ? { newborn } : {}) });
const idFindings = (c: CaseFile) => evaluate(c, xiamenPack, { today: TODAY }).findings.filter((f) => f.rule === 'id.resident');

test('id.resident: a case with a wrong check digit gets an error at claimant.idNumber', () => {
  const f = idFindings(withId({ name: '张三', idNumber: '110105194912310021' }));
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['error', 'claimant.idNumber']]);
  assert.match(f[0]!.message['zh-CN'], /校验位/);
});

test('id.resident: a recorded sex or birth date that differs from the ID number is a warning', () => {
  const f = idFindings(withId({ name: '张三', idNumber: '11010519491231002X', sex: 'male', birthDate: '1949-12-30' }));
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['warning', 'claimant.sex'], ['warning', 'claimant.birthDate']]);
  assert.deepEqual(idFindings(withId({ name: '张三', idNumber: '11010519491231002X', sex: 'female', birthDate: '1949-12-31' })), []);
});

test("id.resident: the newborn's parent ID number is checked too; a missing claimant ID is asked for", () => {
  const f = idFindings(withId({ name: '张三' }, { parentIdNumber: '110105194912310021' }));
  assert.deepEqual(f.map((x) => [x.level, x.at]), [['error', 'newborn.parentIdNumber'], ['warning', 'claimant.idNumber']]);
});

// id.resident: newborn.parent records the parent's sex beside an ID number that states it. A
// father whose number says female (or a mother whose number says male) printed 与新生儿关系
// 父亲 next to a woman's name and ID number on the voucher sheet, and check said complete.
test("id.resident: a newborn's parent recorded as father with a woman's ID number (or mother with a man's) is an error at newborn.parent", () => {
  const woman = idNumber('35020319920304002'); // 17th digit 2: female
  const man = idNumber('35020319900512011'); // 17th digit 1: male
  const newbornCase = (claimantId: string, newborn: NonNullable<CaseFile['newborn']>): CaseFile =>
    ({ ...withId({ name: '王芳', idNumber: claimantId }, { sex: 'male', birthDate: '2025-03-01', ...newborn }), category: 'newborn' });
  const relationFindings = (c: CaseFile) => idFindings(c).filter((f) => f.at === 'newborn.parent');

  // Contradictions: the claimant is the parent (no parentIdNumber), or the parent's own number is given.
  const cases: [string, CaseFile, RegExp][] = [
    ['father, the claimant a woman', newbornCase(woman, { parent: 'father' }), /“父亲”.*参保人.*女性/],
    ['father, his own number a woman\'s', newbornCase(man, { parent: 'father', parentName: '王芳', parentIdNumber: woman }), /“父亲”.*父（母）亲的身份证号.*女性/],
    ['mother, the claimant a man', newbornCase(man, { parent: 'mother' }), /“母亲”.*参保人.*男性/],
    ['mother, her own number a man\'s', newbornCase(woman, { parent: 'mother', parentName: '李强', parentIdNumber: man }), /“母亲”.*父（母）亲的身份证号.*男性/],
  ];
  for (const [label, c, zh] of cases) {
    const f = relationFindings(c);
    assert.deepEqual(f.map((x) => [x.rule, x.level, x.at]), [['id.resident', 'error', 'newborn.parent']], label);
    assert.match(f[0]!.message['zh-CN'], zh, label);
    assert.match(f[0]!.message.en, c.newborn!.parent === 'father' ? /recorded as the father.*states a woman/ : /recorded as the mother.*states a man/, label);
    assert.equal(evaluate(c, xiamenPack, { today: TODAY }).complete, false, `${label}: not complete`);
  }

  // Consistent: the relation matches the number that stands beside it.
  const clean: [string, CaseFile][] = [
    ['mother, the claimant a woman', newbornCase(woman, { parent: 'mother' })],
    ['father, the claimant a man', newbornCase(man, { parent: 'father' })],
    ['father with his own number, the mother claims', newbornCase(woman, { parent: 'father', parentName: '李强', parentIdNumber: man })],
    ['mother with her own number, the father claims', newbornCase(man, { parent: 'mother', parentName: '王芳', parentIdNumber: woman })],
    // Another parent named without a number: the claimant's number is not that parent's (the sheet prints 未填写).
    ['father named, no number, the mother claims', newbornCase(woman, { parent: 'father', parentName: '李强' })],
    ['relation not recorded', newbornCase(woman, {})],
  ];
  for (const [label, c] of clean) assert.deepEqual(relationFindings(c), [], label);
  // Outside the newborn category no voucher sheet prints the relation.
  assert.deepEqual(relationFindings({ ...newbornCase(woman, { parent: 'father' }), category: 'noCard' }), []);
});
