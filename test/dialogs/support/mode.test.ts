import type { DialogState } from '../../../bot/dialog';
import { fill } from '../../../bot/texts-loader';
import type { HarmKind } from '../../../bot/risk';
import { crisisSent, followUpReply, harmOfSent, sentLine } from '../../../dialogs/support/harm';
import type { SupportContext } from '../../../dialogs/support/shared';
import { supportModeLines, topicsOf } from '../../../dialogs/support/mode';
import { typedChoice } from '../../../dialogs/support/student';
import { threadLines, threadText } from '../../../dialogs/support/thread';
import { fakeTurn, testContacts, testTexts } from '../../helpers/fake-turn';

/** Support mode's pure parts, without a database (each in milliseconds). */
const sc = { deps: { contacts: testContacts(), texts: testTexts() } } as unknown as SupportContext;
const FALLBACK = ['잘 모르겠어요', '잘 못 알아들었어요', '1533-0909'];

function linesFor(text: string, harm?: HarmKind): string {
  const state: DialogState = { v: 1, flow: 'support', step: 'mode', answers: harm ? { harm } : {} };
  const { ctx } = fakeTurn({ text, state });
  return supportModeLines(ctx, sc, topicsOf(text)).join('\n');
}

describe('support mode replies', () => {
  it.each([
    ['집이에요. 전화는 무서워서 못하겠어요', ['home', 'phoneFear']],
    ['응 내 방이야', ['home']],
    ['지금 집 앞 놀이터에 있어요 갈 데가 없어요', ['nowhere']],
    ['117에 신고하면 걔네가 내가 신고한거 알게 돼요?', ['reportFear']],
    ['그냥 너무 피곤해', ['general']],
    ['선생님은 언제 와요?', ['question']],
  ])('reads "%s" as %j', (text, topics) => {
    expect(topicsOf(text)).toEqual(topics);
  });

  it('offers writing instead of calling when the phone is frightening (109 text, 1388 KakaoTalk)', () => {
    const reply = linesFor('집이에요. 전화는 무서워서 못하겠어요');
    expect(reply).toContain('집에 있구나');
    expect(reply).toContain('109는 문자로');
    expect(reply).toContain("카카오톡 '청소년상담1388'");
    for (const bad of FALLBACK) expect(reply).not.toContain(bad);
  });

  it('after violence at home, home is not called safe and 112 comes first', () => {
    const reply = linesFor('응 내 방이야', 'home');
    expect(reply).not.toContain('집에 있구나');
    expect(reply).toContain('112');
    expect(reply).toContain('1366');
  });

  it('nowhere to go: a shelter through 1388; after violence at home, 112 first', () => {
    expect(linesFor('갈 데가 없어요')).toContain('청소년 쉼터');
    const harmed = linesFor('지금 집 앞 놀이터에 있어요 갈 데가 없어요', 'home');
    expect(harmed.indexOf('112')).toBeLessThan(harmed.indexOf('1388'));
  });

  it('fear of being found out after reporting: how 117 keeps the name', () => {
    const reply = linesFor('117에 신고하면 걔네가 내가 신고한거 알게 돼요?', 'school');
    expect(reply).toContain('117은 신고하거나 상담한 사람이 누구인지 알리지 않게');
    expect(reply).toContain('#0117이에요');
  });
});

describe('asking for a person at the choice', () => {
  it.each([
    ['상담 선생님이요', 'staff'],
    ['그냥 여기서 얘기하면 안돼요? 전화는 싫어요', 'staff'],
    ['사람이랑 얘기하고 싶어요', 'staff'],
    ['1388에 할래요', 'line'],
    ['멘토 선생님이요', 'mentor'],
    ['음', null],
  ] as const)('"%s" → %s', (text, choice) => {
    expect(typedChoice(text, true)).toBe(choice);
  });

  it('without a linked mentor, "멘토" is not a mentor choice', () => {
    expect(typedChoice('멘토', false)).toBeNull();
  });
});

describe('harm subtypes in alerts and the follow-up', () => {
  const ko = testTexts().ko;
  const contacts = testContacts();
  const firstLine = (botSent?: string) => {
    const m = followUpReply(ko, contacts, botSent).messages[0];
    return m && m.type === 'text' ? m.text : '';
  };

  it('names exactly which first reply was sent', () => {
    expect(crisisSent({ harm: 'home' })).toBe('crisis_home');
    expect(crisisSent({ harm: 'school', inProgress: true })).toBe('crisis_now');
    expect(crisisSent({})).toBe('crisis_reply');
    expect(harmOfSent('crisis_home')).toBe('home');
    expect(harmOfSent('crisis_reply')).toBeUndefined();
    expect(sentLine(ko, contacts, 'crisis_home')).toBe('집에서의 폭력 안내(112·1366·1388)');
    expect(sentLine(ko, contacts, 'crisis_cyber')).toContain('117');
  });

  it('the follow-up leads with 112 and 1366 for violence at home, 117 for school, 109 for self-risk', () => {
    expect(firstLine('crisis_home')).toMatch(/^[^0-9]*112[^0-9]+1366/);
    expect(firstLine('crisis_home')).not.toContain('109');
    expect(firstLine('crisis_school')).toMatch(/^[^0-9]*117/);
    expect(firstLine('crisis_reply')).toMatch(/^[^0-9]*109/);
    const buttons = followUpReply(ko, contacts, 'crisis_home').messages[1];
    expect(buttons?.type === 'card' ? buttons.buttons.map((b) => b.label) : []).toEqual([
      '112 전화',
      '1366 전화',
      '1388 전화',
    ]);
  });
});

describe('particles by the word', () => {
  it.each([
    ['케이스 #{c:을/를}', { c: 17 }, '케이스 #17을'],
    ['학생 #{c:이/가}', { c: 18 }, '학생 #18이'],
    ['학생 #{c:이/가}', { c: 19 }, '학생 #19가'],
    ['{n:은/는}', { n: 109 }, '109는'],
    ['{n:은/는}', { n: 1388 }, '1388은'],
    ['{n:으로/로}', { n: 10 }, '10으로'],
    ['{n:이에요/예요}', { n: '#0117' }, '#0117이에요'],
    ['{name:이/가}', { name: '민호' }, '민호가'],
    ['{name:이/가}', { name: '지섭' }, '지섭이'],
  ] as const)('%s with %j → %s', (template, params, expected) => {
    expect(fill(template, params)).toBe(expected);
  });
});

describe('the case thread keeps little', () => {
  it('masks personal numbers again and cuts long messages', () => {
    expect(threadText('내 번호 010-1234-5678 이야')).toBe('내 번호 [전화번호] 이야');
    expect(threadText('가'.repeat(900))).toHaveLength(500);
  });
});

describe('the thread as the helper reads it', () => {
  it('lists what the student wrote with Seoul times, and says so when there is nothing', () => {
    const ko = testTexts().ko;
    const at = new Date('2026-11-28T07:02:00Z');
    expect(
      threadLines(ko, [
        { at, author: 'student', text: '집이에요', level: 'none' },
        { at, author: 'bot', text: '집에 있구나.', level: 'none' },
      ]),
    ).toEqual([
      '학생이 지금까지 쓴 말 (1개):',
      '[11/28 16:02] 학생: 집이에요',
      '[11/28 16:02] 봇: 집에 있구나.',
    ]);
    expect(threadLines(ko, [])).toEqual(['학생이 아직 남긴 말이 없어요.']);
  });
});
