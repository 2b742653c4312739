// Importing expense lines and claimants from a spreadsheet (issue 8): the fields a column
// can be mapped to, and the shapes the contract's import calls exchange. Pure: no I/O.
import * as z from 'zod';
import type { Localized } from './model/evaluation.ts';
import type { CategoryId } from './model/case.ts';

/**
 * A cell as the import's skipped-rows CSV holds it (a file meant to be fixed in Excel and
 * imported back): a long digit string (an ID number) gets a leading tab, so that Excel keeps it
 * as text instead of 3.50203E+17; the importer trims it. Not for the exports: their CSV is data
 * for programs, which the tab corrupted (electron/core/export/sheet.ts).
 */
export function csvTextCell(text: string): string {
  return /^\d{12,}[\dX]?$/.test(text) ? `\t${text}` : text;
}

/** What a spreadsheet column can hold. */
export const IMPORT_FIELDS = [
  'name', 'idNumber', 'employer', 'phone',
  'invoiceCode', 'invoiceNo', 'date', 'institution', 'item', 'kind', 'amount', 'nameOnVoucher',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Fields every row needs (name or ID number is also needed when new cases are made). */
export const REQUIRED_FIELDS: readonly ImportField[] = ['date', 'institution', 'amount'];

export const FIELD_LABELS: Record<ImportField, Localized> = {
  name: { 'zh-CN': '姓名', en: 'Name' },
  idNumber: { 'zh-CN': '身份证号', en: 'ID number' },
  employer: { 'zh-CN': '工作单位', en: 'Employer' },
  phone: { 'zh-CN': '联系电话', en: 'Phone' },
  invoiceCode: { 'zh-CN': '票据代码', en: 'Invoice code' },
  invoiceNo: { 'zh-CN': '票据号码', en: 'Invoice number' },
  date: { 'zh-CN': '日期', en: 'Date' },
  institution: { 'zh-CN': '医疗机构', en: 'Institution' },
  item: { 'zh-CN': '项目', en: 'Item' },
  kind: { 'zh-CN': '类别', en: 'Kind' },
  amount: { 'zh-CN': '金额(元)', en: 'Amount (yuan)' },
  nameOnVoucher: { 'zh-CN': '票据姓名', en: 'Name on voucher' },
};

/**
 * The most columns an imported table has: an XLSX sheet's width (A–XFD), which is also what Excel
 * shows of a wider CSV. The reader never gives a header wider than this (a CSV with text further
 * right is refused, reason tooWide), so every column the preview maps, the commit accepts.
 */
export const MAX_IMPORT_COLUMNS = 16384;

/** A mapping: field → 0-based column index (absent or null: not imported). */
export const importMappingSchema = z.partialRecord(z.enum(IMPORT_FIELDS), z.number().int().min(0).max(MAX_IMPORT_COLUMNS - 1).nullable());
export type ImportMapping = Partial<Record<ImportField, number | null>>;

export interface ImportProblem { field: ImportField | 'row'; message: Localized }

/**
 * One rejected row: its number as the user sees it in the file (header = row 1), and its
 * cells as read (so the rows left out can be handed back, fixed and imported again).
 */
export interface ImportRejection {
  row: number;
  problems: ImportProblem[];
  values: string[];
  /**
   * Set when the row's only problem is that it repeats a line (same claimant ID number, or
   * name without one; date, institution, amount, and invoice when given) already in a case,
   * or an earlier row of the sheet: left out unless the user chooses to import it anyway
   * (import.commit's importDuplicates).
   */
  duplicateOf?: { case: string } | { row: number };
}

/** Something the preview did to a row that the user should know (the row is imported). */
export interface ImportNotice { row: number; message: Localized }

export interface ImportPreview {
  fileName: string;
  format: 'csv' | 'xlsx';
  /** How a CSV was read: 'utf-8' (with or without BOM), 'gbk' (what Chinese Excel writes) or 'utf-16' (Excel's "Unicode text", with its BOM). */
  encoding: 'utf-8' | 'gbk' | 'utf-16' | null;
  /** The sheet read (XLSX): the one asked for, else the one that looks like the data. */
  sheet: string | null;
  /** The workbook's visible sheets with something in them, in tab order (the screen offers a choice when there are two or more). */
  sheets: string[];
  /** Rows with text above the header (a title row), skipped; the row numbers stay the file's. */
  skippedAbove: number;
  /**
   * Rows hidden in the workbook — by hand, or filtered out by an AutoFilter — that were not
   * read (XLSX): only the rows the user sees in Excel are imported. Row numbers stay the file's.
   */
  skippedHidden: number;
  /** The header's row number in the file (1 unless blank or title rows are above it). */
  headerRow: number;
  columns: string[];
  mapping: ImportMapping;
  /**
   * Unmapped fields that several columns name equally well (就诊日期 and 开票日期): not
   * guessed, the user chooses among these columns.
   */
  ambiguous: Partial<Record<ImportField, number[]>>;
  /** given: from the request; remembered: saved for these headers by an earlier import; guessed: from the headers. */
  mappingSource: 'given' | 'remembered' | 'guessed';
  /** The first rows as read, for the preview table. */
  sample: { row: number; values: string[] }[];
  /** Required fields no column is mapped to: nothing can be imported until they are. */
  missing: ImportField[];
  rows: number;
  accepted: number;
  /** Distinct claimants among the accepted rows (by ID number, else name). */
  claimants: number;
  totalFen: number;
  rejected: ImportRejection[];
  /**
   * Rows imported with a change the user should know of (a claimant's ID number taken from
   * another row; an amount merged over several rows counted on this row only). One per row.
   */
  notices: ImportNotice[];
}

export interface ImportResult {
  /** Cases created (one per claimant) or changed (the target case). */
  cases: { number: string; claimant: string; lines: number; created: boolean }[];
  imported: number;
  skipped: ImportRejection[];
}

export type ImportTarget = { number: string } | { category: CategoryId; scheme?: 'employee' | 'resident' | 'rural' | undefined };
