import type { LineInbound } from '../../../integrations/line/webhook-body';

/** A 1:1 LINE text event from `user` at 12:`minute` Seoul time on 2026-12-01, its text its id. */
export function lineText(
  user: string,
  id: string,
  minute: number,
  over: Partial<LineInbound> = {},
): LineInbound {
  const at = new Date(Date.UTC(2026, 11, 1, 3, minute));
  return {
    event: {
      channel: 'line',
      channelUserId: user,
      channelEventId: id,
      kind: 'text',
      text: id,
      occurredAt: at,
    },
    source: 'user',
    isRedelivery: false,
    receivedAt: at,
    ...over,
  };
}
