// Hostile and malformed files: each is refused with a message naming what is wrong, nothing
// is written, and memory stays bounded (a 2 GB file is never read into memory; a zip bomb is
// refused from its central directory, or stopped at its declared size).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { spawnSync } from 'node:child_process';
import { makeService, tempDir, idNumber, REPO_ROOT } from '../support/temp.ts';
import { SCAN_JPEG, logicalDump, writeCaseFile } from '../support/data.ts';
import { importBundle, BundleError, BUNDLE_LIMITS } from '../../electron/core/bundle.ts';
import { restoreBackup, BackupError } from '../../electron/core/backup.ts';
import { readCaseFileAttachments } from '../../electron/core/caseImport.ts';
import { readCaseFile, CaseFileError } from '../../electron/core/caseFiles.ts';
import { checkAttachmentBytes } from '../../electron/core/files/fileChecks.ts';
import type { CaseRecord } from '../../shared/contract.ts';

interface RawEntry { name: string; data: Buffer; method?: 0 | 8; declaredSize?: number; crc?: number }

/** A zip written byte by byte, so that it may lie (sizes, counts, names) as an attacker's would. */
function rawZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const method = e.method ?? 0;
    const compressed = method === 8 ? zlib.deflateRawSync(e.data) : e.data;
    const crc = e.crc ?? zlib.crc32(e.data);
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc >>> 0, 14); local.writeUInt32LE(compressed.length, 18); local.writeUInt32LE(size, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(0x0800, 8); central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc >>> 0, 16); central.writeUInt32LE(compressed.length, 20); central.writeUInt32LE(size, 24); central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += 30 + name.length + compressed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A sparse file of `size` bytes (no disk used) that starts with `head`. */
function sparse(file: string, size: number, head: Buffer = Buffer.alloc(0)): string {
  const fd = fs.openSync(file, 'w');
  if (head.length) fs.writeSync(fd, head, 0, head.length, 0);
  fs.ftruncateSync(fd, size);
  fs.closeSync(fd);
  return file;
}

/** Run `fn` and measure how much the resident set grew at its highest. */
async function peakGrowth<T>(fn: () => Promise<T>): Promise<{ value: T | Error; growthMb: number }> {
  globalThis.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  let value: T | Error;
  try { value = await fn(); } catch (err) { value = err as Error; }
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { value, growthMb: (peak - base) / 1024 / 1024 };
}

const TWO_GB = 2 * 1024 * 1024 * 1024;

test('malformed attachments are refused with a message: truncated JPEG, broken PDF xref, 0 bytes, not an image', async () => {
  const s = makeService();
  const created = await s.dispatch('cases.create', { category: 'newborn', claimant: { name: '张丽', idNumber: idNumber('35020319900512042') } });
  assert.ok(created.ok);
  const number = (created.value as CaseRecord).number;
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n97\n%%EOF\n', 'latin1');
  const xrefAt = pdf.indexOf('xref\n0 3');
  const whole = Buffer.from(pdf.toString('latin1').replace('startxref\n97', `startxref\n${xrefAt}`), 'latin1');
  assert.deepEqual(checkAttachmentBytes(whole), { ok: true, mime: 'application/pdf' }, 'a whole PDF is accepted');
  const bad: [string, Buffer, RegExp][] = [
    ['truncated.jpg', SCAN_JPEG.subarray(0, 20_000), /JPEG is truncated/],
    ['broken-xref.pdf', pdf, /cross-reference/],
    ['xref-to-nothing.pdf', Buffer.from(whole.toString('latin1').replace('0000000009 00000 n', '0000000003 00000 n'), 'latin1'), /cross-reference table points at no object/],
    ['no-startxref.pdf', Buffer.from(whole.toString('latin1').replace(/startxref\n\d+\n/, ''), 'latin1'), /startxref/],
    ['empty.jpg', Buffer.alloc(0), /empty/],
    ['text.jpg', Buffer.from('just text'), /not a JPEG, PNG or PDF/],
  ];
  const before = logicalDump(s.db);
  for (const [fileName, bytes, reason] of bad) {
    const r = await s.dispatch('attachments.add', { number, materialId: 'birth-certificate', fileName, base64: bytes.toString('base64') });
    assert.equal(r.ok, false, fileName);
    if (!r.ok) {
      assert.equal(r.error.code, 'invalid_request', fileName);
      assert.match(r.error.message, reason, fileName);
      assert.ok(r.error.message.includes(fileName), r.error.message);
    }
  }
  assert.equal(logicalDump(s.db), before);
  assert.deepEqual([...s.store.hashes()], []);
  s.close();
});

