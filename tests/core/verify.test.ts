// `claimdesk verify` / data.verify: missing or altered attachment files, integrity_check,
// foreign_key_check, missing package files and duplicate invoices are found and reported
// (exit 1); clean data passes (exit 0).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { makeService, tempDir, idNumber, REPO_ROOT } from '../support/temp.ts';
import { writeCaseFile } from '../support/data.ts';
import { importCaseFile } from '../../electron/core/caseImport.ts';
import { readCaseFile } from '../../electron/core/caseFiles.ts';
import { verifyData } from '../../electron/core/verify.ts';
import type { CaseRecord, IntegrityReport } from '../../shared/contract.ts';

const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });

async function dataWithCases(): Promise<{ data: string; numbers: string[] }> {
  const data = tempDir('claimdesk-verify-');
  const s = makeService({ dataDir: data });
  const dir = tempDir();
  const numbers: string[] = [];
  for (const i of [1, 2, 3]) { const { file } = writeCaseFile(dir, i, 'verify'); numbers.push(await importCaseFile(s, readCaseFile(file), file)); }
  assert.ok((await s.dispatch('packages.build', { number: numbers[0] })).ok);
  s.close();
  return { data, numbers };
}

test('clean data passes: exit 0, a report with nothing in it', async () => {
  const { data } = await dataWithCases();
  const r = cli(['verify', '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as IntegrityReport;
  assert.equal(report.ok, true);
  assert.deepEqual(report.integrity, ['ok']);
  assert.ok(report.attachments.checked >= 3);
  assert.equal(report.packages.checked, 1);
});

test('a missing and an altered attachment, a missing package are found and named, with their cases (exit 1)', async () => {
  const { data, numbers } = await dataWithCases();
  const s = makeService({ dataDir: data });
  // the third case has two distinct files (a unique scan and a shared PNG)
  const rec = ((await s.dispatch('cases.get', { number: numbers[2] })) as { value: CaseRecord }).value;
  const [first, second] = [...new Set(rec.attachments.map((a) => a.sha256))];
  fs.rmSync(s.store.pathOf(first!));
  const altered = fs.readFileSync(s.store.pathOf(second!));
  altered[500] = altered[500]! ^ 0x01;
  fs.writeFileSync(s.store.pathOf(second!), altered);
  fs.rmSync(path.join(s.paths.packages, `${numbers[0]}.pdf`));
  const report = verifyData(s);
  s.close();
  assert.equal(report.ok, false);
  assert.deepEqual(report.attachments.problems.map((p) => [p.sha256, p.problem]).sort(), [[first, 'missing'], [second, 'altered']].sort());
  assert.ok(report.attachments.problems.every((p) => p.files.some((f) => f.case === numbers[2])));
  assert.deepEqual(report.packages.missing, [{ case: numbers[0], fileName: `${numbers[0]}.pdf` }]);
  const r = cli(['verify', '--data', data]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, new RegExp(`attachment missing: .*${first}.*${numbers[2]}`));
  assert.match(r.stderr, new RegExp(`attachment altered .*${second}`));
  assert.match(r.stderr, /package file missing/);
});

test('a package file cut short or changed since it was built: verify names it, and it is not handed out for printing', async () => {
  const { data, numbers } = await dataWithCases();
  const s = makeService({ dataDir: data });
  assert.ok((await s.dispatch('packages.read', { number: numbers[0] })).ok);
  const pdf = path.join(s.paths.packages, `${numbers[0]}.pdf`);
  fs.truncateSync(pdf, 1000);
  const report = verifyData(s);
  assert.equal(report.ok, false);
  assert.deepEqual(report.packages.altered, [{ case: numbers[0], fileName: `${numbers[0]}.pdf` }]);
  assert.match(report.messages.join('\n'), /package file altered/);
  const read = await s.dispatch('packages.read', { number: numbers[0] });
  assert.deepEqual(read.ok ? null : [read.error.code, /build it again/.test(read.error.message)], ['conflict', true]);
  // a byte changed, the size kept: the same
  assert.ok((await s.dispatch('packages.build', { number: numbers[0] })).ok);
  const bytes = fs.readFileSync(pdf);
  bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 0x01;
  fs.writeFileSync(pdf, bytes);
  assert.equal(verifyData(s).packages.altered.length, 1);
  s.close();
});

test('integrity_check and foreign_key_check problems are reported (exit 1)', async () => {
  const { data } = await dataWithCases();
  // an index page scribbled over (the table is intact, its index no longer matches it)
  const file = path.join(data, 'claimdesk.sqlite');
  const db = new Database(file);
  const root = (db.prepare(`SELECT rootpage FROM sqlite_master WHERE name = 'expense_lines_case'`).get() as { rootpage: number }).rootpage;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, Buffer.alloc(64, 0x07), 0, 64, root * pageSize - 64);
  fs.closeSync(fd);
  const db2 = new Database(path.join(data, 'claimdesk.sqlite'));
  db2.pragma('foreign_keys = OFF');
  db2.prepare(`DELETE FROM cases WHERE id = (SELECT MAX(id) FROM cases)`).run();
  db2.close();
  const r = cli(['verify', '--data', data]);
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout) as IntegrityReport;
  assert.notDeepEqual(report.integrity, ['ok']);
  assert.ok(report.foreignKeys.some((f) => f.table === 'expense_lines' && f.parent === 'cases'));
  assert.match(r.stderr, /database integrity: /);
  assert.match(r.stderr, /broken reference: expense_lines/);
});

