// Case bundles: export one case or many as one file, import it on another machine. Every
// case, line, material and attachment comes back identical; a tampered, truncated or hostile
// bundle is refused with a message and imports nothing; the same case twice asks first.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import yazl from 'yazl';
import zlib from 'node:zlib';
import { makeService, tempDir, REPO_ROOT } from '../support/temp.ts';
import { canonical, logicalDump, storedCase, writeCaseFile } from '../support/data.ts';
import { importCaseFile } from '../../electron/core/caseImport.ts';
import { exportBundle, importBundle, BundleError, BUNDLE_FORMAT } from '../../electron/core/bundle.ts';
import { readCaseFile } from '../../electron/core/caseFiles.ts';
import type { ClaimDeskService } from '../../electron/core/service.ts';
import type { BundleImportResult } from '../../shared/contract.ts';

/** A source machine with `n` varied cases (scans, lines, materials), and a status set by hand. */
async function sourceWithCases(n: number): Promise<{ s: ClaimDeskService; numbers: string[] }> {
  const s = makeService();
  const dir = tempDir('claimdesk-bundle-src-');
  const numbers: string[] = [];
  for (let i = 1; i <= n; i++) {
    const { file } = writeCaseFile(dir, i, 'bundle');
    numbers.push(await importCaseFile(s, readCaseFile(file), file));
  }
  const r = await s.dispatch('cases.setStatus', { number: numbers[0], status: 'submitted' });
  assert.ok(r.ok, JSON.stringify(r));
  return { s, numbers };
}

function snapshotOf(s: ClaimDeskService, number: string): string {
  const c = storedCase(s.db, number)!;
  return canonical({ fields: c.fields, files: c.files, status: c.row.status, uid: (s.db.prepare('SELECT uid FROM cases WHERE number = ?').get(number) as { uid: string }).uid });
}

/** A zip of these entries; a name may be anything (even one no zip library would write). */
async function zipOf(entries: [string, Buffer | string][], options: { compress?: boolean } = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const patches: [Buffer, Buffer][] = [];
  entries.forEach(([name, data], i) => {
    const wanted = Buffer.from(name, 'utf8');
    // yazl refuses hostile names: write a unique placeholder of the same length, then patch it.
    const placeholder = Buffer.from(`q${i}`.padEnd(wanted.length, 'Q'), 'utf8');
    const hostile = /(^|\/)\.\.(\/|$)|^\/|\\/.test(name) && placeholder.length === wanted.length;
    if (hostile) patches.push([placeholder, wanted]);
    zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), hostile ? placeholder.toString() : name, { compress: options.compress ?? true });
  });
  zip.end();
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
  for (const [from, to] of patches) {
    for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at + 1)) to.copy(bytes, at);
  }
  return bytes;
}

/** The entries of a zip as name → bytes (through the reader under test's library). */
async function entriesOf(file: string): Promise<[string, Buffer][]> {
  const { ZipReader } = await import('../../electron/core/files/zip.ts');
  const z = await ZipReader.open(file, { maxEntries: 1e6, maxTotalBytes: 1e12, maxEntryBytes: 1e12 });
  const out: [string, Buffer][] = [];
  for (const e of z.entries) out.push([e.name, (await z.readBuffer(e.name, 1e9)).bytes]);
  z.close();
  return out;
}

test('round trip: every case, line, material and attachment comes back identical on another machine', async (t) => {
  const { s: a, numbers } = await sourceWithCases(7);
  const file = path.join(tempDir(), 'cases.zip');
  const out = await exportBundle(a, numbers, file);
  assert.equal(out.cases, 7);
  assert.ok(out.attachments >= 7);
  const b = makeService();
  const r = await importBundle(b, file);
  assert.equal(r.needsDecision, false);
  assert.equal(r.imported.length, 7);
  for (const [i, number] of numbers.entries()) {
    assert.equal(r.imported[i]!.bundleNumber, number);
    assert.equal(snapshotOf(b, r.imported[i]!.number), snapshotOf(a, number), `${number} differs after the round trip`);
    for (const f of storedCase(b.db, r.imported[i]!.number)!.files) assert.equal(b.store.verify(f.sha256), 'ok');
  }
  // and back again: the second machine's export imports on the first as the same cases
  const back = path.join(tempDir(), 'back.zip');
  await exportBundle(b, r.imported.map((c) => c.number), back);
  const again = await importBundle(a, back);
  assert.equal(again.needsDecision, true);
  assert.deepEqual(again.duplicates.map((d) => d.existingNumber), numbers);
  t.diagnostic(`bundle round trip: ${numbers.length} cases, ${out.attachments} attachments, ${out.bytes} bytes`);
  a.close();
  b.close();
});

