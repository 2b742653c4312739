// The schema migration that adds the case search index (issue 8) and fills it from the
// cases already in the database. Listed in ../db/migrations.ts.
import type BetterSqlite3 from 'better-sqlite3';
import { createSearchSchema, SearchIndex } from './index.ts';

export const SEARCH_INDEX_MIGRATION_NAME = 'case search index: n-gram FTS5 document per case, kept by triggers + flush; list indexes';

export function addSearchIndex(db: BetterSqlite3.Database): void {
  createSearchSchema(db);
  new SearchIndex(db).rebuild();
}
