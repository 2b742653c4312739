// Attachments: stored by the core, by content hash; refused when not a whole JPEG/PNG/PDF.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { makeService, idNumber, REPO_ROOT, tempDir } from '../support/temp.ts';
import type { CaseRecord } from '../../shared/contract.ts';
import { AttachmentStore } from '../../electron/core/files/attachmentStore.ts';
import { ReadBuffer, readFileInto } from '../../electron/core/files/readBuffer.ts';

const jpeg = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'scans', 'birth-certificate.jpg'));
const png = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'scans', 'outage-invoice.png'));

async function newCase(s: ReturnType<typeof makeService>): Promise<string> {
  const r = await s.dispatch('cases.create', { category: 'newborn', claimant: { name: '张丽', idNumber: idNumber('35020319900512042') } });
  assert.ok(r.ok);
  return (r.value as CaseRecord).number;
}

test('an attached scan is stored once by its SHA-256, listed in order, and marks the material provided', async () => {
  const s = makeService();
  const number = await newCase(s);
  const add = (fileName: string, bytes: Buffer) => s.dispatch('attachments.add', { number, materialId: 'birth-certificate', fileName, base64: bytes.toString('base64') });
  assert.ok((await add('出生证明-正面.jpg', jpeg)).ok);
  const r = await add('出生证明-背面.png', png);
  assert.ok(r.ok);
  const rec = r.value as CaseRecord;
  assert.deepEqual(rec.attachments.map((a) => [a.fileName, a.position, a.mime]), [
    ['出生证明-正面.jpg', 1, 'image/jpeg'], ['出生证明-背面.png', 2, 'image/png'],
  ]);
  const stored = rec.attachments[0]!;
  assert.deepEqual(fs.readFileSync(s.store.pathOf(stored.sha256)), jpeg);
  assert.equal(rec.case.materials?.find((m) => m.id === 'birth-certificate')?.status, 'provided');
  // the same bytes again are stored once
  assert.ok((await add('copy.jpg', jpeg)).ok);
  const files = fs.readdirSync(path.join(s.paths.attachments, stored.sha256.slice(0, 2)));
  assert.deepEqual(files, [stored.sha256]);
  // reorder and read back
  const moved = await s.dispatch('attachments.move', { number, attachmentId: rec.attachments[1]!.id, position: 1 });
  assert.ok(moved.ok);
  assert.deepEqual((moved.value as CaseRecord).attachments.map((a) => a.fileName), ['出生证明-背面.png', '出生证明-正面.jpg', 'copy.jpg']);
  const read = await s.dispatch('attachments.read', { number, attachmentId: stored.id });
  assert.ok(read.ok);
  assert.deepEqual(Buffer.from((read.value as { base64: string }).base64, 'base64'), jpeg);
  s.close();
});

test('removing the last file of a material marks it missing again', async () => {
  const s = makeService();
  const number = await newCase(s);
  const r = await s.dispatch('attachments.add', { number, materialId: 'birth-certificate', fileName: 'b.jpg', base64: jpeg.toString('base64') });
  assert.ok(r.ok);
  const id = (r.value as CaseRecord).attachments[0]!.id;
  const removed = await s.dispatch('attachments.remove', { number, attachmentId: id });
  assert.ok(removed.ok);
  assert.equal((removed.value as CaseRecord).case.materials?.find((m) => m.id === 'birth-certificate')?.status, 'missing');
  s.close();
});

