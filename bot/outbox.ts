import type { Queryable } from './db/database';
import type { Channel, Reply } from './messages';

/** Why a message is sent later; used for metrics and for choosing quiet-hour rules. */
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
}

/** Transactional outbox: rows written inside the transaction that decided them, sent by a worker. */
export interface Outbox {
  /** Adds one message set; returns false when the idempotency key was already used. */
  enqueue(tx: Queryable, item: OutboxItem): Promise<boolean>;
  /** Bulk insert (quiz fan-out); returns how many rows were new. */
  enqueueMany(tx: Queryable, items: OutboxItem[]): Promise<number>;
}
