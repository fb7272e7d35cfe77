import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import type { Database } from '../../bot/db/database';
import { migrate } from '../../bot/db/migrate';
import { openPglite } from '../../bot/db/pglite-driver';
import { addManySubscribers, kst } from '../dialogs/quiz/helpers';
import {
  ADMIN_TOKEN,
  alertsTo,
  linkMentee,
  onboardStudent,
  registerHelper,
  say,
} from '../dialogs/support/support-bot';
import { fakeClock, startTestBot, type FakeClock, type TestBot } from '../helpers/test-bot';
import { databaseTargets, type TestDatabase } from '../helpers/test-database';

/**
 * A child process running the real bot SIGKILLs itself at a named crash point (bot/crash-points.ts)
 * and is "restarted" as a fresh bot on the same database: nothing lost, nothing doubled, asserted
 * with SQL counts. Points: `after-store` (web), `mid-fanout` (quiz), `mid-ladder` (support).
 */
const ROOT = resolve(__dirname, '..', '..');
const ENV = { ADMIN_TOKENS: `ops:${ADMIN_TOKEN}`, ESCALATION_ACK_HIGH_S: '300' };
const HIGH = '요즘 너무 힘들어서 죽고 싶어';
const MIN = 60_000;

interface Child {
  process: ChildProcess;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(env: Record<string, string | undefined>): Child {
  const child = spawn(
    process.execPath,
    ['-r', './test/helpers/swc-register.js', 'test/faults/children/bot-child.ts'],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH, TZ: 'UTC', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      if (code !== null && code !== 0 && err) process.stderr.write(`child stderr:\n${err.slice(0, 2000)}\n`);
      done({ code, signal });
    }),
  );
  return { process: child, stdout: () => out, exited };
}

