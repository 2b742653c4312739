import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/open.ts';
import { SCHEMA_VERSION, NewerDatabaseError } from '../../electron/core/db/migrations.ts';
import { tempDir } from '../support/temp.ts';

test('a new database is migrated to the current schema version', () => {
  const file = path.join(tempDir(), 'db.sqlite');
  const db = openDatabase(file);
  assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
  db.close();
});

test('a database from a newer version is refused with a clear message and not modified', () => {
  const file = path.join(tempDir(), 'db.sqlite');
  const raw = new Database(file);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.exec('CREATE TABLE future (x)');
  raw.close();
  const before = fs.readFileSync(file);
  assert.throws(() => openDatabase(file), (err: unknown) => err instanceof NewerDatabaseError && /newer ClaimDesk/.test(err.message));
  assert.deepEqual(fs.readFileSync(file), before);
});
