// The case search index (issue 8): one FTS5 document per case (grams.ts), kept up to date
// in the same transaction as every change, and the paged list and search queries that read
// it. Measured at 100k cases / 2M lines in `npm run bench` (tests/bench/search.ts).
//
// Keeping it current: triggers on cases, people and expense_lines mark a changed case in
// case_search_dirty (plain SQL, so any writer — the service, a bundle import, a restore —
// marks what it touched). The service's change paths call `flush()` before they commit,
// which re-indexes exactly the marked cases; searches flush first as well, so a writer that
// forgot still never leaves a search stale.
//
// The value dictionary (grams.ts): case_search_values holds every distinct normalized name,
// institution and item of the indexed cases once, with an id; case_search_value_grams is its
// trigram index (rowid = value id). A long non-ASCII query finds its values there, then the
// cases by their v<id> keys. Values are only ever added (a value no case holds any more costs
// a key that matches nothing); rebuild() starts the dictionary afresh.
//
// Ordering by last change without sorting: a document's FTS rowid is its case's sort key,
// updated_at in milliseconds × 1024 + (case id mod 1024), so `ORDER BY rowid DESC LIMIT n`
// walks the index newest first and stops after n (FTS5 iterates a doclist in either
// direction); case_search_keys maps the key back to the case.
//
// Common grams (grams.ts): case_search_common lists the grams whose absence documents record
// (n<gram> keys). The list only grows. A gram is first listed pending: from then on every
// document indexed records it, and the documents indexed before and lacking it are re-indexed
// (backfilled) — all at once by refreshCommonGrams (optimize(): after bulk writes, the seeder,
// the migration that added the list), or a few hundred per turn by maintain() (the hosts call
// it every second: a database that grows a case at a time gets its list too). Only once no
// document lacks both the gram and its key is it active: counts use active grams only, so an
// answer is exact at every step. A count whose words are common grams is then all the cases (or
// the rest of the query's) minus those holding one of the absence keys.
import type BetterSqlite3 from 'better-sqlite3';
import type { CaseSummary, Page } from '../../../shared/contract.ts';
import type { CaseStatus, CategoryId } from '../../../shared/model/case.ts';
import {
  absenceToken, canBeCommon, commonWordGram, dictionaryQuery, filterExpression, groupedIdNumber, impliedBy, matchExpression, normalizeText, searchDocument,
  trigramPhrase, valueDocument, valuesExpression,
} from './grams.ts';

type Db = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;

/** Create the index's tables and triggers (migration), without filling them. */
export function createSearchSchema(db: Db): void {
  db.exec(`
    CREATE VIRTUAL TABLE case_search USING fts5(g, k, content='', contentless_delete=1, tokenize='ascii', detail=full);
    CREATE TABLE case_search_keys (
      case_id INTEGER PRIMARY KEY,
      key INTEGER NOT NULL UNIQUE
    );
    CREATE TABLE case_search_dirty (case_id INTEGER PRIMARY KEY);

    CREATE TRIGGER case_search_case_insert AFTER INSERT ON cases
    BEGIN INSERT OR IGNORE INTO case_search_dirty (case_id) VALUES (NEW.id); END;
    CREATE TRIGGER case_search_case_update AFTER UPDATE ON cases
    BEGIN INSERT OR IGNORE INTO case_search_dirty (case_id) VALUES (NEW.id); END;
    CREATE TRIGGER case_search_case_delete AFTER DELETE ON cases
    BEGIN INSERT OR IGNORE INTO case_search_dirty (case_id) VALUES (OLD.id); END;
    CREATE TRIGGER case_search_person_update AFTER UPDATE OF name, id_number ON people
    BEGIN INSERT OR IGNORE INTO case_search_dirty (case_id) SELECT id FROM cases WHERE claimant_id = NEW.id; END;
    CREATE TRIGGER case_search_line_insert AFTER INSERT ON expense_lines
    BEGIN INSERT OR IGNORE INTO case_search_dirty (case_id) VALUES (NEW.case_id); END;
    CREATE TRIGGER case_search_line_update AFTER UPDATE OF institution, item, case_id ON expense_lines
    BEGIN
      INSERT OR IGNORE INTO case_search_dirty (case_id) VALUES (NEW.case_id);
      INSERT OR IGNORE INTO case_search_dirty (case_id) VALUES (OLD.case_id);
    END;
    CREATE TRIGGER case_search_line_delete AFTER DELETE ON expense_lines
    BEGIN INSERT OR IGNORE INTO case_search_dirty (case_id) VALUES (OLD.case_id); END;

    -- The case list filtered by status and/or category, newest first, from an index.
    CREATE INDEX cases_status_updated ON cases(status, updated_at DESC, id DESC);
    CREATE INDEX cases_category_updated ON cases(category, updated_at DESC, id DESC);
    CREATE INDEX cases_status_category_updated ON cases(status, category, updated_at DESC, id DESC);
  `);
  createValueDictionary(db);
  createCommonGrams(db);
}

