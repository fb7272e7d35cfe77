import { createHash } from 'node:crypto';
import type { ChannelDeps } from '../../bot/channel';
import type { Reply } from '../../bot/messages';
import type { ChannelSender, OutboxRow, SendContext, SendResult } from '../../bot/outbox-worker';
import { lineRenderTexts, renderLineMessages, type LineRendered } from './render';
import { LINE_MULTICAST_MAX, mayRetry, retryDelayMs, type LineSendOutcome, type LineSender } from './sender';

/**
 * The LINE outbox sender: what the outbox worker calls for LINE rows. One row goes out by push
 * (batch by batch, resuming after a crash from line_outbox_progress); rows of the same content go
 * out by multicast. Split from the channel adapter, which keeps the webhook and the turns.
 */

/** A UUID derived from the row's retry key and a batch index: retries of a batch reuse it. */
export function batchRetryKey(rowKey: string, batch: number): string {
  if (batch === 0) return rowKey;
  return nameBasedUuid(`${rowKey.toLowerCase()}:line-batch:${batch}`);
}

/**
 * The multicast retry key of a group of rows: a UUID derived from their sorted row retry keys, so
 * a retry of the same rows together reuses it (LINE answers 409). Rows regrouped differently get
 * a new key — the duplicate window described at the outbox sender below.
 */
export function multicastRetryKey(rowKeys: readonly string[]): string {
  const sorted = rowKeys.map((k) => k.toLowerCase()).sort();
  return nameBasedUuid(`line-multicast:${sorted.join(',')}`);
}

function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5 (name-based, SHA-1)
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** What the outbox sender needs to know about a LINE user, read once per group of rows. */
interface LineFacts {
  reachable: boolean;
  language: 'ko' | 'en';
}

/** What the sender needs from the channel adapter. */
/** Renders a reply for one user in their language, storing a "더 보기" overflow page when there is one. */
export type RenderForUser = (
  reply: Reply,
  personId: string | null,
  channelUserId: string,
  known?: 'ko' | 'en',
  subjectId?: string | null,
) => Promise<LineRendered>;

export interface LineOutboxDeps extends Pick<ChannelDeps, 'db' | 'texts' | 'log' | 'metrics'> {
  sender: LineSender;
  /** Renders a reply for a user (storing a "더 보기" overflow page when there is one). */
  render: RenderForUser;
}

/** Records that the first `done` batches of a row were accepted (a retry resumes after them). */
export async function saveLineProgress(db: ChannelDeps['db'], outboxId: string, done: number): Promise<void> {
  await db.query(
    `INSERT INTO line_outbox_progress (outbox_id, batches_done) VALUES ($1, $2)
     ON CONFLICT (outbox_id) DO UPDATE SET batches_done = GREATEST(line_outbox_progress.batches_done, EXCLUDED.batches_done)`,
    [outboxId, done],
  );
}

