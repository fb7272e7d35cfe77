import { randomUUID } from 'node:crypto';
import type { ChannelDeps } from '../../bot/channel';
import type { Reply } from '../../bot/messages';
import { languageOfIdentity } from '../../bot/people-store';
import type { CrisisNotes } from './crisis-notes';
import { batchRetryKey, saveLineProgress, type RenderForUser } from './outbound';
import { lineRenderTexts, renderLineMessages, type LineRendered } from './render';
import { retryDelayMs, type LineSendOutcome, type LineSender } from './sender';
import type { LineInbound } from './webhook-body';

/**
 * Delivering a decided reply: the first batch with the reply token while it is fresh, the rest
 * (or everything, when the token is gone) pushed with keys derived from the outbox row's retry
 * key. A push LINE asks us to retry stays with the outbox worker, which resumes after the batches
 * already accepted. What did not fit is kept for "더 보기".
 */

/** The outbox row holding a reply (its retry key names every push of it). */
export interface ReplyRow {
  id: string;
  retryKey: string;
}

/** One reply to deliver. */
export interface LineDelivery {
  item: LineInbound;
  /** False for a recovered event: no reply token, everything is pushed. */
  live: boolean;
  row: ReplyRow | null;
  reply: Reply;
  personId: string | null;
  crisis: boolean;
}

export interface LineDeliverDeps extends Pick<
  ChannelDeps,
  'db' | 'pipeline' | 'log' | 'metrics' | 'texts' | 'clock'
> {
  sender?: LineSender;
  crisis: Pick<CrisisNotes, 'confirm'>;
  who: (userId: string) => string;
  /** A reply token is used only this long after the webhook arrived. */
  replyWindowMs: number;
  /** How long a "더 보기" page is kept. */
  overflowTtlMs: number;
}

export interface LineDeliver {
  deliver(d: LineDelivery): Promise<void>;
  /** Renders within LINE's limits in the user's language, keeping the overflow for "더 보기". */
  render: RenderForUser;
  /** Takes the stored "더 보기" page, if any. */
  takeOverflow(channelUserId: string, now: Date): Promise<Reply | undefined>;
  /** The user's language as LINE renders it (Korean unless they chose English). */
  languageOf(channelUserId: string): Promise<'ko' | 'en'>;
}

/** A reply token is used once, only while fresh, and never for a recovered event. */
export const tokenFresh = (item: LineInbound, live: boolean, now: Date, windowMs: number): boolean =>
  live && item.replyToken !== undefined && now.getTime() - item.receivedAt.getTime() < windowMs;

/** Creates the LINE delivery of decided replies. */
export function createLineDeliver(deps: LineDeliverDeps): LineDeliver {
  const { db, log, clock } = deps;

  async function languageOf(channelUserId: string): Promise<'ko' | 'en'> {
    return (await languageOfIdentity(db, 'line', channelUserId)) === 'en' ? 'en' : 'ko';
  }

  async function render(
    reply: Reply,
    personId: string | null,
    channelUserId: string,
    known?: 'ko' | 'en',
    subjectId: string | null = null,
  ): Promise<LineRendered> {
    const language = known ?? (await languageOf(channelUserId));
    const rendered = renderLineMessages(reply, lineRenderTexts(deps.texts[language]));
    if (rendered.overflow && personId) {
      await db.query(
        `INSERT INTO line_overflow (channel_user_id, person_id, reply, expires_at, subject_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (channel_user_id) DO UPDATE SET person_id = EXCLUDED.person_id, reply = EXCLUDED.reply,
           expires_at = EXCLUDED.expires_at, subject_id = EXCLUDED.subject_id`,
        [
          channelUserId,
          personId,
          JSON.stringify(rendered.overflow),
          new Date(clock().getTime() + deps.overflowTtlMs),
          subjectId,
        ],
      );
    }
    return rendered;
  }

  async function takeOverflow(channelUserId: string, now: Date): Promise<Reply | undefined> {
    const { rows } = await db.query<{ reply: Reply }>(
      'DELETE FROM line_overflow WHERE channel_user_id = $1 AND expires_at > $2 RETURNING reply',
      [channelUserId, now],
    );
    return rows[0]?.reply;
  }

  /** A push we could not finish now: the worker retries it (sooner than the grace), or it failed for good. */
  async function handOver(outboxId: string, outcome: LineSendOutcome): Promise<void> {
    if (outcome.kind === 'failed' || outcome.kind === 'invalid_reply_token') {
      if (outcome.kind === 'failed' && outcome.reason === 'quota_exhausted')
        deps.metrics.lineQuotaExhausted.inc();
      const reason = outcome.kind === 'failed' ? outcome.reason : 'invalid_reply_token';
      await db.query(
        `UPDATE outbox SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'pending'`,
        [outboxId, `line: ${reason}`],
      );
      deps.metrics.outboxFailed.inc({ channel: 'line', reason });
      return;
    }
    await db.query(
      `UPDATE outbox SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND status = 'pending'`,
      [
        outboxId,
        new Date(clock().getTime() + retryDelayMs(1, outcome)),
        `line: ${outcome.kind === 'retry' ? outcome.reason : outcome.kind}`,
      ],
    );
  }

  /** The first batch with the reply token; 1 when LINE accepted it, else 0 (everything is pushed). */
  async function replyFirst(
    sender: LineSender,
    d: LineDelivery,
    rendered: LineRendered,
    receipts: string[],
  ): Promise<number> {
    const { item } = d;
    const first = rendered.batches[0];
    if (!first || !item.replyToken || !tokenFresh(item, d.live, clock(), deps.replyWindowMs)) return 0;
    const outcome = await sender.reply(item.replyToken, first);
    if (outcome.kind !== 'accepted') {
      log.info(
        { user: deps.who(item.event.channelUserId), outcome: outcome.kind },
        'LINE reply not accepted; pushing instead',
      );
      return 0;
    }
    receipts.push(`reply:${outcome.requestId ?? ''}`);
    if (d.row && rendered.batches.length > 1) await saveLineProgress(db, d.row.id, 1);
    return 1;
  }

  async function deliver(d: LineDelivery): Promise<void> {
    const sender = deps.sender;
    if (!sender) return;
    const { item, row } = d;
    const { event } = item;
    const to = item.groupOrRoomId ?? event.channelUserId;
    const rendered = await render(d.reply, d.personId, event.channelUserId);
    const retryKey = row?.retryKey ?? randomUUID();
    const receipts: string[] = [];
    const start = await replyFirst(sender, d, rendered, receipts);
    if (d.crisis && start === 1) deps.crisis.confirm(event);
    for (let i = start; i < rendered.batches.length; i += 1) {
      const outcome = await sender.push(to, rendered.batches[i]!, batchRetryKey(retryKey, i));
      if (outcome.kind !== 'accepted') {
        if (row) await handOver(row.id, outcome);
        return;
      }
      receipts.push(`push:${outcome.requestId ?? outcome.acceptedRequestId ?? ''}`);
      if (row) await saveLineProgress(db, row.id, i + 1);
      if (d.crisis && i === 0) deps.crisis.confirm(event);
    }
    if (row) await deps.pipeline.markReplySent(row.id, receipts.join(' ').slice(0, 500) || 'empty');
  }

  return { deliver, render, takeOverflow, languageOf };
}
