// Writing a table as XLSX (exceljs) or CSV (papaparse; UTF-8 with a BOM and CRLF, so that
// Excel on a Chinese Windows opens it with the right characters).
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { csvTextCell } from '../../../shared/import.ts';

export interface SheetColumn { header: string; width?: number; /** yuan: a number of fen written as 元 with 2 decimals */ money?: boolean }

export type Cell = string | number | null;

/** Fen → yuan text without grouping ('1234.56'): exact, no floats. */
export function fenToYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

/**
 * CSV: long digit strings (ID numbers) get a leading tab so Excel keeps them as text
 * (csvTextCell); cells that start like a formula are escaped.
 */
export function toCsv(columns: SheetColumn[], rows: Cell[][]): Buffer {
  const text = (v: Cell, i: number): string => {
    if (v === null) return '';
    if (columns[i]?.money && typeof v === 'number') return fenToYuanText(v);
    return csvTextCell(String(v));
  };
  const data = rows.map((r) => r.map(text));
  const out = Papa.unparse({ fields: columns.map((c) => c.header), data }, { newline: '\r\n', escapeFormulae: /^[=+\-@\r]/ });
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(out + '\r\n', 'utf8')]);
}

/** `total`: a last row in bold (合计), for a person reading the sheet; the CSV, read by programs too, has none. */
export async function toXlsx(sheetName: string, columns: SheetColumn[], rows: Cell[][], total?: Cell[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ClaimDesk';
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width ?? 14, ...(c.money ? { style: { numFmt: '#,##0.00' } } : {}) }));
  ws.getRow(1).font = { bold: true };
  // Money as a number of yuan (exact to the fen for any realistic amount: < 2^53 fen).
  const values = (r: Cell[]): Cell[] => r.map((v, i) => (columns[i]?.money && typeof v === 'number' ? v / 100 : v));
  for (const r of rows) ws.addRow(values(r));
  if (total) ws.addRow(values(total)).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
