import pino from 'pino';
import { createOutbox } from '../../bot/outbox';
import { performance } from 'node:perf_hooks';
import {
  createOutboxWorker,
  tokenBucket,
  type ChannelSender,
  type OutboxRow,
  type SendResult,
} from '../../bot/outbox-worker';
import { describeEachDatabase } from '../helpers/test-database';

const silent = pino({ level: 'silent' });
const hello = { messages: [{ type: 'text' as const, text: '안녕' }], quickReplies: [] };

/** A web-channel sender that fails `failures` times, then accepts; records every attempt. */
function flakySender(failures: number): ChannelSender & { attempts: OutboxRow[] } {
  const attempts: OutboxRow[] = [];
  return {
    attempts,
    async send(row) {
      attempts.push(row);
      return attempts.length <= failures
        ? { status: 'retry', error: 'HTTP 500' }
        : { status: 'accepted', receipt: 'ok' };
    },
  };
}

describeEachDatabase('outbox', (getDb) => {
  it('never sends a message queued in a transaction that rolled back', async () => {
    const { db } = getDb();
    const outbox = createOutbox();
    await expect(
      db.transaction(async (tx) => {
        await outbox.enqueue(tx, {
          personId: null,
          channel: 'web',
          channelUserId: 'u-rollback',
          reply: hello,
          purpose: 'notice',
          idempotencyKey: 'rb-1',
        });
        throw new Error('the decision failed');
      }),
    ).rejects.toThrow('the decision failed');
    const sender = flakySender(0);
    const worker = createOutboxWorker({ db, senders: { web: sender }, log: silent });
    await worker.deliverDue(new Date(Date.now() + 60_000));
    expect(sender.attempts.filter((a) => a.channelUserId === 'u-rollback')).toHaveLength(0);
  });

  it('delivers once when the sender fails twice then succeeds, with the same retry key each time', async () => {
    const { db } = getDb();
    const outbox = createOutbox();
    const start = new Date('2026-11-28T07:00:00Z');
    await db.transaction((tx) =>
      outbox.enqueue(tx, {
        personId: null,
        channel: 'web',
        channelUserId: 'u-flaky',
        reply: hello,
        purpose: 'notice',
        idempotencyKey: 'flaky-1',
        notBefore: start,
      }),
    );
    const sender = flakySender(2);
    const worker = createOutboxWorker({ db, senders: { web: sender }, log: silent });
    let now = start;
    for (let i = 0; i < 6; i += 1) {
      await worker.deliverDue(now);
      now = new Date(now.getTime() + 15 * 60_000);
    }
    const mine = sender.attempts.filter((a) => a.channelUserId === 'u-flaky');
    expect(mine).toHaveLength(3);
    expect(new Set(mine.map((a) => a.retryKey)).size).toBe(1);
    const { rows } = await db.query<{ status: string; attempts: number }>(
      `SELECT status, attempts FROM outbox WHERE idempotency_key = 'flaky-1'`,
    );
    expect(rows[0]).toEqual({ status: 'sent', attempts: 3 });
  });

  it('ignores a second enqueue with the same idempotency key', async () => {
    const { db } = getDb();
    const outbox = createOutbox();
    const item = {
      personId: null,
      channel: 'web' as const,
      channelUserId: 'u-idem',
      reply: hello,
      purpose: 'quiz' as const,
      idempotencyKey: 'quiz:x:2026-11-28',
    };
    const first = await db.transaction((tx) => outbox.enqueue(tx, item));
    const second = await db.transaction((tx) => outbox.enqueue(tx, item));
    expect([first, second]).toEqual([true, false]);
    const bulk = await db.transaction((tx) =>
      outbox.enqueueMany(tx, [item, { ...item, idempotencyKey: 'quiz:y:2026-11-28' }]),
    );
    expect(bulk).toBe(1);
  });

  it('gives up on an expired message without sending it', async () => {
    const { db } = getDb();
    const outbox = createOutbox();
    const now = new Date('2026-11-28T12:00:00Z');
    await db.transaction((tx) =>
      outbox.enqueue(tx, {
        personId: null,
        channel: 'web',
        channelUserId: 'u-late',
        reply: hello,
        purpose: 'quiz',
        idempotencyKey: 'late-1',
        notBefore: new Date(now.getTime() - 60_000),
        expiresAt: new Date(now.getTime() - 1000),
      }),
    );
    const sender = flakySender(0);
    await createOutboxWorker({ db, senders: { web: sender }, log: silent }).deliverDue(now);
    expect(sender.attempts.filter((a) => a.channelUserId === 'u-late')).toHaveLength(0);
    const { rows } = await db.query<{ status: string }>(
      `SELECT status FROM outbox WHERE idempotency_key = 'late-1'`,
    );
    expect(rows[0]?.status).toBe('failed');
  });
});

