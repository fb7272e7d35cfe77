import {
  classifyLineEvents,
  parseLineWebhookBody,
  toInboundEvents,
  type LineInbound,
} from '../../../integrations/line/webhook-body';
import { LINE_FIXTURES, lineFixture } from '../../fakes/line-webhook';

const RECEIVED = new Date('2026-03-02T07:00:00.000Z');
const UA = 'U4af4980629a1b2c3d4e5f60718293a4b';
const UB = 'U7c8d9e0f1a2b3c4d5e6f708192a3b4c5';

function inbound(name: string): LineInbound[] {
  const parsed = parseLineWebhookBody(lineFixture(name));
  if (!parsed.ok) throw new Error(parsed.error);
  return toInboundEvents(parsed.body, RECEIVED);
}

describe('LINE webhook body', () => {
  it.each(LINE_FIXTURES)('fixture %s parses', (name) => {
    const parsed = parseLineWebhookBody(Buffer.from(lineFixture(name)));
    expect(parsed.ok).toBe(true);
  });

  it('a text message', () => {
    expect(inbound('text')).toEqual([
      {
        event: {
          channel: 'line',
          channelUserId: UA,
          channelEventId: '01H810YECXQQZ37VAXPF6H9E6T',
          kind: 'text',
          text: '서울런 신청하려면 뭐가 필요해요?',
          occurredAt: new Date(1692251666727),
        },
        replyToken: '38ef843bde154d9b91c21320ffd17a0f',
        source: 'user',
        isRedelivery: false,
        messageId: '468789577898262530',
        receivedAt: RECEIVED,
      },
    ]);
  });

  it('two users in one body, in body order', () => {
    const events = inbound('two-users');
    expect(events.map((e) => [e.event.channelUserId, e.event.kind, e.replyToken])).toEqual([
      [UA, 'text', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'],
      [UB, 'follow', '0f9e8d7c6b5a49382716a5b4c3d2e1f0'],
    ]);
  });

  it('a sticker carries its keywords as text for the risk screen', () => {
    const [sticker] = inbound('sticker');
    expect(sticker?.event).toMatchObject({ kind: 'sticker', text: 'cry sad tears Sobbing' });
    expect(sticker?.messageId).toBe('468789577898262532');
  });

  it('a sticker without keywords has no text; a message sticker keeps its text', () => {
    const body = JSON.parse(lineFixture('sticker'));
    delete body.events[0].message.keywords;
    expect(toInboundEvents(body, RECEIVED)[0]?.event.text).toBeUndefined();
    body.events[0].message.text = '고마워요';
    expect(toInboundEvents(body, RECEIVED)[0]?.event.text).toBe('고마워요');
  });

  it('an image becomes media and keeps nothing of the content', () => {
    const [image] = inbound('image');
    expect(image?.event.kind).toBe('media');
    expect(image?.event.text).toBeUndefined();
    expect(JSON.stringify(image)).not.toMatch(/imageSet|contentProvider|E005D41A/);
  });

  it.each(['video', 'audio', 'file', 'location'])('a %s message becomes media', (type) => {
    const body = JSON.parse(lineFixture('image'));
    body.events[0].message = {
      type,
      id: '1',
      title: 'my address',
      address: '서울특별시 …',
      latitude: 37.5,
      longitude: 127,
      fileName: 'secret.pdf',
    };
    const [event] = toInboundEvents(body, RECEIVED);
    expect(event?.event.kind).toBe('media');
    expect(JSON.stringify(event)).not.toMatch(/address|secret\.pdf|37\.5/);
  });

  it('a postback carries our payload', () => {
    expect(inbound('postback')[0]?.event).toMatchObject({
      kind: 'postback',
      postback: 'quiz:answer:q-123:2',
    });
  });

  it('a postback longer than 300 characters is not ours and is skipped', () => {
    const body = JSON.parse(lineFixture('postback'));
    body.events[0].postback.data = 'x'.repeat(301);
    expect(classifyLineEvents(body, RECEIVED)).toEqual({
      inbound: [],
      ignored: [{ index: 0, type: 'postback', reason: 'postback_too_long' }],
    });
  });

  it('follow, unfollow (no reply token), unsend (the unsent message id)', () => {
    expect(inbound('follow')[0]).toMatchObject({
      event: { kind: 'follow', channelUserId: UB },
      replyToken: '85cbe770fa8b4f45bbb4a4d1e7a8e3b1',
    });
    const [unfollow] = inbound('unfollow');
    expect(unfollow?.event.kind).toBe('unfollow');
    expect(unfollow?.replyToken).toBeUndefined();
    const [unsend] = inbound('unsend');
    expect(unsend?.event).toMatchObject({ kind: 'unsend', unsentMessageId: '468789577898262530' });
    expect(unsend?.replyToken).toBeUndefined();
  });

  it('a group message says where it came from', () => {
    expect(inbound('group-message')[0]).toMatchObject({
      event: { kind: 'text', channelUserId: UA },
      source: 'group',
      groupOrRoomId: 'Ca56f94637c1a2b3c4d5e6f708192a3b4',
    });
  });

  it('a room message without a userId stands on the room id', () => {
    const body = JSON.parse(lineFixture('group-message'));
    body.events[0].source = { type: 'room', roomId: 'Ra8dbf4e1a2b3c4d5e6f708192a3b4c5d' };
    expect(toInboundEvents(body, RECEIVED)[0]).toMatchObject({
      source: 'room',
      groupOrRoomId: 'Ra8dbf4e1a2b3c4d5e6f708192a3b4c5d',
      event: { channelUserId: 'Ra8dbf4e1a2b3c4d5e6f708192a3b4c5d' },
    });
  });

  it('a redelivery keeps the event id, token and time, and says it is one', () => {
    const [first] = inbound('text');
    const [again] = inbound('redelivery');
    expect(again?.isRedelivery).toBe(true);
    expect(again?.event).toEqual(first?.event);
    expect(again?.replyToken).toBe(first?.replyToken);
  });

  it("the console's verify body has no events", () => {
    expect(inbound('verify')).toEqual([]);
  });

  it('unknown types, standby events, malformed events and source-less events are skipped, the rest kept', () => {
    const parsed = parseLineWebhookBody(lineFixture('ignored'));
    if (!parsed.ok) throw new Error(parsed.error);
    const { inbound: kept, ignored } = classifyLineEvents(parsed.body, RECEIVED);
    expect(ignored).toEqual([
      { index: 0, type: 'join', reason: 'unknown_type' },
      { index: 1, type: 'message', reason: 'standby' },
      { index: 2, type: 'somethingNew', reason: 'unknown_type' },
      { index: 3, type: 'message', reason: 'malformed' },
      { index: 4, type: 'accountLink', reason: 'no_source' },
    ]);
    expect(kept.map((k) => [k.event.channelUserId, k.event.text])).toEqual([[UB, '이건 처리돼야 해요']]);
  });

  it('garbage in an event array never throws', () => {
    const body = {
      destination: 'U0',
      events: [
        null,
        1,
        'x',
        [],
        { type: 'message' },
        {
          type: 'message',
          webhookEventId: 'e',
          timestamp: 1,
          source: { type: 'user', userId: 'U1' },
          message: { type: 'text', id: '1', text: '안녕' },
        },
      ],
    };
    const { inbound: kept, ignored } = classifyLineEvents(body, RECEIVED);
    expect(kept).toHaveLength(1);
    expect(ignored.map((i) => i.reason)).toEqual([
      'malformed',
      'malformed',
      'malformed',
      'malformed',
      'malformed',
    ]);
  });

  it('rejects a body that is not JSON or not a webhook', () => {
    expect(parseLineWebhookBody('not json').ok).toBe(false);
    expect(parseLineWebhookBody('{"events":{}}').ok).toBe(false);
    expect(parseLineWebhookBody('[]').ok).toBe(false);
  });

  it('decodes escaped non-BMP emoji', () => {
    expect(inbound('emoji-text')[0]?.event.text).toBe('🤨 오늘 힘들었어요');
  });
});
