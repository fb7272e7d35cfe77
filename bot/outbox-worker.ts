import type { Database } from './db/database';
import type { Logger } from './logger';
import type { Channel, Reply } from './messages';
import type { Metrics } from './metrics';

/** An outbox row as the worker hands it to a channel sender. */
export interface OutboxRow {
  id: string;
  personId: string | null;
  channel: Channel;
  channelUserId: string;
  purpose: string;
  reply: Reply;
  /** Stable across retries (LINE X-Line-Retry-Key). */
  retryKey: string;
  attempts: number;
  firstAttemptAt: Date;
  createdAt: Date;
}

/** What a channel says about one attempt. "accepted" is not "delivered". */
export type SendResult =
  | { status: 'accepted'; receipt?: string }
  | { status: 'retry'; error: string; retryAfterMs?: number }
  | { status: 'failed'; reason: string };

/** Sends outbox rows for one channel. */
export interface ChannelSender {
  send(row: OutboxRow, now: Date): Promise<SendResult>;
}

export interface OutboxWorkerOptions {
  db: Database;
  senders: Partial<Record<Channel, ChannelSender>>;
  log: Logger;
  metrics?: Metrics;
  batchSize?: number;
  concurrency?: number;
  maxAttempts?: number;
}

/** A claimed row is ours for this long; a crash mid-send makes it due again afterwards. */
const CLAIM_MS = 120_000;

interface ClaimedRow {
  id: string | number;
  person_id: string | null;
  channel: Channel;
  channel_user_id: string;
  purpose: string;
  reply: Reply;
  retry_key: string;
  attempts: number;
  first_attempt_at: Date;
  created_at: Date;
  expires_at: Date | null;
}

/** Exponential backoff with jitter, 1 s doubling to at most 10 minutes. */
export const backoffMs = (attempt: number): number => {
  const base = Math.min(600_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
};

/** Delivers due outbox rows through each channel's sender; call with the tick's `now`. */
export function createOutboxWorker(options: OutboxWorkerOptions): { deliverDue(now: Date): Promise<number> } {
  const { db, senders, log, metrics } = options;
  const batchSize = options.batchSize ?? 200;
  const concurrency = options.concurrency ?? 16;
  const maxAttempts = options.maxAttempts ?? 10;

  async function claim(now: Date): Promise<ClaimedRow[]> {
    return db.transaction(async (tx) => {
      const { rows } = await tx.query<ClaimedRow>(
        `WITH due AS (
           SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1
            ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1,
                first_attempt_at = coalesce(o.first_attempt_at, $1), next_attempt_at = $3
           FROM due WHERE o.id = due.id
         RETURNING o.id, o.person_id, o.channel, o.channel_user_id, o.purpose, o.reply, o.retry_key, o.attempts,
                   o.first_attempt_at, o.created_at, o.expires_at`,
        [now, batchSize, new Date(now.getTime() + CLAIM_MS)],
      );
      return rows;
    });
  }

  async function settle(row: ClaimedRow, result: SendResult, now: Date): Promise<void> {
    if (result.status === 'accepted') {
      await db.query(`UPDATE outbox SET status = 'sent', sent_at = $2, receipt = $3, last_error = NULL WHERE id = $1`, [
        row.id,
        now,
        result.receipt ?? null,
      ]);
      metrics?.outboxSent.inc({ channel: row.channel, purpose: row.purpose });
      return;
    }
    const giveUp = result.status === 'failed' || row.attempts >= maxAttempts;
    if (giveUp) {
      const reason = result.status === 'failed' ? result.reason : `gave up after ${row.attempts} attempts: ${result.error}`;
      await db.query(`UPDATE outbox SET status = 'failed', last_error = $2 WHERE id = $1`, [row.id, reason.slice(0, 500)]);
      metrics?.outboxFailed.inc({ channel: row.channel, reason: result.status === 'failed' ? result.reason.split(':')[0] ?? 'failed' : 'attempts' });
      log.warn({ outboxId: String(row.id), channel: row.channel, purpose: row.purpose }, 'outbox message failed');
      return;
    }
    const delay = Math.max(result.retryAfterMs ?? 0, backoffMs(row.attempts));
    await db.query(`UPDATE outbox SET status = 'pending', next_attempt_at = $2, last_error = $3 WHERE id = $1`, [
      row.id,
      new Date(now.getTime() + delay),
      result.error.slice(0, 500),
    ]);
  }

  async function deliver(row: ClaimedRow, now: Date): Promise<void> {
    if (row.expires_at && row.expires_at.getTime() <= now.getTime()) {
      await settle(row, { status: 'failed', reason: 'expired: not sent in time' }, now);
      return;
    }
    const sender = senders[row.channel];
    if (!sender) {
      await settle(row, { status: 'retry', error: `no sender configured for ${row.channel}`, retryAfterMs: 60_000 }, now);
      return;
    }
    let result: SendResult;
    try {
      result = await sender.send(
        {
          id: String(row.id),
          personId: row.person_id,
          channel: row.channel,
          channelUserId: row.channel_user_id,
          purpose: row.purpose,
          reply: row.reply,
          retryKey: row.retry_key,
          attempts: row.attempts,
          firstAttemptAt: row.first_attempt_at,
          createdAt: row.created_at,
        },
        now,
      );
    } catch (error) {
      result = { status: 'retry', error: error instanceof Error ? error.message : String(error) };
    }
    await settle(row, result, now);
  }

  return {
    async deliverDue(now) {
      let total = 0;
      for (;;) {
        const rows = await claim(now);
        if (rows.length === 0) return total;
        total += rows.length;
        for (let i = 0; i < rows.length; i += concurrency) {
          await Promise.all(rows.slice(i, i + concurrency).map((row) => deliver(row, now)));
        }
        if (rows.length < batchSize) return total;
      }
    },
  };
}
