import { toPayload } from '../../../integrations/line/inbound-store';
import { recoverable } from '../../../integrations/line/recovery';
import { lineText } from './line-items';

/** What the inbound log returns for an event stored at 12:`minute`. */
const stored = (id: string, minute: number) =>
  JSON.parse(JSON.stringify(toPayload(lineText('U1', id, minute)))) as ReturnType<typeof toPayload>;

describe('recoverable', () => {
  it('processes orphaned events oldest first, without reply tokens', () => {
    const items = recoverable([stored('late', 5), stored('early', 1)]);
    expect(items.map((i) => i.event.channelEventId)).toEqual(['early', 'late']);
    expect(items[0]?.replyToken).toBeUndefined();
    expect(items[0]?.event.occurredAt).toEqual(new Date(Date.UTC(2026, 11, 1, 3, 1)));
  });

  it('leaves out an event whose payload is gone', () => {
    expect(recoverable([null, stored('ok', 3)]).map((i) => i.event.channelEventId)).toEqual(['ok']);
  });
});
