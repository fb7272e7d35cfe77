import { randomUUID } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import type { ChannelAdapter, ChannelDeps } from '../../bot/channel';
import type { Queryable } from '../../bot/db/database';
import type { InboundEvent } from '../../bot/events';
import { boundInbound } from '../../bot/inbound';
import { pseudonym } from '../../bot/logger';
import { maskPersonalNumbers } from '../../bot/masking';
import type { Reply } from '../../bot/messages';
import type { ChannelSender } from '../../bot/outbox-worker';
import { setReachable } from '../../bot/people-store';
import type { StepZero, TurnOutcome } from '../../bot/pipeline';
import { markCrisisSent, markProcessed, recordInbound } from '../../bot/turn-store';
import { batchRetryKey, createLineOutboxSender, saveLineProgress } from './outbound';
import { LINE_MORE_POSTBACK, lineRenderTexts, renderLineMessages, type LineRendered } from './render';
import { createLineSender, retryDelayMs, type LineSendOutcome, type LineSender } from './sender';
import { LINE_SIGNATURE_HEADER, verifyLineSignature } from './signature';
import { classifyLineEvents, parseLineWebhookBody, type LineInbound } from './webhook-body';

/**
 * The LINE channel: POST /webhooks/line verifies the signature on the raw bytes, writes every
 * event to the inbound log and only then answers 200; events are processed after the answer, one
 * user at a time in `timestamp` order. Replies go out with the reply token while it is fresh and
 * are pushed otherwise; every reply is first an outbox row (the pipeline's durable reply), so a
 * crash between "decided" and "sent" ends in a push with a stable retry key, not in silence.
 */

export interface LineChannelOptions {
  /** Webhook body limit (default 1 MiB; LINE's own requests are far smaller) → 413 above it. */
  maxBodyBytes?: number;
  /** A reply token is used only this long after the webhook arrived (default 50 s; LINE says ~1 min). */
  replyWindowMs?: number;
  /** The outbox pushes a decided reply after this unless we delivered it (default 60 s). */
  durableReplyGraceMs?: number;
  /** Show the loading animation when a turn is still running after this (default 2 s). */
  loadingAfterMs?: number;
  /** Per LINE API call (default 10 s; the SDK has no timeout). */
  sendTimeoutMs?: number;
  /** A stored event still unprocessed this long after it arrived is presumed orphaned (default 60 s). */
  recoverAfterMs?: number;
  /** LLM budget of a turn (default 20 s when an LLM is configured, else 0 = offline answer). */
  slowWorkBudgetMs?: number;
  /** How long a "더 보기" page is kept (default 24 h). */
  overflowTtlMs?: number;
  /** Look for orphaned events as soon as the channel starts (default true). */
  recoverOnStart?: boolean;
  /** Test seam: runs after the events are stored and answered, before they are processed. */
  afterStored?: (eventIds: string[]) => Promise<void> | void;
}

/** The adapter plus what tests and shutdown need. */
export interface LineChannel extends ChannelAdapter {
  /** Resolves once every accepted event has been processed (and its reply attempted). */
  idle(): Promise<void>;
}

/** What the inbound log's payload holds for a LINE event until it is processed (masked text, no token). */
interface StoredPayload {
  line: 1;
  event: Omit<InboundEvent, 'occurredAt'> & { occurredAt: string };
  source: LineInbound['source'];
  groupOrRoomId?: string;
  messageId?: string;
  receivedAt: string;
}

const MIB = 1024 * 1024;
const CACHE_LIMIT = 50_000;
const RECOVERY_BATCH = 500;
const DAY_MS = 86_400_000;
const MAX_RECOVERY_ATTEMPTS = 3;