test('an unzipped bundle is a folder of case files that claimdesk check reads as they are', async () => {
  const { s, numbers } = await sourceWithCases(2);
  const file = path.join(tempDir(), 'b.zip');
  await exportBundle(s, numbers, file);
  const dir = tempDir();
  for (const [name, bytes] of await entriesOf(file)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), bytes);
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { format: string; cases: { file: string }[] };
  assert.equal(manifest.format, BUNDLE_FORMAT);
  const caseFile = path.join(dir, manifest.cases[0]!.file);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), 'check', caseFile], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  // the scans it names are there, relative to it
  for (const m of readCaseFile(caseFile).materials ?? []) for (const f of m.files ?? []) assert.ok(fs.existsSync(path.join(path.dirname(caseFile), f)), f);
  s.close();
});

test('the same case imported twice: nothing happens until asked; then keep both, replace or skip', async () => {
  const { s: a, numbers } = await sourceWithCases(2);
  const file = path.join(tempDir(), 'b.zip');
  await exportBundle(a, numbers, file);
  const b = makeService();
  const first = await importBundle(b, file);
  assert.equal(first.imported.length, 2);
  const before = logicalDump(b.db);

  const asked = await importBundle(b, file);
  assert.equal(asked.needsDecision, true);
  assert.deepEqual(asked.duplicates.map((d) => [d.bundleNumber, d.existingNumber]), numbers.map((n, i) => [n, first.imported[i]!.number]));
  assert.equal(logicalDump(b.db), before, 'asking changes nothing');

  const skipped = await importBundle(b, file, { onDuplicate: 'skip' });
  assert.equal(skipped.imported.length, 0);
  assert.equal(skipped.skipped.length, 2);

  // edit the case here, then replace it from the bundle: the bundle's version under the same number
  const n0 = first.imported[0]!.number;
  assert.ok((await b.dispatch('expenses.add', { number: n0, line: { date: '2026-10-30', institution: '厦门市中医院', kind: 'outpatient', amountFen: 9 } })).ok);
  const replaced = await importBundle(b, file, { onDuplicate: 'skip', decisions: { [asked.duplicates[0]!.uid]: 'replace' } });
  assert.deepEqual(replaced.imported.map((c) => [c.number, c.action]), [[n0, 'replaced']]);
  assert.equal(snapshotOf(b, n0), snapshotOf(a, numbers[0]!));

  const kept = await importBundle(b, file, { onDuplicate: 'keep' });
  assert.deepEqual(kept.imported.map((c) => c.action), ['kept-both', 'kept-both']);
  const count = (b.db.prepare('SELECT COUNT(*) AS n FROM cases').get() as { n: number }).n;
  assert.equal(count, 4);
  // a kept copy is a case of its own (new uid): importing again finds both
  assert.equal((await importBundle(b, file)).duplicates.length, 2);
  a.close();
  b.close();
});

test('the same claim entered here apart (another uid, same claimant and invoices) is a duplicate too; a handed-in case is never replaced by it', async () => {
  // The claimant's case file was imported here; the same case, prepared on another machine, comes as a bundle.
  const dir = tempDir('claimdesk-bundle-apart-');
  const { file: caseFile } = writeCaseFile(dir, 3, 'apart');
  const a = makeService();
  const there = await importCaseFile(a, readCaseFile(caseFile), caseFile);
  const file = path.join(tempDir(), 'b.zip');
  await exportBundle(a, [there], file);
  const b = makeService();
  const here = await importCaseFile(b, readCaseFile(caseFile), caseFile);
  const before = logicalDump(b.db);

  const asked = await importBundle(b, file);
  assert.equal(asked.needsDecision, true, 'importing it would claim the same invoices twice');
  assert.deepEqual(asked.duplicates.map((d) => [d.match, d.bundleNumber, d.existingNumber, d.existingStatus]), [['invoices', there, here, 'draft']]);
  assert.equal(logicalDump(b.db), before, 'asking changes nothing');
  assert.equal((await importBundle(b, file, { onDuplicate: 'skip' })).skipped.length, 1);
  assert.equal(logicalDump(b.db), before);

  // handed in here: replacing it would put it back to draft, ready to be claimed again
  assert.ok((await b.dispatch('cases.setStatus', { number: here, status: 'submitted' })).ok);
  const handedIn = logicalDump(b.db);
  await assert.rejects(importBundle(b, file, { onDuplicate: 'replace' }), (err: unknown) =>
    err instanceof BundleError && err.message.includes(here) && err.message.includes('submitted'));
  assert.equal(logicalDump(b.db), handedIn, 'a refused replace changes nothing');
  const kept = await importBundle(b, file, { onDuplicate: 'keep' });
  assert.deepEqual(kept.imported.map((c) => c.action), ['kept-both']);
  assert.equal((b.db.prepare(`SELECT status FROM cases WHERE number = ?`).get(here) as { status: string }).status, 'submitted');
  a.close();
  b.close();
});

