import { Writable } from 'node:stream';
import type pino from 'pino';
import { createLogger } from '../../bot/logger';
import { createBot, type Bot, type BotOptions, type BotPlugins } from '../../bot/bot';
import { loadConfig, type Config, type Environment } from '../../bot/config';
import { defaultPlugins } from '../../bot/plugins';
import type { TestDatabase } from './test-database';

/** A logger whose lines tests can read (the canary checks scan them). */
export function captureLogs(): { log: pino.Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger({ level: 'debug', pretty: false, destination: stream }), lines };
}

/** A clock tests move by hand. */
export interface FakeClock {
  now: () => Date;
  set(to: Date | string): void;
  advance(ms: number): void;
}

export function fakeClock(start: Date | string = '2026-11-28T07:00:00Z'): FakeClock {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (to) => void (current = new Date(to)),
    advance: (ms) => void (current = new Date(current.getTime() + ms)),
  };
}

export interface TestBot {
  bot: Bot;
  config: Config;
  clock: FakeClock;
  logs: string[];
  close(): Promise<void>;
}

/** Builds the whole bot on a test database, without pg-boss or timers (tests call runDue). */
export async function startTestBot(
  database: TestDatabase,
  options: {
    env?: Environment;
    /** Merged over the deployment's plugins (bot/plugins.ts); `bare: true` starts from none. */
    plugins?: BotPlugins;
    bare?: boolean;
    clock?: FakeClock;
    startJobs?: boolean;
    /** Per-user messages per minute (transcripts with many lines raise it). */
    rateLimitPerMinute?: number;
    /** Per-address limits of the public web chat (bot/bot.ts). */
    webAddressLimits?: BotOptions['webAddressLimits'];
  } = {},
): Promise<TestBot> {
  const config = loadConfig({
    NODE_ENV: 'test',
    WEB_CHAT: 'dev',
    LOG_HASH_SECRET: 'test-log-hash-secret-1234',
    ...options.env,
  });
  const clock = options.clock ?? fakeClock();
  const { log, lines } = captureLogs();
  const bot = await createBot({
    config,
    db: database.db,
    log,
    clock: clock.now,
    plugins: { ...(options.bare ? {} : defaultPlugins()), ...options.plugins },
    startJobs: options.startJobs ?? false,
    rateLimitPerMinute: options.rateLimitPerMinute,
    ...(options.webAddressLimits ? { webAddressLimits: options.webAddressLimits } : {}),
    jobsSchema: database.schema ? `${database.schema}_boss` : 'pgboss',
    connectionString: database.connectionString
      ? `${database.connectionString}${database.connectionString.includes('?') ? '&' : '?'}options=-c%20search_path%3D${database.schema}`
      : undefined,
  });
  return { bot, config, clock, logs: lines, close: () => bot.close() };
}
