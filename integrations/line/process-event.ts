import { randomUUID } from 'node:crypto';
import type { ChannelDeps } from '../../bot/channel';
import type { Database, Queryable } from '../../bot/db/database';
import { textReply } from '../../bot/dialog/reply';
import type { Reply } from '../../bot/messages';
import { setReachable } from '../../bot/people-store';
import type { StepZero, TurnOutcome } from '../../bot/pipeline';
import { markProcessed } from '../../bot/turn-store';
import type { CrisisNotes } from './crisis-notes';
import type { LineDeliver, ReplyRow } from './deliver';
import { LINE_MORE_POSTBACK } from './render';
import type { LineSender } from './sender';
import type { LineInbound } from './webhook-body';

/**
 * Processing one stored LINE event: a turn through the pipeline, or a reply the adapter decides
 * itself (media, stickers, "더 보기", group notice, unfollow, unsend), each marked processed in the
 * same transaction as its outbox row.
 */

export interface LineProcessDeps extends Pick<ChannelDeps, 'db' | 'pipeline' | 'log' | 'texts' | 'clock'> {
  sender?: LineSender;
  crisis: Pick<CrisisNotes, 'has' | 'sendWithoutDatabase'>;
  delivery: Pick<LineDeliver, 'deliver' | 'takeOverflow' | 'languageOf'>;
  who: (userId: string) => string;
  /** The outbox pushes a decided reply after this unless we delivered it. */
  graceMs: number;
  /** Show the loading animation when a turn is still running after this. */
  loadingAfterMs: number;
  /** LLM budget of a turn. */
  slowWorkBudgetMs: number;
}

const nothing: Reply = { messages: [], quickReplies: [] };

/** Ties LINE's message id to the person, so an unsend finds their stored text. */
async function tieMessageId(
  deps: Pick<LineProcessDeps, 'db' | 'log'>,
  item: LineInbound,
  personId: string,
): Promise<void> {
  await deps.db
    .query(`UPDATE line_message_ids SET person_id = $2 WHERE message_id = $1 AND person_id IS NULL`, [
      item.messageId,
      personId,
    ])
    .catch((error: unknown) => deps.log.warn({ err: error }, 'LINE message id not tied to the person'));
}

/** The person behind a LINE user id, if they wrote before. */
async function personOf(db: Database, channelUserId: string): Promise<string | null> {
  const { rows } = await db.query<{ person_id: string }>(
    `SELECT person_id FROM identities WHERE channel = 'line' AND channel_user_id = $1`,
    [channelUserId],
  );
  return rows[0]?.person_id ?? null;
}

/** Unfollowed: not reachable, and nothing pending pushed (a push to someone who blocked us is "accepted" but never shown). */
async function stopPushes(tx: Queryable, userId: string): Promise<void> {
  await setReachable(tx, 'line', userId, false);
  await tx.query(
    `UPDATE outbox SET status = 'cancelled', last_error = 'unfollowed' WHERE channel = 'line' AND channel_user_id = $1 AND status = 'pending'`,
    [userId],
  );
}

/** Unsent: the stored text of that message goes; returns how many history lines were deleted. */
async function forgetUnsent(tx: Queryable, messageId: string, userId: string): Promise<number> {
  const result = await tx.query(
    `DELETE FROM message_log WHERE channel = 'line' AND channel_message_id IN
       (SELECT channel_event_id FROM line_message_ids WHERE message_id = $1 AND channel_user_id = $2)`,
    [messageId, userId],
  );
  await tx.query('DELETE FROM line_message_ids WHERE message_id = $1 AND channel_user_id = $2', [
    messageId,
    userId,
  ]);
  return result.rowCount;
}

/** The loading animation only when the turn is actually slow, and only where LINE shows it. */
function loadingAfterDelay(
  deps: Pick<LineProcessDeps, 'sender' | 'loadingAfterMs'>,
  item: LineInbound,
  live: boolean,
): NodeJS.Timeout | undefined {
  const sender = deps.sender;
  if (!live || !sender || deps.loadingAfterMs < 0) return undefined;
  const timer = setTimeout(
    () => void sender.showLoading(item.event.channelUserId, 20).catch(() => undefined),
    deps.loadingAfterMs,
  );
  timer.unref();
  return timer;
}

