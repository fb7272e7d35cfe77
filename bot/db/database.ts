/**
 * The one database seam. Everything that touches PostgreSQL (embedded PGlite or a real server)
 * goes through `query` or `transaction`; SQL targets PostgreSQL 15.
 */

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows touched by INSERT/UPDATE/DELETE (0 when the driver cannot tell). */
  rowCount: number;
}

/** Anything that can run one statement: the database itself or an open transaction. */
export interface Queryable {
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<Row>>;
}

export type DatabaseKind = 'pglite' | 'pg';

/** An open transaction: statements plus multi-statement scripts (migrations). */
export interface Transaction extends Queryable {
  exec(script: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs `work` in one transaction. Keep it short: never await a network or LLM call inside
   * (on PGlite every other query waits for it).
   */
  transaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T>;
  /** Runs a multi-statement script without parameters (migrations, pg-boss). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}
