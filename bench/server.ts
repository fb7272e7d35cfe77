import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import pino from 'pino';
import { createBot, type Bot } from '../bot/bot';
import { loadConfig } from '../bot/config';
import type { Database } from '../bot/db/database';
import { migrate } from '../bot/db/migrate';
import { openPg } from '../bot/db/pg-driver';
import { openPglite } from '../bot/db/pglite-driver';
import { createLogger } from '../bot/logger';
import { defaultPlugins } from '../bot/plugins';
import { benchChannels } from './lib/channels';
import { benchClock, type BenchClock } from './lib/clock';
import { childOptions, serveRpc } from './lib/child';
import { cpuProfiler, histogramMeans, timeDatabase, type DbTimings } from './lib/instrument';
import {
  BENCH_KAKAO_BOT_ID,
  BENCH_KAKAO_REST_KEY,
  BENCH_KAKAO_SECRET,
  BENCH_LINE_SECRET,
  BENCH_LINE_TOKEN,
  seedStudents,
  type ChannelName,
} from './lib/payloads';
import { round, sleep } from './lib/stats';

/**
 * The process under test. `bot` mode: the whole bot (deployment plugins, web + Kakao + LINE
 * channels) on PostgreSQL or PGlite, on 127.0.0.1, no pg-boss timers. `bare` mode: Express with
 * the same JSON parser answering a constant — the ceiling every path is compared with.
 */

export interface ServerOptions {
  mode: 'bot' | 'bare';
  db?: 'pg' | 'pglite';
  url?: string;
  schema?: string;
  /** Fake LINE / Kakao API origin. */
  apiBase?: string;
  seed?: number;
  /**
   * Diagnostics of where PostgreSQL time goes (fresh bench schema only, never the code under test):
   * `unlogged-leases` makes user_leases UNLOGGED after migrating (the suggested fix, measured);
   * `async-commit` opens the pool with synchronous_commit=off (the ceiling without WAL flush waits).
   */
  variant?: 'as-is' | 'unlogged-leases' | 'async-commit';
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function memory(): { rssMb: number; heapUsedMb: number; externalMb: number } {
  gc();
  const m = process.memoryUsage();
  return {
    rssMb: round(m.rss / 1048576, 1),
    heapUsedMb: round(m.heapUsed / 1048576, 1),
    externalMb: round(m.external / 1048576, 1),
  };
}

async function listen(app: express.Express): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as AddressInfo).port }),
    );
    server.keepAliveTimeout = 30_000;
  });
}

async function bare(): Promise<void> {
  const app = express();
  app.disable('x-powered-by');
  app.post('/bare', express.json({ limit: '1mb', type: () => true }), (req, res) => {
    const ok = typeof req.body === 'object' && req.body !== null;
    res
      .status(ok ? 200 : 400)
      .json({ messages: [{ type: 'text', text: '좋아요' }], quickReplies: [], cursor: null });
  });
  const { server, port } = await listen(app);
  serveRpc(
    {
      memory,
      stop: () => {
        server.close();
        setImmediate(() => process.exit(0));
      },
    },
    { port, memory: memory() },
  );
}