test('files that are not whole JPEG, PNG or PDF files are refused with a message, and nothing is stored', async () => {
  const s = makeService();
  const number = await newCase(s);
  const bad: [string, Buffer, RegExp][] = [
    ['notes.txt', Buffer.from('hello'), /not a JPEG, PNG or PDF/],
    ['empty.jpg', Buffer.alloc(0), /empty/],
    ['truncated.jpg', jpeg.subarray(0, Math.floor(jpeg.length / 2)), /JPEG is truncated/],
    ['truncated.png', png.subarray(0, 2000), /PNG is truncated/],
    ['broken.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n'), /PDF is truncated/],
  ];
  for (const [fileName, bytes, reason] of bad) {
    const r = await s.dispatch('attachments.add', { number, materialId: 'birth-certificate', fileName, base64: bytes.toString('base64') });
    assert.equal(r.ok, false, fileName);
    if (!r.ok) {
      assert.equal(r.error.code, 'invalid_request');
      assert.match(r.error.message, reason);
      assert.ok(r.error.message.includes(fileName));
    }
  }
  for (const fileName of ['../../etc/passwd', 'a/b.jpg', 'C:\\x.jpg']) {
    const r = await s.dispatch('attachments.add', { number, materialId: 'birth-certificate', fileName, base64: jpeg.toString('base64') });
    assert.equal(r.ok, false, fileName);
    if (!r.ok) assert.equal(r.error.field, 'fileName');
  }
  assert.deepEqual(fs.readdirSync(s.paths.attachments), []);
  assert.equal((s.db.prepare('SELECT COUNT(*) AS n FROM attachments').get() as { n: number }).n, 0);
  s.close();
});

test('scans read one after another share one buffer, each read whole; a vanished or altered file throws instead of giving the last file\'s bytes', () => {
  const dir = tempDir();
  const big = path.join(dir, 'big.jpg');
  const small = path.join(dir, 'small.jpg');
  const bigBytes = Buffer.alloc(300_000, 0x41);
  const smallBytes = Buffer.from('a smaller scan');
  fs.writeFileSync(big, bigBytes);
  fs.writeFileSync(small, smallBytes);
  const into = new ReadBuffer();
  const first = readFileInto(big, into);
  assert.deepEqual(first, bigBytes);
  const second = readFileInto(small, into);
  assert.deepEqual(second, smallBytes, 'exactly the second file, not the rest of the first');
  assert.equal(second.buffer, first.buffer, 'the same memory, reused');
  assert.throws(() => readFileInto(path.join(dir, 'gone.jpg'), into), { code: 'ENOENT' });
  assert.throws(() => readFileInto(dir, into), { code: 'EISDIR' });
  assert.throws(() => readFileInto(big, into, 299_999), { code: 'EFBIG' }, 'a file over the limit is refused before it is read');

  // The store checks the hash of what it read: a stored file changed on disk is refused.
  const store = new AttachmentStore(path.join(dir, 'attachments'));
  const sha = store.put(bigBytes);
  assert.deepEqual(store.read(sha, into), bigBytes);
  const altered = Buffer.from(bigBytes);
  altered[1000] = 0x42;
  fs.writeFileSync(store.pathOf(sha), altered);
  assert.throws(() => store.read(sha, into), /has been altered/);
});

test('a disk that takes fewer bytes than asked: the store writes on until the file is whole, and a file cut short earlier is written again, not trusted', () => {
  const store = new AttachmentStore(path.join(tempDir(), 'attachments'));
  const bytes = Buffer.alloc(300_000, 7);
  // fs.writeSync taking at most 64 KB a call (as a filling disk or a signal can make it)
  const real = fs.writeSync;
  (fs as { writeSync: unknown }).writeSync = ((fd: number, buf: Uint8Array, offset?: number, length?: number) =>
    real(fd, buf, offset ?? 0, Math.min(length ?? buf.length - (offset ?? 0), 65_536))) as typeof fs.writeSync;
  let sha: string;
  try {
    sha = store.put(bytes);
  } finally {
    (fs as { writeSync: unknown }).writeSync = real;
  }
  assert.equal(fs.statSync(store.pathOf(sha)).size, bytes.length);
  assert.equal(store.verify(sha), 'ok');
  // A file under the right name but cut short (left by an earlier failure): put stores it again
  fs.truncateSync(store.pathOf(sha), 1000);
  assert.equal(store.verify(sha), 'altered');
  store.put(bytes);
  assert.equal(store.verify(sha), 'ok');
  assert.deepEqual(fs.readdirSync(path.dirname(store.pathOf(sha))).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
});
