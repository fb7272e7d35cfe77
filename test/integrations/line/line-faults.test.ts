import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../../bot/db/database';
import { openPg } from '../../../bot/db/pg-driver';
import { openPglite } from '../../../bot/db/pglite-driver';
import { createLineChannel, type LineChannel } from '../../../integrations/line/line-channel';
import { startFakeLine, type FakeLine } from '../../fakes/fake-line';
import { signedLineRequest, TEST_LINE_CHANNEL_SECRET } from '../../fakes/line-webhook';
import { fakeClock, startTestBot, type TestBot } from '../../helpers/test-bot';
import { describeEachDatabase, hasPostgres } from '../../helpers/test-database';
import { visibleText } from '../../helpers/transcript';
import {
  callsFor,
  eventId,
  lineUserId,
  postLine,
  replyToken,
  seenReply,
  textEvent,
  webhookBody,
} from './line-transcript';

const TOKEN = 'line-test-access-token';
const CRISIS = '요즘 너무 힘들어서 죽고 싶어';

/** A TCP proxy between the bot and PostgreSQL that the test can cut (every socket dropped, new ones refused). */
async function startProxy(target: {
  host: string;
  port: number;
}): Promise<{ port: number; cut(on: boolean): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut(on) {
      refusing = on;
      if (on) for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** On PGlite (one in-process session, nothing to proxy) the cut is a wrapper whose every call fails. */
function breakable(db: Database): { db: Database; cut(on: boolean): void } {
  let broken = false;
  const fail = () => Promise.reject(new Error('connection terminated (test cut)'));
  return {
    cut: (on) => void (broken = on),
    db: {
      kind: db.kind,
      query: (text, values) => (broken ? fail() : db.query(text, values)),
      transaction: (work) => (broken ? fail() : db.transaction(work)),
      exec: (script) => (broken ? fail() : db.exec(script)),
      close: () => db.close(),
    } as Database,
  };
}

describeEachDatabase('LINE with the database cut', (getDb, target) => {
  let fake: FakeLine;
  let t: TestBot;
  let line: LineChannel;
  let cut: (on: boolean) => void;
  let cleanup: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    fake = await startFakeLine({ channelAccessToken: TOKEN });
    let db: Database;
    if (target.name === 'postgres' && hasPostgres()) {
      const url = new URL(process.env.TEST_DATABASE_URL as string);
      const proxy = await startProxy({ host: url.hostname, port: Number(url.port || 5432) });
      url.hostname = '127.0.0.1';
      url.port = String(proxy.port);
      db = openPg({ connectionString: url.toString(), schema: getDb().schema });
      cut = proxy.cut;
      cleanup = async () => {
        await db.close().catch(() => undefined);
        await proxy.close();
      };
    } else {
      const wrapped = breakable(getDb().db);
      db = wrapped.db;
      cut = wrapped.cut;
    }
    t = await startTestBot(
      { ...getDb(), db },
      {
        env: {
          LINE_CHANNEL_SECRET: TEST_LINE_CHANNEL_SECRET,
          LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
          LINE_API_BASE_URL: fake.url,
        },
        plugins: { channels: (d) => [(line = createLineChannel(d, { sendTimeoutMs: 1_000 }))] },
      },
    );
  });
  afterAll(async () => {
    cut(false);
    await line?.idle();
    await t?.close();
    await cleanup();
    await fake?.close();
  });

  it('→ 500 for new events, the crisis text still replied, nothing lost after recovery, no second crisis text', async () => {
    const user = lineUserId('cut-student');
    const other = lineUserId('cut-other');
    const crisis = textEvent(user, CRISIS, { id: eventId(), token: replyToken() });
    const plain = textEvent(other, '안녕하세요', { id: eventId(), token: replyToken() });
    const since = fake.requests.length;

    cut(true);
    const first = await postLine(t.bot.app, webhookBody([crisis, plain]));
    expect(first.status).toBe(500);
    await line.idle();
    const during = fake.requests.slice(since);
    // Step 0 ran without the database: the crisis reply with that event's reply token, nothing else.
    expect(during.map((r) => r.endpoint)).toEqual(['reply']);
    expect((during[0]!.body as { replyToken: string }).replyToken).toBe(crisis.replyToken);
    expect(visibleText(seenReply(during))).toContain('109');
    // LINE redelivers while we are still down: still 500, the crisis text is not sent again.
    const again = await postLine(
      t.bot.app,
      webhookBody([{ ...crisis, deliveryContext: { isRedelivery: true } }]),
    );
    expect(again.status).toBe(500);
    await line.idle();
    expect(fake.requests.length).toBe(since + 1);

    cut(false);
    const redelivered = [crisis, plain].map((e) => ({ ...e, deliveryContext: { isRedelivery: true } }));
    const second = await postLine(t.bot.app, webhookBody(redelivered));
    expect(second.status).toBe(200);
    await line.idle();
    await t.bot.runDue(t.clock.now());

    // Nothing lost: both events processed exactly once; the other user got an answer.
    const rows = await t.bot.db.query<{ channel_event_id: string; status: string; crisis_sent: boolean }>(
      `SELECT channel_event_id, status, crisis_sent FROM inbound_events WHERE channel = 'line' AND channel_event_id = ANY($1::text[]) ORDER BY channel_event_id`,
      [[crisis.webhookEventId, plain.webhookEventId]],
    );
    expect(rows.rows.map((r) => r.status)).toEqual(['processed', 'processed']);
    expect(rows.rows.find((r) => r.channel_event_id === crisis.webhookEventId)?.crisis_sent).toBe(true);
    expect(visibleText(seenReply(callsFor(fake, since, other, plain.replyToken)))).toContain('AI 도우미');
    // The crisis text went out once in all (the support ladder's own later messages are not it).
    const crisisTexts = fake.requests
      .slice(since)
      .filter((r) => JSON.stringify(r.body).includes('지금 바로 109에 전화하거나'));
    expect(crisisTexts).toHaveLength(1);
    fake.assertNoUnexpectedCalls();
  });
});

