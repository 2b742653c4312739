// Batch check and package (issue 8): a folder of case files, one of them broken, run on
// worker threads; every good case is processed, the broken one is reported, the summary
// (CSV and JSON) names each case's outcome, findings, total and output.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { REPO_ROOT, tempDir } from '../support/temp.ts';
import { parseCsv } from '../../electron/core/import/csv.ts';
import { caseNumbers, type BatchSummary } from '../../electron/core/batch/index.ts';
import { outputNames } from '../../electron/core/batch/outputs.ts';
import { xiamenPackData } from '../../shared/policy/index.ts';
import { PDFDocument } from '@cantoo/pdf-lib';

function claimdesk(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The examples (with their scans folder) plus copies, and one broken and one with a missing scan. */
function folder(): { dir: string; good: string[] } {
  const dir = tempDir('claimdesk-batch-');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const good = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  const outage = JSON.parse(fs.readFileSync(path.join(dir, 'outage-card-not-settled.json'), 'utf8')) as { claimant: { name: string } };
  for (let i = 1; i <= 3; i++) {
    // copy-3's claimant has a name character no font here has (𱍐, U+31350, CJK Extension H).
    fs.writeFileSync(path.join(dir, `copy-${i}.json`), JSON.stringify({ ...outage, claimant: { ...outage.claimant, name: i === 3 ? '吉𱍐' : `复制${i}` } }));
    good.push(`copy-${i}.json`);
  }
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"format": "claimdesk/case@1", "category": ');
  fs.writeFileSync(path.join(dir, 'no-scan.json'), JSON.stringify({ ...outage, materials: [{ id: 'invoices', status: 'provided', files: ['scans/not-there.jpg'] }] }));
  return { dir, good };
}

test('check a folder: one line per case, the broken one reported, the rest checked; summary CSV + JSON', () => {
  const { dir, good } = folder();
  const summaryPath = path.join(tempDir(), 'summary');
  const r = claimdesk(['check', dir, '--summary', summaryPath, '--jobs', '2']);
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; complete?: boolean; error?: string });
  assert.equal(lines.length, good.length + 2);
  assert.match(lines.find((l) => l.file.endsWith('broken.json'))!.error!, /broken\.json: not valid JSON/);
  for (const g of good) assert.equal(typeof lines.find((l) => l.file.endsWith(g))!.complete, 'boolean', g);
  assert.match(r.stderr, /check: \d+ cases in .* on 2 workers/);
  const json = JSON.parse(fs.readFileSync(`${summaryPath}.json`, 'utf8')) as BatchSummary;
  assert.equal(json.counts.cases, good.length + 2);
  // A scan that is not there makes the case invalid, as package finds it.
  assert.equal(json.counts.invalid, 2);
  assert.match(json.cases.find((c) => c.file.endsWith('no-scan.json'))!.error!, /materials\[0\]\.files\[0\].*not-there\.jpg: the file is not there any more \(moved, renamed or deleted/);
  const csv = parseCsv(fs.readFileSync(`${summaryPath}.csv`));
  assert.deepEqual(csv.columns, ['file', 'outcome', 'complete', 'errors', 'warnings', 'findings', 'total_fen', 'total_yuan', 'output', 'pages', 'ms', 'error', 'unprintable', 'number']);
  const broken = csv.rows.find((x) => x.values[0]!.endsWith('broken.json'))!.values;
  assert.equal(broken[1], 'invalid');
  const outage = csv.rows.find((x) => x.values[0]!.endsWith('outage-card-not-settled.json'))!.values;
  assert.equal(outage[1], 'ok');
  assert.ok(Number(outage[6]) > 0, 'total in fen');
});

test('package a folder with --out-dir: every good case gets its PDF; bad ones are named, the rest go on', () => {
  const { dir, good } = folder();
  const out = tempDir('claimdesk-batch-out-');
  const r = claimdesk(['package', dir, '--out-dir', out, '--summary', path.join(out, 'summary.json')]);
  assert.equal(r.code, 2, r.stderr);
  for (const g of good) assert.equal(fs.readFileSync(path.join(out, g.replace('.json', '.pdf'))).subarray(0, 5).toString(), '%PDF-', g);
  assert.ok(!fs.existsSync(path.join(out, 'broken.pdf')));
  assert.ok(!fs.existsSync(path.join(out, 'no-scan.pdf')));
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as BatchSummary;
  assert.equal(summary.counts.ok, good.length);
  assert.equal(summary.counts.invalid, 2);
  const noScan = summary.cases.find((c) => c.file.endsWith('no-scan.json'))!;
  assert.match(noScan.error!, /not-there\.jpg/);
  assert.ok(fs.existsSync(path.join(out, 'summary.csv')));
  const pdfs = summary.cases.filter((c) => c.output);
  assert.ok(pdfs.every((c) => c.output!.startsWith(out) && (c.pages ?? 0) > 0));
  // The character the font cannot print is reported where each reader looks: the case's line,
  // a warning on stderr, the summary (JSON and CSV); the others report none.
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; unprintable?: string[] });
  assert.deepEqual(lines.find((l) => l.file.endsWith('copy-3.json'))!.unprintable, ['𱍐']);
  assert.equal(lines.filter((l) => l.unprintable).length, 1);
  assert.match(r.stderr, /warning: .*copy-3\.pdf: 1 character the font cannot print.*𱍐 \(U\+31350\)/);
  assert.deepEqual(summary.cases.find((c) => c.file.endsWith('copy-3.json'))!.unprintable, ['𱍐']);
  const csv = parseCsv(fs.readFileSync(path.join(out, 'summary.csv')));
  assert.equal(csv.rows.find((x) => x.values[0]!.endsWith('copy-3.json'))!.values[csv.columns.indexOf('unprintable')], '𱍐');
});