/** Creates the LINE channel adapter (routes, outbox sender, recovery of orphaned events). */
export function createLineChannel(deps: ChannelDeps, options: LineChannelOptions = {}): LineChannel {
  const { db, pipeline, log, metrics, texts, clock, config } = deps;
  const line = config.line;
  const replyWindowMs = options.replyWindowMs ?? 50_000;
  const graceMs = options.durableReplyGraceMs ?? 60_000;
  const loadingAfterMs = options.loadingAfterMs ?? 2_000;
  const recoverAfterMs = options.recoverAfterMs ?? 60_000;
  const slowWorkBudgetMs = options.slowWorkBudgetMs ?? (config.llm ? 20_000 : 0);
  const overflowTtlMs = options.overflowTtlMs ?? DAY_MS;
  const sender: LineSender | undefined = line
    ? createLineSender({
        channelAccessToken: line.channelAccessToken,
        baseURL: line.apiBaseUrl,
        timeoutMs: options.sendTimeoutMs,
      })
    : undefined;
  const channelSender: ChannelSender | undefined =
    sender && createLineOutboxSender({ db, texts, log, metrics, sender, render });

  const who = (userId: string): string => pseudonym(config.logHashSecret, `line:${userId}`);
  /** Crisis texts delivered (or being delivered) per event id, for redeliveries while the database is down. */
  const crisisNoted = new Map<string, true>();
  const noteCrisis = (id: string): void => {
    crisisNoted.set(id, true);
    if (crisisNoted.size > CACHE_LIMIT) crisisNoted.delete(crisisNoted.keys().next().value as string);
  };
  const chains = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  const queued = new Set<string>();
  let closed = false;

  // ── webhook ────────────────────────────────────────────────────────────────

  const router = Router();
  router.post(
    '/',
    (_req, res, next) => {
      // Before reading the body: without credentials nothing can be verified.
      if (!line) {
        res
          .status(503)
          .json({ error: 'LINE is not configured: set LINE_CHANNEL_SECRET and LINE_CHANNEL_ACCESS_TOKEN' });
        return;
      }
      next();
    },
    express.raw({ type: () => true, limit: options.maxBodyBytes ?? MIB }),
    (req, res, next) => {
      webhook(req, res).catch(next);
    },
  );

  async function webhook(req: Request, res: Response): Promise<void> {
    const receivedAt = clock();
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyLineSignature(raw, line!.channelSecret, req.headers[LINE_SIGNATURE_HEADER])) {
      log.warn({ bytes: raw.length }, 'LINE webhook refused: bad or missing signature');
      res.status(401).json({ error: 'X-Line-Signature is missing or does not match the body' });
      return;
    }
    const parsed = parseLineWebhookBody(raw);
    if (!parsed.ok) {
      res.status(400).json({ error: parsed.error });
      return;
    }
    const classified = classifyLineEvents(parsed.body, receivedAt);
    const { ignored } = classified;
    // Cut at MAX_INBOUND_CHARS here, at the channel boundary (the screen reads head and tail).
    const inbound = classified.inbound.map((item) => ({
      ...item,
      event: boundInbound(item.event, config.maxInboundChars),
    }));
    for (const skip of ignored) {
      // The type comes from the request body: log it only when it looks like one of LINE's.
      const type =
        typeof skip.type === 'string' && /^[a-zA-Z]+(\/[a-zA-Z]+)?$/.test(skip.type)
          ? skip.type.slice(0, 40)
          : 'other';
      log.info({ type, reason: skip.reason }, 'LINE event ignored');
    }
    if (inbound.length === 0) {
      res.status(200).json({});
      return;
    }
    const { fresh, failed } = await store(inbound);
    if (failed.length > 0) {
      // Never 200 for an event we did not store: LINE's redelivery (when enabled) brings it back;
      // the events that were stored are processed now all the same (a redelivery skips them).
      log.error(
        { failed: failed.length, events: inbound.length },
        'LINE events could not be stored; answering 500',
      );
      res.status(500).json({ error: 'events could not be stored; please redeliver' });
      for (const item of failed) track(crisisWithoutDatabase(item));
    } else {
      res.status(200).json({});
    }
    if (inbound.length > fresh.length) {
      log.info({ duplicates: inbound.length - fresh.length }, 'LINE redelivery or duplicate ignored');
    }
    if (fresh.length === 0) return;
    const hook = options.afterStored;
    if (hook) {
      track(
        Promise.resolve(hook(fresh.map((f) => f.event.channelEventId))).then(
          () => void schedule(fresh, true),
        ),
      );
    } else void schedule(fresh, true);
  }

  /**
   * Writes each event to the inbound log in its own short transaction, so one event that cannot
   * be stored never fails the others of its batch (a security review's NUL failed a whole batch
   * on every redelivery). Returns the events not seen before, and those that could not be stored.
   */
  async function store(items: LineInbound[]): Promise<{ fresh: LineInbound[]; failed: LineInbound[] }> {
    const fresh: LineInbound[] = [];
    const failed: LineInbound[] = [];
    for (const item of items) {
      try {
        if (await storeOne(item)) fresh.push(item);
      } catch (error) {
        log.error({ err: error, kind: item.event.kind }, 'LINE event could not be stored');
        failed.push(item);
      }
    }
    return { fresh, failed };
  }

  async function storeOne(item: LineInbound): Promise<boolean> {
    return db.transaction(async (tx) => {
      const payload = toPayload(item);
      const stored: InboundEvent = { ...item.event, text: payload.event.text };
      if (!(await recordInbound(tx, stored, payload, item.receivedAt))) return false;
      // A crisis text sent while the database was down: remember it durably now.
      if (crisisNoted.has(item.event.channelEventId)) await markCrisisSent(tx, item.event);
      if (item.messageId && item.source === 'user' && item.event.kind === 'text') {
        await tx.query(
          `INSERT INTO line_message_ids (message_id, channel_user_id, channel_event_id, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (message_id) DO NOTHING`,
          [item.messageId, item.event.channelUserId, item.event.channelEventId, item.receivedAt],
        );
      }
      return true;
    });
  }

  function toPayload(item: LineInbound): StoredPayload {
    // Group text is never read, so never kept; 1:1 text is kept masked, only until processed.
    const text =
      item.source !== 'user' || item.event.text === undefined
        ? undefined
        : maskPersonalNumbers(item.event.text).text;
    const { occurredAt, text: _dropped, screenText: _screenOnly, ...rest } = item.event;
    // Postbacks are untrusted input too: masked like text before they are stored.
    const postback = rest.postback === undefined ? undefined : maskPersonalNumbers(rest.postback).text;
    return strip({
      line: 1 as const,
      event: strip({ ...rest, text, postback, occurredAt: occurredAt.toISOString() }),
      source: item.source,
      groupOrRoomId: item.groupOrRoomId,
      messageId: item.messageId,
      receivedAt: item.receivedAt.toISOString(),
    });
  }

  function fromPayload(payload: StoredPayload): LineInbound {
    return strip({
      event: strip({ ...payload.event, occurredAt: new Date(payload.event.occurredAt) }) as InboundEvent,
      source: payload.source,
      groupOrRoomId: payload.groupOrRoomId,
      isRedelivery: false,
      messageId: payload.messageId,
      receivedAt: new Date(payload.receivedAt),
    });
  }

  /** Step 0 with the database down: the crisis text goes out with the reply token, once. */
  async function crisisWithoutDatabase(item: LineInbound): Promise<void> {
    const { event, replyToken } = item;
    if (
      !sender ||
      !replyToken ||
      item.source !== 'user' ||
      (event.kind !== 'text' && event.kind !== 'sticker')
    ) {
      return;
    }
    if (crisisNoted.has(event.channelEventId)) return;
    const zero = pipeline.screen(event);
    if (!zero.crisisReply) return;
    noteCrisis(event.channelEventId); // claimed before sending: a quick redelivery must not send it again
    const { batches } = renderLineMessages(zero.crisisReply, lineRenderTexts(texts.ko));
    let delivered = false;
    for (const [i, batch] of batches.entries()) {
      let outcome = i === 0 ? await sender.reply(replyToken, batch) : undefined;
      // Losing the crisis text is worse than showing it twice: push with a fresh key if the reply failed.
      if (outcome?.kind !== 'accepted') outcome = await sender.push(event.channelUserId, batch, randomUUID());
      if (outcome.kind === 'accepted') delivered = true;
    }
    if (delivered) {
      pipeline.noteCrisisSent(event);
      metrics.crisisReplies.inc({ channel: 'line' });
      log.warn({ user: who(event.channelUserId) }, 'crisis reply sent with the database down');
    } else {
      crisisNoted.delete(event.channelEventId);
      log.error(
        { user: who(event.channelUserId) },
        'crisis reply could not be sent (database and LINE failing)',
      );
    }
  }

  // ── processing, one user at a time ────────────────────────────────────────

  function track(work: Promise<void>): void {
    const guarded = work.catch((error: unknown) => log.error({ err: error }, 'LINE processing failed'));
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
  }

  /** Queues events behind earlier ones of the same user, in `timestamp` order. */
  function schedule(items: LineInbound[], live: boolean): Promise<void>[] {
    const byUser = new Map<string, LineInbound[]>();
    for (const item of items) {
      if (queued.has(item.event.channelEventId)) continue;
      queued.add(item.event.channelEventId);
      const list = byUser.get(item.event.channelUserId) ?? [];
      list.push(item);
      byUser.set(item.event.channelUserId, list);
    }
    const done: Promise<void>[] = [];
    for (const [userId, list] of byUser) {
      list.sort((a, b) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime());
      const previous = chains.get(userId) ?? Promise.resolve();
      const mine = previous.then(async () => {
        for (const item of list) {
          try {
            await processOne(item, live);
          } catch (error) {
            // Left 'received': recovery tries again later (by push).
            log.error(
              { err: error, user: who(userId), kind: item.event.kind },
              'LINE event not processed; left for recovery',
            );
          } finally {
            queued.delete(item.event.channelEventId);
          }
        }
      });
      chains.set(userId, mine);
      void mine.finally(() => {
        if (chains.get(userId) === mine) chains.delete(userId);
      });
      track(mine);
      done.push(mine);
    }
    return done;
  }

  const tokenFresh = (item: LineInbound, live: boolean): boolean =>
    live && item.replyToken !== undefined && clock().getTime() - item.receivedAt.getTime() < replyWindowMs;

  async function processOne(item: LineInbound, live: boolean): Promise<void> {
    const { event } = item;
    let row: { status: string; crisis_sent: boolean } | undefined;
    try {
      const { rows } = await db.query<{ status: string; crisis_sent: boolean }>(
        `SELECT status, crisis_sent FROM inbound_events WHERE channel = 'line' AND channel_event_id = $1`,
        [event.channelEventId],
      );
      row = rows[0];
    } catch (error) {
      // The database went away after the event was stored: step 0 still answers a crisis now.
      if (live) await crisisWithoutDatabase(item);
      throw error;
    }
    if (!row || row.status !== 'received') return; // processed elsewhere (another instance, recovery)
    if (row.crisis_sent || crisisNoted.has(event.channelEventId)) pipeline.noteCrisisSent(event);

    if (item.source !== 'user') return groupNotice(item, live);
    switch (event.kind) {
      case 'unfollow':
        return unfollow(item);
      case 'unsend':
        return unsend(item);
      case 'media':
        return simpleReply(item, live, sentence('line.media', await languageOf(event.channelUserId)));
      case 'sticker': {
        const zero = pipeline.screen(event);
        // Keywords that need the crisis reply go through the whole turn (support is alerted);
        // other stickers get the gentle sentence and change nothing.
        if (zero.crisisReply) return runTurn(item, live, zero);
        return simpleReply(item, live, sentence('line.sticker', await languageOf(event.channelUserId)));
      }
      case 'postback':
        if (event.postback === LINE_MORE_POSTBACK) {
          const page = await takeOverflow(event.channelUserId, clock());
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

  async function runTurn(item: LineInbound, live: boolean, zero?: StepZero): Promise<void> {
    const { event } = item;
    // The loading animation only when the turn is actually slow, and only where LINE shows it.
    const loading =
      live && sender && loadingAfterMs >= 0
        ? setTimeout(
            () => void sender.showLoading(event.channelUserId, 20).catch(() => undefined),
            loadingAfterMs,
          )
        : undefined;
    loading?.unref();
    let outcome: TurnOutcome;
    try {
      outcome = await pipeline.run(event, {
        slowWorkBudgetMs,
        ...(zero ? { zero } : {}),
        alreadyRecorded: true,
        // A recovered event has no reply token: the outbox pushes it in this very tick.
        durableReplyGraceMs: live ? graceMs : 0,
      });
    } finally {
      clearTimeout(loading);
    }
    if (outcome.status === 'duplicate') return;
    if (outcome.personId && item.messageId) {
      await db
        .query(`UPDATE line_message_ids SET person_id = $2 WHERE message_id = $1 AND person_id IS NULL`, [
          item.messageId,
          outcome.personId,
        ])
        .catch((error: unknown) => log.warn({ err: error }, 'LINE message id not tied to the person'));
    }
    if (outcome.replyOutboxId) {
      if (!live) return; // the outbox worker delivers it by push
      const { rows } = await db.query<{ retry_key: string }>('SELECT retry_key FROM outbox WHERE id = $1', [
        outcome.replyOutboxId,
      ]);
      const retryKey = rows[0]?.retry_key ?? randomUUID();
      await deliver(
        item,
        live,
        { id: outcome.replyOutboxId, retryKey },
        outcome.reply,
        outcome.personId ?? null,
        outcome.crisis,
      );
      return;
    }
    if (outcome.reply.messages.length === 0) return;
    // No outbox row: the database failed during the turn. Best effort now; the event stays
    // 'received' and recovery answers it properly later.
    await deliver(item, live, null, outcome.reply, null, outcome.crisis);
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
    const personId = await personOf(event.channelUserId);
    const row = await db.transaction(async (tx) => {
      if (!(await markProcessed(tx, event, now))) return null;
      await extra?.(tx);
      if (reply.messages.length === 0) return undefined;
      const { rows } = await tx.query<{ id: string | number; retry_key: string }>(
        `INSERT INTO outbox (person_id, channel, channel_user_id, purpose, reply, idempotency_key, next_attempt_at, created_at)
         VALUES ($1, 'line', $2, 'reply', $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, retry_key`,
        [
          item.source === 'user' ? personId : null,
          item.groupOrRoomId ?? event.channelUserId,
          JSON.stringify(reply),
          `reply:line:${event.channelEventId}`,
          new Date(now.getTime() + (live ? graceMs : 0)),
          now,
        ],
      );
      return rows[0] ? { id: String(rows[0].id), retryKey: rows[0].retry_key } : undefined;
    });
    if (!row || !live) return;
    await deliver(item, live, row, reply, item.source === 'user' ? personId : null, false);
  }

  async function groupNotice(item: LineInbound, live: boolean): Promise<void> {
    const groupId = item.groupOrRoomId!;
    const { rows } = await db.query('SELECT 1 FROM line_group_notices WHERE group_id = $1', [groupId]);
    if (rows.length > 0) {
      await simpleReply(item, live, { messages: [], quickReplies: [] });
      return;
    }
    await simpleReply(item, live, sentence('line.groupNotice', 'ko'), async (tx) => {
      await tx.query(
        'INSERT INTO line_group_notices (group_id, sent_at) VALUES ($1, $2) ON CONFLICT (group_id) DO NOTHING',
        [groupId, clock()],
      );
    });
  }

  async function unfollow(item: LineInbound): Promise<void> {
    const userId = item.event.channelUserId;
    await simpleReply(item, false, { messages: [], quickReplies: [] }, async (tx) => {
      await setReachable(tx, 'line', userId, false);
      // A push to someone who blocked us is "accepted" but never shown: do not spend quota on it.
      await tx.query(
        `UPDATE outbox SET status = 'cancelled', last_error = 'unfollowed' WHERE channel = 'line' AND channel_user_id = $1 AND status = 'pending'`,
        [userId],
      );
    });
    log.info({ user: who(userId) }, 'LINE user unfollowed; pushes stopped');
  }

  async function unsend(item: LineInbound): Promise<void> {
    const userId = item.event.channelUserId;
    const messageId = item.event.unsentMessageId;
    let deleted = 0;
    await simpleReply(item, false, { messages: [], quickReplies: [] }, async (tx) => {
      if (!messageId) return;
      const result = await tx.query(
        `DELETE FROM message_log WHERE channel = 'line' AND channel_message_id IN
           (SELECT channel_event_id FROM line_message_ids WHERE message_id = $1 AND channel_user_id = $2)`,
        [messageId, userId],
      );
      deleted = result.rowCount;
      await tx.query('DELETE FROM line_message_ids WHERE message_id = $1 AND channel_user_id = $2', [
        messageId,
        userId,
      ]);
    });
    log.info({ user: who(userId), deleted }, 'LINE unsend: stored text deleted');
  }

  // ── sending ────────────────────────────────────────────────────────────────

  /**
   * Delivers a decided reply: the first batch with the reply token while it is fresh, the rest
   * (or everything, when the token is gone) pushed with keys derived from the outbox row's retry
   * key. A push LINE asks us to retry stays with the outbox worker, which resumes after the batches
   * already accepted.
   */
  async function deliver(
    item: LineInbound,
    live: boolean,
    row: { id: string; retryKey: string } | null,
    reply: Reply,
    personId: string | null,
    crisis: boolean,
  ): Promise<void> {
    if (!sender) return;
    const { event } = item;
    const to = item.groupOrRoomId ?? event.channelUserId;
    const rendered = await render(reply, personId, event.channelUserId);
    const retryKey = row?.retryKey ?? randomUUID();
    const receipts: string[] = [];
    let start = 0;
    if (rendered.batches.length > 0 && item.replyToken && tokenFresh(item, live)) {
      const outcome = await sender.reply(item.replyToken, rendered.batches[0]!);
      if (outcome.kind === 'accepted') {
        start = 1;
        receipts.push(`reply:${outcome.requestId ?? ''}`);
        if (row && rendered.batches.length > 1) await saveLineProgress(db, row.id, 1);
      } else {
        log.info(
          { user: who(event.channelUserId), outcome: outcome.kind },
          'LINE reply not accepted; pushing instead',
        );
      }
    }
    if (crisis && start === 1) confirmCrisis(event);
    for (let i = start; i < rendered.batches.length; i += 1) {
      const outcome = await sender.push(to, rendered.batches[i]!, batchRetryKey(retryKey, i));
      if (outcome.kind === 'accepted') {
        receipts.push(`push:${outcome.requestId ?? outcome.acceptedRequestId ?? ''}`);
        if (row) await saveLineProgress(db, row.id, i + 1);
        if (crisis && i === 0) confirmCrisis(event);
        continue;
      }
      if (row) await handOver(row.id, outcome);
      return;
    }
    if (row) await pipeline.markReplySent(row.id, receipts.join(' ').slice(0, 500) || 'empty');
  }

  function confirmCrisis(event: InboundEvent): void {
    noteCrisis(event.channelEventId);
    pipeline.noteCrisisSent(event);
    void markCrisisSent(db, event).catch(() => undefined);
  }

  /** A push we could not finish now: the worker retries it (sooner than the grace), or it failed for good. */
  async function handOver(outboxId: string, outcome: LineSendOutcome): Promise<void> {
    if (outcome.kind === 'failed' || outcome.kind === 'invalid_reply_token') {
      if (outcome.kind === 'failed' && outcome.reason === 'quota_exhausted') metrics.lineQuotaExhausted.inc();
      const reason = outcome.kind === 'failed' ? outcome.reason : 'invalid_reply_token';
      await db.query(
        `UPDATE outbox SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'pending'`,
        [outboxId, `line: ${reason}`],
      );
      metrics.outboxFailed.inc({ channel: 'line', reason });
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

  async function render(
    reply: Reply,
    personId: string | null,
    channelUserId: string,
    known?: 'ko' | 'en',
    subjectId: string | null = null,
  ): Promise<LineRendered> {
    const language = known ?? (await languageOf(channelUserId));
    const rendered = renderLineMessages(reply, lineRenderTexts(texts[language]));
    if (rendered.overflow && personId) {
      await db.query(
        `INSERT INTO line_overflow (channel_user_id, person_id, reply, expires_at, subject_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (channel_user_id) DO UPDATE SET person_id = EXCLUDED.person_id, reply = EXCLUDED.reply,
           expires_at = EXCLUDED.expires_at, subject_id = EXCLUDED.subject_id`,
        [
          channelUserId,
          personId,
          JSON.stringify(rendered.overflow),
          new Date(clock().getTime() + overflowTtlMs),
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

  async function personOf(channelUserId: string): Promise<string | null> {
    const { rows } = await db.query<{ person_id: string }>(
      `SELECT person_id FROM identities WHERE channel = 'line' AND channel_user_id = $1`,
      [channelUserId],
    );
    return rows[0]?.person_id ?? null;
  }

  async function languageOf(channelUserId: string): Promise<'ko' | 'en'> {
    const { rows } = await db.query<{ language: string }>(
      `SELECT p.language FROM identities i JOIN people p ON p.id = i.person_id WHERE i.channel = 'line' AND i.channel_user_id = $1`,
      [channelUserId],
    );
    return rows[0]?.language === 'en' ? 'en' : 'ko';
  }

  const sentence = (key: string, language: 'ko' | 'en'): Reply => ({
    messages: [{ type: 'text', text: texts[language].t(key) }],
    quickReplies: [],
  });

  // ── recovery and sweeps ────────────────────────────────────────────────────

  /** Events stored but never processed (a crash, a failed turn): processed now, answered by push. */
  async function recover(now: Date): Promise<number> {
    if (closed || !line) return 0;
    // Attempts are counted: an event whose processing keeps failing is given up, not retried every tick.
    const { rows } = await db.query<{
      channel_event_id: string;
      payload: StoredPayload | null;
      attempts: number;
    }>(
      `UPDATE inbound_events SET attempts = attempts + 1
        WHERE channel = 'line' AND channel_event_id IN (
          SELECT channel_event_id FROM inbound_events
           WHERE channel = 'line' AND status = 'received' AND payload ->> 'line' = '1'
             AND (payload ->> 'receivedAt')::timestamptz <= $1 AND NOT (channel_event_id = ANY($3::text[]))
           ORDER BY occurred_at LIMIT $2)
       RETURNING channel_event_id, payload, attempts`,
      [new Date(now.getTime() - recoverAfterMs), RECOVERY_BATCH, [...queued]],
    );
    const abandoned = rows.filter((r) => r.attempts > MAX_RECOVERY_ATTEMPTS).map((r) => r.channel_event_id);
    if (abandoned.length > 0) {
      await db.query(
        `UPDATE inbound_events SET status = 'failed', payload = NULL WHERE channel = 'line' AND channel_event_id = ANY($1::text[])`,
        [abandoned],
      );
      log.error({ events: abandoned.length }, 'LINE events given up after repeated recovery failures');
    }
    const items = rows
      .filter((r) => r.payload && r.attempts <= MAX_RECOVERY_ATTEMPTS && !queued.has(r.channel_event_id))
      .sort((x, y) => Date.parse(x.payload!.event.occurredAt) - Date.parse(y.payload!.event.occurredAt))
      .map((r) => fromPayload(r.payload!));
    if (items.length === 0) return 0;
    log.warn(
      { events: items.length },
      'recovering LINE events stored but not processed (reply tokens expired: push)',
    );
    await Promise.all(schedule(items, false));
    return items.length;
  }

  const startup =
    line && options.recoverOnStart !== false
      ? new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => recover(clock()))
          .then(
            () => undefined,
            (error: unknown) => log.warn({ err: error }, 'LINE start-up recovery failed'),
          )
      : Promise.resolve();

  return {
    channel: 'line',
    routes: { path: '/webhooks/line', router },
    ...(channelSender ? { sender: channelSender } : {}),
    async runDue(now) {
      await recover(now);
      await db.query('DELETE FROM line_overflow WHERE expires_at <= $1', [now]);
      await db.query(
        'DELETE FROM line_message_ids WHERE created_at < $1 OR (person_id IS NULL AND created_at < $2)',
        [new Date(now.getTime() - config.retentionDays * DAY_MS), new Date(now.getTime() - DAY_MS)],
      );
    },
    async idle() {
      await startup;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    async close() {
      await startup;
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      closed = true;
    },
  };
}

// exactOptionalPropertyTypes-friendly: no `key: undefined` in stored JSON.
function strip<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