/** Waits for a line matching `pattern` on the child's stdout. */
function waitForLine(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    const timer = setTimeout(
      () => reject(new Error(`child did not print ${pattern} in ${timeoutMs} ms; stderr:\n${stderr}`)),
      timeoutMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (const line of buffered.split('\n')) {
        const match = line.match(pattern);
        if (match) {
          clearTimeout(timer);
          resolve(match);
        }
      }
    });
    child.on('exit', (code) =>
      reject(new Error(`child exited (${code}) before ${pattern}; stderr:\n${stderr}`)),
    );
  });
}

describeEachDatabase(
  'LINE crash recovery (a child process SIGKILLed after storing, before processing)',
  (getDb, target) => {
    it('after restart the event is processed once, by push', async () => {
      const fake = await startFakeLine({ channelAccessToken: TOKEN });
      const dataDir = target.name === 'pglite' ? mkdtempSync(join(tmpdir(), 'line-crash-')) : undefined;
      const childEnv: Record<string, string> = {
        ...(process.env as Record<string, string>),
        CHILD_LINE_SECRET: TEST_LINE_CHANNEL_SECRET,
        CHILD_LINE_TOKEN: TOKEN,
        CHILD_LINE_URL: fake.url,
        ...(dataDir
          ? { CHILD_DATA_DIR: dataDir }
          : {
              CHILD_PG_URL: process.env.TEST_DATABASE_URL as string,
              CHILD_PG_SCHEMA: getDb().schema as string,
            }),
      };
      const child = spawn(process.execPath, [join(__dirname, 'crash-child.js')], {
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let restarted: TestBot | undefined;
      let db: Database | undefined;
      try {
        const port = Number((await waitForLine(child, /^PORT (\d+)/, 60_000))[1]);
        const user = lineUserId('crash-victim');
        const event = textEvent(user, '안녕하세요', { id: eventId(), token: replyToken() });
        const signed = signedLineRequest(webhookBody([event]));
        const stored = waitForLine(child, /^STORED (.+)/, 20_000);
        const res = await fetch(`http://127.0.0.1:${port}/webhooks/line`, {
          method: 'POST',
          headers: signed.headers,
          body: signed.body,
        });
        expect(res.status).toBe(200); // stored, so acknowledged
        expect((await stored)[1]).toBe(event.webhookEventId);
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
        expect(fake.requests).toHaveLength(0); // killed before anything was sent

        db = dataDir ? await openPglite(dataDir) : getDb().db;
        const before = await db.query<{ status: string }>(
          `SELECT status FROM inbound_events WHERE channel_event_id = $1`,
          [event.webhookEventId],
        );
        expect(before.rows).toEqual([{ status: 'received' }]);

        // The restart, a little later (the event is past the recovery threshold): start-up recovery
        // processes it, the outbox pushes the reply (its reply token expired long ago).
        let line: LineChannel | undefined;
        const clock = fakeClock(new Date(Date.now() + 120_000));
        restarted = await startTestBot(dataDir ? { ...getDb(), db } : getDb(), {
          clock,
          env: {
            LINE_CHANNEL_SECRET: TEST_LINE_CHANNEL_SECRET,
            LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
            LINE_API_BASE_URL: fake.url,
          },
          plugins: { channels: (d) => [(line = createLineChannel(d))] },
        });
        await line!.idle();
        await restarted.bot.runDue(clock.now());
        await restarted.bot.runDue(clock.now());
        const calls = callsFor(fake, 0, user, event.replyToken);
        expect(calls.map((c) => c.endpoint)).toEqual(['push']);
        expect(visibleText(seenReply(calls))).toContain('AI 도우미');
        const row = await db.query<{ retry_key: string; status: string }>(
          `SELECT retry_key, status FROM outbox WHERE idempotency_key = $1`,
          [`reply:line:${event.webhookEventId}`],
        );
        expect(row.rows).toEqual([{ retry_key: calls[0]!.retryKey, status: 'sent' }]);
        const after = await db.query<{ status: string }>(
          `SELECT status FROM inbound_events WHERE channel_event_id = $1`,
          [event.webhookEventId],
        );
        expect(after.rows).toEqual([{ status: 'processed' }]);
        fake.assertNoUnexpectedCalls();
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await restarted?.close();
        if (dataDir) {
          await db?.close().catch(() => undefined);
          rmSync(dataDir, { recursive: true, force: true });
        }
        await fake.close();
      }
    }, 120_000);
  },
);
