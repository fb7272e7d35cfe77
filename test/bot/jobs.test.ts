import request from 'supertest';
import { createProbeCapability } from '../helpers/probe-capability';
import { describeEachDatabase } from '../helpers/test-database';
import { startTestBot } from '../helpers/test-bot';

const hello = { messages: [{ type: 'text' as const, text: '선생님 답장이에요' }], quickReplies: [] };

describeEachDatabase('jobs, rate limit and shutdown', (getDb) => {
  it('delivers an outbox message through one real pg-boss tick round', async () => {
    const t = await startTestBot(getDb(), {
      startJobs: true,
      clock: { now: () => new Date(), set: () => undefined, advance: () => undefined },
    });
    try {
      await t.bot.db.transaction((tx) =>
        t.bot.outbox.enqueue(tx, {
          personId: null,
          channel: 'web',
          channelUserId: 'boss-user',
          reply: hello,
          purpose: 'relay',
          idempotencyKey: 'boss-1',
        }),
      );
      const deadline = Date.now() + 25_000;
      let delivered = false;
      while (!delivered && Date.now() < deadline) {
        const res = await request(t.bot.app).get('/api/web/messages').query({ userId: 'boss-user' });
        delivered = res.body.messages.some((m: { text: string }) => m.text === '선생님 답장이에요');
        if (!delivered) await new Promise((r) => setTimeout(r, 500));
      }
      expect(delivered).toBe(true);
    } finally {
      await t.close();
    }
  });

  it('limits a flood of messages per user but never the crisis reply', async () => {
    // One token a minute after the burst of ten: the bucket cannot refill while 14 messages go in,
    // however slow a busy machine is (at 30 a minute, a loaded CI run refilled it and saw no 429).
    const t = await startTestBot(getDb(), { rateLimitPerMinute: 1 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 14; i += 1) {
        statuses.push(
          (
            await request(t.bot.app)
              .post('/api/web/messages')
              .send({ userId: 'flooder', text: `안녕 ${i}` })
          ).status,
        );
      }
      expect(statuses).toContain(429);
      const crisis = await request(t.bot.app)
        .post('/api/web/messages')
        .send({ userId: 'flooder', text: '죽고 싶어' });
      expect(crisis.status).toBe(200);
      expect(crisis.body.messages.map((m: { text: string }) => m.text).join('\n')).toContain('109');
    } finally {
      await t.close();
    }
  });

  it('finishes turns in flight before shutting down', async () => {
    const probe = createProbeCapability();
    const t = await startTestBot(getDb(), { plugins: { capabilities: () => [probe] } });
    await request(t.bot.app).post('/api/web/messages').send({ userId: 'closer', text: '안녕' });
    const slow = request(t.bot.app)
      .post('/api/web/messages')
      .send({ userId: 'closer', text: 'probe slow' })
      .then((r) => r);
    await probe.slowStarted;
    let closed = false;
    const closing = t.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(false);
    probe.releaseSlow();
    expect((await slow).body.messages.map((m: { text: string }) => m.text)).toContain('slow done');
    await closing;
    const leases = await t.bot.db.query('SELECT 1 FROM user_leases');
    expect(leases.rows).toHaveLength(0);
  });
});
