import { GRADES, buildQuestionBank, type QuizItem } from '../../../knowledge/quiz/bank';
import { coverage, renderCoverage } from '../../../knowledge/quiz/coverage';
import { ADULT_AGE, gradeForAge, loadCurriculum } from '../../../knowledge/quiz/curriculum';
import { loadQuizBank } from '../../../knowledge/quiz/full-bank';

const curriculum = loadCurriculum();

describe('the curriculum (knowledge/quiz/curriculum.yaml)', () => {
  it('lists the subjects of every grade as issue 16 asks', () => {
    const has = (grade: string, subject: string) =>
      curriculum.cell(grade as never, subject as never) !== undefined;
    for (const grade of GRADES.slice(GRADES.indexOf('초3')))
      for (const subject of ['국어', '영어', '수학']) expect(has(grade, subject)).toBe(true);
    for (const grade of ['초3', '초4', '초5', '초6', '중1', '중2', '중3', '고1'])
      for (const subject of ['사회', '과학']) expect(has(grade, subject)).toBe(true);
    for (const grade of ['고2', '고3']) expect(has(grade, '사회') || has(grade, '과학')).toBe(false);
    for (const grade of GRADES.slice(GRADES.indexOf('초5'))) expect(has(grade, '한국사')).toBe(true);
    expect(curriculum.subjectsFor('초1')).toEqual(['국어', '수학']);
    expect(curriculum.cells.filter((c) => c.onDemand).map((c) => c.grade)).toEqual([
      '초1',
      '초1',
      '초2',
      '초2',
    ]);
  });

  it('uses the 2022 revision where it is in force in 2026 and the 2015 one for 중3 and 고3', () => {
    const revision = (grade: string) => curriculum.cells.find((c) => c.grade === grade)?.revision;
    expect(GRADES.filter((g) => revision(g) === 2015)).toEqual(['중3', '고3']);
  });

  it('gives members over 19 the 고3 level', () => {
    expect(ADULT_AGE).toBe(19);
    expect(gradeForAge(23)).toBe('고3');
    expect(gradeForAge(19)).toBe('고3');
    expect(gradeForAge(15)).toBeNull();
  });
});

describe('npm run quiz:coverage', () => {
  const rows = coverage(loadQuizBank(), curriculum);

  it('has one row per curriculum cell, grades written 초1…고3, floors 60 generated / 30 written', () => {
    expect(rows).toHaveLength(curriculum.cells.length);
    expect(rows.every((r) => /^[초중고][1-6]$/.test(r.grade))).toBe(true);
    expect(new Set(rows.map((r) => `${r.kind}:${r.floor}`))).toEqual(new Set(['generated:60', 'written:30']));
  });

  it('puts every generated cell at or above its floor', () => {
    expect(rows.filter((r) => r.kind === 'generated' && r.under)).toEqual([]);
  });

  it('marks a cell under its floor in the table', () => {
    const item = (i: number): QuizItem => ({
      id: `t-${i}`,
      subject: '과학',
      grade: '초3',
      unit: '물질의 성질',
      standard: 'x',
      difficulty: 1,
      prompt: `question ${i}`,
      choices: ['a', 'b'],
      answer: 1,
      explanation: 'an explanation',
    });
    const table = renderCoverage(coverage(buildQuestionBank([item(1), item(2)]), curriculum));
    expect(table).toMatch(/초3\s.*2!/);
    expect(table).toContain('초3 과학 2/30');
  });
});
