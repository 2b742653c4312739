// A spreadsheet read into text: the header row's names and each data row's cell texts,
// with the row's number as the user sees it in the file (header = 1).
export interface Table {
  columns: string[];
  rows: { row: number; values: string[] }[];
  sheet: string | null;
}

export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFileError';
  }
}
