import type { ChannelAdapter, ChannelDeps } from '../../bot/channel';
import { loadContacts, type Contacts } from '../../bot/contacts';
import { pseudonym } from '../../bot/logger';
import { fromRoot } from '../../bot/paths';
import { createFinisher } from './answer';
import { createDeadline, within } from './deadline';
import type { KakaoEventApi } from './event-api';
import { createKakaoEventSender } from './event-sender';
import { createKakaoHeldStore } from './held-store';
import { createSkillRoute } from './skill-route';

/**
 * The KakaoTalk channel: the Open Builder skill at POST /webhooks/kakao (skill-route.ts), the 5 s
 * deadline with the AI-chatbot callback (deadline.ts), "더 보기" pages and held answers
 * (held-store.ts), and proactive messages through the Event API (event-sender.ts). It only
 * translates: turns run in the host pipeline.
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

/** Creates the Kakao channel adapter (registered in bot/plugins.ts). */
export function createKakaoChannel(deps: ChannelDeps, options: KakaoChannelOptions = {}): ChannelAdapter {
  const { config, log, texts } = deps;
  const callbackWindowMs = options.callbackWindowMs ?? 50_000;
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

  const store = createKakaoHeldStore({
    db: deps.db,
    log,
    texts,
    clock: deps.clock,
    heldTtlMs: options.heldTtlMs ?? 3 * 86_400_000,
    overflowTtlMs: options.overflowTtlMs ?? 86_400_000,
    who,
  });
  const finish = createFinisher({ texts, log, store, who });
  const deliver = createDeadline({
    texts,
    log,
    store,
    finish,
    inBackground,
    who,
    syncBudgetMs: options.syncBudgetMs ?? config.kakao.syncBudgetMs,
    callbackWindowMs,
    settleMs: options.settleMs ?? 1000,
    callbackHosts: config.kakao.callbackHosts,
  });
  const { sender, serveEventBlock } = createKakaoEventSender({
    ...deps,
    store,
    eventApi,
    taskCheckDelayMs: options.taskCheckDelayMs ?? 10_000,
    eventJoinMs: options.eventJoinMs ?? 60_000,
    who,
  });
  const router = createSkillRoute({
    ...deps,
    contacts: options.contacts ?? loadContacts(fromRoot('knowledge', 'contacts.yaml')),
    store,
    finish,
    deliver,
    serveEventBlock,
    who,
    slowWorkBudgetMs: options.slowWorkBudgetMs ?? 45_000,
    dedupeWindowMs: options.dedupeWindowMs ?? 3000,
  });

  return {
    channel: 'kakao',
    routes: { path: '/webhooks/kakao', router },
    sender,
    // Text is kept only while it can still be shown.
    runDue: (now) => store.sweep(now),
    async close() {
      // Callbacks in flight still have their one-time URL: let them land (bounded by the window).
      await within(Promise.allSettled([...background]), callbackWindowMs + 5000);
    },
  };
}
