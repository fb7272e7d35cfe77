import type { Exchange } from '../helpers/transcript';
import type { FakeClock } from '../helpers/test-bot';

/** Every eligibility conversation starts with a parent saying who they are. */
const asParent: Exchange[] = [
  { user: '안녕', expect: ['누가 이야기하고'] },
  { user: '학부모예요', expect: ['학부모님'] },
];

/** A parent who knows everything gets the verdict at once, with why and what next, then the walkthrough. */
export const knowsEverything: Exchange[] = [
  ...asParent,
  {
    user: '서울 사는 중2 딸인데 한부모 가정이면 신청돼요?',
    expect: [/^✅ 신청 대상입니다/m, '한부모', 'slearn.seoul.go.kr', '1533-0909', '문의번호'],
  },
  { tap: '신청 방법', expect: ['자격조회'] },
  { user: '다음', expect: ['회원가입'] },
];

/** A parent who knows nothing is asked only what is missing, one thing at a time. */
export const knowsNothing: Exchange[] = [
  ...asParent,
  { tap: '자격 확인', expect: ['서울'] },
  { user: '네', expect: [/나이|학년/] },
  { user: '초3', expect: [/해당|가구/] },
  { user: '잘 모르겠어요', expect: [/❓ 확인이 필요합니다|가구원|소득/] },
];

/** A parent who corrects an answer midway gets the verdict for the corrected facts. */
export const corrects: Exchange[] = [
  ...asParent,
  { user: '서울 사는 중3 아들인데 기초생활수급자예요. 신청돼요?', expect: ['✅ 신청 대상입니다'] },
  { user: '아, 고1이에요', expect: ['고1', '✅ 신청 대상입니다'] },
];

/** Two children in one question: one verdict each, in one reply (counted by the suite). */
export const twoChildren: Exchange[] = [
  ...asParent,
  { user: '서울 살고 차상위예요. 큰애는 고2, 작은애는 중1인데 둘 다 되나요?', expect: ['고2', '중1'] },
];

/** 서울런 4050 is a different programme. */
export const about4050: Exchange[] = [
  ...asParent,
  {
    user: '서울런 4050 신청하려면 어떻게 해요?',
    expect: ['다른 사업', '120'],
    reject: ['✅ 신청 대상입니다'],
  },
];

/** At 23:10 on a Sunday the help centre is closed: say so, say when it opens, and 120 any time. */
export const sundayNight = (clock: FakeClock): Exchange[] => [
  { before: () => clock.set('2026-11-29T14:10:00Z'), user: '안녕' },
  { user: '학부모예요' },
  {
    user: '서울 사는 초5 아이 다문화가정인데 신청할 수 있어요?',
    expect: ['✅ 신청 대상입니다', '지금은 상담 시간이 아니에요', '월요일', '10:00', '120'],
  },
];

/**
 * Issue 13, "What was seen": a question in the middle of the check is answered and the check goes on
 * with its answers kept; short typed answers ("4", "300만원", "서울 송파 살아요") are understood.
 */
export const digressionAndShortAnswers: Exchange[] = [
  ...asParent,
  { tap: '자격 확인', expect: ['자녀분은 서울에 살고 있나요?'] },
  {
    user: '근데 서울런은 유료인가요?',
    expect: ['무료', '서울에 살고 있나요?'],
    reject: ['잘 알아듣지 못했어요', '잘 못 알아들었어요'],
  },
  { user: '네 송파 살아요', expect: [/몇 학년|만 몇 살/] },
  { user: '초3', expect: [/해당/] },
  { user: '해당 없어요', expect: ['몇 명인가요'] },
  { user: '4', expect: ['소득'], reject: ['5명 이상'] },
  { user: '고마워요', expect: ['소득'] },
  { user: '300만원', expect: [/[✅❓❌]/u] },
];

/** A student answers with "16살이요" and "응", and asks whether it is a person: it is an AI. */
export const studentShortAnswers: Exchange[] = [
  { user: '안녕', expect: ['누가 이야기하고'] },
  { user: '학생', expect: ['무엇을 도와줄까요'] },
  { user: '자격 확인해 볼래', expect: ['서울에 살고 있나요?'] },
  { user: '응', expect: [/몇 학년|만 몇 살/] },
  { user: '사람이야?', expect: ['AI', /몇 학년|만 몇 살/] },
  { user: '16살이요', expect: [/해당/] },
];

/** Issue 15: a question about a rule gets the rule and the offer to check, not the check itself. */
export const factQuestion: Exchange[] = [
  ...asParent,
  {
    user: '서울런은 몇 살까지 이용할 수 있어요?',
    expect: ['(우리 아이도 확인)'],
    reject: ['서울에 살고 있나요?'],
  },
  { tap: '우리 아이도', expect: ['서울에 살고 있나요?'] },
];
