import { toPayload } from '../../../integrations/line/inbound-store';
import { MAX_RECOVERY_ATTEMPTS, recoverable } from '../../../integrations/line/recovery';
import { lineText } from './line-items';

/** What the inbound log returns for an event stored at 12:`minute`. */
const stored = (id: string, minute: number) =>
  JSON.parse(JSON.stringify(toPayload(lineText('U1', id, minute)))) as ReturnType<typeof toPayload>;

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
