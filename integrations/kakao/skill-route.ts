import { performance } from 'node:perf_hooks';
import express, { type Router } from 'express';
import type { ChannelDeps } from '../../bot/channel';
import type { Contacts } from '../../bot/contacts';
import { joinReplies, textReply } from '../../bot/dialog/reply';
import type { InboundEvent } from '../../bot/events';
import { HttpError } from '../../bot/http-errors';
import { boundInbound, storableJson } from '../../bot/inbound';
import type { StepZero } from '../../bot/pipeline';
import type { TextsByLanguage } from '../../bot/texts-loader';
import { sentenceComposed, type Composed } from './answer';
import { checkKakaoAuth, KAKAO_SECRET_HEADER } from './auth';
import { checkCallbackUrl } from './callback';
import type { Delivery } from './deadline';
import { createDedupeWindow, dedupeKey, dedupeUser } from './dedupe-window';
import type { KakaoHeldStore } from './held-store';
import { KAKAO_MORE_POSTBACK, renderKakaoApology } from './render';
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
 * POST /webhooks/kakao: the Open Builder skill. Checks the secret and the bot, reads the payload,
 * screens the words, answers a double tap from the first request, and picks the work behind the
 * request (a turn, "더 보기", a media sentence or the event block); the deadline decides how the
 * answer goes out.
 */

const BODY_LIMIT = '1mb';
const IMAGE_UTTERANCE = /^사진을? 보냈습니다|^\(사진\)|\.(jpe?g|png|gif|webp|heic|heif|bmp)(\?|$)/i;

export interface SkillRouteDeps extends Pick<
  ChannelDeps,
  'config' | 'db' | 'pipeline' | 'log' | 'metrics' | 'texts' | 'limiter' | 'clock'
