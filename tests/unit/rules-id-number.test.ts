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
