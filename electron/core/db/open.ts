// Opening the database: WAL, synchronous = FULL (a committed case survives power loss),
// foreign keys on, then migrations.
import Database from 'better-sqlite3';
import { migrate, NewerDatabaseError, SCHEMA_VERSION } from './migrations.ts';

export type Db = Database.Database;

export function openDatabase(file: string): Db {
  const db = new Database(file);
  try {
    // Refuse a newer database before anything (even the journal mode) touches the file.
    const found = db.pragma('user_version', { simple: true }) as number;
    if (found > SCHEMA_VERSION) throw new NewerDatabaseError(found, SCHEMA_VERSION);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
