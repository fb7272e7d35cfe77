import { dedupeKey } from '../../../integrations/kakao/dedupe-window';
import {
  KAKAO_EVENT_PARAM,
  messageKindOf,
  parseSkillPayload,
  readKakaoRequest,
  syntheticEventId,
  toInboundEvent,
  type SkillPayload,
} from '../../../integrations/kakao/skill-payload';
import { fixture, fixtureNames, type FixtureJson } from './helpers';

const at = new Date('2026-03-02T07:00:00.000Z');

function parse(body: unknown): SkillPayload {
  const result = parseSkillPayload(body);
  if (!result.ok) throw new Error(result.reason);
  return result.payload;
}

describe('SkillPayload fixtures', () => {
  it('has the fixtures the issue asks for', () => {
    expect(fixtureNames()).toEqual(
      expect.arrayContaining([
        'callback-enabled',
        'dev-channel',
        'event-block',
        'first-message',
        'image-message',
        'not-a-friend',
        'quick-reply-tap',
      ]),
    );
  });

  it.each(fixtureNames())('%s parses into a kakao InboundEvent', (name) => {
    const payload = parse(fixture(name));
    const event = toInboundEvent(payload, at);
    expect(event.channel).toBe('kakao');
    expect(event.channelUserId).toBe(fixture(name).userRequest.user.id);
    expect(event.channelEventId).toMatch(/^kakao:[0-9a-f]{40}$/);
    expect(event.occurredAt).toEqual(at);
  });

  it('first message: text, whole utterance, a friend, Korean', () => {
    const payload = parse(fixture('first-message'));
    const event = toInboundEvent(payload, at);
    expect(event).toMatchObject({ kind: 'text', text: '안녕하세요', reachable: true });
    expect(event.postback).toBeUndefined();
    const facts = readKakaoRequest(payload);
    expect(facts).toMatchObject({
      plusfriendUserKey: 'Xk3PqL9mZt2A',
      isFriend: true,
      language: 'ko',
      devChannel: false,
      event: null,
    });
    expect(facts.clientExtra).toEqual({});
  });

  it('quick-reply tap: our postback from clientExtra, the label as text', () => {
    const event = toInboundEvent(parse(fixture('quick-reply-tap')), at);
    expect(event).toMatchObject({ kind: 'postback', postback: 'faq:topic:mentoring', text: '멘토링 신청' });
  });

  it('callback-enabled: keeps the callback URL byte for byte, lang "kr" is Korean, null clientExtra', () => {
    const raw = fixture('callback-enabled');
    const payload = parse(raw);
    const facts = readKakaoRequest(payload);
    expect(facts.callbackUrl).toBe(raw.userRequest.callbackUrl);
    expect(facts.language).toBe('ko');
    expect(facts.clientExtra).toBeNull();
    expect(facts.appUserId).toBe('3141592653');
    expect(toInboundEvent(payload, at).text).toBe(raw.userRequest.utterance);
  });

  it('callback-enabled: the event id comes from the one-time token, not the clock', () => {
    const payload = parse(fixture('callback-enabled'));
    expect(syntheticEventId(payload, at)).toBe(syntheticEventId(payload, new Date(at.getTime() + 5000)));
  });

  it('without a callback the event id differs per arrival time and per user', () => {
    const payload = parse(fixture('first-message'));
    const other = fixture('first-message');
    other.userRequest.user.id = 'someone-else';
    expect(syntheticEventId(payload, at)).not.toBe(syntheticEventId(payload, new Date(at.getTime() + 1)));
    expect(syntheticEventId(payload, at)).not.toBe(syntheticEventId(parse(other), at));
  });

  it('event block: detected from our params marker', () => {
    const facts = readKakaoRequest(parse(fixture('event-block')));
    expect(facts.event).toEqual({
      eventName: 'outbox',
      params: expect.objectContaining({ [KAKAO_EVENT_PARAM]: 'outbox' }),
    });
  });

  it('event block: detected from the block id when the host knows it', () => {
    const raw = fixture('event-block');
    delete raw.userRequest.params[KAKAO_EVENT_PARAM];
    expect(readKakaoRequest(parse(raw)).event).toBeNull();
    expect(
      readKakaoRequest(parse(raw), { eventBlockId: raw.userRequest.block.id, eventName: 'outbox' }).event
        ?.eventName,
    ).toBe('outbox');
  });

  it('dev channel: bot id with "!" normalised, clientExtra "null" string is null', () => {
    const facts = readKakaoRequest(parse(fixture('dev-channel')));
    expect(facts.botId.endsWith('!')).toBe(true);
    expect(facts.botIdNormalised).toBe('65f0a1b2c3d4e5f600000000');
    expect(facts.devChannel).toBe(true);
    expect(facts.clientExtra).toBeNull();
  });

  it('not a friend: isFriend absent means unreachable; snake_case duplicates tolerated', () => {
    const payload = parse(fixture('not-a-friend'));
    expect(readKakaoRequest(payload).isFriend).toBe(false);
    expect(toInboundEvent(payload, at).reachable).toBe(false);
  });

  it('image: a Kakao CDN URL is media and its URL is not kept as text', () => {
    const event = toInboundEvent(parse(fixture('image-message')), at);
    expect(event.kind).toBe('media');
    expect(event.text).toBeUndefined();
  });
});