test('the compiled CLI packages a folder on worker threads loaded from the bundled worker (dist/, as shipped)', () => {
  const cli = path.join(REPO_ROOT, 'dist', 'electron', 'cli.js');
  const bundle = path.join(REPO_ROOT, 'dist', 'electron', 'core', 'batch', 'worker.bundle.mjs');
  assert.ok(fs.existsSync(cli) && fs.existsSync(bundle), 'dist/ is built (npm run build; npm test does it first)');
  const { dir, good } = folder();
  const out = tempDir('claimdesk-batch-dist-');
  // More cases than one thread would take before a worker is up, so the workers do real work.
  const outage = fs.readFileSync(path.join(dir, 'outage-card-not-settled.json'), 'utf8');
  for (let i = 4; i <= 24; i++) { fs.writeFileSync(path.join(dir, `copy-${i}.json`), outage); good.push(`copy-${i}.json`); }
  const r = spawnSync(process.execPath, [cli, 'package', dir, '--out-dir', out, '--jobs', '2', '--summary', path.join(out, 'summary.json')], { encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 2, r.stderr);
  // Two threads (the main one and a worker) where the machine has two cores: --jobs is capped at them.
  assert.match(r.stderr, new RegExp(`on ${Math.min(2, os.availableParallelism())} workers?:`));
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')) as BatchSummary;
  assert.equal(summary.counts.failed, 0, JSON.stringify(summary.cases.filter((c) => c.outcome === 'failed').map((c) => c.error)));
  assert.equal(summary.counts.ok, good.length);
  for (const g of good) assert.equal(fs.readFileSync(path.join(out, g.replace('.json', '.pdf'))).subarray(0, 5).toString(), '%PDF-', g);
});

test('package: case files of the same name in different folders each keep their package; counts partition the cases', () => {
  const root = tempDir('claimdesk-batch-same-');
  const outage = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'outage-card-not-settled.json'), 'utf8')) as { claimant: { name: string } };
  for (const [sub, name] of [['a', '林一'], ['b', '林二'], ['c', '林三']] as const) {
    fs.mkdirSync(path.join(root, sub));
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(root, sub, 'scans'), { recursive: true });
    fs.writeFileSync(path.join(root, sub, 'case.json'), JSON.stringify({ ...outage, claimant: { ...outage.claimant, name } }));
  }
  // c's scan is gone: that case is invalid, and neither complete nor incomplete.
  const c = JSON.parse(fs.readFileSync(path.join(root, 'c', 'case.json'), 'utf8')) as { materials: { id: string; status: string; files?: string[] }[] };
  c.materials = [...c.materials, { id: 'original-invoices', status: 'provided', files: ['scans/gone.jpg'] }];
  fs.writeFileSync(path.join(root, 'c', 'case.json'), JSON.stringify(c));
  const out = path.join(root, 'out');
  const missing = path.join(root, 'not-there.json');
  const r = claimdesk(['package', path.join(root, 'a', 'case.json'), missing, path.join(root, 'b', 'case.json'), path.join(root, 'c', 'case.json'), '--out-dir', out, '--summary', path.join(out, 's'), '--jobs', '1']);
  assert.equal(r.code, 2, r.stderr);
  const summary = JSON.parse(fs.readFileSync(path.join(out, 's.json'), 'utf8')) as BatchSummary;
  const byFile = new Map(summary.cases.map((x) => [x.file, x]));
  assert.equal(byFile.get(path.join(root, 'a', 'case.json'))!.output, path.join(out, 'case.pdf'));
  assert.equal(byFile.get(path.join(root, 'b', 'case.json'))!.output, path.join(out, 'case-2.pdf'));
  assert.match(spawnSync('pdftotext', [path.join(out, 'case.pdf'), '-'], { encoding: 'utf8' }).stdout, /林一/);
  assert.match(spawnSync('pdftotext', [path.join(out, 'case-2.pdf'), '-'], { encoding: 'utf8' }).stdout, /林二/);
  // A name on the command line that is not there is one invalid case among the others.
  assert.match(byFile.get(missing)!.error!, /not-there\.json: the file is not there any more \(moved, renamed or deleted/);
  const gone = byFile.get(path.join(root, 'c', 'case.json'))!;
  assert.equal(gone.outcome, 'invalid');
  assert.notEqual(gone.complete, true, 'a case whose scan cannot be read is not ready to hand in');
  const k = summary.counts;
  assert.equal(k.complete + k.incomplete + k.invalid + k.failed, k.cases, JSON.stringify(k));
  assert.equal(k.invalid, 2);
  assert.match(r.stderr, new RegExp(`${k.complete} complete, ${k.incomplete} incomplete, 2 invalid`));
});

test('check: --summary into a folder that does not exist is a usage error before any case runs', () => {
  const r = claimdesk(['check', path.join(REPO_ROOT, 'examples'), '--summary', path.join(tempDir(), 'no', 'summary')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--summary: the folder .* does not exist/);
  assert.equal(r.stdout, '', 'no case was checked');
});

test('usage: --out with --out-dir is refused', () => {
  const r = claimdesk(['package', path.join(REPO_ROOT, 'examples'), '--out-dir', tempDir(), '--out', 'x.pdf']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--out names one PDF/);
});

test('batch jobs use the data directory\'s policy packs (--data), in the worker threads as in the main thread', () => {
  const { dir } = folder();
  fs.rmSync(path.join(dir, 'broken.json'));
  fs.rmSync(path.join(dir, 'no-scan.json'));
  const data = tempDir('claimdesk-batch-data-');
  // An administrator's pack in force from 2026-11-01 that asks outage cases for one more material.
  const admin = { ...structuredClone(xiamenPackData), version: '2026.11-admin', effectiveFrom: '2026-11-01' };
  const outage = admin.categories.find((c) => c.id === 'outage')!;
  outage.materials.push({ ...outage.materials[0]!, id: 'admin-extra', title: { 'zh-CN': '管理员加的材料', en: 'Material the administrator added' } });
  fs.mkdirSync(path.join(data, 'packs'), { recursive: true });
  fs.writeFileSync(path.join(data, 'packs', 'admin.json'), JSON.stringify(admin));
  const r = claimdesk(['check', dir, '--jobs', '2', '--data', data]);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; materials: { id: string }[] });
  const outageFiles = lines.filter((l) => /outage-card-not-settled|copy-\d/.test(l.file));
  assert.equal(outageFiles.length, 4, r.stderr);
  for (const l of outageFiles) assert.ok(l.materials.some((m) => m.id === 'admin-extra'), `${l.file}: the administrator's pack applies`);
  const transfer = lines.find((l) => l.file.endsWith('transfer-urgent.json'))!;
  assert.ok(!transfer.materials.some((m) => m.id === 'admin-extra'), 'filed before the pack took effect: the shipped pack');
  // package: the pack's version is in each PDF's keywords
  const out = tempDir('claimdesk-batch-out-');
  const p = claimdesk(['package', dir, '--out-dir', out, '--jobs', '2', '--data', data]);
  assert.equal(p.stdout.trim().split('\n').length, lines.length, p.stderr);
  for (const f of ['outage-card-not-settled', 'copy-1', 'copy-2', 'copy-3']) {
    const info = spawnSync('pdfinfo', [path.join(out, `${f}.pdf`)], { encoding: 'utf8' }).stdout;
    assert.match(info, /Keywords:.*2026\.11-admin/, f);
  }
  assert.doesNotMatch(spawnSync('pdfinfo', [path.join(out, 'transfer-urgent.pdf')], { encoding: 'utf8' }).stdout, /2026\.11-admin/);
});

