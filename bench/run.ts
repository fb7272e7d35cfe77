import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { fromRoot } from '../bot/paths';
import { loadQuestionBank } from '../knowledge/quiz/bank';
import { BENCH_SCHOOL_DAY } from './lib/clock';
import { LINE_AVAILABLE } from './lib/channels';
import { startChild, type Child } from './lib/child';
import type { ProfileSummary } from './lib/instrument';
import { runLoad, type LoadFigures } from './lib/load';
import {
  BENCH_KAKAO_SECRET,
  BENCH_LINE_TOKEN,
  kakaoBody,
  lineRequest,
  postbackFor,
  webBody,
  type ChannelName,
  type TurnKind,
} from './lib/payloads';
import { cpuMsOf } from './lib/proc';
import { round } from './lib/stats';
import { runMicro, type MicroFigures } from './micro';
import { writeReport } from './report';

/**
 * `npm run bench [-- --quick] [-- --only=micro,turns,memory,fanout]`: every figure of issue 9's
 * benchmark list, on 127.0.0.1, bounded in count and time. Writes bench/results/<date>-<commit>.json
 * and regenerates the table in bench/README.md.
 */

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wants = (part: string): boolean => !only || only.includes(part);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Sizes: the full run fits in about ten minutes on 2 cores, --quick in about one. */
const P = quick
  ? {
      users: 10_000,
      warmS: 1,
      maxS: 2,
      rateS: 2,
      connections: 32,
      rate: 200,
      profileS: 2,
      variantS: 2,
      memoryTurns: 5_000,
      memoryBudgetS: 20,
      memoryUsers: 5_000,
      fanoutPg: 2_000,
      fanoutPglite: 500,
      fanoutKakao: 100,
      turnDbs: ['pg'] as const,
      variants: false,
      kinds: ['menu', 'quiz'] as const,
    }
  : {
      users: 10_000,
      warmS: 2,
      maxS: 8,
      rateS: 8,
      connections: 32,
      rate: 200,
      profileS: 4,
      variantS: 5,
      memoryTurns: 100_000,
      memoryBudgetS: 240,
      memoryUsers: 50_000,
      fanoutPg: 100_000,
      fanoutPglite: 10_000,
      fanoutKakao: 2_000,
      turnDbs: ['pg', 'pglite'] as const,
      variants: true,
      kinds: ['menu', 'quiz'] as const,
    };

type DbName = 'pg' | 'pglite';

interface Stages {
  turns: number;
  httpMs: number | null;
  turnMs: number | null;
  dialogMs: number | null;
  statementsPerTurn: number;
  dbMsPerTurn: number;
  transactionsPerTurn: number;
  /** CPU time of the server process per turn (user + system): robust when other load shares the cores. */
  serverCpuMsPerTurn: number;
  /** CPU time of the pool's PostgreSQL backends per turn (LINE: the ack run only; processing continues after it). */
  postgresCpuMsPerTurn?: number;
  topStatements: { statement: string; perTurn: number; meanMs: number }[];
}

export interface TurnResult {
  db: DbName;
  channel: ChannelName;
  kind: TurnKind;
  max: LoadFigures;
  fixed: LoadFigures;
  ratioToBare: number;
  stages: Stages;
  /** LINE: the webhook answers after verify + store; processing continues after it. */
  lineProcessing?: { idleAfterLoadMs: number; processedPerSecond: number };
}

export interface Results {
  machine: {
    cpu: string;
    cores: number;
    memoryGb: number;
    node: string;
    platform: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
  };
  date: string;
  commit: string;
  quick: boolean;
  params: typeof P;
  durationS: number;
  micro?: MicroFigures;
  bare?: { max: LoadFigures; fixed: LoadFigures; rssMb: number };
  turns: TurnResult[];
  profiles: { db: DbName; channel: ChannelName; kind: TurnKind; profile: ProfileSummary }[];
  startup: { db: DbName; startMs: number; rssMb: number; heapUsedMb: number }[];
  memory?: {
    db: DbName;
    turns: number;
    users: number;
    rssStartMb: number;
    rssAfterSeedMb: number;
    rssHalfMb: number;
    rssEndMb: number;
    heapStartMb: number;
    heapEndMb: number;
    rps: number;
    non2xx: number;
    series?: { turns: number; rssMb: number; heapUsedMb: number }[];
  };
  fanout: FanoutResult[];
  /** PostgreSQL diagnostics on the web path: the suggested fix, and the ceiling without commit flush waits. */
  variants: { variant: Variant; kind: TurnKind; max: LoadFigures; fixed: LoadFigures; stages: Stages }[];
  notes: string[];
}

