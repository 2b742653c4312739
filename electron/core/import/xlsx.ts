// XLSX workbooks, read with exceljs: the first worksheet that has data, its first row as the
// header. Cells become the text a user sees: dates as YYYY-MM-DD (Excel dates are read as
// UTC midnight), numbers as written (12.5, not 12.50000001), formulas as their result,
// rich text joined.
import ExcelJS from 'exceljs';
import { ImportFileError, type Table } from './table.ts';

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return String((value as { error: unknown }).error);
  }
  return String(value);
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
  const read = (r: ExcelJS.Row): { values: string[]; inexact: number[]; numbers: number[] } => {
    const values: string[] = [];
    const inexact: number[] = [];
    const numbers: number[] = [];
    for (let c = 1; c <= width; c++) {
      const value = r.getCell(c).value;
      if (typeof value === 'number') numbers.push(c - 1);
      if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) inexact.push(c - 1);
      values.push(cellText(value).trim());
    }
    return { values, inexact, numbers };
  };
  let header: string[] | null = null;
  const rows: Table['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const { values, inexact, numbers } = read(row);
    if (values.every((v) => v === '')) return;
    if (!header) { header = values; return; }
    rows.push({ row: rowNumber, values, ...(inexact.length ? { inexact } : {}), ...(numbers.length ? { numbers } : {}) });
  });
  return { columns: header ?? [], rows, sheet: sheet.name };
}
