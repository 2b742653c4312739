// XLSX workbooks, read with exceljs: the sheet the user chose, else the one that looks like the
// data (pickSheet: never a hidden one), its header found among the first rows (withHeader).
// Cells become the text a user sees: dates as YYYY-MM-DD (Excel dates are read as
// UTC midnight), numbers as written (12.5, not 12.50000001), formulas as their result,
// rich text joined. A cell that has no text to give — a formula saved without its result,
// an error such as #N/A — is said so with its row (Table's `issues`), never read as
// "[object Object]".
import ExcelJS from 'exceljs';
import builtInFormats from 'exceljs/lib/xlsx/defaultnumformats.js';
import { ImportFileError, withHeader, type CellIssue, type MergedCell, type Table, type TableRow } from './table.ts';

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
  /** The number as written, when `text` is what the cell's format shows instead (zero padding). */
  plain?: string;
  issue?: CellIssue;
}

/**
 * The text a zero-padding number format shows for a whole number, or null when the format is
 * anything else. Invoice numbers, codes and ID numbers typed as numbers lose their leading
 * zeros, and Excel users bring them back with a format of 0s (0000000000 shows 12 as
 * 0000000012), sometimes with literal text ("No."00000, 000-0000, \A0000). Only formats made of
 * 0 digit placeholders and literals: # ? . , % E @ [colour] and the like are not padding, and
 * the cell keeps its number as written. The first section is the one for positive numbers.
 */
export function zeroPadded(value: number, format: string | undefined): string | null {
  if (!format || !Number.isSafeInteger(value) || value < 0) return null;
  const section = format.split(';')[0]!;
  const parts: (string | 0)[] = []; // literal texts and digit placeholders
  for (const m of section.matchAll(/"([^"]*)"|\\(.)|(0)|([-\s()/:+])|(.)/gsu)) {
    if (m[5] !== undefined) return null; // anything else: not a padding format
    parts.push(m[3] !== undefined ? 0 : (m[1] ?? m[2] ?? m[4])!);
  }
  const places = parts.filter((p) => p === 0).length;
  if (places < 2) return null; // 0 is General's whole number; nothing to pad
  // Digits fill the placeholders from the right; the first one takes any digits left over.
  const digits = String(value).padStart(places, '0');
  const extra = digits.length - places;
  let i = 0;
  return parts.map((p) => (p !== 0 ? p : i++ === 0 ? digits.slice(0, extra + 1) : digits[extra + i - 1]!)).join('');
}

/** One cell: each kind of value exceljs gives, by name; anything else is an issue, not text. */
export function readCell(value: ExcelJS.CellValue, format?: string): CellRead {
  if (value === null || value === undefined) return { text: '' };
  if (value instanceof Date) return { text: `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}` };
  if (typeof value === 'number') {
    const plain = Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
    const shown = zeroPadded(value, format);
    return shown !== null && shown !== plain ? { text: shown, number: true, plain } : { text: plain, number: true };
  }
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
  if ('formula' in value || 'sharedFormula' in value) {
    // The result Excel saved with the formula. A workbook written by a program that does not
    // calculate (a script, some exports) has none: only opening and saving it in Excel helps.
    if (value.result === undefined || value.result === null) return { text: '', issue: { kind: 'noResult' } };
    return readCell(value.result, format);
  }
  if ('error' in value) return { text: String(value.error), issue: { kind: 'error', error: String(value.error) } };
  // A hyperlink's text is rich text when part of it is formatted (exceljs's type says string).
  if ('hyperlink' in value) return readCell((value as { text: ExcelJS.CellValue }).text);
  return { text: '', issue: { kind: 'unreadable' } };
}

/**
 * A sheet's rows with text, each cell as the user sees it, and how many rows with text were
 * hidden. A hidden row is one the user does not see in Excel: hidden by hand, or filtered out
 * by an AutoFilter (an HR officer filters the company's list down to one department before
 * importing it). Such rows are not read: importing them would claim for people the user
 * never saw in the list; the preview says how many were passed over.
 */
