// docs/policy.md is generated from the pack (npm run docs:policy) and must not drift from it.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { defaultPack, renderPolicyDocs } from '../../shared/policy/index.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

test('policy.pack: docs/policy.md is up to date with the pack (run npm run docs:policy)', () => {
  assert.equal(fs.readFileSync(path.join(root, 'docs', 'policy.md'), 'utf8'), renderPolicyDocs(defaultPack()));
});

test('policy.pack: docs/policy.md lists every category, material, rule and parameter of the pack', () => {
  const pack = defaultPack();
  const md = renderPolicyDocs(pack);
  for (const c of pack.categories) {
    assert.ok(md.includes(`(\`${c.id}\`)`), c.id);
    for (const m of c.materials) assert.ok(md.includes(`\`${m.id}\``), m.id);
  }
  for (const r of pack.rules) assert.ok(md.includes(`\`${r.id}\``), r.id);
  for (const name of Object.keys(pack.parameters)) assert.ok(md.includes(`\`${name}\``), name);
  assert.match(md, /`cov\.retireYears\.male` \| `cov\.retire` \| years \| — \| not configured/);
});

test('policy.pack: every rule id has unit tests named by it', () => {
  const dir = path.join(root, 'tests', 'unit');
  const sources = fs.readdirSync(dir).filter((f) => /^(rules|policy)-.*\.test\.ts$/.test(f)).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
  for (const r of defaultPack().rules) {
    const named = new RegExp(`test\\((['"\`])${r.id.replace(/\./g, '\\.')}: `);
    assert.ok(named.test(sources), `no test named '${r.id}: …'`);
  }
});
