// Schema migrations, one per version, applied in order inside a transaction; the version
// lives in PRAGMA user_version (as Signal Desktop does). A database from a newer version
// is refused, never modified.
import type Database from 'better-sqlite3';
import { addCommonGrams, addSearchIndex, addValueDictionary, COMMON_GRAMS_MIGRATION_NAME, SEARCH_INDEX_MIGRATION_NAME, VALUE_DICTIONARY_MIGRATION_NAME } from '../search/migration.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'cases, people, expense lines, materials, attachments, audit events',
    up(db) {
      db.exec(`
        CREATE TABLE people (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          id_number TEXT,
          sex TEXT CHECK (sex IN ('male','female')),
          birth_date TEXT,
          phone TEXT,
          employer TEXT,
          retired_cadre INTEGER NOT NULL DEFAULT 0 CHECK (retired_cadre IN (0,1))
        );
        CREATE INDEX people_id_number ON people(id_number);
        CREATE INDEX people_name ON people(name);

        CREATE TABLE cases (
          id INTEGER PRIMARY KEY,
          number TEXT NOT NULL UNIQUE,
          category TEXT NOT NULL,
          scheme TEXT,
          status TEXT NOT NULL DEFAULT 'draft',
          filed_on TEXT,
          claimant_id INTEGER NOT NULL REFERENCES people(id),
          -- newborn, coverage and facts: category-specific answers kept as the case file has them
          details TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
          pack_id TEXT NOT NULL,
          pack_version TEXT NOT NULL,
          -- stored totals: summing lines by join is 15x slower at scale (ENVIRONMENT.md)
          total_fen INTEGER NOT NULL DEFAULT 0 CHECK (total_fen >= 0),
          line_count INTEGER NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX cases_updated ON cases(updated_at DESC, id DESC);
        CREATE INDEX cases_claimant ON cases(claimant_id);

        CREATE TABLE expense_lines (
          id INTEGER PRIMARY KEY,
          case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          invoice_code TEXT,
          invoice_no TEXT,
          date TEXT NOT NULL,
          institution TEXT NOT NULL,
          item TEXT,
          kind TEXT NOT NULL,
          amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
          name_on_voucher TEXT,
          visits INTEGER,
          card_settled INTEGER,
          stamped_charging INTEGER,
          stamped_card INTEGER
        );
        CREATE INDEX expense_lines_case ON expense_lines(case_id, position);
        CREATE INDEX expense_lines_invoice ON expense_lines(invoice_code, invoice_no);

        CREATE TABLE materials (
          case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          material_id TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('provided','missing','waived')),
          note TEXT,
          PRIMARY KEY (case_id, material_id)
        );

        CREATE TABLE attachments (
          id INTEGER PRIMARY KEY,
          case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
          material_id TEXT NOT NULL,
          position INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          file_name TEXT NOT NULL,
          mime TEXT NOT NULL,
          size INTEGER NOT NULL,
          created_at TEXT NOT NULL
        );
        CREATE INDEX attachments_case ON attachments(case_id, material_id, position);

        CREATE TABLE packages (
          case_id INTEGER PRIMARY KEY REFERENCES cases(id) ON DELETE CASCADE,
          file_name TEXT NOT NULL,
          pages INTEGER NOT NULL,
          bytes INTEGER NOT NULL,
          sha256 TEXT NOT NULL,
          built_at TEXT NOT NULL
        );

        -- One event per change. case_number (not a foreign key) so the trail outlives a removed case.
        CREATE TABLE audit_events (
          id INTEGER PRIMARY KEY,
          at TEXT NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          case_number TEXT,
          detail TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
        );
        CREATE INDEX audit_events_case ON audit_events(case_number, id);

        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `);
    },
  },
  {
    version: 2,
    name: 'case uid (the same case across machines: bundles), attachments by hash (verify, backups)',
    up(db) {
      // A case keeps its uid wherever a bundle takes it, so importing it twice is noticed.
      // The trigger gives every new case one without the code that inserts it knowing.
      db.exec(`
        ALTER TABLE cases ADD COLUMN uid TEXT;
        UPDATE cases SET uid = lower(hex(randomblob(16))) WHERE uid IS NULL;
        CREATE UNIQUE INDEX cases_uid ON cases(uid);
        CREATE TRIGGER cases_uid_default AFTER INSERT ON cases WHEN NEW.uid IS NULL
        BEGIN
          UPDATE cases SET uid = lower(hex(randomblob(16))) WHERE id = NEW.id;
        END;
        CREATE INDEX attachments_sha256 ON attachments(sha256);
      `);
    },
  },
  { version: 3, name: SEARCH_INDEX_MIGRATION_NAME, up: addSearchIndex },
  { version: 4, name: VALUE_DICTIONARY_MIGRATION_NAME, up: addValueDictionary },
  {
    version: 5,
    name: 'retired-cadre answer with "not answered" (people.cadre_answer)',
    up(db) {
      // people.retired_cadre (NOT NULL, 0/1) cannot tell "no" from "not answered", and rule
      // cat.cadreDrugs.eligible asks differently for each. NULL is "not answered"; only a
      // recorded 1 is known, so earlier 0s become "not answered".
      db.exec(`
        ALTER TABLE people ADD COLUMN cadre_answer INTEGER CHECK (cadre_answer IN (0, 1));
        UPDATE people SET cadre_answer = 1 WHERE retired_cadre = 1;
      `);
    },
  },
  {
    version: 6,
    name: 'case numbers indexed by serial width (the next case number: one seek per width)',
    up(db) {
      // CaseRepository.nextNumber wants the day's highest serial of each width (CD-…-9999 sorts
      // after CD-…-10000). On the number alone, the range of one width holds every other width
      // too, and was read whole at every new case: importing slowed down as the day filled.
      // With the length first, a width is one range of the index.
      db.exec(`
        CREATE INDEX cases_number_width ON cases(length(number), number);
        CREATE INDEX audit_events_case_number_width ON audit_events(length(case_number), case_number);
      `);
    },
  },
  { version: 7, name: COMMON_GRAMS_MIGRATION_NAME, up: addCommonGrams },
];

export const SCHEMA_VERSION = migrations[migrations.length - 1]!.version;

export class NewerDatabaseError extends Error {
  constructor(readonly found: number, readonly supported: number) {
    super(`this database was written by a newer ClaimDesk (schema version ${found}; this version knows up to ${supported}). It has not been changed: update ClaimDesk to open it.`);
    this.name = 'NewerDatabaseError';
  }
}

/**
 * Bring the database to SCHEMA_VERSION; each migration is its own transaction. Write
 * transactions begin IMMEDIATE (here and everywhere): the write lock is taken at BEGIN, so a
 * second process waits its turn (busy_timeout) instead of failing to upgrade a read. Two
 * processes opening a new data directory at once: the second, once it has the lock, finds
 * the migration done and skips it.
 */
export function migrate(db: Database.Database, upTo: number = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw new NewerDatabaseError(current, SCHEMA_VERSION);
  for (const m of migrations) {
    if (m.version <= current || m.version > upTo) continue;
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= m.version) return;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
