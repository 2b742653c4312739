// Why a search found a case (CaseSummary.matched, the case list's "命中" hint): worked out after
// the search, for the rows of the page it returned only (≤ the page size), from each case's
// own expense lines — it reads no index and changes nothing of what is found, counted or in
// which order. Words are compared as the search compares them (grams.ts normalizeText: NFKC,
// lower case, letters and digits only), so a hint is found for every row the search found by
// a name, a number, an ID number, an institution or an item.
import type { CaseSummary, SearchMatch } from '../../../shared/contract.ts';
import type { Db } from '../db/open.ts';
import { statement } from '../db/statements.ts';
import { groupedIdNumber, idPrefixLike, normalizeText } from './grams.ts';

/** The words of a query as the search splits them (index.ts wordsOf), normalized, each once. */
function queryWords(query: string): string[] {
  const grouped = groupedIdNumber(query); // 350203 19880812 3107: one ID number when typed in groups
  const words = (grouped !== null ? [grouped] : query.normalize('NFKC').trim().split(/\s+/)).map(normalizeText).filter((w) => w !== '');
  return [...new Set(words)];
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Where normalized word `word` is in `text` as stored: [start, end) in UTF-16 offsets, covering
 * the characters it came from (全角 ＣＴ, a space or · inside the match included). Each
 * character (grapheme) is normalized alone: when that differs from normalizing the whole text
 * (a rare composition across characters), null rather than a wrong place.
 */
export function markOf(text: string, word: string): [number, number] | null {
  if (word.length === 0) return null;
  // Most stored values (厦门市中医院, 针灸推拿) are their own normalization: the place is the same in both.
  if (normalizeText(text) === text) {
    const at = text.indexOf(word);
    return at < 0 ? null : [at, at + word.length];
  }
  let normalized = '';
  const from: { start: number; end: number }[] = []; // per UTF-16 unit of `normalized`
  for (const { segment, index } of graphemes.segment(text)) {
    const n = normalizeText(segment);
    normalized += n;
    for (let i = 0; i < n.length; i++) from.push({ start: index, end: index + segment.length });
  }
  if (normalized !== normalizeText(text)) return null;
  const at = normalized.indexOf(word);
  if (at < 0) return null;
  return [from[at]!.start, from[at + word.length - 1]!.end];
}

function hit(field: SearchMatch['field'], text: string, word: string, lines?: number): SearchMatch {
  const mark = markOf(text, word);
  return { field, text, ...(mark ? { mark } : {}), ...(lines !== undefined ? { lines } : {}) };
}

/** The visible column a word is in (search.ts: name or number contain it, the ID number starts with it), or null. */
function visibleHit(row: CaseSummary, word: string): SearchMatch | null {
  if (normalizeText(row.claimant).includes(word)) return hit('claimant', row.claimant, word);
  if (normalizeText(row.number).includes(word)) return hit('number', row.number, word);
  const id = row.idNumber?.trim().toLowerCase() ?? '';
  if (idPrefixLike(word) && id.startsWith(word)) return { field: 'idNumber', text: row.idNumber!, mark: [0, word.length] };
  return null;
}

interface Line { institution: string; item: string | null }

/**
 * Institution first, then item: the value most of the matching lines hold, and how many lines
 * match. `normalized` caches normalizeText per value: lines repeat their values (one hospital
 * on every line), and normalizing is most of the cost.
 */
function lineHit(lines: Line[], word: string, normalized: (v: string) => string): SearchMatch | null {
  for (const field of ['institution', 'item'] as const) {
    const counts = new Map<string, number>(); // in line order: a tie goes to the first line's value
    let matching = 0;
    for (const line of lines) {
      const value = line[field];
      if (!value || !normalized(value).includes(word)) continue;
      matching += 1;
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    if (matching === 0) continue;
    let best = '';
    let most = 0;
    for (const [value, n] of counts) if (n > most) { best = value; most = n; }
    return hit(field, best, word, matching);
  }
  return null;
}

/**
 * The rows with `matched` set. A word found in a visible column needs no hint; the first word
 * found only in a line is the hint; when every word is visible, the first word's column. The
 * lines are read by case number and expense_lines_case, only for rows with a word not visible.
 */
export function withMatches(db: Db, query: string, items: CaseSummary[]): CaseSummary[] {
  const words = queryWords(query);
  if (words.length === 0) return items;
  // Every line of the page's cases that need one, in one statement (by their numbers, a JSON array).
  const linesOf = statement(db, `SELECT c.number, e.institution, e.item FROM json_each(?) j
    CROSS JOIN cases c ON c.number = j.value CROSS JOIN expense_lines e ON e.case_id = c.id ORDER BY c.id, e.position, e.id`);
  const cache = new Map<string, string>();
  const normalized = (v: string): string => {
    let n = cache.get(v);
    if (n === undefined) cache.set(v, (n = normalizeText(v)));
    return n;
  };
  const visible = items.map((row) => words.map((word) => visibleHit(row, word)));
  const needLines = items.filter((_, i) => visible[i]!.some((hit) => hit === null)).map((row) => row.number);
  const lines = new Map<string, Line[]>();
  if (needLines.length) {
    // Rows as arrays (raw): no object per line — a page of 50 cases has ~1,000 lines.
    for (const [number, institution, item] of linesOf.raw(true).all(JSON.stringify(needLines)) as [string, string, string | null][]) {
      let list = lines.get(number);
      if (!list) lines.set(number, (list = []));
      list.push({ institution, item });
    }
  }
  return items.map((row, i) => {
    for (const [k, word] of words.entries()) {
      if (visible[i]![k]) continue;
      const found = lineHit(lines.get(row.number) ?? [], word, normalized);
      if (found) return { ...row, matched: found };
    }
    const first = visible[i]!.find((hit) => hit !== null);
    return first ? { ...row, matched: first } : row;
  });
}
