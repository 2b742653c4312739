// Exports for HR (issue 8): the case list with filters to XLSX and CSV with Chinese headers,
// read back by the importer's own readers (round trip), and the summary per month, category
// and employer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { makeService, idNumber } from '../support/temp.ts';
import type { CaseRecord, ExportedFileInfo } from '../../shared/contract.ts';
import { parseXlsx } from '../../electron/core/import/xlsx.ts';
import { parseCsv } from '../../electron/core/import/csv.ts';
import { EXPORT_PAGE, exportReport, LIST_COLUMNS, type ReportDimension } from '../../electron/core/export/list.ts';
import { csvWriter, xlsxWriter } from '../../electron/core/export/sheet.ts';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { seedLarge } from '../tools/seed-large.ts';
import { ClaimDeskService } from '../../electron/core/service.ts';
import { tempDir } from '../support/temp.ts';
import { defaultPack } from '../../shared/policy/index.ts';

async function ok<T>(p: Promise<{ ok: boolean; value?: unknown; error?: unknown }>): Promise<T> {
  const r = await p;
  assert.equal(r.ok, true, `expected ok, got ${JSON.stringify(r)}`);
  return r.value as T;
}

async function fixture() {
  let t = Date.parse('2026-11-27T02:00:00Z');
  const s = makeService({ now: () => new Date((t += 1000)) });
  const mk = async (name: string, first17: string, employer: string, category: string, filedOn: string, amounts: number[]) => {
    let rec = await ok<CaseRecord>(s.dispatch('cases.create', { category, filedOn, claimant: { name, idNumber: idNumber(first17), employer } }));
    for (const amountFen of amounts) rec = await ok<CaseRecord>(s.dispatch('expenses.add', { number: rec.number, line: { date: filedOn, institution: '厦门市中医院', kind: 'outpatient', amountFen } }));
    return rec;
  };
  const a = await mk('张伟', '35020319850312001', '厦门航空有限公司', 'outage', '2026-10-08', [35650, 12000]);
  const b = await mk('欧阳娜娜', '35021119900101002', '厦门大学', 'trip', '2026-10-20', [123456]);
  const c = await mk('=HYPERLINK("x")', '11010519491231002', '厦门航空有限公司', 'outage', '2026-11-02', [1]);
  await ok(s.dispatch('cases.setStatus', { number: b.number, status: 'submitted' }));
  return { s, a, b, c };
}