describe('media and stickers', () => {
  const withUtterance = (utterance: string, params?: Record<string, unknown>) => {
    const raw = fixture('first-message');
    raw.userRequest.utterance = utterance;
    if (params) raw.action.params = params;
    return parse(raw);
  };

  it.each([
    ['http://dn-m.talk.kakao.com/talkm/bl4xYz/abc/i_123.jpg', 'media'],
    ['https://example.org/scan/가족관계증명서.pdf', 'media'],
    ['사진을 보냈습니다.', 'media'],
    ['이모티콘', 'sticker'],
    ['(이모티콘)', 'sticker'],
    ['https://slearn.seoul.go.kr 여기 들어가면 되나요?', 'text'],
    ['https://slearn.seoul.go.kr', 'text'],
    ['사진 찍어서 보내도 돼요?', 'text'],
  ])('%s → %s', (utterance, kind) => {
    expect(messageKindOf(withUtterance(utterance))).toBe(kind);
  });

  it('an image from the secure-image plugin in action.params is media', () => {
    const payload = withUtterance('사진', {
      secureimage:
        '{"privacyAgreement":"Y","imageQuantity":"1","secureUrls":"List(http://k.kakaocdn.net/dn/x/y.jpg)"}',
    });
    expect(toInboundEvent(payload, at).kind).toBe('media');
  });

  it('an image described as { type, url } in userRequest.params is media', () => {
    const raw = fixture('first-message');
    raw.userRequest.params.media = { type: 'image', url: 'https://talk.kakaocdn.net/dna/a/b/i_1.png' };
    expect(messageKindOf(parse(raw))).toBe('media');
  });
});

describe('tolerant where it may be, strict where we read', () => {
  it('keeps unknown fields and reads the utterance whole (5,000 characters)', () => {
    const raw = fixture('first-message');
    raw.userRequest.utterance = '가'.repeat(5000);
    raw.somethingNew = { nested: true };
    raw.userRequest.user.properties.accountId = '42';
    const payload = parse(raw);
    expect(toInboundEvent(payload, at).text).toHaveLength(5000);
    expect((payload as Record<string, unknown>).somethingNew).toEqual({ nested: true });
  });

  it.each([
    ['no userRequest', (r: FixtureJson) => delete r.userRequest, 'userRequest'],
    ['no user id', (r: FixtureJson) => delete r.userRequest.user.id, 'userRequest.user.id'],
    [
      'a user id over 70 chars',
      (r: FixtureJson) => (r.userRequest.user.id = 'x'.repeat(71)),
      'userRequest.user.id',
    ],
    ['no utterance', (r: FixtureJson) => delete r.userRequest.utterance, 'userRequest.utterance'],
    ['no bot', (r: FixtureJson) => delete r.bot, 'bot'],
  ])('rejects a payload with %s, naming the field', (_name, mutate, path) => {
    const raw = fixture('first-message');
    mutate(raw);
    const result = parseSkillPayload(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(path);
  });

  it('rejects non-objects', () => {
    expect(parseSkillPayload(null).ok).toBe(false);
    expect(parseSkillPayload('{"userRequest":{}}').ok).toBe(false);
  });

  it('clientExtra as a JSON string is read as a map', () => {
    const raw = fixture('first-message');
    raw.action.clientExtra = '{"postback":"quiz:answer:q-1:2"}';
    expect(toInboundEvent(parse(raw), at)).toMatchObject({ kind: 'postback', postback: 'quiz:answer:q-1:2' });
  });

  it('a missing properties object means not a friend', () => {
    const raw = fixture('first-message');
    delete raw.userRequest.user.properties;
    expect(readKakaoRequest(parse(raw)).isFriend).toBe(false);
  });
});

describe('dedupe keys', () => {
  it('{} and null clientExtra are the same; key order does not matter; question ids do', () => {
    expect(dedupeKey('u', '1', {})).toBe(dedupeKey('u', '1', null));
    expect(dedupeKey('u', '1', { a: 1, postback: 'x' })).toBe(dedupeKey('u', '1', { postback: 'x', a: 1 }));
    expect(dedupeKey('u', '1', { postback: 'quiz:answer:q-1:1' })).not.toBe(
      dedupeKey('u', '1', { postback: 'quiz:answer:q-2:1' }),
    );
    expect(dedupeKey('u', '1', null)).not.toBe(dedupeKey('v', '1', null));
  });
});
