import { PGlite } from '@electric-sql/pglite';
import type { Database, QueryResult, Transaction } from './database';

interface PgliteLike {
  query<T>(text: string, values?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(script: string): Promise<unknown>;
}

const toResult = <Row>(result: { rows: Row[]; affectedRows?: number }): QueryResult<Row> => ({
  rows: result.rows,
  rowCount: result.affectedRows ?? result.rows.length,
});

function handle(target: PgliteLike): Transaction {
  return {
    query: async <Row>(text: string, values?: unknown[]) =>
      toResult(await target.query<Row>(text, values ?? [])),
    exec: async (script: string) => {
      await target.exec(script);
    },
  };
}

/** Opens embedded PostgreSQL (PGlite) in `dataDir`, or in memory when dataDir is undefined. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const pglite = await PGlite.create(dataDir ? { dataDir } : {});
  return wrapPglite(pglite);
}

/** Wraps an existing PGlite instance in the database seam. */
export function wrapPglite(pglite: PGlite): Database {
  const direct = handle(pglite);
  return {
    kind: 'pglite',
    query: direct.query,
    exec: direct.exec,
    // PGlite has one session: its transaction() serialises every other query behind it.
    transaction: (work) => pglite.transaction((tx) => work(handle(tx))),
    close: () => pglite.close(),
  };
}