test('the case list round-trips through XLSX and CSV: Chinese headers, IDs as text, 元 to the fen', async () => {
  const { s, a, b, c } = await fixture();
  const list = await ok<{ items: { number: string }[] }>(s.dispatch('cases.list', {}));
  for (const format of ['xlsx', 'csv'] as const) {
    const f = await ok<ExportedFileInfo>(s.dispatch('export.list', { format }));
    assert.match(f.fileName, new RegExp(`^案件清单-2026-11-27\\.${format}$`));
    assert.equal(f.rows, 3);
    const bytes = Buffer.from(f.base64, 'base64');
    const table = format === 'xlsx' ? await parseXlsx(bytes) : parseCsv(bytes);
    assert.deepEqual(table.columns, LIST_COLUMNS.map((col) => col.header));
    assert.deepEqual(table.rows.map((r) => r.values[0]), list.items.map((i) => i.number), 'same order as the list');
    const row = (n: string) => table.rows.find((r) => r.values[0] === n)!.values.map((v) => v.trim());
    const za = row(a.number);
    assert.deepEqual([za[1], za[2], za[3], za[4], za[6], za[7], za[9]],
      ['张伟', idNumber('35020319850312001'), '厦门航空有限公司', defaultPack().categories.find((x) => x.id === 'outage')!.title['zh-CN'], '草稿', '2', '2026-10-08']);
    assert.equal(za[8], format === 'csv' ? '476.50' : '476.5');
    assert.equal(row(b.number)[6], '已提交');
    assert.equal(row(b.number)[8], format === 'csv' ? '1234.56' : '1234.56');
    if (format === 'csv') assert.equal(row(c.number)[1], `'=HYPERLINK("x")`, 'a formula-like name is escaped');
    // Times as Xiamen's clock showed them (UTC+8), not UTC without its zone (the XLSX's real dates: below).
    const created = (s.db.prepare('SELECT created_at FROM cases WHERE number = ?').get(a.number) as { created_at: string }).created_at;
    if (format === 'csv') {
      assert.equal(za[10], new Date(Date.parse(created) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '));
      assert.notEqual(za[10], created.replace('T', ' ').slice(0, 19));
    }
  }
  s.close();
});

test('filters apply to the export; a query uses the search', async () => {
  const { s, b } = await fixture();
  const submitted = await ok<ExportedFileInfo>(s.dispatch('export.list', { format: 'csv', status: 'submitted' }));
  assert.equal(submitted.rows, 1);
  assert.equal(parseCsv(Buffer.from(submitted.base64, 'base64')).rows[0]!.values[0], b.number);
  const outage = await ok<ExportedFileInfo>(s.dispatch('export.list', { format: 'csv', category: 'outage' }));
  assert.equal(outage.rows, 2);
  const q = await ok<ExportedFileInfo>(s.dispatch('export.list', { format: 'xlsx', query: '欧阳' }));
  assert.equal(q.rows, 1);
  s.close();
});

test('the HR summary per month, category and employer adds up', async () => {
  const { s } = await fixture();
  const f = await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'csv', by: ['month', 'category', 'employer'] }));
  assert.match(f.fileName, /^报销汇总-月份-类别-工作单位-\d{4}-\d{2}-\d{2}\.csv$/); // named in the screen's language
  const t = parseCsv(Buffer.from(f.base64, 'base64'));
  assert.deepEqual(t.columns, ['月份', '类别', '工作单位', '案件数', '明细条数', '金额(元)']);
  const rows = t.rows.map((r) => r.values);
  assert.equal(rows.length, 3);
  // Within a month, categories in the screens' order: 短期外出 (trip) before 系统故障 (outage).
  assert.deepEqual(rows.map((r) => [r[0], r[2], r[3], r[4], r[5]]), [
    ['2026-10', '厦门大学', '1', '1', '1234.56'],
    ['2026-10', '厦门航空有限公司', '1', '2', '476.50'],
    ['2026-11', '厦门航空有限公司', '1', '1', '0.01'],
  ]);
  const byEmployer = await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'xlsx', by: ['employer'] }));
  const x = await parseXlsx(Buffer.from(byEmployer.base64, 'base64'));
  // The spreadsheet, read by a person, ends with the totals (合计); the CSV above has no such row.
  assert.deepEqual(x.rows.map((r) => r.values), [['厦门大学', '1', '1', '1234.56'], ['厦门航空有限公司', '2', '3', '476.51'], ['合计', '3', '4', '1711.07']]);
  assert.equal(byEmployer.rows, 2);
  // months the wrong way round are refused, naming the field, as the CLI refuses them (not an empty report)
  const backwards = await s.dispatch('export.report', { format: 'csv', from: '2026-11', to: '2026-01' });
  assert.deepEqual(backwards.ok ? null : [backwards.error.code, backwards.error.field], ['invalid_request', 'from']);
  s.close();
});