> {
  contacts: Contacts;
  store: Pick<KakaoHeldStore, 'missedReply' | 'takeOverflow' | 'languageOf'>;
  finish: (botUserKey: string, composed: Composed) => Promise<TemplateResponse>;
  deliver: (work: Promise<Composed>, d: Delivery) => Promise<SkillResponse>;
  serveEventBlock: (facts: KakaoRequestFacts) => Promise<Composed>;
  who: (botUserKey: string) => string;
  /** LLM budget of a callback-enabled turn. */
  slowWorkBudgetMs: number;
  /** Double-tap window (dedupe-window.ts). */
  dedupeWindowMs: number;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `bot.id` from a body not parsed yet, so the secret and bot checks run before anything else. */
export function rawBotId(body: unknown): string | undefined {
  if (!isObject(body) || !isObject(body.bot)) return undefined;
  return typeof body.bot.id === 'string' ? body.bot.id : undefined;
}

/** Which media sentence an upload gets: a sticker, a picture (by its words or file name), or a file. */
export function mediaSentenceKey(kind: 'media' | 'sticker', utterance: string): string {
  if (kind === 'sticker') return 'kakao.media.sticker';
  return IMAGE_UTTERANCE.test(utterance.trim()) ? 'kakao.media.image' : 'kakao.media.file';
}

/** isFriend decides whether the Event API can reach this user; absent means not a friend. */
async function updateReachable(
  deps: Pick<SkillRouteDeps, 'db' | 'log'>,
  facts: KakaoRequestFacts,
): Promise<void> {
  await deps.db
    .query(
      `UPDATE identities SET reachable = $2 WHERE channel = 'kakao' AND channel_user_id = $1 AND reachable <> $2`,
      [facts.botUserKey, facts.isFriend],
    )
    .catch((error: unknown) => deps.log.warn({ err: error }, 'kakao reachability not updated'));
}

/** The callback URL when its host is allowed; else the answer goes offline (logged). */
function allowedCallback(
  deps: Pick<SkillRouteDeps, 'config' | 'log' | 'who'>,
  facts: KakaoRequestFacts,
): string | undefined {
  if (facts.callbackUrl === undefined) return undefined;
  if (checkCallbackUrl(facts.callbackUrl, deps.config.kakao.callbackHosts).ok) return facts.callbackUrl;
  deps.log.warn(
    { user: deps.who(facts.botUserKey) },
    'kakao callbackUrl host not allowed; answering offline',
  );
  return undefined;
}

/** "더 보기", tapped or typed in Korean or English. */
export function isMoreRequest(texts: TextsByLanguage, event: InboundEvent): boolean {
  if (event.postback === KAKAO_MORE_POSTBACK) return true;
  const typed = event.postback === undefined ? event.text?.trim() : undefined;
  return typed !== undefined && (typed === texts.ko.t('kakao.more') || typed === texts.en.t('kakao.more'));
}

/** Creates the skill's express router. */
export function createSkillRoute(deps: SkillRouteDeps): Router {
  const { config, pipeline, log, metrics, texts, limiter, clock, store } = deps;
  const window = createDedupeWindow<Composed>({
    windowMs: deps.dedupeWindowMs,
    now: () => clock().getTime(),
  });

  /** Images, files, stickers: a kind sentence, nothing stored (held answers are still shown). */
  async function mediaWork(
    payload: SkillPayload,
    facts: KakaoRequestFacts,
    kind: 'media' | 'sticker',
  ): Promise<Composed> {
    const language = await store.languageOf(facts.botUserKey, facts.language ?? 'ko');
    const params = {
      site: deps.contacts.get('site').web ?? '',
      helpCentre: deps.contacts.get('helpCentre').phone ?? deps.contacts.describe('helpCentre', language),
    };
    let reply = textReply(texts[language].t(mediaSentenceKey(kind, payload.userRequest.utterance), params));
    const missed = await store.missedReply(facts.botUserKey, language);
    if (missed) reply = joinReplies(reply, missed.reply);
    return { reply, crisisMessages: 0, language, subjects: missed?.subjects ?? [] };
  }

  async function turnWork(
    event: InboundEvent,
    zero: StepZero,
    facts: KakaoRequestFacts,
    budgetMs: number,
  ): Promise<Composed> {
    const outcome = await pipeline.run(event, { slowWorkBudgetMs: budgetMs, zero });
    await updateReachable(deps, facts);
    const language = await store.languageOf(facts.botUserKey, facts.language ?? 'ko');
    const duplicate = outcome.status === 'duplicate';
    let reply = outcome.reply;
    // A redelivered request (same callback token) runs no second turn; a crisis reply is still shown.
    if (duplicate && reply.messages.length === 0) {
      reply = zero.crisisReply ?? textReply(texts[language].t('kakao.waiting'));
    }
    const missed = duplicate ? null : await store.missedReply(facts.botUserKey, language).catch(() => null);
    if (missed) reply = joinReplies(reply, missed.reply);
    const crisisMessages =
      (outcome.crisis || duplicate) && zero.crisisReply ? zero.crisisReply.messages.length : 0;
    return { reply, crisisMessages, language, subjects: missed?.subjects ?? [] };
  }

  /** "더 보기": the stored overflow, else the words go to an ordinary turn (expired, or already shown). */
  async function moreOrTurn(
    event: InboundEvent,
    zero: StepZero,
    facts: KakaoRequestFacts,
    budget: number,
  ): Promise<Composed> {
    const overflow = await store.takeOverflow(facts.botUserKey);
    if (overflow) {
      const language = await store.languageOf(facts.botUserKey, facts.language ?? 'ko');
      return { reply: overflow.reply, subjects: overflow.subjects, crisisMessages: 0, language };
    }
    const { postback: _postback, ...rest } = event;
    return turnWork({ ...rest, kind: 'text' }, zero, facts, budget);
  }

  /** The work behind a request that is not an event block. */
  function workFor(
    payload: SkillPayload,
    event: InboundEvent,
    words: InboundEvent,
    zero: StepZero,
    facts: KakaoRequestFacts,
    callbackUrl: string | undefined,
  ): Promise<Composed> {
    const crisis = zero.crisisReply !== null;
    const kind = messageKindOf(payload);
    if (!crisis && event.postback === undefined && (kind === 'media' || kind === 'sticker')) {
      return mediaWork(payload, facts, kind);
    }
    // A risk hit in a sticker's or an upload's words is a text turn: the crisis path must run.
    const turnEvent: InboundEvent = event.text === undefined ? { ...words, kind: 'text' } : event;
    const budget = crisis || !callbackUrl ? 0 : deps.slowWorkBudgetMs;
    return isMoreRequest(texts, turnEvent) && !crisis
      ? moreOrTurn(turnEvent, zero, facts, budget)
      : turnWork(turnEvent, zero, facts, budget);
  }

  async function handle(payload: SkillPayload, arrival: number): Promise<SkillResponse> {
    const facts = readKakaoRequest(payload, { eventName: config.kakao.eventApi?.eventName });
    if (facts.event) {
      return deps.deliver(deps.serveEventBlock(facts), {
        facts,
        arrival,
        crisisReply: null,
        holdOnMiss: false,
      });
    }
    // Cut at MAX_INBOUND_CHARS here, at the channel boundary (the screen reads head and tail).
    const event = boundInbound(toInboundEvent(payload, clock()), config.maxInboundChars);
    const utterance = payload.userRequest.utterance;
    // Uploads and stickers carry no text for the turn, but whatever words arrived are screened.
    const words =
      event.text === undefined ? boundInbound({ ...event, text: utterance }, config.maxInboundChars) : event;
    const screened = pipeline.screen(words);
    const key = dedupeKey(facts.botUserKey, utterance, facts.clientExtra);
    const dedupeAs = dedupeUser(facts.botUserKey);
    const callbackUrl = allowedCallback(deps, facts);

    if (screened.crisisReply === null) {
      const earlier = window.lookup(dedupeAs, key);
      if (earlier) {
        log.info({ user: deps.who(facts.botUserKey) }, 'kakao double tap: answered from the first request');
        return deps.deliver(earlier, { facts, arrival, callbackUrl, crisisReply: null, holdOnMiss: false });
      }
      if (!limiter.allow(`kakao:${facts.botUserKey}`)) {
        metrics.rateLimited.inc({ channel: 'kakao' });
        return deps.finish(
          facts.botUserKey,
          sentenceComposed(texts, facts.language ?? 'ko', 'core.rateLimited'),
        );
      }
    }
    const work = workFor(payload, event, words, screened, facts, callbackUrl);
    // A crisis turn is remembered too (it is the user's latest request), but never looked up.
    window.remember(dedupeAs, key, work);
    return deps.deliver(work, {
      facts,
      arrival,
      callbackUrl,
      crisisReply: screened.crisisReply,
      holdOnMiss: true,
    });
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
    if (!isObject(body)) throw new HttpError(400, 'body must be a JSON object (a Kakao SkillPayload)');
    const auth = checkKakaoAuth(
      { secretHeader: req.headers[KAKAO_SECRET_HEADER], botId: rawBotId(body) },
      config.kakao,
    );
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
  return router;
}
