import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Database } from '../../bot/db/database';
import { migrate } from '../../bot/db/migrate';
import { openPg } from '../../bot/db/pg-driver';
import { openPglite } from '../../bot/db/pglite-driver';
import { openMigratedPglite } from './pglite-template';

/** A database a suite can run on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export interface TestDatabaseTarget {
  name: 'pglite' | 'postgres';
  /** Opens a fresh, empty database (a new PGlite, or a new schema on the server). */
  open(options?: { migrate?: boolean }): Promise<TestDatabase>;
}

export interface TestDatabase {
  db: Database;
  /** The schema on PostgreSQL (undefined on PGlite): pg-boss gets its own beside it. */
  schema?: string;
  connectionString?: string;
  /** Opens a second, independent pool on the same database (PostgreSQL only). */
  openAnother?(): Database;
  dispose(): Promise<void>;
}

const serverUrl = process.env.TEST_DATABASE_URL;

async function openPostgres(shouldMigrate: boolean): Promise<TestDatabase> {
  const url = serverUrl as string;
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const others: Database[] = [];
  const db = openPg({ connectionString: url, schema });
  if (shouldMigrate) await migrate(db);
  return {
    db,
    schema,
    connectionString: url,
    openAnother() {
      const another = openPg({ connectionString: url, schema });
      others.push(another);
      return another;
    },
    async dispose() {
      await Promise.all([db, ...others].map((d) => d.close().catch(() => undefined)));
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.query(`DROP SCHEMA IF EXISTS ${schema}_boss CASCADE`);
      await cleanup.end();
    },
  };
}

async function openEmbedded(shouldMigrate: boolean): Promise<TestDatabase> {
  const db = shouldMigrate ? await openMigratedPglite() : await openPglite();
  return { db, dispose: () => db.close() };
}

/** The databases every database test runs on. */
export function databaseTargets(): TestDatabaseTarget[] {
  const targets: TestDatabaseTarget[] = [{ name: 'pglite', open: (o) => openEmbedded(o?.migrate ?? true) }];
  if (serverUrl) targets.push({ name: 'postgres', open: (o) => openPostgres(o?.migrate ?? true) });
  return targets;
}

/** True when the real PostgreSQL is available for tests that need two real connections. */
export const hasPostgres = (): boolean => Boolean(serverUrl);

/**
 * Runs `body` once per database target, as `describe(<name> on <target>)`. The body receives a
 * getter for the migrated database opened in `beforeAll` and disposed in `afterAll`.
 */
export function describeEachDatabase(
  name: string,
  body: (get: () => TestDatabase, target: TestDatabaseTarget) => void,
): void {
  for (const target of databaseTargets()) {
    describe(`${name} [${target.name}]`, () => {
      let current: TestDatabase | undefined;
      beforeAll(async () => {
        current = await target.open();
      });
      afterAll(async () => {
        await current?.dispose();
      });
      body(() => {
        if (!current) throw new Error('database not open yet');
        return current;
      }, target);
    });
  }
}