test('claimdesk export-list and report write the same files from the command line', async () => {
  const { s } = await fixture();
  const dir = s.paths.dir;
  s.close();
  const { spawnSync } = await import('node:child_process');
  const path = await import('node:path');
  const { REPO_ROOT, tempDir } = await import('../support/temp.ts');
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), ...args, '--data', dir], { encoding: 'utf8' });
  const out = path.join(tempDir(), 'list.xlsx');
  const r = cli(['export-list', '--format', 'xlsx', '--out', out, '--category', 'outage']);
  assert.equal(r.status, 0, r.stderr);
  const { readFileSync } = await import('node:fs');
  assert.equal((await parseXlsx(readFileSync(out))).rows.length, 2);
  const rep = cli(['report', '--by', 'month,category,employer']);
  assert.equal(rep.status, 0, rep.stderr);
  assert.match(rep.stdout, /^月份,类别,工作单位,案件数,明细条数,金额\(元\)\r\n2026-10,/);
  const bad = cli(['report', '--by', 'week']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--by: .*not week/);
  // Refused before any work, naming the flag: an --out in a folder that is not there, months the wrong way round.
  const noFolder = cli(['export-list', '--format', 'csv', '--out', path.join(tempDir(), 'no', 'list.csv')]);
  assert.equal(noFolder.status, 2);
  assert.match(noFolder.stderr, /--out: the folder .* does not exist/);
  const backwards = cli(['report', '--from', '2026-11', '--to', '2026-01']);
  assert.equal(backwards.status, 2);
  assert.match(backwards.stderr, /--from 2026-11 is after --to 2026-01/);

  // --out through a symbolic link writes the file it points at; the link stays a link.
  const fs = await import('node:fs');
  const linkDir = tempDir();
  const target = path.join(linkDir, 'target.csv');
  fs.symlinkSync('target.csv', path.join(linkDir, 'link.csv'));
  const viaLink = cli(['export-list', '--format', 'csv', '--out', path.join(linkDir, 'link.csv')]);
  assert.equal(viaLink.status, 0, viaLink.stderr);
  assert.ok(fs.lstatSync(path.join(linkDir, 'link.csv')).isSymbolicLink(), 'the link is still a link');
  assert.match(fs.readFileSync(target, 'utf8'), /案件编号/);
  // A link into a folder that does not exist: named before any work, exit 2 (not ENOENT on a temporary file)
  fs.symlinkSync('gone/list.csv', path.join(linkDir, 'dangling.csv'));
  const dangling = cli(['export-list', '--format', 'csv', '--out', path.join(linkDir, 'dangling.csv')]);
  assert.equal(dangling.status, 2, dangling.stderr);
  assert.match(dangling.stderr, /--out: the folder .*gone does not exist/);
  // A device or a pipe (/dev/stdout, a FIFO) is refused before any work: it would be replaced by a plain file.
  const fifo = path.join(linkDir, 'pipe');
  spawnSync('mkfifo', [fifo]);
  for (const out of ['/dev/null', fifo, '-']) {
    const r = cli(['export-list', '--format', 'csv', '--out', out]);
    assert.equal(r.status, 2, `${out}: ${r.stderr}`);
    assert.match(r.stderr, /--out: .*(not a regular file|not supported)/);
  }
  assert.ok(fs.statSync('/dev/null').isCharacterDevice(), '/dev/null is untouched');
  assert.ok(fs.statSync(fifo).isFIFO());

  // A --data with no ClaimDesk data is a mistyped folder: refused, and nothing is made there.
  const nowhere = path.join(tempDir(), 'typo');
  for (const args of [['report'], ['export-list', '--format', 'csv', '--out', path.join(linkDir, 'x.csv')], ['list'], ['verify']]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), ...args, '--data', nowhere], { encoding: 'utf8' });
    assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, /--data: no ClaimDesk data in .*typo/);
  }
  assert.equal(fs.existsSync(nowhere), false, 'no database was made');
  // Another program's SQLite file, or an empty one, under ClaimDesk's name: refused, left as it was
  const foreign = tempDir();
  const Database = (await import('better-sqlite3')).default;
  const other = new Database(path.join(foreign, 'claimdesk.sqlite'));
  other.exec('CREATE TABLE foo (x)');
  other.close();
  const before = fs.readFileSync(path.join(foreign, 'claimdesk.sqlite'));
  const refusedForeign = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), 'list', '--data', foreign], { encoding: 'utf8' });
  assert.equal(refusedForeign.status, 2, refusedForeign.stderr);
  assert.match(refusedForeign.stderr, /is not a ClaimDesk database/);
  assert.deepEqual(fs.readFileSync(path.join(foreign, 'claimdesk.sqlite')), before);
  assert.deepEqual(fs.readdirSync(foreign), ['claimdesk.sqlite'], 'no folders made');
});

test('the HR summary lists categories in the screens\' order (not by internal id) and a case without an employer as （未填写）', async () => {
  const { s } = await fixture();
  await ok(s.dispatch('cases.create', { category: 'visits20', filedOn: '2026-10-09', claimant: { name: '林一', idNumber: idNumber('35020319800101003') } }));
  const f = await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'csv', by: ['category'] }));
  const titles = defaultPack().categories;
  const expected = titles.filter((c) => ['outage', 'trip', 'visits20'].includes(c.id)).map((c) => c.title['zh-CN']);
  assert.notDeepEqual(expected, ['outage', 'trip', 'visits20'].map((id) => titles.find((c) => c.id === id)!.title['zh-CN']), 'the pack\'s order is not the ids\' order');
  assert.deepEqual(parseCsv(Buffer.from(f.base64, 'base64')).rows.map((r) => r.values[0]), expected);
  const byEmployer = await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'xlsx', by: ['employer'] }));
  assert.deepEqual((await parseXlsx(Buffer.from(byEmployer.base64, 'base64'))).rows.map((r) => r.values[0]), ['厦门大学', '厦门航空有限公司', '（未填写）', '合计']);
  s.close();
});

test('the HR summary by employer: spellings that read alike (a space, a no-break space, a zero-width space, full-width letters) are one employer under its most used spelling; （未填写） typed in is no employer', async () => {
  const s = makeService();
  const employers = ['厦门航空有限公司', '厦门航空有限公司', '厦门航空 有限公司', '厦门航空\u00a0有限公司', '厦门航空有限公司\u200b', 'ＩＢＭ中国', 'IBM中国', '（未填写）', null];
  for (const [i, employer] of employers.entries()) {
    await ok(s.dispatch('cases.create', { category: 'trip', filedOn: '2026-10-09', claimant: { name: `员工${i}`, idNumber: idNumber(`3502031980010110${i}`), ...(employer ? { employer } : {}) } }));
  }
  for (const format of ['csv', 'xlsx'] as const) {
    const f = await ok<ExportedFileInfo>(s.dispatch('export.report', { format, by: ['employer'] }));
    const rows = format === 'csv' ? parseCsv(Buffer.from(f.base64, 'base64')).rows : (await parseXlsx(Buffer.from(f.base64, 'base64'))).rows;
    assert.deepEqual(rows.map((r) => [r.values[0], r.values[1]]), [['IBM中国', '2'], ['厦门航空有限公司', '5'], ['（未填写）', '2'], ['合计', '9']].slice(0, format === 'csv' ? 3 : 4), format);
  }
  s.close();
});

