import type { Reply } from '../../bot/messages';
import { loadQuizBank } from '../../knowledge/quiz/full-bank';
import type { TestBot } from '../helpers/test-bot';
import { visibleText, type Exchange } from '../helpers/transcript';

const bank = loadQuizBank();
const DAY = 86_400_000;

/** The question on screen and its right answer, from its answer buttons. */
function questionIn(last: Reply) {
  const button = last.quickReplies.find((q) => q.postback.startsWith('quiz:answer:'));
  if (!button) throw new Error(`no question on screen:\n${visibleText(last)}`);
  const itemId = button.postback.split(':')[2] as string;
  const item = bank.byId.get(itemId);
  if (!item) throw new Error(`question ${itemId} is not in the bank`);
  return { itemId, item };
}

/** The student taps the right answer (or types the number when the question has no buttons). */
export function tapsTheRightAnswer(last: Reply): { text?: string; postback?: string } {
  const { itemId, item } = questionIn(last);
  return item.choices
    ? { postback: `quiz:answer:${itemId}:${item.answer}` }
    : { text: String(item.numericAnswer) };
}

/** The student types the right answer as "2번" (or the number). */
export function typesTheRightAnswer(last: Reply): { text?: string; postback?: string } {
  const { item } = questionIn(last);
  return { text: item.choices ? `${item.answer}번` : String(item.numericAnswer) };
}

/**
 * Subscribe on a Saturday after 16:00 (a question at the age question on the way) → nothing today → Sunday 16:00 the quiz is pushed (once) →
 * answered tapped, typed and "모르겠어요" → the report. `firstDay` is 16:00 Seoul time on a school day (pushes go out on school days).
 */
export const subscribeAnswerReport = (t: TestBot, firstDay: Date): Exchange[] => {
  const tick = async (at: Date) => {
    t.clock.set(at);
    await t.bot.runDue(t.clock.now());
  };
  const nextDay = new Date(firstDay.getTime() + DAY);
  return [
    { before: () => t.clock.set(firstDay), user: '안녕하세요', expect: ['누가 이야기하고'] },
    { user: '1', expect: ['(오늘의 퀴즈)'] },
    { user: '퀴즈 설정', expect: ['나이가 어떻게'] },
    // Issue 13: a question at the age question is answered, the age asked again, the set-up kept.
    {
      user: '근데 서울런은 돈 내야 돼요?',
      expect: ['무료', '나이'],
      reject: ['잘 못 알아들었어요', '무엇을 도와줄까요'],
    },
    { user: '2', expect: ['몇 학년이에요', '(중2)'] },
    { user: '중학교 2학년', expect: ['어떤 과목', '지금 고른 것: 아직 없음'] },
    { tap: '수학', expect: ['지금 고른 것: 수학'] },
    { user: '과학', expect: ['지금 고른 것: 수학, 과학'] },
    { user: '다 골랐어요', expect: ['몇 시에 보내'] },
    { user: '밤 10시', expect: ['밤 9시 전까지만'] },
    { user: '4시', expect: ['몇 문제가 좋아요'] },
    { user: '3', expect: ['설정 끝!', '중2 · 수학·과학', '매일 오후 4시에 3문제', '첫 퀴즈는 내일'] },
    { user: '나중에', expect: ['멈췄어요'] },
    // Today's 16:00 had passed when they subscribed: nothing today.
    { before: () => tick(new Date(firstDay.getTime() + 60_000)), pushed: true, reject: ['오늘의 퀴즈'] },
    // The next day at 16:00 the quiz arrives by itself, exactly once.
    {
      before: () => tick(nextDay),
      pushed: true,
      expect: ['오늘의 퀴즈 왔어요! 3문제', /Q1\/3 · (수학|과학) 중2/],
    },
    { before: () => tick(nextDay), pushed: true, reject: ['오늘의 퀴즈'] },
    {
      before: () => t.clock.advance(10 * 60_000),
      respond: tapsTheRightAnswer,
      expect: ['정답이에요!', 'Q2/3'],
    },
    { respond: typesTheRightAnswer, expect: ['정답이에요!', 'Q3/3'] },
    {
      user: '모르겠어요',
      expect: ['괜찮아요! 정답:', '끝! 3문제 중 2개 맞혔어요', '🔥 오늘부터 연속 기록 시작!'],
    },
    {
      user: '내 학습 리포트',
      expect: ['내 학습 리포트 (최근 7일)', /(수학|과학): \d문제 중/, '🔥 연속 1일', '추천:'],
    },
    { user: '퀴즈', expect: ['오늘의 퀴즈는 벌써 다 풀었어요'] },
  ];
};