test('package FILE --out PDF: a name character no font has is named on stderr; the package is still written (exit 0)', () => {
  const dir = tempDir('claimdesk-single-');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const file = path.join(dir, 'rare.json');
  const src = JSON.parse(fs.readFileSync(path.join(dir, 'outage-card-not-settled.json'), 'utf8')) as { claimant: { name: string } };
  fs.writeFileSync(file, JSON.stringify({ ...src, claimant: { ...src.claimant, name: '吉𱍐' } }));
  const out = path.join(dir, 'rare.pdf');
  const r = claimdesk(['package', file, '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(out).subarray(0, 5).toString(), '%PDF-');
  assert.match(r.stderr, /warning: .*rare\.pdf: 1 character the font cannot print.*𱍐 \(U\+31350\)/);
});

test('check many: the same invoice in two case files of one claimant is a duplicate in both (as import finds it against the database); other claimants are not', () => {
  const dir = tempDir('claimdesk-batch-dup-');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const outage = JSON.parse(fs.readFileSync(path.join(dir, 'outage-card-not-settled.json'), 'utf8')) as { claimant: { idNumber: string }; expenses: { invoiceNo: string }[] };
  // The same claim handed in twice (another file name, one invoice in common), and the same invoices under another claimant.
  fs.writeFileSync(path.join(dir, 'again.json'), JSON.stringify({ ...outage, expenses: [outage.expenses[0]] }));
  fs.writeFileSync(path.join(dir, 'other-person.json'), JSON.stringify({ ...outage, claimant: { name: '另一人', idNumber: '350203198001010016' } }));
  // An invalid case file carrying another claimant's invoices: refused, it claims nothing, so it
  // makes no one else's invoice a duplicate.
  fs.writeFileSync(path.join(dir, 'z-invalid.json'), JSON.stringify({ ...outage, claimant: { name: '另一人', idNumber: '350203198001010016' }, category: 'holiday' }));
  const summary = path.join(tempDir(), 's');
  const r = claimdesk(['check', dir, '--summary', summary, '--jobs', '2']);
  assert.equal(r.code, 2, r.stderr); // the invalid file among them
  const json = JSON.parse(fs.readFileSync(`${summary}.json`, 'utf8')) as BatchSummary;
  const row = (f: string) => json.cases.find((c) => c.file.endsWith(f))!;
  for (const f of ['outage-card-not-settled.json', 'again.json']) {
    assert.equal(row(f).complete, false, f);
    assert.ok(row(f).findings.some((x) => x.rule === 'case.duplicateInvoice' && x.level === 'error'), f);
  }
  assert.ok(!row('other-person.json').findings.some((x) => x.rule === 'case.duplicateInvoice'), 'another claimant\'s file is not a duplicate');
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; findings?: { rule: string; message: { 'zh-CN': string } }[] });
  const again = lines.find((l) => l.file.endsWith('again.json'))!;
  assert.match(again.findings!.find((x) => x.rule === 'case.duplicateInvoice')!.message['zh-CN'], /outage-card-not-settled\.json/);
});

test('check many: a case file saved with a UTF-8 BOM (Windows Notepad) takes part in the duplicate-invoice check across files, as it is read everywhere else', () => {
  const dir = tempDir('claimdesk-batch-bom-');
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(dir, 'scans'), { recursive: true });
  const text = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'transfer-urgent.json'));
  fs.writeFileSync(path.join(dir, 'a.json'), text);
  fs.writeFileSync(path.join(dir, 'b-bom.json'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), text]));
  const r = claimdesk(['check', path.join(dir, 'a.json'), path.join(dir, 'b-bom.json')]);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; findings: { rule: string; level: string }[] });
  assert.equal(lines.length, 2);
  for (const l of lines) assert.ok(l.findings.some((f) => f.rule === 'case.duplicateInvoice' && f.level === 'error'), l.file);
});

