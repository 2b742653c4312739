import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { caseJsonSchema, SCHEMA_FILE } from '../tools/gen-case-schema.ts';
import { caseFileSchema } from '../../shared/model/case.ts';

test('schema/case.schema.json is generated from the zod schema (run npm run schema)', () => {
  assert.equal(fs.readFileSync(SCHEMA_FILE, 'utf8'), caseJsonSchema());
});

test('every example case file is a valid case file', () => {
  const dir = path.resolve(import.meta.dirname, '..', '..', 'examples');
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const r = caseFileSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    assert.ok(r.success, `${f}: ${r.success ? '' : JSON.stringify(r.error.issues[0])}`);
  }
});

// A name or institution with a control character or a direction mark prints wrong on the
// cover; half a surrogate pair is stored as U+FFFD, so the text would come back changed.
// Refused with the field named, as every other bad field is.
test('text with control characters, direction marks or half a surrogate pair is refused, naming the field', () => {
  const base = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'examples', 'transfer-urgent.json'), 'utf8'));
  const issue = (mutate: (c: any) => void) => {
    const c = structuredClone(base);
    mutate(c);
    const r = caseFileSchema.safeParse(c);
    return r.success ? null : { path: r.error.issues[0]!.path.join('.'), message: r.error.issues[0]!.message };
  };
  const bad: [string, (c: any) => void, string][] = [
    ['claimant.name', (c) => { c.claimant.name = '张\u0007三'; }, 'control'],
    ['claimant.name', (c) => { c.claimant.name = '张\n三'; }, 'control'],
    ['claimant.employer', (c) => { c.claimant.employer = '厦门\u202e司公限有'; }, 'control'],
    ['claimant.name', (c) => { c.claimant.name = '张\ufeff三'; }, 'control'], // (at either end it is trimmed as white space)
    ['expenses.0.institution', (c) => { c.expenses[0].institution = '厦门大学附属第一医院\u0085'; }, 'control'],
    ['expenses.0.item', (c) => { c.expenses[0].item = '胃镜\ud800检查'; }, 'surrogate'],
    ['claimant.name', (c) => { c.claimant.name = '张\udc00'; }, 'surrogate'],
    // Noncharacters: U+FFFE/U+FFFF cannot be written into an XLSX sheet at all (XML 1.0 forbids them).
    ['claimant.name', (c) => { c.claimant.name = '王\uffff明'; }, 'control'],
    ['claimant.employer', (c) => { c.claimant.employer = '厦门某\ufffe公司'; }, 'control'],
    ['expenses.0.item', (c) => { c.expenses[0].item = '胃镜\ufdd0检查'; }, 'control'],
  ];
  for (const [field, mutate, kind] of bad) {
    const got = issue(mutate);
    assert.ok(got, `${field} (${kind}) was accepted`);
    assert.equal(got.path, field);
    assert.match(got.message, kind === 'control' ? /control characters/ : /surrogate/);
  }
  // What is fine: a character outside the BMP (a whole pair), and line breaks in a material's note.
  assert.equal(issue((c) => { c.claimant.name = '𠮷野家'; }), null);
  assert.equal(issue((c) => { c.materials[0].note = '原件两页\n复印件一页'; }), null);
  assert.ok(issue((c) => { c.materials[0].note = '原件\u202e两页'; }));
});

test('a material listed twice is refused, naming the second entry: which one counted depended on their order', () => {
  const c = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'examples', 'transfer-urgent.json'), 'utf8'));
  c.materials.push({ ...c.materials[0], status: 'missing' });
  const r = caseFileSchema.safeParse(c);
  assert.equal(r.success, false);
  if (!r.success) {
    assert.equal(r.error.issues[0]!.path.join('.'), `materials.${c.materials.length - 1}.id`);
    assert.match(r.error.issues[0]!.message, /listed twice \(also materials\[0\]\)/);
  }
});

// money.words: totals and 大写 are computed from integer fen. A case whose lines add up past
// 2^53 fen (each line within its own bound of 10^13) got a capped total beside a true 大写 and
// could not be packaged; the schema refuses it, naming expenses and the bound.
test('money.words: expenses adding up to more than 10^13 fen are refused at expenses, with the true total', () => {
  const c = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', '..', 'examples', 'transfer-urgent.json'), 'utf8'));
  const line = (amountFen: number, i: number) => ({ ...c.expenses[0], invoiceNo: String(i).padStart(10, '0'), amountFen });
  const parse = (amounts: number[]) => caseFileSchema.safeParse({ ...c, expenses: amounts.map(line) });
  // The tester's case: 901 lines of 10^13 fen and one of 1 fen, past 2^53.
  const huge = parse([...Array.from({ length: 901 }, () => 1e13), 1]);
  assert.equal(huge.success, false);
  if (!huge.success) {
    assert.equal(huge.error.issues[0]!.path.join('.'), 'expenses');
    assert.match(huge.error.issues[0]!.message, /9010000000000001 fen over 902 lines.*at most 10\^13 fen/);
  }
  // Just over the bound (still a safe integer) is refused too; exactly at it is a valid case.
  assert.equal(parse([1e13, 1]).success, false);
  assert.equal(parse([1e13 - 1, 1]).success, true);
  assert.equal(parse([1e13]).success, true);
});
