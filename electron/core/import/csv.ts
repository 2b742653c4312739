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

export function parseCsv(bytes: Uint8Array): Table & { encoding: TextEncoding } {
  const { text, encoding } = decodeText(bytes);
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy', delimitersToGuess: [',', '\t', ';', '|'] });
  const [header = [], ...rows] = parsed.data;
  // papaparse reports ragged rows as errors but keeps them; the row check names them.
  return { columns: header.map((h) => String(h ?? '').trim()), rows: rows.map((r, i) => ({ row: i + 2, values: r.map((v) => String(v ?? '')) })), encoding, sheet: null };
}