/** A sender with `sendMany` that records its groups and answers by a rule per user. */
function groupingSender(
  answer: (row: OutboxRow) => SendResult | undefined,
): ChannelSender & { groups: OutboxRow[][]; singles: OutboxRow[] } {
  const groups: OutboxRow[][] = [];
  const singles: OutboxRow[] = [];
  return {
    groups,
    singles,
    async send(row) {
      singles.push(row);
      return answer(row) ?? { status: 'accepted' };
    },
    async sendMany(rows) {
      groups.push(rows);
      const results = new Map<string, SendResult>();
      for (const row of rows) {
        const result = answer(row);
        if (result) results.set(row.id, result);
      }
      return results;
    },
  };
}

describeEachDatabase('outbox worker: sendMany', (getDb) => {
  const quizA = { messages: [{ type: 'text' as const, text: '퀴즈 A' }], quickReplies: [] };
  const quizB = { messages: [{ type: 'text' as const, text: '퀴즈 B' }], quickReplies: [] };

  it('groups rows by channel, purpose and reply, settles each outcome in bulk, retries rows without a result', async () => {
    const { db } = getDb();
    const outbox = createOutbox();
    const now = new Date('2026-12-01T07:00:00Z');
    const item = (user: string, reply: typeof quizA, purpose: 'quiz' | 'notice' = 'quiz') => ({
      personId: null,
      channel: 'line' as const,
      channelUserId: `group-${user}`,
      reply,
      purpose,
      idempotencyKey: `group:${user}`,
      notBefore: now,
    });
    await db.transaction((tx) =>
      outbox.enqueueMany(tx, [
        item('a1', quizA),
        item('a2', quizA),
        item('a3', quizA),
        item('b1', quizB),
        item('b2', quizB),
        item('n1', quizA, 'notice'),
        { ...item('web1', quizA), channel: 'web' as const },
      ]),
    );
    const line = groupingSender((row) =>
      row.channelUserId === 'group-a2'
        ? { status: 'failed', reason: 'unreachable: blocked' }
        : row.channelUserId === 'group-a3'
          ? undefined
          : row.channelUserId === 'group-b2'
            ? { status: 'retry', error: 'HTTP 500', retryAfterMs: 5000 }
            : { status: 'accepted', receipt: `r-${row.channelUserId}` },
    );
    const web = flakySender(0);
    await createOutboxWorker({ db, senders: { line, web }, log: silent }).deliverDue(now);

    const mine = (rows: OutboxRow[]) =>
      rows
        .map((r) => r.channelUserId)
        .filter((u) => u.startsWith('group-'))
        .sort();
    const groups = line.groups
      .map(mine)
      .filter((g) => g.length > 0)
      .sort((x, y) => x[0]!.localeCompare(y[0]!));
    expect(groups).toEqual([['group-a1', 'group-a2', 'group-a3'], ['group-b1', 'group-b2'], ['group-n1']]);
    expect(line.singles).toHaveLength(0);
    // The sender without sendMany still gets one row at a time.
    expect(web.attempts.filter((a) => a.channelUserId === 'group-web1')).toHaveLength(1);
    // Rows in a group are sorted by id.
    for (const group of line.groups)
      expect(group.map((r) => Number(r.id))).toEqual(
        [...group.map((r) => Number(r.id))].sort((x, y) => x - y),
      );

    const { rows } = await db.query<{
      channel_user_id: string;
      status: string;
      receipt: string | null;
      last_error: string | null;
      attempts: number;
    }>(
      `SELECT channel_user_id, status, receipt, last_error, attempts FROM outbox WHERE idempotency_key LIKE 'group:%' ORDER BY channel_user_id`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.channel_user_id, r]));
    expect(by['group-a1']).toMatchObject({ status: 'sent', receipt: 'r-group-a1', attempts: 1 });
    expect(by['group-a2']).toMatchObject({ status: 'failed', last_error: 'unreachable: blocked' });
    expect(by['group-a3']).toMatchObject({
      status: 'pending',
      last_error: 'sender gave no result for this row',
    });
    expect(by['group-b2']).toMatchObject({ status: 'pending', last_error: 'HTTP 500' });
    expect(by['group-web1']).toMatchObject({ status: 'sent' });

    // The retried rows keep their retry keys and come back together later.
    const before = await db.query<{ retry_key: string }>(
      `SELECT retry_key FROM outbox WHERE idempotency_key IN ('group:a3', 'group:b2') ORDER BY idempotency_key`,
    );
    line.groups.length = 0;
    await createOutboxWorker({ db, senders: { line, web }, log: silent }).deliverDue(
      new Date(now.getTime() + 3_600_000),
    );
    const again = line.groups
      .flat()
      .filter((r) => r.channelUserId === 'group-a3' || r.channelUserId === 'group-b2');
    expect(again.map((r) => r.retryKey).sort()).toEqual(before.rows.map((r) => r.retry_key).sort());
  });

  it('many groups finishing at different times: every row is settled (results saved in shared statements)', async () => {
    const { db } = getDb();
    const outbox = createOutbox();
    const now = new Date('2026-12-01T07:00:00Z');
    const items = Array.from({ length: 1500 }, (_, i) => ({
      personId: null,
      channel: 'line' as const,
      channelUserId: `many-${i}`,
      reply: { messages: [{ type: 'text' as const, text: `퀴즈 ${i % 40}` }], quickReplies: [] },
      purpose: 'quiz' as const,
      idempotencyKey: `many:${i}`,
      notBefore: now,
    }));
    await db.transaction((tx) => outbox.enqueueMany(tx, items));
    const line: ChannelSender = {
      send: async () => ({ status: 'accepted' }),
      async sendMany(rows) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
        return new Map(rows.map((r) => [r.id, { status: 'accepted' as const, receipt: 'ok' }]));
      },
    };
    await createOutboxWorker({ db, senders: { line }, log: silent, concurrency: 8 }).deliverDue(now);
    const { rows } = await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM outbox WHERE idempotency_key LIKE 'many:%' GROUP BY status`,
    );
    expect(rows).toEqual([{ status: 'sent', n: 1500 }]);
  });

  it('a sendMany that throws leaves every row of its group to retry', async () => {
    const { db } = getDb();
    const outbox = createOutbox();
    const now = new Date('2026-12-01T07:00:00Z');
    await db.transaction((tx) =>
      outbox.enqueueMany(
        tx,
        ['t1', 't2'].map((u) => ({
          personId: null,
          channel: 'kakao' as const,
          channelUserId: `throw-${u}`,
          reply: quizA,
          purpose: 'quiz' as const,
          idempotencyKey: `throw:${u}`,
          notBefore: now,
        })),
      ),
    );
    const kakao: ChannelSender = {
      send: async () => ({ status: 'accepted' }),
      sendMany: async () => {
        throw new Error('socket hang up');
      },
    };
    await createOutboxWorker({ db, senders: { kakao }, log: silent }).deliverDue(now);
    const { rows } = await db.query<{ status: string; last_error: string }>(
      `SELECT status, last_error FROM outbox WHERE idempotency_key LIKE 'throw:%'`,
    );
    expect(rows).toEqual([
      { status: 'pending', last_error: 'socket hang up' },
      { status: 'pending', last_error: 'socket hang up' },
    ]);
  });
});

describe('tokenBucket', () => {
  it('paces requests to the rate after the burst', async () => {
    const take = tokenBucket(100, 2);
    const started = performance.now();
    for (let i = 0; i < 12; i += 1) await take();
    // 2 at once, then 10 more at 100/s ≈ 100 ms.
    expect(performance.now() - started).toBeGreaterThanOrEqual(90);
  });
});
