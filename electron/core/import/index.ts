// Spreadsheet import (issue 8): read a CSV or XLSX file, map its columns, check every row,
// and — only when the user confirms — commit the accepted rows in ONE transaction, either
// as lines of one case or as one new case per claimant (HR: a sheet of many employees).
// A failed commit changes nothing; the mapping used is remembered for the next file with
// the same header.
import { ContractError } from '../../../shared/contract.ts';
import { REQUIRED_FIELDS, type ImportField, type ImportMapping, type ImportPreview, type ImportRejection, type ImportResult } from '../../../shared/import.ts';
import { MAX_EXPENSES, type CaseFile, type CategoryId, type Expense, type Scheme } from '../../../shared/model/case.ts';
import type { Db } from '../db/open.ts';
import { parseCsv } from './csv.ts';
import { parseXlsx } from './xlsx.ts';
import { guessColumns, rememberedMapping, rememberMapping } from './mapping.ts';
import { againstDatabase, checkRows, groupByClaimant, keepClaimant, lineKey, markDuplicates, whoseLine, type ImportLine, type KnownPeople, type RowCheck } from './rows.ts';
import { incomingInvoiceKey } from '../../../shared/rules/duplicateInvoice.ts';
import { casesWithInvoice, invoicesHeldBy, linesHeldBy } from '../db/invoiceQueries.ts';
import { defaultPack } from '../../../shared/policy/index.ts';
import { utf16ByteOrder } from '../files/textEncoding.ts';
import { ImportFileError, type Table } from './table.ts';

export { ImportFileError } from './table.ts';

const SAMPLE_ROWS = 20;

export type ReadTable = Table & { format: 'csv' | 'xlsx'; encoding: 'utf-8' | 'gbk' | 'utf-16' | null; sheets: string[] };

/**
 * A workbook is a zip (PK\x03\x04); an old binary .xls is refused by name; anything else is CSV
 * text. `sheet`: the workbook's sheet to read (a CSV has none: refused).
 */
export async function readTable(fileName: string, bytes: Uint8Array, sheet?: string): Promise<ReadTable> {
  const zip = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const ole = bytes.length >= 8 && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (ole) throw new ImportFileError(`${fileName}: an old Excel .xls workbook: save it as .xlsx or CSV first`, 'xls');
  if (zip || /\.xlsx$/i.test(fileName)) return { ...(await parseXlsx(bytes, sheet)), format: 'xlsx', encoding: null };
  if (sheet !== undefined) throw new ImportFileError(`${fileName}：CSV 文件没有工作表，不能指定“${sheet}”; a CSV file has no sheets`, 'noSheet');
  // Text has no NUL bytes (but UTF-16 has, after its byte-order mark): a PDF, a scan or any
  // other binary file is not read as a GBK "CSV" of garbage.
  if (!utf16ByteOrder(bytes) && bytes.subarray(0, 8192).includes(0)) throw new ImportFileError(`${fileName}: not a CSV or XLSX table (binary data)`, 'notTable');
  return { ...parseCsv(bytes), format: 'csv', sheets: [] };
}

function missingFields(mapping: ImportMapping, needClaimant: boolean): ImportField[] {
  const need: ImportField[] = needClaimant ? ['name', ...REQUIRED_FIELDS] : [...REQUIRED_FIELDS];
  return need.filter((f) => mapping[f] === undefined || mapping[f] === null);
}

function badColumns(mapping: ImportMapping, columns: number): string | null {
  for (const [f, i] of Object.entries(mapping)) if (i !== null && i !== undefined && i >= columns) return `${f}: the file has no column ${i + 1}`;
  return null;
}

async function load(db: Db, fileName: string, base64: string, given: ImportMapping | undefined, sheet: string | undefined) {
  let table: ReadTable;
  try {
    table = await readTable(fileName, Buffer.from(base64, 'base64'), sheet);
  } catch (err) {
    // A sheet that is not there is the request's fault, not the file's.
    if (err instanceof ImportFileError) throw new ContractError('invalid_request', err.message.startsWith(fileName) ? err.message : `${fileName}: ${err.message}`, err.reason === 'noSheet' ? 'sheet' : 'base64', { reason: err.reason, file: fileName, ...(err.row === undefined ? {} : { row: err.row }) });
    throw err;
  }
  if (table.columns.length === 0) throw new ContractError('invalid_request', `${fileName}: the file has no header row`, 'base64', { reason: 'noHeader', file: fileName });
  let mapping: ImportMapping;
  let source: ImportPreview['mappingSource'];
  const guess = guessColumns(table.columns);
  if (given) { mapping = given; source = 'given'; }
  else {
    const remembered = rememberedMapping(db, table.columns);
    if (remembered) { mapping = remembered; source = 'remembered'; } else { mapping = guess.mapping; source = 'guessed'; }
  }
  const bad = badColumns(mapping, table.columns.length);
  if (bad) throw new ContractError('invalid_request', bad, 'mapping');
  // The columns a field could be, for the fields still without one: the user picks.
  const ambiguous = Object.fromEntries(Object.entries(guess.ambiguous).filter(([f]) => typeof mapping[f as ImportField] !== 'number'));
  return { table, mapping, source, ambiguous };
}