/** An under-14 student before guardian consent: an on-demand quiz, graded, nothing kept, no subscription. */
export const underFourteen = (t: TestBot, at: Date): Exchange[] => [
  { before: () => t.clock.set(at), user: '안녕', expect: ['누가 이야기하고'] },
  { user: '학생이에요', expect: ['무엇을 도와줄까요'] },
  { user: '퀴즈 풀래', expect: ['나이가 어떻게'] },
  { user: '1', expect: ['보호자 동의', '몇 학년이에요'] },
  { user: '초6', expect: ['보호자 동의 전이라 푼 기록은 저장하지 않아요', 'Q1/3'] },
  { respond: tapsTheRightAnswer, expect: ['정답이에요!', 'Q2/3'] },
  { respond: typesTheRightAnswer, expect: ['정답이에요!', 'Q3/3'] },
  { respond: tapsTheRightAnswer, expect: ['정답이에요!', '3문제 모두 맞혔어요', '(기록은 저장하지 않아요)'] },
  { user: '문제 신고', expect: ['어떤 점이 이상했어요'] },
  { user: '2', expect: ['알려 줘서 고마워요'] },
  { user: '퀴즈 설정', expect: ['보호자 동의 뒤에'], reject: ['몇 학년이에요'] },
];

/** A RegExp that remembers the guardian code it last matched (read from the student's reply). */
class GuardianCode extends RegExp {
  value = '';
  constructor() {
    super('동의 ([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2})');
  }
  override test(text: string): boolean {
    const m = this.exec(text);
    if (m?.[1]) this.value = m[1];
    return m !== null;
  }
}

/**
 * An under-14 student asks for a quiz and is asked the grade; the parent sends "동의 <code>" while the
 * question is open. The grade answered next goes into the set-up that keeps history (never "보호자 동의
 * 전이라…"), and the first quiz is a kept one.
 */
export const consentMidSetup = (t: TestBot, at: Date): Exchange[] => {
  const code = new GuardianCode();
  return [
    { before: () => t.clock.set(at), user: '안녕', expect: ['누가 이야기하고'] },
    { user: '학생이에요', expect: ['무엇을 도와줄까요'] },
    { user: '퀴즈 풀래', expect: ['나이가 어떻게'] },
    { user: '1', expect: ['보호자 동의', code, '몇 학년이에요'] },
    { as: 'parent', user: '안녕', expect: ['누가 이야기하고'] },
    { as: 'parent', user: '학부모예요', expect: ['학부모님'] },
    { as: 'parent', respond: () => ({ text: `동의 ${code.value}` }), expect: ['확인했어요'] },
    {
      user: '초6',
      expect: ['보호자께서 동의해 주셨어요', '어떤 과목'],
      reject: ['보호자 동의 전이라', 'Q1/3'],
    },
    { user: '전부', expect: ['몇 시에 보내'] },
    { user: '저녁 7시', expect: ['몇 문제가 좋아요'] },
    // The guardian who consented is linked: they may get the weekly summary.
    { user: '3', expect: ['연결된 보호자께 일주일 학습 요약을'] },
    { user: '응', expect: ['설정 끝!', '초6 · ', '지금 하나 풀어 볼래요?'] },
    // "ㄱㄱ" to "지금 하나 풀어 볼래요?": the first quiz, a kept one.
    { user: 'ㄱㄱ', expect: ['오늘의 퀴즈 시작!', 'Q1/3'], reject: ['보호자 동의 전이라'] },
  ];
};
