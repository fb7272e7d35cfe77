import { toPayload } from '../../../integrations/line/inbound-store';
import { MAX_RECOVERY_ATTEMPTS, recoverable } from '../../../integrations/line/recovery';
import type { LineInbound } from '../../../integrations/line/webhook-body';

const stored = (id: string, minute: number) => {
  const item: LineInbound = {
    event: {
      channel: 'line',
      channelUserId: 'U1',
      channelEventId: id,
      kind: 'text',
      text: id,
      occurredAt: new Date(Date.UTC(2026, 11, 1, 3, minute)),
    },
    source: 'user',
    isRedelivery: false,
    receivedAt: new Date(Date.UTC(2026, 11, 1, 3, minute)),
  };
  return JSON.parse(JSON.stringify(toPayload(item))) as ReturnType<typeof toPayload>;
};

describe('recoverable', () => {
  it('processes orphaned events oldest first', () => {
    const items = recoverable(
      [
        { channel_event_id: 'late', payload: stored('late', 5), attempts: 1 },
        { channel_event_id: 'early', payload: stored('early', 1), attempts: 2 },
      ],
      new Set(),
    );
    expect(items.map((i) => i.event.channelEventId)).toEqual(['early', 'late']);
    expect(items[0]?.replyToken).toBeUndefined();
  });

  it('leaves out events given up on, without a payload, or queued in this process meanwhile', () => {
    const items = recoverable(
      [
        { channel_event_id: 'tired', payload: stored('tired', 1), attempts: MAX_RECOVERY_ATTEMPTS + 1 },
        { channel_event_id: 'empty', payload: null, attempts: 1 },
        { channel_event_id: 'busy', payload: stored('busy', 2), attempts: 1 },
        { channel_event_id: 'ok', payload: stored('ok', 3), attempts: MAX_RECOVERY_ATTEMPTS },
      ],
      new Set(['busy']),
    );
    expect(items.map((i) => i.event.channelEventId)).toEqual(['ok']);
  });
});