export interface FanoutResult {
  db: DbName;
  lineSubscribers: number;
  kakaoSubscribers: number;
  seedS: number;
  enqueueS: number;
  lastLineAcceptedS: number | null;
  boundS: number;
  ratioToBound: number | null;
  lastKakaoEventS: number | null;
  drainedS: number;
  line: {
    pushCalls: number;
    multicastCalls: number;
    recipients: number;
    users: number;
    limited429: number;
    duplicates409: number;
  };
  kakao: { eventCalls: number; users: number; taskChecks: number };
  outbox: Record<string, number>;
  deliveries: Record<string, number>;
  /** Quiz outbox rows and how many different messages among them (multicast needs identical content). */
  quizRows: number;
  distinctQuizReplies: number;
  dbStatements: number;
  topStatements: { statement: string; count: number; totalMs: number }[];
}

const notes: string[] = [];
const log = (line: string): void =>
  void process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

function git(...gitArgs: string[]): string {
  try {
    return execFileSync('git', gitArgs, { cwd: fromRoot(), encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The request maker of one (channel, kind): users spread round-robin, a fresh quiz item per round. */
function requestMaker(
  channel: ChannelName,
  kind: TurnKind,
  users: number,
  items: { id: string; choices: number }[],
  counter: { k: number },
): () => { body: string; headers?: Record<string, string> } {
  return (): { body: string; headers?: Record<string, string> } => {
    const k = counter.k++;
    const user = 1 + (k % users);
    const item = items[Math.floor(k / users) % items.length] as { id: string; choices: number };
    const { postback, spoken } = postbackFor(kind, item.id, 1 + (k % item.choices));
    if (channel === 'web') return { body: webBody(user, postback) };
    if (channel === 'kakao')
      return { body: kakaoBody(user, postback, spoken), headers: { 'x-skill-secret': BENCH_KAKAO_SECRET } };
    const { body, signature } = lineRequest(user, postback);
    return { body, headers: { 'x-line-signature': signature } };
  };
}

const PATHS: Record<ChannelName, string> = {
  web: '/api/web/messages',
  kakao: '/webhooks/kakao',
  line: '/webhooks/line',
};

interface StatsReply {
  histograms: Record<string, { count: number; meanMs: number; labels: Record<string, string | number> }[]>;
  db: { statements: number; ms: number; transactions: number; transactionMs: number };
  statements: { statement: string; count: number; totalMs: number; meanMs: number }[];
  cpuMs: number;
}

function stagesOf(stats: StatsReply, channel: ChannelName): Stages {
  const http = stats.histograms.http_request_duration_seconds?.find((s) =>
    String(s.labels.route).startsWith(PATHS[channel]),
  );
  const turn = stats.histograms.bot_turn_duration_seconds?.find((s) => s.labels.channel === channel);
  const dialog = stats.histograms.bot_dialog_duration_seconds?.[0];
  const turns = turn?.count ?? http?.count ?? 0;
  const per = (n: number): number => (turns === 0 ? 0 : round(n / turns, 2));
  return {
    turns,
    httpMs: http?.meanMs ?? null,
    turnMs: turn?.meanMs ?? null,
    dialogMs: dialog?.meanMs ?? null,
    statementsPerTurn: per(stats.db.statements),
    dbMsPerTurn: per(stats.db.ms),
    transactionsPerTurn: per(stats.db.transactions),
    serverCpuMsPerTurn: per(stats.cpuMs),
    topStatements: stats.statements
      .slice(0, 12)
      .map((s) => ({ statement: s.statement, perTurn: per(s.count), meanMs: s.meanMs })),
  };
}

async function withPgSchema<T>(work: (schema: string) => Promise<T>): Promise<T> {
  const schema = `bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  try {
    return await work(schema);
  } finally {
    const cleanup = new pg.Client({ connectionString: DATABASE_URL });
    await cleanup.connect();
    await cleanup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await cleanup.end();
  }
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface Ready {
  port: number;
  channelsAddedByBench: string[];
  startMs: number;
  memory: { rssMb: number; heapUsedMb: number };
}

type Variant = 'as-is' | 'unlogged-leases' | 'async-commit';

async function startBot(
  db: DbName,
  apiBase: string,
  schema?: string,
  variant: Variant = 'as-is',
): Promise<{ child: Child; ready: Ready }> {
  const { child, ready } = await startChild('server', {
    mode: 'bot',
    db,
    url: DATABASE_URL,
    schema,
    apiBase,
    variant,
  });
  const r = ready as Ready & { channelsAddedByBench: string[] };
  const note = `Channels not registered in bot/plugins.ts at this commit, mounted by the bench itself: ${r.channelsAddedByBench.join(', ')}.`;
  if (r.channelsAddedByBench.length > 0 && !notes.includes(note)) notes.push(note);
  return { child, ready: r };
}

/** Section 1: turns through every channel endpoint on one database. */
async function turnsOn(
  db: DbName,
  results: Results,
  fakes: Child,
  apiBase: string,
  bareRps: number,
  items: { id: string; choices: number }[],
  counter: { k: number },
): Promise<void> {
  const run = async (schema?: string): Promise<void> => {
    const { child, ready } = await startBot(db, apiBase, schema);
    try {
      results.startup.push({
        db,
        startMs: ready.startMs,
        rssMb: ready.memory.rssMb,
        heapUsedMb: ready.memory.heapUsedMb,
      });
      const seeded = await child.call<{ seconds: number }>('seed', {
        count: P.users,
        channels: ['web', 'kakao', 'line'],
      });
      log(`${db}: bot up in ${ready.startMs} ms, ${P.users} users seeded in ${seeded.seconds} s`);
      const base = `http://127.0.0.1:${ready.port}`;
      const channels: ChannelName[] = LINE_AVAILABLE ? ['web', 'kakao', 'line'] : ['web', 'kakao'];
      for (const channel of channels) {
        for (const kind of P.kinds) {
          const spec = {
            url: `${base}${PATHS[channel]}`,
            next: requestMaker(channel, kind, P.users, items, counter),
            connections: P.connections,
          };
          await runLoad({ ...spec, durationS: P.warmS });
          if (channel === 'line') await child.call('idle');
          await fakes.call('reset');
          const pids = await child.call<number[]>('backendPids');
          await child.call('resetStats');
          const pgCpuBefore = cpuMsOf(pids);
          const max = await runLoad({ ...spec, durationS: P.maxS });
          const pgCpuAfter = cpuMsOf(pids);
          let lineProcessing: TurnResult['lineProcessing'];
          if (channel === 'line') {
            const { ms } = await child.call<{ ms: number }>('idle');
            lineProcessing = {
              idleAfterLoadMs: ms,
              processedPerSecond: round(max.requests / (max.seconds + ms / 1000), 0),
            };
          }
          const stages = stagesOf(await child.call<StatsReply>('stats'), channel);
          if (pgCpuBefore !== null && pgCpuAfter !== null && stages.turns > 0)
            stages.postgresCpuMsPerTurn = round((pgCpuAfter - pgCpuBefore) / stages.turns, 2);
          const fixed = await runLoad({ ...spec, connections: 16, durationS: P.rateS, rate: P.rate });
          if (channel === 'line') await child.call('idle');
          const result: TurnResult = {
            db,
            channel,
            kind,
            max,
            fixed,
            ratioToBare: round(max.rps / bareRps, 3),
            stages,
            lineProcessing,
          };
          results.turns.push(result);
          log(
            `${db} ${channel} ${kind}: ${max.rps}/s p50 ${max.p50} p99 ${max.p99} ms (non-2xx ${max.non2xx}); at ${P.rate}/s p99 ${fixed.p99} ms; ` +
              `ratio ${result.ratioToBare}; ${stages.statementsPerTurn} statements/turn${lineProcessing ? `; processed ${lineProcessing.processedPerSecond}/s` : ''}`,
          );
        }
      }
      // Where the time goes: a CPU profile of the server during a saturated web run of each kind.
      if (db === 'pg') {
        for (const kind of P.kinds) {
          await child.call('profileStart');
          await runLoad({
            url: `${base}${PATHS.web}`,
            next: requestMaker('web', kind, P.users, items, counter),
            connections: P.connections,
            durationS: P.profileS,
          });
          results.profiles.push({
            db,
            channel: 'web',
            kind,
            profile: await child.call<ProfileSummary>('profileStop'),
          });
        }
      }
    } finally {
      await child.stop();
    }
  };
  if (db === 'pg') await withPgSchema(run);
  else await run();
}

/** Section 1b: the web turns again on PostgreSQL with one diagnostic change each (bench schema only). */
async function variantsOn(
  results: Results,
  apiBase: string,
  items: { id: string; choices: number }[],
  counter: { k: number },
): Promise<void> {
  for (const variant of ['unlogged-leases', 'async-commit'] as const) {
    await withPgSchema(async (schema) => {
      const { child, ready } = await startBot('pg', apiBase, schema, variant);
      try {
        await child.call('seed', { count: P.users, channels: ['web'] });
        for (const kind of P.kinds) {
          const spec = {
            url: `http://127.0.0.1:${ready.port}${PATHS.web}`,
            next: requestMaker('web', kind, P.users, items, counter),
            connections: P.connections,
          };
          await runLoad({ ...spec, durationS: P.warmS });
          await child.call('resetStats');
          const max = await runLoad({ ...spec, durationS: P.variantS });
          const stages = stagesOf(await child.call<StatsReply>('stats'), 'web');
          const fixed = await runLoad({ ...spec, connections: 16, durationS: P.variantS, rate: P.rate });
          results.variants.push({ variant, kind, max, fixed, stages });
          log(
            `pg web ${kind} [${variant}]: ${max.rps}/s p50 ${max.p50} p99 ${max.p99} ms; at ${P.rate}/s p99 ${fixed.p99} ms`,
          );
        }
      } finally {
        await child.stop();
      }
    });
  }
}

/** Section 4: RSS after start and along many web turns from many users (in chunks, bounded in time). */
async function memoryRun(
  results: Results,
  apiBase: string,
  items: { id: string; choices: number }[],
  counter: { k: number },
): Promise<void> {
  await withPgSchema(async (schema) => {
    const { child, ready } = await startBot('pg', apiBase, schema);
    try {
      await child.call('seed', { count: P.memoryUsers, channels: ['web'] });
      const seeded = await child.call<{ rssMb: number }>('memory');
      const chunk = Math.max(1000, Math.floor(P.memoryTurns / 10));
      const spec = {
        url: `http://127.0.0.1:${ready.port}${PATHS.web}`,
        connections: P.connections,
        durationS: 3600,
      };
      const series: { turns: number; rssMb: number; heapUsedMb: number }[] = [];
      let turns = 0;
      let seconds = 0;
      let non2xx = 0;
      const started = performance.now();
      while (turns < P.memoryTurns && performance.now() - started < P.memoryBudgetS * 1000) {
        const kind: TurnKind = series.length % 2 === 0 ? 'menu' : 'quiz';
        const run = await runLoad({
          ...spec,
          amount: Math.min(chunk, P.memoryTurns - turns),
          next: requestMaker('web', kind, P.memoryUsers, items, counter),
        });
        turns += run.requests;
        seconds += run.seconds;
        non2xx += run.non2xx;
        const m = await child.call<{ rssMb: number; heapUsedMb: number }>('memory');
        series.push({ turns, rssMb: m.rssMb, heapUsedMb: m.heapUsedMb });
      }
      const end = series.at(-1) ?? { turns: 0, rssMb: seeded.rssMb, heapUsedMb: ready.memory.heapUsedMb };
      const half = series[Math.floor((series.length - 1) / 2)] ?? end;
      if (turns < P.memoryTurns)
        notes.push(
          `Memory run stopped by its time budget (${P.memoryBudgetS} s) after ${turns.toLocaleString('en-US')} of ${P.memoryTurns.toLocaleString('en-US')} turns.`,
        );
      results.memory = {
        db: 'pg',
        turns,
        users: P.memoryUsers,
        rssStartMb: ready.memory.rssMb,
        rssAfterSeedMb: seeded.rssMb,
        rssHalfMb: half.rssMb,
        rssEndMb: end.rssMb,
        heapStartMb: ready.memory.heapUsedMb,
        heapEndMb: end.heapUsedMb,
        rps: round(turns / Math.max(0.001, seconds), 0),
        non2xx,
        series,
      };
      log(
        `memory: RSS ${ready.memory.rssMb} MB at start, ${half.rssMb} after ${half.turns} turns, ${end.rssMb} MB after ${turns}`,
      );
    } finally {
      await child.stop();
    }
  });
}

/** Section 2: the 16:00 quiz to everyone, through the fake LINE (2,000/s) and Kakao Event APIs. */
async function fanoutOn(
  db: DbName,
  lineCount: number,
  kakaoCount: number,
  results: Results,
  fakes: Child,
  apiBase: string,
): Promise<void> {
  const run = async (schema?: string): Promise<void> => {
    const { child } = await startBot(db, apiBase, schema);
    try {
      const seedStarted = performance.now();
      await child.call('seed', { count: lineCount, channels: ['line'] });
      if (kakaoCount > 0)
        await child.call('seed', { count: kakaoCount, channels: ['kakao'], from: lineCount + 1 });
      const seedS = round((performance.now() - seedStarted) / 1000, 1);
      await fakes.call('reset');
      // Tuesday 2026-12-01 16:00 in Seoul, a school day; the bot runs on the same clock (bench/lib/clock.ts).
      const out = await child.call<{
        startedAtEpoch: number;
        enqueueMs: number;
        drainedMs: number;
        distinctQuizReplies: number;
        quizRows: number;
        outbox: Record<string, number>;
        deliveries: Record<string, number>;
        db: { statements: number };
        statements: { statement: string; count: number; totalMs: number }[];
      }>('fanout', { start: BENCH_SCHOOL_DAY, maxSeconds: quick ? 60 : 300 }, 600_000);
      const s = await fakes.call<import('./lib/fake-apis').FakeApiStats>('stats');
      const since = (t: number | null): number | null =>
        t === null ? null : round((t - out.startedAtEpoch) / 1000, 2);
      const boundS = lineCount / 2000;
      const lastLine = since(s.line.lastPushAcceptedAt);
      const result: FanoutResult = {
        db,
        lineSubscribers: lineCount,
        kakaoSubscribers: kakaoCount,
        seedS,
        enqueueS: round(out.enqueueMs / 1000, 2),
        lastLineAcceptedS: lastLine,
        boundS,
        ratioToBound: lastLine === null ? null : round(lastLine / boundS, 2),
        lastKakaoEventS: since(s.kakao.lastAt),
        drainedS: round(out.drainedMs / 1000, 2),
        line: {
          pushCalls: s.line.accepted.push ?? 0,
          multicastCalls: s.line.accepted.multicast ?? 0,
          recipients: s.line.pushedRecipients,
          users: s.line.pushedUsers,
          limited429: (s.line.limited.push ?? 0) + (s.line.limited.multicast ?? 0),
          duplicates409: s.line.duplicates,
        },
        kakao: { eventCalls: s.kakao.eventCalls, users: s.kakao.eventUsers, taskChecks: s.kakao.taskChecks },
        outbox: out.outbox,
        deliveries: out.deliveries,
        quizRows: out.quizRows,
        distinctQuizReplies: out.distinctQuizReplies,
        dbStatements: out.db.statements,
        topStatements: out.statements
          .slice(0, 8)
          .map((t) => ({ statement: t.statement, count: t.count, totalMs: t.totalMs })),
      };
      results.fanout.push(result);
      log(
        `fan-out ${db}: ${lineCount} LINE + ${kakaoCount} Kakao; enqueued in ${result.enqueueS} s; last LINE accepted at ${lastLine} s ` +
          `(${result.ratioToBound}× the ${boundS} s bound); ${result.line.pushCalls} pushes, ${result.line.multicastCalls} multicasts, ${result.line.limited429} × 429; drained ${result.drainedS} s`,
      );
    } finally {
      await child.stop();
    }
  };
  if (db === 'pg') await withPgSchema(run);
  else await run();
}

async function main(): Promise<void> {
  const started = performance.now();
  const commit = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--', 'bot', 'dialogs', 'integrations', 'knowledge') !== '';
  const results: Results = {
    machine: {
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
      memoryGb: round(totalmem() / 1073741824, 1),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      loadAverageAtStart: loadavg().map((l) => round(l, 2)),
      loadAverageAtEnd: [],
    },
    date: new Date().toISOString(),
    commit: dirty ? `${commit}+uncommitted` : commit,
    quick,
    params: P,
    durationS: 0,
    turns: [],
    profiles: [],
    startup: [],
    fanout: [],
    variants: [],
    notes,
  };
  const pgUp = await postgresReachable();
  if (!pgUp) notes.push(`PostgreSQL at BENCH_DATABASE_URL not reachable: PostgreSQL figures skipped.`);
  const dbs = P.turnDbs.filter((d) => d !== 'pg' || pgUp);

  if (wants('micro')) {
    log('micro: risk screen, retriever, eligibility');
    results.micro = runMicro(quick ? 3 : 10);
    log(
      `risk p99 ${results.micro.risk.p99} ms, retrieval p99 ${results.micro.retrieval.p99} ms, eligibility p99 ${results.micro.eligibility.p99} ms`,
    );
  }

  const bank = loadQuestionBank(fromRoot('knowledge', 'quiz', 'bank'));
  const items = bank.items
    .filter((i) => (i.choices?.length ?? 0) >= 2)
    .map((i) => ({ id: i.id, choices: i.choices?.length ?? 2 }));
  const counter = { k: 0 };
  const { child: fakes, ready } = await startChild('fake-apis-server', {
    lineRate: 2000,
    lineToken: BENCH_LINE_TOKEN,
  });
  const apiBase = (ready as { url: string }).url;
  try {
    if (wants('turns')) {
      const { child: bare, ready: bareReady } = await startChild('server', { mode: 'bare' });
      try {
        const spec = {
          url: `http://127.0.0.1:${(bareReady as { port: number }).port}/bare`,
          next: requestMaker('web', 'menu', P.users, items, counter),
          connections: P.connections,
        };
        await runLoad({ ...spec, durationS: P.warmS });
        const max = await runLoad({ ...spec, durationS: P.maxS });
        const fixed = await runLoad({ ...spec, connections: 16, durationS: P.rateS, rate: P.rate });
        results.bare = { max, fixed, rssMb: (bareReady as { memory: { rssMb: number } }).memory.rssMb };
        log(
          `bare Express: ${max.rps}/s p50 ${max.p50} p99 ${max.p99} ms; at ${P.rate}/s p99 ${fixed.p99} ms`,
        );
      } finally {
        await bare.stop();
      }
      const bareRps = results.bare.max.rps;
      for (const db of dbs) await turnsOn(db, results, fakes, apiBase, bareRps, items, counter);
      if (pgUp && P.variants) await variantsOn(results, apiBase, items, counter);
    }
    if (wants('memory') && pgUp) await memoryRun(results, apiBase, items, counter);
    if (wants('fanout')) {
      if (pgUp) await fanoutOn('pg', P.fanoutPg, P.fanoutKakao, results, fakes, apiBase);
      await fanoutOn('pglite', P.fanoutPglite, 0, results, fakes, apiBase);
    }
  } finally {
    await fakes.stop();
  }

  results.durationS = round((performance.now() - started) / 1000, 0);
  results.machine.loadAverageAtEnd = loadavg().map((l) => round(l, 2));
  const busiest = Math.max(...results.machine.loadAverageAtStart, ...results.machine.loadAverageAtEnd);
  if (busiest > results.machine.cores) {
    notes.push(
      `The machine was shared: load average up to ${busiest} on ${results.machine.cores} cores (other processes, e.g. test suites, ran at the same time), so rates and latencies are lower bounds; statements and server CPU per turn are not affected.`,
    );
  }
  const dir = fromRoot('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const suffix = `${quick ? '-quick' : ''}${only ? `-only-${only.join('-')}` : ''}`;
  const file = join(dir, `${results.date.slice(0, 10)}-${commit}${suffix}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`results: ${file} (${results.durationS} s)`);
  writeReport();
  log('bench/README.md table regenerated');
}

void main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
