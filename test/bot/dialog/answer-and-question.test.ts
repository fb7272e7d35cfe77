import { splitAnswerAndQuestion } from '../../../bot/dialog/answer-and-question';

/** The split of one message into an answer to the step and another question (no database). */
describe('splitAnswerAndQuestion', () => {
  it.each([
    ['중1이요 근데 검정고시 강의도 있어요?', '중1이요', '검정고시 강의도 있어요?'],
    ['네 송파요. 그런데 서울런은 돈 내야 돼요?', '네 송파요', '서울런은 돈 내야 돼요?'],
    ['4명이요, 소득은 얼마까지예요?', '4명이요', '소득은 얼마까지예요?'],
    ['검정고시 강의도 있어요? 중1이요', '중1이요', '검정고시 강의도 있어요?'],
    ['초3이요.\n아 그리고 신청은 어디서 해요', '초3이요', '신청은 어디서 해요'],
  ])('%s', (message, answer, question) => {
    expect(splitAnswerAndQuestion(message)).toEqual({ answer, question });
  });

  it.each([
    '중1이요',
    '서울런은 유료인가요?',
    // No turn between them: the step reads the whole message, as before.
    '중1인데 신청할 수 있나요?',
    '그럼요',
    '네 그리고 4명이요',
    '강의 있어요? 수업료는 얼마예요?',
    // An answer on both sides of the question is not one answer.
    '중1이요. 강의도 있어요? 그리고 한부모예요',
  ])('%s is not an answer and a question', (message) => {
    expect(splitAnswerAndQuestion(message)).toBeNull();
  });
});
