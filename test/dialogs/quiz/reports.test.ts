import { loadQuizBank } from '../../../knowledge/quiz/full-bank';
import type { QuizItem } from '../../../knowledge/quiz/bank';
import { circled, rightAnswerLabel } from '../../../dialogs/quiz/grading';
import { askProblem, explain, hint, REPORT_FLOW } from '../../../dialogs/quiz/reports';
import { quizState } from '../../../dialogs/quiz/session';
import { visibleText } from '../../helpers/transcript';
import { fakeTurn } from '../../helpers/fake-turn';

/** The quiz's answers about itself, without a database: hint, explanation, the item a report is about. */
const bank = loadQuizBank();
const kit = { bank, session: { bank } };
const choiceItems = bank.items.filter((i) => i.choices && i.subject === '한국사').slice(0, 3);
const numericItem = bank.items.find((i) => !i.choices && Number.isInteger(i.numericAnswer)) as QuizItem;

/** A turn inside a quiz session showing question `index + 1` of `items`. */
const inSession = (items: QuizItem[], index: number, text = '') =>
  fakeTurn({
    text,
    state: quizState('question', {
      session: {
        key: 'daily:2026-12-08',
        date: '2026-12-08',
        items: items.map((i) => i.id),
        reviews: [],
        index,
        correct: 0,
        stored: false,
        notes: [],
      },
    }),
  }).ctx;

describe('hint', () => {
  it.each(choiceItems.map((i) => [i.id, i] as const))(
    '%s: rules out one wrong choice, never names the answer',
    (_id, item) => {
      const text = visibleText(hint(kit, inSession([item], 0)).reply);
      expect(text).toContain('💡 힌트');
      expect(text).toContain(item.unit);
      expect(text).not.toContain(circled(item.answer as number));
      expect(text).toMatch(/[①②③④⑤]번은 정답이 아니에요/);
    },
  );

  it('a numeric question: the unit and how many digits, not the number', () => {
    const text = visibleText(hint(kit, inSession([numericItem], 0)).reply);
    expect(text).toContain(`${String(Math.abs(numericItem.numericAnswer as number)).length}자리 수`);
    expect(text).not.toContain(`정답: ${numericItem.numericAnswer}`);
  });

  it('no question on screen: says so', () => {
    expect(visibleText(hint(kit, fakeTurn({ text: '힌트 줘' }).ctx).reply)).toContain(
      '지금 풀고 있는 문제가 없어요',
    );
  });
});

describe('explain', () => {
  it('an answered question: its right answer and explanation', async () => {
    const [first] = choiceItems as [QuizItem];
    const text = visibleText((await explain(kit, inSession(choiceItems, 2), 1)).reply);
    expect(text).toContain(`1번 문제 · 정답: ${rightAnswerLabel(first)}`);
    expect(text).toContain(first.explanation);
  });

  it('the question still open is never explained (that would give the answer away)', async () => {
    const open = choiceItems[2] as QuizItem;
    const text = visibleText((await explain(kit, inSession(choiceItems, 2), 3)).reply);
    expect(text).toContain('3번 문제는 아직 푸는 중이에요');
    expect(text).not.toContain(open.explanation);
  });
});

describe('문제 신고', () => {
  it('at question 3, reports question 3 (the one on screen) in a frame of its own', () => {
    const result = askProblem(kit, inSession(choiceItems, 2));
    expect(result.state).toEqual({
      v: 1,
      flow: REPORT_FLOW,
      step: 'reason',
      answers: { itemId: choiceItems[2]?.id },
    });
    expect(visibleText(result.reply)).toContain('어떤 점이 이상했어요');
  });
});
