import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Database } from '../../bot/db/database';
import { migrate, readMigrations } from '../../bot/db/migrate';
import { wrapPglite } from '../../bot/db/pglite-driver';

/**
 * A migrated PGlite data directory, dumped once and loaded by every suite. A cold PGlite runs
 * initdb and then the migrations (4–6 s on two busy cores); loading a dump skips both (about 1 s).
 * The file name carries a hash of the migrations and the PGlite version, so a new migration makes
 * a new template instead of a stale one.
 */
const MODULES = join(__dirname, '..', '..', 'node_modules');
const CACHE_DIR = join(MODULES, '.cache', 'seoulrun-tests');

function templateKey(): string {
  const hash = createHash('sha256');
  const pgliteVersion = (
    JSON.parse(readFileSync(join(MODULES, '@electric-sql', 'pglite', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  hash.update(pgliteVersion);
  for (const migration of readMigrations()) hash.update(migration.name).update(migration.sql);
  return hash.digest('hex').slice(0, 16);
}

/** Where the template for the current migrations lives (it may not exist yet). */
export function templatePath(): string {
  return join(CACHE_DIR, `pglite-${templateKey()}.tar`);
}

/** Builds the template unless it exists (jest's global set-up calls this once per run). */
export async function ensurePgliteTemplate(): Promise<string> {
  const path = templatePath();
  if (existsSync(path)) return path;
  const pglite = await PGlite.create({});
  await migrate(wrapPglite(pglite));
  const dump = await pglite.dumpDataDir('none');
  await pglite.close();
  mkdirSync(CACHE_DIR, { recursive: true });
  // Written beside and renamed, so a suite never reads a half-written template.
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, path);
  return path;
}

/**
 * Opens a migrated in-memory PGlite from the template when there is one (a suite run without the
 * global set-up falls back to initdb + migrate). `migrate` runs either way: on the template it only
 * confirms that nothing is pending.
 */
export async function openMigratedPglite(): Promise<Database> {
  const path = templatePath();
  const pglite = existsSync(path)
    ? await PGlite.create({ loadDataDir: new Blob([readFileSync(path)]) })
    : await PGlite.create({});
  const db = wrapPglite(pglite);
  await migrate(db);
  return db;
}
