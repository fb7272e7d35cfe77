import type { AddressInfo } from 'node:net';
import { createBot } from '../../../bot/bot';
import { loadConfig } from '../../../bot/config';
import { migrate } from '../../../bot/db/migrate';
import { openPg } from '../../../bot/db/pg-driver';
import { openPglite } from '../../../bot/db/pglite-driver';
import { createLogger } from '../../../bot/logger';
import { defaultPlugins } from '../../../bot/plugins';
import { createLineChannel } from '../../../integrations/line/line-channel';

/**
 * Child process of the crash test: the real bot with the LINE channel, whose `afterStored` seam
 * prints "STORED <ids>" and then never returns, so the parent can SIGKILL it at exactly that point
 * (events in the inbound log, webhook answered 200, nothing processed).
 */
async function main(): Promise<void> {
  const env = process.env;
  const db = env.CHILD_PG_URL
    ? openPg({ connectionString: env.CHILD_PG_URL, schema: env.CHILD_PG_SCHEMA })
    : await openPglite(env.CHILD_DATA_DIR);
  if (!env.CHILD_PG_URL) await migrate(db);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_HASH_SECRET: 'test-log-hash-secret-1234',
    LINE_CHANNEL_SECRET: env.CHILD_LINE_SECRET,
    LINE_CHANNEL_ACCESS_TOKEN: env.CHILD_LINE_TOKEN,
    LINE_API_BASE_URL: env.CHILD_LINE_URL,
  });
  const log = createLogger({ level: 'silent', pretty: false });
  const bot = await createBot({
    config,
    db,
    log,
    startJobs: false,
    plugins: {
      ...defaultPlugins(),
      channels: (deps) => [
        createLineChannel(deps, {
          recoverOnStart: false,
          afterStored: (ids) => {
            process.stdout.write(`STORED ${ids.join(',')}\n`);
            return new Promise<void>(() => undefined);
          },
        }),
      ],
    },
  });
  const server = bot.app.listen(0, '127.0.0.1', () =>
    process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
