import PgBoss from 'pg-boss';
import type { Database } from './db/database';
import type { Logger } from './logger';

/** The narrow job-queue surface capabilities use (pg-boss underneath). */
export interface JobQueue {
  /** Creates the queue if needed and starts working it. */
  work<T extends object>(
    queue: string,
    handler: (data: T) => Promise<void>,
    options?: { batchSize?: number },
  ): Promise<void>;
  /** Sends a job; `singletonKey` deduplicates across instances. */
  send(
    queue: string,
    data: object,
    options?: { singletonKey?: string; singletonSeconds?: number; retryLimit?: number },
  ): Promise<string | null>;
  stop(): Promise<void>;
}

/**
 * Starts pg-boss on the same database (embedded or real), in its own schema. On PGlite,
 * pg-boss's multi-statement scripts go through `exec` (a prepared statement cannot hold them).
 */
export async function startJobs(
  db: Database,
  options: { schema: string; connectionString?: string; log: Logger },
): Promise<JobQueue> {
  const boss = options.connectionString
    ? new PgBoss({ connectionString: options.connectionString, schema: options.schema, max: 4 })
    : new PgBoss({
        schema: options.schema,
        db: {
          executeSql: async (text: string, values?: unknown[]) =>
            values && values.length > 0 ? db.query(text, values) : execRows(db, text),
        },
      });
  boss.on('error', (error: Error) => options.log.error({ err: error }, 'job queue error'));
  await boss.start();
  const created = new Set<string>();
  const ensure = async (queue: string) => {
    if (created.has(queue)) return;
    await boss.createQueue(queue);
    created.add(queue);
  };
  return {
    async work(queue, handler, workOptions) {
      await ensure(queue);
      await boss.work(
        queue,
        { batchSize: workOptions?.batchSize ?? 1, pollingIntervalSeconds: 1 },
        async (jobs) => {
          for (const job of jobs) await handler(job.data as never);
        },
      );
    },
    async send(queue, data, sendOptions) {
      await ensure(queue);
      return boss.send(queue, data, sendOptions ?? {});
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}

async function execRows(db: Database, script: string): Promise<{ rows: unknown[] }> {
  // A parameterless statement may still be a single SELECT whose rows pg-boss needs.
  if (!script.includes(';') || /^\s*select\b[^;]*(?:;\s*)?$/i.test(script)) return db.query(script);
  await db.exec(script);
  return { rows: [] };
}
