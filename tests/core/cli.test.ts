// `claimdesk` as an administrator or another program runs it (../shared/INTERFACES.md).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { PDFDocument } from '@cantoo/pdf-lib';
import { REPO_ROOT, idNumber, tempDir } from '../support/temp.ts';

function claimdesk(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const example = (name: string) => path.join(REPO_ROOT, 'examples', name);

/** A one-page PDF that needs the password `user` to open, as `qpdf --encrypt user owner 256` makes it. */
async function lockedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([300, 300]).drawText('plain scan', { x: 20, y: 150 });
  const dir = tempDir('claimdesk-locked-');
  fs.writeFileSync(path.join(dir, 'plain.pdf'), await doc.save());
  execFileSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', path.join(dir, 'plain.pdf'), path.join(dir, 'locked.pdf')]);
  return fs.readFileSync(path.join(dir, 'locked.pdf'));
}

/** The complete newborn example in a folder of its own with its scans, its first material's file replaced by scans/NAME holding `bytes`. */
function newbornWithScan(name: string, bytes: Uint8Array | string, dir = tempDir('claimdesk-scan-'), caseName = 'case.json'): string {
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(dir, 'scans'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'scans', name), bytes);
  const c = JSON.parse(fs.readFileSync(example('newborn-unnamed.json'), 'utf8')) as { materials: { files: string[] }[] };
  c.materials[0]!.files = [`scans/${name}`];
  return writeCase(dir, caseName, c);
}

function writeCase(dir: string, name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

test('package builds a PDF from each example case file', () => {
  const out = tempDir();
  for (const name of fs.readdirSync(path.join(REPO_ROOT, 'examples')).filter((f) => f.endsWith('.json'))) {
    const pdf = path.join(out, name.replace('.json', '.pdf'));
    const r = claimdesk(['package', example(name), '--out', pdf]);
    assert.equal(r.code, 0, `${name}: ${r.stderr}`);
    assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), '%PDF-');
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    const caseFile = JSON.parse(fs.readFileSync(example(name), 'utf8')) as { claimant: { name: string } };
    assert.ok(text.includes(caseFile.claimant.name), `${name}: claimant name not in the PDF text`);
  }
});

