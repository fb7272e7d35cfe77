import { joinReplies } from '../../bot/dialog/reply';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import express, { type Router } from 'express';
import type { ChannelAdapter, ChannelDeps } from '../../bot/channel';
import { loadContacts, type Contacts } from '../../bot/contacts';
import type { InboundEvent } from '../../bot/events';
import { HttpError } from '../../bot/http-errors';
import { boundInbound, storableJson } from '../../bot/inbound';
import { pseudonym } from '../../bot/logger';
import type { Reply } from '../../bot/messages';
import type { ChannelSender, OutboxRow, SendContext, SendResult } from '../../bot/outbox-worker';
import type { Language } from '../../bot/people';
import { fromRoot } from '../../bot/paths';
import type { StepZero } from '../../bot/pipeline';
import { checkKakaoAuth, KAKAO_SECRET_HEADER } from './auth';
import { checkCallbackUrl, postCallback } from './callback';
import { createDedupeWindow, dedupeKey, dedupeUser } from './dedupe-window';
import {
  getKakaoTask,
  KAKAO_EVENT_MAX_USERS,
  KakaoEventApiError,
  sendKakaoEvent,
  type KakaoEventApi,
  type KakaoTaskStatus,
} from './event-api';
import {
  KAKAO_MORE_POSTBACK,
  kakaoRenderTexts,
  renderKakaoApology,
  renderKakaoResponse,
  renderUseCallback,
} from './render';
import type { SkillResponse, TemplateResponse } from './response-schema';
import {
  messageKindOf,
  parseSkillPayload,
  readKakaoRequest,
  toInboundEvent,
  type KakaoRequestFacts,
  type SkillPayload,
} from './skill-payload';

/**
 * The KakaoTalk channel: the Open Builder skill at POST /webhooks/kakao, the 5 s deadline with the
 * AI-chatbot callback, "더 보기" pages, held answers, and proactive messages through the Event API.
 * It only translates: turns run in the host pipeline.
 */

/** Tuning knobs; the defaults follow reference/kakao.md §3 (tests shorten them). */
export interface KakaoChannelOptions {
  /** Wait after the useCallback acknowledgement before POSTing (a POST racing the ack can be refused). */
  settleMs?: number;
  /** The callback must land within this long of the request's arrival (the URL lives ~1 minute). */
  callbackWindowMs?: number;
  /** LLM budget of a callback-enabled turn. */
  slowWorkBudgetMs?: number;
  /** How long a held answer waits for the user's next message. */
  heldTtlMs?: number;
  /** How long a "더 보기" overflow stays available. */
  overflowTtlMs?: number;
  /** Double-tap window (dedupe-window.ts). */
  dedupeWindowMs?: number;
  /** When to ask Kakao how an Event API send went. */
  taskCheckDelayMs?: number;
  /** Another outbox row for the same user joins an Event API send made this recently. */
  eventJoinMs?: number;
  contacts?: Contacts;
  /**
   * Overrides KAKAO_SYNC_BUDGET_MS. Conversation tests that are not about the deadline raise it,
   * so a loaded test machine cannot turn an ordinary answer into the "still working" path.
   */
  syncBudgetMs?: number;
}

/** A turn's answer before rendering. `crisisMessages`: how many leading messages are the crisis reply. */
interface Composed {
  reply: Reply;
  crisisMessages: number;
  language: Language;
  /** People the reply's content is about besides the user (a student's words in an alert). */
  subjects?: string[];
}

type Race<T> = { done: true; value: T } | { done: false };

const BODY_LIMIT = '1mb';
const STILL_WORKING_MARGIN_MS = 5000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Resolves with the value if it comes within `ms`, else `{ done: false }`; a rejection propagates. */
async function within<T>(promise: Promise<T>, ms: number): Promise<Race<T>> {
  if (ms <= 0) {
    return Promise.race([
      promise.then((value) => ({ done: true as const, value })),
      Promise.resolve({ done: false as const }),
    ]);
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Race<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ done: true as const, value })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `bot.id` from a body not parsed yet, so the secret and bot checks run before anything else. */
function rawBotId(body: unknown): string | undefined {
  if (!isObject(body) || !isObject(body.bot)) return undefined;
  return typeof body.bot.id === 'string' ? body.bot.id : undefined;
}

const IMAGE_UTTERANCE = /^사진을? 보냈습니다|^\(사진\)|\.(jpe?g|png|gif|webp|heic|heif|bmp)(\?|$)/i;

