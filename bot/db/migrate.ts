import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../paths';
import type { Database } from './database';

export const MIGRATIONS_DIR = fromRoot('bot', 'db', 'migrations');

/** Migration files are named `<YYYYMMDDHHMM>-<name>.sql` and applied in name order. */
const MIGRATION_NAME = /^\d{12}-[a-z0-9-]+\.sql$/;

export interface MigrationFile {
  name: string;
  sql: string;
}

/** Reads the migration files from a folder (the build copies them next to this file). */
export function readMigrations(directory = MIGRATIONS_DIR): MigrationFile[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      if (!MIGRATION_NAME.test(file))
        throw new Error(`migration "${file}" must be named <YYYYMMDDHHMM>-<name>.sql`);
      return { name: file, sql: readFileSync(join(directory, file), 'utf8') };
    });
}

/**
 * Applies every migration not yet recorded, each in its own transaction, so a failing one
 * leaves the database as it was before it. Two instances starting together serialise on an
 * advisory lock; the second finds the work done.
 */
export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('seoulrun-migrate'))`);
      const { rows } = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [migration.name]);
      if (rows.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [migration.name]);
      return true;
    });
    if (done) applied.push(migration.name);
  }
  return applied;
}

/** Names of migrations on disk that the database has not recorded (readiness check). */
export async function pendingMigrations(db: Database, migrations = readMigrations()): Promise<string[]> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations');
  const done = new Set(rows.map((r) => r.name));
  return migrations.map((m) => m.name).filter((name) => !done.has(name));
}
