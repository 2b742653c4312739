// A spreadsheet read into text: the header row's names and each data row's cell texts,
// with the row's number as the user sees it in the file (header = 1 unless rows above it).
import type { ImportFileReason } from '../../../shared/contract.ts';
import { MAX_IMPORT_COLUMNS } from '../../../shared/import.ts';
import { fieldsNamed } from './mapping.ts';

export interface TableRow {
  row: number;
  values: string[];
  /**
   * The columns (indexes) of this row whose cells were numbers too long to be held exactly
   * (more than 15–16 digits: an ID number typed into a number cell has lost its last digits,
   * and may still look valid).
   */
  inexact?: number[];
  /**
   * The columns whose cells were numbers (an XLSX number cell; a CSV has none), so that a
   * wrong ID number is blamed on a number format only when it went through one.
   */
  numbers?: number[];
  /**
   * The number as written, for cells whose value (`values`) is the text a format shows
   * (0000000012 for 12 in a 0000000000 cell): amounts and dates read this, text fields the
   * value.
   */
  plain?: Record<number, string>;
  issues?: ({ column: number } & CellIssue)[];
  /**
   * The columns whose cell is part of a merge over several rows (XLSX): its range (F2:F3) and
   * first row. Every cell of a merge reads as the first one's value, which is right for a name
   * or an ID number written once beside a person's rows, but not for money (rows.ts).
   */
  merged?: Record<number, MergedCell>;
}

export interface MergedCell { range: string; first: number; rows: number }

export interface Table {
  columns: string[];
  rows: TableRow[];
  sheet: string | null;
  /** Rows with text above the header (a title such as 2026年10月职工医疗费用报销明细), skipped. */
  skippedAbove: number;
  /** Rows with text hidden in the workbook (by hand or by a filter), not read (XLSX; a CSV has none). */
  skippedHidden: number;
  /** The header's row number in the file (0: no header). */
  headerRow: number;
  /** Whether the header names fields (withHeader found one), or is just the first row with text. */
  headerFound: boolean;
}

/**
 * A cell with no text to give (XLSX): a formula saved without its result (noResult), an error
 * value such as #N/A (error), or a kind of value the reader does not know (unreadable); or
 * bytes that are no character in the file's encoding (badEncoding: a CSV damaged in transit;
 * `gbk`: the file was read as GBK, so saving it again as CSV UTF-8 or XLSX is the fix); or a
 * GBK CSV's ? or ？ where Excel, writing "CSV" on a Chinese Windows, put a character GBK has
 * not (𠮷, 䶮: lostCharacters, refused in the fields such characters are written in).
 */
export type CellIssue = { kind: 'noResult' } | { kind: 'error'; error: string } | { kind: 'unreadable' } | { kind: 'badEncoding'; gbk?: true } | { kind: 'lostCharacters' };

/** How far down the header is looked for (rows with text). */
const HEADER_SEARCH = 10;

/**
 * The header: the first of the first rows with text whose cells name at least two fields and
 * fill at least half of the widest of those rows (a title row, merged across the sheet or in
 * A1 alone, is one text). A line of 制表单位：… 填报日期：… cells above the table names no field
 * at all (fieldsNamed passes over label：value cells): the width rule alone let it win over any
 * header less than twice as wide, as a 4-column one under two such cells. Without a header,
 * the first row with text, as before: its columns are then mapped by hand.
 * `records` are the rows with text, in order.
 */
export function withHeader(records: TableRow[], sheet: string | null): Table {
  const head = records.slice(0, HEADER_SEARCH);
  const filled = (values: string[]) => [...new Set(values.filter((v) => v.trim() !== ''))];
  const widest = Math.max(0, ...head.map((r) => filled(r.values).length));
  let at = head.findIndex((r) => {
    const cells = filled(r.values); // a merged title repeats its text in every cell it covers
    return cells.length >= 2 && cells.length * 2 >= widest && fieldsNamed(cells) >= 2;
  });
  const headerFound = at >= 0;
  if (at < 0) at = 0;
  const header = records[at];
  const columns = (header?.values ?? []).map((h) => h.trim());
  // A column past MAX_IMPORT_COLUMNS could be guessed (金额 in column 1101 once was, past the
  // schema's old 1000) but never confirmed: the mapping schema has the same bound. Empty header
  // cells out there (delimiters at the end of a line) are dropped; a named one is refused here,
  // before any preview shows a mapping the commit would refuse.
  if (columns.length > MAX_IMPORT_COLUMNS) {
    const named = columns.findLastIndex((h) => h !== '');
    if (named >= MAX_IMPORT_COLUMNS) throw new ImportFileError(`row ${header!.row}: the header names column ${named + 1} ("${columns[named]!.slice(0, 20)}"), but at most ${MAX_IMPORT_COLUMNS} columns (Excel's A–XFD) can be imported: delete the columns not needed`, 'tooWide', header!.row);
    columns.length = MAX_IMPORT_COLUMNS;
  }
  return { columns, rows: records.slice(at + 1).map((r) => withoutEmptyTail(r, columns.length)), sheet, skippedAbove: header ? at : 0, skippedHidden: 0, headerRow: header?.row ?? 0, headerFound };
}

/**
 * A row without the empty cells it has past the header's width. Many HIS and HR scripts end
 * every CSV line with a delimiter (张三,…,10.00, under a 5-column header): those cells hold
 * nothing and shift nothing, and Excel shows the file as a clean 5-column table, yet every such
 * row was refused as "该行有 6 列，表头只有 5 列". Only empty cells at the end go: a row with
 * text past the header (an unquoted 1,234.50) keeps it and is still refused (rows.ts), its count
 * then the columns the user sees, not the delimiters after them.
 */
function withoutEmptyTail(r: TableRow, width: number): TableRow {
  let end = r.values.length;
  while (end > width && r.values[end - 1]!.trim() === '' && !r.issues?.some((i) => i.column === end - 1)) end--;
  return end === r.values.length ? r : { ...r, values: r.values.slice(0, end) };
}

export class ImportFileError extends Error {
  /** Which of the contract's ImportFileReasons: the screen says it in the user's language (with `row`, the row at fault). */
  constructor(message: string, readonly reason: ImportFileReason, readonly row?: number) {
    super(message);
    this.name = 'ImportFileError';
  }
}