/** Creates the Kakao channel adapter (registered in bot/plugins.ts). */
export function createKakaoChannel(deps: ChannelDeps, options: KakaoChannelOptions = {}): ChannelAdapter {
  const { config, db, pipeline, log, metrics, texts, limiter, clock } = deps;
  const settleMs = options.settleMs ?? 1000;
  const callbackWindowMs = options.callbackWindowMs ?? 50_000;
  const slowWorkBudgetMs = options.slowWorkBudgetMs ?? 45_000;
  const heldTtlMs = options.heldTtlMs ?? 3 * 86_400_000;
  const overflowTtlMs = options.overflowTtlMs ?? 86_400_000;
  const taskCheckDelayMs = options.taskCheckDelayMs ?? 10_000;
  const eventJoinMs = options.eventJoinMs ?? 60_000;
  const contacts = options.contacts ?? loadContacts(fromRoot('knowledge', 'contacts.yaml'));
  const window = createDedupeWindow<Composed>({
    windowMs: options.dedupeWindowMs ?? 3000,
    now: () => clock().getTime(),
  });
  const background = new Set<Promise<unknown>>();
  const eventApi: KakaoEventApi | undefined = config.kakao.eventApi
    ? { ...config.kakao.eventApi, timeoutMs: 10_000 }
    : undefined;

  const who = (botUserKey: string): string => pseudonym(config.logHashSecret, `kakao:${botUserKey}`);

  /** Work that outlives the HTTP answer (callbacks, holding late answers); close() waits for it. */
  function inBackground(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => log.error({ err: error }, 'kakao background work failed'));
    background.add(tracked);
    void tracked.finally(() => background.delete(tracked));
  }

  // ——— storage (short statements, never across a network call) ———

  async function languageOf(botUserKey: string, fallback: Language): Promise<Language> {
    try {
      const { rows } = await db.query<{ language: Language }>(
        `SELECT p.language FROM identities i JOIN people p ON p.id = i.person_id WHERE i.channel = 'kakao' AND i.channel_user_id = $1`,
        [botUserKey],
      );
      return rows[0]?.language ?? fallback;
    } catch {
      return fallback;
    }
  }

  /**
   * Keeps an answer for the user's next message (only for a known person: deletion cascades; and
   * deleting anyone in `subjects` deletes it too).
   */
  async function hold(
    botUserKey: string,
    reply: Reply,
    reason: string,
    subjects: readonly string[] = [],
  ): Promise<boolean> {
    if (reply.messages.length === 0) return false;
    const expiresAt = new Date(clock().getTime() + heldTtlMs);
    const { rowCount } = await db.query(
      `INSERT INTO kakao_held (channel_user_id, person_id, reply, reason, expires_at, subject_ids)
       SELECT $1, person_id, $2, $3, $4, $5::uuid[] FROM identities WHERE channel = 'kakao' AND channel_user_id = $1`,
      [botUserKey, JSON.stringify(reply), reason, expiresAt, [...new Set(subjects)]],
    );
    log.info({ user: who(botUserKey), reason, held: rowCount > 0 }, 'kakao answer held for the next message');
    return rowCount > 0;
  }

  /** Takes (and deletes) the held answers, oldest first, with the people they are about. */
  async function takeHeld(botUserKey: string): Promise<{ replies: Reply[]; subjects: string[] }> {
    const { rows } = await db.query<{ id: string | number; reply: Reply; subject_ids: string[] | null }>(
      `DELETE FROM kakao_held WHERE channel_user_id = $1 AND expires_at > $2 RETURNING id, reply, subject_ids`,
      [botUserKey, clock()],
    );
    const sorted = rows.sort((a, b) => Number(a.id) - Number(b.id));
    return { replies: sorted.map((r) => r.reply), subjects: sorted.flatMap((r) => r.subject_ids ?? []) };
  }

  /** The held answers after a "놓친 메시지가 있어요" line, or null. */
  async function missedReply(
    botUserKey: string,
    language: Language,
  ): Promise<{ reply: Reply; subjects: string[] } | null> {
    const { replies: held, subjects } = await takeHeld(botUserKey);
    if (held.length === 0) return null;
    const all = joinReplies(...held);
    const header = texts[language].t('kakao.missedMessages');
    const [first, ...rest] = all.messages;
    // The notice shares the first bubble when it can: Kakao shows only three.
    const messages =
      first?.type === 'text'
        ? [{ ...first, text: `${header}\n${first.text}` }, ...rest]
        : [{ type: 'text' as const, text: header }, ...all.messages];
    return { reply: { messages, quickReplies: all.quickReplies }, subjects };
  }

  async function storeOverflow(
    botUserKey: string,
    overflow: Reply | null,
    subjects: readonly string[] = [],
  ): Promise<void> {
    if (!overflow) {
      await db.query('DELETE FROM kakao_overflow WHERE channel_user_id = $1', [botUserKey]);
      return;
    }
    await db.query(
      `INSERT INTO kakao_overflow (channel_user_id, person_id, reply, expires_at, subject_ids)
       SELECT $1, person_id, $2, $3, $4::uuid[] FROM identities WHERE channel = 'kakao' AND channel_user_id = $1
       ON CONFLICT (channel_user_id) DO UPDATE SET reply = EXCLUDED.reply, expires_at = EXCLUDED.expires_at,
         subject_ids = EXCLUDED.subject_ids, created_at = now()`,
      [
        botUserKey,
        JSON.stringify(overflow),
        new Date(clock().getTime() + overflowTtlMs),
        [...new Set(subjects)],
      ],
    );
  }

  async function takeOverflow(botUserKey: string): Promise<{ reply: Reply; subjects: string[] } | null> {
    const { rows } = await db.query<{ reply: Reply; subject_ids: string[] | null }>(
      'DELETE FROM kakao_overflow WHERE channel_user_id = $1 AND expires_at > $2 RETURNING reply, subject_ids',
      [botUserKey, clock()],
    );
    const row = rows[0];
    return row ? { reply: row.reply, subjects: row.subject_ids ?? [] } : null;
  }

  /** Renders an answer (never invalid) and keeps what did not fit for "더 보기". */
  async function finish(botUserKey: string, composed: Composed): Promise<TemplateResponse> {
    try {
      const { response, overflow } = renderKakaoResponse(
        composed.reply,
        kakaoRenderTexts(texts[composed.language]),
      );
      if (overflow) markPage(response);
      await storeOverflow(botUserKey, overflow, composed.subjects).catch((error: unknown) =>
        log.warn(
          { err: error, user: who(botUserKey) },
          'kakao overflow not stored; "더 보기" will find nothing',
        ),
      );
      return response;
    } catch (error) {
      log.error({ err: error }, 'kakao rendering failed');
      return renderKakaoApology(composed.language, texts[composed.language]);
    }
  }

  /**
   * Two "더 보기" taps a few seconds apart are the same (user, utterance, extra) to the double-tap
   * window; a page mark in the quick reply's extra keeps the second tap from getting page one again.
   */
  function markPage(response: TemplateResponse): void {
    const page = randomBytes(4).toString('base64url');
    for (const q of response.template.quickReplies ?? []) {
      if (q.extra?.postback === KAKAO_MORE_POSTBACK) q.extra = { ...q.extra, page };
    }
  }

  const textReply = (body: string): Reply => ({ messages: [{ type: 'text', text: body }], quickReplies: [] });
  const apologyComposed = (language: Language): Composed => ({
    reply: textReply(texts[language].t('kakao.apology')),
    crisisMessages: 0,
    language,
  });

  // ——— the work behind one request ———

  /** Images, files, stickers: a kind sentence, nothing stored (held answers are still shown). */
  async function mediaWork(
    payload: SkillPayload,
    facts: KakaoRequestFacts,
    kind: 'media' | 'sticker',
  ): Promise<Composed> {
    const language = await languageOf(facts.botUserKey, facts.language ?? 'ko');
    const t = texts[language];
    const params = {
      site: contacts.get('site').web ?? '',
      helpCentre: contacts.get('helpCentre').phone ?? contacts.describe('helpCentre', language),
    };
    const key =
      kind === 'sticker'
        ? 'kakao.media.sticker'
        : IMAGE_UTTERANCE.test(payload.userRequest.utterance.trim())
          ? 'kakao.media.image'
          : 'kakao.media.file';
    let reply = textReply(t.t(key, params));
    const missed = await missedReply(facts.botUserKey, language);
    if (missed) reply = joinReplies(reply, missed.reply);
    return { reply, crisisMessages: 0, language, subjects: missed?.subjects ?? [] };
  }

  /** "더 보기": the stored overflow, or null when nothing is stored (the words then go to a turn). */
  async function moreWork(facts: KakaoRequestFacts): Promise<Composed | null> {
    const overflow = await takeOverflow(facts.botUserKey);
    if (!overflow) return null;
    return {
      reply: overflow.reply,
      subjects: overflow.subjects,
      crisisMessages: 0,
      language: await languageOf(facts.botUserKey, facts.language ?? 'ko'),
    };
  }

  async function turnWork(
    event: InboundEvent,
    zero: StepZero,
    facts: KakaoRequestFacts,
    budgetMs: number,
  ): Promise<Composed> {
    const outcome = await pipeline.run(event, { slowWorkBudgetMs: budgetMs, zero });
    // isFriend decides whether the Event API can reach this user; absent means not a friend.
    await db
      .query(
        `UPDATE identities SET reachable = $2 WHERE channel = 'kakao' AND channel_user_id = $1 AND reachable <> $2`,
        [facts.botUserKey, facts.isFriend],
      )
      .catch((error: unknown) => log.warn({ err: error }, 'kakao reachability not updated'));
    const language = await languageOf(facts.botUserKey, facts.language ?? 'ko');
    let reply = outcome.reply;
    // A redelivered request (same callback token) runs no second turn; a crisis reply is still shown.
    if (outcome.status === 'duplicate' && reply.messages.length === 0) {
      reply = zero.crisisReply ?? textReply(texts[language].t('kakao.waiting'));
    }
    let subjects: string[] = [];
    if (outcome.status !== 'duplicate') {
      const missed = await missedReply(facts.botUserKey, language).catch(() => null);
      if (missed) reply = joinReplies(reply, missed.reply);
      subjects = missed?.subjects ?? [];
    }
    const crisisMessages =
      (outcome.crisis || outcome.status === 'duplicate') && zero.crisisReply
        ? zero.crisisReply.messages.length
        : 0;
    return { reply, crisisMessages, language, subjects };
  }

  /** The event block: Kakao runs it because our Event API send asked it to; serve what is queued. */
  async function eventWork(facts: KakaoRequestFacts): Promise<Composed> {
    const served = await db.query<{ id: string | number; reply: Reply; subject_id: string | null }>(
      `UPDATE kakao_event_tasks t SET served_at = $2 FROM outbox o
        WHERE o.id = t.outbox_id AND o.channel = 'kakao' AND o.channel_user_id = $1
          AND o.status IN ('pending', 'sending') AND t.served_at IS NULL
       RETURNING o.id, o.reply, o.subject_id`,
      [facts.botUserKey, clock()],
    );
    const replies = served.rows.sort((a, b) => Number(a.id) - Number(b.id)).map((r) => r.reply);
    const held = await takeHeld(facts.botUserKey);
    replies.push(...held.replies);
    const subjects = [...served.rows.flatMap((r) => (r.subject_id ? [r.subject_id] : [])), ...held.subjects];
    const language = await languageOf(facts.botUserKey, facts.language ?? 'ko');
    const reply =
      replies.length > 0 ? joinReplies(...replies) : textReply(texts[language].t('kakao.nothingNew'));
    log.info({ user: who(facts.botUserKey), served: served.rows.length }, 'kakao event block served');
    return { reply, crisisMessages: 0, language, subjects };
  }

  // ——— the deadline ———

  interface Delivery {
    facts: KakaoRequestFacts;
    arrival: number;
    /** A callback URL that passed the host check. */
    callbackUrl?: string;
    crisisReply: Reply | null;
    /** False for a double tap: the first request keeps what misses its window. */
    holdOnMiss: boolean;
  }

  /**
   * Answers inside the sync budget, whatever the work does: the finished answer if it is ready;
   * else the crisis reply (the rest held), or useCallback (the answer POSTed later), or a "still
   * working" note (the answer held for the next message).
   */
  async function deliver(work: Promise<Composed>, d: Delivery): Promise<SkillResponse> {
    const fallbackLanguage = d.facts.language ?? 'ko';
    const safe = work.catch((error: unknown) => {
      log.error({ err: error, user: who(d.facts.botUserKey) }, 'kakao turn failed');
      return apologyComposed(fallbackLanguage);
    });
    const left = (options.syncBudgetMs ?? config.kakao.syncBudgetMs) - (performance.now() - d.arrival);
    const early = await within(safe, left);
    if (early.done) return finish(d.facts.botUserKey, early.value);

    const user = d.facts.botUserKey;
    if (d.crisisReply) {
      // The crisis reply never waits for the rest of the turn.
      inBackground(
        safe.then(async (c) => {
          const rest: Reply = {
            messages: c.reply.messages.slice(c.crisisMessages),
            quickReplies: c.reply.quickReplies,
          };
          if (d.holdOnMiss) await hold(user, rest, 'crisis-rest', c.subjects);
        }),
      );
      return finish(user, {
        reply: d.crisisReply,
        crisisMessages: d.crisisReply.messages.length,
        language: fallbackLanguage,
      });
    }
    if (d.callbackUrl) {
      const ack = renderUseCallback(texts[fallbackLanguage].t('kakao.waiting'));
      inBackground(answerByCallback(safe, d, d.callbackUrl, performance.now()));
      return ack;
    }
    inBackground(
      safe.then(async (c) => {
        if (d.holdOnMiss) await hold(user, c.reply, 'sync-late', c.subjects);
      }),
    );
    return finish(user, {
      reply: textReply(texts[fallbackLanguage].t('kakao.stillWorking')),
      crisisMessages: 0,
      language: fallbackLanguage,
    });
  }

  /** The one POST to the callback URL, within the window after the request arrived. */
  async function answerByCallback(
    work: Promise<Composed>,
    d: Delivery,
    url: string,
    ackAt: number,
  ): Promise<void> {
    const user = d.facts.botUserKey;
    const deadline = d.arrival + callbackWindowMs;
    // Past this point the answer cannot be trusted to land in time: spend the URL on a notice.
    const margin = Math.min(STILL_WORKING_MARGIN_MS, callbackWindowMs / 5);
    const ready = await within(work, deadline - margin - performance.now());
    await sleep(ackAt + settleMs - performance.now());
    const language = ready.done ? ready.value.language : (d.facts.language ?? 'ko');
    const body = ready.done
      ? await finish(user, ready.value)
      : await finish(user, {
          reply: textReply(texts[language].t('kakao.stillWorking')),
          crisisMessages: 0,
          language,
        });
    const outcome = await postCallback(url, body, {
      allowedHosts: config.kakao.callbackHosts,
      // Whole milliseconds: AbortSignal.timeout throws a RangeError on a fraction.
      timeoutMs: Math.max(1000, Math.floor(deadline - performance.now())),
    });
    log.info(
      {
        user: who(user),
        ok: outcome.ok,
        reason: outcome.ok ? undefined : outcome.reason,
        taskId: outcome.reply?.taskId ?? undefined,
        late: !ready.done,
      },
      'kakao callback posted',
    );
    if (!d.holdOnMiss) return;
    if (!ready.done) {
      const late = await work;
      await hold(user, late.reply, 'callback-late', late.subjects);
    } else if (!outcome.ok) {
      await hold(user, ready.value.reply, 'callback-failed', ready.value.subjects);
    }
  }

  // ——— the route ———

  async function handle(payload: SkillPayload, arrival: number): Promise<SkillResponse> {
    const facts = readKakaoRequest(payload, { eventName: config.kakao.eventApi?.eventName });
    if (facts.event) {
      return deliver(eventWork(facts), { facts, arrival, crisisReply: null, holdOnMiss: false });
    }
    // Cut at MAX_INBOUND_CHARS here, at the channel boundary (the screen reads head and tail).
    const event = boundInbound(toInboundEvent(payload, clock()), config.maxInboundChars);
    const utterance = payload.userRequest.utterance;
    // Uploads and stickers carry no text for the turn, but whatever words arrived are screened.
    const words =
      event.text === undefined ? boundInbound({ ...event, text: utterance }, config.maxInboundChars) : event;
    const screened = pipeline.screen(words);
    const crisis = screened.crisisReply !== null;
    const key = dedupeKey(facts.botUserKey, utterance, facts.clientExtra);
    const dedupeAs = dedupeUser(facts.botUserKey);
    const callbackUrl =
      facts.callbackUrl !== undefined && checkCallbackUrl(facts.callbackUrl, config.kakao.callbackHosts).ok
        ? facts.callbackUrl
        : undefined;
    if (facts.callbackUrl !== undefined && callbackUrl === undefined) {
      log.warn({ user: who(facts.botUserKey) }, 'kakao callbackUrl host not allowed; answering offline');
    }

    if (!crisis) {
      const earlier = window.lookup(dedupeAs, key);
      if (earlier) {
        log.info({ user: who(facts.botUserKey) }, 'kakao double tap: answered from the first request');
        return deliver(earlier, { facts, arrival, callbackUrl, crisisReply: null, holdOnMiss: false });
      }
      if (!limiter.allow(`kakao:${facts.botUserKey}`)) {
        metrics.rateLimited.inc({ channel: 'kakao' });
        const language = facts.language ?? 'ko';
        return finish(facts.botUserKey, {
          reply: textReply(texts[language].t('core.rateLimited')),
          crisisMessages: 0,
          language,
        });
      }
    }

    const kind = messageKindOf(payload);
    let work: Promise<Composed>;
    if (!crisis && event.postback === undefined && (kind === 'media' || kind === 'sticker')) {
      work = mediaWork(payload, facts, kind);
    } else {
      // A risk hit in a sticker's or an upload's words is a text turn: the crisis path must run.
      const turnEvent: InboundEvent = event.text === undefined ? { ...words, kind: 'text' } : event;
      const budget = crisis || !callbackUrl ? 0 : slowWorkBudgetMs;
      work =
        isMore(turnEvent) && !crisis
          ? moreOrTurn(turnEvent, screened, facts, budget)
          : turnWork(turnEvent, screened, facts, budget);
    }
    // A crisis turn is remembered too (it is the user's latest request), but never looked up.
    window.remember(dedupeAs, key, work);
    return deliver(work, {
      facts,
      arrival,
      callbackUrl,
      crisisReply: screened.crisisReply,
      holdOnMiss: true,
    });
  }

  function isMore(event: InboundEvent): boolean {
    if (event.postback === KAKAO_MORE_POSTBACK) return true;
    const typed = event.postback === undefined ? event.text?.trim() : undefined;
    return typed !== undefined && (typed === texts.ko.t('kakao.more') || typed === texts.en.t('kakao.more'));
  }

  async function moreOrTurn(
    event: InboundEvent,
    zero: StepZero,
    facts: KakaoRequestFacts,
    budget: number,
  ): Promise<Composed> {
    const more = await moreWork(facts);
    if (more) return more;
    // Nothing stored (expired, or already shown): the words go to an ordinary turn.
    const { postback: _postback, ...rest } = event;
    return turnWork({ ...rest, kind: 'text' }, zero, facts, budget);
  }

  const router: Router = express.Router();
  // The secret first, before the body is even read: a caller without it learns nothing, not even
  // whether its JSON parses, and costs us no parsing of up to a megabyte.
  router.use((req, _res, next) => {
    const secret = checkKakaoAuth(
      { secretHeader: req.headers[KAKAO_SECRET_HEADER], botId: undefined },
      { skillSecret: config.kakao.skillSecret, botId: undefined },
    );
    if (!secret.ok) throw new HttpError(secret.status, secret.reason);
    next();
  });
  router.use(express.json({ limit: BODY_LIMIT, type: () => true }));
  router.post('/', async (req, res) => {
    const arrival = performance.now();
    // NUL and lone surrogates cannot be stored: cleaned in every string before anything reads them.
    const body: unknown = storableJson(req.body);
    const secretHeader = req.headers[KAKAO_SECRET_HEADER];
    if (!isObject(body)) throw new HttpError(400, 'body must be a JSON object (a Kakao SkillPayload)');
    const auth = checkKakaoAuth({ secretHeader, botId: rawBotId(body) }, config.kakao);
    if (!auth.ok) throw new HttpError(auth.status, auth.reason);
    const parsed = parseSkillPayload(body);
    if (!parsed.ok) throw new HttpError(400, parsed.reason);
    let answer: SkillResponse;
    try {
      answer = await handle(parsed.payload, arrival);
    } catch (error) {
      log.error({ err: error }, 'kakao request failed');
      answer = renderKakaoApology(parsed.payload.userRequest.lang === 'en' ? 'en' : 'ko');
    }
    res.status(200).json(answer);
  });

  // ——— proactive messages ———

  const held = (reason: string): SendResult => ({ status: 'accepted', receipt: `kakao:held:${reason}` });

  async function holdRow(row: OutboxRow, reason: string): Promise<SendResult> {
    const kept = await hold(row.channelUserId, row.reply, reason, row.subjectId ? [row.subjectId] : []);
    return kept ? held(reason) : { status: 'failed', reason: 'kakao: no such user to hold the message for' };
  }

  const sender: ChannelSender = {
    sendMany,
    groupBy: 'purpose',
    async send(row, now) {
      if (!eventApi) return holdRow(row, 'proactive');
      const task = await db.query<{ task_id: string; served_at: Date | null }>(
        'SELECT task_id, served_at FROM kakao_event_tasks WHERE outbox_id = $1',
        [row.id],
      );
      const sent = task.rows[0];
      if (!sent) return sendEvent(eventApi, row, now);
      let status;
      try {
        status = await getKakaoTask(eventApi, sent.task_id);
      } catch (error) {
        return {
          status: 'retry',
          error: `kakao task status: ${error instanceof Error ? error.message : 'error'}`,
          retryAfterMs: taskCheckDelayMs,
        };
      }
      if (status.allSucceeded && sent.served_at) {
        return { status: 'accepted', receipt: `kakao-task:${sent.task_id}` };
      }
      // Reached Kakao but not served by our event block, or Kakao reports a failure: next message.
      if (status.allSucceeded || /FAIL/i.test(status.status)) {
        return holdRow(row, `event-${status.allSucceeded ? 'unserved' : 'failed'}`);
      }
      return { status: 'retry', error: `kakao task ${status.status}`, retryAfterMs: taskCheckDelayMs };
    },
  };

  /** What a task's status means for one row of it (the semantics of `send` above, per user). */
  function afterTask(
    row: OutboxRow,
    taskId: string,
    servedAt: Date | null,
    status: KakaoTaskStatus,
  ): Promise<SendResult> | SendResult {
    // With several users in one task, only the users Kakao lists as failed failed (all, if it lists none).
    const failedHere =
      /FAIL/i.test(status.status) &&
      !status.allSucceeded &&
      (status.failedUserIds.length === 0 || status.failedUserIds.includes(row.channelUserId));
    const reached = status.allSucceeded || (/FAIL/i.test(status.status) && !failedHere);
    if (reached && servedAt) return { status: 'accepted', receipt: `kakao-task:${taskId}` };
    if (reached || failedHere) return holdRow(row, `event-${reached ? 'unserved' : 'failed'}`);
    return { status: 'retry', error: `kakao task ${status.status}`, retryAfterMs: taskCheckDelayMs };
  }

  /**
   * Many rows at once (the quiz fan-out): one task-status check per task, and new sends batched
   * up to 100 botUserKeys per Event API call. A call that fails leaves every row of it to retry.
   */
  async function sendMany(
    rows: OutboxRow[],
    now: Date,
    context: SendContext,
  ): Promise<Map<string, SendResult>> {
    const results = new Map<string, SendResult>();
    const api = eventApi;
    if (!api) {
      for (const row of rows) results.set(row.id, await holdRow(row, 'proactive'));
      return results;
    }
    const tasks = await db.query<{ outbox_id: string; task_id: string; served_at: Date | null }>(
      'SELECT outbox_id::text AS outbox_id, task_id, served_at FROM kakao_event_tasks WHERE outbox_id = ANY($1::bigint[])',
      [rows.map((r) => r.id)],
    );
    const taskOf = new Map(tasks.rows.map((t) => [t.outbox_id, t]));
    const byTask = new Map<string, OutboxRow[]>();
    const fresh: OutboxRow[] = [];
    for (const row of rows) {
      const task = taskOf.get(row.id);
      if (!task) fresh.push(row);
      else byTask.set(task.task_id, [...(byTask.get(task.task_id) ?? []), row]);
    }
    for (const [taskId, waiting] of byTask) {
      await context.pace();
      let status: KakaoTaskStatus;
      try {
        status = await getKakaoTask(api, taskId);
      } catch (error) {
        const error_ = `kakao task status: ${error instanceof Error ? error.message : 'error'}`;
        for (const row of waiting)
          results.set(row.id, { status: 'retry', error: error_, retryAfterMs: taskCheckDelayMs });
        continue;
      }
      for (const row of waiting)
        results.set(row.id, await afterTask(row, taskId, taskOf.get(row.id)?.served_at ?? null, status));
    }
    if (fresh.length === 0) return results;

    const users = [...new Set(fresh.map((r) => r.channelUserId))];
    // The worker's claim brings reachability; look up only rows that came without it.
    const reachable = new Set(fresh.filter((r) => r.reachable === true).map((r) => r.channelUserId));
    const unknown = [...new Set(fresh.filter((r) => r.reachable === undefined).map((r) => r.channelUserId))];
    if (unknown.length > 0) {
      const friends = await db.query<{ channel_user_id: string }>(
        `SELECT channel_user_id FROM identities WHERE channel = 'kakao' AND channel_user_id = ANY($1::text[]) AND reachable`,
        [unknown],
      );
      for (const r of friends.rows) reachable.add(r.channel_user_id);
    }
    // One event serves everything queued for a user: join a send not yet served.
    const pending = await db.query<{ channel_user_id: string; task_id: string }>(
      `SELECT DISTINCT ON (o.channel_user_id) o.channel_user_id, t.task_id
         FROM kakao_event_tasks t JOIN outbox o ON o.id = t.outbox_id
        WHERE o.channel = 'kakao' AND o.channel_user_id = ANY($1::text[]) AND t.served_at IS NULL AND t.sent_at > $2`,
      [users, new Date(now.getTime() - eventJoinMs)],
    );
    const joined = new Map(pending.rows.map((r) => [r.channel_user_id, r.task_id]));
    const taskFor = new Map<string, string>();
    const toSend: string[] = [];
    const queued = new Set<string>();
    for (const row of fresh) {
      const user = row.channelUserId;
      if (!reachable.has(user)) {
        // Only channel friends can be reached by the Event API.
        results.set(row.id, await holdRow(row, 'not-a-friend'));
        continue;
      }
      const known = joined.get(user);
      if (known) taskFor.set(user, known);
      else if (!queued.has(user)) {
        queued.add(user);
        toSend.push(user);
      }
    }
    const outcomeFor = new Map<string, SendResult | 'refused'>();
    for (let i = 0; i < toSend.length; i += KAKAO_EVENT_MAX_USERS) {
      const chunk = toSend.slice(i, i + KAKAO_EVENT_MAX_USERS);
      await context.pace();
      try {
        const { taskId } = await sendKakaoEvent(api, chunk);
        metrics.kakaoProactive.inc(chunk.length);
        for (const user of chunk) taskFor.set(user, taskId);
      } catch (error) {
        const refused =
          error instanceof KakaoEventApiError &&
          error.httpStatus !== null &&
          error.httpStatus >= 400 &&
          error.httpStatus < 500 &&
          error.httpStatus !== 429;
        const result: SendResult | 'refused' = refused
          ? 'refused'
          : { status: 'retry', error: error instanceof Error ? error.message : 'kakao event send failed' };
        for (const user of chunk) outcomeFor.set(user, result);
      }
    }
    const recorded = fresh.filter((r) => !results.has(r.id) && taskFor.has(r.channelUserId));
    if (recorded.length > 0) {
      await db.query(
        `INSERT INTO kakao_event_tasks (outbox_id, task_id, sent_at)
         SELECT x.outbox_id, x.task_id, $3 FROM unnest($1::bigint[], $2::text[]) AS x(outbox_id, task_id)
         ON CONFLICT (outbox_id) DO NOTHING`,
        [recorded.map((r) => r.id), recorded.map((r) => taskFor.get(r.channelUserId)!), now],
      );
    }
    for (const row of fresh) {
      if (results.has(row.id)) continue;
      const outcome = outcomeFor.get(row.channelUserId);
      if (outcome === 'refused') results.set(row.id, await holdRow(row, 'event-refused'));
      else if (outcome) results.set(row.id, outcome);
      else
        results.set(row.id, {
          status: 'retry',
          error: 'kakao event sent; waiting for the task status',
          retryAfterMs: taskCheckDelayMs,
        });
    }
    return results;
  }

  async function sendEvent(api: KakaoEventApi, row: OutboxRow, now: Date): Promise<SendResult> {
    const identity = await db.query<{ reachable: boolean }>(
      `SELECT reachable FROM identities WHERE channel = 'kakao' AND channel_user_id = $1`,
      [row.channelUserId],
    );
    // Only channel friends can be reached by the Event API.
    if (!identity.rows[0]?.reachable) return holdRow(row, 'not-a-friend');
    // One event serves everything queued for the user: join a send not yet served.
    const pending = await db.query<{ task_id: string }>(
      `SELECT t.task_id FROM kakao_event_tasks t JOIN outbox o ON o.id = t.outbox_id
        WHERE o.channel = 'kakao' AND o.channel_user_id = $1 AND t.served_at IS NULL AND t.sent_at > $2 LIMIT 1`,
      [row.channelUserId, new Date(now.getTime() - eventJoinMs)],
    );
    let taskId = pending.rows[0]?.task_id;
    if (!taskId) {
      try {
        taskId = (await sendKakaoEvent(api, [row.channelUserId])).taskId;
      } catch (error) {
        const refused =
          error instanceof KakaoEventApiError &&
          error.httpStatus !== null &&
          error.httpStatus >= 400 &&
          error.httpStatus < 500 &&
          error.httpStatus !== 429;
        if (refused) return holdRow(row, 'event-refused');
        return { status: 'retry', error: error instanceof Error ? error.message : 'kakao event send failed' };
      }
      metrics.kakaoProactive.inc();
    }
    await db.query(
      'INSERT INTO kakao_event_tasks (outbox_id, task_id, sent_at) VALUES ($1, $2, $3) ON CONFLICT (outbox_id) DO NOTHING',
      [row.id, taskId, now],
    );
    return {
      status: 'retry',
      error: 'kakao event sent; waiting for the task status',
      retryAfterMs: taskCheckDelayMs,
    };
  }

  return {
    channel: 'kakao',
    routes: { path: '/webhooks/kakao', router },
    sender,
    async runDue(now) {
      // Text is kept only while it can still be shown.
      await db.query('DELETE FROM kakao_held WHERE expires_at <= $1', [now]);
      await db.query('DELETE FROM kakao_overflow WHERE expires_at <= $1', [now]);
    },
    async close() {
      // Callbacks in flight still have their one-time URL: let them land (bounded by the window).
      await within(Promise.allSettled([...background]), callbackWindowMs + 5000);
    },
  };
}