/** The list of common grams and when it was last looked for (schema version 7; part of createSearchSchema since). */
export function createCommonGrams(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS case_search_common (gram TEXT PRIMARY KEY, active INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1))) WITHOUT ROWID;
    -- scanned_docs: how many documents there were when common grams were last looked for.
    CREATE TABLE IF NOT EXISTS case_search_state (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
  `);
}

/** The value dictionary's tables (schema version 4; part of createSearchSchema since). */
export function createValueDictionary(db: Db): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS case_search_values (id INTEGER PRIMARY KEY, value TEXT NOT NULL UNIQUE);
    CREATE VIRTUAL TABLE IF NOT EXISTS case_search_value_grams USING fts5(g, content='', tokenize='ascii', detail=full);
  `);
}

/** The sort key of a case: newer first under ORDER BY key DESC; ties by id. */
export function sortKey(updatedAt: string, caseId: number): number {
  const ms = Date.parse(updatedAt);
  return (Number.isFinite(ms) && ms > 0 ? ms : 0) * 1024 + (caseId % 1024);
}

interface SummaryRow {
  number: string; claimant: string; id_number: string | null; category: CategoryId; status: CaseStatus;
  total_fen: number; line_count: number; updated_at: string;
}

const SUMMARY_COLUMNS = `c.number, p.name AS claimant, p.id_number, c.category, c.status, c.total_fen, c.line_count, c.updated_at`;

function toSummary(r: SummaryRow): CaseSummary {
  return {
    number: r.number, claimant: r.claimant, idNumber: r.id_number, category: r.category, status: r.status,
    totalFen: r.total_fen, lines: r.line_count, updatedAt: r.updated_at,
  };
}

export interface ListFilters { status?: CaseStatus | undefined; category?: CategoryId | undefined }

/**
 * How to read rows offset … offset+limit of a result of `total` rows ordered newest first. OFFSET
 * steps over every row before the page (~40 ns a row of an FTS5 doclist: 4 ms to reach the end
 * of 100k cases; less in the list's index), so a page nearer the oldest end is read from there
 * instead — the same rows, counted from the other side, then put newest first again.
 */
export function pageWindow(total: number, limit: number, offset: number): { newestFirst: boolean; limit: number; offset: number } {
  const end = Math.min(total, offset + limit);
  return offset <= total - end ? { newestFirst: true, limit, offset } : { newestFirst: false, limit: end - offset, offset: total - end };
}

/**
 * How a query's total is counted when some of its words are common grams: the cases matching
 * `rest` (the other words and the filters; null: every case) minus those of them that lack
 * one of the `absent` grams.
 */
interface CountByAbsence { rest: string | null; absent: string[] }

/** A query as the index answers it: the MATCH expression of its cases, and how to count them. */
interface Plan { match: string; count: CountByAbsence | null }

