// Prepared statements kept per connection, one per SQL text. Preparing costs tens of
// microseconds — more than the primary-key lookup it prepares (~13–50 µs here) — so a call
// such as cases.get, which reads a case through several queries, prepares each once.
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './open.ts';

export type Statement = BetterSqlite3.Statement<unknown[], unknown>;

const caches = new WeakMap<Db, Map<string, Statement>>();

/** The prepared statement for `sql` on `db`, prepared on first use. */
export function statement(db: Db, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  let s = cache.get(sql);
  if (!s) cache.set(sql, (s = db.prepare<unknown[], unknown>(sql)));
  return s;
}
