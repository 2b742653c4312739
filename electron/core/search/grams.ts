// Search terms for the case index (issue 8): every case becomes one document of short
// n-grams, so that a query of any length — one Chinese character (张), two (针灸) or
// more — is answered from the index, never by scanning rows.
//
// A document has two columns:
//   g  the 1- and 2-character grams of the claimant's name, the case number and every
//      institution and item of its lines (each distinct gram once), then, for each distinct
//      value, the sequence of its overlapping 3-character grams (positions kept, values
//      separated by a 4-character break token so no phrase spans two values).
//   k  keys: every prefix of the ID number, the status and the category.
// A query of 1 or 2 characters is one token; a longer query is the phrase of its
// overlapping trigrams, which matches exactly when the query is a substring of one value.
// So results are exact: no candidate needs checking afterwards, and the total is exact.
//
// Text is compared after NFKC (full-width ０-９ and Ａ-Ｚ become ASCII), lower-casing, and
// dropping everything that is not a letter or a digit (spaces, '-', '·'), on both sides.
// The FTS5 'ascii' tokenizer keeps every non-ASCII character inside a token, so a gram
// made of letters and digits is always exactly one token.

export const BREAK_TOKEN = 'zbrk';

/** Letters and digits only, NFKC, lower case. */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Code points, so that a character outside the BMP (𠮷) is one character. */
function chars(s: string): string[] {
  return Array.from(s);
}

export interface SearchDocInput {
  number: string;
  name: string;
  idNumber: string | null;
  status: string;
  category: string;
  /** Institutions and items of the case's lines. */
  texts: Iterable<string | null>;
}

export function statusToken(status: string): string {
  return `s${status.toLowerCase()}`;
}

export function categoryToken(category: string): string {
  return `c${category.toLowerCase()}`;
}

/** The two columns of a case's search document. */
export function searchDocument(input: SearchDocInput): { g: string; k: string } {
  const values = new Set<string>();
  for (const v of [input.name, input.number, ...input.texts]) {
    if (!v) continue;
    const n = normalizeText(v);
    if (n) values.add(n);
  }
  const short = new Set<string>();
  const sequences: string[] = [];
  for (const v of values) {
    const c = chars(v);
    for (let i = 0; i < c.length; i++) {
      short.add(c[i]!);
      if (i + 1 < c.length) short.add(c[i]! + c[i + 1]!);
    }
    if (c.length >= 3) {
      const tri: string[] = [];
      for (let i = 0; i + 2 < c.length; i++) tri.push(c[i]! + c[i + 1]! + c[i + 2]!);
      sequences.push(tri.join(' '));
    }
  }
  const g = [...short, ...sequences.flatMap((s) => [s, BREAK_TOKEN])].join(' ');
  const keys: string[] = [statusToken(input.status), categoryToken(input.category)];
  const id = input.idNumber ? input.idNumber.trim().toLowerCase() : '';
  if (/^[0-9x]+$/.test(id)) for (let i = 1; i <= id.length; i++) keys.push(id.slice(0, i));
  return { g, k: keys.join(' ') };
}

/**
 * The FTS5 MATCH expression for a query, or null when the query has no letter or digit
 * (then nothing matches). Filters are ANDed as key tokens.
 */
export function matchExpression(query: string, filters: { status?: string; category?: string } = {}): string | null {
  const q = normalizeText(query);
  if (!q) return null;
  const c = chars(q);
  let content: string;
  if (c.length <= 2) {
    content = `g : "${q}"`;
  } else {
    const tri: string[] = [];
    for (let i = 0; i + 2 < c.length; i++) tri.push(c[i]! + c[i + 1]! + c[i + 2]!);
    content = `g : "${tri.join(' ')}"`;
  }
  // An ID number prefix: digits, the last of 18 may be X.
  const idPrefix = /^\d{1,17}[\dx]?$/.test(q) ? ` OR k : "${q}"` : '';
  let expr = idPrefix ? `(${content}${idPrefix})` : content;
  if (filters.status) expr += ` AND k : "${statusToken(filters.status)}"`;
  if (filters.category) expr += ` AND k : "${categoryToken(filters.category)}"`;
  return expr;
}
