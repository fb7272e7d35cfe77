import pg from 'pg';
import { randomBytes } from 'node:crypto';
import type { Database, QueryResult, Queryable, Transaction } from '../../bot/db/database';
import { migrate } from '../../bot/db/migrate';
import { openPg } from '../../bot/db/pg-driver';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';
import type { TestDatabase } from '../helpers/test-database';

/**
 * A PostgreSQL schema the bot reaches only through a TCP proxy the test can cut, plus a direct
 * pool (not through the proxy) for the test's own SQL counts.
 */
export interface CuttableDatabase {
  /** What the bot gets (through the proxy, with the SQL hook). */
  testDb: TestDatabase;
  /** The test's own view, straight to the server. */
  direct: Database;
  proxy: TcpProxy;
  /** The next statement matching `pattern` cuts the proxy before it is sent, while it runs, or after it ran. */
  cutAt(pattern: RegExp, when?: When): void;
  /**
   * Cuts while no transaction holds a connection: new transactions wait until the cut is done.
   * Why: a connection lost between two statements of a transaction crashes the process today
   * (bot/db/pg-driver.ts, see database-cut.test.ts); mid-traffic cuts avoid that one window so
   * the rest of the behaviour is tested deterministically.
   */
  cutBetweenTransactions(): Promise<void>;
  dispose(): Promise<void>;
}

type When = 'before' | 'during' | 'after';
type Hook = { pattern: RegExp; when: When; fire: () => Promise<void> };

/** Opens a fresh migrated schema behind a proxy (PostgreSQL only). */
export async function openCuttableDatabase(serverUrl: string): Promise<CuttableDatabase> {
  const url = new URL(serverUrl);
  const schema = `t_fault_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const direct = openPg({ connectionString: serverUrl, schema });
  await migrate(direct);

  const proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  const proxied = new URL(serverUrl);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  const inner = openPg({ connectionString: proxied.toString(), schema });

  let hook: Hook | undefined;
  function take(text: string, when: When): Hook | undefined {
    const h = hook;
    if (!h || h.when !== when || !h.pattern.test(text)) return undefined;
    hook = undefined;
    return h;
  }
  const hooked = (q: Queryable): Queryable['query'] =>
    (async (text: string, values?: unknown[]) => {
      await take(text, 'before')?.fire();
      const running = q.query(text, values);
      // The statement is on the wire: the connection dies under it.
      const during = take(text, 'during');
      if (during) void during.fire();
      const result = await running;
      await take(text, 'after')?.fire();
      return result;
    }) as Queryable['query'];

  let active = 0;
  let gate: Promise<void> | undefined;
  let idle: (() => void) | undefined;
  async function transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    while (gate) await gate;
    active += 1;
    try {
      return await inner.transaction((tx) => work({ query: hooked(tx), exec: (s) => tx.exec(s) }));
    } finally {
      active -= 1;
      if (active === 0) idle?.();
    }
  }

  const db: Database = {
    kind: 'pg',
    query: hooked(inner),
    exec: (script) => inner.exec(script),
    transaction,
    close: () => inner.close(),
  };

  return {
    testDb: { db, dispose: async () => undefined },
    direct,
    proxy,
    cutAt(pattern, when = 'before') {
      hook = { pattern, when, fire: () => proxy.cut() };
    },
    async cutBetweenTransactions() {
      let open: () => void = () => undefined;
      gate = new Promise<void>((resolve) => (open = resolve));
      if (active > 0) await new Promise<void>((resolve) => (idle = resolve));
      idle = undefined;
      await proxy.cut();
      gate = undefined;
      open();
    },
    async dispose() {
      await proxy.close();
      await inner.close().catch(() => undefined);
      await direct.close().catch(() => undefined);
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP SCHEMA ${schema} CASCADE`);
      await cleanup.end();
    },
  };
}

export type { QueryResult };
