// The schema migrations of the case search index (issue 8), listed in ../db/migrations.ts:
// version 3 adds the index and fills it from the cases already in the database; version 4
// adds the value dictionary for long queries and re-indexes the cases so that their
// documents carry their values' keys; version 7 lists the common grams and re-indexes the
// documents that lack one (a database under 1,000 cases gets its list at a later optimize).
import type BetterSqlite3 from 'better-sqlite3';
import { createCommonGrams, createSearchSchema, createValueDictionary, SearchIndex } from './index.ts';

export const SEARCH_INDEX_MIGRATION_NAME = 'case search index: n-gram FTS5 document per case, kept by triggers + flush; list indexes';
export const COMMON_GRAMS_MIGRATION_NAME = 'case search: absence keys of the grams most cases hold (counts of common words without walking them)';
export const VALUE_DICTIONARY_MIGRATION_NAME = 'case search: dictionary of distinct names, institutions and items; v<id> keys answer long queries';

export function addSearchIndex(db: BetterSqlite3.Database): void {
  createSearchSchema(db);
  new SearchIndex(db).rebuild();
}

export function addValueDictionary(db: BetterSqlite3.Database): void {
  createValueDictionary(db);
  // Version 3 of this code built the index already with the dictionary (a database migrated
  // from before version 3 in one go): nothing to do. Else every document lacks its keys.
  if (db.prepare(`SELECT 1 FROM case_search_values LIMIT 1`).get() || !db.prepare(`SELECT 1 FROM cases LIMIT 1`).get()) return;
  const index = new SearchIndex(db);
  index.rebuild();
  index.optimize();
}

export function addCommonGrams(db: BetterSqlite3.Database): void {
  createCommonGrams(db);
  // One time: ~35 s at 100k cases (the vocabulary read, the documents lacking a common gram
  // re-indexed, then the index's segments merged again: re-indexing most cases leaves it in pieces).
  new SearchIndex(db).optimize();
}
