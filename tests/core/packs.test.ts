// Administrator-loaded policy packs: valid ones are used from their effective date, a
// broken one is refused with a message naming the file.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { xiamenPackData } from '../../shared/policy/index.ts';
import { loadPacks, packInForce } from '../../electron/core/packs.ts';
import { makeService, tempDir, idNumber } from '../support/temp.ts';
import type { CaseRecord } from '../../shared/contract.ts';

function writePack(dir: string, name: string, value: unknown): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), JSON.stringify(value));
}

test('a pack file in packs/ is used for cases filed on or after its effective date, and recorded with the case', async () => {
  const dataDir = tempDir();
  const next = { ...structuredClone(xiamenPackData), version: '2027.1', effectiveFrom: '2027-01-01' };
  writePack(path.join(dataDir, 'packs'), 'xiamen-2027.json', next);
  const s = makeService({ dataDir });
  const claimant = { name: '李娜', idNumber: idNumber('35020319880808002') };
  const before = await s.dispatch('cases.create', { category: 'outage', filedOn: '2026-12-31', claimant });
  const after = await s.dispatch('cases.create', { category: 'outage', filedOn: '2027-01-01', claimant });
  assert.ok(before.ok && after.ok);
  assert.equal((before.value as CaseRecord).pack.version, xiamenPackData.version);
  assert.equal((after.value as CaseRecord).pack.version, '2027.1');
  assert.equal((after.value as CaseRecord).evaluation.pack.version, '2027.1');
  s.close();
});

test('a broken pack file is refused with a message naming the file and the field; the shipped pack stays', () => {
  const dir = path.join(tempDir(), 'packs');
  const broken = structuredClone(xiamenPackData) as { categories: unknown[] };
  broken.categories = [];
  writePack(dir, 'broken.json', broken);
  fs.writeFileSync(path.join(dir, 'garbage.json'), '{ not json');
  const loaded = loadPacks(dir);
  assert.equal(loaded.packs.length, 1);
  assert.equal(loaded.refused.length, 2);
  assert.match(loaded.refused[0]!, /broken\.json: .*categor/);
  assert.match(loaded.refused[1]!, /garbage\.json/);
  assert.equal(packInForce(loaded.packs, '2026-11-27').id, 'xiamen');
});

test('claimdesk check evaluates a case file with the data directory’s pack in force on its filing date', async () => {
  const { spawnSync } = await import('node:child_process');
  const { REPO_ROOT } = await import('../support/temp.ts');
  const dataDir = tempDir();
  writePack(path.join(dataDir, 'packs'), 'xiamen-2027.json', { ...structuredClone(xiamenPackData), version: '2027.1', effectiveFrom: '2027-01-01' });
  const example = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'outage-card-not-settled.json'), 'utf8')) as Record<string, unknown>;
  const dir = tempDir();
  const run = (filedOn: string) => {
    const file = path.join(dir, `${filedOn}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...example, filedOn, materials: [] }));
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), 'check', file, '--data', dataDir], { cwd: REPO_ROOT, encoding: 'utf8' });
    return (JSON.parse(r.stdout) as { pack: { version: string } }).pack.version;
  };
  assert.equal(run('2026-12-31'), xiamenPackData.version);
  assert.equal(run('2027-01-02'), '2027.1');
});
