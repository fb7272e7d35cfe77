import type { QuizItem } from '../../../knowledge/quiz/bank';
import { isCorrect, parseAnswerPostback, readTypedAnswer, typedNumeric } from '../../../dialogs/quiz/grading';
import { fixtureBank } from './helpers';

const bank = fixtureBank();
const choiceItem = bank.byId.get('qt-m1-b') as QuizItem; // ② 제2사분면
const numericItem = bank.byId.get('qt-m1-a') as QuizItem; // 2

describe('quiz grading', () => {
  it.each(['2', '②', '2번', '2번이요', '제2사분면', '제 2 사분면', '정답은 2'])(
    'reads "%s" as choice 2 (right)',
    (typed) => {
      const given = readTypedAnswer(choiceItem, typed);
      expect(given).toEqual({ kind: 'choice', choice: 2 });
      expect(isCorrect(choiceItem, given!)).toBe(true);
    },
  );

  it('reads a wrong choice as wrong and ignores what is not an answer', () => {
    expect(isCorrect(choiceItem, readTypedAnswer(choiceItem, '①')!)).toBe(false);
    expect(readTypedAnswer(choiceItem, '7')).toBeNull();
    expect(readTypedAnswer(choiceItem, '이거 왜 그래요?')).toBeNull();
  });

  it.each([
    ['2', 2],
    ['x = 2', 2],
    ['2개', 2],
    ['정답은 2', 2],
    ['4/2', 2],
    ['-3', -3],
    ['0.4', 0.4],
    ['1,000', 1000],
    ['135도', 135],
  ])('reads the number in "%s"', (typed, value) => {
    expect(typedNumeric(typed)).toBeCloseTo(value);
  });

  it('grades numeric items within rounding', () => {
    expect(isCorrect(numericItem, { kind: 'numeric', value: 2 })).toBe(true);
    expect(isCorrect(numericItem, { kind: 'numeric', value: 2.0000000001 })).toBe(true);
    expect(isCorrect(numericItem, { kind: 'numeric', value: 3 })).toBe(false);
    expect(
      isCorrect(numericItem, readTypedAnswer(numericItem, '이예요') ?? { kind: 'numeric', value: NaN }),
    ).toBe(false);
  });

  it('reads answer postbacks carrying the question id', () => {
    expect(parseAnswerPostback('quiz:answer:qt-m1-b:2')).toEqual({ itemId: 'qt-m1-b', choice: 2 });
    expect(parseAnswerPostback('quiz:answer:qt-m1-b:0')).toEqual({ itemId: 'qt-m1-b', choice: 0 });
    expect(parseAnswerPostback('quiz:answer:../x:1')).toBeNull();
    expect(parseAnswerPostback('quiz:start')).toBeNull();
  });
});
