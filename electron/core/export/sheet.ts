// Writing a table as XLSX (exceljs's streaming writer) or CSV (papaparse), a page of rows at a
// time: the builders in list.ts read the database in pages and hand each page over, so neither
// all the rows nor a whole workbook's object model are ever held at once (a 100k-case export
// with exceljs's in-memory Workbook peaked near 2 GB).
//
// Two files for two readers. The XLSX is for people in Excel: money as numbers (#,##0.00),
// dates and times as real Excel dates, a bold 合计 row where there is one. The CSV is data for
// programs: RFC 4180, UTF-8, CRLF; every cell is the value itself (no leading tab to make Excel
// keep an ID number as text — that corrupted the ID for every program). The BOM stays so that a
// Chinese Windows still shows the headers right to whoever opens the CSV anyway.
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { formulaSafe } from '../../../shared/formula.ts';
import { UNPAIRED_SURROGATE } from '../../../shared/model/characters.ts';

/**
 * What a column holds, for the writers:
 * - (none): a value written as it is — codes, ID numbers, counts, our own labels;
 * - text: free text someone typed (a name, an employer): the CSV escapes a leading = + - @;
 * - money: integer fen, written as 元 with 2 decimals;
 * - date 'YYYY-MM-DD', datetime 'YYYY-MM-DD HH:MM:SS' (a local clock time), month 'YYYY-MM':
 *   text in the CSV, Excel dates in the XLSX.
 */
export type ColumnKind = 'text' | 'money' | 'date' | 'datetime' | 'month';

export interface SheetColumn { header: string; width?: number; kind?: ColumnKind }

export type Cell = string | number | null;

export interface SheetWriter {
  /** The next rows, in order. */
  add(rows: Cell[][]): void;
  /** The file. `total`: a last, bold row (合计) — the XLSX only, as it is for a person reading it. */
  finish(total?: Cell[]): Promise<Buffer>;
}

/** Fen → yuan text without grouping ('1234.56'): exact, no floats. */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

export function csvWriter(columns: SheetColumn[]): SheetWriter {
  const text = (v: Cell, i: number): string => {
    if (v === null) return '';
    const kind = columns[i]?.kind;
    if (kind === 'money' && typeof v === 'number') return fenToYuanText(v);
    // A spreadsheet would run a cell that starts like a formula. Only free text is escaped
    // (formulaSafe): a name or employer never legitimately starts so, while an amount (-12.00),
    // an ID number or a case number must reach a program unchanged.
    return kind === 'text' ? formulaSafe(String(v)) : String(v);
  };
  const chunks: Buffer[] = [Buffer.from([0xef, 0xbb, 0xbf])];
  const lines = (data: string[][]) => {
    if (data.length) chunks.push(Buffer.from(Papa.unparse(data, { newline: '\r\n' }) + '\r\n', 'utf8'));
  };
  lines([columns.map((c) => c.header)]);
  return {
    add: (rows) => lines(rows.map((r) => r.map(text))),
    finish: async () => Buffer.concat(chunks),
  };
}

const DATE_FORMATS: Record<'date' | 'datetime' | 'month', { re: RegExp; iso: (v: string) => string; numFmt: string }> = {
  date: { re: /^\d{4}-\d{2}-\d{2}$/, iso: (v) => `${v}T00:00:00Z`, numFmt: 'yyyy-mm-dd' },
  datetime: { re: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, iso: (v) => `${v.replace(' ', 'T')}Z`, numFmt: 'yyyy-mm-dd hh:mm:ss' },
  month: { re: /^\d{4}-\d{2}$/, iso: (v) => `${v}-01T00:00:00Z`, numFmt: 'yyyy-mm' },
};

/**
 * An Excel date has no time zone: it is the clock time written in the cell. exceljs turns a
 * Date into one from its UTC fields, so the clock time the screens show (already local in the
 * string) is given as that time in UTC.
 */
function excelDate(kind: keyof typeof DATE_FORMATS, v: string): Date | string {
  const f = DATE_FORMATS[kind];
  if (!f.re.test(v)) return v;
  const d = new Date(f.iso(v));
  return Number.isNaN(d.getTime()) ? v : d;
}

/**
 * What XML 1.0 cannot hold: controls other than tab and line breaks, U+FFFE, U+FFFF and half
 * surrogate pairs. Case text refuses them all (shared/model/characters.ts), but a database
 * from before U+FFFE/U+FFFF were refused may still hold one, and exceljs writes a string as it
 * is: one such name made the whole sheet unreadable (Excel offers to 'repair' it, stricter
 * readers give up). Each is written as U+FFFD, the replacement character, instead.
 */
const NOT_IN_XML = new RegExp(`[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff]|${UNPAIRED_SURROGATE.source}`, 'g');

/**
 * What made a file (its filters), for a person reading it later: a second sheet of
 * label/value rows, and the workbook's title and description. Never on the first sheet, whose
 * first row other programs read as the header.
 */
export interface SheetAbout { title: string; sheetName: string; rows: [string, string][] }

export function xlsxWriter(sheetName: string, columns: SheetColumn[], about?: SheetAbout): SheetWriter {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => { out.on('end', resolve); out.on('error', reject); });
  // Inline strings, not a shared-string table: that table would keep every distinct name and
  // ID number in memory until the end.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'ClaimDesk';
  if (about) {
    // docProps/core.xml (File → Properties in Excel); exceljs's stream writer renders these
    // fields from the writer itself, though its types do not declare them.
    Object.assign(wb, { title: about.title, description: about.rows.map(([k, v]) => `${k}：${v}`).join('；').replace(NOT_IN_XML, '\ufffd') });
  }
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const numFmt = (c: SheetColumn): string | undefined => (c.kind === 'money' ? '#,##0.00' : c.kind === 'date' || c.kind === 'datetime' || c.kind === 'month' ? DATE_FORMATS[c.kind].numFmt : undefined);
  ws.columns = columns.map((c, i) => {
    const fmt = numFmt(c);
    return { header: c.header, key: String(i), width: c.width ?? 14, ...(fmt ? { style: { numFmt: fmt } } : {}) };
  });
  ws.getRow(1).font = { bold: true };
  // Money as a number of yuan (exact to the fen for any realistic amount: < 2^53 fen).
  const values = (r: Cell[]): (Cell | Date)[] => r.map((v, i) => {
    const kind = columns[i]?.kind;
    if (kind === 'money' && typeof v === 'number') return v / 100;
    if ((kind === 'date' || kind === 'datetime' || kind === 'month') && typeof v === 'string') return excelDate(kind, v);
    return typeof v === 'string' ? v.replace(NOT_IN_XML, '\ufffd') : v;
  });
  return {
    add: (rows) => { for (const r of rows) ws.addRow(values(r)).commit(); },
    finish: async (total) => {
      if (total) {
        const row = ws.addRow(values(total));
        row.font = { bold: true };
        row.commit();
      }
      ws.commit();
      if (about) {
        const notes = wb.addWorksheet(about.sheetName);
        notes.columns = [{ key: 'k', width: 14 }, { key: 'v', width: 60 }];
        for (const [k, v] of about.rows) notes.addRow([k, v.replace(NOT_IN_XML, '\ufffd')]).commit();
        notes.commit();
      }
      await wb.commit();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}
