// packages.build through the service: the PDF lands in the data directory, whole, with its
// attachments, and the case records it; a vanished scan fails the package and changes nothing.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { makeService, idNumber, REPO_ROOT } from '../support/temp.ts';
import type { CaseRecord } from '../../shared/contract.ts';

const scan = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'scans', 'birth-certificate.jpg'));

test('a built package is stored in packages/, hashed, read back, and lists the Chinese name and 大写 total', async () => {
  const s = makeService();
  const created = await s.dispatch('cases.create', { category: 'newborn', claimant: { name: '张丽', idNumber: idNumber('35020319900512042') } });
  assert.ok(created.ok);
  const { number } = created.value as CaseRecord;
  assert.ok((await s.dispatch('expenses.add', { number, line: { date: '2026-10-02', institution: '厦门市妇幼保健院', kind: 'inpatient', amountFen: 140950, nameOnVoucher: '张丽之子' } })).ok);
  assert.ok((await s.dispatch('attachments.add', { number, materialId: 'birth-certificate', fileName: '出生医学证明.jpg', base64: scan.toString('base64') })).ok);
  const built = await s.dispatch('packages.build', { number });
  assert.ok(built.ok, JSON.stringify(built));
  const info = built.value as { fileName: string; pages: number; bytes: number; sha256: string; unprintable: string[] };
  assert.deepEqual(info.unprintable, [], 'every character printed');
  const file = path.join(s.paths.packages, info.fileName);
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.length, info.bytes);
  assert.equal(crypto.createHash('sha256').update(bytes).digest('hex'), info.sha256);
  const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
  assert.ok(text.includes('张丽'));
  assert.ok(text.includes('壹仟肆佰零玖元伍角'));
  // the scan went in byte for byte
  const dir = fs.mkdtempSync(path.join(s.paths.dir, 'img-'));
  spawnSync('pdfimages', ['-all', file, path.join(dir, 'i')]);
  const hashes = fs.readdirSync(dir).map((f) => crypto.createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex'));
  assert.ok(hashes.includes(crypto.createHash('sha256').update(scan).digest('hex')));
  const read = await s.dispatch('packages.read', { number });
  assert.ok(read.ok);
  assert.deepEqual(Buffer.from((read.value as { base64: string }).base64, 'base64'), bytes);
  const rec = await s.dispatch('cases.get', { number });
  assert.ok(rec.ok);
  assert.equal((rec.value as CaseRecord).package?.sha256, info.sha256);
  s.close();
});

test('a name character no font has is reported by packages.build (and kept in the audit trail); the package is still built', async () => {
  const s = makeService();
  const created = await s.dispatch('cases.create', { category: 'newborn', claimant: { name: '吉𱍐', idNumber: idNumber('35020319900512042') } });
  assert.ok(created.ok);
  const { number } = created.value as CaseRecord;
  const built = await s.dispatch('packages.build', { number });
  assert.ok(built.ok, JSON.stringify(built));
  assert.deepEqual((built.value as { unprintable: string[] }).unprintable, ['𱍐']);
  const detail = (s.db.prepare(`SELECT detail FROM audit_events WHERE action = 'package.build'`).get() as { detail: string }).detail;
  assert.deepEqual((JSON.parse(detail) as { unprintable?: string[] }).unprintable, ['𱍐']);
  s.close();
});

test('a stored scan that vanished or was altered fails the package with a message naming it, and changes nothing', async () => {
  const s = makeService();
  const created = await s.dispatch('cases.create', { category: 'newborn', claimant: { name: '张丽', idNumber: idNumber('35020319900512042') } });
  assert.ok(created.ok);
  const { number } = created.value as CaseRecord;
  const added = await s.dispatch('attachments.add', { number, materialId: 'birth-certificate', fileName: '出生医学证明.jpg', base64: scan.toString('base64') });
  assert.ok(added.ok);
  const sha = (added.value as CaseRecord).attachments[0]!.sha256;
  const stored = s.store.pathOf(sha);
  // Gone, then back but altered (one byte changed): both are caught when the package reads it.
  const damages: [() => void, RegExp][] = [
    [() => fs.rmSync(stored), /出生医学证明\.jpg: the file is not there any more \(moved, renamed or deleted/],
    [() => { const b = Buffer.from(scan); const at = b.length >> 1; b[at] = b[at]! ^ 0xff; fs.writeFileSync(stored, b); }, /出生医学证明\.jpg: .*has been altered/],
  ];
  for (const [damage, message] of damages) {
    damage();
    const events = (s.db.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number }).n;
    const r = await s.dispatch('packages.build', { number });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.code, 'package_failed');
      assert.match(r.error.message, message);
      // Said for a screen to word: which file, and why.
      assert.equal(r.error.file, '出生医学证明.jpg');
      assert.equal(r.error.reason, 'missing');
    }
    assert.deepEqual(fs.readdirSync(s.paths.packages), [], 'no package, and no temporary file left');
    assert.equal((s.db.prepare('SELECT COUNT(*) AS n FROM audit_events').get() as { n: number }).n, events);
    assert.equal((s.db.prepare('SELECT COUNT(*) AS n FROM packages').get() as { n: number }).n, 0);
  }
  s.close();
});