test('claimdesk export-list and report: the format follows --out\'s extension; a --format that contradicts it, or another extension without --format, is bad usage', async () => {
  const { s } = await fixture();
  const dir = s.paths.dir;
  s.close();
  const { spawnSync } = await import('node:child_process');
  const path = await import('node:path');
  const fs = await import('node:fs');
  const { REPO_ROOT, tempDir } = await import('../support/temp.ts');
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), ...args, '--data', dir], { encoding: 'utf8' });
  const out = tempDir();
  const contradicts = cli(['export-list', '--format', 'csv', '--out', path.join(out, 'list.xlsx')]);
  assert.equal(contradicts.status, 2);
  assert.match(contradicts.stderr, /--format csv contradicts --out .*list\.xlsx/);
  assert.equal(fs.existsSync(path.join(out, 'list.xlsx')), false);
  const xlsx = cli(['export-list', '--out', path.join(out, 'list.xlsx')]);
  assert.equal(xlsx.status, 0, xlsx.stderr);
  assert.equal((await parseXlsx(fs.readFileSync(path.join(out, 'list.xlsx')))).rows.length, 3);
  const report = cli(['report', '--out', path.join(out, 'r.CSV')]);
  assert.equal(report.status, 0, report.stderr);
  assert.match(fs.readFileSync(path.join(out, 'r.CSV'), 'utf8'), /^\ufeff月份,类别,工作单位/);
  for (const args of [['report', '--out', path.join(out, 'r.txt')], ['export-list', '--out', path.join(out, 'noext')]]) {
    const r = cli(args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /--out .*: name a \.xlsx or \.csv file, or give --format xlsx or --format csv/);
  }
  const given = cli(['report', '--format', 'csv', '--out', path.join(out, 'r.txt')]);
  assert.equal(given.status, 0, given.stderr);
});

/** A sheet's cells as exceljs reads them: values (Dates for dates) and number formats. */
async function cells(base64: string): Promise<{ value: unknown; numFmt: string | undefined }[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const out: { value: unknown; numFmt: string | undefined }[][] = [];
  wb.worksheets[0]!.eachRow((row) => { const r: { value: unknown; numFmt: string | undefined }[] = []; row.eachCell({ includeEmpty: true }, (c) => r.push({ value: c.value, numFmt: c.numFmt })); out.push(r); });
  return out;
}