test('the contract call returns the duplicates so the screen can ask, then imports on the answer', async () => {
  const { s: a, numbers } = await sourceWithCases(1);
  const file = path.join(tempDir(), 'b.zip');
  await exportBundle(a, numbers, file);
  const base64 = fs.readFileSync(file).toString('base64');
  const b = makeService();
  const first = await b.dispatch('bundles.import', { base64 });
  assert.ok(first.ok);
  assert.equal((first.value as BundleImportResult).imported.length, 1);
  const second = await b.dispatch('bundles.import', { base64 });
  assert.ok(second.ok);
  const v = second.value as BundleImportResult;
  assert.equal(v.needsDecision, true);
  assert.equal(v.duplicates[0]!.existingNumber, (first.value as BundleImportResult).imported[0]!.number);
  assert.match(v.duplicates[0]!.claimant, /^测试/);
  const third = await b.dispatch('bundles.import', { base64, onDuplicate: 'keep' });
  assert.ok(third.ok && (third.value as BundleImportResult).imported.length === 1);
  // and export through the contract
  const exported = await b.dispatch('bundles.export', { numbers: [(first.value as BundleImportResult).imported[0]!.number] });
  assert.ok(exported.ok, JSON.stringify(exported));
  const missing = await b.dispatch('bundles.export', { numbers: ['CD-19990101-0001'] });
  assert.ok(!missing.ok && missing.error.code === 'not_found' && missing.error.field === 'numbers[0]');
  a.close();
  b.close();
});

test('a tampered, truncated or malformed bundle is refused with a message, and imports nothing', async () => {
  const { s: a, numbers } = await sourceWithCases(3);
  const file = path.join(tempDir(), 'b.zip');
  await exportBundle(a, numbers, file);
  const good = fs.readFileSync(file);
  const entries = await entriesOf(file);
  const manifest = JSON.parse(entries.find(([n]) => n === 'manifest.json')![1].toString()) as { cases: { file: string }[]; files: Record<string, { sha256: string; bytes: number }> };
  const caseEntry = manifest.cases[1]!.file;
  const scanEntry = Object.keys(manifest.files).find((n) => n.endsWith('.jpg'))!;
  const rebuilt = (change: (e: [string, Buffer][]) => [string, Buffer | string][]) => zipOf(change(entries.map(([n, b]) => [n, Buffer.from(b)])));
  const flipByte = (b: Buffer, at: number) => { const c = Buffer.from(b); c[at] = c[at]! ^ 0xff; return c; };

  const bad: [string, Buffer, RegExp][] = [
    ['truncated file', good.subarray(0, Math.floor(good.length * 0.6)), /not a zip file|damaged|truncated/],
    ['truncated by one byte', good.subarray(0, good.length - 1), /not a zip file|damaged|truncated/],
    ['empty file', Buffer.alloc(0), /empty/],
    ['not a zip', Buffer.from('hello, not a zip at all'), /not a zip file/],
    ['a case file edited', await rebuilt((e) => e.map(([n, b]) => [n, n === caseEntry ? Buffer.from(b.toString().replace('厦门市妇幼保健院', '厦门市妇幼保健所')) : b])), /SHA-256|bytes; the manifest says/],
    ['a scan altered (same size)', await rebuilt((e) => e.map(([n, b]) => [n, n === scanEntry ? flipByte(b, 200) : b])), /does not match its SHA-256/],
    ['a scan removed', await rebuilt((e) => e.filter(([n]) => n !== scanEntry)), /missing \(truncated\?\)/],
    ['an entry added', await rebuilt((e) => [...e, ['CD-X/extra.jpg', Buffer.from('x')]]), /not in the manifest/],
    ['no manifest', await rebuilt((e) => e.filter(([n]) => n !== 'manifest.json')), /not a ClaimDesk case bundle/],
    ['manifest not JSON', await rebuilt((e) => e.map(([n, b]) => [n, n === 'manifest.json' ? Buffer.from('{') : b])), /not valid JSON/],
    ['manifest of another format', await rebuilt((e) => e.map(([n, b]) => [n, n === 'manifest.json' ? Buffer.from(b.toString().replace('claimdesk/bundle@1', 'claimdesk/bundle@9')) : b])), /format/],
    // A case's file pointing outside the bundle, or at another case's file: the manifest is named as the fault.
    ['a case file path outside the entries', await rebuilt((e) => e.map(([n, b]) => [n, n === 'manifest.json' ? Buffer.from(b.toString().replace(JSON.stringify(caseEntry), JSON.stringify('../../../tmp/x.json'))) : b])), /manifest\.json: cases\[1\]\.file: \.\.\/\.\.\/\.\.\/tmp\/x\.json is not an entry of the bundle/],
    ['two cases naming one case file', await rebuilt((e) => e.map(([n, b]) => [n, n === 'manifest.json' ? Buffer.from(b.toString().replace(JSON.stringify(caseEntry), JSON.stringify(manifest.cases[0]!.file))) : b])), /cases\[1\]\.file: .* is already the case file of cases\[0\]/],
    ['path traversal in an entry name', await zipOf([['manifest.json', '{}'], ['../../etc/passwd', 'x']]), /\.\.|invalid relative path|not a zip file|damaged/],
    ['absolute entry name', await zipOf([['manifest.json', '{}'], ['/etc/passwd', 'x']]), /absolute|not a zip|damaged/],
    ['backslash in an entry name', await zipOf([['manifest.json', '{}'], ['..\\..\\evil.txt', 'x']]), /backslash|not a zip|damaged/],
  ];
  const b = makeService();
  const before = logicalDump(b.db);
  const filesBefore = [...b.store.hashes()];
  for (const [what, bytes, message] of bad) {
    await assert.rejects(importBundle(b, bytes), (err: unknown) => {
      assert.ok(err instanceof BundleError, `${what}: ${String(err)}`);
      assert.match(err.message, message, what);
      return true;
    }, what);
    const viaContract = await b.dispatch('bundles.import', { base64: bytes.toString('base64') || 'AA==' });
    assert.equal(viaContract.ok, false, what);
    if (!viaContract.ok) assert.equal(viaContract.error.code, 'invalid_request', what);
  }
  assert.equal(logicalDump(b.db), before, 'nothing was imported');
  assert.deepEqual([...b.store.hashes()], filesBefore, 'no file was stored');
  a.close();
  b.close();
});

