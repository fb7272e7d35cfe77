import type { ChannelAdapter, ChannelDeps } from '../../bot/channel';
import { pseudonym } from '../../bot/logger';
import type { ChannelSender } from '../../bot/outbox-worker';
import { createCrisisNotes } from './crisis-notes';
import { createLineDeliver } from './deliver';
import { createLineInboundStore } from './inbound-store';
import { createLineOutboxSender } from './outbound';
import { createLineProcessor } from './process-event';
import { createLineRecovery } from './recovery';
import { createLineSender, type LineSender } from './sender';
import { createLineUserQueue } from './user-queue';
import { createLineWebhook } from './webhook';

/**
 * The LINE channel: POST /webhooks/line verifies the signature on the raw bytes, writes every
 * event to the inbound log and only then answers 200 (webhook.ts, inbound-store.ts); events are
 * processed after the answer, one user at a time in `timestamp` order (user-queue.ts,
 * process-event.ts). Replies go out with the reply token while it is fresh and are pushed
 * otherwise (deliver.ts); every reply is first an outbox row (the pipeline's durable reply), so a
 * crash between "decided" and "sent" ends in a push with a stable retry key, not in silence
 * (outbound.ts, recovery.ts).
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

const DAY_MS = 86_400_000;

/** Creates the LINE channel adapter (routes, outbox sender, recovery of orphaned events). */
export function createLineChannel(deps: ChannelDeps, options: LineChannelOptions = {}): LineChannel {
  const { db, log, clock, config } = deps;
  const line = config.line;
  const sender: LineSender | undefined = line
    ? createLineSender({
        channelAccessToken: line.channelAccessToken,
        baseURL: line.apiBaseUrl,
        timeoutMs: options.sendTimeoutMs,
      })
    : undefined;
  const who = (userId: string): string => pseudonym(config.logHashSecret, `line:${userId}`);
  let closed = false;

  const crisis = createCrisisNotes({ ...deps, sender, who });
  const delivery = createLineDeliver({
    ...deps,
    sender,
    crisis,
    who,
    replyWindowMs: options.replyWindowMs ?? 50_000,
    overflowTtlMs: options.overflowTtlMs ?? DAY_MS,
  });
  const channelSender: ChannelSender | undefined =
    sender && createLineOutboxSender({ ...deps, sender, render: delivery.render });
  const processOne = createLineProcessor({
    ...deps,
    sender,
    crisis,
    delivery,
    who,
    graceMs: options.durableReplyGraceMs ?? 60_000,
    loadingAfterMs: options.loadingAfterMs ?? 2_000,
    slowWorkBudgetMs: options.slowWorkBudgetMs ?? (config.llm ? 20_000 : 0),
  });
  const queue = createLineUserQueue({ log, who, processOne });
  const recovery = createLineRecovery({
    recoverAfterMs: options.recoverAfterMs ?? 60_000,
    active: () => !closed && line !== undefined,
    queuedIds: queue.queuedIds,
    schedule: (items) => queue.schedule(items, false),
  });

  function processLive(fresh: Parameters<typeof queue.schedule>[0]): void {
    const hook = options.afterStored;
    if (!hook) {
      void queue.schedule(fresh, true);
      return;
    }
    const ids = fresh.map((f) => f.event.channelEventId);
    queue.track(Promise.resolve(hook(ids)).then(() => void queue.schedule(fresh, true)));
  }

  const router = createLineWebhook({
    config,
    log,
    clock,
    maxBodyBytes: options.maxBodyBytes,
    store: createLineInboundStore({ db, log, crisisSentFor: crisis.has }),
    process: processLive,
    crisisWithoutDatabase: (item) => queue.track(crisis.sendWithoutDatabase(item)),
  });

  const startup =
    line && options.recoverOnStart !== false
      ? new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => deps.pipeline.recover(clock(), [recovery], { ownEvents: false }))
          .then(
            () => undefined,
            (error: unknown) => log.warn({ err: error }, 'LINE start-up recovery failed'),
          )
      : Promise.resolve();

  return {
    channel: 'line',
    routes: { path: '/webhooks/line', router },
    ...(channelSender ? { sender: channelSender } : {}),
    recovery,
    async runDue(now) {
      await db.query('DELETE FROM line_overflow WHERE expires_at <= $1', [now]);
      await db.query(
        'DELETE FROM line_message_ids WHERE created_at < $1 OR (person_id IS NULL AND created_at < $2)',
        [new Date(now.getTime() - config.retentionDays * DAY_MS), new Date(now.getTime() - DAY_MS)],
      );
    },
    async idle() {
      await startup;
      await queue.idle();
    },
    async close() {
      await startup;
      await queue.idle();
      closed = true;
    },
  };
}
