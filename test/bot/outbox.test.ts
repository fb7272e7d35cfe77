import pino from 'pino';
import { createOutbox } from '../../bot/outbox';
import { createOutboxWorker, type ChannelSender, type OutboxRow } from '../../bot/outbox-worker';
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
      return attempts.length <= failures ? { status: 'retry', error: 'HTTP 500' } : { status: 'accepted', receipt: 'ok' };
    },
  };
}

describeEachDatabase('outbox', (getDb) => {
  it('never sends a message queued in a transaction that rolled back', async () => {
    const { db } = getDb();
    const outbox = createOutbox();
    await expect(
      db.transaction(async (tx) => {
        await outbox.enqueue(tx, { personId: null, channel: 'web', channelUserId: 'u-rollback', reply: hello, purpose: 'notice', idempotencyKey: 'rb-1' });
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
    const { rows } = await db.query<{ status: string; attempts: number }>(`SELECT status, attempts FROM outbox WHERE idempotency_key = 'flaky-1'`);
    expect(rows[0]).toEqual({ status: 'sent', attempts: 3 });
  });

  it('ignores a second enqueue with the same idempotency key', async () => {
    const { db } = getDb();
    const outbox = createOutbox();
    const item = { personId: null, channel: 'web' as const, channelUserId: 'u-idem', reply: hello, purpose: 'quiz' as const, idempotencyKey: 'quiz:x:2026-11-28' };
    const first = await db.transaction((tx) => outbox.enqueue(tx, item));
    const second = await db.transaction((tx) => outbox.enqueue(tx, item));
    expect([first, second]).toEqual([true, false]);
    const bulk = await db.transaction((tx) => outbox.enqueueMany(tx, [item, { ...item, idempotencyKey: 'quiz:y:2026-11-28' }]));
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
    const { rows } = await db.query<{ status: string }>(`SELECT status FROM outbox WHERE idempotency_key = 'late-1'`);
    expect(rows[0]?.status).toBe('failed');
  });
});