test('--summary naming an input case file is refused (exit 2) before anything is written; a summary left in the folder is not read as a case file next time', () => {
  const dir = tempDir('claimdesk-batch-sumow-');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const caseFile = path.join(dir, 'transfer-urgent.json');
  const before = fs.readFileSync(caseFile);
  const data = path.join(tempDir(), 'data');
  for (const [args, target] of [
    [['check', dir, '--summary', caseFile], caseFile],
    [['check', path.join(dir, 'newborn-unnamed.json'), caseFile, '--summary', path.join(dir, 'transfer-urgent')], caseFile],
    [['package', dir, '--out-dir', path.join(dir, 'pdfs'), '--summary', caseFile], caseFile],
    [['import', dir, '--data', data, '--summary', path.join(dir, 'newborn-unnamed.csv')], path.join(dir, 'newborn-unnamed.json')],
  ] as const) {
    const r = claimdesk([...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.includes(`--summary ${args.at(-1)}`) && r.stderr.includes(target), r.stderr);
    assert.match(r.stderr, /would overwrite it/);
    assert.equal(r.stdout, '');
  }
  assert.deepEqual(fs.readFileSync(caseFile), before, 'the case file is as it was');
  assert.ok(!fs.existsSync(path.join(dir, 'transfer-urgent.csv')) && !fs.existsSync(path.join(dir, 'pdfs')) && !fs.existsSync(data), 'nothing written');
  // A summary written into the folder: the next run leaves it out (said once), and checks the rest.
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"verb": "check", "format": ');
  const first = claimdesk(['check', dir, '--summary', path.join(dir, 'summary')]);
  assert.equal(first.code, 2, first.stderr); // broken.json
  const next = claimdesk(['check', dir]);
  assert.equal(next.code, 2, next.stderr);
  assert.equal(next.stderr.split('\n').filter((l) => l.includes('summary.json')).length, 1, next.stderr);
  assert.match(next.stderr, /left out a ClaimDesk summary \(not case files\): .*summary\.json/);
  const files = next.stdout.trim().split('\n').map((l) => path.basename((JSON.parse(l) as { file: string }).file)).sort();
  assert.deepEqual(files, ['broken.json', 'newborn-unnamed.json', 'outage-card-not-settled.json', 'transfer-urgent.json'], 'another invalid file is still reported');
});

test('outputNames: every case file keeps its own name where it can; a suffix never takes a name another input has of its own, in any letter case', () => {
  // b/case.json must not become case-2.pdf: that is case-2.json's package (another person).
  assert.deepEqual(outputNames(['/in/a/case.json', '/in/b/case.json', '/in/case-2.json'], '/out'), ['/out/case.pdf', '/out/case-3.pdf', '/out/case-2.pdf']);
  // Whatever the order, and compared without case (CASE.json and Case-2.json clash with case.pdf and case-2.pdf).
  assert.deepEqual(outputNames(['/in/Case-2.json', '/in/a/case.json', '/in/b/CASE.json'], '/out'), ['/out/Case-2.pdf', '/out/case.pdf', '/out/CASE-3.pdf']);
  assert.deepEqual(outputNames(['/in/a/x.json', '/in/b/x.json', '/in/c/x.json', '/in/x-3.json', '/in/x-2.JSON'], '/out'),
    ['/out/x.pdf', '/out/x-4.pdf', '/out/x-5.pdf', '/out/x-3.pdf', '/out/x-2.pdf']);
  // Beside each case file (no --out-dir): different folders never clash.
  assert.deepEqual(outputNames(['/in/a/case.json', '/in/b/case.json'], undefined), ['/in/a/case.pdf', '/in/b/case.pdf']);
});

test('package --out-dir: each person\'s package under their own file\'s name; the cover\'s number from the case file\'s name, distinct within the batch as the package\'s name is', () => {
  const root = tempDir('claimdesk-batch-names-');
  const outage = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'outage-card-not-settled.json'), 'utf8')) as { number?: string; claimant: { name: string } };
  delete outage.number;
  const files: string[] = [];
  for (const [file, name] of [['a/case.json', '林一'], ['b/case.json', '林二'], ['case-2.json', '林三']] as const) {
    const dir = path.dirname(path.join(root, file));
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(dir, 'scans'), { recursive: true });
    fs.writeFileSync(path.join(root, file), JSON.stringify({ ...outage, claimant: { ...outage.claimant, name } }));
    files.push(path.join(root, file));
  }
  const out = path.join(root, 'out');
  const r = claimdesk(['package', ...files, '--out-dir', out, '--summary', path.join(out, 's'), '--jobs', '2']);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const text = (pdf: string) => spawnSync('pdftotext', [path.join(out, pdf), '-'], { encoding: 'utf8' }).stdout;
  assert.match(text('case.pdf'), /林一/);
  assert.match(text('case-2.pdf'), /林三/, 'case-2.pdf is case-2.json\'s package');
  assert.match(text('case-3.pdf'), /林二/);
  // b/case.json is another claim than a/case.json: not FILE-CASE (a's), nor FILE-CASE-2 (case-2.json's own), but FILE-CASE-3 beside case-3.pdf.
  assert.match(text('case.pdf'), /FILE-CASE(?![-\w])/);
  assert.doesNotMatch(text('case.pdf'), /FILE-CASE-\d/);
  assert.match(text('case-3.pdf'), /FILE-CASE-3/);
  assert.doesNotMatch(text('case-3.pdf'), /FILE-CASE(?![-\w])/);
  assert.match(text('case-2.pdf'), /FILE-CASE-2/);
  const summary = JSON.parse(fs.readFileSync(path.join(out, 's.json'), 'utf8')) as BatchSummary;
  assert.deepEqual(summary.cases.map((c) => [path.relative(root, c.file), path.basename(c.output!), c.number]),
    [['a/case.json', 'case.pdf', 'FILE-CASE'], ['b/case.json', 'case-3.pdf', 'FILE-CASE-3'], ['case-2.json', 'case-2.pdf', 'FILE-CASE-2']]);
});

test('caseNumbers: one number per claim in a batch; the first of a name keeps it, a written number is kept, the same inputs give the same numbers', () => {
  const files = ['/in/emp001/case.json', '/in/emp002/case.json', '/in/case-2.json', '/in/emp003/Case.json', '/in/x.json', '/in/y.json', '/in/z.json'];
  const read = [undefined, undefined, undefined, undefined, undefined, { number: 'file-x' }, { number: 'FILE-CASE-4' }] as unknown as Parameters<typeof caseNumbers>[1];
  // y.json writes file-x (kept as written), so x.json's own FILE-X is taken; z.json writes FILE-CASE-4, so emp003's suffix skips it.
  const numbers = caseNumbers(files, read);
  assert.deepEqual(numbers, ['FILE-CASE', 'FILE-CASE-3', 'FILE-CASE-2', 'FILE-CASE-5', 'FILE-X-2', 'file-x', 'FILE-CASE-4']);
  assert.deepEqual(caseNumbers(files, read), numbers, 'deterministic');
  // A file alone, or with no namesake: the number it always had.
  assert.deepEqual(caseNumbers(['/in/emp002/case.json'], [undefined]), ['FILE-CASE']);
  assert.deepEqual(caseNumbers(['/in/a/林雅琴.json', '/in/b/case.json'], [undefined, undefined]), ['FILE-林雅琴', 'FILE-CASE']);
});

