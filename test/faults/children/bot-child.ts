/**
 * Child process of crash-restart.test.ts: the real bot (createBot + bot/plugins.ts) on the test's
 * database, with the crash point from BOT_CRASH_AT armed exactly as bot/main.ts arms it.
 *   CHILD_MODE=serve — HTTP on a free port, prints "PORT <n>" (web turns)
 *   CHILD_MODE=due   — runs runDue(CHILD_NOW) once, prints "DONE" and exits
 * Why not bot/main.ts itself: it reads the real clock (due work needs a fixed Seoul time) and
 * starts pg-boss in a shared schema; everything past that glue is the same code.
 */
import type { AddressInfo } from 'node:net';
import { createBot } from '../../../bot/bot';
import { loadConfig } from '../../../bot/config';
import { armCrashPoint } from '../../../bot/crash-points';
import type { Database } from '../../../bot/db/database';
import { openPg } from '../../../bot/db/pg-driver';
import { openPglite } from '../../../bot/db/pglite-driver';
import { createLogger } from '../../../bot/logger';
import { defaultPlugins } from '../../../bot/plugins';

async function main(): Promise<void> {
  const env = process.env;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_HASH_SECRET: 'test-log-hash-secret-1234',
    WEB_CHAT: 'dev',
    BOT_CRASH_AT: env.BOT_CRASH_AT,
    ADMIN_TOKENS: env.ADMIN_TOKENS,
    ESCALATION_ACK_HIGH_S: env.ESCALATION_ACK_HIGH_S,
  });
  armCrashPoint(config.crashAt);
  const db: Database = env.CHILD_PG_URL
    ? openPg({ connectionString: env.CHILD_PG_URL, schema: env.CHILD_PG_SCHEMA })
    : await openPglite(env.CHILD_DATA_DIR);
  const fixed = env.CHILD_NOW ? new Date(env.CHILD_NOW) : undefined;
  const log = createLogger({ level: 'warn', pretty: false });
  const bot = await createBot({
    config,
    db,
    log,
    plugins: defaultPlugins(),
    startJobs: false,
    clock: fixed ? () => new Date(fixed) : undefined,
  });
  if (env.CHILD_MODE === 'due') {
    await bot.runDue(fixed ?? new Date());
    process.stdout.write('DONE\n');
    await bot.close();
    await db.close();
    process.exit(0);
  }
  const server = bot.app.listen(0, '127.0.0.1', () =>
    process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