/** Read, map and check; nothing is written. */
export async function previewImport(db: Db, input: { fileName: string; base64: string; mapping?: ImportMapping | undefined; number?: string | undefined; remember?: boolean | undefined; sheet?: string | undefined }, today: string): Promise<ImportPreview> {
  const { table, mapping, source, ambiguous } = await load(db, input.fileName, input.base64, input.mapping, input.sheet);
  const needClaimant = !input.number;
  const missing = missingFields(mapping, needClaimant);
  const checked = missing.length ? { lines: [], rejected: [], notices: [] } : withinCaseLimit(db, input.number, againstCases(db, input.number, checkRows(table, mapping, today, needClaimant)));
  // A mapping set by hand is kept for this header as soon as the sheet is checked with it:
  // a confirm refused for a bad row, the file fixed and chosen again, does not lose it. (Only
  // the mapping: no case, line or audit event is written before the commit.)
  if (input.remember && input.mapping) rememberMapping(db, table.columns, mapping);
  const accepted = new Set(checked.lines.map((l) => l.row));
  return {
    fileName: input.fileName, format: table.format, encoding: table.encoding, sheet: table.sheet, sheets: table.sheets,
    skippedAbove: table.skippedAbove, skippedHidden: table.skippedHidden, headerRow: table.headerRow, columns: table.columns, mapping, mappingSource: source, ambiguous, missing,
    sample: table.rows.slice(0, SAMPLE_ROWS).map(({ row, values }) => ({ row, values })), // what the reader noted about cells stays here
    rows: table.rows.length, accepted: checked.lines.length,
    claimants: needClaimant ? groupByClaimant(checked.lines).length : 1,
    totalFen: checked.lines.reduce((s, l) => s + l.expense.amountFen, 0),
    rejected: checked.rejected,
    notices: checked.notices.filter((n) => accepted.has(n.row)),
  };
}

export interface CommitInput {
  fileName: string;
  base64: string;
  mapping: ImportMapping;
  /** The workbook's sheet the preview read (XLSX; absent: the one that looks like the data, as the preview chose). */
  sheet?: string | undefined;
  /** Add every line to this case … */
  number?: string | undefined;
  /** … or make one case per claimant in this category. */
  category?: CategoryId | undefined;
  scheme?: Scheme | undefined;
  /** Import the accepted rows even when some are rejected (the user saw the report). */
  skipRejected: boolean;
  /** Import the rows that repeat a line already in a case or an earlier row, too (the user chose to). */
  importDuplicates?: boolean | undefined;
  /** Idempotency: a commit already made under this id is answered again, not repeated. */
  requestId?: string | undefined;
}

/** Where a commit's answer is kept under its request id (the settings table). */
const commitKey = (requestId: string) => `import.commit:${requestId}`;

function committedBefore(db: Db, requestId: string | undefined): ImportResult | undefined {
  if (!requestId) return undefined;
  const v = db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get(commitKey(requestId)) as string | undefined;
  return v === undefined ? undefined : (JSON.parse(v) as ImportResult);
}

export interface CommitPorts {
  /** Append lines to an existing case (one change, one audit event). */
  addLines(number: string, lines: Expense[], detail: Record<string, unknown>): { number: string; claimant: string };
  /** Create a case (its own audit event). */
  createCase(caseFile: CaseFile, detail: Record<string, unknown>): { number: string };
}

