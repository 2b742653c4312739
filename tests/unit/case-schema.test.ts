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
