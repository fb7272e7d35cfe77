import { fromPayload, strip, toPayload } from '../../../integrations/line/inbound-store';
import type { LineInbound } from '../../../integrations/line/webhook-body';

const at = new Date('2026-12-01T03:00:00Z');
const inbound = (over: Partial<LineInbound> = {}, text = '제 번호는 010-1234-5678이에요'): LineInbound => ({
  event: {
    channel: 'line',
    channelUserId: 'U1',
    channelEventId: 'ev-1',
    kind: 'text',
    text,
    screenText: text,
    occurredAt: at,
  },
  replyToken: 'token-1',
  source: 'user',
  isRedelivery: false,
  messageId: 'm-1',
  receivedAt: at,
  ...over,
});

describe('toPayload', () => {
  it('keeps a 1:1 text masked, and never the reply token or the screen text', () => {
    const payload = toPayload(inbound());
    expect(payload.event.text).not.toContain('1234-5678');
    expect(JSON.stringify(payload)).not.toContain('token-1');
    expect(payload.event).not.toHaveProperty('screenText');
    expect(payload).toMatchObject({
      line: 1,
      source: 'user',
      messageId: 'm-1',
      receivedAt: at.toISOString(),
    });
  });

  it('keeps no text from a group', () => {
    const payload = toPayload(inbound({ source: 'group', groupOrRoomId: 'G1' }));
    expect(payload.event).not.toHaveProperty('text');
    expect(payload.groupOrRoomId).toBe('G1');
  });

  it('masks a postback like text', () => {
    const event = {
      ...inbound().event,
      kind: 'postback' as const,
      text: undefined,
      postback: 'x:010-1234-5678',
    };
    expect(toPayload(inbound({ event })).event.postback).not.toContain('1234-5678');
  });
});

describe('fromPayload', () => {
  it('gives the stored event back with its dates, without a reply token', () => {
    const back = fromPayload(JSON.parse(JSON.stringify(toPayload(inbound({}, '안녕하세요')))));
    expect(back.event).toEqual({
      channel: 'line',
      channelUserId: 'U1',
      channelEventId: 'ev-1',
      kind: 'text',
      text: '안녕하세요',
      occurredAt: at,
    });
    expect(back.replyToken).toBeUndefined();
    expect(back.receivedAt).toEqual(at);
  });
});

describe('strip', () => {
  it('drops undefined keys and keeps the rest', () => {
    expect(strip({ a: 1, b: undefined, c: null })).toEqual({ a: 1, c: null });
    expect(Object.keys(strip({ a: 1, b: undefined }))).toEqual(['a']);
  });
});