const csvRows = (f: ExportedFileInfo) => Papa.parse<string[]>(Buffer.from(f.base64, 'base64').toString('utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

test('the CSV is plain data for programs: the ID number as it is (no tab), amounts and codes never escaped, free text escaped', async () => {
  const { s, a, c } = await fixture();
  const f = await ok<ExportedFileInfo>(s.dispatch('export.list', { format: 'csv' }));
  const text = Buffer.from(f.base64, 'base64').toString('utf8');
  assert.doesNotMatch(text, /\t/, 'no tab anywhere');
  const rows = csvRows(f);
  const byNumber = new Map(rows.slice(1).map((r) => [r[0], r]));
  // Read by a CSV parser that does not trim (papaparse, as other programs read it).
  assert.equal(byNumber.get(a.number)![2], idNumber('35020319850312001'));
  assert.equal(byNumber.get(c.number)![2], idNumber('11010519491231002'));
  assert.equal(byNumber.get(c.number)![1], `'=HYPERLINK("x")`, 'a name that starts like a formula is still escaped');
  // The writer: a negative amount and a number-like code column stay as they are; an employer starting with + or @ is escaped.
  const w = csvWriter([{ header: 'n' }, { header: 'e', kind: 'text' }, { header: 'm', kind: 'money' }]);
  w.add([['-1', '+86 公司', -1234], ['@x', '@x', 5]]);
  assert.equal((await w.finish()).toString('utf8'), '\uFEFFn,e,m\r\n-1,\'+86 公司,-12.34\r\n@x,\'@x,0.05\r\n');
  s.close();
});

test('the XLSX holds dates and times as Excel dates (the clock the screens show, Xiamen time) and months as months', async () => {
  const { s, a } = await fixture();
  const list = await cells((await ok<ExportedFileInfo>(s.dispatch('export.list', { format: 'xlsx' }))).base64);
  const header = list[0]!.map((c) => c.value);
  const row = list.find((r) => r[0]!.value === a.number)!;
  const col = (h: string) => row[header.indexOf(h)]!;
  assert.deepEqual(col('申报日期'), { value: new Date('2026-10-08T00:00:00Z'), numFmt: 'yyyy-mm-dd' });
  const stored = s.db.prepare('SELECT created_at, updated_at FROM cases WHERE number = ?').get(a.number) as { created_at: string; updated_at: string };
  // exceljs reads an Excel date as that clock time in UTC; stored 02:00:01Z is 10:00:01 in Xiamen, as the screens show it.
  for (const [h, iso] of [['创建时间', stored.created_at], ['最后修改', stored.updated_at]] as const) {
    assert.equal(col(h).numFmt, 'yyyy-mm-dd hh:mm:ss');
    assert.ok(col(h).value instanceof Date, `${h} is a date`);
    assert.equal((col(h).value as Date).getTime(), Math.floor(Date.parse(iso) / 1000) * 1000 + 8 * 3600_000, h);
  }
  assert.equal(col('金额(元)').numFmt, '#,##0.00');
  assert.equal(col('金额(元)').value, 476.5);
  const report = await cells((await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'xlsx', by: ['month'] }))).base64);
  assert.deepEqual(report.map((r) => r[0]), [
    { value: '月份', numFmt: 'yyyy-mm' },
    { value: new Date('2026-10-01T00:00:00Z'), numFmt: 'yyyy-mm' }, { value: new Date('2026-11-01T00:00:00Z'), numFmt: 'yyyy-mm' },
    { value: '合计', numFmt: 'yyyy-mm' },
  ]);
  // The CSV keeps text.
  assert.equal(csvRows(await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'csv', by: ['month'] })))[1]![0], '2026-10');
  s.close();
});

test('the HR summary by month lists every month of the range, one without cases as a row of zeros (CSV and XLSX)', async () => {
  const { s } = await fixture();
  await ok(s.dispatch('cases.create', { category: 'trip', filedOn: '2027-01-05', claimant: { name: '林一', idNumber: idNumber('35020319800101003') } }));
  // No range: from the first month with cases to the last; 2026-12 has none.
  const all = await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'csv', by: ['month', 'category', 'employer'] }));
  const title = (id: string) => defaultPack().categories.find((x) => x.id === id)!.title['zh-CN'];
  assert.deepEqual(csvRows(all).slice(1).map((r) => r.join('|')), [
    `2026-10|${title('trip')}|厦门大学|1|1|1234.56`,
    `2026-10|${title('outage')}|厦门航空有限公司|1|2|476.50`,
    `2026-11|${title('outage')}|厦门航空有限公司|1|1|0.01`,
    '2026-12|||0|0|0.00',
    `2027-01|${title('trip')}|（未填写）|1|0|0.00`,
  ]);
  assert.equal(all.rows, 5);
  // A range: every month of it, before, between and after the months with cases.
  const ranged = await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'csv', by: ['month'], from: '2026-09', to: '2027-02' }));
  assert.deepEqual(csvRows(ranged).slice(1), [
    ['2026-09', '0', '0', '0.00'], ['2026-10', '2', '3', '1711.06'], ['2026-11', '1', '1', '0.01'],
    ['2026-12', '0', '0', '0.00'], ['2027-01', '1', '0', '0.00'], ['2027-02', '0', '0', '0.00'],
  ]);
  // A range with no case at all still lists its months; the XLSX too, its 合计 unchanged.
  const empty = await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'xlsx', by: ['month', 'employer'], from: '2025-11', to: '2026-01' }));
  assert.deepEqual((await cells(empty.base64)).map((r) => r.map((c) => c.value)), [
    ['月份', '工作单位', '案件数', '明细条数', '金额(元)'],
    [new Date('2025-11-01T00:00:00Z'), null, 0, 0, 0], [new Date('2025-12-01T00:00:00Z'), null, 0, 0, 0], [new Date('2026-01-01T00:00:00Z'), null, 0, 0, 0],
    ['合计', null, 0, 0, 0],
  ]);
  s.close();
});