test('duplicate invoices: within a case, across cases of the same claimant, and across claimants (an invoice is one person\'s)', async () => {
  const s = makeService();
  const same = idNumber('35020319900512042');
  const other = idNumber('35020319851231001');
  const mk = async (name: string, id: string) => ((await s.dispatch('cases.create', { category: 'outage', claimant: { name, idNumber: id } })) as { value: CaseRecord }).value.number;
  const a = await mk('张丽', same);
  const b = await mk('张丽', same);
  const c = await mk('王芳', other);
  const line = (invoiceNo: string, invoiceCode = '35010126') => ({ date: '2026-10-01', institution: '厦门市中医院', kind: 'outpatient', amountFen: 100, invoiceCode, invoiceNo });
  for (const [n, l] of [[a, line('0001')], [a, line('0002')], [a, line(' 0002 ')], [b, line('０００１')], [b, line('0003')], [c, line('0003')]] as const) {
    assert.ok((await s.dispatch('expenses.add', { number: n, line: l })).ok);
  }
  const report = verifyData(s);
  assert.deepEqual(report.duplicateInvoices.map((d) => [d.invoice, d.at.map((x) => `${x.case}#${x.line}`)]).sort(), [
    ['35010126|0001', [`${a}#1`, `${b}#1`]],
    ['35010126|0002', [`${a}#2`, `${a}#3`]],
    ['35010126|0003', [`${b}#2`, `${c}#1`]],
  ].sort());
  assert.deepEqual(report.duplicateInvoices.map((d) => [d.invoice, d.claimant]).sort(), [['35010126|0001', '张丽'], ['35010126|0002', '张丽'], ['35010126|0003', '张丽、王芳']]);
  assert.ok(report.messages.some((m) => m.includes('35010126 0003 (张丽、王芳)')), report.messages.join('\n'));
  assert.equal(report.ok, false);
  // the case screen shows the rule's finding, fed by the query of the claimant's other cases
  const rec = ((await s.dispatch('cases.get', { number: b })) as { value: CaseRecord }).value;
  assert.ok(rec.evaluation.findings.some((f) => f.rule === 'case.duplicateInvoice' && f.message.en.includes(a)), JSON.stringify(rec.evaluation.findings.map((f) => f.rule)));
  const recC = ((await s.dispatch('cases.get', { number: c })) as { value: CaseRecord }).value;
  assert.ok(!recC.evaluation.findings.some((f) => f.rule === 'case.duplicateInvoice'), 'the case rule still compares a claimant\'s own cases only');
  const viaContract = await s.dispatch('data.verify', {});
  assert.ok(viaContract.ok && (viaContract.value as IntegrityReport).duplicateInvoices.length === 3);
  s.close();
});
