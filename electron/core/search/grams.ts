// Search terms for the case index (issue 8): every case becomes one document of short
// n-grams, so that a query of any length — one Chinese character (张), two (针灸) or
// more — is answered from the index, never by scanning rows.
//
// A document has two columns:
//   g  the 1- and 2-character grams of the claimant's name, the case number and every
//      institution and item of its lines (each distinct gram once), then, for each distinct
//      value, the sequence of its overlapping 3-character grams (positions kept, values
//      separated by a 4-character break token so no phrase spans two values).
//   k  keys: every prefix of the ID number, the status and the category, one token per
//      distinct value (name, institution, item) naming it in the value dictionary: v<id>,
//      and n<gram> for each common gram (below) the case does NOT hold.
// A query of 1 or 2 characters is one token; a longer query is the phrase of its
// overlapping trigrams, which matches exactly when the query is a substring of one value.
// So results are exact: no candidate needs checking afterwards, and the total is exact.
//
// Long queries (the value dictionary, index.ts): a phrase of many trigrams walks the long
// doclists of its common trigrams (厦门大 is in half of all cases) however rare the whole
// phrase is. A query of 3+ characters that is not all ASCII letters and digits can only be
// part of a name, an institution or an item (case numbers and ID numbers are ASCII), so it
// is first looked up among the distinct values (a few thousand rows, not 100,000 cases);
// the cases are then those holding one of the values found: an OR of a few v<id> keys,
// each one short doclist. Still exact: a case matches iff one of its values contains the
// query, and every value of every case is in the dictionary.
//
// Common grams (index.ts, refreshCommonGrams): a word held by most cases (厦门, 医院, 费 in a
// Xiamen database) is a doclist of nearly every case, and a count of several such words walks
// them all (~2 ms a word at 100k cases). For grams found in at least half of the documents the
// index also records their absence, n<gram>, a short doclist: the count of 厦门 AND 医院 is then
// all cases minus those with n厦门 or n医院. Exact as long as every document was indexed knowing
// the gram is common, which refreshCommonGrams guarantees by re-indexing, in the transaction
// that adds a gram, every document that lacks it.
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

/** The token, in column k, of a document that does not hold common gram `gram` (1 or 2 characters, normalized). */
export function absenceToken(gram: string): string {
  return `n${gram}`;
}

/**
 * A word the common-gram counts can answer: the gram itself, when the word is exactly one
 * common gram of 1 or 2 characters and not a possible ID-number prefix (that word also matches
 * k : digits, which no absence token speaks for). Null otherwise.
 */
export function commonWordGram(word: string, common: ReadonlySet<string>): string | null {
  const q = normalizeText(word);
  return q && canBeCommon(q) && common.has(q) ? q : null;
}

/** Whether a gram's absence key could ever answer a word: 1 or 2 characters, no digits-only ID prefix. */
export function canBeCommon(gram: string): boolean {
  return chars(gram).length <= 2 && !idPrefixLike(gram);
}

/** The token of value `id` of the dictionary, in column k. */
export function valueToken(id: number): string {
  return `v${id.toString(36)}`;
}

/**
 * The two columns of a case's search document, and its distinct values for the dictionary
 * (normalized name, institutions, items: not the case number). `valueIds` gives each of
 * those values' dictionary ids, which become v<id> keys; omitted, k has no value keys.
 * `common`: the common grams, whose absence from this document becomes n<gram> keys.
 */
export function searchDocument(input: SearchDocInput, valueIds?: (values: readonly string[]) => number[], common: Iterable<string> = []): { g: string; k: string; values: string[] } {
  const values = new Set<string>();
  const dictionary = new Set<string>();
  for (const v of [input.name, ...input.texts]) {
    if (!v) continue;
    const n = normalizeText(v);
    if (n) { values.add(n); dictionary.add(n); }
  }
  const numberText = normalizeText(input.number);
  if (numberText) values.add(numberText);
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
  const dictionaryValues = [...dictionary];
  if (valueIds) for (const vid of valueIds(dictionaryValues)) keys.push(valueToken(vid));
  for (const gram of common) if (!short.has(gram)) keys.push(absenceToken(gram));
  return { g, k: keys.join(' '), values: dictionaryValues };
}