async function waitForOutput(child: Child, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = child.stdout().match(pattern);
    if (match) return match;
    if (child.process.exitCode !== null || child.process.signalCode !== null)
      throw new Error(`child exited before ${pattern}`);
    if (Date.now() > deadline) throw new Error(`child did not print ${pattern}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const kill = (child: Child) => {
  if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
};

for (const target of databaseTargets()) {
  describe(`SIGKILL at a named point, then restart [${target.name}]`, () => {
    // PGlite: one data directory for the file, opened by one process at a time.
    let dataDir: string | undefined;
    let server: TestDatabase | undefined;

    beforeAll(async () => {
      if (target.name === 'pglite') {
        dataDir = mkdtempSync(join(tmpdir(), 'fault-crash-'));
        const db = await openPglite(dataDir);
        await migrate(db);
        await db.close();
      } else {
        server = await target.open();
      }
    }, 60_000);
    afterAll(async () => {
      await server?.dispose();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    const childDbEnv = () =>
      dataDir
        ? { CHILD_DATA_DIR: dataDir }
        : { CHILD_PG_URL: process.env.TEST_DATABASE_URL, CHILD_PG_SCHEMA: server?.schema };

    /** Runs `work` with the database open in this process (PGlite: closed again afterwards). */
    async function withDb<T>(work: (database: TestDatabase) => Promise<T>): Promise<T> {
      if (server) return work(server);
      const db = await openPglite(dataDir);
      try {
        return await work({ db, dispose: () => db.close() });
      } finally {
        await db.close();
      }
    }

    /** A restarted bot (fresh process state, same database) at `clock`. */
    async function withBot<T>(clock: FakeClock, work: (t: TestBot) => Promise<T>): Promise<T> {
      return withDb(async (database) => {
        const t = await startTestBot(database, { clock, env: ENV, rateLimitPerMinute: 10_000 });
        try {
          return await work(t);
        } finally {
          await t.close();
        }
      });
    }

    /** Runs the child's due work at `now` with the crash point armed; it must die there. */
    async function crashDueWork(point: string, now: Date): Promise<void> {
      const child = startChild({
        ...childDbEnv(),
        ...ENV,
        CHILD_MODE: 'due',
        CHILD_NOW: now.toISOString(),
        BOT_CRASH_AT: point,
      });
      try {
        const exit = await child.exited;
        expect(exit.signal).toBe('SIGKILL');
        expect(child.stdout()).not.toContain('DONE');
      } finally {
        kill(child);
      }
    }

    const count = async (db: Database, sql: string, values: unknown[] = []) =>
      (await db.query<{ n: number }>(sql, values)).rows[0]?.n ?? -1;

    it('after-store (web): the request dies after the event is stored; after restart it is processed exactly once', async () => {
      const child = startChild({ ...childDbEnv(), CHILD_MODE: 'serve', BOT_CRASH_AT: 'after-store' });
      try {
        const port = Number((await waitForOutput(child, /PORT (\d+)/))[1]);
        const answer = fetch(`http://127.0.0.1:${port}/api/web/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            userId: 'crash-web',
            text: '서울런 멘토링은 어떻게 받아요?',
            messageId: 'm1',
          }),
        });
        await expect(answer).rejects.toThrow();
        expect((await child.exited).signal).toBe('SIGKILL');
      } finally {
        kill(child);
      }
      await withDb(async ({ db }) => {
        const rows = await db.query(
          `SELECT status FROM inbound_events WHERE channel = 'web' AND channel_event_id = 'crash-web:m1'`,
        );
        expect(rows.rows).toEqual([{ status: 'received' }]);
      });

      // Restarted a little later: due work finishes the abandoned event; the answer goes to the web inbox.
      const clock = fakeClock(new Date(Date.now() + 2 * MIN));
      await withBot(clock, async (t) => {
        for (let i = 0; i < 3; i += 1) await t.bot.runDue(clock.now());
        const db = t.bot.db;
        expect(
          (
            await db.query(
              `SELECT status FROM inbound_events WHERE channel = 'web' AND channel_event_id = 'crash-web:m1'`,
            )
          ).rows,
        ).toEqual([{ status: 'processed' }]);
        expect(
          await count(
            db,
            `SELECT count(*)::int AS n FROM outbox WHERE idempotency_key = 'reply:web:crash-web:m1'`,
          ),
        ).toBe(1);
        expect(
          await count(db, `SELECT count(*)::int AS n FROM web_inbox WHERE channel_user_id = 'crash-web'`),
        ).toBe(1);
        const inbox = await request(t.bot.app).get('/api/web/messages').query({ userId: 'crash-web' });
        expect(inbox.body.messages.length).toBeGreaterThan(0);

        // The client retries the same message: no second turn, nothing new in the inbox.
        const retry = await request(t.bot.app)
          .post('/api/web/messages')
          .send({ userId: 'crash-web', text: '서울런 멘토링은 어떻게 받아요?', messageId: 'm1' });
        expect(retry.status).toBeLessThan(500);
        for (let i = 0; i < 2; i += 1) await t.bot.runDue(clock.now());
        expect(
          await count(
            db,
            `SELECT count(*)::int AS n FROM outbox WHERE idempotency_key = 'reply:web:crash-web:m1'`,
          ),
        ).toBe(1);
        expect(
          await count(db, `SELECT count(*)::int AS n FROM web_inbox WHERE channel_user_id = 'crash-web'`),
        ).toBe(1);
        expect(
          await count(
            db,
            `SELECT count(*)::int AS n FROM inbound_events WHERE channel_user_id = 'crash-web'`,
          ),
        ).toBe(1);
      });
    }, 120_000);

    it('mid-fanout (quiz): killed after the first batch committed; after restart each due user has exactly one quiz', async () => {
      const now = kst('2026-12-21', '16:05'); // a Monday, after the 15:00 delivery time
      const USERS = 1100; // three batches of at most 500
      await withDb(({ db }) => addManySubscribers(db, 'crashfan-', USERS, 15 * 60));
      await crashDueWork('mid-fanout', now);

      const quizzesPerUser = `SELECT p.person_id::text AS person_id, count(o.id)::int AS n FROM quiz_profiles p
           JOIN people pe ON pe.id = p.person_id AND pe.display_name LIKE 'crashfan-%'
           LEFT JOIN outbox o ON o.person_id = p.person_id AND o.idempotency_key LIKE 'quiz:%:2026-12-21'
          GROUP BY p.person_id`;
      await withDb(async ({ db }) => {
        const partial = (await db.query<{ n: number }>(quizzesPerUser)).rows;
        const sent = partial.reduce((n, r) => n + r.n, 0);
        // The crash came after the first batch committed; with two batches in flight at once
        // (deliverBatches) the other one may have committed too, never the third.
        expect(sent).toBeGreaterThan(0);
        expect(sent).toBeLessThanOrEqual(1000);
        expect(partial.every((r) => r.n <= 1)).toBe(true);
      });

      await withBot(fakeClock(now), async (t) => {
        for (let i = 0; i < 3; i += 1) await t.bot.runDue(now);
        const db = t.bot.db;
        const rows = (await db.query<{ person_id: string; n: number }>(quizzesPerUser)).rows;
        expect(rows).toHaveLength(USERS);
        expect(rows.filter((r) => r.n !== 1)).toEqual([]);
        expect(
          await count(
            db,
            `SELECT count(*)::int AS n FROM quiz_deliveries d JOIN people pe ON pe.id = d.person_id AND pe.display_name LIKE 'crashfan-%' WHERE d.quiz_date = '2026-12-21'`,
          ),
        ).toBe(USERS);
        // Delivered to the web inbox at most once each (the outbox key holds across the crash).
        const inboxDoubles = await count(
          db,
          `SELECT count(*)::int AS n FROM (SELECT channel_user_id FROM web_inbox WHERE channel_user_id LIKE 'crashfan-%' GROUP BY channel_user_id HAVING count(*) > 1) x`,
        );
        expect(inboxDoubles).toBe(0);
      });
    }, 180_000);

    it('mid-ladder (support): killed between two escalation steps; after restart the deadlines hold and nobody is alerted twice', async () => {
      const start = new Date('2026-11-28T07:00:00Z'); // Saturday 16:00 in Seoul
      const clock = fakeClock(start);
      // A mentor, a coordinator and staff, always on duty; two students in crisis (two ack deadlines due together).
      await withBot(clock, async (t) => {
        const app = t.bot.app;
        (t.bot.limiter as { allow: (key: string) => boolean }).allow = () => true;
        const mentor = await registerHelper(app, {
          name: '지수',
          tier: 'mentor',
          channelUserId: 'crash-mentor',
        });
        await registerHelper(app, { name: '민호', tier: 'coordinator', channelUserId: 'crash-coord' });
        await registerHelper(app, { name: '서연', tier: 'staff', channelUserId: 'crash-staff' });
        for (const student of ['crash-stu-a', 'crash-stu-b']) {
          await onboardStudent(app, student);
          await linkMentee(t.bot.db, mentor, student);
        }
        await t.bot.runDue(clock.now());
        for (const student of ['crash-stu-a', 'crash-stu-b'])
          expect(await say(app, student, HIGH)).toContain('109');
        await t.bot.runDue(clock.now());
        expect((await alertsTo(t.bot.db, 'crash-mentor')).length).toBe(2);
        expect(await alertsTo(t.bot.db, 'crash-coord')).toEqual([]);
      });

      // Nobody acknowledged: at +5 min the first escalation commits, then the process dies.
      const fiveMinutes = new Date(start.getTime() + 5 * MIN);
      await crashDueWork('mid-ladder', fiveMinutes);
      await withDb(async ({ db }) => {
        expect(await alertsTo(db, 'crash-coord')).toEqual([{ reason: 'escalated', stage: 1 }]);
      });

      clock.set(fiveMinutes);
      await withBot(clock, async (t) => {
        await t.bot.runDue(clock.now());
        await t.bot.runDue(clock.now());
        const db = t.bot.db;
        // The second case is escalated now, the first not again.
        expect(await alertsTo(db, 'crash-coord')).toEqual([
          { reason: 'escalated', stage: 1 },
          { reason: 'escalated', stage: 1 },
        ]);
        expect(
          await count(
            db,
            `SELECT count(*)::int AS n FROM (SELECT case_id FROM support_alerts WHERE channel_user_id = 'crash-coord' GROUP BY case_id HAVING count(*) = 1) x`,
          ),
        ).toBe(2);
        // Deadlines survived the crash: later rungs still fire, and no step was sent twice.
        const dueLater = await count(
          db,
          `SELECT count(*)::int AS n FROM support_deadlines WHERE done_at IS NULL`,
        );
        expect(dueLater).toBeGreaterThan(0);
        clock.set(new Date(start.getTime() + 30 * MIN));
        await t.bot.runDue(clock.now());
        await t.bot.runDue(clock.now());
        expect((await alertsTo(db, 'crash-mentor')).filter((a) => a.reason === 'new')).toHaveLength(2);
        expect(
          (await alertsTo(db, 'crash-coord')).filter((a) => a.reason === 'escalated' && a.stage === 1),
        ).toHaveLength(2);
        const doubles = await db.query(
          `SELECT case_id, recipient_id, stage, reason, count(*)::int AS n FROM support_alerts
            GROUP BY case_id, recipient_id, stage, reason HAVING count(*) > 1`,
        );
        expect(doubles.rows).toEqual([]);
      });
    }, 180_000);
  });
}
