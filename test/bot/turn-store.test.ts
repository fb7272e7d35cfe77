import type { InboundEvent } from '../../bot/events';
import { claimStaleInbound, MAX_RECOVERY_ATTEMPTS, recordInbound } from '../../bot/turn-store';
import { describeEachDatabase } from '../helpers/test-database';

const at = new Date('2026-12-01T03:00:00Z');
const event = (id: string, minute: number): InboundEvent => ({
  channel: 'line',
  channelUserId: 'U-claim',
  channelEventId: id,
  kind: 'text',
  occurredAt: new Date(at.getTime() + minute * 60_000),
});

describeEachDatabase('claimStaleInbound (the one recovery loop’s claim)', (getDb) => {
  const claim = (exclude: string[] = []) =>
    claimStaleInbound<{ claimTest: string }>(getDb().db, {
      payloadKey: 'claimTest',
      olderThan: new Date(at.getTime() + 60 * 60_000),
      limit: 10,
      exclude,
    });

  beforeAll(async () => {
    const { db } = getDb();
    await recordInbound(db, event('claim-late', 2), { claimTest: 'late' }, at);
    await recordInbound(db, event('claim-early', 1), { claimTest: 'early' }, at);
    await recordInbound(db, event('claim-busy', 0), { claimTest: 'busy' }, at);
    await recordInbound(db, event('other-kind', 0), { somethingElse: true }, at);
  });

  it('claims only its kind, oldest first, leaving out events being processed now', async () => {
    const { claimed, abandoned } = await claim(['claim-busy']);
    expect(claimed.map((c) => [c.channelEventId, c.payload.claimTest, c.attempts])).toEqual([
      ['claim-early', 'early', 1],
      ['claim-late', 'late', 1],
    ]);
    expect(abandoned).toBe(0);
  });

  it(`gives an event up after ${MAX_RECOVERY_ATTEMPTS} attempts: failed, its text dropped, never claimed again`, async () => {
    for (let i = 1; i < MAX_RECOVERY_ATTEMPTS; i += 1) await claim(['claim-busy']);
    const last = await claim(['claim-busy']);
    expect(last).toEqual({ claimed: [], abandoned: 2 });
    const { rows } = await getDb().db.query<{ channel_event_id: string; status: string; payload: unknown }>(
      `SELECT channel_event_id, status, payload FROM inbound_events WHERE channel_event_id IN ('claim-early', 'claim-late') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { channel_event_id: 'claim-early', status: 'failed', payload: null },
      { channel_event_id: 'claim-late', status: 'failed', payload: null },
    ]);
    expect((await claim()).claimed.map((c) => c.channelEventId)).toEqual(['claim-busy']);
  });
});
