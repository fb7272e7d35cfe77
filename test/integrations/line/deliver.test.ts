import { tokenFresh } from '../../../integrations/line/deliver';
import type { LineInbound } from '../../../integrations/line/webhook-body';

describe('tokenFresh', () => {
  const received = new Date('2026-12-01T03:00:00Z');
  const item = (replyToken?: string): LineInbound => ({
    event: { channel: 'line', channelUserId: 'U1', channelEventId: 'e1', kind: 'text', occurredAt: received },
    replyToken,
    source: 'user',
    isRedelivery: false,
    receivedAt: received,
  });
  const after = (ms: number) => new Date(received.getTime() + ms);

  it('uses a live event’s token inside the window only', () => {
    expect(tokenFresh(item('t'), true, after(49_000), 50_000)).toBe(true);
    expect(tokenFresh(item('t'), true, after(50_000), 50_000)).toBe(false);
  });

  it('never uses a token for a recovered event or an event without one', () => {
    expect(tokenFresh(item('t'), false, after(0), 50_000)).toBe(false);
    expect(tokenFresh(item(), true, after(0), 50_000)).toBe(false);
  });
});