test('zip bombs in a bundle are refused before anything is inflated, or stopped at their declared size', async () => {
  const s = makeService();
  const before = logicalDump(s.db);
  const zeros = Buffer.alloc(48 * 1024 * 1024);
  const bombs: [string, Buffer, RegExp][] = [
    // one entry of 48 MB of zeros (~47 KB compressed): over the per-entry cap
    ['one big entry', rawZip([{ name: 'manifest.json', data: Buffer.from('{}') }, { name: 'a/zeros.jpg', data: zeros, method: 8 }]), /bytes uncompressed; at most/],
    // the same compressed data declared again and again: over the total cap
    ['many entries adding up', rawZip([{ name: 'manifest.json', data: Buffer.from('{}') },
      ...Array.from({ length: 60 }, (_, i) => ({ name: `a/${i}.jpg`, data: Buffer.alloc(39 * 1024 * 1024 / 64), method: 8 as const, declaredSize: 39 * 1024 * 1024 }))]), /bytes uncompressed; refused \(a zip bomb\?\)/],
    // an entry that lies: declares 1 KB, inflates to 48 MB
    ['declared size lies', rawZip([{ name: 'manifest.json', data: zeros, method: 8, declaredSize: 1024 }]), /too many bytes/],
    // more entries than a bundle may hold
    ['too many entries', rawZip(Array.from({ length: BUNDLE_LIMITS.maxEntries + 1 }, (_, i) => ({ name: `e${i}`, data: Buffer.alloc(0) }))), /entries; at most/],
    // a manifest that is not a bundle's (and a CRC that does not match: the SHA-256s are what count)
    ['not a bundle manifest', rawZip([{ name: 'manifest.json', data: Buffer.from('{"format":"claimdesk/bundle@1"}'), crc: 1 }]), /manifest|not a ClaimDesk/],
  ];
  for (const [what, bytes, message] of bombs) {
    const { value, growthMb } = await peakGrowth(() => importBundle(s, bytes, { label: what }));
    assert.ok(value instanceof BundleError, `${what}: ${String(value)}`);
    assert.match((value as Error).message, message, what);
    assert.ok(growthMb < 150, `${what}: memory grew by ${growthMb.toFixed(0)} MB`);
    const viaContract = await s.dispatch('bundles.import', { base64: bytes.toString('base64') });
    assert.ok(!viaContract.ok && viaContract.error.code === 'invalid_request', what);
  }
  assert.equal(logicalDump(s.db), before);
  s.close();
});

test('a 2 GB file (sparse) is refused without being read: as a bundle, a backup, a scan, a case file', async (t) => {
  const dir = tempDir('claimdesk-hostile-');
  const s = makeService();
  const before = logicalDump(s.db);
  const zipLike = sparse(path.join(dir, 'huge.zip'), TWO_GB, Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  const bundle = await peakGrowth(() => importBundle(s, zipLike));
  assert.ok(bundle.value instanceof BundleError, String(bundle.value));
  assert.match((bundle.value as Error).message, /not a zip file|damaged/);
  const backup = await peakGrowth(() => restoreBackup(s, zipLike));
  assert.ok(backup.value instanceof BackupError, String(backup.value));
  // a case file naming a 2 GB scan
  const { file } = writeCaseFile(dir, 1, 'huge');
  sparse(path.join(dir, 'scans', 'case-00001.jpg'), TWO_GB, SCAN_JPEG.subarray(0, 4));
  const scan = await peakGrowth(async () => readCaseFileAttachments(readCaseFile(file), file));
  assert.ok(scan.value instanceof CaseFileError, String(scan.value));
  assert.match((scan.value as Error).message, /case-00001\.jpg is 2147483648 bytes; at most/);
  // a 2 GB "case file"
  const hugeJson = sparse(path.join(dir, 'huge.json'), TWO_GB - 4096, Buffer.from('{"format":'));
  const caseFile = await peakGrowth(async () => readCaseFile(hugeJson));
  assert.ok(caseFile.value instanceof CaseFileError, String(caseFile.value));
  assert.match((caseFile.value as Error).message, /a case file may be at most/);
  for (const [what, r] of [['bundle', bundle], ['backup', backup], ['scan', scan], ['case file', caseFile]] as const) {
    assert.ok(r.growthMb < 150, `${what}: memory grew by ${r.growthMb.toFixed(0)} MB`);
  }
  t.diagnostic(`2 GB sparse files: memory grew at most ${Math.max(bundle.growthMb, backup.growthMb, scan.growthMb, caseFile.growthMb).toFixed(1)} MB`);
  assert.equal(logicalDump(s.db), before);
  // the CLI says so and exits 2
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  const data = tempDir();
  for (const args of [['import', zipLike], ['restore', zipLike], ['import', file], ['import', hugeJson]]) {
    const r = cli([...args, '--data', data]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.length > 0 && r.stderr.length < 2000, r.stderr);
  }
  s.close();
});

test('0-byte files: a bundle, a backup, a case file, a scan', async () => {
  const dir = tempDir();
  const s = makeService();
  const empty = path.join(dir, 'empty.zip');
  fs.writeFileSync(empty, '');
  await assert.rejects(importBundle(s, empty), /empty \(0 bytes\)/);
  await assert.rejects(restoreBackup(s, empty), /empty \(0 bytes\)/);
  const emptyJson = path.join(dir, 'empty.json');
  fs.writeFileSync(emptyJson, '');
  assert.throws(() => readCaseFile(emptyJson), /not valid JSON/);
  const { file } = writeCaseFile(dir, 2, 'zero');
  fs.writeFileSync(path.join(dir, 'scans', 'case-00002.jpg'), '');
  await assert.rejects(readCaseFileAttachments(readCaseFile(file), file), /case-00002\.jpg: the file is empty/);
  const viaContract = await s.dispatch('bundles.import', { base64: '' });
  assert.ok(!viaContract.ok && viaContract.error.field === 'base64');
  s.close();
});
