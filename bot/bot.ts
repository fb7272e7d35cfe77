import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import { createCoreDialogs } from '../dialogs/core/core-dialogs';
import { ADDRESS_LIMITS, createWebRoutes, type WebAddressLimits } from '../integrations/web/web-routes';
import { createWebSender } from '../integrations/web/web-sender';
import { createAdminRoutes } from './admin-routes';
import { createApp } from './app';
import type { Capability, HostDeps } from './capability';
import type { ChannelAdapter, ChannelDeps } from './channel';
import type { Config } from './config';
import { loadContacts, type Contacts } from './contacts';
import type { Database } from './db/database';
import { startJobs, type JobQueue } from './jobs';
import type { Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import { minimalCrisisReply, minimalRiskScreen } from './minimal-risk';
import { createOutbox, type Outbox } from './outbox';
import { createOutboxWorker, type ChannelSender } from './outbox-worker';
import { fromRoot } from './paths';
import { createPipeline, type Pipeline } from './pipeline';
import { sweepExpired, sweepRetention, sweepTransientPeople } from './privacy';
import { createRateLimiter, type RateLimiter } from './rate-limit';
import type { CrisisReplyBuilder, CrisisReplyFacts, RiskMemoryUpdate, RiskScreen } from './risk';
import { createEngine } from './dialog/engine';
import { loadTexts, type TextsByLanguage } from './texts-loader';

/** Extension points: capabilities, channels and the risk screen plug in here. */
export interface BotPlugins {
  capabilities?: (deps: HostDeps & { jobs?: JobQueue; metrics: Metrics }) => Capability[];
  channels?: (deps: ChannelDeps) => ChannelAdapter[];
  risk?: (deps: { texts: TextsByLanguage; contacts: Contacts }) => {
    screen: RiskScreen;
    /** The screen's memory after a turn (lower thresholds after a flag, cues adding up). */
    remember?: RiskMemoryUpdate;
    crisisReply: CrisisReplyBuilder;
  };
  /** Who is on duty now (in-memory snapshot, refreshed by due work). */
  dutyStatus?: () => Pick<CrisisReplyFacts, 'personOnDuty' | 'nextPersonAt'>;
}

export interface BotOptions {
  config: Config;
  db: Database;
  log: Logger;
  clock?: () => Date;
  plugins?: BotPlugins;
  /** Start pg-boss and the tick (default true). Tests drive `runDue(now)` themselves. */
  startJobs?: boolean;
  /** pg-boss schema (tests use one per suite). */
  jobsSchema?: string;
  /** Connection string for pg-boss when the database is a real server. */
  connectionString?: string;
  /** Per-user rate limit (messages per minute). */
  rateLimitPerMinute?: number;
  /**
   * Per-address limits of the public web chat (default ADDRESS_LIMITS). Tests of the limit itself
   * pass a bucket that barely refills, so a slow machine cannot refill it during the test.
   */
  webAddressLimits?: WebAddressLimits;
}

export interface Bot {
  app: Express;
  db: Database;
  pipeline: Pipeline;
  metrics: Metrics;
  outbox: Outbox;
  texts: TextsByLanguage;
  contacts: Contacts;
  limiter: RateLimiter;
  capabilities: Capability[];
  /** All due work at `now`: capabilities' schedules and deadlines, channel recovery, the outbox. */
  runDue(now: Date): Promise<void>;
  /** Graceful shutdown: finishes turns in flight, stops jobs, closes capabilities (not the database). */
  close(): Promise<void>;
}

const TICK_MS = 5000;
const SWEEP_EVERY_MS = 3_600_000;

/** Wires the host: one place where every dependency is created and passed explicitly. */
export async function createBot(options: BotOptions): Promise<Bot> {
  const { config, db, log } = options;
  const clock = options.clock ?? (() => new Date());
  const texts = loadTexts(fromRoot('knowledge', 'texts'));
  const contacts = loadContacts(fromRoot('knowledge', 'contacts.yaml'));
  const metrics = createMetrics({ defaultMetrics: true });
  const outbox = createOutbox(clock);
  const perMinute = options.rateLimitPerMinute ?? 30;
  const limiter = createRateLimiter({ perMinute, burst: Math.max(10, Math.ceil(perMinute / 3)) });

  const jobs =
    options.startJobs === false
      ? undefined
      : await startJobs(db, {
          schema: options.jobsSchema ?? 'pgboss',
          connectionString: options.connectionString,
          log,
        });

  const hostDeps: HostDeps = { config, db, log, texts, contacts, outbox, clock };
  const capabilities = options.plugins?.capabilities?.({ ...hostDeps, jobs, metrics }) ?? [];
  const risk: ReturnType<NonNullable<BotPlugins['risk']>> = options.plugins?.risk?.({ texts, contacts }) ?? {
    screen: minimalRiskScreen,
    crisisReply: minimalCrisisReply(texts, contacts),
  };
  const core = createCoreDialogs({ logHashSecret: config.logHashSecret, contacts });
  const pipeline = createPipeline({
    db,
    log,
    texts,
    outbox,
    riskScreen: risk.screen,
    rememberRisk: risk.remember,
    crisisReply: risk.crisisReply,
    dutyStatus: options.plugins?.dutyStatus ?? (() => ({ personOnDuty: false })),
    route: createEngine(core, capabilities),
    clock,
    instanceId: randomUUID().slice(0, 8),
    logHashSecret: config.logHashSecret,
    metrics,
  });

  const channelDeps: ChannelDeps = { config, db, pipeline, log, metrics, texts, limiter, clock };
  const channels = options.plugins?.channels?.(channelDeps) ?? [];
  const senders: Partial<Record<string, ChannelSender>> = { web: createWebSender(db) };
  for (const channel of channels) if (channel.sender) senders[channel.channel] = channel.sender;
  const outboxWorker = createOutboxWorker({ db, senders, log, metrics });

  const app = createApp({
    db,
    log,
    metrics,
    channelRoutes: channels.flatMap((c) => (c.routes ? [c.routes] : [])),
    webRoutes: createWebRoutes({
      config,
      db,
      pipeline,
      limiter,
      texts,
      metrics,
      addressLimiters: {
        sessions: createRateLimiter((options.webAddressLimits ?? ADDRESS_LIMITS).sessions),
        messages: createRateLimiter((options.webAddressLimits ?? ADDRESS_LIMITS).messages),
      },
    }),
    adminRoutes: createAdminRoutes({
      db,
      tokens: config.adminTokens,
      capabilities,
      clock,
      log,
      logHashSecret: config.logHashSecret,
    }),
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
  });

  let lastSweep = 0;
  async function runDue(now: Date): Promise<void> {
    for (const part of [...capabilities, ...channels]) {
      try {
        await part.runDue?.(now);
      } catch (error) {
        log.error({ err: error, part: 'name' in part ? part.name : part.channel }, 'due work failed');
      }
    }
    try {
      await pipeline.recover(
        now,
        channels.flatMap((c) => (c.recovery ? [c.recovery] : [])),
      );
    } catch (error) {
      log.error({ err: error }, 'recovering abandoned events failed');
    }
    await outboxWorker.deliverDue(now);
    if (now.getTime() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = now.getTime();
      await sweepRetention(
        db,
        now,
        config.retentionDays,
        capabilities.flatMap((c) => c.retentionSweeps ?? []),
      );
      await sweepExpired(db, now);
      const swept = await sweepTransientPeople(
        db,
        now,
        capabilities.flatMap((c) => c.retainsPeople ?? []),
      );
      if (swept > 0) log.info({ swept }, 'people who never came back after their first message deleted');
    }
    const depth = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM outbox WHERE status IN ('pending', 'sending', 'failed') GROUP BY status`,
    );
    for (const status of ['pending', 'sending', 'failed']) {
      metrics.outboxDepth.set({ status }, depth.rows.find((r) => r.status === status)?.n ?? 0);
    }
  }

  let ticker: NodeJS.Timeout | undefined;
  if (jobs) {
    await jobs.work('tick', async () => runDue(clock()));
    const tick = () =>
      void jobs
        .send(
          'tick',
          {},
          { singletonKey: 'tick', singletonSeconds: Math.floor(TICK_MS / 1000) - 1, retryLimit: 0 },
        )
        .catch((error: unknown) => log.warn({ err: error }, 'could not schedule the tick'));
    tick();
    ticker = setInterval(tick, TICK_MS);
    ticker.unref();
  }

  return {
    app,
    db,
    pipeline,
    metrics,
    outbox,
    texts,
    contacts,
    limiter,
    capabilities,
    runDue,
    async close() {
      if (ticker) clearInterval(ticker);
      await pipeline.drain();
      await jobs
        ?.stop()
        .catch((error: unknown) => log.warn({ err: error }, 'job queue did not stop cleanly'));
      for (const part of [...capabilities, ...channels]) await part.close?.().catch(() => undefined);
    },
  };
}
