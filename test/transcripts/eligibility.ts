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
  // A digression deep in the check: the answers before it are kept (the verdict reads the four).
  {
    user: '근데 서울런은 돈 내야 돼요?',
    expect: ['무료', '소득'],
    reject: ['잘 알아듣지 못했어요', '잘 못 알아들었어요', '서울에 살고 있나요?'],
  },
  { user: '고마워요', expect: ['소득'] },
  { user: '300만원', expect: [/[✅❓❌]/u, '4인 가구 중위소득 60% 선 안쪽'] },
];

/**
 * Issue 13, "What was seen": a household said in words ("남편 저 애 둘이요"), an income said the way
 * people say it ("세전 월 900 정도요"), and a correction in words ("3명이요") after the verdict. One
 * miss on the way is said so, and the answers after it go on (never an unrelated page).
 */
export const householdAndIncomeInWords: Exchange[] = [
  ...asParent,
  { tap: '자격 확인', expect: ['서울에 살고 있나요?'] },
  { user: '네', expect: [/몇 학년|만 몇 살/] },
  { user: '잠깐만요', expect: [/몇 학년|만 몇 살/] },
  { user: '중2요', expect: ['아래 중 해당하는 게 있나요?'], reject: ['1533-0909'] },
  { user: '해당 없어요', expect: ['몇 명인가요'] },
  { user: '남편 저 애 둘이요', expect: ['소득', '6,494,738'], reject: ['몇 명인가요'] },
  { user: '세전 월 900 정도요', expect: ['4인 가구 중위소득 60% 선보다 많아요'] },
  { user: '아 3명이요', expect: ['3인 가구'] },
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

/**
 * Issue 15: several facts in one message; only the questions still open are asked, then a verdict.
 * A chain of denials ("수급자도 한부모도 아니고 … 없어요") is never a yes.
 */
export const severalFactsAtOnce: Exchange[] = [
  ...asParent,
  {
    user: '서울 사는 초등학생인데 수급자도 한부모도 아니고 특별히 해당되는 건 없어요',
    expect: ['몇 명인가요'],
    reject: ['✅', '서울에 살고 있나요?', '아래 중 해당하는 게 있나요?'],
  },
  // The income question shows the 2026 기준 중위소득 lines for the household size just given.
  { user: '4명이요', expect: ['소득', '6,494,738', '60%'], reject: ['5명 이상'] },
  {
    user: '월 소득은 800만원이에요 다른 해당 사항은 없어요',
    expect: [/^❓ 확인이 필요합니다/m, '60% 선보다 많아요'],
    reject: ['아래 중 해당하는 게 있나요?', '✅', '기초생활수급자'],
  },
];

/** Issue 15: a correction about the younger child changes that child; the older one keeps its verdict. */
export const correctsYoungerChild: Exchange[] = [
  ...asParent,
  { user: '서울 살고 차상위예요. 큰애는 고2, 작은애는 중1인데 둘 다 되나요?', expect: ['고2', '중1'] },
  {
    user: '아 잠깐 작은애 7살이에요 만으로는 6살',
    expect: ['고쳤어요: 만 6세', '아이 1 (고2)', '아이 2 (만 6세)'],
    reject: ['중1'],
  },
];

/** Issue 15: "4인가구면 얼마?" gets the figure from the table and the offer to check. */
export const medianIncomeQuestion: Exchange[] = [
  ...asParent,
  {
    user: '4인가구면 소득 얼마 이하여야 돼요?',
    expect: ['2026년 4인 가구', '6,494,738', '3,896,843', '소득인정액', '(우리 아이도 확인)'],
    reject: ['서울에 살고 있나요?'],
  },
];

/** Issue 15: questions about a rule get the rule and the offer to check, never the check itself. */
export const ruleQuestions: Exchange[] = [
  ...asParent,
  {
    user: '다문화 가정은 어떤 서류를 내야 돼요?',
    expect: ['가족관계증명서', '(우리 아이도 확인)'],
    reject: ['서울에 살고 있나요?'],
  },
  {
    user: '만 14세 미만 아이는 가입할 때 뭐가 필요해요?',
    expect: ['보호자', '(우리 아이도 확인)'],
    reject: ['서울에 살고 있나요?'],
  },
  {
    user: '자격 확인은 1년마다 다시 해야 하나요?',
    expect: ['해마다', '(우리 아이도 확인)'],
    reject: ['서울에 살고 있나요?'],
  },
  {
    user: '검정고시 강의도 있어요?',
    expect: ['검정고시', '(우리 아이도 확인)'],
    reject: ['서울에 살고 있나요?', '학교로 돌아가거나'],
  },
];

/**
 * An answer and a question in one message: the grade is kept as the answer, the question is answered,
 * and the check goes on to the next question (never the grade again); "검정고시" in a question about
 * lectures is not read as the child being out of school.
 */
export const answerWithQuestion: Exchange[] = [
  ...asParent,
  { user: '우리 애가 서울런 할수있나요', expect: ['서울에 살고 있나요?'] },
  { user: '네 강서구요', expect: [/몇 학년|만 몇 살/] },
  {
    user: '중1이요 근데 검정고시 강의도 있어요?',
    expect: ['검정고시', '아래 중 해당하는 게 있나요?'],
    reject: [/몇 학년|만 몇 살/, '✅ 신청 대상입니다', '해당 기준: 학교 밖'],
  },
  {
    user: '한부모에요',
    // The grade kept: a first-year middle schooler is under 14, so the guardian step is named.
    expect: ['✅ 신청 대상입니다', '한부모', '만 14세 미만은 가입할 때 보호자'],
    reject: ['해당 기준: 학교 밖', /몇 학년|만 몇 살/],
  },
];

/** Issue 15: asking for a person or "the number" gets the help centre's number and hours, once. */
export const helpCentreNumber: Exchange[] = [
  ...asParent,
  {
    user: '상담원이랑 직접 통화하고 싶어요',
    expect: ['1533-0909', '평일 10시~21시'],
    reject: ['서울에 살고 있나요?'],
  },
  { user: '전화번호 좀 알려주세요', expect: ['1533-0909'], reject: ['주민등록번호'] },
];

/**
 * Issue 15: a Vietnamese mother is answered in Vietnamese from her first message, keeps Vietnamese
 * through "네" and "4", gets the Korean verdict line with its translation, and is offered 다누리.
 */
export const vietnameseMother: Exchange[] = [
  {
    user: 'Xin chào, con tôi có được tham gia Seoul Run không?',
    expect: ['Con của bạn có sống ở Seoul không?'],
    reject: ['서울에 살고', 'Does your child'],
  },
  { user: '네', expect: ['Con bạn học lớp mấy'] },
  { tap: 'Tiểu học', expect: ['Gia đình có thuộc trường hợp nào'] },
  { tap: 'Không thuộc', expect: ['bao nhiêu người'] },
  { user: '4', expect: ['Thu nhập hằng tháng', '6,494,738'] },
  {
    user: '300',
    expect: [/^[✅❓] (신청 대상입니다|확인이 필요합니다)$/m, /Đủ điều kiện|Cần kiểm tra/, '1577-1366'],
    reject: ["I'm not sure", '잘 모르겠어요'],
  },
];

/** A Vietnamese mother types her answers in Vietnamese: "lớp 8" is a grade (not age 8), "3 triệu" is 3,000,000 won. */
export const vietnameseMotherTypes: Exchange[] = [
  {
    user: 'Xin chào, con tôi có được tham gia Seoul Run không?',
    expect: ['Con của bạn có sống ở Seoul không?'],
  },
  { user: 'dạ có', expect: ['Con bạn học lớp mấy'] },
  { user: 'lớp 8', expect: ['Gia đình có thuộc trường hợp nào'] },
  { tap: 'Không thuộc', expect: ['bao nhiêu người'] },
  { user: 'hai người', expect: ['Thu nhập hằng tháng'] },
  // Read as 30,000 won it would be far below the line for two; 3,000,000 is above it.
  { user: '3 triệu', expect: ['cao hơn mức 60%', 'hộ 2 người'], reject: ['thấp hơn mức'] },
];

/** Issue 15: a Chinese question is answered in Chinese and the language stays for "是". */
export const chineseParent: Exchange[] = [
  { user: '你好，我的孩子可以参加首尔Run吗？', expect: ['您的孩子住在首尔吗？'], reject: ['서울에 살고'] },
  { user: '是', expect: ['孩子上几年级'] },
];
