// Reading the chosen spreadsheet for the import screen, and the small rules of its form.
// The core reads and checks the sheet (import.preview); this only gets the bytes there.
import Papa from 'papaparse';
import { csvTextCell, IMPORT_FIELDS, REQUIRED_FIELDS, type ImportField, type ImportMapping, type ImportRejection } from '../../../../shared/import.ts';
import type { Localized } from '../../../../shared/model/evaluation.ts';
import { formulaSafe } from '../../../../shared/formula.ts';

/** The contract's limit on a file's bytes (base64 in a JSON body). */
export const MAX_IMPORT_BYTES = 40 * 1024 * 1024;

/** Names the core can read (.xls is refused by the core itself, with advice). */
const TABLE_NAME = /\.(csv|txt|tsv|xlsx|xls)$/i;

export type FileProblem = { kind: 'tooBig' } | { kind: 'notTable' };

export function fileProblem(file: { name: string; size: number }): FileProblem | null {
  if (!TABLE_NAME.test(file.name)) return { kind: 'notTable' };
  if (file.size > MAX_IMPORT_BYTES) return { kind: 'tooBig' };
  return null;
}

/** The file's bytes as base64 (what import.preview and import.commit take). */
export function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.onload = () => {
      const url = String(reader.result ?? '');
      const comma = url.indexOf(',');
      resolve(comma >= 0 ? url.slice(comma + 1) : '');
    };
    reader.readAsDataURL(file);
  });
}

/** Fields a row must have a column for: the core's required ones, and the name when each claimant gets a case. */
export function requiredFields(newCases: boolean): ImportField[] {
  return newCases ? ['name', ...REQUIRED_FIELDS] : [...REQUIRED_FIELDS];
}

/** The mapped fields, in the order the mapping step lists them. */
export function mappedFields(mapping: ImportMapping): ImportField[] {
  return IMPORT_FIELDS.filter((f) => typeof mapping[f] === 'number');
}

/** A mapping with one field changed (null: not imported). */
export function withField(mapping: ImportMapping, field: ImportField, column: number | null): ImportMapping {
  return { ...mapping, [field]: column };
}

export const CASE_NUMBER = /^[A-Z0-9-]{4,40}$/;

/** A case number as typed: trimmed, upper case (cd-20261127-0001 is CD-20261127-0001). */
export function normalizeCaseNumber(text: string): string {
  return text.trim().toUpperCase();
}

/**
 * The rows left out, as a CSV to fix and import again (UTF-8 with a BOM: Excel on a Chinese
 * Windows reads it as UTF-8). Each row's number and why it was left out come first, in columns
 * of their own; then the row's cells as read — every one, also those past the header's last
 * column: an unquoted 1,234.50 is two cells, and cutting the second would leave an amount of
 * 1 that a re-import accepts. So a row that was too wide stays too wide, and is refused again
 * until the user fixes it. Long digit strings (ID numbers) start with a tab (csvTextCell), so
 * that Excel, where this file is fixed, keeps them as text; the import takes the tab off again.
 * (The case list's CSV export has no tab: programs read it, and Excel users take the XLSX.)
 * The cells came from an employee's sheet, where =HYPERLINK(…) or =cmd|' /C calc'!A0 was inert
 * text (an XLSX text cell, or any CSV cell for us); written raw they became live formulas in
 * the clerk's Excel. So every cell that starts like a formula gets the ' of formulaSafe, the
 * rule of every CSV ClaimDesk writes (the reasons too: they quote the sheet's headers), and the
 * import takes that mark off again (rows.ts), as it does the tab.
 */
export function skippedRowsCsv(columns: readonly string[], skipped: readonly ImportRejection[], headers: { row: string; problems: string }, say: (message: Localized) => string): string {
  const data = skipped.map((r) => [
    String(r.row),
    formulaSafe(r.problems.map((p) => say(p.message)).join('；')),
    // formulaSafe first: csvTextCell's tab is itself a mark formulaSafe would escape.
    ...r.values.map((v) => csvTextCell(formulaSafe(v))),
    ...Array.from({ length: Math.max(0, columns.length - r.values.length) }, () => ''),
  ]);
  // Rows as plain arrays, the header one of them: given as `fields`, papaparse writes every
  // row only as wide as the header.
  return '\ufeff' + Papa.unparse([[headers.row, headers.problems, ...columns.map(formulaSafe)], ...data], { newline: '\r\n' }) + '\r\n';
}