export class SearchIndex {
  private readonly cache = new Map<string, Statement>();
  /**
   * Totals of recent queries: paging through a result (page 2, 3, …) re-uses its count instead
   * of walking the whole doclist again. Dropped when this connection re-indexes anything or
   * another connection commits (PRAGMA data_version). The benchmark measures with it off.
   */
  cacheTotals = true;
  /**
   * A long non-ASCII query found in at most this many dictionary values is answered by their
   * v<id> keys; found in more, by its trigram phrase (both exact; tests set 0 to compare).
   */
  valueRouteLimit = 64;
  private readonly totals = new Map<string, number>();
  private totalsVersion = -1;
  private hasCommonTable = false;

  constructor(private readonly db: Db) {}

  private stmt(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) this.cache.set(sql, (s = this.db.prepare<unknown[], unknown>(sql)));
    return s;
  }

  /** How many cases wait to be (re-)indexed. */
  pending(): number {
    return (this.stmt(`SELECT COUNT(*) AS n FROM case_search_dirty`).get() as { n: number }).n;
  }

  /**
   * Re-index every case marked dirty, oldest change first; call inside the transaction that
   * changed them (it opens its own when called outside one). Returns how many it indexed.
   */
  flush(): number {
    if (!this.stmt(`SELECT 1 FROM case_search_dirty LIMIT 1`).get()) return 0;
    const run = () => {
      const dirty = this.stmt(`SELECT d.case_id AS id, c.updated_at FROM case_search_dirty d LEFT JOIN cases c ON c.id = d.case_id
        ORDER BY c.updated_at, d.case_id`).all() as { id: number; updated_at: string | null }[];
      const common = this.commonGrams(); // read inside the write transaction: the set these documents are indexed under
      for (const d of dirty) this.reindex(d.id, d.updated_at, common);
      this.stmt(`DELETE FROM case_search_dirty`).run();
      this.totals.clear();
      return dirty.length;
    };
    return this.db.inTransaction ? run() : this.db.transaction(run).immediate();
  }

  /** Mark every case dirty and re-index them all (the migration's backfill; repair). */
  rebuild(): number {
    return this.db.transaction(() => {
      this.stmt(`INSERT INTO case_search (case_search) VALUES ('delete-all')`).run();
      this.stmt(`DELETE FROM case_search_keys`).run();
      this.stmt(`INSERT INTO case_search_value_grams (case_search_value_grams) VALUES ('delete-all')`).run();
      this.stmt(`DELETE FROM case_search_values`).run();
      this.stmt(`INSERT OR IGNORE INTO case_search_dirty (case_id) SELECT id FROM cases`).run();
      return this.flush();
    }).immediate();
  }

  /**
   * The common grams listed, pending or active: a document indexed now records which of them it
   * lacks. Read afresh each time (a few dozen rows): another connection may have added one since.
   */
  commonGrams(): Set<string> {
    if (!this.commonTable()) return new Set();
    return new Set(this.stmt(`SELECT gram FROM case_search_common ORDER BY gram`).pluck().all() as string[]);
  }

  /** The common grams no document lacks without recording it: the ones counts may use. */
  activeCommonGrams(): Set<string> {
    if (!this.commonTable()) return new Set();
    return new Set(this.stmt(`SELECT gram FROM case_search_common WHERE active = 1`).pluck().all() as string[]);
  }

  private commonTable(): boolean {
    // A database part-way through its migrations (version 3 or 4 re-indexing) has no list yet.
    this.hasCommonTable ||= this.stmt(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'case_search_common'`).get() !== undefined;
    return this.hasCommonTable;
  }

  private documents(): number {
    return (this.stmt(`SELECT COUNT(*) AS n FROM case_search_keys`).get() as { n: number }).n; // one key row per document
  }

  /**
   * List as pending every 1- or 2-character gram (not digits alone: such a word is also an
   * ID-number prefix, which absence keys do not speak for) now held by at least `share` of the
   * documents and not listed yet, and remember how many documents there were. Reads the whole
   * vocabulary: ~0.7 s at 100k cases. Inside a write transaction.
   */
  private scanForCommonGrams(share: number, docs: number): string[] {
    createCommonGrams(this.db);
    this.hasCommonTable = true;
    this.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.case_search_vocab USING fts5vocab(main, case_search, col)`);
    const known = this.commonGrams();
    const added = (this.stmt(`SELECT term FROM temp.case_search_vocab WHERE col = 'g' AND doc >= ? AND length(term) <= 2 ORDER BY term`)
      .pluck().all(Math.ceil(share * docs)) as string[]).filter((t) => canBeCommon(t) && !known.has(t));
    for (const gram of added) this.stmt(`INSERT INTO case_search_common (gram) VALUES (?)`).run(gram);
    this.stmt(`INSERT OR REPLACE INTO case_search_state (name, value) VALUES ('scanned_docs', ?)`).run(docs);
    return added;
  }

  /**
   * Re-index up to `limit` documents that lack pending gram `gram` without recording it; when
   * none is left, the gram becomes active. Inside a write transaction. Returns how many it re-indexed.
   */
  private backfill(gram: string, limit: number): number {
    const lacking = this.stmt(`SELECT case_id FROM case_search_keys
      WHERE key NOT IN (SELECT rowid FROM case_search WHERE case_search MATCH ?) LIMIT ?`)
      .pluck().all(`g : "${gram}" OR k : "${absenceToken(gram)}"`, limit === Infinity ? -1 : limit) as number[];
    for (const id of lacking) this.stmt(`INSERT OR IGNORE INTO case_search_dirty (case_id) VALUES (?)`).run(id);
    this.flush();
    if (limit === Infinity || lacking.length < limit) this.stmt(`UPDATE case_search_common SET active = 1 WHERE gram = ?`).run(gram);
    return lacking.length;
  }

  /**
   * Look for grams that have become common (held by at least `share` of the documents, with at
   * least `minDocs` documents in all: below that every count is fast) and backfill them at once,
   * in one transaction. Grams are never removed: an absence key stays exact however common its
   * gram is later, only less useful. Returns the grams added. Reads the whole vocabulary (~0.7 s
   * at 100k cases) and re-indexes ~0.2 ms a case lacking a new gram: for where a bulk write
   * already takes that long (optimize()); maintain() does the same a slice at a time.
   */
  refreshCommonGrams(options: { share?: number; minDocs?: number } = {}): string[] {
    const share = options.share ?? 0.5;
    const minDocs = options.minDocs ?? 1000;
    return this.db.transaction(() => {
      this.flush();
      const docs = this.documents();
      if (docs < minDocs || docs === 0) return [];
      const added = this.scanForCommonGrams(share, docs);
      for (const gram of this.pendingCommonGrams()) this.backfill(gram, Infinity);
      return added;
    }).immediate();
  }

  private pendingCommonGrams(): string[] {
    return this.commonTable() ? this.stmt(`SELECT gram FROM case_search_common WHERE active = 0 ORDER BY gram`).pluck().all() as string[] : [];
  }

  /**
   * One slice of upkeep of the common grams, for the hosts to call now and then (every second:
   * startSearchMaintenance): backfill up to `chunk` documents for a pending gram (~0.2 ms each,
   * plus ~30 ms to find them at 100k cases); else, when the documents have doubled since grams
   * were last looked for (and number at least `minDocs`), look again (~0.7 s at 100k cases, so
   * at most once per doubling). Does nothing inside another transaction (an export's read
   * snapshot). Returns what it did.
   */
  maintain(options: { chunk?: number; share?: number; minDocs?: number } = {}): 'backfilled' | 'scanned' | 'idle' {
    if (this.db.inTransaction) return 'idle';
    const chunk = options.chunk ?? 300;
    const share = options.share ?? 0.5;
    const minDocs = options.minDocs ?? 1000;
    return this.db.transaction(() => {
      const pending = this.pendingCommonGrams();
      if (pending.length > 0) {
        this.backfill(pending[0]!, chunk);
        return 'backfilled' as const;
      }
      const docs = this.documents();
      const scanned = this.commonTable()
        ? (this.stmt(`SELECT value FROM case_search_state WHERE name = 'scanned_docs'`).pluck().get() as number | undefined) ?? 0
        : 0;
      if (docs < minDocs || docs < 2 * scanned) return 'idle' as const;
      this.flush();
      this.scanForCommonGrams(share, docs);
      return 'scanned' as const;
    }).immediate();
  }

  private reindex(caseId: number, updatedAt: string | null, common: ReadonlySet<string>): void {
    const old = this.stmt(`SELECT key FROM case_search_keys WHERE case_id = ?`).get(caseId) as { key: number } | undefined;
    if (old) {
      this.stmt(`DELETE FROM case_search WHERE rowid = ?`).run(old.key);
      this.stmt(`DELETE FROM case_search_keys WHERE case_id = ?`).run(caseId);
    }
    if (updatedAt === null) return; // the case is gone
    const c = this.stmt(`SELECT c.number, c.status, c.category, p.name, p.id_number FROM cases c JOIN people p ON p.id = c.claimant_id
      WHERE c.id = ?`).get(caseId) as { number: string; status: string; category: string; name: string; id_number: string | null } | undefined;
    if (!c) return;
    const texts = (this.stmt(`SELECT DISTINCT institution, item FROM expense_lines WHERE case_id = ?`).raw(true).all(caseId) as (string | null)[][]).flat();
    const doc = searchDocument({ number: c.number, name: c.name, idNumber: c.id_number, status: c.status, category: c.category, texts },
      (values) => values.map((v) => this.valueId(v)), common);
    let key = sortKey(updatedAt, caseId);
    // Two cases changed in the same millisecond with ids 1024 apart: take the next free key below.
    while (this.stmt(`SELECT 1 FROM case_search_keys WHERE key = ?`).get(key)) key -= 1;
    this.stmt(`INSERT INTO case_search (rowid, g, k) VALUES (?, ?, ?)`).run(key, doc.g, doc.k);
    this.stmt(`INSERT INTO case_search_keys (case_id, key) VALUES (?, ?)`).run(caseId, key);
  }

  /** The dictionary id of a normalized value, added (with its trigrams) when new. */
  private valueId(value: string): number {
    const found = this.stmt(`SELECT id FROM case_search_values WHERE value = ?`).get(value) as { id: number } | undefined;
    if (found) return found.id;
    const id = Number(this.stmt(`INSERT INTO case_search_values (value) VALUES (?)`).run(value).lastInsertRowid);
    const grams = valueDocument(value);
    if (grams) this.stmt(`INSERT INTO case_search_value_grams (rowid, g) VALUES (?, ?)`).run(id, grams);
    return id;
  }

  /**
   * The match expression of a query: from the value dictionary when it can answer it (a long
   * non-ASCII query in few values), else from the n-gram columns. Null: nothing matches.
   */
  matchFor(query: string, filters: ListFilters): string | null {
    const q = dictionaryQuery(query);
    if (q !== null && this.valueRouteLimit > 0) {
      const ids = (this.stmt(`SELECT rowid AS id FROM case_search_value_grams WHERE case_search_value_grams MATCH ? LIMIT ?`)
        .all(`g : "${trigramPhrase(q)}"`, this.valueRouteLimit + 1) as { id: number }[]).map((r) => r.id);
      // In no value: no case holds it (it has a non-ASCII character, so it is in no case number or ID number either).
      if (ids.length === 0) return null;
      if (ids.length <= this.valueRouteLimit) return valuesExpression(ids, filters);
    }
    return matchExpression(query, filters);
  }

  /**
   * Words separated by spaces each have to match, anywhere in the case ('张伟 长庚': 张伟's
   * cases with a line at 长庚医院); one word is matchFor's. Null: nothing matches.
   */
  private matchForWords(query: string, filters: ListFilters): string | null {
    return this.planFor(query, filters, new Set())?.match ?? null;
  }

  /** The words of a query that each have to match, less those another word implies. */
  private wordsOf(query: string): string[] {
    const typed = query.normalize('NFKC').trim().split(/\s+/).filter((w) => normalizeText(w) !== '');
    // A word another word already implies is left out (of two that imply each other, the first
    // stays): each word is a walk of its doclist, ~2 ms for a word in most cases (医院).
    return typed.filter((w, i) => !typed.some((o, j) => j !== i && impliedBy(w, o) && (j < i || !impliedBy(o, w))));
  }

  /**
   * The query's MATCH expression, and, when some of its words are `common` grams (active ones:
   * activeCommonGrams), how to count it from their absence keys instead of walking their
   * doclists. Null: nothing matches.
   */
  private planFor(query: string, filters: ListFilters, common: ReadonlySet<string>): Plan | null {
    const words = this.wordsOf(query);
    const parts: string[] = []; // every word's expression
    const rest: string[] = []; // those not counted by absence, then the filters
    const absent: string[] = [];
    let match: string;
    if (words.length <= 1) {
      // One word: matchFor's expression with the filters (a long word may come from the value dictionary).
      const m = this.matchFor(words[0] ?? query, filters);
      if (m === null) return null;
      match = m;
      const gram = words.length ? commonWordGram(words[0]!, common) : null;
      if (gram !== null) absent.push(gram);
    } else {
      for (const w of words) {
        const m = this.matchFor(w, {});
        if (m === null) return null;
        parts.push(`(${m})`);
        const gram = commonWordGram(w, common);
        if (gram !== null) absent.push(gram);
        else rest.push(`(${m})`);
      }
      match = parts.join(' AND ') + filterExpression(filters);
    }
    if (absent.length === 0) return { match, count: null };
    const filter = filterExpression(filters).replace(/^ AND /, '');
    if (filter) rest.push(filter);
    return { match, count: { rest: rest.length ? rest.join(' AND ') : null, absent } };
  }

  /**
   * A whole case number (CD-20261127-0001, hyphens optional) or a whole 18-character ID
   * number is an exact lookup, answered from the unique/ID indexes without the n-gram index:
   * that case, or that person's cases. (The one difference from the general rule: such a
   * query does not also find the number written inside another case's item text.)
   */
  private exactLookup(query: string, filters: ListFilters, limit: number, offset: number): Page<CaseSummary> | null {
    const exact = this.exactWhere(query, filters);
    if (!exact) return null;
    const rows = this.stmt(`SELECT ${SUMMARY_COLUMNS} FROM ${exact.from} WHERE ${exact.where} ORDER BY c.updated_at DESC, c.id DESC`)
      .all(...exact.params) as SummaryRow[];
    return { total: rows.length, items: rows.slice(offset, offset + limit).map(toSummary) };
  }

  /** exactLookup's FROM and WHERE, when the query is a whole case number or ID number. */
  private exactWhere(query: string, filters: ListFilters): { from: string; where: string; params: unknown[] } | null {
    const q = query.trim().toUpperCase();
    let column: string;
    let value: string;
    const number = /^CD-?(\d{8})-?(\d{4,6})$/.exec(q);
    if (number) { column = 'c.number'; value = `CD-${number[1]}-${number[2]}`; }
    else if (/^\d{17}[\dX]$/.test(q)) { column = 'p.id_number'; value = q; }
    else return null;
    const clauses = [`${column} = ?`];
    const params: unknown[] = [value];
    if (filters.status) { clauses.push('c.status = ?'); params.push(filters.status); }
    if (filters.category) { clauses.push('c.category = ?'); params.push(filters.category); }
    const from = column === 'c.number' ? 'cases c CROSS JOIN people p ON p.id = c.claimant_id' : 'people p CROSS JOIN cases c ON c.claimant_id = p.id';
    return { from, where: clauses.join(' AND '), params };
  }

  /**
   * A query of digit groups only (350203 19880812 3107) is one ID number typed in groups, when
   * some case has it (groupedIdNumber); when none has, its groups are words after all, each to
   * be found (110105 2026: a Beijing Chaoyang ID number and 2026 in the case number). Any other
   * query as it is. Reads the index as it is: flush first.
   */
  private groupedOrWords(query: string, filters: ListFilters): string {
    const grouped = groupedIdNumber(query);
    if (grouped === null) return query;
    const exact = this.exactWhere(grouped, filters);
    const found = exact
      ? this.stmt(`SELECT 1 FROM ${exact.from} WHERE ${exact.where} LIMIT 1`).get(...exact.params) !== undefined
      : this.stmt(`SELECT 1 FROM case_search WHERE case_search MATCH ? LIMIT 1`).get(this.matchForWords(grouped, filters)) !== undefined;
    return found ? grouped : query;
  }

  /**
   * Every case search() finds for a non-empty query (id and last change, in no particular
   * order), a batch at a time: the exports read a result of 100k cases between turns of the
   * event loop. Each batch is its own statement, so nothing stays open across a pause. It does
   * not flush: call it on a connection holding a read snapshot taken after a flush.
   */
  *matchingCases(query: string, filters: ListFilters, batch = 5000): Generator<{ id: number; updated_at: string }[]> {
    query = this.groupedOrWords(query, filters);
    const exact = this.exactWhere(query, filters);
    if (exact) {
      yield this.stmt(`SELECT c.id, c.updated_at FROM ${exact.from} WHERE ${exact.where}`).all(...exact.params) as { id: number; updated_at: string }[];
      return;
    }
    const match = this.matchForWords(query, filters);
    if (!match) return;
    // Walk the doclist by key from the newest down (the FTS rowid range is a cheap constraint).
    let below = Number.MAX_SAFE_INTEGER;
    for (;;) {
      const rows = this.stmt(`SELECT page.key, k.case_id AS id, c.updated_at
        FROM (SELECT rowid AS key FROM case_search WHERE case_search MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?) page
        CROSS JOIN case_search_keys k ON k.key = page.key CROSS JOIN cases c ON c.id = k.case_id
        ORDER BY page.key DESC`).all(match, below, batch) as { key: number; id: number; updated_at: string }[];
      if (rows.length) yield rows;
      if (rows.length < batch) return;
      below = rows[rows.length - 1]!.key;
    }
  }

  private total(plan: Plan): number {
    const count = () => this.count(plan);
    if (!this.cacheTotals) return count();
    const version = this.db.pragma('data_version', { simple: true }) as number;
    if (version !== this.totalsVersion) { this.totals.clear(); this.totalsVersion = version; }
    let n = this.totals.get(plan.match);
    if (n === undefined) {
      n = count();
      if (this.totals.size >= 256) this.totals.delete(this.totals.keys().next().value!);
      this.totals.set(plan.match, n);
    }
    return n;
  }

  /** The exact number of cases a plan finds (see CountByAbsence). */
  private count(plan: Plan): number {
    const matching = (expr: string) => (this.stmt(`SELECT COUNT(*) AS n FROM case_search WHERE case_search MATCH ?`).get(expr) as { n: number }).n;
    const by = plan.count;
    if (!by) return matching(plan.match);
    const all = by.rest === null
      ? (this.stmt(`SELECT COUNT(*) AS n FROM case_search_keys`).get() as { n: number }).n // one key row per document
      : matching(by.rest);
    if (all === 0) return 0;
    const lacking = `k : (${by.absent.map((g) => `"${absenceToken(g)}"`).join(' OR ')})`;
    return all - matching(by.rest === null ? lacking : `(${by.rest}) AND ${lacking}`);
  }

  /**
   * Merge the index's segments into one (FTS5 'optimize'): after bulk writes (the seeder, a
   * folder import), searches that walk long doclists run 2–3 × faster. ~3 s at 100k cases.
   * Grams that have become common are added first (refreshCommonGrams).
   */
  optimize(): void {
    this.refreshCommonGrams();
    this.stmt(`INSERT INTO case_search (case_search) VALUES ('optimize')`).run();
  }

  /**
   * After a bulk write of `changed` cases (claimdesk import of a folder, an import.commit
   * making a case per claimant): optimize when they are at least a tenth of all cases, so the
   * merge (it rewrites the whole index) stays small next to the write. True: it ran.
   */
  optimizeAfterBulk(changed: number): boolean {
    if (changed < 100) return false;
    const cases = (this.stmt(`SELECT COUNT(*) AS n FROM cases`).get() as { n: number }).n;
    if (changed * 10 < cases) return false;
    this.optimize();
    return true;
  }

  /** The case list, newest change first; counts and pages from indexes only. */
  list(filters: ListFilters, limit: number, offset: number): Page<CaseSummary> {
    const clauses: string[] = [];
    const params: unknown[] = [];
    if (filters.status) { clauses.push('status = ?'); params.push(filters.status); }
    if (filters.category) { clauses.push('category = ?'); params.push(filters.category); }
    const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    return this.read(() => {
      const total = (this.stmt(`SELECT COUNT(*) AS n FROM cases ${where}`).get(...params) as { n: number }).n;
      if (total === 0 || offset >= total) return { total, items: [] };
      const w = pageWindow(total, limit, offset);
      const order = w.newestFirst ? 'DESC' : 'ASC';
      // Page the ids on the index first, then read only those rows (CROSS JOIN keeps the page as
      // the outer loop: left to itself the planner walks every case in order and probes the page).
      const rows = this.stmt(`SELECT ${SUMMARY_COLUMNS}
        FROM (SELECT id FROM cases ${where} ORDER BY updated_at ${order}, id ${order} LIMIT ? OFFSET ?) page
        CROSS JOIN cases c ON c.id = page.id CROSS JOIN people p ON p.id = c.claimant_id
        ORDER BY c.updated_at DESC, c.id DESC`).all(...params, w.limit, w.offset) as SummaryRow[];
      return { total, items: rows.map(toSummary) };
    });
  }

  /**
   * A total and the page read with it from one snapshot of the database: a page read from the
   * oldest end (pageWindow) is only the right page for the total it was counted from, even when
   * another program commits between the two statements.
   */
  private read<T>(body: () => T): T {
    return this.db.inTransaction ? body() : this.db.transaction(body).deferred();
  }

  /**
   * Cases whose claimant name, case number, or an institution or item of a line contains
   * the query, or whose ID number starts with it — each word of it, when it has several
   * (except digit groups, first read as an ID number as it is usually written: groupedOrWords);
   * filters apply; newest change first.
   * An empty query lists; a query without letters or digits finds nothing.
   */
  search(query: string, filters: ListFilters, limit: number, offset: number): Page<CaseSummary> {
    if (!query.trim()) return this.list(filters, limit, offset);
    this.flush(); // first: groupedOrWords reads the index too
    query = this.groupedOrWords(query, filters);
    const exact = this.exactLookup(query, filters, limit, offset);
    if (exact) return exact;
    const plan = this.planFor(query, filters, this.activeCommonGrams());
    if (!plan) return { total: 0, items: [] };
    const match = plan.match;
    return this.read(() => {
      const total = this.total(plan);
      if (total === 0 || offset >= total) return { total, items: [] };
      const w = pageWindow(total, limit, offset);
      const rows = this.stmt(`SELECT ${SUMMARY_COLUMNS}
        FROM (SELECT rowid AS key FROM case_search WHERE case_search MATCH ? ORDER BY rowid ${w.newestFirst ? 'DESC' : 'ASC'} LIMIT ? OFFSET ?) page
        CROSS JOIN case_search_keys k ON k.key = page.key CROSS JOIN cases c ON c.id = k.case_id CROSS JOIN people p ON p.id = c.claimant_id
        ORDER BY page.key DESC`).all(match, w.limit, w.offset) as SummaryRow[];
      return { total, items: rows.map(toSummary) };
    });
  }
}
