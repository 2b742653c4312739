// `claimdesk export-list` and `claimdesk report` (issue 8): the case list and the HR summary
// as XLSX or CSV files (Chinese headers). Exit 2 on bad usage, naming the flag.
import { parseArgs } from 'node:util';
import path from 'node:path';
import { CASE_STATUSES, CATEGORY_IDS, type CaseStatus, type CategoryId } from '../../../shared/model/case.ts';
import { todayIso } from '../../../shared/model/dates.ts';
import { ClaimDeskService } from '../service.ts';
import { writeFileAtomic } from '../files/atomicWrite.ts';
import { existingDataDir, outputFile, UsageError } from '../../cliArgs.ts';
import { exportCaseList, exportReport, REPORT_DIMENSIONS, type ExportFormat, type ReportDimension } from './list.ts';


class ExportUsageError extends Error {}

/** --out is checked before the export runs (a folder, or a folder that does not exist, named as such). */
function writable(out: string): void {
  try { outputFile('--out', out); } catch (err) { throw err instanceof UsageError ? new ExportUsageError(err.message) : err; }
}

/** The data to export: a --data without any is refused, not answered from a new empty database. */
function openData(data: string | undefined): ClaimDeskService {
  let dataDir: string;
  try { dataDir = existingDataDir(data); } catch (err) { throw err instanceof UsageError ? new ExportUsageError(err.message) : err; }
  return new ClaimDeskService({ dataDir, host: 'web', actor: 'cli' });
}

const OPTIONS = {
  data: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, status: { type: 'string' },
  category: { type: 'string' }, query: { type: 'string' }, by: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' },
} as const;

function parse(args: string[], verb: 'export-list' | 'report') {
  try {
    const parsed = parseArgs({ args, allowPositionals: false, strict: true, options: OPTIONS });
    const own = verb === 'export-list' ? ['category', 'query'] : ['by', 'from', 'to'];
    const foreign = (['category', 'query', 'by', 'from', 'to'] as const).find((k) => parsed.values[k] !== undefined && !own.includes(k));
    if (foreign) throw new Error(`Unknown option '--${foreign}'`);
    return parsed;
  } catch (err) {
    throw new ExportUsageError((err as Error).message);
  }
}

/**
 * The format: --format, else --out's extension (.xlsx, .csv), else the fallback (report to
 * the terminal: CSV). A --format that contradicts the extension, or an --out of another kind
 * without --format, is bad usage naming both.
 */
function format(v: string | undefined, fallback: ExportFormat | null, out: string | undefined): ExportFormat {
  if (v !== undefined && v !== 'xlsx' && v !== 'csv') throw new ExportUsageError(`--format: must be xlsx or csv, not ${v}`);
  const ext = out ? path.extname(out).slice(1).toLowerCase() : '';
  const fromExt = ext === 'xlsx' || ext === 'csv' ? ext : null;
  if (v && fromExt && v !== fromExt) throw new ExportUsageError(`--format ${v} contradicts --out ${out} (a .${fromExt} file): make them agree`);
  if (v) return v;
  if (fromExt) return fromExt;
  if (out) throw new ExportUsageError(`--out ${out}: name a .xlsx or .csv file, or give --format xlsx or --format csv`);
  if (fallback) return fallback;
  throw new ExportUsageError('--format: must be xlsx or csv');
}

function status(v: string | undefined): CaseStatus | undefined {
  if (v !== undefined && !(CASE_STATUSES as readonly string[]).includes(v)) throw new ExportUsageError(`--status: must be one of ${CASE_STATUSES.join(', ')}`);
  return v as CaseStatus | undefined;
}

async function run(verb: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (!(err instanceof ExportUsageError)) throw err;
    console.error(`claimdesk ${verb}: ${err.message}`);
    return 2;
  }
}

export const exportVerbs: Record<string, (args: string[]) => Promise<number>> = {
  'export-list': (args) => run('export-list', async () => {
    const { values } = parse(args, 'export-list');
    if (!values.out) throw new ExportUsageError('--out FILE is required');
    writable(values.out);
    const fmt = format(values.format, null, values.out);
    if (values.category !== undefined && !(CATEGORY_IDS as readonly string[]).includes(values.category)) throw new ExportUsageError(`--category: must be one of ${CATEGORY_IDS.join(', ')}`);
    const service = openData(values.data);
    try {
      const f = await exportCaseList(service.db, service.search, { status: status(values.status), category: values.category as CategoryId | undefined, query: values.query }, fmt, todayIso(new Date()));
      writeFileAtomic(path.resolve(values.out), f.bytes);
      console.error(`wrote ${values.out}: ${f.rows} cases`);
      return 0;
    } finally {
      service.close();
    }
  }),

  report: (args) => run('report', async () => {
    const { values } = parse(args, 'report');
    const by = (values.by ?? 'month,category,employer').split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = by.find((d) => !(REPORT_DIMENSIONS as readonly string[]).includes(d));
    if (unknown || by.length === 0) throw new ExportUsageError(`--by: a comma-separated list of ${REPORT_DIMENSIONS.join(', ')}${unknown ? `, not ${unknown}` : ''}`);
    for (const k of ['from', 'to'] as const) if (values[k] !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values[k]!)) throw new ExportUsageError(`--${k}: a month written YYYY-MM`);
    const fmt = format(values.format, 'csv', values.out);
    if (!values.out && fmt !== 'csv') throw new ExportUsageError('--out FILE is required for xlsx');
    if (values.out) writable(values.out);
    if (values.from !== undefined && values.to !== undefined && values.from > values.to) throw new ExportUsageError(`--from ${values.from} is after --to ${values.to}`);
    const service = openData(values.data);
    try {
      const f = await exportReport(service.db, by as ReportDimension[], fmt, todayIso(new Date()), { status: status(values.status), from: values.from, to: values.to });
      if (values.out) { writeFileAtomic(path.resolve(values.out), f.bytes); console.error(`wrote ${values.out}: ${f.rows} rows`); }
      else process.stdout.write(f.bytes.subarray(3)); // without the BOM on a terminal or a pipe
      return 0;
    } finally {
      service.close();
    }
  }),
};