test('claimdesk export and import: --on-duplicate keep|replace|skip, exit codes, a refused bundle names itself', () => {
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  const src = tempDir();
  const dst = tempDir();
  const dir = tempDir();
  const files = [1, 2].map((i) => writeCaseFile(dir, i, 'cli').file);
  const imp = cli(['import', ...files, '--data', src]);
  assert.equal(imp.status, 0, imp.stderr);
  const numbers = imp.stdout.trim().split('\n').map((l) => l.split(' ')[1]!);
  const bundle = path.join(tempDir(), 'two.zip');
  const exp = cli(['export', '--case', numbers[0]!, '--case', numbers[1]!, '--out', bundle, '--data', src]);
  assert.equal(exp.status, 0, exp.stderr);
  assert.equal(JSON.parse(exp.stdout).cases, 2);
  assert.equal(cli(['export', '--case', 'CD-19990101-0001', '--out', bundle + '2', '--data', src]).status, 2);
  const first = cli(['import', bundle, '--data', dst]);
  assert.equal(first.status, 0, first.stderr);
  assert.equal(first.stdout.trim().split('\n').length, 2);
  const again = cli(['import', bundle, '--data', dst]);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /--on-duplicate/);
  assert.equal(again.stdout, '');
  assert.equal(cli(['import', bundle, '--data', dst, '--on-duplicate', 'skip']).stdout, '');
  assert.equal(cli(['import', bundle, '--data', dst, '--on-duplicate', 'keep']).stdout.trim().split('\n').length, 2);
  assert.equal(cli(['import', bundle, '--data', dst, '--on-duplicate', 'maybe']).status, 2);
  const broken = path.join(tempDir(), 'broken.zip');
  fs.writeFileSync(broken, fs.readFileSync(bundle).subarray(0, 500));
  const refused = cli(['import', broken, '--data', dst]);
  assert.equal(refused.status, 2);
  assert.ok(refused.stderr.includes(broken), refused.stderr);
});

test('export never writes a bundle that import would refuse for its size: it says to export fewer cases', async () => {
  const { s: a, numbers } = await sourceWithCases(2);
  const { BUNDLE_LIMITS } = await import('../../electron/core/bundle.ts');
  const limit = BUNDLE_LIMITS.maxTotalBytes;
  (BUNDLE_LIMITS as { maxTotalBytes: number }).maxTotalBytes = 10_000; // as if these cases were gigabytes
  const file = path.join(tempDir(), 'too-big.zip');
  try {
    await assert.rejects(exportBundle(a, numbers, file), (err: unknown) => err instanceof BundleError && /export fewer cases at a time/.test(err.message));
  } finally {
    (BUNDLE_LIMITS as { maxTotalBytes: number }).maxTotalBytes = limit;
  }
  assert.equal(fs.existsSync(file), false, 'nothing written');
  a.close();
});

