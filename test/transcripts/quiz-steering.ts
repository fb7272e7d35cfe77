import type { Reply } from '../../bot/messages';
import { loadQuizBank } from '../../knowledge/quiz/full-bank';
import type { TestBot } from '../helpers/test-bot';
import { visibleText, type Exchange } from '../helpers/transcript';
import { tapsTheRightAnswer, typesTheRightAnswer } from './quiz';

const bank = loadQuizBank();
const DAY = 86_400_000;

/** The item whose answer buttons are on screen in `last`. */
export function itemOnScreen(last: Reply): string {
  const button = last.quickReplies.find((q) => q.postback.startsWith('quiz:answer:'));
  if (!button) throw new Error(`no question on screen:\n${visibleText(last)}`);
  return button.postback.split(':')[2] as string;
}

/** The student types the right option's own words ("금 모으기 운동"), not its number. */
export function typesTheOptionText(last: Reply): { text: string } {
  const item = bank.byId.get(itemOnScreen(last));
  if (!item?.choices || item.answer === undefined) throw new Error('the question on screen has no options');
  return { text: item.choices[item.answer - 1] as string };
}

/**
 * A minute between messages, as a person types: Kakao takes the same words from the same user at
 * the same instant for a redelivery, so a typed answer "1" right after the menu's "1" would be one.
 */
export const spaced = (t: TestBot, script: Exchange[]): Exchange[] =>
  script.map((step) => ({
    ...step,
    before: async () => {
      await step.before?.();
      t.clock.advance(60_000);
    },
  }));

/** What a script noted on the way, for the database checks after it. */
export interface Noted {
  /** The question on screen when "문제 신고" was typed. */
  reportedItem?: string;
}

/**
 * A 고3 student steers the quiz in words from the first message to the last: a question in the
 * middle of the set-up is answered and the
 * set-up carries on, "저녁 7시쯤?" and "3개만" answer the set-up, "지금 풀기" typed starts, a hint
 * and the streak are asked in the middle of the quiz (the question comes back in one short line),
 * "문제 신고" at question 3 reports question 3, question 1 is explained, the report, subject, grade
 * and count are changed in words and through "퀴즈 설정" one setting at a time, then the quiz is
 * stopped in words.
 */
export const steeringScript = (t: TestBot, morning: Date, noted: Noted): Exchange[] => [
  { before: () => t.clock.set(morning), user: '안녕하세요', expect: ['누가 이야기하고'] },
  { user: '1', expect: ['무엇을 도와줄까요'] },
  { user: '퀴즈 풀고 싶어', expect: ['나이가 어떻게'] },
  { user: '2', expect: ['몇 학년이에요'] },
  // Every subject of 고3 has items now (written 한국사 included), so none is left out with a warning.
  {
    user: '고3',
    expect: ['어떤 과목을 풀어 볼까요', '(수학)', '(한국사)'],
    reject: ['아직 한국사 문제가 없어요'],
  },
  { user: '수학', expect: ['지금 고른 것: 수학'] },
  {
    user: '근데 서울런은 돈 내야 돼요?',
    expect: ['무료', '↩️ 어떤 과목을 풀까요? (지금 고른 것: 수학)'],
    reject: ['잘 못 알아들었어요'],
  },
  { user: '다 골랐어요', expect: ['몇 시에 보내'] },
  { user: '저녁 7시쯤?', expect: ['몇 문제가 좋아요'] },
  { user: '3개만', expect: ['설정 끝!', '고3 · 수학', '매일 오후 7시에 3문제', '첫 퀴즈는 오늘'] },
  { user: '지금 풀기', expect: ['Q1/3 · 수학 고3'] },
  { user: '힌트 줘', expect: ['💡 힌트', '↩️ 하던 문제로 돌아가요 · Q1/3'] },
  { respond: tapsTheRightAnswer, expect: ['정답이에요!', 'Q2/3'] },
  { user: '연속 며칠째야?', expect: ['🔥 지금 1일 연속', '↩️ 하던 문제로 돌아가요 · Q2/3'] },
  { respond: typesTheRightAnswer, expect: ['정답이에요!', 'Q3/3'] },
  {
    respond: (last) => {
      noted.reportedItem = itemOnScreen(last);
      return { text: '문제 신고' };
    },
    expect: ['어떤 점이 이상했어요'],
  },
  { user: '2', expect: ['알려 줘서 고마워요', '↩️ 하던 문제로 돌아가요 · Q3/3'] },
  { respond: tapsTheRightAnswer, expect: ['정답이에요!', '끝! 3문제 모두 맞혔어요'] },
  { user: '1번 문제 왜 13이에요? 자세히 설명해줘', expect: ['1번 문제 · 정답:', '💡'] },
  { user: '스트릭', expect: ['🔥 지금 1일 연속'] },
  { user: '내 기록 보여줘', expect: ['내 학습 리포트 (최근 7일)', '수학: 3문제 중 3개'] },
  { user: '과목 국어로 바꾸고 싶어', expect: ['과목을 바꿨어요: 국어'] },
  { user: '중3으로 낮춰줘', expect: ['중3 문제로 바꿨어요'] },
  {
    user: '퀴즈 설정',
    expect: [
      '어떤 설정을 바꿀까요',
      '학년 (중3)',
      '과목 (국어)',
      '보내는 시간 (오후 7시)',
      '문제 수 (3문제)',
    ],
    reject: ['몇 학년이에요'],
  },
  { user: '문제 수', expect: ['하루에 몇 문제가 좋아요'] },
  { user: '5개요', expect: ['하루 5문제씩'] },
  { user: '퀴즈 설정', expect: ['받는 날 (학교 가는 날)'] },
  { user: '받는 날', expect: ['주말과 공휴일에도'] },
  { user: '이제 퀴즈 안 보내줬으면 좋겠어요', expect: ['매일 퀴즈를 멈췄어요'] },
  { user: '퀴즈 계속', expect: ['오늘의 퀴즈는 벌써 다 풀었어요'] },
];

