// One rule for every CSV ClaimDesk writes by hand (the exports' free-text columns, the audit
// trail, the import screen's rows left out), and its undoing where such a file comes back: a
// light module in shared/, so that the renderer writes with the same rule as the core, and the
// audit's CSV does not load the spreadsheet writers. (The batch summary's papaparse
// escapeFormulae is this same rule: a leading = + - @ tab or CR prefixed with '.)

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet would run as a formula — it starts with = + - @, or a tab or carriage
 * return — made text with a leading '.
 */
export function formulaSafe(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * The mark formulaSafe put taken off again: '=SUM(1) → =SUM(1); a ' before anything else is
 * kept. For the importer, reading back a file ClaimDesk wrote (the rows left out, fixed in Excel).
 */
export function withoutFormulaMark(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