test('export refuses more cases than import accepts (5,000), before anything is read or written; 5,000 export and import back', async () => {
  const { seedLarge } = await import('../tools/seed-large.ts');
  const { MAX_BUNDLE_CASES } = await import('../../electron/core/bundle.ts');
  assert.equal(MAX_BUNDLE_CASES, 5000);
  const dataDir = tempDir();
  seedLarge({ dataDir, cases: MAX_BUNDLE_CASES + 1, lines: 1 });
  const a = makeService({ dataDir });
  const numbers = a.db.prepare('SELECT number FROM cases ORDER BY id').pluck().all() as string[];
  assert.equal(numbers.length, MAX_BUNDLE_CASES + 1);
  const out = tempDir();
  // 5,001: refused with what to do instead; nothing in the folder, not even a temporary file.
  await assert.rejects(exportBundle(a, numbers, path.join(out, 'b5001.zip')),
    (err: unknown) => err instanceof BundleError && /at most 5000 cases/.test(err.message) && /export fewer cases at a time/.test(err.message));
  assert.deepEqual(fs.readdirSync(out), []);
  // The same number twice is one case: 5,000 distinct numbers are not refused.
  const five = numbers.slice(0, MAX_BUNDLE_CASES);
  const file = path.join(out, 'b5000.zip');
  const r = await exportBundle(a, [...five, five[0]!], file);
  assert.equal(r.cases, MAX_BUNDLE_CASES);
  a.close();
  const b = makeService();
  const back = await importBundle(b, file);
  assert.equal(back.imported.length, MAX_BUNDLE_CASES);
  b.close();
});

test('claimdesk export of more than 5,000 cases: exit 2 saying to export fewer, before the data directory is opened', () => {
  const data = path.join(tempDir(), 'never-made');
  const out = path.join(tempDir(), 'b.zip');
  const numbers = Array.from({ length: 5001 }, (_, i) => `CD-20260101-${String(i).padStart(4, '0')}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), 'export', '--out', out, '--data', data, ...numbers], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /--case: 5001 cases: a bundle may hold at most 5000 cases .*export fewer cases at a time/);
  assert.equal(r.stdout, '');
  assert.equal(fs.existsSync(out), false);
  assert.equal(fs.existsSync(data), false, 'the data directory was not created');
});

test('export writes its entries one after another: one compressor at a time, however many cases (memory stays flat)', async () => {
  // What made 10,000 cases peak at 2.3 GB: every case file was deflated the moment it was
  // added to the zip, each with its own zlib context, all alive until the end.
  const { seedLarge } = await import('../tools/seed-large.ts');
  const dataDir = tempDir();
  seedLarge({ dataDir, cases: 60, lines: 2 });
  const a = makeService({ dataDir });
  const numbers = a.db.prepare('SELECT number FROM cases ORDER BY id').pluck().all() as string[];
  let live = 0;
  let most = 0;
  let made = 0;
  const started = () => { made++; most = Math.max(most, ++live); };
  const { DeflateRaw, deflateRaw } = zlib;
  zlib.DeflateRaw = function (this: unknown, ...args: ConstructorParameters<typeof DeflateRaw>) {
    const d = new DeflateRaw(...args);
    started();
    let gone = false;
    const end = () => { if (!gone) { gone = true; live--; } };
    d.once('end', end);
    d.once('close', end);
    return d;
  } as unknown as typeof DeflateRaw;
  zlib.deflateRaw = ((buf: zlib.InputType, options: zlib.ZlibOptions, cb: zlib.CompressCallback) => {
    started();
    return deflateRaw(buf, options, (err, result) => { live--; cb(err, result); });
  }) as typeof deflateRaw;
  const file = path.join(tempDir(), 'many.zip');
  try {
    await exportBundle(a, numbers, file);
  } finally {
    zlib.DeflateRaw = DeflateRaw;
    zlib.deflateRaw = deflateRaw;
  }
  assert.equal(made, numbers.length + 1, 'the manifest and each case file deflated');
  assert.equal(most, 1, `at most one compressor alive at a time, not ${most}`);
  const entries = await entriesOf(file);
  assert.equal(entries.length, numbers.length + 1);
  a.close();
  const b = makeService();
  assert.equal((await importBundle(b, file)).imported.length, numbers.length);
  b.close();
});
