// One rule for every CSV ClaimDesk writes by hand (the exports' free-text columns, the audit
// trail): a light module, so that the audit's CSV does not load the spreadsheet writers.

/**
 * A cell a spreadsheet would run as a formula — it starts with = + - @, or a tab or carriage
 * return — made text with a leading '.
 */
export function formulaSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
