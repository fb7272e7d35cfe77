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
  /** The recipient's identity as of the claim (undefined when the caller did not look). */
  reachable?: boolean | null;
  /** The recipient's language as of the claim (null: no person known). */
  language?: string | null;
  /** Whom the content is about (see OutboxItem.subjectId): copies a channel keeps carry it. */
  subjectId?: string | null;
}

/** What a channel says about one attempt. "accepted" is not "delivered". */
export type SendResult =
  | { status: 'accepted'; receipt?: string }
  | { status: 'retry'; error: string; retryAfterMs?: number }
  | { status: 'failed'; reason: string };

/** What the worker offers a sender for one call: the channel's pacing. */
export interface SendContext {
  /** Waits for the channel's rate limiter; call it before every API request after the first. */
  pace(): Promise<void>;
}

/** Sends outbox rows for one channel. */
export interface ChannelSender {
  /** One row; the worker has already paced one API request for it. */
  send(row: OutboxRow, now: Date, context?: SendContext): Promise<SendResult>;
  /**
   * Optional bulk path: rows of one channel with the same purpose and the same reply (e.g. the
   * daily quiz). The sender paces every API request itself (`context.pace()`) and answers per row
   * id; a row missing from the map is retried. Rows are sorted by id.
   */
  sendMany?(rows: OutboxRow[], now: Date, context: SendContext): Promise<Map<string, SendResult>>;
  /**
   * What `sendMany` needs in common: the same reply (default; LINE multicast sends one content), or
   * only the same purpose (Kakao's Event API carries no content: the event block serves each row).
   */
  groupBy?: 'reply' | 'purpose';
}

export interface OutboxWorkerOptions {
  db: Database;
  senders: Partial<Record<Channel, ChannelSender>>;
  log: Logger;
  metrics?: Metrics;
  /** Rows claimed per transaction (default 5,000: more rows with the same reply per multicast). */
  batchSize?: number;
  /** Sends (single rows or groups) in flight at once (default 32). */
  concurrency?: number;
  maxAttempts?: number;
  /**
   * API requests per second per channel, paced with a token bucket so we never trip the platform's
   * own limit (defaults: LINE 1,800/s under LINE's 2,000/s; Kakao 50/s; others unpaced).
   */
  rateLimits?: Partial<Record<Channel, number>>;
}

/** Default pacing: LINE allows 2,000 requests/s per endpoint; stay 10 % under it. */
export const DEFAULT_RATE_LIMITS: Partial<Record<Channel, number>> = { line: 1800, kakao: 50 };

/** A claimed row is ours for this long; a crash mid-send makes it due again afterwards. */
const CLAIM_MS = 120_000;
/** Rows not yet handed to a sender this long after the claim are released, well inside CLAIM_MS. */
const START_WITHIN_MS = CLAIM_MS / 2;
/** Results saved per statement, about (see runAll). */
const SETTLE_ROWS = 1000;

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
  reachable: boolean | null;
  language: string | null;
  subject_id: string | null;
}

/** Exponential backoff with jitter, 1 s doubling to at most 10 minutes. */
export const backoffMs = (attempt: number, random: number = Math.random()): number => {
  const base = Math.min(600_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + random * 0.5));
};

/** A token bucket (burst = a tenth of a second's worth): `take()` resolves when a request may go. */
export function tokenBucket(
  perSecond: number,
  burst: number = Math.max(1, Math.ceil(perSecond / 10)),
): () => Promise<void> {
  let tokens = burst;
  let at = performance.now();
  return async () => {
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - at) / 1000) * perSecond);
    at = now;
    // Reserve the token even when it is not there yet: callers queue up in order.
    tokens -= 1;
    if (tokens >= 0) return;
    await new Promise<void>((resolve) => setTimeout(resolve, Math.ceil((-tokens * 1000) / perSecond)));
  };
}

/** One unit of work: a single row, or rows a `sendMany` sender gets together. */
type Task = { kind: 'one'; row: ClaimedRow } | { kind: 'many'; rows: ClaimedRow[] };

interface Settlement {
  row: ClaimedRow;
  result: SendResult;
  /** Shared by a group so its rows come due again together (and regroup the same way). */
  jitter: number;
}

