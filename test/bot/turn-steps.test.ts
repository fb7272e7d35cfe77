import type { Person } from '../../bot/people';
import { apologyReply, maskEvent, speakerOf } from '../../bot/turn-steps';
import { testTexts } from '../helpers/fake-turn';

const person = (over: Partial<Person>): Person => ({
  id: 'p1',
  roles: [],
  audience: null,
  consent: 'adult_or_14plus',
  ageBand: null,
  language: 'ko',
  displayName: null,
  channel: 'web',
  channelUserId: 'u1',
  greeted: true,
  ...over,
});

describe('maskEvent', () => {
  const event = {
    channel: 'web' as const,
    channelUserId: 'u1',
    channelEventId: 'e1',
    kind: 'text' as const,
    occurredAt: new Date('2026-12-01T03:00:00Z'),
  };

  it('masks personal numbers in the text and says what it masked', () => {
    const m = maskEvent({ ...event, text: '제 번호는 010-1234-5678이에요' });
    expect(m.event.text).not.toContain('1234-5678');
    expect(m.masked?.masked.length).toBeGreaterThan(0);
  });

  it('masks a postback too: anyone can craft one', () => {
    const m = maskEvent({ ...event, kind: 'postback', postback: 'quiz:answer:010-1234-5678' });
    expect(m.postback).not.toContain('1234-5678');
    expect(m.event.postback).toBe(m.postback);
  });

  it('never keeps the screen text (the head and tail of a cut message)', () => {
    const m = maskEvent({ ...event, text: '앞부분', screenText: '앞부분 … 뒷부분', truncated: true });
    expect(m.event).not.toHaveProperty('screenText');
    expect(m.event.truncated).toBe(true);
  });
});

describe('speakerOf', () => {
  it('reads any helper role as a mentor (their relayed words are not a disclosure)', () => {
    expect(speakerOf(person({ roles: ['coordinator'], audience: 'parent' }))).toBe('mentor');
  });

  it('reads the audience they chose, else unknown', () => {
    expect(speakerOf(person({ audience: 'parent' }))).toBe('parent');
    expect(speakerOf(person({ audience: 'student' }))).toBe('student');
    expect(speakerOf(person({}))).toBe('unknown');
  });
});

describe('apologyReply', () => {
  it('apologises in the person’s language with the menu button', () => {
    const texts = testTexts();
    expect(apologyReply(texts, 'en')).toEqual({
      messages: [{ type: 'text', text: texts.en.t('core.apology') }],
      quickReplies: [{ label: texts.en.t('common.menu'), postback: 'menu:open' }],
    });
  });
});
