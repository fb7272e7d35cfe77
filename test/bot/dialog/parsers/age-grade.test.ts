import { parseAgeGrade } from '../../../../bot/dialog/parsers';
import { tuningFigure } from './tuning-guard';

describe('parseAgeGrade', () => {
  it.each([
    ['중2', { grade: '중2' }],
    ['고1이요', { grade: '고1' }],
    ['고등학교 3학년', { grade: '고3' }],
    ['중이', { grade: '중2' }],
    ['초등 6학년', { grade: '초6' }],
    ['4학년이요', { grade: '초4' }],
    ['1학년 8살', { grade: '초1', age: 8, ageKind: 'plain' }],
    ['예비 중1', { grade: '초6' }],
    ['대3', { grade: '대학생' }],
    ['고졸이에요', { grade: '졸업' }],
    ['검정고시 봐요', { grade: '학교 밖' }],
    ['16살이요', { age: 16, ageKind: 'plain' }],
    ['만 15세', { age: 15, ageKind: 'man' }],
    ['한국 나이로 열셋', { age: 13, ageKind: 'korean' }],
    ['2010년생', { birthYear: 2010 }],
    ['08년생 고2', { grade: '고2', birthYear: 2008 }],
  ] as const)('reads %s', (text, expected) => {
    expect(parseAgeGrade(text)).toEqual(expected);
  });

  it.each(['고등학생이요', '초딩', '3학년', '첫째 중2 둘째 초5', '왜요?', '모르겠어요', '학교 다녀요'])(
    'gives null for %s',
    (text) => {
      expect(parseAgeGrade(text)).toBeNull();
    },
  );

  it('reads other school names, 초성 and slips', () => {
    expect(parseAgeGrade('남중 2학년')?.grade).toBe('중2');
    expect(parseAgeGrade('마이스터고 1학년')?.grade).toBe('고1');
    expect(parseAgeGrade('ㄱ3')?.grade).toBe('고3');
    expect(parseAgeGrade('중 원')?.grade).toBe('중1');
    expect(parseAgeGrade('중학교 이 학년')?.grade).toBe('중2');
  });

  it("sets aside a sibling's grade and reads a lone number beside a grade as the age", () => {
    expect(parseAgeGrade('초4요 오빠는 중1')?.grade).toBe('초4');
    expect(parseAgeGrade('중2 15')).toEqual({ grade: '중2', age: 15, ageKind: 'plain' });
    expect(parseAgeGrade('작년에 초6이었어요')?.grade).toBe('중1');
  });

  it("reads next year's school as the year before, and hedged or spaced numbers", () => {
    expect(parseAgeGrade('내년에 중학생 돼요')?.grade).toBe('초6');
    expect(parseAgeGrade('중1 올라갈 거예요')?.grade).toBe('초6');
    expect(parseAgeGrade('열 세 살')?.age).toBe(13);
    expect(parseAgeGrade('고2일걸요')?.grade).toBe('고2');
  });

  it('reads the school and the year said apart', () => {
    expect(parseAgeGrade('중학생이고 2학년')?.grade).toBe('중2');
    expect(parseAgeGrade('초등학교 졸업하고 중학교 입학 전')?.grade).toBe('초6');
  });

  it("reads next year's grade, a place won at university and a first-year by the school entered", () => {
    expect(parseAgeGrade('내년에 고3 돼요')?.grade).toBe('고2');
    expect(parseAgeGrade('내년이면 중학교 가요')?.grade).toBe('초6');
    expect(parseAgeGrade('내년에 대학생 돼요')?.grade).toBe('고3');
    expect(parseAgeGrade('수시 붙었어요')?.grade).toBe('고3');
    expect(parseAgeGrade('재수해서 합격했어요')?.grade).toBe('졸업');
    expect(parseAgeGrade('이번에 고등학교 입학한 신입생')?.grade).toBe('고1');
    expect(parseAgeGrade('초등학교 신입생이에요')?.grade).toBe('초1');
    expect(parseAgeGrade('이제 막 새내기')?.grade).toBe('대학생');
  });

  it('keeps the grade when leaving school is only thought about, and reads a school never gone on to', () => {
    expect(parseAgeGrade('중3인데 자퇴하고 싶대요')?.grade).toBe('중3');
    expect(parseAgeGrade('검정고시 볼까 고민 중인 고1')?.grade).toBe('고1');
    expect(parseAgeGrade('작년에 자퇴함')?.grade).toBe('학교 밖');
    expect(parseAgeGrade('중학교는 안 가고 있어요')?.grade).toBe('학교 밖');
    expect(parseAgeGrade('고등학교 진학 안 했어요')?.grade).toBe('학교 밖');
  });

  it('reads graduation still to come as the last year of that school', () => {
    expect(parseAgeGrade('중학교 졸업 예정')?.grade).toBe('중3');
    expect(parseAgeGrade('초등학교 졸업을 앞두고 있어요')?.grade).toBe('초6');
    expect(parseAgeGrade('졸업 예정이에요')?.grade).toBe('고3');
    expect(parseAgeGrade('졸업했습니다')?.grade).toBe('졸업');
  });

  it('reads the grade now beside what comes soon or next year, and a school just gone up to', () => {
    expect(parseAgeGrade('초5인데 곧 초6')?.grade).toBe('초5');
    expect(parseAgeGrade('중3 되는데요 내년에')?.grade).toBe('중2');
    expect(parseAgeGrade('올해 고등학교 올라갔어요')?.grade).toBe('고1');
  });

  it('holds its figure on the tuning set', () => {
    expect(tuningFigure('age_grade').percent).toBeGreaterThanOrEqual(99);
  });
});
