import type { Exchange } from '../helpers/transcript';
import { handOff, type HandoffStage } from './handoff';

/** What the bot must never answer in support mode (issue 14): the knowledge fallback or the menu card. */
export const NOT_FALLBACK = ['잘 모르겠어요', '잘 못 알아들었어요', '1533-0909', '무엇을 도와줄까요'];

const asStudent: Exchange[] = [
  { user: '안녕하세요', expect: ['누가 이야기하고'] },
  { user: '학생이에요', expect: ['무엇을 도와줄까요'] },
];

/** After the crisis reply: "집이에요. 전화는 무서워서 못하겠어요", "응 내 방이야" — heard, with ways to write. */
export const afterCrisisAtHome: Exchange[] = [
  ...asStudent,
  { user: '나 진짜 죽고 싶어', expect: ['109', '지금 안전한 곳에 있어요?'] },
  {
    user: '집이에요. 전화는 무서워서 못하겠어요',
    expect: ['집에 있구나', '109는 문자로', "카카오톡 '청소년상담1388'", '여기에 계속 이야기해도 돼요'],
    reject: NOT_FALLBACK,
  },
  { user: '응 내 방이야', expect: ['집에 있구나', '여기에 계속 이야기해도 돼요'], reject: NOT_FALLBACK },
];

/** A child after violence at home, outside with nowhere to go: 112 and a place to stay, not 109 first. */
export const violenceNowhereToGo: Exchange[] = [
  ...asStudent,
  { user: '엄마가 맨날 때려요 무서워요', expect: ['112', '1366'] },
  {
    user: '지금 집 앞 놀이터에 있어요 갈 데가 없어요',
    expect: ['갈 곳이 없다고', '112', '청소년 쉼터'],
    reject: NOT_FALLBACK,
  },
];

/** Nobody took the violence-at-home case in time: the follow-up leads with 112 and 1366, not 109. */
export const violenceFollowUp = (after: (ms: number) => Promise<void>): Exchange[] => [
  ...violenceNowhereToGo,
  {
    before: async () => {
      for (let i = 0; i < 4; i += 1) await after(5 * 60_000 + 1000);
    },
    pushed: true,
    expect: [/^[^\n]*112/, '1366', '아직 선생님과 연결되지 못했어요'],
    reject: ['109'],
  },
];

/** A bullied student asks whether the others will know who reported: how 117 keeps the name. */
export const reportFear: Exchange[] = [
  ...asStudent,
  { user: '반 애들이 때리고 돈 뺏어요', expect: ['117'] },
  {
    user: '117에 신고하면 걔네가 내가 신고한거 알게 돼요?',
    expect: ['117은 신고하거나 상담한 사람이 누구인지 알리지 않게', '이름을 말하지 않고'],
    reject: NOT_FALLBACK,
  },
];

/** Asking for a person in words, then "그냥 여기서 얘기하면 안돼요? 전화는 싫어요": a case, honestly paged. */
export const askForPerson = (consent14plus: () => Promise<void>): Exchange[] => [
  ...asStudent,
  // A 14+ student (as consent would record): what they type may be kept for the counsellor.
  {
    before: consent14plus,
    user: '선생님이랑 얘기하고 싶어요',
    expect: ['누구랑 이야기하고 싶어요', '서울런 상담 선생님'],
  },
  {
    user: '그냥 여기서 얘기하면 안돼요? 전화는 싫어요',
    expect: ['서울런 상담 선생님께 알렸어요', '맡은 선생님과 서울런 운영팀이 볼 수 있어요'],
    reject: ['잘 모르겠어요', '잘 못 알아들었어요', '1533-0909'],
  },
  // In support mode: heard and kept, and asking again says where it stands.
  { user: '사람이랑 얘기하고 싶어요', expect: ['이미 선생님께 알렸어요'], reject: NOT_FALLBACK },
];

/**
 * "사람이랑 얘기하고 싶어요" and "상담 선생님이요" open the choice and pick a counsellor. A question at the
 * choice is answered and the choice asked again; the answer after it still picks (issue 13: support
 * lost its saved state).
 */
export const personThenCounsellor: Exchange[] = [
  ...asStudent,
  { user: '사람이랑 얘기하고 싶어요', expect: ['누구랑 이야기하고 싶어요'] },
  {
    user: '근데 서울런은 돈 내야 돼요?',
    expect: ['무료', '누구랑 이야기하고 싶어요'],
    reject: ['잘 못 알아들었어요', '무엇을 도와줄까요'],
  },
  { user: '상담 선생님이요', expect: ['서울런 상담 선생님께 알렸어요'], reject: NOT_FALLBACK },
];

/**
 * During a relay the student's 도움말, 퀴즈 and 내 정보 삭제 run (never forwarded); the mentor is told
 * the student left, then that they deleted their data.
 */
export const commandsInRelay = (
  s: HandoffStage,
  inRelay: () => Promise<void> = async () => {},
): Exchange[] => [
  ...handOff(s),
  {
    before: inRelay,
    as: 'student',
    user: '도움말',
    expect: ['이렇게 쓸 수 있어요'],
    reject: ['선생님께 전달했어요'],
  },
  { as: 'student', user: '퀴즈', reject: ['선생님께 전달했어요'] },
  {
    before: () => s.tick(),
    as: 'mentor',
    pushed: true,
    expect: ['대화를 떠났어요'],
    reject: ['도움말', '[학생 #'],
  },
  {
    as: 'student',
    user: '내 정보 삭제',
    expect: ['내 정보를 모두 지울까요?'],
    reject: ['선생님께 전달했어요'],
  },
  { as: 'student', tap: '네, 지워 주세요', expect: ['모두 지웠어요'] },
  { before: () => s.tick(), as: 'mentor', pushed: true, expect: ['자기 정보를 모두 지웠어요'] },
];

/**
 * Issue 15 languages on issue 14's support mode: a Vietnamese student is answered in Vietnamese from
 * the crisis reply on, and what they write next is heard in Vietnamese, never in English.
 */
export const vietnameseStudent: Exchange[] = [
  { user: 'Tôi muốn chết', expect: ['109', 'Cảm ơn bạn'], reject: ['Thank you', '말해 줘서'] },
  {
    user: 'Cảm ơn. Mình chỉ muốn viết ở đây thôi',
    expect: ['Bạn cứ tiếp tục viết ở đây'],
    reject: [...NOT_FALLBACK, "I'm not sure", 'You can keep writing', 'Thank you'],
  },
];
