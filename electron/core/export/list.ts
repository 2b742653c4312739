// Exports for HR and billing desks (issue 8): the case list with its filters, and a summary
// per month, category and employer; XLSX or CSV, with Chinese headers.
//
// The web host answers every other call on the same event loop while an export runs (a clerk's
// list, other programs' cases.search), so a large export works in slices: it reads a page of
// rows, hands it to the streaming writer (sheet.ts) and lets the loop run before the next page.
// Chosen over a worker thread: no second bundle or database stack to load per export, and each
// slice is a few ms at 100k cases (tests/bench/export.ts measures it). The HR report works the
// same way, grouping a slice of case ids per statement (exportReport). The pages are read from
// a read transaction on a connection of their own, so the file is one consistent moment of the
// database even when cases change between two pages.
import Database from 'better-sqlite3';
import type { Db } from '../db/open.ts';
import type { CaseStatus, CategoryId } from '../../../shared/model/case.ts';
import { XIAMEN_OFFSET_MS } from '../../../shared/model/dates.ts';
import { addMonthsToMonth, eachMonth, monthsFrom } from '../../../shared/rules/months.ts';
import { defaultPack } from '../../../shared/policy/index.ts';
import { SearchIndex } from '../search/index.ts';
import { csvWriter, xlsxWriter, type Cell, type SheetAbout, type SheetColumn, type SheetWriter } from './sheet.ts';

export type ExportFormat = 'xlsx' | 'csv';
export type ReportDimension = 'month' | 'category' | 'employer';
export const REPORT_DIMENSIONS: readonly ReportDimension[] = ['month', 'category', 'employer'];

export interface ExportedFile { fileName: string; mime: string; bytes: Buffer; rows: number }

export const STATUS_LABELS: Record<CaseStatus, string> = {
  draft: '草稿', complete: '材料齐全', packaged: '已生成材料包', submitted: '已提交', reimbursed: '已报销', rejected: '未通过',
};
const SCHEME_LABELS: Record<string, string> = { employee: '职工医保', resident: '居民医保', rural: '新农合' };

function categoryTitles(): Map<string, string> {
  return new Map(defaultPack().categories.map((c) => [c.id, c.title['zh-CN']]));
}

/** The order the screens list categories in (the policy pack's), by id; unknown ids after. */
function categoryOrder(): Map<string, number> {
  return new Map(defaultPack().categories.map((c, i) => [c.id, i]));
}

/** A report row's employer when the case has none. */
export const NO_EMPLOYER = '（未填写）';

/**
 * The employer as the HR report groups it. Typed by hand in many places, one employer comes
 * spelled in ways that look the same on the screen and in the report: with a space inside
 * (厦门航空 有限公司), a no-break space, a zero-width space pasted from a web page, full-width
 * letters. Each was its own row, identical to the eye, the employer's figures split among
 * them. So: NFKC (full-width → half-width), format characters (\p{Cf}: zero-width spaces and
 * joiners) and white space dropped, Latin letters in lower case — what remains is what a
 * person reads. The report's own label for no employer, typed in as text, counts as none.
 */
export function employerKey(employer: string): string {
  const key = employer.normalize('NFKC').replace(/[\p{Cf}\s]/gu, '').toLowerCase();
  return key === NO_EMPLOYER_KEY ? '' : key;
}
const NO_EMPLOYER_KEY = NO_EMPLOYER.normalize('NFKC');

const MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8' } as const;

/** Rows read from the database at a time (~3 ms at 100k cases). */
export const EXPORT_PAGE = 500;

/** Let the event loop answer what arrived meanwhile (setImmediate runs after pending I/O). */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Hands rows to the writer a few at a time and lets the event loop run whenever ~5 ms of work
 * have passed since it last did (a search sent meanwhile waits half that on average): exceljs
 * takes 50–200 µs a row (JIT-cold at first), so a fixed number of rows per slice would be either
 * too many for the XLSX or needlessly few for the CSV.
 */
function slicer(out: SheetWriter): (rows: Cell[][]) => Promise<void> {
  let since = performance.now();
  return async (rows) => {
    for (let i = 0; i < rows.length; i += 25) {
      out.add(rows.slice(i, i + 25));
      if (performance.now() - since >= 5) { await turn(); since = performance.now(); }
    }
  };
}

/**
 * A read-only connection to the same database inside a read transaction: every page read from
 * it sees the database as it was when the export began (WAL: writers go on meanwhile).
 */