function readRows(sheet: ExcelJS.Worksheet): { rows: TableRow[]; hidden: number } {
  const width = sheet.columnCount;
  const rows: TableRow[] = [];
  let hidden = 0;
  // Each merge met, by its first cell: where it starts and the last cell seen in it so far
  // (cells are read row by row, left to right, so the last one seen is its bottom right).
  type Merge = { start: string; end: string; first: number; last: number };
  const merges = new Map<string, Merge>();
  const mergedIn: [TableRow, number, Merge][] = [];
  sheet.eachRow({ includeEmpty: false }, (r, rowNumber) => {
    const values: string[] = [];
    const inexact: number[] = [];
    const numbers: number[] = [];
    const plain: Record<number, string> = {};
    const issues: NonNullable<TableRow['issues']> = [];
    const inMerge: [number, Merge][] = [];
    for (let c = 1; c <= width; c++) {
      const excelCell = r.getCell(c);
      if (excelCell.isMerged) {
        const master = excelCell.master;
        let m = merges.get(master.address);
        if (!m) merges.set(master.address, (m = { start: master.address, end: master.address, first: Number(master.row), last: Number(master.row) }));
        m.end = excelCell.address;
        m.last = rowNumber;
        inMerge.push([c - 1, m]);
      }
      const value = excelCell.value;
      const cell = readCell(value, excelCell.numFmt);
      if (cell.number) numbers.push(c - 1);
      if (cell.plain !== undefined) plain[c - 1] = cell.plain;
      if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) inexact.push(c - 1);
      if (cell.issue) issues.push({ column: c - 1, ...cell.issue });
      values.push(cell.text.trim());
    }
    if (values.every((v) => v === '') && issues.length === 0) return;
    if (r.hidden) {
      hidden++;
      return;
    }
    const row: TableRow = { row: rowNumber, values, ...(inexact.length ? { inexact } : {}), ...(numbers.length ? { numbers } : {}), ...(Object.keys(plain).length ? { plain } : {}), ...(issues.length ? { issues } : {}) };
    rows.push(row);
    for (const [column, m] of inMerge) mergedIn.push([row, column, m]);
  });
  // Once every row is read, each merge's extent is known: the ones over several rows are noted
  // on their cells (a merge within one row, across columns, repeats nothing).
  for (const [row, column, m] of mergedIn) {
    if (m.last === m.first) continue;
    const merged: MergedCell = { range: `${m.start}:${m.end}`, first: m.first, rows: m.last - m.first + 1 };
    row.merged = { ...row.merged, [column]: merged };
  }
  return { rows, hidden };
}

/** A sheet the user can see and that has something in it: what the screen offers to choose from. */
const offered = (ws: ExcelJS.Worksheet) => ws.state === 'visible' && ws.actualRowCount > 0;

/**
 * The sheet read when the user chose none. Never a hidden one (旧数据 kept out of sight is not
 * this month's claims). The tab the workbook was saved on, if its header names fields; else the
 * first sheet whose header does (a 填表说明 sheet first is passed over); else the saved tab or
 * the first sheet with anything in it, to be mapped by hand.
 */
function pickSheet(workbook: ExcelJS.Workbook, sheets: ExcelJS.Worksheet[], read: (ws: ExcelJS.Worksheet) => Table): ExcelJS.Worksheet | undefined {
  const activeTab = workbook.views?.[0]?.activeTab ?? 0;
  const active = workbook.worksheets[activeTab]; // the tab's place among all sheets, hidden ones counted
  const looksLikeData = (ws: ExcelJS.Worksheet) => read(ws).headerFound;
  const tryFirst = active && sheets.includes(active) ? [active, ...sheets.filter((ws) => ws !== active)] : sheets;
  return tryFirst.find(looksLikeData) ?? tryFirst[0];
}

export async function parseXlsx(bytes: Uint8Array, sheetName?: string): Promise<Table & { sheets: string[] }> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (err) {
    throw new ImportFileError(`not a readable XLSX workbook (${(err as Error).message})`, 'unreadable');
  }
  const visible = workbook.worksheets.filter(offered);
  const tables = new Map<ExcelJS.Worksheet, Table>();
  const read = (ws: ExcelJS.Worksheet) => {
    let t = tables.get(ws);
    if (!t) {
      const { rows, hidden } = readRows(ws);
      tables.set(ws, (t = { ...withHeader(rows, ws.name), skippedHidden: hidden }));
    }
    return t;
  };
  let sheet: ExcelJS.Worksheet | undefined;
  if (sheetName !== undefined) {
    // Named by the user (the screen's sheet picker, or a script): a hidden one too, as asked.
    sheet = workbook.worksheets.find((ws) => ws.name === sheetName);
    if (!sheet) throw new ImportFileError(`工作簿中没有名为“${sheetName}”的工作表（有：${workbook.worksheets.map((ws) => `“${ws.name}”`).join('、')}）; the workbook has no sheet named "${sheetName}"`, 'noSheet');
  } else {
    sheet = pickSheet(workbook, visible, read);
  }
  const sheets = visible.map((ws) => ws.name);
  if (!sheet) return { columns: [], rows: [], sheet: workbook.worksheets.find((ws) => ws.state === 'visible')?.name ?? null, skippedAbove: 0, skippedHidden: 0, headerRow: 0, headerFound: false, sheets };
  return { ...read(sheet), sheets };
}
