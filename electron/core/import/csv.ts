// CSV files as HR systems and Chinese Excel write them. Encoding: UTF-16 with its BOM; else
// UTF-8 when the bytes are UTF-8 (a BOM alone does not decide: see decodeText); anything else
// as GBK (GB 18030, its superset), which is what Excel's "CSV" writes on a Chinese Windows.
// Parsing is papaparse's (quotes, embedded newlines and delimiters: comma, tab or semicolon,
// detected).
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import { utf16ByteOrder } from '../files/textEncoding.ts';
import { ImportFileError, withHeader, type Table, type TableRow } from './table.ts';

export type TextEncoding = 'utf-8' | 'gbk' | 'utf-16';

/** What a UTF-8 decoder puts for bytes that are no UTF-8 character. */
const REPLACEMENT = '\uFFFD';

/**
 * What a character GBK has not becomes when Excel writes a GBK "CSV": ?. (And ？, which some
 * converters put instead.) In a UTF-8 or UTF-16 file nothing was lost, and a ? is what was typed.
 */
const LOST_CHARACTER = /[?\uFF1F]/;

/**
 * UTF-8 with a few damaged characters, or GBK? Both decoders always give some text, so the
 * bytes are weighed: GBK read as UTF-8 fails on nearly every Chinese character (only ~1 in 7
 * GB2312 byte pairs happens to be a UTF-8 sequence), while a UTF-8 file with a character cut
 * in transit fails on a handful among hundreds. Reading the latter as GBK turned the whole file,
 * headers included, into mojibake with no hint; read as UTF-8, only the rows with the broken
 * bytes are refused (CellIssue badEncoding).
 */
function mostlyUtf8(text: string): boolean {
  let bad = 0;
  let good = 0;
  for (const ch of text) {
    if (ch === REPLACEMENT) bad++;
    else if (ch.charCodeAt(0) > 0x7f) good++;
  }
  return bad * 10 <= good;
}

export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  // Excel's "Unicode text" (tab-separated) is UTF-16 with a byte-order mark.
  const utf16 = utf16ByteOrder(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes.subarray(2)), encoding: 'utf-16' };
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const utf8 = new TextDecoder('utf-8', { ignoreBOM: true }).decode(body);
  // Valid UTF-8 (a file holding U+FFFD itself too), or nearly: UTF-8. A BOM over GBK bytes
  // (a program that adds one whatever it writes) is GBK all the same.
  if (!utf8.includes(REPLACEMENT) || mostlyUtf8(utf8)) return { text: utf8, encoding: 'utf-8' };
  return { text: iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'gb18030'), encoding: 'gbk' };
}

/**
 * The table, each row numbered as a spreadsheet program shows it: one row per CSV record,
 * blank lines counted (a blank line is an empty row there), and a quoted cell with a line
 * break inside still one row (the line break is inside the cell). Blank rows are then left
 * out, as in an XLSX sheet; the header is found among the first rows with text (withHeader).
 */
export function parseCsv(bytes: Uint8Array): Table & { encoding: TextEncoding } {
  const { text, encoding } = decodeText(bytes);
  // The delimiter is guessed on the first rows with text, as blank lines would skew the guess.
  const { delimiter } = Papa.parse<string[]>(text, { preview: 10, skipEmptyLines: 'greedy', delimitersToGuess: [',', '\t', ';', '|'] }).meta;
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  // A cell opened with a quote that is not closed where it should be (a stray " typed before
  // 针灸): papaparse reads every line up to the next closing quote — to the end of the file if
  // there is none — into that one cell, and the rows in it were neither imported nor reported.
  // Which lines were meant as rows cannot be told, so the file is refused naming the row where
  // the quote opens (a spreadsheet's row: papaparse's record index + 1, as below): the user
  // fixes one character and imports the whole file, rather than a part of it now and the rest
  // after. (A quote inside a cell, 5'11", is text, and no error.)
  const quote = parsed.errors.find((e) => e.type === 'Quotes');
  if (quote) {
    // (row and index are optional in papaparse's type, for errors of other kinds; a Quotes error has both.)
    const row = (quote.row ?? 0) + 1;
    // index is where the quoted text begins, just after the quote.
    const opening = `"${text.slice(quote.index ?? 0, (quote.index ?? 0) + 20).split(/[\r\n]/)[0]}`;
    throw new ImportFileError(`row ${row}: a quoted cell is not closed (${opening}…), so the rows after it run into that cell: close or remove the quote and import the file again`, 'brokenQuotes', row);
  }
  const gbk = encoding === 'gbk';
  const records: TableRow[] = parsed.data
    .map((r, i) => {
      const values = r.map((v) => String(v ?? ''));
      // A cell with bytes the encoding has no character for: its row is refused if the cell is imported.
      // In a GBK file also a ? or ？: Excel's "CSV" (code page 936) writes ? for each character
      // GBK lacks (王𠮷 → 王?), and the file is valid GBK, so no U+FFFD ever says so (rows.ts
      // refuses it in names and texts: LOST_CHARACTER_FIELDS).
      const issues = values.flatMap((v, column): NonNullable<TableRow['issues']> => (v.includes(REPLACEMENT) ? [{ column, kind: 'badEncoding', ...(gbk ? { gbk: true as const } : {}) }]
        : gbk && LOST_CHARACTER.test(v) ? [{ column, kind: 'lostCharacters' }] : []));
      return { row: i + 1, values, ...(issues.length ? { issues } : {}) };
    })
    .filter((r) => r.values.some((v) => v.trim() !== ''));
  // papaparse reports ragged rows as errors but keeps them; the row check names them.
  return { ...withHeader(records, null), encoding };
}