test('check and package of two different claims in same-named files (emp001/case.json, emp002/case.json): two numbers, in the summary, on the cover and in the Title; --jobs 2 as --jobs 1', async () => {
  const root = tempDir('claimdesk-batch-dupnames-');
  const outage = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'outage-card-not-settled.json'), 'utf8')) as { number?: string; claimant: { name: string } };
  delete outage.number;
  const files = [['emp001', '林一'], ['emp002', '林二']].map(([dir, name]) => {
    fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(root, dir!, 'scans'), { recursive: true });
    fs.writeFileSync(path.join(root, dir!, 'case.json'), JSON.stringify({ ...outage, claimant: { ...outage.claimant, name } }));
    return path.join(root, dir!, 'case.json');
  });
  const numbers = (summary: string) => (JSON.parse(fs.readFileSync(`${summary}.json`, 'utf8')) as BatchSummary).cases.map((c) => [path.relative(root, c.file), c.number]);
  const csvNumbers = (summary: string) => {
    const csv = parseCsv(fs.readFileSync(`${summary}.csv`));
    return csv.rows.map((r) => r.values[csv.columns.indexOf('number')]);
  };
  const expected = [['emp001/case.json', 'FILE-CASE'], ['emp002/case.json', 'FILE-CASE-2']];
  const runs: Buffer[][] = [];
  for (const jobs of ['1', '2']) {
    const out = path.join(root, `out-${jobs}`);
    const r = claimdesk(['package', ...files, '--out-dir', out, '--summary', path.join(out, 's'), '--jobs', jobs]);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.deepEqual(numbers(path.join(out, 's')), expected, `--jobs ${jobs}`);
    assert.deepEqual(csvNumbers(path.join(out, 's')), ['FILE-CASE', 'FILE-CASE-2'], `--jobs ${jobs}: CSV`);
    const pdfs = ['case.pdf', 'case-2.pdf'].map((f) => fs.readFileSync(path.join(out, f)));
    const titles = await Promise.all(pdfs.map(async (b) => (await PDFDocument.load(b, { updateMetadata: false })).getTitle()));
    assert.match(titles[0]!, /FILE-CASE 林一$/);
    assert.match(titles[1]!, /FILE-CASE-2 林二$/);
    const cover = (f: string) => spawnSync('pdftotext', ['-l', '1', path.join(out, f), '-'], { encoding: 'utf8' }).stdout;
    assert.match(cover('case.pdf'), /FILE-CASE(?![-\w])/);
    assert.doesNotMatch(cover('case.pdf'), /FILE-CASE-2/);
    assert.match(cover('case-2.pdf'), /FILE-CASE-2/);
    runs.push(pdfs);
  }
  assert.ok(runs[0]!.every((b, i) => b.equals(runs[1]![i]!)), '--jobs 2 writes the bytes --jobs 1 writes');
  // check: the numbers the packages carry.
  const summary = path.join(root, 'check');
  const c = claimdesk(['check', ...files, '--summary', summary, '--jobs', '2']);
  assert.ok(c.code === 0 || c.code === 1, c.stderr);
  assert.deepEqual(numbers(summary), expected);
  assert.deepEqual(csvNumbers(summary), ['FILE-CASE', 'FILE-CASE-2']);
  // Either file alone keeps the number it always had.
  const alone = path.join(root, 'alone.pdf');
  assert.equal(claimdesk(['package', files[1]!, '--out', alone]).code, 0);
  assert.match((await PDFDocument.load(fs.readFileSync(alone), { updateMetadata: false })).getTitle()!, /FILE-CASE 林二$/);
});

test('--jobs is capped at the number of cores, said once on stderr; the summary\'s jobs is what was used', () => {
  const cores = os.availableParallelism();
  const summary = path.join(tempDir(), 's');
  const files = ['transfer-urgent.json', 'newborn-unnamed.json', 'outage-card-not-settled.json'].map((f) => path.join(REPO_ROOT, 'examples', f));
  const r = claimdesk(['check', ...files, '--jobs', '256', '--summary', summary]);
  assert.equal(r.code, 1, r.stderr);
  if (cores < 256) assert.equal(r.stderr.split('\n').filter((l) => l === `--jobs 256: using ${cores}, the number of cores`).length, 1, r.stderr);
  const json = JSON.parse(fs.readFileSync(`${summary}.json`, 'utf8')) as BatchSummary;
  assert.ok(json.jobs <= Math.min(cores, files.length), `jobs ${json.jobs} on ${cores} cores`);
  assert.match(r.stderr, new RegExp(`on ${json.jobs} workers?:`));
  // Within the cores: nothing said.
  assert.doesNotMatch(claimdesk(['check', ...files, '--jobs', '1']).stderr, /the number of cores/);
});

