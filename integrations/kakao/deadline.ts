import { performance } from 'node:perf_hooks';
import type { Logger } from '../../bot/logger';
import type { Reply } from '../../bot/messages';
import type { TextsByLanguage } from '../../bot/texts-loader';
import { sentenceComposed, type Composed } from './answer';
import { postCallback } from './callback';
import type { KakaoHeldStore } from './held-store';
import { renderUseCallback } from './render';
import type { SkillResponse, TemplateResponse } from './response-schema';
import type { KakaoRequestFacts } from './skill-payload';

/**
 * Kakao's 5-second deadline: a skill request is answered inside the sync budget whatever the work
 * does. What misses it goes by the AI-chatbot callback, or is held for the user's next message.
 */

type Race<T> = { done: true; value: T } | { done: false };

const STILL_WORKING_MARGIN_MS = 5000;

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Resolves with the value if it comes within `ms`, else `{ done: false }`; a rejection propagates. */
export async function within<T>(promise: Promise<T>, ms: number): Promise<Race<T>> {
  const settled = promise.then((value) => ({ done: true as const, value }));
  if (ms <= 0) return Promise.race([settled, Promise.resolve({ done: false as const })]);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Race<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One request's delivery terms. */
export interface Delivery {
  facts: KakaoRequestFacts;
  /** `performance.now()` when the request arrived. */
  arrival: number;
  /** A callback URL that passed the host check. */
  callbackUrl?: string;
  crisisReply: Reply | null;
  /** False for a double tap: the first request keeps what misses its window. */
  holdOnMiss: boolean;
}

export interface DeadlineDeps {
  texts: TextsByLanguage;
  log: Logger;
  store: Pick<KakaoHeldStore, 'hold'>;
  finish: (botUserKey: string, composed: Composed) => Promise<TemplateResponse>;
  /** Work that outlives the HTTP answer; the channel's close() waits for it. */
  inBackground: (work: Promise<unknown>) => void;
  who: (botUserKey: string) => string;
  /** The sync budget (KAKAO_SYNC_BUDGET_MS or the channel option). */
  syncBudgetMs: number;
  /** The callback must land within this long of the request's arrival. */
  callbackWindowMs: number;
  /** Wait after the useCallback acknowledgement before POSTing. */
  settleMs: number;
  callbackHosts: readonly string[];
}

/** Returns `deliver(work, delivery)`: the answer to send now, with whatever comes later arranged. */
export function createDeadline(
  deps: DeadlineDeps,
): (work: Promise<Composed>, d: Delivery) => Promise<SkillResponse> {
  const { texts, log, store, finish, inBackground } = deps;

  /**
   * The finished answer if it is ready; else the crisis reply (the rest held), or useCallback (the
   * answer POSTed later), or a "still working" note (the answer held for the next message).
   */
  async function deliver(work: Promise<Composed>, d: Delivery): Promise<SkillResponse> {
    const language = d.facts.language ?? 'ko';
    const user = d.facts.botUserKey;
    const safe = work.catch((error: unknown) => {
      log.error({ err: error, user: deps.who(user) }, 'kakao turn failed');
      return sentenceComposed(texts, language, 'kakao.apology');
    });
    const early = await within(safe, deps.syncBudgetMs - (performance.now() - d.arrival));
    if (early.done) return finish(user, early.value);
    if (d.crisisReply) return crisisFirst(safe, d, d.crisisReply);
    if (d.callbackUrl) {
      inBackground(answerByCallback(safe, d, d.callbackUrl, performance.now()));
      return renderUseCallback(texts[language].t('kakao.waiting'));
    }
    inBackground(holdWhenDone(safe, d, 'sync-late'));
    return finish(user, sentenceComposed(texts, language, 'kakao.stillWorking'));
  }

  /** The crisis reply never waits for the rest of the turn: that part is held. */
  function crisisFirst(work: Promise<Composed>, d: Delivery, crisisReply: Reply): Promise<TemplateResponse> {
    inBackground(
      work.then(async (c) => {
        const rest: Reply = {
          messages: c.reply.messages.slice(c.crisisMessages),
          quickReplies: c.reply.quickReplies,
        };
        if (d.holdOnMiss) await store.hold(d.facts.botUserKey, rest, 'crisis-rest', c.subjects);
      }),
    );
    return finish(d.facts.botUserKey, {
      reply: crisisReply,
      crisisMessages: crisisReply.messages.length,
      language: d.facts.language ?? 'ko',
    });
  }

  async function holdWhenDone(work: Promise<Composed>, d: Delivery, reason: string): Promise<void> {
    const c = await work;
    if (d.holdOnMiss) await store.hold(d.facts.botUserKey, c.reply, reason, c.subjects);
  }

  /** The one POST to the callback URL, within the window after the request arrived. */
  async function answerByCallback(
    work: Promise<Composed>,
    d: Delivery,
    url: string,
    ackAt: number,
  ): Promise<void> {
    const user = d.facts.botUserKey;
    const deadline = d.arrival + deps.callbackWindowMs;
    // Past this point the answer cannot be trusted to land in time: spend the URL on a notice.
    const margin = Math.min(STILL_WORKING_MARGIN_MS, deps.callbackWindowMs / 5);
    const ready = await within(work, deadline - margin - performance.now());
    await sleep(ackAt + deps.settleMs - performance.now());
    const body = await finish(
      user,
      ready.done ? ready.value : sentenceComposed(texts, d.facts.language ?? 'ko', 'kakao.stillWorking'),
    );
    const outcome = await postCallback(url, body, {
      allowedHosts: deps.callbackHosts,
      // Whole milliseconds: AbortSignal.timeout throws a RangeError on a fraction.
      timeoutMs: Math.max(1000, Math.floor(deadline - performance.now())),
    });
    log.info(
      {
        user: deps.who(user),
        ok: outcome.ok,
        reason: outcome.ok ? undefined : outcome.reason,
        taskId: outcome.reply?.taskId ?? undefined,
        late: !ready.done,
      },
      'kakao callback posted',
    );
    if (!d.holdOnMiss) return;
    if (!ready.done) await holdWhenDone(work, d, 'callback-late');
    else if (!outcome.ok) await store.hold(user, ready.value.reply, 'callback-failed', ready.value.subjects);
  }

  return deliver;
}
