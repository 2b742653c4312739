// A scan that vanished or cannot be read is named, and said in words a clerk or an HR officer
// understands ("not there any more", "a folder, not a file"), never by the system's code alone.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT, makeService, idNumber, tempDir } from '../support/temp.ts';
import { loadCaseAttachments, readCaseFile } from '../../electron/core/caseFiles.ts';
import { evaluate } from '../../shared/rules/evaluate.ts';
import { defaultPack } from '../../shared/policy/index.ts';
import { PackageError, writePackage } from '../../electron/core/pdf/index.ts';
import type { CaseRecord } from '../../shared/contract.ts';

const cli = path.join(REPO_ROOT, 'dist', 'electron', 'cli.js');

/** The built CLI, as an HR officer runs it. */
function claimdesk(args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The newborn example in a folder of its own, with its scans: its case file. */
function newbornCase(): string {
  const dir = tempDir('claimdesk-gone-');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(dir, 'scans'), { recursive: true });
  fs.copyFileSync(path.join(REPO_ROOT, 'examples', 'newborn-unnamed.json'), path.join(dir, 'case.json'));
  return path.join(dir, 'case.json');
}

// The newborn example's second material's scan (materials[1].files[0]).
const SCAN = 'scans/ss-card.jpg';
const NOT_THERE = /not there any more \(moved, renamed or deleted/;

test('check and package: a scan deleted after a good check is named, and said to be gone in words, not ENOENT', () => {
  assert.ok(fs.existsSync(cli), 'dist/ is built (npm run build)');
  const file = newbornCase();
  const first = claimdesk(['check', file]);
  assert.notEqual(first.code, 2, first.stderr);
  fs.rmSync(path.join(path.dirname(file), SCAN));
  const out = path.join(path.dirname(file), 'case.pdf');
  for (const [verb, r] of [['check', claimdesk(['check', file])], ['package', claimdesk(['package', file, '--out', out])]] as const) {
    assert.equal(r.code, 2, `${verb}: ${r.stderr}`);
    // Which case file, which field, which scan, and what happened to it.
    assert.match(r.stderr, /case\.json: materials\[1\]\.files\[0\]: attachment scans\/ss-card\.jpg: the file is not there any more/, verb);
    assert.match(r.stderr, NOT_THERE, verb);
    assert.doesNotMatch(r.stderr, /ENOENT/, verb);
  }
  assert.equal(fs.existsSync(out), false, 'no package written');
});

test('package builder: a scan deleted, or replaced by a folder, after it was checked is named and said in words', async () => {
  const pack = defaultPack();
  const damages: [string, (scan: string) => void, RegExp][] = [
    ['deleted', (scan) => fs.rmSync(scan), NOT_THERE],
    ['a folder', (scan) => { fs.rmSync(scan); fs.mkdirSync(scan); }, /it is a folder, not a file/],
  ];
  for (const [what, damage, words] of damages) {
    const file = newbornCase();
    const caseFile = readCaseFile(file);
    // Checked and listed (as `package` does before the build), then gone before the builder reads it.
    const attachments = await loadCaseAttachments(caseFile, file, pack);
    damage(path.join(path.dirname(file), SCAN));
    const out = path.join(path.dirname(file), 'case.pdf');
    await assert.rejects(
      writePackage({ number: 'CD-20240710-0001', caseFile, evaluation: evaluate(caseFile, pack, { today: '2024-07-10' }), pack, attachments, preparedOn: '2024-07-10' }, out),
      (e: unknown) => {
        assert.ok(e instanceof PackageError, String(e));
        assert.equal(e.code, 'missing', what); // the reason the app's screens word in Chinese
        assert.match(e.message, /^materials\[1\]\.files\[0\]: attachment scans\/ss-card\.jpg: /, what);
        assert.match(e.message, words, what);
        assert.doesNotMatch(e.message, /ENOENT|EISDIR/, what);
        return true;
      },
    );
    assert.equal(fs.existsSync(out), false, what);
  }
});

test('check: a scan the user may not read is said to be without permission (skipped as root: root reads it anyway)', { skip: os.userInfo().uid === 0 }, () => {
  const file = newbornCase();
  fs.chmodSync(path.join(path.dirname(file), SCAN), 0o000);
  const r = claimdesk(['check', file]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /attachment scans\/ss-card\.jpg: no permission to read it/);
  assert.doesNotMatch(r.stderr, /EACCES/);
});

test('attachments.read: a stored copy gone from the data folder names the file (not an internal error)', async () => {
  const s = makeService();
  const created = await s.dispatch('cases.create', { category: 'newborn', claimant: { name: '张丽', idNumber: idNumber('35020319900512042') } });
  assert.ok(created.ok);
  const { number } = created.value as CaseRecord;
  const scan = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'scans', 'birth-certificate.jpg'));
  const added = await s.dispatch('attachments.add', { number, materialId: 'birth-certificate', fileName: '出生医学证明.jpg', base64: scan.toString('base64') });
  assert.ok(added.ok);
  const stored = (added.value as CaseRecord).attachments[0]!;
  fs.rmSync(s.store.pathOf(stored.sha256));
  const r = await s.dispatch('attachments.read', { number, attachmentId: stored.id });
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.error.code, 'not_found');
    assert.match(r.error.message, /出生医学证明\.jpg: .*not there any more.*remove the attachment and add the file again/);
    assert.equal(r.error.file, '出生医学证明.jpg');
  }
  s.close();
});