test('a batch flag without its value names the flag and what it takes, not "Unknown option"', () => {
  const file = path.join(REPO_ROOT, 'examples', 'transfer-urgent.json');
  for (const args of [['check', file, '--summary'], ['check', file, '--summary', '--jobs', '2'], ['package', file, '--out-dir', tempDir(), '--jobs'], ['import', file, '--summary']]) {
    const r = claimdesk(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, new RegExp(`claimdesk ${args[0]}: --${args.includes('--jobs') && args.at(-1) === '--jobs' ? 'jobs needs a number' : 'summary needs a path'}`), `${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /Unknown option/);
    assert.equal(r.stdout, '');
  }
});

test('a folder\'s case files are *.json in any letter case (UPPER.JSON from a Windows tool is not silently left out)', () => {
  const dir = tempDir('claimdesk-batch-upper-');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  fs.renameSync(path.join(dir, 'transfer-urgent.json'), path.join(dir, 'TRANSFER.JSON'));
  const r = claimdesk(['check', dir]);
  const files = r.stdout.trim().split('\n').map((l) => path.basename((JSON.parse(l) as { file: string }).file)).sort();
  assert.deepEqual(files, ['TRANSFER.JSON', 'newborn-unnamed.json', 'outage-card-not-settled.json'], r.stderr);
});

test('a folder stands for the case files directly in it; case files in its subfolders are named once on stderr, with how to take them, never dropped silently (check, package, import)', () => {
  const root = tempDir('claimdesk-batch-below-');
  const dir = path.join(root, 'batch');
  fs.mkdirSync(dir);
  for (const f of ['outage-card-not-settled.json', 'transfer-urgent.json']) fs.copyFileSync(path.join(REPO_ROOT, 'examples', f), path.join(dir, f));
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(dir, 'scans'), { recursive: true });
  for (const month of ['2026-10', '2026-11', '2026-12/late']) {
    fs.mkdirSync(path.join(dir, month), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'examples', 'newborn-unnamed.json'), path.join(dir, month, 'case.json'));
  }
  // Not case files: a summary left in a subfolder, and anything in a hidden folder.
  fs.mkdirSync(path.join(dir, 'reports'));
  fs.writeFileSync(path.join(dir, 'reports', 'summary.json'), JSON.stringify({ verb: 'check', started: '', ms: 0, jobs: 1, counts: {}, cases: [] }));
  fs.mkdirSync(path.join(dir, '.git'));
  fs.writeFileSync(path.join(dir, '.git', 'x.json'), '{}');
  const below = ['2026-10', '2026-11', '2026-12/late'].map((m) => path.join(dir, m, 'case.json'));
  const warnings = (stderr: string) => stderr.split('\n').filter((l) => /not taken/.test(l));

  const check = claimdesk(['check', dir, '--summary', path.join(root, 's')]);
  const summary = JSON.parse(fs.readFileSync(path.join(root, 's.json'), 'utf8')) as BatchSummary;
  assert.equal(summary.counts.cases, 2, 'the top level only');
  const [warning, ...more] = warnings(check.stderr);
  assert.equal(more.length, 0, check.stderr);
  assert.match(warning!, /^warning: 3 case files in subfolders were not taken \(a folder stands for the case files directly in it\)/);
  for (const f of below) assert.ok(warning!.includes(f), `${f} named: ${warning}`);
  assert.ok(warning!.includes(`name their folders too: ${path.join(dir, '2026-10')}, ${path.join(dir, '2026-11')}, ${path.join(dir, '2026-12', 'late')}`), warning);
  assert.doesNotMatch(warning!, /summary\.json|\.git/);

  // Named as well, a subfolder's case files are taken and no longer said.
  const named = claimdesk(['check', dir, path.join(dir, '2026-10'), path.join(dir, '2026-12', 'late')]);
  assert.equal(named.stdout.trim().split('\n').length, 4, named.stderr);
  assert.deepEqual(warnings(named.stderr), [`warning: 1 case file in a subfolder was not taken (a folder stands for the case files directly in it): ${below[1]}; to take it, name its folder too: ${path.join(dir, '2026-11')}`]);

  const pkg = claimdesk(['package', dir, '--out-dir', path.join(root, 'pdfs')]);
  assert.equal(warnings(pkg.stderr).length, 1, pkg.stderr);
  assert.equal(fs.readdirSync(path.join(root, 'pdfs')).length, 2);
  const imp = claimdesk(['import', dir, '--data', path.join(root, 'data')]);
  assert.equal(imp.code, 0, imp.stderr);
  assert.equal(warnings(imp.stderr).length, 1, imp.stderr);
  assert.equal(imp.stdout.trim().split('\n').length, 2);
});

test('package --out-dir again: a case that fails now says its earlier package is still there and not from this run (the file is kept)', () => {
  const dir = tempDir('claimdesk-batch-stale-');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const out = path.join(dir, 'pdfs');
  assert.notEqual(claimdesk(['package', dir, '--out-dir', out]).code, 2);
  const earlier = fs.readFileSync(path.join(out, 'transfer-urgent.pdf'));
  // A scan moved away since, and a new case file that never had a package.
  const transfer = JSON.parse(fs.readFileSync(path.join(dir, 'transfer-urgent.json'), 'utf8')) as { materials: { files?: string[] }[] };
  transfer.materials[0]!.files = ['scans/moved-away.jpg'];
  fs.writeFileSync(path.join(dir, 'transfer-urgent.json'), JSON.stringify(transfer));
  fs.writeFileSync(path.join(dir, 'new.json'), JSON.stringify(transfer));
  const r = claimdesk(['package', dir, '--out-dir', out, '--summary', path.join(dir, 's'), '--jobs', '2']);
  assert.equal(r.code, 2, r.stderr);
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 's.json'), 'utf8')) as BatchSummary;
  const row = (f: string) => summary.cases.find((c) => c.file.endsWith(f))!;
  const stale = `${path.join(out, 'transfer-urgent.pdf')} is an earlier package, not from this run`;
  assert.equal(row('transfer-urgent.json').outcome, 'invalid');
  assert.ok(row('transfer-urgent.json').error!.includes(stale), row('transfer-urgent.json').error!);
  assert.ok(r.stderr.includes(stale), 'said in the progress too');
  assert.ok(r.stdout.split('\n').some((l) => l.includes(stale)), 'and in the case\'s JSON line');
  assert.deepEqual(fs.readFileSync(path.join(out, 'transfer-urgent.pdf')), earlier, 'the earlier file is left as it was');
  assert.doesNotMatch(row('new.json').error!, /earlier package/, 'no package there before: nothing to warn of');
  assert.doesNotMatch(row('newborn-unnamed.json').error ?? '', /earlier/);
});

test('package --out-dir: a package that would overwrite another case\'s scan in the same batch is refused; that scan is untouched and its case built from it', async () => {
  const dir = tempDir('claimdesk-batch-');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const src = JSON.parse(fs.readFileSync(path.join(dir, 'transfer-urgent.json'), 'utf8')) as { materials: { id: string; status: string; files?: string[] }[] };
  // portrait.json's package, with --out-dir scans, would be scans/portrait.pdf: the scan b.json attaches.
  fs.writeFileSync(path.join(dir, 'portrait.json'), JSON.stringify(src));
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  const scan = Buffer.from(await doc.save());
  fs.writeFileSync(path.join(dir, 'scans', 'portrait.pdf'), scan);
  fs.writeFileSync(path.join(dir, 'b.json'), JSON.stringify({ ...src, materials: src.materials.map((m, i) => (i === 0 ? { ...m, files: ['scans/portrait.pdf'] } : m)) }));
  const summary = path.join(tempDir(), 'summary');
  // portrait.json first: its package would replace b's scan before b is packaged.
  const r = claimdesk(['package', path.join(dir, 'portrait.json'), path.join(dir, 'b.json'), '--out-dir', path.join(dir, 'scans'), '--summary', summary, '--jobs', '1']);
  const json = JSON.parse(fs.readFileSync(`${summary}.json`, 'utf8')) as BatchSummary;
  const a = json.cases.find((c) => c.file.endsWith('portrait.json'))!;
  assert.equal(a.outcome, 'invalid', r.stderr);
  assert.match(a.error!, /portrait\.pdf would overwrite .*b\.json's attachment scans\/portrait\.pdf \(materials\[0\]\.files\[0\]\), another case of this batch; choose another --out-dir/);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'scans', 'portrait.pdf')), scan, 'b\'s scan is untouched');
  const b = json.cases.find((c) => c.file.endsWith('b.json'))!;
  assert.equal(b.outcome, 'ok', b.error ?? '');
  assert.ok(b.pages! < 12, `b carries its own one-page scan, not portrait.json's package (${b.pages} pages)`);
});

/**
 * Run the compiled CLI with `args` and send it `signal` once `when` first matches what it has
 * written to `on` (stdout or stderr); its exit code and both outputs.
 */
async function cliInterrupted(args: string[], signal: NodeJS.Signals, on: 'stdout' | 'stderr', when: RegExp) {
  const cli = path.join(REPO_ROOT, 'dist', 'electron', 'cli.js');
  assert.ok(fs.existsSync(cli), 'dist/ is built (npm run build; npm test does it first)');
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const seen = { stdout: '', stderr: '' };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream].on('data', (d: Buffer) => {
      if (stream === on && !when.test(seen[stream]) && when.test(seen[stream] + d.toString())) child.kill(signal);
      seen[stream] += d.toString();
    });
  }
  const t = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(t);
  return { code, ...seen };
}