test('a mistyped filing year (2926 for 2026, 2016) does not fill centuries of empty months: those cases stand on their own rows; ordinary gaps are still zeros (web host and CLI)', async () => {
  const { s } = await fixture();
  const mk = async (name: string, first17: string, filedOn: string) =>
    ok(s.dispatch('cases.create', { category: 'trip', filedOn, claimant: { name, idNumber: idNumber(first17) } }));
  await mk('林一', '35020319800101003', '2027-01-05'); // 2026-12 has none: still a row of zeros
  await mk('林三', '35020319800101005', '2926-01-20'); // the typo the tester made: ~10,800 rows before
  await mk('林四', '35020319800101006', '2016-03-01'); // a year off the other way: 127 rows before
  const expected = [
    ['2016-03', '1', '0', '0.00'],
    ['2026-10', '2', '3', '1711.06'], ['2026-11', '1', '1', '0.01'], ['2026-12', '0', '0', '0.00'], ['2027-01', '1', '0', '0.00'],
    ['2926-01', '1', '0', '0.00'],
  ];
  const all = await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'csv', by: ['month'] }));
  assert.deepEqual(csvRows(all).slice(1), expected);
  assert.equal(all.rows, 6);
  // By month and category: the same months, the typo's case under its category.
  const both = csvRows(await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'csv', by: ['month', 'category'] })));
  assert.deepEqual([...new Set(both.slice(1).map((r) => r[0]))], expected.map((r) => r[0]));
  // One end given: the runs between it and the months with cases follow the same rule.
  const fromOnly = csvRows(await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'csv', by: ['month'], from: '2026-08' })));
  assert.deepEqual(fromOnly.slice(1), [['2026-08', '0', '0', '0.00'], ['2026-09', '0', '0', '0.00'], ...expected.slice(1)]);
  // A run of exactly two years is filled (2024-10 … 2026-09 between 2024-09 and 2026-10).
  await mk('林五', '35020319800101007', '2024-09-10');
  const twoYears = csvRows(await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'csv', by: ['month'], to: '2027-01' })));
  assert.equal(twoYears.slice(1).filter((r) => r[1] === '0').length, 24 + 1, 'the 24 months between, and 2026-12');
  assert.equal(twoYears[1]![0], '2016-03');
  // The command line builds the same report.
  const dir = s.paths.dir;
  const web = (await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'csv', by: ['month'] }))).base64;
  s.close();
  const { spawnSync } = await import('node:child_process');
  const path = await import('node:path');
  const { REPO_ROOT } = await import('../support/temp.ts');
  const rep = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'electron', 'cli.ts'), 'report', '--by', 'month', '--data', dir], { encoding: 'utf8' });
  assert.equal(rep.status, 0, rep.stderr);
  assert.equal(rep.stdout, Buffer.from(web, 'base64').toString('utf8').replace(/^\uFEFF/, ''));
});

test('a large export answers other calls between its pages, and writes the list as it was when it began', async () => {
  const dataDir = tempDir();
  seedLarge({ dataDir, cases: EXPORT_PAGE * 3, lines: 1 });
  const s = new ClaimDeskService({ dataDir, host: 'web', actor: 'test' });
  const listAll = async () => {
    const items: { number: string; status: string }[] = [];
    for (let offset = 0; offset < EXPORT_PAGE * 3; offset += 500) items.push(...(await ok<{ items: { number: string; status: string }[] }>(s.dispatch('cases.list', { limit: 500, offset }))).items);
    return items;
  };
  const before = await listAll();
  for (const format of ['csv', 'xlsx'] as const) {
    const done: string[] = [];
    const exported = s.dispatch('export.list', { format }).then((r) => { done.push('export'); return r; });
    // Sent once the export has started: answered before it ends, not after it.
    const oldest = before[before.length - 1]!;
    const meanwhile = new Promise((resolve) => setImmediate(() => {
      void s.dispatch('cases.search', { query: '张', limit: 10 }).then((r) => { done.push('search'); resolve(r); });
      // A change while the export runs: the oldest case becomes the newest (and would move pages).
      void s.dispatch('cases.setStatus', { number: oldest.number, status: oldest.status === 'rejected' ? 'draft' : 'rejected' });
    }));
    const f = await ok<ExportedFileInfo>(exported);
    await meanwhile;
    assert.deepEqual(done, ['search', 'export'], format);
    const table = format === 'xlsx' ? await parseXlsx(Buffer.from(f.base64, 'base64')) : parseCsv(Buffer.from(f.base64, 'base64'));
    assert.deepEqual(table.rows.map((r) => r.values[0]), before.map((i) => i.number), `${format}: every case once, in the order of the list when it began`);
    before.splice(0, before.length, ...await listAll());
  }
  s.close();
});

test('the HR summary counts a case not yet filed in the month it was created in Xiamen (UTC+8), not in UTC', async () => {
  const { s } = await fixture();
  const c = await ok<{ number: string }>(s.dispatch('cases.create', { category: 'trip', claimant: { name: '林二', idNumber: idNumber('35020319800101004') } }));
  // Made at 07:30 on 1 December in Xiamen: 23:30 on 30 November in UTC.
  s.db.prepare('UPDATE cases SET created_at = ?, filed_on = NULL WHERE number = ?').run('2026-11-30T23:30:00.000Z', c.number);
  const rows = csvRows(await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'csv', by: ['month'], from: '2026-12', to: '2026-12' })));
  assert.deepEqual(rows.slice(1), [['2026-12', '1', '0', '0.00']]);
  s.close();
});

