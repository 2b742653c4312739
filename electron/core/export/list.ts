// Exports for HR and billing desks (issue 8): the case list with its filters, and a summary
// per month, category and employer; XLSX or CSV, with Chinese headers.
import type { Db } from '../db/open.ts';
import type { CaseStatus, CategoryId } from '../../../shared/model/case.ts';
import { XIAMEN_OFFSET_MS } from '../../../shared/model/dates.ts';
import { defaultPack } from '../../../shared/policy/index.ts';
import type { SearchIndex } from '../search/index.ts';
import { toCsv, toXlsx, type Cell, type SheetColumn } from './sheet.ts';

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

const MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv; charset=utf-8' } as const;

async function write(format: ExportFormat, base: string, sheet: string, columns: SheetColumn[], rows: Cell[][], total?: Cell[]): Promise<ExportedFile> {
  const bytes = format === 'xlsx' ? await toXlsx(sheet, columns, rows, total) : toCsv(columns, rows);
  return { fileName: `${base}.${format}`, mime: MIME[format], bytes, rows: rows.length };
}

export const LIST_COLUMNS: SheetColumn[] = [
  { header: '案件编号', width: 18 }, { header: '姓名', width: 10 }, { header: '身份证号', width: 21 }, { header: '工作单位', width: 24 },
  { header: '类别', width: 16 }, { header: '险种', width: 10 }, { header: '状态', width: 12 }, { header: '明细条数', width: 9 },
  { header: '金额(元)', width: 13, money: true }, { header: '申报日期', width: 11 }, { header: '创建时间', width: 20 }, { header: '最后修改', width: 20 },
];

export interface ListExportFilters { status?: CaseStatus | undefined; category?: CategoryId | undefined; query?: string | undefined }

/** The case list as the app shows it (newest change first), every matching case. */
export async function exportCaseList(db: Db, search: SearchIndex, filters: ListExportFilters, format: ExportFormat, today: string): Promise<ExportedFile> {
  const titles = categoryTitles();
  let ids: number[] | null = null;
  if (filters.query?.trim()) {
    // The same matching as cases.search, page by page.
    const numbers: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = search.search(filters.query, { status: filters.status, category: filters.category }, 500, offset);
      numbers.push(...page.items.map((i) => i.number));
      if (offset + 500 >= page.total) break;
    }
    const byNumber = db.prepare(`SELECT id FROM cases WHERE number = ?`).pluck();
    ids = numbers.map((n) => byNumber.get(n) as number);
  }
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filters.status) { clauses.push('c.status = ?'); params.push(filters.status); }
  if (filters.category) { clauses.push('c.category = ?'); params.push(filters.category); }
  if (ids) { clauses.push(`c.id IN (SELECT value FROM json_each(?))`); params.push(JSON.stringify(ids)); }
  const rows = db.prepare(`SELECT c.number, p.name, p.id_number, p.employer, c.category, c.scheme, c.status, c.line_count, c.total_fen,
      c.filed_on, c.created_at, c.updated_at
    FROM cases c CROSS JOIN people p ON p.id = c.claimant_id ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
    ORDER BY c.updated_at DESC, c.id DESC`).raw(true).all(...params) as (string | number | null)[][];
  // Stored in UTC; shown as the clock in Xiamen showed it (UTC+8, no daylight saving), whatever the machine's zone.
  const local = (iso: unknown) => {
    if (typeof iso !== 'string') return null;
    const t = Date.parse(iso);
    return Number.isNaN(t) ? iso : new Date(t + XIAMEN_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
  };
  const out: Cell[][] = rows.map(([number, name, id, employer, category, scheme, status, lines, total, filed, created, updated]) => [
    number as string, name as string, id ?? null, employer ?? null, titles.get(category as string) ?? (category as string),
    scheme ? SCHEME_LABELS[scheme as string] ?? (scheme as string) : null, STATUS_LABELS[status as CaseStatus] ?? (status as string),
    lines as number, total as number, filed ?? null, local(created), local(updated),
  ]);
  return write(format, `案件清单-${today}`, '案件清单', LIST_COLUMNS, out);
}