/**
 * A pushed question answered by typing its option's own words; a question asked in the middle of
 * the pushed quiz brings a numbered "혹시 이 중에…" list, and the "2" typed next is the quiz's
 * answer, not a pick from the list; "퀴즈 계속" after a digression shows the question again.
 */
export const pushedScript = (t: TestBot, afternoon: Date): Exchange[] => {
  const tick = async (at: Date) => {
    t.clock.set(at);
    await t.bot.runDue(t.clock.now());
  };
  const nextDay = new Date(afternoon.getTime() + DAY);
  let onScreen: Reply | undefined;
  return [
    { before: () => t.clock.set(afternoon), user: '안녕', expect: ['누가 이야기하고'] },
    { user: '학생이에요', expect: ['무엇을 도와줄까요'] },
    { user: '퀴즈 설정', expect: ['나이가 어떻게'] },
    { user: '2', expect: ['몇 학년이에요'] },
    { user: '중2', expect: ['어떤 과목'] },
    { user: '한국사', expect: ['지금 고른 것: 한국사'] },
    { user: '됐어요', expect: ['몇 시에'] },
    { user: '4시', expect: ['몇 문제가'] },
    { user: '3', expect: ['설정 끝!', '첫 퀴즈는 내일'] },
    { user: '나중에', expect: ['멈췄어요'] },
    { before: () => tick(nextDay), pushed: true, expect: ['오늘의 퀴즈 왔어요! 3문제', 'Q1/3 · 한국사 중2'] },
    // A question while the pushed question waits: a numbered list; the "2" typed next answers the quiz.
    { user: '기간이 어떻게 돼요?', expect: ['혹시 이 중에'] },
    { user: '2', expect: [/정답이에요!|아쉬워요!/, 'Q2/3'], reject: ['혹시 이 중에'] },
    // Back at the menu (its own numbered list), the pushed quiz's next question answered in its own words.
    {
      respond: (last) => {
        onScreen = last;
        return { text: '처음으로' };
      },
      expect: ['무엇을 도와줄까요'],
    },
    { respond: (last) => typesTheOptionText(onScreen ?? last), expect: ['정답이에요!', 'Q3/3'] },
    { user: '근데 서울런은 돈 내야 돼요?', expect: ['무료', '↩️ 하던 문제로 돌아가요 · Q3/3'] },
    { user: '처음으로', expect: ['무엇을 도와줄까요'] },
    { user: '퀴즈 계속', expect: ['Q3/3'] },
  ];
};

/** A parent's menu offers the child's weekly summary, not a quiz; without a linked child it says how to link. */
export const parentMenuScript: Exchange[] = [
  { user: '안녕하세요', expect: ['누가 이야기하고'] },
  { user: '학부모예요', expect: ['(자녀 퀴즈 요약)'], reject: ['오늘의 퀴즈'] },
  { tap: '자녀 퀴즈 요약', expect: ['연결된 자녀가 아직 없어요', '자녀 연결'] },
];