test('an XLSX stays readable when stored text holds a character XML cannot (U+FFFF from a database older than the rule refusing it): written as U+FFFD', async () => {
  const w = xlsxWriter('案件', [{ header: '姓名', kind: 'text' }, { header: '工作单位', kind: 'text' }, { header: '编号' }]);
  w.add([['王\uffff明', '厦门某\ufffe公司\u0001', 'XM-1\ud800']]);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await w.finish()) as unknown as ArrayBuffer); // the sheet's XML was not well-formed: 'disallowed character'
  const row = wb.worksheets[0]!.getRow(2);
  assert.deepEqual([1, 2, 3].map((c) => row.getCell(c).value), ['王\ufffd明', '厦门某\ufffd公司\ufffd', 'XM-1\ufffd']);
});

test('the HR summary grouped a slice of cases at a time has the figures of one grouping of every case', async () => {
  const dataDir = tempDir();
  seedLarge({ dataDir, cases: 400, lines: 3 });
  const s = new ClaimDeskService({ dataDir, host: 'web', actor: 'test' });
  // What the seeder never makes: cases not yet filed (month of creation), claimants without an
  // employer, and gaps in the ids (deleted cases) that leave a slice with few or no cases.
  s.db.exec(`UPDATE cases SET filed_on = NULL WHERE id % 7 = 0;
    UPDATE people SET employer = NULL WHERE id % 5 = 0;
    DELETE FROM expense_lines WHERE case_id BETWEEN 100 AND 140; DELETE FROM materials WHERE case_id BETWEEN 100 AND 140;
    DELETE FROM attachments WHERE case_id BETWEEN 100 AND 140; DELETE FROM cases WHERE id BETWEEN 100 AND 140;`);
  const dimensions: ReportDimension[][] = [['month', 'category', 'employer'], ['month'], ['category'], ['employer'], ['employer', 'month']];
  const filters = [{}, { status: 'draft' as const }, { from: '2025-03', to: '2026-02' }, { status: 'submitted' as const, from: '2024-12' }];
  for (const by of dimensions) {
    for (const f of filters) {
      const whole = await exportReport(s.db, by, 'csv', '2026-11-28', f, Number.MAX_SAFE_INTEGER);
      const sliced = await exportReport(s.db, by, 'csv', '2026-11-28', f, 17);
      assert.ok(whole.rows > 1, `${by} ${JSON.stringify(f)}: something to compare`);
      assert.equal(sliced.bytes.toString('utf8'), whole.bytes.toString('utf8'), `${by} ${JSON.stringify(f)}`);
    }
  }
  const xlsx = async (slice: number) => cells((await exportReport(s.db, ['month', 'category', 'employer'], 'xlsx', '2026-11-28', {}, slice)).bytes.toString('base64'));
  const whole = await xlsx(Number.MAX_SAFE_INTEGER);
  assert.deepEqual(await xlsx(17), whole);
  assert.equal(whole.at(-1)![3]!.value, 400 - 41, 'the 合计 row counts every case once');
  s.close();
});

test('the HR summary answers other calls between its slices, and sums the cases as they were when it began', async () => {
  const dataDir = tempDir();
  seedLarge({ dataDir, cases: 300, lines: 1 });
  const s = new ClaimDeskService({ dataDir, host: 'web', actor: 'test' });
  const draft = s.db.prepare(`SELECT number FROM cases WHERE status = 'draft' ORDER BY id DESC LIMIT 1`).pluck().get() as string;
  for (const format of ['csv', 'xlsx'] as const) {
    const report = () => exportReport(s.db, ['month', 'category'], format, '2026-11-28', { status: 'draft' }, 50);
    const before = format === 'csv' ? (await report()).bytes.toString('utf8') : await cells((await report()).bytes.toString('base64'));
    const done: string[] = [];
    const running = report().then((f) => { done.push('report'); return f; });
    const meanwhile = new Promise((resolve) => setImmediate(() => {
      void s.dispatch('cases.search', { query: '张', limit: 10 }).then((r) => { done.push('search'); resolve(r); });
      // The newest draft stops being one while the report runs: the report still counts it.
      void s.dispatch('cases.setStatus', { number: draft, status: 'rejected' });
    }));
    const f = await running;
    await meanwhile;
    assert.deepEqual(done, ['search', 'report'], format);
    assert.deepEqual(format === 'csv' ? f.bytes.toString('utf8') : await cells(f.bytes.toString('base64')), before, `${format}: the figures of when it began`);
    await ok(s.dispatch('cases.setStatus', { number: draft, status: 'draft' }));
  }
  s.close();
});