const DIMENSION_COLUMNS: Record<ReportDimension, { header: string; sql: string; width: number }> = {
  month: { header: '月份', sql: `COALESCE(substr(c.filed_on, 1, 7), substr(c.created_at, 1, 7))`, width: 9 },
  category: { header: '类别', sql: 'c.category', width: 16 },
  employer: { header: '工作单位', sql: `COALESCE(p.employer, '')`, width: 26 },
};

/** Cases, lines and amounts per month (of filing), category and/or employer. */
export async function exportReport(db: Db, by: readonly ReportDimension[], format: ExportFormat, today: string,
  filters: { status?: CaseStatus | undefined; from?: string | undefined; to?: string | undefined } = {}): Promise<ExportedFile> {
  const dims = [...new Set(by)];
  const titles = categoryTitles();
  const keys = dims.map((d) => DIMENSION_COLUMNS[d].sql);
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filters.status) { clauses.push('c.status = ?'); params.push(filters.status); }
  if (filters.from) { clauses.push(`${DIMENSION_COLUMNS.month.sql} >= ?`); params.push(filters.from); }
  if (filters.to) { clauses.push(`${DIMENSION_COLUMNS.month.sql} <= ?`); params.push(filters.to); }
  const rows = db.prepare(`SELECT ${keys.map((k, i) => `${k} AS d${i}`).join(', ')}, COUNT(*) AS cases, SUM(c.line_count) AS lines, SUM(c.total_fen) AS total
    FROM cases c CROSS JOIN people p ON p.id = c.claimant_id ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''}
    GROUP BY ${keys.map((_, i) => `d${i}`).join(', ')} ORDER BY ${keys.map((_, i) => `d${i}`).join(', ')}`).raw(true).all(...params) as (string | number)[][];
  const columns: SheetColumn[] = [
    ...dims.map((d) => ({ header: DIMENSION_COLUMNS[d].header, width: DIMENSION_COLUMNS[d].width })),
    { header: '案件数', width: 8 }, { header: '明细条数', width: 9 }, { header: '金额(元)', width: 14, money: true },
  ];
  // Categories in the order the screens list them (not by internal id); cases without an
  // employer last, under （未填写）; months and employers as SQLite ordered them.
  const order = categoryOrder();
  const rank = (d: ReportDimension, v: string | number): [number, string] =>
    d === 'category' ? [order.get(String(v)) ?? order.size, String(v)] : d === 'employer' ? [v === '' ? 1 : 0, String(v)] : [0, String(v)];
  rows.sort((a, b) => {
    for (let i = 0; i < dims.length; i++) {
      const [ra, sa] = rank(dims[i]!, a[i]!);
      const [rb, sb] = rank(dims[i]!, b[i]!);
      if (ra !== rb) return ra - rb;
      if (sa !== sb) return sa < sb ? -1 : 1;
    }
    return 0;
  });
  const label = (d: ReportDimension, v: string | number): Cell => (d === 'category' ? titles.get(v as string) ?? v : d === 'employer' && v === '' ? NO_EMPLOYER : v);
  const out: Cell[][] = rows.map((r) => r.map((v, i) => (i < dims.length ? label(dims[i]!, v) : v)) as Cell[]);
  // Sums of integers (fen), exact; the first column says what the row is.
  const sum = (k: number): number => rows.reduce((n, r) => n + Number(r[dims.length + k] ?? 0), 0);
  const total: Cell[] = [...dims.map((_, i) => (i === 0 ? '合计' : '')), sum(0), sum(1), sum(2)];
  // The file is named in the words of its columns (报销汇总-月份-类别-工作单位-…), as the screen is Chinese.
  return write(format, `报销汇总-${dims.map((d) => DIMENSION_COLUMNS[d].header).join('-')}-${today}`, '汇总', columns, out, total);
}