/** A fresh folder with the examples' scans and `count` copies of one example named `name(i)`. */
function folderOfCopies(prefix: string, count: number, name: (i: number) => string): string {
  const dir = tempDir(prefix);
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(dir, 'scans'), { recursive: true });
  const outage = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'outage-card-not-settled.json'), 'utf8');
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, name(i)), outage);
  return dir;
}

/**
 * The compiled CLI packaging `count` copies of an example (with its scans) into a fresh folder,
 * sent `signal` once the first case is reported packaged on stdout.
 */
async function interruptedPackage(signal: NodeJS.Signals, count: number) {
  const dir = folderOfCopies('claimdesk-batch-int-', count, (i) => `case-${String(i).padStart(3, '0')}.json`);
  const out = tempDir('claimdesk-batch-int-out-');
  const summary = path.join(tempDir(), 'summary');
  const r = await cliInterrupted(['package', dir, '--out-dir', out, '--jobs', '2', '--summary', summary, '--data', tempDir()], signal, 'stdout', /"output"/);
  return { ...r, out, summary, count };
}

for (const [signal, exit] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`package --out-dir interrupted by ${signal}: ends at once with ${exit}, says how far it got, leaves only finished PDFs (no hidden .tmp), and writes the summary`, async () => {
    const r = await interruptedPackage(signal, 60);
    // Before: the signal was often lost (the batch ran to the end, exit 1) and never said.
    assert.equal(r.code, exit, r.stderr);
    const m = /claimdesk package: interrupted \((SIG\w+)\): (\d+) of 60 cases packaged, each printed above/.exec(r.stderr);
    assert.ok(m, r.stderr);
    assert.equal(m[1], signal);
    const printed = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { output?: string }).filter((l) => l.output).map((l) => l.output!);
    assert.equal(Number(m[2]), printed.length);
    assert.ok(printed.length < 60, 'stopped before the end');
    // Nothing but the PDFs printed above: no partial package under a final or a hidden name.
    assert.deepEqual(fs.readdirSync(r.out).sort(), printed.map((p) => path.basename(p)).sort());
    for (const p of printed) {
      const bytes = fs.readFileSync(p);
      assert.equal(bytes.subarray(0, 5).toString(), '%PDF-', p);
      assert.match(bytes.subarray(-8).toString(), /%%EOF\s*$/, p);
    }
    // The summary: every case, the ones not done as skipped, saying why; counts still partition.
    const s = JSON.parse(fs.readFileSync(`${r.summary}.json`, 'utf8')) as BatchSummary;
    assert.deepEqual(Object.keys(s).sort(), ['cases', 'counts', 'jobs', 'ms', 'started', 'verb']);
    assert.equal(s.counts.cases, 60);
    assert.equal(s.counts.ok, printed.length);
    assert.equal(s.counts.ok + s.counts.skipped + s.counts.invalid + s.counts.failed, 60);
    assert.deepEqual(s.cases.filter((c) => c.outcome === 'ok').map((c) => c.output).sort(), [...printed].sort());
    for (const c of s.cases.filter((x) => x.outcome === 'skipped')) assert.match(c.error!, new RegExp(`not packaged: the run was interrupted \\(${signal}\\) first`));
    assert.ok(fs.existsSync(`${r.summary}.csv`));
  });
}

/**
 * The compiled CLI checking `count` copies of an example (and one broken file) in a fresh
 * folder, sent `signal` once its first progress line is on stderr.
 */
async function interruptedCheck(signal: NodeJS.Signals, count: number) {
  const dir = folderOfCopies('claimdesk-check-int-', count, (i) => `emp-${String(i).padStart(4, '0')}.json`);
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"format": "claimdesk/case@1", "category": ');
  const summary = path.join(tempDir(), 'summary');
  const r = await cliInterrupted(['check', dir, '--summary', summary, '--jobs', '2', '--data', tempDir()], signal, 'stderr', /^check: \d+\//m);
  return { ...r, dir, summary, cases: count + 1 };
}

for (const [signal, exit] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`check DIR --summary interrupted by ${signal}: ends with ${exit}, says how many it checked, and writes the summary of every case (the checked ones with their results)`, async () => {
    const r = await interruptedCheck(signal, 200);
    // Before: the signal ended the process at once (no exit code, no word, no summary).
    assert.equal(r.code, exit, r.stderr);
    const m = /claimdesk check: interrupted \((SIG\w+)\): (\d+) of 201 cases checked, each printed above(?:, (\d+) could not be \(also above\))?; (\d+) not checked/.exec(r.stderr);
    assert.ok(m, r.stderr);
    assert.equal(m[1], signal);
    const printed = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; error?: string; complete?: boolean; totals?: { amountFen: number } });
    const checked = printed.filter((l) => l.error === undefined);
    assert.equal(Number(m[2]), checked.length);
    // The broken file, when it was reached (it may not be: workers take jobs as they come).
    const invalid = printed.length - checked.length;
    assert.equal(Number(m[3] ?? 0), invalid);
    assert.equal(Number(m[4]), 201 - printed.length);
    assert.ok(printed.length < 201, 'stopped before the end');
    assert.match(r.stderr, /^summary: .*summary\.csv, .*summary\.json$/m);
    // Every case file has its row: the checked ones with the results printed for them, the
    // broken one invalid, the others not reached (skipped, saying why, as package marks them).
    const s = JSON.parse(fs.readFileSync(`${r.summary}.json`, 'utf8')) as BatchSummary;
    assert.deepEqual(Object.keys(s).sort(), ['cases', 'counts', 'jobs', 'ms', 'started', 'verb']);
    assert.equal(s.verb, 'check');
    const caseFiles = fs.readdirSync(r.dir).filter((f) => f.endsWith('.json')).sort();
    assert.deepEqual(s.cases.map((c) => path.basename(c.file)).sort(), caseFiles);
    assert.equal(s.counts.cases, 201);
    assert.deepEqual([s.counts.ok, s.counts.invalid, s.counts.skipped, s.counts.failed], [checked.length, invalid, 201 - printed.length, 0]);
    for (const p of checked) {
      const row = s.cases.find((c) => c.file === p.file)!;
      assert.equal(row.outcome, 'ok', p.file);
      assert.equal(row.complete, p.complete, p.file);
      assert.equal(row.totalFen, p.totals!.amountFen, p.file);
      assert.ok(row.totalFen! > 0 && row.findings.length > 0, `${p.file} has its results`);
    }
    const broken = s.cases.find((c) => c.file.endsWith('broken.json'))!;
    assert.equal(broken.outcome, invalid ? 'invalid' : 'skipped', broken.error ?? '');
    const notReached = s.cases.filter((c) => c.outcome === 'skipped');
    for (const c of notReached) {
      assert.match(c.error!, new RegExp(`not checked: the run was interrupted \\(${signal}\\) first`));
      assert.equal(c.complete, null);
    }
    const csv = parseCsv(fs.readFileSync(`${r.summary}.csv`));
    assert.equal(csv.rows.filter((x) => x.values[0]).length, 201);
    assert.equal(csv.rows.filter((x) => x.values[1] === 'ok').length, checked.length);
  });
}