test('an export says which filters made it: in its name, and (XLSX) on a second sheet, the first sheet still starting with the header', async () => {
  const { s, b } = await fixture();
  const none = await ok<ExportedFileInfo>(s.dispatch('export.list', { format: 'xlsx' }));
  assert.equal(none.fileName, '案件清单-2026-11-27.xlsx', 'no filter: the plain name');
  const filtered = await ok<ExportedFileInfo>(s.dispatch('export.list', { format: 'xlsx', status: 'submitted', category: 'trip', query: '  欧阳 ' }));
  assert.equal(filtered.rows, 1);
  assert.equal(filtered.fileName, '案件清单-已提交-因公出差、探亲、旅游等短期外出-查找“欧阳”-2026-11-27.xlsx');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(filtered.base64, 'base64') as unknown as ExcelJS.Buffer);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['案件清单', '筛选条件']);
  assert.deepEqual((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1), LIST_COLUMNS.map((c) => c.header), 'programs read the first sheet\'s first row as the header');
  assert.equal(wb.worksheets[0]!.getRow(2).getCell(1).text, b.number);
  const notes = Object.fromEntries(wb.worksheets[1]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1, 3)));
  assert.equal(notes['状态'], '已提交');
  assert.equal(notes['报销类别'], '因公出差、探亲、旅游等短期外出');
  assert.equal(notes['查找'], '欧阳');
  assert.equal(notes['案件数'], '1');
  assert.equal(wb.title, '案件清单');
  assert.match(wb.description ?? '', /状态：已提交/);
  // The CSV stays data for programs: BOM, then the header row; the name carries the filters.
  const csv = await ok<ExportedFileInfo>(s.dispatch('export.list', { format: 'csv', status: 'submitted' }));
  assert.equal(csv.fileName, '案件清单-已提交-2026-11-27.csv');
  assert.ok(Buffer.from(csv.base64, 'base64').toString('utf8').startsWith(`\uFEFF${LIST_COLUMNS.map((c) => c.header).join(',')}\r\n`));
  // Search text as typed can hold what a file name cannot; a long one is shortened.
  const odd = await ok<ExportedFileInfo>(s.dispatch('export.list', { format: 'csv', query: 'a/b:c*?"<>|  d', category: 'relocation' }));
  assert.equal(odd.fileName, '案件清单-异地安置_异地工作-查找“a_b_c_d”-2026-11-27.csv');
  const long = await ok<ExportedFileInfo>(s.dispatch('export.list', { format: 'csv', query: '厦门市第一医院厦门市第二医院厦门市第三医院' }));
  assert.equal(long.fileName, '案件清单-查找“厦门市第一医院厦门市第二医院厦门…”-2026-11-27.csv');

  // The month report: status and months in the name and on the notes sheet; other filters, another name.
  const all = await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'xlsx', by: ['month'] }));
  const paid = await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'xlsx', by: ['month'], status: 'submitted', from: '2026-01', to: '2026-06' }));
  assert.match(all.fileName, /^报销汇总-月份-\d{4}-\d{2}-\d{2}\.xlsx$/);
  assert.match(paid.fileName, /^报销汇总-月份-已提交-2026-01至2026-06-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const from = await ok<ExportedFileInfo>(s.dispatch('export.report', { format: 'csv', by: ['month'], from: '2026-10' }));
  assert.match(from.fileName, /^报销汇总-月份-2026-10起-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.ok(Buffer.from(from.base64, 'base64').toString('utf8').startsWith('\uFEFF月份,案件数,明细条数,金额(元)\r\n'));
  const rb = new ExcelJS.Workbook();
  await rb.xlsx.load(Buffer.from(paid.base64, 'base64') as unknown as ExcelJS.Buffer);
  assert.deepEqual(rb.worksheets.map((w) => w.name), ['汇总', '筛选条件']);
  assert.equal(rb.worksheets[0]!.getRow(1).getCell(1).text, '月份');
  const reportNotes = Object.fromEntries(rb.worksheets[1]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1, 3)));
  assert.deepEqual([reportNotes['状态'], reportNotes['月份'], reportNotes['汇总方式']], ['已提交', '2026-01至2026-06', '月份']);
  // Read back by the importer (which picks the data sheet of a workbook), it is still the data.
  const back = await parseXlsx(Buffer.from(paid.base64, 'base64'));
  assert.deepEqual(back.columns, ['月份', '案件数', '明细条数', '金额(元)']);
  s.close();
});