async function botServer(options: ServerOptions): Promise<void> {
  const startedAt = performance.now();
  let raw: Database;
  let dataDir: string | undefined;
  if (options.db === 'pg') {
    // openPg puts `schema` into the connection's `-c search_path=…` options; the diagnostic adds one more setting there.
    const schema =
      options.variant === 'async-commit' ? `${options.schema} -c synchronous_commit=off` : options.schema;
    raw = openPg({ connectionString: options.url as string, schema });
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'seoulrun-bench-'));
    raw = await openPglite(join(dataDir, 'pglite'));
  }
  await migrate(raw);
  if (options.variant === 'unlogged-leases') await raw.query('ALTER TABLE user_leases SET UNLOGGED');
  const { db, timings } = timeDatabase(raw);
  const env = {
    // Not 'production': since issue 18 production refuses WEB_CHAT=dev and loopback callback hosts,
    // which the bench needs (named web users, fake Kakao on 127.0.0.1). nodeEnv changes nothing
    // else in the bot (only main.ts's log format, and the bench makes its own logger below).
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    WEB_CHAT: 'dev',
    LOG_HASH_SECRET: 'bench-log-hash-secret-0123456789',
    KAKAO_SKILL_SECRET: BENCH_KAKAO_SECRET,
    KAKAO_BOT_ID: BENCH_KAKAO_BOT_ID,
    KAKAO_REST_API_KEY: BENCH_KAKAO_REST_KEY,
    KAKAO_API_BASE_URL: options.apiBase,
    KAKAO_CALLBACK_HOSTS: '127.0.0.1',
    LINE_CHANNEL_SECRET: BENCH_LINE_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: BENCH_LINE_TOKEN,
    LINE_API_BASE_URL: options.apiBase,
  };
  const config = loadConfig(env);
  // Production's log level and JSON lines, written to /dev/null: the cost of logging stays in.
  const log = createLogger({
    level: config.logLevel,
    pretty: false,
    destination: pino.destination({ dest: '/dev/null', sync: false }),
  });
  const base = defaultPlugins();
  let idle: () => Promise<void> = async () => undefined;
  let added: string[] = [];
  // A fixed school-day clock for the whole bot, shared with the fan-out (bench/lib/clock.ts).
  const clock = benchClock();
  const bot: Bot = await createBot({
    clock: clock.now,
    config,
    db,
    log,
    plugins: {
      ...base,
      channels: (deps) => {
        const mounted = benchChannels(deps, base.channels?.(deps) ?? []);
        ({ idle, added } = mounted);
        return mounted.channels;
      },
    },
    startJobs: false,
    rateLimitPerMinute: 1e9,
  });
  const { server, port } = await listen(bot.app);
  const startMs = round(performance.now() - startedAt, 0);
  const afterStart = memory();
  const profiler = cpuProfiler();
  let cpuFrom = process.cpuUsage();

  serveRpc(
    {
      memory,
      async seed(args) {
        const {
          count,
          channels: which,
          split,
          from,
        } = args as { count: number; channels: ChannelName[]; split?: boolean; from?: number };
        const started = performance.now();
        await seedStudents(raw, count, which, { split, from });
        return { seconds: round((performance.now() - started) / 1000, 2) };
      },
      async resetStats() {
        cpuFrom = process.cpuUsage();
        timings.reset();
        bot.metrics.registry.resetMetrics();
      },
      async stats() {
        return {
          histograms: await histogramMeans(bot.metrics.registry, [
            'http_request_duration_seconds',
            'bot_turn_duration_seconds',
            'bot_dialog_duration_seconds',
          ]),
          db: timings.totals(),
          statements: timings.summary().slice(0, 25),
          cpuMs: round(
            (() => {
              const used = process.cpuUsage(cpuFrom);
              return (used.user + used.system) / 1000;
            })(),
            0,
          ),
        };
      },
      /** The PostgreSQL backend pids of the pool (all ten connections busy at once), for their CPU time. */
      async backendPids() {
        if (options.db !== 'pg') return [];
        const rows = await Promise.all(
          Array.from({ length: 10 }, () =>
            raw.query<{ pid: number }>('SELECT pg_backend_pid() AS pid, pg_sleep(0.2)'),
          ),
        );
        return [
          ...new Set(rows.map((r) => r.rows[0]?.pid).filter((p): p is number => typeof p === 'number')),
        ];
      },
      profileStart: () => profiler.start(),
      profileStop: () => profiler.stop(20),
      /** Waits until every accepted LINE event is processed; returns how long that took. */
      async idle() {
        const started = performance.now();
        await idle();
        return { ms: round(performance.now() - started, 0) };
      },
      async fanout(args) {
        return fanout(bot, db, timings, clock, args as { start: string; maxSeconds: number });
      },
      async stop() {
        server.close();
        await bot.close();
        await raw.close();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
        setImmediate(() => process.exit(0));
      },
    },
    { port, startMs, memory: afterStart, db: options.db, channelsAddedByBench: added },
  );
}

/**
 * The daily quiz at 16:00 for everyone seeded: the quiz capability's due work with a fake `now`,
 * then the whole host's `runDue` (the outbox worker) with `now` moving in real time, until no row
 * is pending or sending. Times are wall-clock ms since the start (epoch ms returned too).
 */
async function fanout(
  bot: Bot,
  db: Database,
  timings: DbTimings,
  clock: BenchClock,
  args: { start: string; maxSeconds: number },
): Promise<unknown> {
  const quiz = bot.capabilities.find((c) => c.name === 'quiz');
  if (!quiz?.runDue) throw new Error('the quiz capability is not registered');
  timings.reset();
  const startedAtEpoch = Date.now();
  const t0 = performance.now();
  clock.set(args.start);
  const nowAt = clock.now;
  await quiz.runDue(nowAt());
  const enqueueMs = performance.now() - t0;
  const enqueueDb = timings.totals();
  const counts = async (): Promise<Record<string, number>> => {
    const { rows } = await db.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM outbox GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  };
  const enqueued = await counts();
  // Multicast needs identical content: how many different quiz messages did the fan-out produce?
  const { rows: distinct } = await db.query<{ n: number; total: number }>(
    `SELECT count(DISTINCT reply::text)::int AS n, count(*)::int AS total FROM outbox WHERE purpose = 'quiz'`,
  );
  let rounds = 0;
  for (;;) {
    rounds += 1;
    await bot.runDue(nowAt());
    const c = await counts();
    if ((c.pending ?? 0) + (c.sending ?? 0) === 0) break;
    if (performance.now() - t0 > args.maxSeconds * 1000) break;
    await sleep(250);
  }
  const drainedMs = performance.now() - t0;
  const deliveries = await db.query<{ status: string; n: number }>(
    'SELECT status, count(*)::int AS n FROM quiz_deliveries GROUP BY status',
  );
  return {
    startedAtEpoch,
    enqueueMs: round(enqueueMs, 0),
    drainedMs: round(drainedMs, 0),
    rounds,
    enqueued,
    distinctQuizReplies: distinct[0]?.n ?? 0,
    quizRows: distinct[0]?.total ?? 0,
    outbox: await counts(),
    deliveries: Object.fromEntries(deliveries.rows.map((r) => [r.status, r.n])),
    enqueueDb,
    db: timings.totals(),
    statements: timings.summary().slice(0, 12),
    memory: memory(),
  };
}

const options = childOptions<ServerOptions>();
void (options.mode === 'bare' ? bare() : botServer(options)).catch((error: unknown) => {
  process.stderr.write(
    `bench server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
