// CSV files as HR systems and Chinese Excel write them. Encoding: a UTF-8 BOM, or bytes
// that are valid UTF-8, are read as UTF-8; anything else as GBK (GB 18030, its superset),
// which is what Excel's "CSV" writes on a Chinese Windows. Parsing is papaparse's (quotes,
// embedded newlines and delimiters: comma, tab or semicolon, detected).
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import { utf16ByteOrder } from '../files/textEncoding.ts';
import type { Table } from './table.ts';

export type TextEncoding = 'utf-8' | 'gbk' | 'utf-16';

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  // Excel's "Unicode text" (tab-separated) is UTF-16 with a byte-order mark.
  const utf16 = utf16ByteOrder(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes.subarray(2)), encoding: 'utf-16' };
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030'), encoding: 'gbk' };
  }
}

/**
 * The table, each row numbered as a spreadsheet program shows it: one row per CSV record,
 * blank lines counted (a blank line is an empty row there), and a quoted cell with a line
 * break inside still one row (the line break is inside the cell). Blank rows are then left
 * out, as in an XLSX sheet; the first row with text is the header.
 */
export function parseCsv(bytes: Uint8Array): Table & { encoding: TextEncoding } {
  const { text, encoding } = decodeText(bytes);
  // The delimiter is guessed on the first rows with text, as blank lines would skew the guess.
  const { delimiter } = Papa.parse<string[]>(text, { preview: 10, skipEmptyLines: 'greedy', delimitersToGuess: [',', '\t', ';', '|'] }).meta;
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const records = parsed.data
    .map((r, i) => ({ row: i + 1, values: r.map((v) => String(v ?? '')) }))
    .filter((r) => r.values.some((v) => v.trim() !== ''));
  const [header, ...rows] = records;
  // papaparse reports ragged rows as errors but keeps them; the row check names them.
  return { columns: (header?.values ?? []).map((h) => h.trim()), rows, encoding, sheet: null };
}
