import type { Queryable } from './db/database';
import type { Channel, Reply } from './messages';

/**
 * Why a message is sent later: metrics, and batching (the Kakao Event API groups rows by purpose).
 * The push window (08:00–21:00) is the sender's to respect, through notBefore/expiresAt.
 */
export type OutboxPurpose = 'reply' | 'quiz' | 'nudge' | 'report' | 'alert' | 'relay' | 'crisis' | 'notice';

export interface OutboxItem {
  personId: string | null;
  channel: Channel;
  channelUserId: string;
  reply: Reply;
  purpose: OutboxPurpose;
  /** Unique: a second enqueue with the same key is ignored (e.g. `quiz:<person>:<date>`). */
  idempotencyKey: string;
  /** Do not send before this instant (defaults to now). */
  notBefore?: Date;
  /** Give up (status failed) if not accepted by then. */
  expiresAt?: Date;
  /**
   * Whom the content is about when that is not the recipient (a student's words in an alert or a
   * relay to a helper): the row, and every copy a channel keeps of it, goes when they are deleted.
   */
  subjectId?: string | null;
}

/** Transactional outbox: rows written inside the transaction that decided them, sent by a worker. */
export interface Outbox {
  /** Adds one message set; returns false when the idempotency key was already used. */
  enqueue(tx: Queryable, item: OutboxItem): Promise<boolean>;
  /** Bulk insert (quiz fan-out); returns how many rows were new. */
  enqueueMany(tx: Queryable, items: OutboxItem[]): Promise<number>;
  /**
   * Adds one row and returns it (a durable reply the adapter then tries to deliver itself, naming
   * every push by the row's retry key); null when the idempotency key was already used.
   */
  enqueueRow(tx: Queryable, item: OutboxItem): Promise<{ id: string; retryKey: string } | null>;
}

const COLUMNS = 9;

function rowValues(item: OutboxItem, now: Date): unknown[] {
  return [
    item.personId,
    item.channel,
    item.channelUserId,
    item.purpose,
    JSON.stringify(item.reply),
    item.idempotencyKey,
    item.notBefore ?? now,
    item.expiresAt ?? null,
    now,
  ];
}

/** The outbox over the core `outbox` table. `clock` gives the default "send from" time. */
export function createOutbox(clock: () => Date = () => new Date()): Outbox {
  const insertMany = async (tx: Queryable, items: OutboxItem[]): Promise<number> => {
    if (items.length === 0) return 0;
    const now = clock();
    // The subject column only when a row has one (bulk quiz rows never do).
    const withSubject = items.some((item) => item.subjectId);
    const columns = COLUMNS + (withSubject ? 1 : 0);
    const values: unknown[] = [];
    const tuples = items.map((item, i) => {
      values.push(...rowValues(item, now), ...(withSubject ? [item.subjectId ?? null] : []));
      const base = i * columns;
      return `(${Array.from({ length: columns }, (_, k) => `$${base + k + 1}`).join(', ')})`;
    });
    const result = await tx.query(
      `INSERT INTO outbox (person_id, channel, channel_user_id, purpose, reply, idempotency_key, next_attempt_at, expires_at, created_at${withSubject ? ', subject_id' : ''})
       VALUES ${tuples.join(', ')}
       ON CONFLICT (idempotency_key) DO NOTHING`,
      values,
    );
    return result.rowCount;
  };
  const enqueueRow = async (
    tx: Queryable,
    item: OutboxItem,
  ): Promise<{ id: string; retryKey: string } | null> => {
    const { rows } = await tx.query<{ id: string | number; retry_key: string }>(
      `INSERT INTO outbox (person_id, channel, channel_user_id, purpose, reply, idempotency_key, next_attempt_at, expires_at, created_at, subject_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, retry_key`,
      [...rowValues(item, clock()), item.subjectId ?? null],
    );
    const row = rows[0];
    return row ? { id: String(row.id), retryKey: row.retry_key } : null;
  };
  return {
    enqueueRow,
    enqueue: async (tx, item) => (await insertMany(tx, [item])) === 1,
    async enqueueMany(tx, items) {
      let inserted = 0;
      // Stay well under PostgreSQL's 65,535 bind-parameter limit per statement.
      for (let i = 0; i < items.length; i += 1000) inserted += await insertMany(tx, items.slice(i, i + 1000));
      return inserted;
    },
  };
}