test('package --out-dir removes the packages\' temporary files a killed run left there, and only those: a live run\'s (recent) and other files stay', () => {
  const dir = tempDir('claimdesk-batch-');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const out = tempDir('claimdesk-batch-sweep-');
  const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
  const make = (name: string, old: boolean): string => {
    const f = path.join(out, name);
    fs.writeFileSync(f, '%PDF-1.7 partial');
    if (old) fs.utimesSync(f, hourAgo, hourAgo);
    return f;
  };
  const stale = [make('.case-000009.pdf.96cd1ca090da.tmp', true), make('.transfer-urgent.pdf.0123456789ab.tmp', true)];
  const live = make('.case-000010.pdf.fedcba987654.tmp', false); // another run at the same time is writing it
  const notOurs = [make('.notes.txt.0123456789ab.tmp', true), make('.case.pdf.tmp', true), make('case.pdf.0123456789ab.tmp', true)];
  const r = claimdesk(['package', path.join(dir, 'transfer-urgent.json'), '--out-dir', out, '--jobs', '1']);
  assert.ok(fs.existsSync(path.join(out, 'transfer-urgent.pdf')), r.stderr);
  for (const f of stale) assert.ok(!fs.existsSync(f), `${f} removed`);
  assert.match(r.stderr, /removed 2 temporary file\(s\) an interrupted run left in .*\.case-000009\.pdf\.96cd1ca090da\.tmp/);
  assert.ok(fs.existsSync(live), 'a recent one may be another run\'s, still being written');
  for (const f of notOurs) assert.ok(fs.existsSync(f), `${f} is not a package's temporary file`);
});

test('package --out-dir: a folder with a case\'s package name fails that case saying it is a folder (not "an earlier package"); the others are built', () => {
  const dir = tempDir('claimdesk-batch-');
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true });
  const out = tempDir('claimdesk-batch-folder-');
  fs.mkdirSync(path.join(out, 'transfer-urgent.pdf'));
  const summary = path.join(tempDir(), 'summary');
  const r = claimdesk(['package', path.join(dir, 'transfer-urgent.json'), path.join(dir, 'outage-card-not-settled.json'), '--out-dir', out, '--summary', summary, '--jobs', '1']);
  const s = JSON.parse(fs.readFileSync(`${summary}.json`, 'utf8')) as BatchSummary;
  const bad = s.cases.find((c) => c.file.endsWith('transfer-urgent.json'))!;
  assert.equal(bad.outcome, 'failed', r.stderr);
  assert.match(bad.error!, /transfer-urgent\.pdf is a folder, not a file: the package cannot be written under that name; rename or remove the folder/);
  assert.doesNotMatch(bad.error!, /earlier package|EISDIR/);
  assert.equal(bad.output, null);
  assert.ok(fs.statSync(path.join(out, 'transfer-urgent.pdf')).isDirectory(), 'the folder is left as it was');
  assert.deepEqual(fs.readdirSync(path.join(out, 'transfer-urgent.pdf')), []);
  assert.equal(s.cases.find((c) => c.file.endsWith('outage-card-not-settled.json'))!.outcome, 'ok');
  assert.deepEqual(fs.readdirSync(out).sort(), ['outage-card-not-settled.pdf', 'transfer-urgent.pdf']);
});

test('a folder\'s case files are FILES: a subfolder named sub.json (or a link to a folder) is no case, and the run exits 0 (check, import)', () => {
  const root = tempDir('claimdesk-batch-jsondir-');
  const dir = path.join(root, 'in');
  fs.mkdirSync(dir);
  for (const f of ['outage-card-not-settled.json', 'transfer-urgent.json']) fs.copyFileSync(path.join(REPO_ROOT, 'examples', f), path.join(dir, f));
  fs.cpSync(path.join(REPO_ROOT, 'examples', 'scans'), path.join(dir, 'scans'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'sub.json'));
  fs.symlinkSync(path.join(dir, 'scans'), path.join(dir, 'link.json'));
  const check = claimdesk(['check', dir]);
  assert.notEqual(check.code, 2, check.stderr);
  const checked = check.stdout.trim().split('\n').map((l) => path.basename((JSON.parse(l) as { file: string }).file)).sort();
  assert.deepEqual(checked, ['outage-card-not-settled.json', 'transfer-urgent.json'], check.stderr);
  const imp = claimdesk(['import', dir, '--data', path.join(root, 'data')]);
  assert.equal(imp.code, 0, imp.stderr);
  assert.doesNotMatch(imp.stderr, /EISDIR|[1-9]\d* invalid|sub\.json|link\.json/);
  assert.equal(imp.stdout.trim().split('\n').length, 2);
});
