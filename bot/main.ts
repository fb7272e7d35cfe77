import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { createBot } from './bot';
import { armCrashPoint } from './crash-points';
import { ConfigError, loadConfig, scrubTracingEnvironment } from './config';
import type { Database } from './db/database';
import { DataDirLockedError, lockDataDir } from './db/lock-file';
import { migrate } from './db/migrate';
import { openPg } from './db/pg-driver';
import { openPglite } from './db/pglite-driver';
import { createLogger } from './logger';
import { defaultPlugins } from './plugins';

/** Starts the bot: config, database (embedded or real), migrations, jobs, HTTP. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  armCrashPoint(config.crashAt);
  const log = createLogger({ level: config.logLevel, pretty: config.nodeEnv !== 'production' });
  // LangChain reads tracing variables from the environment by itself; they go before any model call.
  const scrubbed = scrubTracingEnvironment(process.env, config.llmTracing);
  if (scrubbed.length > 0)
    log.warn({ variables: scrubbed }, 'LLM tracing variables ignored (set LLM_TRACING=on to allow them)');
  for (const warning of config.warnings) log.warn(warning);

  let db: Database;
  let unlock = () => undefined as void;
  if (config.database.url) {
    db = openPg({ connectionString: config.database.url });
  } else {
    const dataDir = resolve(config.database.dataDir);
    mkdirSync(dataDir, { recursive: true });
    try {
      unlock = lockDataDir(dataDir);
    } catch (error) {
      if (error instanceof DataDirLockedError) {
        log.fatal(error.message);
        process.exit(1);
      }
      throw error;
    }
    log.info('opening the embedded database (first start takes a few seconds)');
    db = await openPglite(join(dataDir, 'pglite'));
  }
  const applied = await migrate(db);
  if (applied.length > 0) log.info({ applied }, 'migrations applied');
  if (!config.kakao.skillSecret)
    log.warn('KAKAO_SKILL_SECRET is not set: the Kakao skill accepts anyone (fine for local trials only)');

  const bot = await createBot({
    config,
    db,
    log,
    plugins: defaultPlugins(),
    connectionString: config.database.url,
  });
  const server: Server = bot.app.listen(config.port, () => {
    log.info(`Seoul Run bot is listening: http://localhost:${config.port}/ (web chat: ${config.webChat})`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: no new requests, finishing turns in flight');
    server.close();
    const forced = setTimeout(() => process.exit(1), 20_000);
    forced.unref();
    await bot.close();
    await db.close();
    unlock();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main().catch((error: unknown) => {
  process.stderr.write(
    `Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
