import { matchOption } from '../../../../bot/dialog/parsers';
import { tuningFigure } from './tuning-guard';

const HOUSEHOLD = ['1명', '2명', '3명', '4명', '5명 이상'];
const QUIZ = ['지금 풀기', '나중에', '퀴즈 그만 받기'];
const SUBJECTS = ['국어', '영어', '수학', '과학', '사회'];
const ANSWERS = ['14', '16', '24', '32'];

describe('matchOption', () => {
  it('reads a bare number as the value where it can be one', () => {
    expect(matchOption('4', HOUSEHOLD)).toBe(3);
    expect(matchOption('4번', HOUSEHOLD)).toBe(3);
    expect(matchOption('2번', HOUSEHOLD)).toBe(1);
    expect(matchOption('일곱 식구', HOUSEHOLD)).toBe(4);
    expect(matchOption('남편 저 애 둘', HOUSEHOLD)).toBe(3);
    expect(matchOption('16', ANSWERS)).toBe(1);
    expect(matchOption('3', ANSWERS)).toBe(2);
  });

  it('lets the caller say what a value is', () => {
    expect(matchOption('2', SUBJECTS, { isValue: () => false })).toBe(1);
    expect(matchOption('2', HOUSEHOLD, { isValue: () => false })).toBe(1);
  });

  it.each([
    ['지금 풀기', QUIZ, 0],
    ['지금', QUIZ, 0],
    ['ㄴㅈㅇ', QUIZ, 1],
    ['그만 보내줘', QUIZ, 2],
    ['두 번째', QUIZ, 1],
    ['수학이요', SUBJECTS, 2],
    ['영여', SUBJECTS, 1],
    ['④', SUBJECTS, 3],
    ['science', SUBJECTS, 3],
  ] as const)('matches %s', (text, options, expected) => {
    expect(matchOption(text, options)).toBe(expected);
  });

  it.each([
    ['수학이랑 과학', SUBJECTS],
    ['뭐가 좋아요?', QUIZ],
    ['배고파', SUBJECTS],
    ['9', SUBJECTS],
    ['혼자', ['2명', '3명']],
  ] as const)('gives null for %s', (text, options) => {
    expect(matchOption(text, options)).toBeNull();
  });

  it('leaves out an option named only to be refused, and keeps what follows a correction or 답은', () => {
    const CONTACT = ['카카오톡', '문자', '전화', '이메일'];
    expect(matchOption('문자는 말고 전화', CONTACT)).toBe(2);
    expect(matchOption('이메일 아님 카톡', CONTACT)).toBe(0);
    expect(matchOption('전화는 잘 못 받아요 문자로', CONTACT)).toBe(1);
    expect(matchOption('2번 아니 4번', SUBJECTS)).toBe(3);
    expect(matchOption('헷갈리는데 답은 수학', SUBJECTS)).toBe(2);
    expect(matchOption('걍 찍음 2', SUBJECTS)).toBe(1);
  });

  it('reads abbreviations by letters in order and 초성 of a label or its words', () => {
    expect(matchOption('카톡으로', ['카카오톡', '문자'])).toBe(0);
    expect(matchOption('오퀴', ['서울런 자격 확인', '오늘의 퀴즈'])).toBe(1);
    expect(matchOption('ㄴㅈ', QUIZ)).toBe(1);
    expect(matchOption('ㅎㅇ', ['서울런 자격 확인', '오늘의 퀴즈'])).toBeNull();
    expect(matchOption('안녕', ['서울런 자격 확인', '서울런 안내'])).toBeNull();
  });

  it("gives null for a bare number that is both a label and another option's position", () => {
    expect(matchOption('3', ['3', '5', '7', '9'])).toBeNull();
    expect(matchOption('1', ['3', '5', '7', '9'])).toBe(0);
  });

  it('reads positions said by place, in Sino-Korean, or as a choice among two', () => {
    expect(matchOption('제일 마지막 꺼', SUBJECTS)).toBe(4);
    expect(matchOption('맨 위에 거', SUBJECTS)).toBe(0);
    expect(matchOption('사번', SUBJECTS)).toBe(3);
    expect(matchOption('1번하고 2번 중에 2번', SUBJECTS)).toBe(1);
    expect(matchOption('1, 2번', SUBJECTS)).toBeNull();
  });

  it('does not pick an option named only after 안, nor unsubscribe on a plain no', () => {
    expect(matchOption('안 풀래', QUIZ)).toBeNull();
    expect(matchOption('싫어', QUIZ)).toBeNull();
    expect(matchOption('이제 안 받을래요', QUIZ)).toBe(2);
    expect(matchOption('중딩', ['학생이에요', '학부모예요'])).toBe(0);
  });

  it('reads what an option offers in everyday words, but not a request about something else', () => {
    const MENU = ['서울런 자격 확인', '오늘의 퀴즈', '고민 상담', '서울런 안내'];
    expect(matchOption('날씨 좀 알려줘', MENU)).toBeNull();
    expect(matchOption('이거 뭐야', MENU)).toBe(3);
    expect(matchOption('우리 딸도 받을 수 있나요', MENU)).toBe(0);
    expect(matchOption('물리', SUBJECTS)).toBe(3);
    expect(matchOption('한국사요', SUBJECTS)).toBe(4);
  });

  it('gives null for a question about how many or when, and reads native numbers from ten', () => {
    expect(matchOption('퀴즈 언제 와?', QUIZ)).toBeNull();
    expect(matchOption('열여섯이요', ANSWERS)).toBe(1);
    expect(matchOption('스물넷', ANSWERS)).toBe(2);
  });

  it("names a school by a grade alone, and a label by several of the answer's words", () => {
    const SCHOOL = ['초등학생', '중학생', '고등학생', '유치원생', '대학생', '잘 모르겠어요'];
    expect(matchOption('4학년이에요', SCHOOL)).toBe(0);
    const WHO = ['내 멘토 선생님', '상담 선생님', '1388 청소년상담'];
    expect(matchOption('청소년 상담 센터', WHO)).toBe(2);
    expect(matchOption('상담 선생님으로', WHO)).toBe(1);
  });

  it('reads a request to hear more as the introduction', () => {
    expect(
      matchOption('자세히 알려주세요', ['서울런 자격 확인', '오늘의 퀴즈', '고민 상담', '서울런 안내']),
    ).toBe(3);
  });

  it('holds its figure on the tuning set', () => {
    expect(tuningFigure('option').percent).toBeGreaterThanOrEqual(99);
  });
});