/** Everything in one transaction: any failure rolls every case and line back. */
export async function commitImport(db: Db, input: CommitInput, today: string, ports: CommitPorts): Promise<ImportResult> {
  if (!input.number && !input.category) throw new ContractError('invalid_request', 'name the case to add the lines to (number) or the category of the new cases (category)', 'category');
  if (input.number && input.category) throw new ContractError('invalid_request', 'either number or category, not both', 'category');
  // A confirmation sent twice (double click, retry after a lost answer) imports once: without
  // invoice numbers nothing else would tell the second from a new claim.
  const before = committedBefore(db, input.requestId);
  if (before) return before;
  const { table, mapping } = await load(db, input.fileName, input.base64, input.mapping, input.sheet);
  const needClaimant = !input.number;
  const missing = missingFields(mapping, needClaimant);
  if (missing.length) throw new ContractError('invalid_request', `map a column to ${missing.join(', ')} first`, 'mapping');
  const rows = checkRows(table, mapping, today, needClaimant); // the sheet alone: no database
  return db.transaction((): ImportResult => {
    // Checked again under the write lock: two confirmations at once, the second waits here.
    const raced = committedBefore(db, input.requestId);
    if (raced) return raced;
    // What the database already holds (the invoices and lines of the claimants, the target
    // case) is looked up here, under the write lock, not before it: a `claimdesk import` or
    // another window committing the same claimant's invoice in between was not seen, and the
    // invoice ended up in two cases (case.duplicateInvoice). The CLI's import looks inside its
    // transaction the same way.
    const checked = againstCases(db, input.number, rows);
    const { lines, rejected } = withinCaseLimit(db, input.number, input.importDuplicates
      ? { lines: [...checked.lines, ...checked.duplicates].sort((a, b) => a.row - b.row), rejected: checked.rejected.filter((r) => !r.duplicateOf) }
      : checked);
    if (rejected.length && !input.skipRejected) {
      throw new ContractError('conflict', `${rejected.length} of ${table.rows.length} rows are rejected (first: row ${rejected[0]!.row}); fix them or import the others with skipRejected`, 'skipRejected');
    }
    if (lines.length === 0) throw new ContractError('conflict', 'no row can be imported', 'base64');
    const detail = { fileName: input.fileName, format: table.format, ...(table.sheet ? { sheet: table.sheet } : {}), rows: table.rows.length, skipped: rejected.length };
    const cases: ImportResult['cases'] = [];
    if (input.number) {
      const done = ports.addLines(input.number, lines.map((l) => l.expense), { ...detail, lines: lines.length });
      cases.push({ number: done.number, claimant: done.claimant, lines: lines.length, created: false });
    } else {
      for (const group of groupByClaimant(lines)) {
        const caseFile = caseFileFor(group, input.category!, input.scheme);
        const done = ports.createCase(caseFile, { ...detail, lines: group.length });
        cases.push({ number: done.number, claimant: caseFile.claimant.name, lines: group.length, created: true });
      }
    }
    rememberMapping(db, table.columns, mapping);
    const result: ImportResult = { cases, imported: lines.length, skipped: rejected as ImportRejection[] };
    if (input.requestId) db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`).run(commitKey(input.requestId), JSON.stringify(result));
    return result;
  }).immediate();
}

/**
 * The rows as the database sees them: for an existing case, only its claimant's lines (an
 * unknown case number is refused here, in the preview as in the commit); then no ID number
 * under another name than the database has, no invoice the claimant or anyone else already
 * has; and the lines the claimant already has (or the sheet has above) set apart as duplicates.
 */
function againstCases(db: Db, number: string | undefined, checked: RowCheck): RowCheck & { duplicates: ImportLine[] } {
  let claimant: { name: string; idNumber: string | null } | undefined;
  if (number) {
    claimant = db.prepare(`SELECT p.name AS name, p.id_number AS idNumber FROM cases c JOIN people p ON p.id = c.claimant_id WHERE c.number = ?`)
      .get(number) as typeof claimant;
    if (!claimant) throw new ContractError('not_found', `no case ${number}`, 'number');
    checked = keepClaimant(checked, claimant, defaultPack().newbornNaming);
  }
  const nameOf = db.prepare(`SELECT p.name AS name, c.number AS number FROM people p JOIN cases c ON c.claimant_id = p.id WHERE p.id_number = ? ORDER BY c.id LIMIT 1`);
  const held = new Map<string, Map<string, string>>(); // per ID number, read once for the sheet
  const known: KnownPeople = {
    nameOf: (id) => nameOf.get(id) as { name: string; number: string } | undefined,
    caseWithInvoice: (id, key) => {
      let keys = held.get(id);
      if (!keys) held.set(id, (keys = invoicesHeldBy(db, id)));
      return keys.get(key);
    },
    otherClaimantWithInvoice: (who, expense) => {
      const key = incomingInvoiceKey(expense);
      if (!key) return undefined;
      const samePerson = (c: { name: string; idNumber: string | null }) => (who.idNumber && c.idNumber ? c.idNumber.toUpperCase() === who.idNumber.toUpperCase() : c.name === who.name);
      return casesWithInvoice(db, expense).find((c) => !samePerson(c));
    },
  };
  const lines = new Map<string, Map<string, string>>(); // per claimant, read once for the sheet
  const caseWithLine = (who: ImportLine['claimant'], key: string) => {
    const k = whoseLine(who);
    let held = lines.get(k);
    if (!held) lines.set(k, (held = linesHeldBy(db, who, lineKey)));
    return held.get(key);
  };
  // Lines for an existing case carry its claimant's ID number when the sheet has none.
  // (And its name when the sheet has no name column: whose lines they are, for the duplicates.)
  const withId = claimant ? { ...checked, lines: checked.lines.map((l) => ({ ...l, claimant: { ...l.claimant, idNumber: l.claimant.idNumber ?? claimant!.idNumber, name: l.claimant.name ?? claimant!.name } })) } : checked;
  const out = markDuplicates(againstDatabase(withId, known, incomingInvoiceKey), caseWithLine);
  // The lines as they were (a case's own ID number is not written into the rows it was lent to).
  const original = new Map(checked.lines.map((l) => [l.row, l]));
  return { ...out, lines: out.lines.map((l) => original.get(l.row)!), duplicates: out.duplicates.map((l) => original.get(l.row)!) };
}

/**
 * The case file's limit on expense lines (MAX_EXPENSES), for each case the import makes or
 * adds to: a case over it was stored, and its case file and bundle were then refused by every
 * import, here and on any other machine. Every row of a claimant (or for the target case) that
 * would take a case over the limit is refused, naming the claimant or case and the counts: the
 * user splits the sheet, rather than have the lines cut at some arbitrary row.
 */
function withinCaseLimit<C extends { lines: ImportLine[]; rejected: ImportRejection[] }>(db: Db, number: string | undefined, checked: C): C {
  const has = number === undefined ? 0 : (db.prepare(`SELECT COUNT(*) FROM expense_lines l JOIN cases c ON c.id = l.case_id WHERE c.number = ?`).pluck().get(number) as number);
  const groups = number === undefined ? groupByClaimant(checked.lines) : [checked.lines];
  const over = new Set<number>(); // rows
  const rejected = [...checked.rejected];
  for (const group of groups) {
    if (has + group.length <= MAX_EXPENSES) continue;
    const who = group[0]!.claimant.name ?? group[0]!.claimant.idNumber ?? '';
    const message = number === undefined
      ? { 'zh-CN': `“${who}”在表中有 ${group.length} 行费用，超过一个案件最多 ${MAX_EXPENSES} 行：请把这些行分成几个表格，分别导入`, en: `${who} has ${group.length} expense lines in the sheet, more than the ${MAX_EXPENSES} a case can hold: split them into several sheets and import each` }
      : { 'zh-CN': `案件 ${number} 已有 ${has} 行费用，再加表中这 ${group.length} 行会超过一个案件最多 ${MAX_EXPENSES} 行：请减少行数，或把其余的行导入另一个案件`, en: `case ${number} has ${has} expense lines; the sheet's ${group.length} more would exceed the ${MAX_EXPENSES} a case can hold: import fewer rows, or the rest into another case` };
    for (const l of group) {
      over.add(l.row);
      rejected.push({ row: l.row, values: l.values, problems: [{ field: 'row', message }] });
    }
  }
  if (over.size === 0) return checked;
  rejected.sort((a, b) => a.row - b.row);
  return { ...checked, lines: checked.lines.filter((l) => !over.has(l.row)), rejected };
}

function caseFileFor(group: ImportLine[], category: CategoryId, scheme: Scheme | undefined): CaseFile {
  const first = group[0]!.claimant;
  const pick = <K extends keyof ImportLine['claimant']>(k: K) => group.map((l) => l.claimant[k]).find((v) => v) ?? undefined;
  return {
    format: 'claimdesk/case@1', category, ...(scheme ? { scheme } : {}),
    claimant: {
      name: first.name ?? pick('name') ?? '',
      ...(pick('idNumber') ? { idNumber: pick('idNumber')! } : {}),
      ...(pick('employer') ? { employer: pick('employer')! } : {}),
      ...(pick('phone') ? { phone: pick('phone')! } : {}),
    },
    expenses: group.map((l) => l.expense),
  };
}
