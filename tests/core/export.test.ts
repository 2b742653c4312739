// Exports for HR (issue 8): the case list with filters to XLSX and CSV with Chinese headers,
// read back by the importer's own readers (round trip), and the summary per month, category
// and employer.
import test from 'node:test';
import assert from 'node:assert/strict';
import { makeService, idNumber } from '../support/temp.ts';
import type { CaseRecord, ExportedFileInfo } from '../../shared/contract.ts';
import { parseXlsx } from '../../electron/core/import/xlsx.ts';
import { parseCsv } from '../../electron/core/import/csv.ts';
import { LIST_COLUMNS } from '../../electron/core/export/list.ts';
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
    // Times as Xiamen's clock showed them (UTC+8), not UTC without its zone.
    const created = (s.db.prepare('SELECT created_at FROM cases WHERE number = ?').get(a.number) as { created_at: string }).created_at;
    assert.equal(za[10], new Date(Date.parse(created) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '));
    assert.notEqual(za[10], created.replace('T', ' ').slice(0, 19));
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