const toOutboxRow = (row: ClaimedRow): OutboxRow => ({
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
  reachable: row.reachable,
  language: row.language,
  subjectId: row.subject_id,
});

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Delivers due outbox rows through each channel's sender; call with the tick's `now`. */
export function createOutboxWorker(options: OutboxWorkerOptions): { deliverDue(now: Date): Promise<number> } {
  const { db, senders, log, metrics } = options;
  const batchSize = options.batchSize ?? 5000;
  const concurrency = options.concurrency ?? 32;
  const maxAttempts = options.maxAttempts ?? 10;
  const limits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const buckets = new Map<Channel, () => Promise<void>>();
  const pace = async (channel: Channel): Promise<void> => {
    const perSecond = limits[channel];
    if (!perSecond || perSecond <= 0) return;
    let bucket = buckets.get(channel);
    if (!bucket) buckets.set(channel, (bucket = tokenBucket(perSecond)));
    await bucket();
  };

  async function claim(now: Date): Promise<ClaimedRow[]> {
    return db.transaction(async (tx) => {
      const { rows } = await tx.query<ClaimedRow>(
        // The recipient's reachability and language come with the claim: senders need no query per row.
        `WITH due AS (
           SELECT id FROM outbox WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1
            ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED),
         claimed AS (
           UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1,
                  first_attempt_at = coalesce(o.first_attempt_at, $1), next_attempt_at = $3
             FROM due WHERE o.id = due.id
           RETURNING o.id, o.person_id, o.channel, o.channel_user_id, o.purpose, o.reply, o.retry_key, o.attempts,
                     o.first_attempt_at, o.created_at, o.expires_at, o.subject_id)
         SELECT c.*, i.reachable, p.language FROM claimed c
           LEFT JOIN identities i ON i.channel = c.channel AND i.channel_user_id = c.channel_user_id
           LEFT JOIN people p ON p.id = i.person_id`,
        [now, batchSize, new Date(now.getTime() + CLAIM_MS)],
      );
      return rows.sort((a, b) => Number(a.id) - Number(b.id));
    });
  }

  /** Writes the outcome of many rows: one statement per kind of outcome. */
  async function settle(items: Settlement[], now: Date): Promise<void> {
    const sent: Settlement[] = [];
    const failed: { row: ClaimedRow; reason: string; label: string }[] = [];
    const retry: { row: ClaimedRow; at: Date; error: string }[] = [];
    for (const item of items) {
      const { row, result } = item;
      if (result.status === 'accepted') {
        sent.push(item);
      } else if (result.status === 'failed' || row.attempts >= maxAttempts) {
        const reason =
          result.status === 'failed'
            ? result.reason
            : `gave up after ${row.attempts} attempts: ${result.error}`;
        failed.push({
          row,
          reason: reason.slice(0, 500),
          label: result.status === 'failed' ? (result.reason.split(':')[0] ?? 'failed') : 'attempts',
        });
      } else {
        const delay = Math.max(result.retryAfterMs ?? 0, backoffMs(row.attempts, item.jitter));
        retry.push({ row, at: new Date(now.getTime() + delay), error: result.error.slice(0, 500) });
      }
    }
    if (sent.length > 0) {
      await db.query(
        `UPDATE outbox o SET status = 'sent', sent_at = $1, receipt = x.receipt, last_error = NULL
           FROM unnest($2::bigint[], $3::text[]) AS x(id, receipt) WHERE o.id = x.id`,
        [
          now,
          sent.map((s) => String(s.row.id)),
          sent.map((s) => (s.result.status === 'accepted' ? (s.result.receipt ?? null) : null)),
        ],
      );
      for (const s of sent) metrics?.outboxSent.inc({ channel: s.row.channel, purpose: s.row.purpose });
    }
    if (failed.length > 0) {
      await db.query(
        `UPDATE outbox o SET status = 'failed', last_error = x.reason
           FROM unnest($1::bigint[], $2::text[]) AS x(id, reason) WHERE o.id = x.id`,
        [failed.map((f) => String(f.row.id)), failed.map((f) => f.reason)],
      );
      for (const f of failed) {
        metrics?.outboxFailed.inc({ channel: f.row.channel, reason: f.label });
        log.warn(
          { outboxId: String(f.row.id), channel: f.row.channel, purpose: f.row.purpose },
          'outbox message failed',
        );
      }
    }
    if (retry.length > 0) {
      await db.query(
        `UPDATE outbox o SET status = 'pending', next_attempt_at = x.at, last_error = x.error
           FROM unnest($1::bigint[], $2::timestamptz[], $3::text[]) AS x(id, at, error) WHERE o.id = x.id`,
        [retry.map((r) => String(r.row.id)), retry.map((r) => r.at), retry.map((r) => r.error)],
      );
    }
  }

  /** Rows we claimed but never handed to a sender: due again at once, the attempt not counted. */
  async function release(rows: ClaimedRow[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await db.query(
      `UPDATE outbox SET status = 'pending', attempts = attempts - 1, next_attempt_at = $2 WHERE id = ANY($1::bigint[])`,
      [rows.map((r) => String(r.id)), now],
    );
  }

  /** Expired rows and rows without a sender are settled without sending; the rest become tasks. */
  function plan(rows: ClaimedRow[], now: Date): { tasks: Task[]; early: Settlement[] } {
    const early: Settlement[] = [];
    const tasks: Task[] = [];
    const groups = new Map<string, ClaimedRow[]>();
    for (const row of rows) {
      if (row.expires_at && row.expires_at.getTime() <= now.getTime()) {
        early.push({
          row,
          result: { status: 'failed', reason: 'expired: not sent in time' },
          jitter: Math.random(),
        });
        continue;
      }
      const sender = senders[row.channel];
      if (!sender) {
        early.push({
          row,
          result: { status: 'retry', error: `no sender configured for ${row.channel}`, retryAfterMs: 60_000 },
          jitter: Math.random(),
        });
        continue;
      }
      if (!sender.sendMany) {
        tasks.push({ kind: 'one', row });
        continue;
      }
      // jsonb gives keys in a canonical order, so equal replies stringify equally.
      const content = sender.groupBy === 'purpose' ? '' : JSON.stringify(row.reply);
      const key = `${row.channel}\u0000${row.purpose}\u0000${content}`;
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
    for (const group of groups.values()) tasks.push({ kind: 'many', rows: group });
    return { tasks, early };
  }

  async function runTask(task: Task, now: Date): Promise<Settlement[]> {
    const jitter = Math.random();
    if (task.kind === 'one') {
      const { row } = task;
      const sender = senders[row.channel]!;
      let result: SendResult;
      try {
        await pace(row.channel);
        result = await sender.send(toOutboxRow(row), now, { pace: () => pace(row.channel) });
      } catch (error) {
        result = { status: 'retry', error: errorText(error) };
      }
      return [{ row, result, jitter }];
    }
    const channel = task.rows[0]!.channel;
    const sender = senders[channel]!;
    let results: Map<string, SendResult>;
    let thrown: string | undefined;
    try {
      results = await sender.sendMany!(task.rows.map(toOutboxRow), now, { pace: () => pace(channel) });
    } catch (error) {
      results = new Map();
      thrown = errorText(error);
    }
    return task.rows.map((row) => ({
      row,
      result: results.get(String(row.id)) ?? {
        status: 'retry',
        error: thrown ?? 'sender gave no result for this row',
      },
      jitter,
    }));
  }

  /**
   * Runs the tasks `concurrency` at a time. Results are saved as tasks finish, gathered into
   * statements of about SETTLE_ROWS rows (a group's rows always in one statement), so a crash
   * leaves at most that many accepted-but-unsaved rows besides the ones in flight.
   */
  async function runAll(tasks: Task[], now: Date, claimedAt: number): Promise<void> {
    let next = 0;
    const unstarted: ClaimedRow[] = [];
    let pending: Settlement[] = [];
    const flush = async (): Promise<void> => {
      const taken = pending;
      pending = [];
      if (taken.length === 0) return;
      try {
        await settle(taken, now);
      } catch (error) {
        // The claim lapses and the rows come due again; senders' retry keys absorb the repeat.
        log.error({ err: error, rows: taken.length }, 'outbox results could not be saved');
      }
    };
    const lane = async (): Promise<void> => {
      for (;;) {
        const task = tasks[next++];
        if (!task) return;
        if (performance.now() - claimedAt > START_WITHIN_MS) {
          unstarted.push(...(task.kind === 'one' ? [task.row] : task.rows));
          continue;
        }
        // Read `pending` only after the await: a flush may have replaced it meanwhile.
        const settled = await runTask(task, now);
        pending.push(...settled);
        if (pending.length >= SETTLE_ROWS) await flush();
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, lane));
    await flush();
    await release(unstarted, now);
  }

  const timedClaim = async (now: Date): Promise<{ rows: ClaimedRow[]; at: number }> => {
    const rows = await claim(now);
    return { rows, at: performance.now() };
  };

  return {
    async deliverDue(now) {
      let total = 0;
      let claiming = timedClaim(now);
      for (;;) {
        const { rows, at } = await claiming;
        if (rows.length === 0) return total;
        total += rows.length;
        const full = rows.length === batchSize;
        // The next claim runs while this batch is sent (its rows are not due again for CLAIM_MS).
        claiming = full ? timedClaim(now) : Promise.resolve({ rows: [], at: 0 });
        claiming.catch(() => undefined); // awaited below; never an unhandled rejection if we stop first
        const { tasks, early } = plan(rows, now);
        if (early.length > 0) await settle(early, now);
        await runAll(tasks, now, at);
        if (!full) return total;
      }
    },
  };
}
