// XLSX workbooks, read with exceljs: the first worksheet that has data, its first row as the
// header. Cells become the text a user sees: dates as YYYY-MM-DD (Excel dates are read as
// UTC midnight), numbers as written (12.5, not 12.50000001), formulas as their result,
// rich text joined. A cell that has no text to give — a formula saved without its result,
// an error such as #N/A — is said so with its row (Table's `issues`), never read as
// "[object Object]".
import ExcelJS from 'exceljs';
import builtInFormats from 'exceljs/lib/xlsx/defaultnumformats.js';
import { ImportFileError, type CellIssue, type Table } from './table.ts';

/**
 * Chinese Excel's built-in date formats (yyyy年m月d日, yyyy年m月, m月d日…): a cell formatted so
 * names the format by id alone (numFmtId 27–31, 36, 50–54, 57, 58; no <numFmt> entry in the
 * file). exceljs decides a number cell is a date from its format code, and its table of
 * built-in formats has codes only for the ids that mean the same in every locale (14, 15…):
 * for these it gives none, so the cell came out as its serial number (45354) and was refused.
 * The id is not kept on the loaded cell (its style has no numFmtId), so the table gets the
 * zh-CN codes of those ids, once, before any workbook is read; exceljs then reads such a cell
 * as the date Excel shows. Only the date ones: the zh-CN times (32–35, 55, 56: h时mm分) stay
 * numbers. The codes are only read when loading (writing looks formats up in a copy exceljs
 * made when it was loaded), so the workbooks ClaimDesk writes are unchanged.
 */
const ZH_CN_BUILT_IN_DATES = [27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58];
for (const id of ZH_CN_BUILT_IN_DATES) {
  const format = builtInFormats[id];
  if (format && !format.f && format['zh-cn']) format.f = format['zh-cn'];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export interface CellRead {
  text: string;
  /** A number cell (or a formula whose result is a number). */
  number?: true;
  issue?: CellIssue;
}

/** One cell: each kind of value exceljs gives, by name; anything else is an issue, not text. */
export function readCell(value: ExcelJS.CellValue): CellRead {
  if (value === null || value === undefined) return { text: '' };
  if (value instanceof Date) return { text: `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}` };
  if (typeof value === 'number') return { text: Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15))), number: true };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
  if ('formula' in value || 'sharedFormula' in value) {
    // The result Excel saved with the formula. A workbook written by a program that does not
    // calculate (a script, some exports) has none: only opening and saving it in Excel helps.
    if (value.result === undefined || value.result === null) return { text: '', issue: { kind: 'noResult' } };
    return readCell(value.result);
  }
  if ('error' in value) return { text: String(value.error), issue: { kind: 'error', error: String(value.error) } };
  // A hyperlink's text is rich text when part of it is formatted (exceljs's type says string).
  if ('hyperlink' in value) return readCell((value as { text: ExcelJS.CellValue }).text);
  return { text: '', issue: { kind: 'unreadable' } };
}

export async function parseXlsx(bytes: Uint8Array): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new ImportFileError(`not a readable XLSX workbook (${(err as Error).message})`, 'unreadable');
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) return { columns: [], rows: [], sheet: workbook.worksheets[0]?.name ?? null };
  const width = sheet.columnCount;
  const read = (r: ExcelJS.Row) => {
    const values: string[] = [];
    const inexact: number[] = [];
    const numbers: number[] = [];
    const issues: NonNullable<Table['rows'][number]['issues']> = [];
    for (let c = 1; c <= width; c++) {
      const value = r.getCell(c).value;
      const cell = readCell(value);
      if (cell.number) numbers.push(c - 1);
      if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) inexact.push(c - 1);
      if (cell.issue) issues.push({ column: c - 1, ...cell.issue });
      values.push(cell.text.trim());
    }
    return { values, inexact, numbers, issues };
  };
  let header: string[] | null = null;
  const rows: Table['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const { values, inexact, numbers, issues } = read(row);
    if (values.every((v) => v === '') && issues.length === 0) return;
    if (!header) { header = values; return; }
    rows.push({ row: rowNumber, values, ...(inexact.length ? { inexact } : {}), ...(numbers.length ? { numbers } : {}), ...(issues.length ? { issues } : {}) });
  });
  return { columns: header ?? [], rows, sheet: sheet.name };
}