/** Creates the sender the outbox worker uses for LINE rows. */
export function createLineOutboxSender(deps: LineOutboxDeps): ChannelSender {
  const { db, texts, log, metrics, sender, render } = deps;
  const saveProgress = (outboxId: string, done: number) => saveLineProgress(db, outboxId, done);

  /**
   * Reachability and language of LINE users: from the worker's claim when it brought them (no
   * query), else one query for all the rows.
   */
  async function factsOf(outboxRows: readonly OutboxRow[]): Promise<Map<string, LineFacts>> {
    const facts = new Map<string, LineFacts>();
    const unknown: string[] = [];
    for (const row of outboxRows) {
      if (row.reachable === undefined) unknown.push(row.channelUserId);
      // null: no identity row; sent as before (LINE itself refuses an unknown user).
      else if (row.reachable !== null) {
        facts.set(row.channelUserId, {
          reachable: row.reachable,
          language: row.language === 'en' ? 'en' : 'ko',
        });
      }
    }
    if (unknown.length === 0) return facts;
    for (const [user, known] of await lookUpFacts(unknown)) facts.set(user, known);
    return facts;
  }

  async function lookUpFacts(userIds: readonly string[]): Promise<Map<string, LineFacts>> {
    const { rows } = await db.query<{ channel_user_id: string; reachable: boolean; language: string | null }>(
      `SELECT i.channel_user_id, i.reachable, p.language FROM identities i LEFT JOIN people p ON p.id = i.person_id
        WHERE i.channel = 'line' AND i.channel_user_id = ANY($1::text[])`,
      [[...new Set(userIds)]],
    );
    return new Map(
      rows.map((r) => [
        r.channel_user_id,
        { reachable: r.reachable, language: r.language === 'en' ? 'en' : 'ko' },
      ]),
    );
  }

  /** Why a row is not sent at all (blocked, or its retry key too old), or null. */
  function refusal(row: OutboxRow, facts: LineFacts | undefined, now: Date): SendResult | null {
    if (facts?.reachable === false)
      return { status: 'failed', reason: 'unreachable: the user blocked the account' };
    if (!mayRetry(row.firstAttemptAt, now)) {
      return { status: 'failed', reason: 'expired: the retry key is older than LINE keeps it' };
    }
    return null;
  }

  /** What a push or multicast outcome means for one row. */
  function resultOf(
    outcome: LineSendOutcome,
    row: OutboxRow,
    now: Date,
    receipt: string,
    sharedDelay?: number,
  ): SendResult {
    if (outcome.kind === 'accepted') return { status: 'accepted', receipt: receipt.slice(0, 500) };
    if (outcome.kind === 'retry') {
      const delay = sharedDelay ?? retryDelayMs(row.attempts, outcome);
      if (!mayRetry(row.firstAttemptAt, new Date(now.getTime() + delay))) {
        return {
          status: 'failed',
          reason: `expired: ${outcome.reason} near the end of the retry-key window`,
        };
      }
      return {
        status: 'retry',
        error: `line: ${outcome.reason}${outcome.status ? ` ${outcome.status}` : ''}`,
        retryAfterMs: delay,
      };
    }
    return {
      status: 'failed',
      reason: outcome.kind === 'failed' ? `${outcome.reason}: LINE ${outcome.status}` : 'invalid_reply_token',
    };
  }

  function noteQuota(outcome: LineSendOutcome, outboxIds: string[]): void {
    if (outcome.kind !== 'failed' || outcome.reason !== 'quota_exhausted') return;
    metrics.lineQuotaExhausted.inc();
    log.error(
      { outboxId: outboxIds[0], rows: outboxIds.length },
      'LINE monthly message allowance exhausted; push not retried',
    );
  }

  /** One row by push (batch by batch; the progress table only when there is more than one batch). */
  async function pushRow(
    line: LineSender,
    row: OutboxRow,
    now: Date,
    facts: LineFacts | undefined,
    pace: () => Promise<void>,
    firstPaced: boolean,
  ): Promise<SendResult> {
    const refused = refusal(row, facts, now);
    if (refused) return refused;
    const rendered = await render(
      row.reply,
      row.personId,
      row.channelUserId,
      facts?.language ?? 'ko',
      row.subjectId ?? null,
    );
    const several = rendered.batches.length > 1;
    let start = 0;
    if (several) {
      const { rows: progress } = await db.query<{ batches_done: number }>(
        'SELECT batches_done FROM line_outbox_progress WHERE outbox_id = $1',
        [row.id],
      );
      start = progress[0]?.batches_done ?? 0;
    }
    const receipts: string[] = [];
    for (let i = start; i < rendered.batches.length; i += 1) {
      if (i > start || !firstPaced) await pace();
      const outcome = await line.push(
        row.channelUserId,
        rendered.batches[i]!,
        batchRetryKey(row.retryKey, i),
      );
      if (outcome.kind === 'accepted') {
        receipts.push(outcome.requestId ?? outcome.acceptedRequestId ?? '');
        if (several) await saveProgress(row.id, i + 1);
        continue;
      }
      noteQuota(outcome, [row.id]);
      return resultOf(outcome, row, now, '');
    }
    return { status: 'accepted', receipt: receipts.join(' ').slice(0, 500) };
  }

  /** Runs `work` over `items`, `lanes` at a time. */
  async function inLanes<T>(
    items: readonly T[],
    lanes: number,
    work: (item: T) => Promise<void>,
  ): Promise<void> {
    let next = 0;
    const lane = async (): Promise<void> => {
      for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
    };
    await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
  }

  /*
   * Rows with the same single-batch content go out by multicast, ≤ 500 user ids a call, with a
   * retry key derived from the rows' own keys (multicastRetryKey). A retry of the same chunk reuses
   * the key and LINE answers 409 (accepted). Duplicate window: when a multicast's outcome is
   * unknown (timeout, network error, 5xx, or a crash before the results were saved) and the retry
   * puts those rows into a different chunk (other rows became due with them, some were settled,
   * a row is retried alone by push with its own key), LINE sees a new key and the users who got
   * the first one get the message twice. Rows of a chunk share one backoff so they come due
   * together and usually regroup the same way. Everything else (several batches, overflow,
   * a lone row, a repeated user) is pushed row by row with the row's stable key, as before.
   */
  return {
    async send(row: OutboxRow, now: Date, context?: SendContext): Promise<SendResult> {
      const facts = await factsOf([row]);
      const pace = context ? () => context.pace() : async () => undefined;
      return pushRow(sender, row, now, facts.get(row.channelUserId), pace, true);
    },
    async sendMany(rows: OutboxRow[], now: Date, context: SendContext): Promise<Map<string, SendResult>> {
      const results = new Map<string, SendResult>();
      const facts = await factsOf(rows);
      const singles: OutboxRow[] = [];
      const byContent = new Map<string, { messages: LineRendered['batches'][number]; rows: OutboxRow[] }>();
      const renderedFor = new Map<string, LineRendered>();
      for (const row of rows) {
        const known = facts.get(row.channelUserId);
        const refused = refusal(row, known, now);
        if (refused) {
          results.set(row.id, refused);
          continue;
        }
        const language = known?.language ?? 'ko';
        const cacheKey = `${language}\u0000${JSON.stringify(row.reply)}`;
        let rendered = renderedFor.get(cacheKey);
        if (!rendered)
          renderedFor.set(
            cacheKey,
            (rendered = renderLineMessages(row.reply, lineRenderTexts(texts[language]))),
          );
        const only = rendered.batches.length === 1 && !rendered.overflow ? rendered.batches[0] : undefined;
        if (!only) {
          singles.push(row);
          continue;
        }
        const key = JSON.stringify(only);
        const group = byContent.get(key);
        if (group) group.rows.push(row);
        else byContent.set(key, { messages: only, rows: [row] });
      }
      const chunks: { messages: LineRendered['batches'][number]; rows: OutboxRow[] }[] = [];
      for (const { messages, rows: same } of byContent.values()) {
        let chunk: OutboxRow[] = [];
        let users = new Set<string>();
        for (const row of same) {
          if (users.has(row.channelUserId)) {
            singles.push(row); // a second message for the same user: never two ids alike in one call
            continue;
          }
          chunk.push(row);
          users.add(row.channelUserId);
          if (chunk.length === LINE_MULTICAST_MAX) {
            chunks.push({ messages, rows: chunk });
            chunk = [];
            users = new Set();
          }
        }
        if (chunk.length > 1) chunks.push({ messages, rows: chunk });
        else singles.push(...chunk); // alone: a push with the row's own key
      }
      const pushOne = async (row: OutboxRow): Promise<void> => {
        await context.pace();
        results.set(
          row.id,
          await pushRow(sender, row, now, facts.get(row.channelUserId), () => context.pace(), true),
        );
      };
      await inLanes(chunks, 4, async ({ messages, rows: chunk }) => {
        await context.pace();
        const outcome = await sender.multicast(
          chunk.map((r) => r.channelUserId),
          messages,
          multicastRetryKey(chunk.map((r) => r.retryKey)),
        );
        if (outcome.kind === 'failed' && outcome.reason === 'rejected') {
          // Not accepted (one bad user id refuses the whole call): each row on its own.
          log.warn(
            { rows: chunk.length, status: outcome.status },
            'LINE refused a multicast; pushing row by row',
          );
          await inLanes(chunk, 4, pushOne);
          return;
        }
        noteQuota(
          outcome,
          chunk.map((r) => r.id),
        );
        const receipt =
          outcome.kind === 'accepted'
            ? `multicast ${outcome.requestId ?? outcome.acceptedRequestId ?? ''}`
            : '';
        // One delay for the whole chunk: its rows come due together and regroup the same way.
        const delay = retryDelayMs(Math.max(...chunk.map((r) => r.attempts)), outcome);
        for (const row of chunk) results.set(row.id, resultOf(outcome, row, now, receipt, delay));
      });
      await inLanes(singles, 8, pushOne);
      return results;
    },
  };
}