function snapshot(db: Db): Db {
  const snap = new Database(db.name, { readonly: true, fileMustExist: true });
  snap.exec('BEGIN');
  snap.prepare('SELECT 1 FROM cases LIMIT 1').get(); // a deferred transaction starts reading here
  return snap;
}

/** The second sheet of an XLSX export: the filters that made it (the first is the data, header first). */
export const FILTERS_SHEET = '筛选条件';

/** Search text in a file name: at most this many characters (the rest as …). */
const NAME_QUERY_CHARS = 16;

/**
 * A piece of a suggested file name: characters Windows, macOS or a browser refuse or change in a
 * name (\ / : * ? " < > |, controls, format characters) and white space become one _ a run,
 * and a name never ends in a dot or a space there.
 */
export function fileNamePart(text: string, max = Infinity): string {
  const chars = [...text.normalize('NFC').trim()];
  const short = chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('');
  return short.replace(/(?:[\\/:*?"<>|\p{Cc}\p{Cf}]|\s)+/gu, '_').replace(/^[._]+|[._]+$/g, '') || '_';
}

/** The month range as said in names and notes: 2026-01至2026-06, 2026-01起, 至2026-06. */
function monthRange(from: string | undefined, to: string | undefined): string | null {
  if (from && to) return from === to ? from : `${from}至${to}`;
  if (from) return `${from}起`;
  if (to) return `至${to}`;
  return null;
}

/**
 * The filters of a list export, for its name and its notes sheet. Different filters give
 * different names (HR sends these files on: two same-named files with different totals were
 * mistaken for one another), and no filter keeps the plain name.
 */
function listAbout(filters: ListExportFilters, today: string, rows: number): { name: string; about: SheetAbout } {
  const titles = categoryTitles();
  const query = filters.query?.trim() ?? '';
  const category = filters.category ? titles.get(filters.category) ?? filters.category : null;
  const status = filters.status ? STATUS_LABELS[filters.status] : null;
  const parts = [
    ...(status ? [status] : []),
    ...(category ? [fileNamePart(category)] : []),
    ...(query ? [`查找“${fileNamePart(query, NAME_QUERY_CHARS)}”`] : []),
  ];
  return {
    name: ['案件清单', ...parts, today].join('-'),
    about: {
      title: '案件清单', sheetName: FILTERS_SHEET,
      rows: [
        ['状态', status ?? '全部'], ['报销类别', category ?? '全部'], ['查找', query || '（无）'],
        ['案件数', String(rows)], ['导出日期', today], ['说明', '第一个工作表是按以上条件导出的案件，顺序与案件列表相同（最后修改的在前）。'],
      ],
    },
  };
}

export const LIST_COLUMNS: SheetColumn[] = [
  { header: '案件编号', width: 18 }, { header: '姓名', width: 10, kind: 'text' }, { header: '身份证号', width: 21 }, { header: '工作单位', width: 24, kind: 'text' },
  { header: '类别', width: 16 }, { header: '险种', width: 10 }, { header: '状态', width: 12 }, { header: '明细条数', width: 9 },
  { header: '金额(元)', width: 13, kind: 'money' }, { header: '申报日期', width: 11, kind: 'date' },
  { header: '创建时间', width: 20, kind: 'datetime' }, { header: '最后修改', width: 20, kind: 'datetime' },
];

export interface ListExportFilters { status?: CaseStatus | undefined; category?: CategoryId | undefined; query?: string | undefined }

/** The case list as the app shows it (newest change first), every matching case. */
export async function exportCaseList(db: Db, search: SearchIndex, filters: ListExportFilters, format: ExportFormat, today: string): Promise<ExportedFile> {
  search.flush(); // the snapshot sees every change so far in the search index too
  const snap = snapshot(db);
  try {
    const ids = await listedIds(snap, filters);
    const titles = categoryTitles();
    // Stored in UTC; shown as the clock in Xiamen showed it (UTC+8, no daylight saving), whatever
    // the machine's zone — as the screens show it (Asia/Shanghai).
    const local = (iso: unknown) => {
      if (typeof iso !== 'string') return null;
      const t = Date.parse(iso);
      return Number.isNaN(t) ? iso : new Date(t + XIAMEN_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
    };
    const page = snap.prepare(`SELECT c.number, p.name, p.id_number, p.employer, c.category, c.scheme, c.status, c.line_count, c.total_fen,
        c.filed_on, c.created_at, c.updated_at
      FROM json_each(?) j CROSS JOIN cases c ON c.id = j.value CROSS JOIN people p ON p.id = c.claimant_id
      ORDER BY j.key`).raw(true);
    const { name, about } = listAbout(filters, today, ids.length);
    // The CSV is data for programs: the header row first, nothing else; the name says the filters.
    const out = format === 'xlsx' ? xlsxWriter('案件清单', LIST_COLUMNS, about) : csvWriter(LIST_COLUMNS);
    const write = slicer(out);
    for (let i = 0; i < ids.length; i += EXPORT_PAGE) {
      const rows = page.all(JSON.stringify(ids.slice(i, i + EXPORT_PAGE))) as (string | number | null)[][];
      await write(rows.map(([number, name, id, employer, category, scheme, status, lines, total, filed, created, updated]) => [
        number as string, name as string, id ?? null, employer ?? null, titles.get(category as string) ?? (category as string),
        scheme ? SCHEME_LABELS[scheme as string] ?? (scheme as string) : null, STATUS_LABELS[status as CaseStatus] ?? (status as string),
        lines as number, total as number, filed ?? null, local(created), local(updated),
      ]));
    }
    return { fileName: `${name}.${format}`, mime: MIME[format], bytes: await out.finish(), rows: ids.length };
  } finally {
    snap.close();
  }
}

/** The ids of the listed cases in the list's order (last change, newest first; then id). */
async function listedIds(snap: Db, filters: ListExportFilters): Promise<number[]> {
  const { status, category } = filters;
  if (!filters.query?.trim()) {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (status) { clauses.push('status = ?'); params.push(status); }
    if (category) { clauses.push('category = ?'); params.push(category); }
    // From the (status/category,) updated_at, id indexes: ~20 ms for 100k ids, one slice.
    return snap.prepare(`SELECT id FROM cases ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY updated_at DESC, id DESC`)
      .pluck().all(...params) as number[];
  }
  // The same matching as cases.search, in batches with a turn of the loop between them.
  const found: { id: number; updated_at: string }[] = [];
  for (const batch of new SearchIndex(snap).matchingCases(filters.query, { status, category })) {
    for (const r of batch) found.push(r);
    await turn();
  }
  found.sort((a, b) => (a.updated_at === b.updated_at ? b.id - a.id : a.updated_at < b.updated_at ? 1 : -1));
  return found.map((r) => r.id);
}

const DIMENSION_COLUMNS: Record<ReportDimension, SheetColumn & { sql: string }> = {
  // A case not yet filed counts in the month it was created — in Xiamen (UTC+8): created_at is
  // stored in UTC, and a case made at 07:00 on the 1st there is still the last month in UTC.
  month: { header: '月份', sql: `COALESCE(substr(c.filed_on, 1, 7), strftime('%Y-%m', c.created_at, '+8 hours'))`, width: 9, kind: 'month' },
  category: { header: '类别', sql: 'c.category', width: 16 },
  employer: { header: '工作单位', sql: `COALESCE(p.employer, '')`, width: 26, kind: 'text' },
};

/**
 * Cases the report groups per read statement (~3 ms at 100k cases with all three dimensions,
 * 50 slices): the grouping of every case in one statement held the web host's event loop for
 * 150–500 ms, and every call sent meanwhile waited for it.
 */
export const REPORT_SLICE = 2000;

/**
 * The longest run of months without cases that the month report fills with rows of zeros when
 * the user gave no period (or only one end of it). A quiet month or a quiet season between two
 * with cases is a zero row, as a gap would read as a month nobody looked at; but a run longer
 * than two years is not a quiet spell: it is a mistyped year (filedOn 2926-01-20 for 2026, or
 * 2016) — which filled ~10,800 rows of zeros, its one real case on the last line — or years
 * ClaimDesk was not used. Its months with cases are still listed, each on its row (a case
 * filed in 2926 stands alone at the end, where HR can find it and correct it).
 */
export const REPORT_MAX_EMPTY_RUN = 24;

/**
 * The months the report lists as rows of zeros. Given both ends (--from/--to, the screen's
 * period), every month of that period without cases: the user chose its length. Otherwise each
 * run of empty months between two months that have cases (or the one end given), when it is at
 * most REPORT_MAX_EMPTY_RUN long; an end given without cases is listed itself.
 */
function emptyMonths(present: ReadonlySet<string>, filters: { from?: string | undefined; to?: string | undefined }): string[] {
  const { from, to } = filters;
  if (from !== undefined && to !== undefined) return eachMonth(from, to).filter((month) => !present.has(month));
  // The SQL kept only months within a given end, so that end sorts first (or last).
  const anchors = [...new Set([...present, ...(from !== undefined ? [from] : []), ...(to !== undefined ? [to] : [])])].sort();
  const empty = anchors.filter((month) => !present.has(month));
  for (let i = 1; i < anchors.length; i++) {
    const [before, after] = [anchors[i - 1]!, anchors[i]!];
    const run = monthsFrom(before, after) - 1;
    if (run > 0 && run <= REPORT_MAX_EMPTY_RUN) empty.push(...eachMonth(addMonthsToMonth(before, 1), addMonthsToMonth(after, -1)));
  }
  return empty;
}

/**
 * Cases, lines and amounts per month (of filing), category and/or employer. By month, every
 * month of from…to appears (without them: of the first to the last month with cases, runs of
 * more than two years without any left out: emptyMonths), a month without cases as one row of
 * zeros with the other columns blank — a gap would read as a month nobody looked at.
 *
 * Like the list export it reads from a snapshot and lets the event loop run between reads: it
 * groups the cases a slice of ids at a time and adds the slices' figures up per group (counts
 * and sums of integers, so the same figures as one statement over every case); `slice` is for
 * the tests, which compare a report of many slices with one of a single slice.
 */
export async function exportReport(db: Db, by: readonly ReportDimension[], format: ExportFormat, today: string,
  filters: { status?: CaseStatus | undefined; from?: string | undefined; to?: string | undefined } = {}, slice = REPORT_SLICE): Promise<ExportedFile> {
  const dims = [...new Set(by)];
  const titles = categoryTitles();
  const keys = dims.map((d) => DIMENSION_COLUMNS[d].sql);
  // The slice's id range first; `+c.status` keeps the planner on that range (the status index
  // would walk every case of the status for each slice).
  const clauses: string[] = ['c.id > ?', 'c.id <= ?'];
  const params: unknown[] = [];
  if (filters.status) { clauses.push('+c.status = ?'); params.push(filters.status); }
  if (filters.from) { clauses.push(`${DIMENSION_COLUMNS.month.sql} >= ?`); params.push(filters.from); }
  if (filters.to) { clauses.push(`${DIMENSION_COLUMNS.month.sql} <= ?`); params.push(filters.to); }
  const rows: (string | number | null)[][] = [];
  const snap = snapshot(db);
  try {
    const group = snap.prepare(`SELECT ${keys.map((k, i) => `${k} AS d${i}`).join(', ')}, COUNT(*) AS cases, SUM(c.line_count) AS lines, SUM(c.total_fen) AS total
      FROM cases c CROSS JOIN people p ON p.id = c.claimant_id WHERE ${clauses.join(' AND ')}
      GROUP BY ${keys.map((_, i) => `d${i}`).join(', ')}`).raw(true);
    const ids = snap.prepare('SELECT MIN(id) AS first, MAX(id) AS last FROM cases').get() as { first: number | null; last: number | null };
    const byGroup = new Map<string, (string | number | null)[]>();
    // Employers group by employerKey; a group's row shows the spelling most of its cases carry.
    const e = dims.indexOf('employer');
    const spellings = new Map<string, Map<string, number>>();
    const start = (ids.first ?? 1) - 1;
    for (let lo = start; lo < (ids.last ?? 0); lo += slice) {
      for (const r of group.all(lo, Math.min(lo + slice, ids.last!), ...params) as (string | number | null)[][]) {
        const key = JSON.stringify(r.slice(0, dims.length).map((v, i) => (i === e ? employerKey(String(v)) : v)));
        if (e >= 0) {
          const spelled = spellings.get(key) ?? new Map<string, number>();
          spellings.set(key, spelled.set(String(r[e]), (spelled.get(String(r[e])) ?? 0) + Number(r[dims.length])));
        }
        const seen = byGroup.get(key);
        if (!seen) { byGroup.set(key, r); continue; }
        // line_count and total_fen are NOT NULL: each slice's sums are integers.
        for (let i = dims.length; i < r.length; i++) seen[i] = Number(seen[i]) + Number(r[i]);
      }
      await turn();
    }
    for (const [key, r] of byGroup) {
      if (e >= 0) {
        // The most cases' spelling; between equals, the first in code-point order (the same file every time).
        const [shown] = [...spellings.get(key)!].sort(([a, n], [b, m]) => m - n || (a < b ? -1 : a > b ? 1 : 0))[0]!;
        r[e] = employerKey(shown) === '' ? '' : shown;
      }
      rows.push(r);
    }
  } finally {
    snap.close();
  }
  const m = dims.indexOf('month');
  if (m >= 0) {
    const present = new Set(rows.map((r) => r[m] as string));
    for (const month of emptyMonths(present, filters)) rows.push([...dims.map((d) => (d === 'month' ? month : null)), 0, 0, 0]);
  }
  const columns: SheetColumn[] = [
    ...dims.map((d) => { const { sql: _, ...column } = DIMENSION_COLUMNS[d]; return column; }),
    { header: '案件数', width: 8 }, { header: '明细条数', width: 9 }, { header: '金额(元)', width: 14, kind: 'money' },
  ];
  // Categories in the order the screens list them (not by internal id); cases without an
  // employer last, under （未填写）; months and employers by their text; the blank
  // category/employer of an empty month's row after any other.
  const order = categoryOrder();
  const rank = (d: ReportDimension, v: string | number | null): [number, string] =>
    v === null ? [Number.MAX_SAFE_INTEGER, ''] : d === 'category' ? [order.get(String(v)) ?? order.size, String(v)] : d === 'employer' ? [v === '' ? 1 : 0, String(v)] : [0, String(v)];
  // Each row's ranks once, not in every comparison (thousands of rows by month, category and
  // employer: allocating them per comparison took 15–40 ms of the event loop).
  const ranked = rows.map((r) => ({ r, ranks: dims.map((d, i) => rank(d, r[i]!)) }));
  ranked.sort((a, b) => {
    for (let i = 0; i < dims.length; i++) {
      const [ra, sa] = a.ranks[i]!;
      const [rb, sb] = b.ranks[i]!;
      if (ra !== rb) return ra - rb;
      if (sa !== sb) return sa < sb ? -1 : 1;
    }
    return 0;
  });
  const sorted = ranked.map((x) => x.r);
  await turn(); // the sort took a few ms of its own; the writer's slices start afresh
  const label = (d: ReportDimension, v: string | number | null): Cell => (v === null ? null : d === 'category' ? titles.get(v as string) ?? v : d === 'employer' && v === '' ? NO_EMPLOYER : v);
  // What made the report, in its name and (XLSX) on a sheet of its own: an 已报销 total must not
  // pass for all claims once the file has left the screen.
  const status = filters.status ? STATUS_LABELS[filters.status] : null;
  const months = monthRange(filters.from, filters.to);
  const about: SheetAbout = {
    title: '报销汇总', sheetName: FILTERS_SHEET,
    rows: [
      ['汇总方式', dims.map((d) => DIMENSION_COLUMNS[d].header).join('、')], ['状态', status ?? '全部'],
      ['月份', months ?? '全部'], ['导出日期', today],
      ['说明', '月份为申报月份（未申报的案件按创建月份）。第一个工作表是按以上条件汇总的结果，最后一行为合计。'],
    ],
  };
  const out = format === 'xlsx' ? xlsxWriter('汇总', columns, about) : csvWriter(columns);
  // Thousands of rows by month, category and employer: exceljs takes up to 200 µs a row.
  await slicer(out)(sorted.map((r) => r.map((v, i) => (i < dims.length ? label(dims[i]!, v) : v)) as Cell[]));
  // Sums of integers (fen), exact; the first column says what the row is.
  const sum = (k: number): number => sorted.reduce((n, r) => n + Number(r[dims.length + k] ?? 0), 0);
  const total: Cell[] = [...dims.map((_, i) => (i === 0 ? '合计' : '')), sum(0), sum(1), sum(2)];
  // The file is named in the words of its columns (报销汇总-月份-类别-工作单位-…), as the screen is Chinese.
  // Then the filters (状态, month range), so that two reports of other filters never share a name.
  const fileName = `${['报销汇总', ...dims.map((d) => DIMENSION_COLUMNS[d].header), ...(status ? [status] : []), ...(months ? [months] : []), today].join('-')}.${format}`;
  return { fileName, mime: MIME[format], bytes: await out.finish(total), rows: sorted.length };
}
