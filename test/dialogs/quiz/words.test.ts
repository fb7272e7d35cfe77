import { readSteering } from '../../../dialogs/quiz/words';

/** Steering in words (issue 16): each phrase seen to miss, read as what it asks of the quiz. */
describe('readSteering', () => {
  it.each([
    ['퀴즈 풀고 싶어', false, { kind: 'start' }],
    ['퀴즈 계속', false, { kind: 'continue' }],
    ['힌트 줘', true, { kind: 'hint' }],
    ['1번 문제 왜 13이에요? 자세히 설명해줘', true, { kind: 'explain', n: 1 }],
    ['두 번째 문제 설명해 줘', false, { kind: 'explain', n: 2 }],
    ['과목 국어로 바꾸고 싶어', false, { kind: 'subjects', subjects: ['국어'] }],
    ['수학이랑 영어로 바꿔줘', false, { kind: 'subjects', subjects: ['영어', '수학'] }],
    ['중3으로 낮춰줘', false, { kind: 'grade', grade: '중3' }],
    ['저녁 7시쯤?', true, { kind: 'time', minute: 19 * 60 }],
    ['퀴즈 저녁 7시쯤 보내줘', false, { kind: 'time', minute: 19 * 60 }],
    ['3개만', true, { kind: 'count', count: 3 }],
    ['스트릭', false, { kind: 'streak' }],
    ['연속 며칠째야?', false, { kind: 'streak' }],
    ['내 기록 보여줘', false, { kind: 'report' }],
    ['이제 퀴즈 안 보내줬으면 좋겠어요', false, { kind: 'stop' }],
    ['지금 풀기', false, { kind: 'start' }],
    ['퀴즈 그만 보내 주세요', false, { kind: 'stop' }],
    ['오늘은 퀴즈 안 풀래', true, { kind: 'later' }],
  ])('%s', (text, inQuiz, expected) => {
    expect(readSteering(text, inQuiz)).toEqual(expected);
  });

  it.each([
    // A bare time or count means a setting only where a quiz is on the stack.
    ['저녁 7시쯤?', false],
    ['3개만', false],
    ['안녕하세요', false],
    ['서울런은 돈 내야 돼요?', false],
    ['퀴즈 설정', false],
    ['중학교 2학년', true],
    ['밤 11시', true],
    ['수학 과목도 지원돼요?', false],
    ['중3인데 신청할 수 있어요?', false],
  ])('%s asks nothing of the quiz (in a quiz: %s)', (text, inQuiz) => {
    expect(readSteering(text, inQuiz)).toBeNull();
  });
});
