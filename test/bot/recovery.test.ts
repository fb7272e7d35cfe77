import request from 'supertest';
import type { InboundEvent } from '../../bot/events';
import { recordInbound } from '../../bot/turn-store';
import { describeEachDatabase } from '../helpers/test-database';
import { startTestBot } from '../helpers/test-bot';

describeEachDatabase('recovery of events stored but never processed', (getDb) => {
  it('finishes an abandoned web event once, replying through the outbox', async () => {
    const t = await startTestBot(getDb());
    try {
      const event: InboundEvent = {
        channel: 'web',
        channelUserId: 'crashed-user',
        channelEventId: 'crashed-1',
        kind: 'text',
        text: '안녕',
        occurredAt: t.clock.now(),
      };
      // What a process that died right after storing leaves behind.
      await recordInbound(
        t.bot.db,
        event,
        { pipelineEvent: { ...event, occurredAt: event.occurredAt.toISOString() } },
        t.clock.now(),
      );
      await t.bot.runDue(t.clock.now());
      const early = await t.bot.db.query<{ status: string }>(
        `SELECT status FROM inbound_events WHERE channel_event_id = 'crashed-1'`,
      );
      expect(early.rows[0]?.status).toBe('received');

      t.clock.advance(2 * 60_000);
      await t.bot.runDue(t.clock.now());
      await t.bot.runDue(t.clock.now());
      const done = await t.bot.db.query<{ status: string; payload: unknown }>(
        `SELECT status, payload FROM inbound_events WHERE channel_event_id = 'crashed-1'`,
      );
      expect(done.rows[0]).toEqual({ status: 'processed', payload: null });
      const inbox = await request(t.bot.app).get('/api/web/messages').query({ userId: 'crashed-user' });
      const texts = inbox.body.messages.map((m: { text: string }) => m.text).join('\n');
      expect(texts).toContain('AI 도우미');
      const replies = await t.bot.db.query(`SELECT 1 FROM outbox WHERE channel_user_id = 'crashed-user'`);
      expect(replies.rows).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