/** Returns `processOne(item, live)`; it throws when the event must be left for recovery. */
export function createLineProcessor(
  deps: LineProcessDeps,
): (item: LineInbound, live: boolean) => Promise<void> {
  const { db, pipeline, log, clock, delivery } = deps;
  const sentence = (key: string, language: 'ko' | 'en'): Reply => textReply(deps.texts[language].t(key));

  async function inboundRow(
    item: LineInbound,
    live: boolean,
  ): Promise<{ status: string; crisis_sent: boolean } | undefined> {
    try {
      const { rows } = await db.query<{ status: string; crisis_sent: boolean }>(
        `SELECT status, crisis_sent FROM inbound_events WHERE channel = 'line' AND channel_event_id = $1`,
        [item.event.channelEventId],
      );
      return rows[0];
    } catch (error) {
      // The database went away after the event was stored: step 0 still answers a crisis now.
      if (live) await deps.crisis.sendWithoutDatabase(item);
      throw error;
    }
  }

  async function processOne(item: LineInbound, live: boolean): Promise<void> {
    const { event } = item;
    const row = await inboundRow(item, live);
    if (!row || row.status !== 'received') return; // processed elsewhere (another instance, recovery)
    if (row.crisis_sent || deps.crisis.has(event.channelEventId)) pipeline.noteCrisisSent(event);

    if (item.source !== 'user') return groupNotice(item, live);
    switch (event.kind) {
      case 'unfollow':
        return unfollow(item);
      case 'unsend':
        return unsend(item);
      case 'media':
        return simpleReply(
          item,
          live,
          sentence('line.media', await delivery.languageOf(event.channelUserId)),
        );
      case 'sticker': {
        const zero = pipeline.screen(event);
        // Keywords that need the crisis reply go through the whole turn (support is alerted);
        // other stickers get the gentle sentence and change nothing.
        if (zero.crisisReply) return runTurn(item, live, zero);
        return simpleReply(
          item,
          live,
          sentence('line.sticker', await delivery.languageOf(event.channelUserId)),
        );
      }
      case 'postback':
        if (event.postback === LINE_MORE_POSTBACK) {
          const page = await delivery.takeOverflow(event.channelUserId, clock());
          if (page) return simpleReply(item, live, page);
        }
        return runTurn(item, live);
      case 'follow':
        await setReachable(db, 'line', event.channelUserId, true);
        return runTurn(item, live);
      default:
        return runTurn(item, live);
    }
  }

  async function turn(item: LineInbound, live: boolean, zero?: StepZero): Promise<TurnOutcome> {
    const loading = loadingAfterDelay(deps, item, live);
    try {
      return await pipeline.run(item.event, {
        slowWorkBudgetMs: deps.slowWorkBudgetMs,
        ...(zero ? { zero } : {}),
        alreadyRecorded: true,
        // A recovered event has no reply token: the outbox pushes it in this very tick.
        durableReplyGraceMs: live ? deps.graceMs : 0,
      });
    } finally {
      clearTimeout(loading);
    }
  }

  async function runTurn(item: LineInbound, live: boolean, zero?: StepZero): Promise<void> {
    const outcome = await turn(item, live, zero);
    if (outcome.status === 'duplicate') return;
    if (outcome.personId && item.messageId) await tieMessageId(deps, item, outcome.personId);
    const { reply, crisis } = outcome;
    if (outcome.replyOutboxId) {
      if (!live) return; // the outbox worker delivers it by push
      const { rows } = await db.query<{ retry_key: string }>('SELECT retry_key FROM outbox WHERE id = $1', [
        outcome.replyOutboxId,
      ]);
      const row = { id: outcome.replyOutboxId, retryKey: rows[0]?.retry_key ?? randomUUID() };
      await delivery.deliver({ item, live, row, reply, personId: outcome.personId ?? null, crisis });
      return;
    }
    if (reply.messages.length === 0) return;
    // No outbox row: the database failed during the turn. Best effort now; the event stays
    // 'received' and recovery answers it properly later.
    await delivery.deliver({ item, live, row: null, reply, personId: null, crisis });
  }

  /** A reply decided by the adapter itself: processed mark and outbox row in one transaction. */
  async function simpleReply(
    item: LineInbound,
    live: boolean,
    reply: Reply,
    extra?: (tx: Queryable) => Promise<void>,
  ): Promise<void> {
    const { event } = item;
    const now = clock();
    const personId = item.source === 'user' ? await personOf(db, event.channelUserId) : null;
    const row = await db.transaction(async (tx): Promise<ReplyRow | null | undefined> => {
      if (!(await markProcessed(tx, event, now))) return null;
      await extra?.(tx);
      if (reply.messages.length === 0) return undefined;
      const { rows } = await tx.query<{ id: string | number; retry_key: string }>(
        `INSERT INTO outbox (person_id, channel, channel_user_id, purpose, reply, idempotency_key, next_attempt_at, created_at)
         VALUES ($1, 'line', $2, 'reply', $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, retry_key`,
        [
          personId,
          item.groupOrRoomId ?? event.channelUserId,
          JSON.stringify(reply),
          `reply:line:${event.channelEventId}`,
          new Date(now.getTime() + (live ? deps.graceMs : 0)),
          now,
        ],
      );
      return rows[0] ? { id: String(rows[0].id), retryKey: rows[0].retry_key } : undefined;
    });
    if (!row || !live) return;
    await delivery.deliver({ item, live, row, reply, personId, crisis: false });
  }

  async function groupNotice(item: LineInbound, live: boolean): Promise<void> {
    const groupId = item.groupOrRoomId!;
    const { rows } = await db.query('SELECT 1 FROM line_group_notices WHERE group_id = $1', [groupId]);
    if (rows.length > 0) return simpleReply(item, live, nothing);
    await simpleReply(item, live, sentence('line.groupNotice', 'ko'), async (tx) => {
      await tx.query(
        'INSERT INTO line_group_notices (group_id, sent_at) VALUES ($1, $2) ON CONFLICT (group_id) DO NOTHING',
        [groupId, clock()],
      );
    });
  }

  async function unfollow(item: LineInbound): Promise<void> {
    const userId = item.event.channelUserId;
    await simpleReply(item, false, nothing, (tx) => stopPushes(tx, userId));
    log.info({ user: deps.who(userId) }, 'LINE user unfollowed; pushes stopped');
  }

  async function unsend(item: LineInbound): Promise<void> {
    const userId = item.event.channelUserId;
    const messageId = item.event.unsentMessageId;
    let deleted = 0;
    await simpleReply(item, false, nothing, async (tx) => {
      if (messageId) deleted = await forgetUnsent(tx, messageId, userId);
    });
    log.info({ user: deps.who(userId), deleted }, 'LINE unsend: stored text deleted');
  }

  return processOne;
}
