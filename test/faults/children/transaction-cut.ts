/**
 * Child process of database-cut.test.ts: opens the real pg driver through the test's TCP proxy,
 * starts a transaction, says "in-transaction" and waits for a line on stdin (the parent cuts the
 * proxy meanwhile), then runs one more statement. A driver that survives prints "rejected" and
 * exits 0; today the process dies of an unhandled 'error' event.
 */
import { openPg } from '../../../bot/db/pg-driver';

const nextLine = (): Promise<void> => new Promise((resolve) => process.stdin.once('data', () => resolve()));

async function main(): Promise<void> {
  const db = openPg({ connectionString: process.env.PROXY_DATABASE_URL as string });
  try {
    await db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      process.stdout.write('in-transaction\n');
      await nextLine();
      await tx.query('SELECT 2');
    });
    process.stdout.write('committed\n');
  } catch {
    process.stdout.write('rejected\n');
  }
  await db.close().catch(() => undefined);
  process.exit(0);
}

void main();
