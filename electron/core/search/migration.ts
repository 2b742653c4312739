// The schema migrations of the case search index (issue 8), listed in ../db/migrations.ts:
// version 3 adds the index and fills it from the cases already in the database; version 4
// adds the value dictionary for long queries and re-indexes the cases so that their
// documents carry their values' keys.
import type BetterSqlite3 from 'better-sqlite3';
import { createSearchSchema, createValueDictionary, SearchIndex } from './index.ts';

export const SEARCH_INDEX_MIGRATION_NAME = 'case search index: n-gram FTS5 document per case, kept by triggers + flush; list indexes';
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
