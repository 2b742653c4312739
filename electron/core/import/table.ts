// A spreadsheet read into text: the header row's names and each data row's cell texts,
// with the row's number as the user sees it in the file (header = 1).
import type { ImportFileReason } from '../../../shared/contract.ts';

export interface Table {
  columns: string[];
  /**
   * `inexact`: the columns (indexes) of this row whose cells were numbers too long to be held
   * exactly (more than 15–16 digits: an ID number typed into a number cell has lost its last
   * digits, and may still look valid). `numbers`: the columns whose cells were numbers (an
   * XLSX number cell; a CSV has none), so that a wrong ID number is blamed on a number format
   * only when it went through one.
   */
  rows: { row: number; values: string[]; inexact?: number[]; numbers?: number[]; issues?: ({ column: number } & CellIssue)[] }[];
  sheet: string | null;
}

/**
 * A cell with no text to give (XLSX): a formula saved without its result (noResult), an error
 * value such as #N/A (error), or a kind of value the reader does not know (unreadable).
 */
export type CellIssue = { kind: 'noResult' } | { kind: 'error'; error: string } | { kind: 'unreadable' };

export class ImportFileError extends Error {
  /** Which of the contract's ImportFileReasons: the screen says it in the user's language. */
  constructor(message: string, readonly reason: ImportFileReason) {
    super(message);
    this.name = 'ImportFileError';
  }
}
