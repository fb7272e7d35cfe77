import pg from 'pg';
import type { Database, QueryResult, Transaction } from './database';

// timestamptz → Date is pg's default; bigint (int8) counts come back as strings, so parse them.
pg.types.setTypeParser(20, (value) => Number(value));

export interface PgOptions {
  connectionString: string;
  /** Sets search_path for every connection (tests use one schema per suite). */
  schema?: string;
  maxConnections?: number;
}

const toResult = <Row>(result: pg.QueryResult): QueryResult<Row> => ({
  rows: result.rows as Row[],
  rowCount: result.rowCount ?? 0,
});

/** Opens a connection pool to a real PostgreSQL server. */
export function openPg(options: PgOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
    // A database that stops answering must not hang a turn forever.
    connectionTimeoutMillis: 5000,
    query_timeout: 15000,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return {
    kind: 'pg',
    query: async <Row>(text: string, values?: unknown[]) => toResult<Row>(await pool.query(text, values)),
    exec: async (script) => {
      await pool.query(script);
    },
    async transaction(work) {
      const client = await pool.connect();
      // A connection lost mid-transaction is emitted as 'error' on the client: without a
      // listener Node would crash the process. The failing query rejects; that is enough.
      const onLost = () => undefined;
      client.on('error', onLost);
      const tx: Transaction = {
        query: async <Row>(text: string, values?: unknown[]) =>
          toResult<Row>(await client.query(text, values)),
        exec: async (script) => {
          await client.query(script);
        },
      };
      try {
        await client.query('BEGIN');
        const result = await work(tx);
        await client.query('COMMIT');
        client.off('error', onLost);
        client.release();
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        // A broken connection must not go back to the pool.
        client.release(error instanceof Error ? error : true);
        throw error;
      }
    },
    close: () => pool.end(),
  };
}