test('package: an invalid case file exits 2 naming the file and the field, and writes nothing', () => {
  const dir = tempDir();
  const good = JSON.parse(fs.readFileSync(example('outage-card-not-settled.json'), 'utf8')) as Record<string, unknown>;
  const cases: [string, unknown, RegExp][] = [
    ['not-json.json', '{ "format": ', /not valid JSON/],
    ['wrong-format.json', { ...good, format: 'claimdesk/case@9' }, /format/],
    ['bad-date.json', { ...good, filedOn: '2026-02-30' }, /filedOn: must be a real date/],
    ['float-money.json', { ...good, expenses: [{ date: '2026-10-28', institution: '厦门市中医院', kind: 'outpatient', amountFen: 12.5 }] }, /expenses\[0\]\.amountFen/],
    ['no-claimant.json', { ...good, claimant: undefined }, /claimant/],
    // money.words: lines within their own bound adding up past 10^13 fen (here past 2^53).
    ['huge-total.json', { ...good, expenses: [...Array.from({ length: 901 }, (_, i) => ({ invoiceNo: String(i), date: '2026-10-28', institution: '厦门市中医院', kind: 'outpatient', amountFen: 1e13 })), { date: '2026-10-28', institution: '厦门市中医院', kind: 'outpatient', amountFen: 1 }] }, /: expenses: amountFen adds up to 9010000000000001 fen .*at most 10\^13 fen/],
    ['missing-scan.json', { ...good, materials: [{ id: 'original-invoices', status: 'provided', files: ['scans/nowhere.jpg'] }] }, /materials\[0\]\.files\[0\].*nowhere\.jpg/],
  ];
  for (const [name, value, message] of cases) {
    const file = writeCase(dir, name, value);
    const out = path.join(dir, name + '.pdf');
    const r = claimdesk(['package', file, '--out', out]);
    assert.equal(r.code, 2, `${name}: exit ${r.code} ${r.stderr}`);
    assert.ok(r.stderr.includes(file), `${name}: message does not name the file: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(fs.existsSync(out), false);
    // check refuses the same file the same way, printing no evaluation.
    const checked = claimdesk(['check', file]);
    assert.equal(checked.code, 2, `check ${name}: exit ${checked.code} ${checked.stderr}`);
    assert.match(checked.stderr, message, `check ${name}`);
    assert.equal(checked.stdout, '', `check ${name}`);
  }
});

test('package: a file that is not an image or PDF is refused, naming it', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
  const good = JSON.parse(fs.readFileSync(example('outage-card-not-settled.json'), 'utf8')) as Record<string, unknown>;
  const file = writeCase(dir, 'c.json', { ...good, materials: [{ id: 'original-invoices', status: 'provided', files: ['notes.txt'] }] });
  const r = claimdesk(['package', file, '--out', path.join(dir, 'x.pdf')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /notes\.txt: not a JPEG, PNG or PDF/);
});

test('package: a broken scan is named by its entry and path in the case file, so two of one name in two folders are told apart', () => {
  const dir = tempDir();
  for (const sub of ['one', 'two']) fs.mkdirSync(path.join(dir, 'scans', sub), { recursive: true });
  fs.copyFileSync(example('scans/expense-list-outage.png'), path.join(dir, 'scans', 'one', 'list.png'));
  const broken = fs.readFileSync(example('scans/expense-list-outage.png'));
  broken[broken.length - 20] = broken[broken.length - 20]! ^ 0xff; // the last chunk's bytes no longer match its CRC
  fs.writeFileSync(path.join(dir, 'scans', 'two', 'list.png'), broken);
  const good = JSON.parse(fs.readFileSync(example('outage-card-not-settled.json'), 'utf8')) as Record<string, unknown>;
  const file = writeCase(dir, 'c.json', { ...good, materials: [{ id: 'expense-list', status: 'provided', files: ['scans/one/list.png', 'scans/two/list.png'] }] });
  const r = claimdesk(['package', file, '--out', path.join(dir, 'x.pdf')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /c\.json: materials\[0\]\.files\[1\]: attachment scans\/two\/list\.png: /);
});

test('package: a scan named outside the case file\'s folder is refused before it is opened (absolute, .., a link out)', () => {
  const root = tempDir();
  const dir = path.join(root, 'case');
  fs.mkdirSync(path.join(dir, 'scans'), { recursive: true });
  const outside = path.join(root, 'someone-else.jpg');
  fs.copyFileSync(path.join(REPO_ROOT, 'examples', 'scans', fs.readdirSync(path.join(REPO_ROOT, 'examples', 'scans')).find((f) => f.endsWith('.jpg'))!), outside);
  fs.symlinkSync(outside, path.join(dir, 'scans', 'link.jpg'));
  const good = JSON.parse(fs.readFileSync(example('outage-card-not-settled.json'), 'utf8')) as Record<string, unknown>;
  for (const [name, message] of [[outside, /outside the case file's folder/], ['../someone-else.jpg', /outside the case file's folder/], ['scans/../../someone-else.jpg', /outside the case file's folder/], ['scans/link.jpg', /link to a file outside/]] as const) {
    const file = writeCase(dir, 'c.json', { ...good, materials: [{ id: 'original-invoices', status: 'provided', files: [name] }] });
    const out = path.join(root, 'x.pdf');
    const r = claimdesk(['package', file, '--out', out]);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, /materials\[0\]\.files\[0\]/, name);
    assert.match(r.stderr, message, name);
    assert.equal(fs.existsSync(out), false, name);
    // check finds it too (it reads no scan, but looks where each is).
    const checked = claimdesk(['check', file]);
    assert.equal(checked.code, 2, `check ${name}`);
    assert.match(checked.stderr, message, `check ${name}`);
  }
  const missing = writeCase(dir, 'c.json', { ...good, materials: [{ id: 'original-invoices', status: 'provided', files: ['scans/typo.jpg'] }] });
  const typo = claimdesk(['check', missing]);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /materials\[0\]\.files\[0\]: attachment scans\/typo\.jpg: the file is not there any more \(moved, renamed or deleted/);
  // Inside the folder (and through a link that stays inside) is fine.
  fs.copyFileSync(outside, path.join(dir, 'scans', 'own.jpg'));
  fs.symlinkSync(path.join(dir, 'scans', 'own.jpg'), path.join(dir, 'scans', 'own-link.jpg'));
  const file = writeCase(dir, 'c.json', { ...good, materials: [{ id: 'original-invoices', status: 'provided', files: ['scans/own.jpg', './scans/own-link.jpg'] }] });
  const ok = claimdesk(['package', file, '--out', path.join(root, 'ok.pdf')]);
  assert.equal(ok.code, 0, ok.stderr);
});

test('package: --out that is a folder or in a missing folder is a usage error naming --out, before any work', () => {
  const dir = tempDir();
  for (const out of [dir, path.join(dir, 'no', 'such', 'x.pdf')]) {
    const r = claimdesk(['package', example('outage-card-not-settled.json'), '--out', out]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /--out: /);
    assert.doesNotMatch(r.stderr, /ENOENT|EISDIR|\.tmp/);
  }
  assert.deepEqual(fs.readdirSync(dir), []);
});

test('package: --out naming the case file or one of its scans (or a link to one) is refused, exit 2, and both are left as they were', () => {
  const dir = tempDir();
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const caseFile = path.join(dir, 'outage-card-not-settled.json');
  const named = JSON.parse(fs.readFileSync(caseFile, 'utf8')) as { materials: { files?: string[] }[] };
  const scan = path.join(dir, named.materials.flatMap((m) => m.files ?? [])[0]!);
  fs.symlinkSync(scan, path.join(dir, 'link.pdf'));
  const before = [fs.readFileSync(caseFile), fs.readFileSync(scan)];
  for (const [out, what] of [[caseFile, /the case file itself/], [scan, /attachment scans\//], [path.join(dir, 'link.pdf'), /attachment scans\//]] as const) {
    const r = claimdesk(['package', caseFile, '--out', out]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, what);
    assert.match(r.stderr, /would overwrite it/);
  }
  assert.deepEqual([fs.readFileSync(caseFile), fs.readFileSync(scan)], before);
  // The batch verb: a case whose package (named after it, in --out-dir) would land on its own
  // scan is refused; the other case is built.
  const clashing = structuredClone(named);
  clashing.materials[0]!.files = ['scans/clash.pdf'];
  fs.copyFileSync(scan, path.join(dir, 'scans', 'clash.pdf'));
  writeCase(dir, 'clash.json', { ...JSON.parse(fs.readFileSync(caseFile, 'utf8')), materials: clashing.materials });
  const clashScan = fs.readFileSync(path.join(dir, 'scans', 'clash.pdf'));
  const r = claimdesk(['package', path.join(dir, 'clash.json'), path.join(dir, 'transfer-urgent.json'), '--out-dir', path.join(dir, 'scans'), '--jobs', '1']);
  assert.equal(r.code, 2, r.stderr); // an invalid case among them, as for a bad case file
  assert.match(r.stderr, /clash\.pdf would overwrite the case's attachment scans\/clash\.pdf/);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'scans', 'clash.pdf')), clashScan);
  assert.ok(fs.existsSync(path.join(dir, 'scans', 'transfer-urgent.pdf')));
});

test('package: a case file that is not UTF-8 (GBK from a Chinese editor) is refused, not printed as mojibake', () => {
  const dir = tempDir();
  const gbkName = Buffer.from([0xc1, 0xd6, 0xcf, 0xfe, 0xd1, 0xe0]); // 林晓燕 in GBK
  const text = fs.readFileSync(example('outage-card-not-settled.json'));
  const at = text.indexOf(Buffer.from('林晓燕'));
  const file = path.join(dir, 'gbk.json');
  fs.writeFileSync(file, Buffer.concat([text.subarray(0, at), gbkName, text.subarray(at + Buffer.byteLength('林晓燕'))]));
  const r = claimdesk(['package', file, '--out', path.join(dir, 'x.pdf')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /gbk\.json: is not UTF-8 text/);
  const checked = claimdesk(['check', file]);
  assert.equal(checked.code, 2);
});

test('package: --preparer prints who prepared it on the cover; a case file without a number is numbered from its name, in any script', () => {
  const dir = tempDir();
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(dir, 'scans'), { recursive: true });
  const good = JSON.parse(fs.readFileSync(example('outage-card-not-settled.json'), 'utf8')) as Record<string, unknown>;
  const file = writeCase(dir, '林晓燕 第2次.json', { ...good, number: undefined });
  const out = path.join(dir, 'x.pdf');
  const r = claimdesk(['package', file, '--out', out, '--preparer', '王经办']);
  assert.equal(r.code, 0, r.stderr);
  const cover = spawnSync('pdftotext', ['-f', '1', '-l', '1', '-layout', out, '-'], { encoding: 'utf8' }).stdout;
  assert.match(cover, /王经办/);
  assert.match(cover, /FILE-林晓燕-第2次/);
  // The index agrees with the cover's verdict (complete): an optional material not handed in is not "missing".
  const index = spawnSync('pdftotext', ['-f', '2', '-l', '2', '-layout', out, '-'], { encoding: 'utf8' }).stdout;
  assert.match(index, /缺少 0 项，可选未提供 1 项/);
  assert.match(index, /出院记录.*可选\s+未提供/);
  const bad = claimdesk(['package', file, '--out', out, '--preparer', ' ']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--preparer/);
});

test('usage errors exit 2 and name the flag', () => {
  assert.equal(claimdesk([]).code, 2);
  const unknownVerb = claimdesk(['frobnicate']);
  assert.equal(unknownVerb.code, 2);
  assert.match(unknownVerb.stderr, /unknown verb: frobnicate/);
  const noOut = claimdesk(['package', example('transfer-urgent.json')]);
  assert.equal(noOut.code, 2);
  assert.match(noOut.stderr, /--out/);
  const badFlag = claimdesk(['list', '--colour']);
  assert.equal(badFlag.code, 2);
  assert.match(badFlag.stderr, /--colour/);
  // A folder without case files is said to be one (not "0 cases", exit 0), with where they are.
  const root = tempDir();
  fs.mkdirSync(path.join(root, '张三'));
  fs.copyFileSync(example('transfer-urgent.json'), path.join(root, '张三', 'case.json'));
  for (const verb of ['check', 'import']) {
    const empty = claimdesk([verb, root, '--data', path.join(root, 'data')]);
    assert.equal(empty.code, 2, verb);
    assert.match(empty.stderr, /no case files \(\*\.json\) in this folder; its subfolders 张三 have some/, verb);
  }
});

test('usage: a folder or several files for package point to --out-dir; --jobs takes plain decimal digits, and a negative one is named as such', () => {
  const out = path.join(tempDir(), 'x.pdf');
  for (const args of [['package', path.join(REPO_ROOT, 'examples'), '--out', out], ['package', path.join(REPO_ROOT, 'examples')]]) {
    const r = claimdesk(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /a folder needs --out-dir DIR/, args.join(' '));
    assert.doesNotMatch(r.stderr, /EISDIR|--out PDF is required/);
  }
  const several = claimdesk(['package', example('transfer-urgent.json'), example('newborn-unnamed.json'), '--out', out]);
  assert.equal(several.code, 2);
  assert.match(several.stderr, /several case files need --out-dir DIR/);
  assert.ok(!fs.existsSync(out));
  const data = tempDir();
  for (const verb of ['check', 'package', 'import']) {
    for (const jobs of ['-1', '0x2', '2e0', ' 2', '0', '257', '2.0']) {
      const args = verb === 'package' ? [verb, path.join(REPO_ROOT, 'examples'), '--out-dir', path.join(data, 'pdfs')] : [verb, path.join(REPO_ROOT, 'examples'), '--data', data];
      const r = claimdesk([...args, '--jobs', jobs]);
      assert.equal(r.code, 2, `${verb} --jobs ${JSON.stringify(jobs)}: ${r.stderr}`);
      assert.match(r.stderr, /--jobs: not a number of workers from 1 to 256/, `${verb} --jobs ${JSON.stringify(jobs)}`);
      assert.equal(r.stdout, '');
    }
  }
  assert.ok(!fs.existsSync(path.join(data, 'pdfs')) && !fs.existsSync(path.join(data, 'claimdesk.sqlite')), 'nothing written');
  assert.equal(claimdesk(['check', example('transfer-urgent.json'), example('newborn-unnamed.json'), '--jobs', '2']).code, 1, '--jobs 2 still works');
});

test('a usage error leaves no data folder behind, and --data that is a file or empty is named (exit 2)', () => {
  const root = tempDir();
  const data = path.join(root, 'new-data');
  for (const args of [['import', path.join(root, 'no-such.json')], ['import', example('transfer-urgent.json'), '--jobs', '0']]) {
    const r = claimdesk([...args, '--data', data]);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /no such file or folder|--jobs: not a number of workers/);
    assert.equal(fs.existsSync(data), false, `${args.join(' ')} created the data folder`);
  }
  const aFile = path.join(root, 'a-file');
  fs.writeFileSync(aFile, '');
  fs.writeFileSync(path.join(root, 'b.zip'), 'not looked at');
  for (const verb of [['import', example('transfer-urgent.json')], ['restore', path.join(root, 'b.zip')], ['serve', '--port', '0']]) {
    const r = claimdesk([...verb, '--data', aFile]);
    assert.equal(r.code, 2, `${verb[0]}: ${r.stderr}`);
    assert.match(r.stderr, /--data: .*a-file is a file, not a folder/, verb[0]);
  }
  const empty = claimdesk(['import', example('transfer-urgent.json'), '--data', '']);
  assert.equal(empty.code, 2);
  assert.match(empty.stderr, /--data: empty/);
});

test('a flag given twice is a usage error (which data folder is used must not depend on argument order); --data may come before the verb', () => {
  const root = tempDir();
  const r = claimdesk(['list', '--data', path.join(root, 'a'), '--data', path.join(root, 'b')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--data: given twice/);
  assert.equal(claimdesk(['check', example('transfer-urgent.json'), '--jobs', '1', '--jobs', '2']).code, 2);
  const data = path.join(root, 'd');
  assert.equal(claimdesk(['import', example('transfer-urgent.json'), '--data', data]).code, 0);
  const before = claimdesk(['--data', data, 'list', '--json']);
  assert.equal(before.code, 0, before.stderr);
  assert.equal(before.stdout.trim().split('\n').length, 1);
});

test('serve on a port already in use says so and exits 2 (a raw EADDRINUSE and exit 1 before)', async () => {
  const net = await import('node:net');
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
  const port = (taken.address() as { port: number }).port;
  try {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), 'serve', '--port', String(port), '--data', path.join(tempDir(), 'd')], { cwd: REPO_ROOT });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 2, stderr);
    assert.match(stderr, new RegExp(`--port ${port}: already in use`));
  } finally {
    taken.close();
  }
});

test('check prints the evaluation as JSON; a folder gives one line per file', () => {
  const one = claimdesk(['check', example('newborn-unnamed.json')]);
  assert.ok(one.code === 0 || one.code === 1, one.stderr);
  const result = JSON.parse(one.stdout) as { complete: boolean; totals: { amountFen: number; amountWords: string }; materials: unknown[] };
  assert.equal(result.totals.amountFen, 486250 + 132080 + 23650);
  assert.equal(result.totals.amountWords, '陆仟肆佰壹拾玖元捌角');
  const many = claimdesk(['check', path.join(REPO_ROOT, 'examples')]);
  const lines = many.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string });
  assert.equal(lines.length, fs.readdirSync(path.join(REPO_ROOT, 'examples')).filter((f) => f.endsWith('.json')).length);
  assert.ok(lines.every((l) => l.file.endsWith('.json')));
  const bad = writeCase(tempDir(), 'bad.json', { format: 'claimdesk/case@1', category: 'outage', claimant: { name: '' } });
  const r = claimdesk(['check', bad]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /claimant\.name/);
});

test('import prints each case after its commit; list shows them; --data and CLAIMDESK_DATA choose the database', () => {
  const data = tempDir();
  const r = claimdesk(['import', path.join(REPO_ROOT, 'examples'), '--data', data]);
  assert.equal(r.code, 0, r.stderr);
  const imported = r.stdout.trim().split('\n');
  assert.equal(imported.length, 3);
  for (const line of imported) assert.match(line, /^imported CD-\d{8}-\d{4} .*\.json$/);
  const listed = claimdesk(['list', '--json'], { CLAIMDESK_DATA: data });
  assert.equal(listed.code, 0, listed.stderr);
  const rows = listed.stdout.trim().split('\n').map((l) => JSON.parse(l) as { claimant: string });
  assert.deepEqual(rows.map((x) => x.claimant).sort(), ['张丽', '林晓燕', '陈建国'].sort());
});

test('import refuses a scan that needs a password, as attachments.add does, naming the field and the file; nothing is imported', async () => {
  const file = newbornWithScan('locked.pdf', await lockedPdf());
  const data = tempDir();
  const r = claimdesk(['import', file, '--data', data]);
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /case\.json: materials\[0\]\.files\[0\]: attachment scans\/locked\.pdf: the PDF needs a password to open/);
  assert.equal(claimdesk(['list', '--json', '--data', data]).stdout, '', 'no case was added');
  // The same file given to the contract call is refused with the same reason.
  const { makeService } = await import('../support/temp.ts');
  const s = makeService();
  const created = await s.dispatch('cases.create', { category: 'newborn', claimant: { name: '张丽', idNumber: idNumber('35020319900512042') } });
  assert.ok(created.ok);
  const added = await s.dispatch('attachments.add', { number: (created.value as { number: string }).number, materialId: 'birth-certificate', fileName: 'locked.pdf', base64: fs.readFileSync(path.join(path.dirname(file), 'scans', 'locked.pdf')).toString('base64') });
  assert.ok(!added.ok && /the PDF needs a password to open/.test(added.error.message), JSON.stringify(added));
  s.close();
});

test('check refuses a scan that is not a JPEG/PNG/PDF or needs a password, as package does: one file (exit 2) and a batch (invalid, not complete, in the summary)', async () => {
  const dir = tempDir('claimdesk-badscan-');
  const fake = newbornWithScan('fake.jpg', 'not an image\n', dir, 'fake.json');
  const locked = newbornWithScan('locked.pdf', await lockedPdf(), dir, 'locked.json');
  for (const [file, why] of [[fake, /materials\[0\]\.files\[0\]: attachment scans\/fake\.jpg: not a JPEG, PNG or PDF file/], [locked, /materials\[0\]\.files\[0\]: attachment scans\/locked\.pdf: the PDF needs a password to open/]] as const) {
    const r = claimdesk(['check', file]);
    assert.equal(r.code, 2, `${file}: ${r.stdout}`);
    assert.doesNotMatch(r.stdout, /"complete": true/);
    assert.match(r.stderr, why);
    assert.equal(claimdesk(['package', file, '--out', path.join(tempDir(), 'x.pdf')]).code, 2, 'package refuses it too');
  }
  const summary = path.join(tempDir(), 'summary');
  const batch = claimdesk(['check', dir, '--summary', summary]);
  assert.equal(batch.code, 2, batch.stderr);
  const lines = batch.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; complete?: boolean; field?: string });
  assert.deepEqual(lines.map((l) => [path.basename(l.file), l.complete, l.field]).sort(), [['fake.json', undefined, 'materials[0].files[0]'], ['locked.json', undefined, 'materials[0].files[0]']]);
  const json = JSON.parse(fs.readFileSync(`${summary}.json`, 'utf8')) as { counts: Record<string, number>; cases: { outcome: string; complete: boolean | null }[] };
  assert.deepEqual([json.counts.complete, json.counts.invalid], [0, 2]);
  assert.ok(json.cases.every((c) => c.outcome === 'invalid' && c.complete !== true));
  // A good PDF scan still passes.
  const plain = await PDFDocument.create();
  plain.addPage([300, 300]);
  const good = newbornWithScan('plain.pdf', await plain.save());
  const ok = claimdesk(['check', good]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /"complete": true/);
});

test('check and package refuse a PNG whose compressed rows are damaged (chunks and checksums fine), naming it: broken deflate data, a quarter of the rows, filter type 9', async () => {
  const { damagedPngs } = await import('../fixtures/pdf/pngEncode.ts');
  for (const { name, bytes } of damagedPngs()) {
    const file = newbornWithScan(name, bytes);
    const why = new RegExp(`materials\\[0\\]\\.files\\[0\\]: attachment scans/${name.replace('.', '\\.')}: corrupt PNG`);
    const checked = claimdesk(['check', file]);
    assert.equal(checked.code, 2, `check ${name}: ${checked.stdout}`);
    assert.doesNotMatch(checked.stdout, /"complete": true/);
    assert.match(checked.stderr, why);
    const out = path.join(tempDir(), 'x.pdf');
    const packaged = claimdesk(['package', file, '--out', out]);
    assert.equal(packaged.code, 2, `package ${name}: ${packaged.stderr}`);
    assert.match(packaged.stderr, why);
    assert.equal(fs.existsSync(out), false, `package ${name}: no output`);
  }
});

test('the same case file given twice (named twice, through a link, or with its folder) is processed once, in the order first given', () => {
  const dir = tempDir('claimdesk-twice-');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(dir, 'scans'), { recursive: true });
  const file = path.join(dir, 'newborn.json');
  fs.copyFileSync(example('newborn-unnamed.json'), file);
  fs.copyFileSync(example('outage-card-not-settled.json'), path.join(dir, 'outage.json'));
  fs.symlinkSync(file, path.join(dir, 'link.txt'));
  const check = claimdesk(['check', file, path.join(dir, '.', 'newborn.json'), path.join(dir, 'link.txt')]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  const lines = check.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; complete: boolean; findings: { rule: string }[] });
  assert.deepEqual(lines.map((l) => [l.file, l.complete]), [[file, true]]);
  assert.ok(!lines[0]!.findings.some((f) => f.rule === 'case.duplicateInvoice'), 'not a duplicate of itself');
  // A file and its folder: the file first, then the folder's other files.
  const both = claimdesk(['check', path.join(dir, 'outage.json'), dir]);
  assert.deepEqual(both.stdout.trim().split('\n').map((l) => path.basename((JSON.parse(l) as { file: string }).file)).sort(), ['newborn.json', 'outage.json']);
  for (const extra of [[], ['--on-duplicate', 'keep']]) {
    const data = tempDir();
    const r = claimdesk(['import', dir, file, '--data', data, ...extra]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => path.basename(l.split(' ')[2]!)), ['newborn.json', 'outage.json']);
    assert.equal(claimdesk(['list', '--json', '--data', data]).stdout.trim().split('\n').length, 2, 'one case per file');
  }
});

test('package --out-dir: every failed scan is named by its field on the stdout line; a failed case has no number in the summary, a packaged one has its cover\'s', async () => {
  const dir = tempDir('claimdesk-pkgfail-');
  newbornWithScan('locked.pdf', await lockedPdf(), dir, 'encrypted-pdf.json');
  newbornWithScan('not-there.jpg', '', dir, 'missing-scan.json');
  fs.rmSync(path.join(dir, 'scans', 'not-there.jpg'));
  // Starts and ends as a JPEG (so it passes the checks made when it is read), but is no image: the builder refuses it.
  newbornWithScan('garbled.jpg', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 0x41), Buffer.from([0xff, 0xd9])]), dir, 'garbled.json');
  fs.copyFileSync(example('newborn-unnamed.json'), path.join(dir, 'good.json'));
  const out = path.join(tempDir(), 'pdfs');
  const r = claimdesk(['package', dir, '--out-dir', out, '--summary', path.join(out, 'summary'), '--jobs', '2']);
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; error?: string; field?: string | null; output?: string });
  const line = (name: string) => lines.find((l) => path.basename(l.file) === name)!;
  for (const name of ['encrypted-pdf.json', 'missing-scan.json', 'garbled.json']) {
    assert.ok(line(name).error, name);
    assert.equal(line(name).field, 'materials[0].files[0]', `${name}: ${line(name).error}`);
  }
  assert.ok(line('good.json').output);
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as { cases: { file: string; outcome: string; number: string | null }[] };
  for (const c of summary.cases) {
    if (c.outcome === 'ok') assert.equal(c.number, 'FILE-GOOD', c.file);
    else assert.equal(c.number, null, `${c.file}: a case that failed has no number`);
  }
  assert.deepEqual(summary.cases.map((c) => c.outcome).sort(), ['invalid', 'invalid', 'invalid', 'ok']);
});

test('import of a folder: in parallel, committed in order, with progress and a summary; a case already here needs --on-duplicate', () => {
  const root = tempDir();
  const dir = path.join(root, 'cases');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"format": ');
  const data = path.join(root, 'data');
  const first = claimdesk(['import', dir, '--data', data, '--jobs', '2', '--summary', path.join(root, 'first')]);
  assert.equal(first.code, 2, first.stderr); // broken.json
  // One line per committed case, in the order of the files (and their numbers).
  const lines = first.stdout.trim().split('\n');
  assert.deepEqual(lines.map((l) => path.basename(l.split(' ')[2]!)), ['newborn-unnamed.json', 'outage-card-not-settled.json', 'transfer-urgent.json']);
  assert.deepEqual(lines.map((l) => l.split(' ')[1]), [...lines.map((l) => l.split(' ')[1])].sort());
  assert.match(first.stderr, /import: 4\/4/);
  assert.match(first.stderr, /broken\.json: not valid JSON/);
  const summary = JSON.parse(fs.readFileSync(path.join(root, 'first.json'), 'utf8')) as { counts: Record<string, number>; cases: { file: string; outcome: string; number: string | null }[] };
  assert.deepEqual([summary.counts.cases, summary.counts.ok, summary.counts.invalid], [4, 3, 1]);
  assert.equal(summary.cases.find((c) => c.file.endsWith('transfer-urgent.json'))!.number, lines[2]!.split(' ')[1]);
  fs.rmSync(path.join(dir, 'broken.json'));
  // Again: the same claimants with the same invoices are already here.
  const again = claimdesk(['import', dir, '--data', data, '--summary', path.join(root, 'again')]);
  assert.equal(again.code, 2);
  assert.equal(again.stdout, '', 'nothing imported twice');
  assert.match(again.stderr, /transfer-urgent\.json: this case is already here as CD-\d{8}-\d{4}.*--on-duplicate/);
  // Counted and said as what they are — already here, left as they are — not as invalid case files.
  assert.match(again.stderr, /0 invalid, 0 failed, 3 skipped \(already here\)/);
  const againSummary = JSON.parse(fs.readFileSync(path.join(root, 'again.json'), 'utf8')) as typeof summary;
  assert.deepEqual([againSummary.counts.invalid, againSummary.counts.skipped], [0, 3]);
  assert.deepEqual(againSummary.cases.map((c) => [c.outcome, c.number]), lines.map((l) => ['skipped', l.split(' ')[1]]));
  const skip = claimdesk(['import', dir, '--data', data, '--on-duplicate', 'skip']);
  assert.equal(skip.code, 0, skip.stderr);
  assert.equal(skip.stdout, '');
  assert.match(skip.stderr, /3 skipped/);
  const replace = claimdesk(['import', path.join(dir, 'transfer-urgent.json'), '--data', data, '--on-duplicate', 'replace']);
  assert.equal(replace.code, 0, replace.stderr);
  assert.equal(replace.stdout.trim(), lines[2]!.replace(/ .*$/, '') + ' ' + lines[2]!.split(' ')[1] + ' ' + path.join(dir, 'transfer-urgent.json'));
  const keep = claimdesk(['import', path.join(dir, 'transfer-urgent.json'), '--data', data, '--on-duplicate', 'keep']);
  assert.equal(keep.code, 0, keep.stderr);
  const listed = claimdesk(['list', '--json', '--data', data]).stdout.trim().split('\n');
  assert.equal(listed.length, 4, 'three cases, and the one kept twice');
});

test('import: bundles and case files go in the order given, all in one summary; a case sharing an invoice is the same case; a handed-in case is never replaced', async () => {
  const root = tempDir();
  const a = path.join(root, 'a');
  claimdesk(['import', example('newborn-unnamed.json'), '--data', a]);
  const number = (JSON.parse(claimdesk(['list', '--json', '--data', a]).stdout.trim()) as { number: string }).number;
  const bundle = path.join(root, 'b.zip');
  assert.equal(claimdesk(['export', '--case', number, '--out', bundle, '--data', a]).code, 0);
  const b = path.join(root, 'b');
  const r = claimdesk(['import', example('outage-card-not-settled.json'), bundle, example('transfer-urgent.json'), '--data', b, '--summary', path.join(root, 's')]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').map((l) => path.basename(l.split(' ')[2]!)), ['outage-card-not-settled.json', 'b.zip', 'transfer-urgent.json']);
  const summary = JSON.parse(fs.readFileSync(path.join(root, 's.json'), 'utf8')) as { counts: Record<string, number>; cases: { file: string; number: string; complete: boolean | null }[] };
  assert.equal(summary.counts.cases, 3);
  // The bundle's case is evaluated as the others are: the counts add up.
  const k = summary.counts;
  assert.equal(k.complete! + k.incomplete! + k.invalid! + k.skipped! + k.failed!, 3, JSON.stringify(k));
  assert.equal(typeof summary.cases[1]!.complete, 'boolean');
  assert.match(r.stderr, /import: 3 cases in all/);
  assert.deepEqual(summary.cases.map((c) => c.number), r.stdout.trim().split('\n').map((l) => l.split(' ')[1]));
  // The transfer case again with one more invoice: the same case (it shares the others).
  const more = JSON.parse(fs.readFileSync(example('transfer-urgent.json'), 'utf8')) as { expenses: Record<string, unknown>[] };
  more.expenses.push({ ...more.expenses[0]!, invoiceNo: '9999999999' });
  const dir = path.join(root, 'more');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(dir, 'scans'), { recursive: true });
  const moreFile = writeCase(dir, 'transfer.json', more);
  const again = claimdesk(['import', moreFile, '--data', b]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already here as CD-\d{8}-\d{4}/);
  // Handed in, it is not replaced (it would go back to draft); keep makes a new case beside it.
  const transfer = summary.cases[2]!.number;
  const { ClaimDeskService } = await import('../../electron/core/service.ts');
  const service = new ClaimDeskService({ dataDir: b, host: 'web', actor: 'test' });
  service.db.prepare(`UPDATE cases SET status = 'submitted' WHERE number = ?`).run(transfer);
  service.close();
  const replace = claimdesk(['import', moreFile, '--data', b, '--on-duplicate', 'replace']);
  assert.equal(replace.code, 2);
  assert.match(replace.stderr, new RegExp(`${transfer} is submitted: it is not replaced`));
  // A case file written on Windows names its scans with backslashes.
  const win = JSON.parse(fs.readFileSync(example('outage-card-not-settled.json'), 'utf8')) as { materials: { files?: string[] }[] };
  for (const m of win.materials) if (m.files) m.files = m.files.map((f) => f.replace(/\//g, '\\'));
  const winDir = path.join(root, 'win');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(winDir, 'scans'), { recursive: true });
  assert.equal(claimdesk(['check', writeCase(winDir, 'w.json', win)]).code, 0);
  // Output names that are folders are refused before any work.
  for (const args of [['check', example('transfer-urgent.json'), '--summary', root], ['backup', '--out', root], ['audit', '--out', `${root}/`], ['export', '--case', number, '--out', root]]) {
    const refused = claimdesk([...args, '--data', b]);
    assert.equal(refused.code, 2, args.join(' '));
    assert.match(refused.stderr, /is a folder/, args.join(' '));
  }
  // A file where a folder should be: named as such, before any work (not EEXIST/ENOTDIR after it).
  const aFile = path.join(root, 'a-file');
  fs.writeFileSync(aFile, '');
  for (const args of [['backup', '--out', path.join(aFile, 'b.zip')], ['audit', '--out', path.join(aFile, 'a.csv')], ['export-list', '--format', 'csv', '--out', path.join(aFile, 'l.csv')], ['package', example('transfer-urgent.json'), '--out-dir', path.join(aFile, 'pdfs')], ['package', example('transfer-urgent.json'), '--out-dir', aFile]]) {
    const refused = claimdesk([...args, '--data', b]);
    assert.equal(refused.code, 2, args.join(' '));
    assert.match(refused.stderr, /a-file is a file, not a folder/, args.join(' '));
  }
});

test('two imports into one new data directory at once both go in: the migrations once, each commit waiting its turn', async () => {
  const root = tempDir();
  const good = JSON.parse(fs.readFileSync(example('outage-card-not-settled.json'), 'utf8')) as { claimant: Record<string, unknown>; expenses: Record<string, unknown>[] };
  for (const [dir, base] of [['one', 100], ['two', 300]] as const) {
    fs.mkdirSync(path.join(root, dir));
    for (let i = 0; i < 15; i++) {
      const n = base + i;
      writeCase(path.join(root, dir), `c${i}.json`, { ...good, materials: [], claimant: { ...good.claimant, name: `并发${n}`, idNumber: idNumber(`35020319880101${String(n).padStart(3, '0')}`) }, expenses: good.expenses.map((e, k) => ({ ...e, invoiceNo: String(n * 100 + k).padStart(10, '0') })) });
    }
  }
  const { spawn } = await import('node:child_process');
  const data = path.join(root, 'data');
  const run = (dir: string) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), 'import', path.join(root, dir), '--data', data], { cwd: REPO_ROOT });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
  const [a, b] = await Promise.all([run('one'), run('two')]);
  assert.equal(a.code, 0, a.stderr);
  assert.equal(b.code, 0, b.stderr);
  assert.equal(a.stdout.trim().split('\n').length + b.stdout.trim().split('\n').length, 30);
  assert.equal(claimdesk(['list', '--json', '--data', data]).stdout.trim().split('\n').length, 30);
  assert.equal(claimdesk(['verify', '--data', data]).code, 0);
});

/** Case files of distinct claimants and invoices (no scans), `n` of them in `dir`. */
function distinctCases(dir: string, n: number, first: number): void {
  const good = JSON.parse(fs.readFileSync(example('outage-card-not-settled.json'), 'utf8')) as { claimant: Record<string, unknown>; expenses: Record<string, unknown>[] };
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const k = first + i;
    writeCase(dir, `c${String(i).padStart(3, '0')}.json`, { ...good, materials: [], claimant: { ...good.claimant, name: `批量${k}`, idNumber: idNumber(`35020319880101${String(k).padStart(3, '0')}`) }, expenses: good.expenses.map((e, j) => ({ ...e, invoiceNo: String(k * 100 + j).padStart(10, '0') })) });
  }
}

function spawnImport(args: string[]) {
  return import('node:child_process').then(({ spawn }) => spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), 'import', ...args], { cwd: REPO_ROOT }));
}

test('two imports of the same folder at once add each case once: the look for a case already here and its insert are one transaction', async () => {
  const root = tempDir();
  distinctCases(path.join(root, 'same'), 60, 500);
  const data = path.join(root, 'data');
  const run = async () => {
    const child = await spawnImport([path.join(root, 'same'), '--data', data, '--jobs', '2']);
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  };
  const [a, b] = await Promise.all([run(), run()]);
  const lines = (a.stdout + b.stdout).trim().split('\n').filter(Boolean);
  assert.equal(lines.length, 60, `${a.stderr}\n${b.stderr}`);
  assert.equal(new Set(lines.map((l) => l.split(' ')[2])).size, 60, 'each file imported once');
  assert.equal(claimdesk(['list', '--json', '--data', data]).stdout.trim().split('\n').length, 60);
  assert.equal(claimdesk(['verify', '--data', data]).code, 0);
});

test('import stopped by a signal, or with stdout gone, has printed a line for every case it committed, and says so on stderr', async () => {
  const root = tempDir();
  distinctCases(path.join(root, 'many'), 120, 700);
  for (const [how, signal] of [['SIGINT', 130], ['SIGTERM', 143], ['EPIPE', 1]] as const) {
    const data = path.join(root, `data-${how}`);
    const child = await spawnImport([path.join(root, 'many'), '--data', data, '--jobs', '1']);
    let stdout = '', stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => {
      stdout += d;
      if (stdout.split('\n').length > 3) resolve();
    }));
    if (how === 'EPIPE') child.stdout.destroy(); // the reader goes away, as `| head -3` does
    else child.kill(how);
    const code = await exited;
    assert.equal(code, signal, `${how}: ${stderr}`);
    const committed = claimdesk(['list', '--json', '--data', data]).stdout.trim().split('\n').filter(Boolean).length;
    assert.ok(committed > 0 && committed < 120, `${how}: ${committed}`);
    assert.match(stderr, how === 'EPIPE' ? new RegExp(`cannot write to stdout \\(EPIPE\\): stopped after ${committed} case`) : new RegExp(`interrupted \\(${how}\\): ${committed} case\\(s\\) imported, each printed above \\(\\d+ of 120 files done\\)`));
    if (how !== 'EPIPE') assert.equal(stdout.trim().split('\n').length, committed, `${how}: every committed case printed`);
    assert.equal(claimdesk(['verify', '--data', data]).code, 0);
  }
});

for (const [signal, exit] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`import DIR --summary interrupted by ${signal}: ends with ${exit}, says how far it got, and writes the summary of every case file (the imported ones with their numbers)`, async () => {
    const cli = path.join(REPO_ROOT, 'dist', 'electron', 'cli.js');
    assert.ok(fs.existsSync(cli), 'dist/ is built (npm run build; npm test does it first)');
    const root = tempDir();
    const dir = path.join(root, 'many');
    distinctCases(dir, 120, 800);
    const data = path.join(root, 'data');
    const summary = path.join(root, 'summary');
    const { spawn } = await import('node:child_process');
    // One thread: with two, the first progress line can come with many cases at once (the
    // ones read ahead, committed in order as soon as the first is in: one per turn, so a
    // signal still stops them — see the --jobs 2 test below).
    const child = spawn(process.execPath, [cli, 'import', dir, '--data', data, '--summary', summary, '--jobs', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => {
      // Its first progress line: the run is under way.
      if (!/^import: \d+\//m.test(stderr) && /^import: \d+\//m.test(stderr + d.toString())) child.kill(signal);
      stderr += d.toString();
    });
    const t = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(t);
    // Before: exit 130/143 and the count, but no summary at all.
    assert.equal(code, exit, stderr);
    const printed = stdout.trim().split('\n').filter(Boolean).map((l) => ({ number: l.split(' ')[1]!, file: l.split(' ')[2]! }));
    const m = new RegExp(`claimdesk import: interrupted \\(${signal}\\): (\\d+) case\\(s\\) imported, each printed above \\((\\d+) of 120 files done\\); nothing else was imported`).exec(stderr);
    assert.ok(m, stderr);
    assert.equal(Number(m[1]), printed.length);
    assert.equal(Number(m[2]), printed.length, 'distinct cases: each one done was imported');
    assert.ok(printed.length > 0 && printed.length < 120, `${printed.length}`);
    assert.match(stderr, /^summary: .*summary\.csv, .*summary\.json$/m);
    const s = JSON.parse(fs.readFileSync(`${summary}.json`, 'utf8')) as { verb: string; counts: Record<string, number>; cases: { file: string; outcome: string; number: string | null; totalFen: number | null; error: string | null }[] };
    assert.equal(s.verb, 'import');
    assert.deepEqual(s.cases.map((c) => path.basename(c.file)).sort(), fs.readdirSync(dir).sort());
    assert.deepEqual([s.counts.cases, s.counts.ok, s.counts.skipped], [120, printed.length, 120 - printed.length]);
    // The imported ones with the numbers printed for them (and listed in the database).
    const listed = claimdesk(['list', '--json', '--data', data]).stdout.trim().split('\n').filter(Boolean).length;
    assert.equal(listed, printed.length);
    for (const p of printed) {
      const row = s.cases.find((c) => c.file === p.file)!;
      assert.equal(row.outcome, 'ok', p.file);
      assert.equal(row.number, p.number);
      assert.ok(row.totalFen! > 0, `${p.file} has its total`);
    }
    for (const c of s.cases.filter((x) => x.outcome === 'skipped')) assert.match(c.error!, new RegExp(`not imported: the run was interrupted \\(${signal}\\) first`));
    const csv = fs.readFileSync(`${summary}.csv`, 'utf8').trim().split('\r\n');
    assert.equal(csv.length, 121);
  });
}

/**
 * A PNG of `width` × `height` black RGB pixels: a few hundred KB on disk that a reader must
 * inflate whole to check (verifyPngRows: 8000 × 8000 is 192 MB of rows) — a case slow to read.
 */
function largeBlackPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // RGB
  const rows = Buffer.alloc((width * 3 + 1) * height); // each row: filter 0, then black
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows, { level: 1 })), chunk('IEND', Buffer.alloc(0))]);
}

test('import DIR --jobs 2 stopped by SIGINT stops at once: no more cases committed after the first line, whatever the other thread read ahead, and the summary lists every file', async () => {
  const cli = path.join(REPO_ROOT, 'dist', 'electron', 'cli.js');
  assert.ok(fs.existsSync(cli), 'dist/ is built (npm run build; npm test does it first)');
  const root = tempDir();
  const dir = path.join(root, 'many');
  const total = 300;
  distinctCases(dir, total, 300);
  // The first case is slow to read (four large scans), so that while it is read the other
  // thread reads all or most of the rest: they wait, to be committed in file order, and come
  // due together the moment the first is in. Committed in one go, they all were — 300 of 300
  // imported after a Ctrl+C that came with the first line.
  fs.mkdirSync(path.join(dir, 'scans'));
  const png = largeBlackPng(8000, 8000);
  const scans = [1, 2, 3, 4].map((k) => { fs.writeFileSync(path.join(dir, 'scans', `expense-list-${k}.png`), png); return `scans/expense-list-${k}.png`; });
  const first = JSON.parse(fs.readFileSync(path.join(dir, 'c000.json'), 'utf8')) as Record<string, unknown>;
  writeCase(dir, 'c000.json', { ...first, materials: [{ id: 'expense-list', status: 'provided', files: scans }] });
  const data = path.join(root, 'data');
  const summary = path.join(root, 'summary');
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [cli, 'import', dir, '--data', data, '--jobs', '2', '--summary', summary], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  let sent = false;
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    // As soon as the first case is said imported: the user's Ctrl+C.
    if (!sent && /^imported /m.test(stdout)) { sent = true; child.kill('SIGINT'); }
  });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const t = setTimeout(() => child.kill('SIGKILL'), 180_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(t);
  assert.ok(sent, `no case was imported: ${stderr}`);
  assert.equal(code, 130, stderr);
  const printed = stdout.trim().split('\n').filter(Boolean);
  const listed = claimdesk(['list', '--json', '--data', data]).stdout.trim().split('\n').filter(Boolean).length;
  // Every case in the database was said imported, and the signal stopped the run well before its end.
  assert.equal(listed, printed.length, stderr);
  assert.ok(printed.length < total * 0.8, `${printed.length} of ${total} cases imported after the Ctrl+C that came with the first`);
  assert.match(stderr, new RegExp(`interrupted \\(SIGINT\\): ${printed.length} case\\(s\\) imported, each printed above`));
  // The summary has every file: the ones imported as such, the rest not.
  const s = JSON.parse(fs.readFileSync(`${summary}.json`, 'utf8')) as { counts: Record<string, number>; cases: { file: string; outcome: string; error: string | null }[] };
  assert.deepEqual(s.cases.map((c) => path.basename(c.file)).sort(), fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort());
  assert.deepEqual([s.counts.cases, s.counts.ok, s.counts.skipped], [total, printed.length, total - printed.length]);
  for (const line of printed) assert.equal(s.cases.find((c) => c.file === line.split(' ')[2])?.outcome, 'ok', line);
  for (const c of s.cases.filter((x) => x.outcome === 'skipped')) assert.match(c.error!, /not imported: the run was interrupted \(SIGINT\) first/);
  assert.equal(claimdesk(['verify', '--data', data]).code, 0);
});

test('every data and export verb is reachable from the command line (cli.ts names them; their modules load on use)', async () => {
  const { verbNames } = await import('../../electron/cli.ts');
  const { dataVerbs } = await import('../../electron/cliData.ts');
  const { exportVerbs } = await import('../../electron/core/export/cli.ts');
  const names = new Set(verbNames());
  for (const verb of [...Object.keys(dataVerbs), ...Object.keys(exportVerbs)]) assert.ok(names.has(verb), `claimdesk ${verb}`);
  for (const verb of ['check', 'package', 'list', 'serve']) assert.ok(names.has(verb), `claimdesk ${verb}`);
});

// ASCII_ONLY: the bundled CLI and batch worker are plain ASCII. V8 keeps each script's source
// in memory for as long as the process runs (it compiles functions lazily from it), and one
// character beyond Latin-1 anywhere in a file — in a comment, or in a regex literal, which
// the bundler copies as it is — makes it keep the whole file as UTF-16, at twice the size.
// For `claimdesk package` that was ~2 MB of its peak memory. Chinese in the code belongs in
// strings (escaped by the bundler) or is written as \u escapes in a regex; comments are
// dropped from the bundles (--minify-whitespace; the CLI has source maps).
test('the bundled CLI and batch worker (dist/, as shipped) are ASCII only, so V8 holds their source at one byte a character', () => {
  const dist = path.join(REPO_ROOT, 'dist', 'electron');
  const files = [path.join(dist, 'cli.js'), path.join(dist, 'core', 'batch', 'worker.bundle.mjs'),
    ...fs.readdirSync(path.join(dist, 'chunks')).filter((f) => f.endsWith('.js')).map((f) => path.join(dist, 'chunks', f))];
  assert.ok(files.every((f) => fs.existsSync(f)), 'dist/ is built (npm run build; npm test does it first)');
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const at = text.search(/[^\x00-\x7f]/);
    assert.equal(at, -1, `${path.relative(REPO_ROOT, file)}: non-ASCII at ${at}: …${text.slice(Math.max(0, at - 60), at + 20)}…`);
  }
});

test('import DIR: a dangling link or a link loop in the folder is one invalid case, named for what it is; the rest are imported, as check and package do', () => {
  const root = tempDir();
  const dir = path.join(root, 'cases');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  fs.symlinkSync('/nonexistent/x.json', path.join(dir, 'dangling.json'));
  fs.symlinkSync('loop.json', path.join(dir, 'loop.json'));
  const data = path.join(root, 'data');
  const r = claimdesk(['import', dir, '--data', data, '--summary', path.join(root, 's')]);
  assert.equal(r.code, 2, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n').map((l) => path.basename(l.split(' ')[2]!)), ['newborn-unnamed.json', 'outage-card-not-settled.json', 'transfer-urgent.json']);
  const summary = JSON.parse(fs.readFileSync(path.join(root, 's.json'), 'utf8')) as { counts: Record<string, number>; cases: { file: string; outcome: string; error: string | null }[] };
  assert.deepEqual([summary.counts.cases, summary.counts.ok, summary.counts.invalid], [5, 3, 2]);
  const error = (f: string) => summary.cases.find((c) => c.file.endsWith(f))!.error!;
  const dangling = /dangling\.json: the link points to \/nonexistent\/x\.json, which does not exist/;
  const loop = /loop\.json: it is a symbolic link loop/;
  assert.match(error('dangling.json'), dangling);
  assert.match(error('loop.json'), loop);
  assert.doesNotMatch(r.stderr, /no such file|ENOENT|ELOOP/);
  // check says the same of them.
  const check = claimdesk(['check', dir]);
  assert.match(check.stdout, dangling);
  assert.match(check.stdout, loop);
  // A link named on the command line is there too: an invalid case, not a usage error; only a
  // name with nothing behind it is one (before the data folder is made).
  const named = claimdesk(['import', path.join(dir, 'dangling.json'), path.join(dir, 'transfer-urgent.json'), '--data', path.join(root, 'data2')]);
  assert.equal(named.code, 2);
  assert.match(named.stdout, /^imported CD-\d{8}-\d{4} .*transfer-urgent\.json$/m);
  assert.match(named.stderr, dangling);
  const typo = claimdesk(['import', path.join(dir, 'no-such.json'), '--data', path.join(root, 'data3')]);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /no-such\.json: no such file or folder/);
});

test('a named pipe (FIFO) or a device among the inputs is one invalid case, named for what it is and never opened: check, package and import go on with the rest', (t) => {
  const root = tempDir();
  const dir = path.join(root, 'cases');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const fifo = path.join(dir, 'a-pipe.json');
  const made = spawnSync('mkfifo', [fifo]);
  if (made.error || made.status !== 0) { t.skip('mkfifo is not available here'); return; }
  // No program ever writes to the pipe: a read of it blocks for ever, so a regression hangs
  // the command — killed here after a minute, which fails the test instead of hanging it.
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000, killSignal: 'SIGKILL' });
    assert.equal(r.signal, null, `claimdesk ${args.join(' ')} hung (killed after 60 s); stderr: ${r.stderr}`);
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const pipe = /a-pipe\.json: is a named pipe \(FIFO\), not a case file/;
  const good = ['newborn-unnamed.json', 'outage-card-not-settled.json', 'transfer-urgent.json'];

  // In a folder: check goes on with the other cases and writes its summary.
  const check = run(['check', dir, '--summary', path.join(root, 's')]);
  assert.equal(check.code, 2, check.stderr);
  const summary = JSON.parse(fs.readFileSync(path.join(root, 's.json'), 'utf8')) as { counts: Record<string, number>; cases: { file: string; outcome: string; error: string | null }[] };
  assert.deepEqual([summary.counts.cases, summary.counts.ok, summary.counts.invalid], [4, 3, 1]);
  assert.match(summary.cases.find((c) => c.file === fifo)!.error!, pipe);
  assert.match(check.stderr, /check: 4 cases/);

  // package --out-dir: every other case gets its package.
  const out = path.join(root, 'pdfs');
  const pkg = run(['package', dir, '--out-dir', out]);
  assert.equal(pkg.code, 2, pkg.stderr);
  assert.deepEqual(fs.readdirSync(out).sort(), good.map((f) => f.replace('.json', '.pdf')));
  assert.match(pkg.stdout, pipe);

  // Named on the command line, with a character device: import takes the good file.
  const imp = run(['import', fifo, '/dev/null', path.join(dir, 'transfer-urgent.json'), '--data', path.join(root, 'data')]);
  assert.equal(imp.code, 2, imp.stderr);
  assert.match(imp.stdout, /^imported CD-\d{8}-\d{4} .*transfer-urgent\.json$/m);
  assert.match(imp.stderr, pipe);
  assert.match(imp.stderr, /\/dev\/null: is a character device, not a case file/);

  // Alone: the one-file check says what it is (exit 2).
  const alone = run(['check', fifo]);
  assert.equal(alone.code, 2);
  assert.match(alone.stderr, pipe);
});

test('import of a spreadsheet (.csv, .xlsx) says it is one and where its lines are imported, not "not valid JSON" or "not a case bundle"', () => {
  const root = tempDir();
  const csv = path.join(root, 'lines.csv');
  fs.writeFileSync(csv, '姓名,身份证号,金额\n张三,11010519491231002X,12.50\n');
  // An .xlsx is a zip: the bundle reader would take it.
  const xlsx = path.join(root, 'lines.xlsx');
  fs.writeFileSync(xlsx, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]));
  const data = path.join(root, 'data');
  const r = claimdesk(['import', csv, xlsx, example('transfer-urgent.json'), '--data', data]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stdout, /^imported CD-\d{8}-\d{4} .*transfer-urgent\.json$/m, 'the case file among them is imported');
  for (const f of ['lines\\.csv: is a spreadsheet \\(\\.csv\\)', 'lines\\.xlsx: is a spreadsheet \\(\\.xlsx\\)']) assert.match(r.stderr, new RegExp(`${f}.*批量导入`));
  assert.doesNotMatch(r.stderr, /not valid JSON|manifest|case bundle \(/);
  const alone = claimdesk(['import', xlsx, '--data', data]);
  assert.equal(alone.code, 2);
  assert.match(alone.stderr, /is a spreadsheet/);
  assert.equal(alone.stdout, '');
});

test('package: 制表日期 and the PDF\'s dates are the day it is built, as in the app — a filedOn in the future is 申请日期 and a warning (case.filedOn), never the preparation date; without filedOn, 申请日期 is that day; built twice the same day, the same bytes', async () => {
  const { todayIso } = await import('../../shared/model/dates.ts');
  const { evaluate } = await import('../../shared/rules/evaluate.ts');
  const { defaultPack } = await import('../../shared/policy/index.ts');
  const today = todayIso();
  const chinese = (iso: string): string => { const [y, m, d] = iso.split('-').map(Number); return `${y}年${m}月${d}日`; };
  const dir = tempDir();
  const good = JSON.parse(fs.readFileSync(example('outage-card-not-settled.json'), 'utf8')) as Record<string, unknown>;
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(dir, 'scans'), { recursive: true });
  const future = `${Number(today.slice(0, 4)) + 1}-03-15`;
  const { filedOn: _f, ...noFiled } = good;
  for (const [name, c, filed] of [['future.json', { ...good, filedOn: future }, future], ['nofiled.json', noFiled, today]] as const) {
    const file = writeCase(dir, name, c);
    const pdfs = ['a.pdf', 'b.pdf'].map((p) => path.join(dir, `${name}-${p}`));
    for (const pdf of pdfs) assert.equal(claimdesk(['package', file, '--out', pdf]).code, 0);
    const cover = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', pdfs[0]!, '-'], { encoding: 'utf8' });
    assert.match(cover, new RegExp(`制表日期\\s+${chinese(today)}`), `${name}: built today`);
    assert.match(cover, new RegExp(`申请日期\\s+${chinese(filed)}`), `${name}: 申请日期 ${filed}`);
    assert.ok(fs.readFileSync(pdfs[0]!).equals(fs.readFileSync(pdfs[1]!)), `${name}: the same bytes`);
    const warned = evaluate(c as never, defaultPack(), { today }).findings.some((f) => f.rule === 'case.filedOn' && f.level === 'warning');
    assert.equal(warned, filed !== today, `${name}: case.filedOn only for a filing date after today`);
    if (filed !== today) assert.match(cover, /申请日期 \d{4}-03-15 晚于今天/);
  }
});

test('package FILE --out PDF again: a case that now fails says the file at --out is an earlier package, not from this run (the file is kept), as a batch says it', () => {
  const dir = tempDir('claimdesk-stale-');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const file = path.join(dir, 'transfer-urgent.json');
  const out = path.join(dir, 'transfer.pdf');
  assert.notEqual(claimdesk(['package', file, '--out', out]).code, 2);
  const earlier = fs.readFileSync(out);
  const c = JSON.parse(fs.readFileSync(file, 'utf8')) as { materials: { files?: string[] }[] };
  c.materials[0]!.files = ['scans/moved-away.jpg'];
  fs.writeFileSync(file, JSON.stringify(c));
  const r = claimdesk(['package', file, '--out', out]);
  assert.equal(r.code, 2, r.stderr);
  assert.ok(r.stderr.includes(`${out} is an earlier package, not from this run`), r.stderr);
  assert.deepEqual(fs.readFileSync(out), earlier, 'the earlier file is left as it was');
  // Nothing there before: nothing to warn of.
  const fresh = claimdesk(['package', file, '--out', path.join(dir, 'new.pdf')]);
  assert.equal(fresh.code, 2);
  assert.doesNotMatch(fresh.stderr, /earlier package/);
});

test('import progress says each outcome in the summary\'s words, and its rate counts real imports, not instant skips', () => {
  const root = tempDir();
  const dir = path.join(root, 'cases');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const data = path.join(root, 'data');
  assert.equal(claimdesk(['import', path.join(dir, 'transfer-urgent.json'), '--data', data]).code, 0);
  const progress = (stderr: string) => stderr.split('\n').filter((l) => /^import: \d+\/\d+ /.test(l));
  // A resumed run: one case already here, skipped as asked; the other two imported.
  const resumed = claimdesk(['import', dir, '--data', data, '--on-duplicate', 'skip', '--jobs', '1']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.doesNotMatch(resumed.stderr, /not processed/);
  assert.match(progress(resumed.stderr).at(-1)!, /^import: 3\/3 \(2 imported, 0 invalid, 0 failed, 1 skipped \(already here\); \d+\.\d imported\/s\)$/);
  // Nothing left to import: every case skipped at once is no speed of importing.
  const again = claimdesk(['import', dir, '--data', data, '--on-duplicate', 'skip', '--jobs', '1']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(progress(again.stderr).at(-1), 'import: 3/3 (0 imported, 0 invalid, 0 failed, 3 skipped (already here); 0.0 imported/s)');
});