/** Overlapping trigrams of a normalized text, as one FTS5 phrase's tokens. */
export function trigramPhrase(normalized: string): string {
  const c = chars(normalized);
  const tri: string[] = [];
  for (let i = 0; i + 2 < c.length; i++) tri.push(c[i]! + c[i + 1]! + c[i + 2]!);
  return tri.join(' ');
}

/** The dictionary's document of one value: its trigram sequence (values under 3 characters: none). */
export function valueDocument(normalized: string): string {
  return trigramPhrase(normalized);
}

/**
 * The normalized query when it can be answered from the value dictionary: 3 characters or
 * more, at least one of them not an ASCII letter or digit (so no case number, no ID number
 * can contain it). Null: answer it from the n-gram columns.
 */
export function dictionaryQuery(query: string): string | null {
  const q = normalizeText(query);
  return chars(q).length >= 3 && /[^a-z0-9]/.test(q) ? q : null;
}

/** The filters as key tokens ANDed to a match expression. */
export function filterExpression(filters: { status?: string | undefined; category?: string | undefined }): string {
  let expr = '';
  if (filters.status) expr += ` AND k : "${statusToken(filters.status)}"`;
  if (filters.category) expr += ` AND k : "${categoryToken(filters.category)}"`;
  return expr;
}

/** A normalized query that can also be the start of an ID number: digits, the last of 18 may be x. */
export function idPrefixLike(q: string): boolean {
  return /^\d{1,17}[\dx]?$/.test(q);
}

/**
 * Every case that word `other` finds, word `word` finds too, so `word` adds nothing to a query
 * holding both (张 beside 张伟, 医院 beside 厦门长庚医院). A word finds the cases with a value
 * containing it (name, case number, institution, item), and an ID-like word also those whose ID
 * number starts with it: so `word` inside `other` is enough, unless `other` can be an ID prefix —
 * then `word` has to be its start (0203 is inside 350203, but not the start of an ID number
 * starting 350203).
 */
export function impliedBy(word: string, other: string): boolean {
  const w = normalizeText(word);
  const o = normalizeText(other);
  return o.includes(w) && (!idPrefixLike(o) || o.startsWith(w));
}

/**
 * The FTS5 MATCH expression for a query, or null when the query has no letter or digit
 * (then nothing matches). Filters are ANDed as key tokens.
 */
export function matchExpression(query: string, filters: { status?: string | undefined; category?: string | undefined } = {}): string | null {
  const q = normalizeText(query);
  if (!q) return null;
  const c = chars(q);
  const content = c.length <= 2 ? `g : "${q}"` : `g : "${trigramPhrase(q)}"`;
  // An ID number prefix: digits, the last of 18 may be X.
  const idPrefix = idPrefixLike(q) ? ` OR k : "${q}"` : '';
  const expr = idPrefix ? `(${content}${idPrefix})` : content;
  return expr + filterExpression(filters);
}

/** The match expression for cases holding one of these dictionary values (at least one). */
export function valuesExpression(valueIds: readonly number[], filters: { status?: string | undefined; category?: string | undefined } = {}): string {
  return `k : (${valueIds.map(valueToken).join(' OR ')})${filterExpression(filters)}`;
}

/**
 * An ID number typed or pasted in groups (350203 19880812 3107, 3502 0319 8808): a query of
 * digit groups only, the last may end in (or be) x/X, separated by spaces, is one ID-number
 * term — the groups joined. Null for anything else (several words stay several terms).
 */
export function groupedIdNumber(query: string): string | null {
  const q = query.normalize('NFKC').trim();
  return /^\d+(?:\s+\d+)*(?:\s*[xX])?$/.test(q) && /\s/.test(q) ? q.replace(/\s+/g, '') : null;
}
