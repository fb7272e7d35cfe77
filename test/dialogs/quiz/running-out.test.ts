import { addDays } from '../../../bot/calendar';
import { loadHolidays } from '../../../bot/holidays';
import {
  buildQuestionBank,
  type Grade,
  type QuestionBank,
  type QuizItem,
  type Subject,
} from '../../../knowledge/quiz/bank';
import { loadCurriculum } from '../../../knowledge/quiz/curriculum';
import { loadQuizBank } from '../../../knowledge/quiz/full-bank';
import { hashString } from '../../../knowledge/quiz/generators/prng';
import { chooseDailySet, reviewCard, type DailySet, type StudentCard } from '../../../dialogs/quiz/scheduler';
import { setNotes } from '../../../dialogs/quiz/set-notes';
import { testTexts } from '../../helpers/fake-turn';
import { kst } from './helpers';

/**
 * Issue 16: a student answering three a day must not run out of new items within 10 school days
 * (20 for generated subjects), and is never told they finished what they did not answer.
 * Pure functions: the scheduler and the notes, no database.
 */

const calendar = loadHolidays();
const texts = testTexts().ko;
const PRAISE = /풀었어요|대단|잘했|Amazing|answered every/;

/** `days` school days from the first school day of the 2026 school year. */
function schoolDays(days: number, from = '2026-03-03'): string[] {
  const out: string[] = [];
  for (let day = from; out.length < days; day = addDays(day, 1)) if (calendar.isSchoolDay(day)) out.push(day);
  return out;
}

interface Day {
  day: string;
  set: DailySet;
  notes: string[];
  answeredAllOwn: boolean;
}

/** Three a day, answered (right about two times in three), cards updated like the real session. */
function simulate(bank: QuestionBank, grade: Grade, subject: Subject, days: number): Day[] {
  let cards: StudentCard[] = [];
  return schoolDays(days).map((day) => {
    const now = kst(day, '16:00');
    const own = bank.itemsFor(subject, grade);
    const answeredAllOwn = own.length > 0 && own.every((i) => cards.some((c) => c.itemId === i.id));
    const set = chooseDailySet({
      bank,
      grade,
      subjects: [subject],
      count: 3,
      cards,
      now,
      today: day,
      seed: `sim-${grade}-${subject}`,
      accuracy: null,
    });
    for (const itemId of set.items) {
      const previous = cards.find((c) => c.itemId === itemId);
      const card = reviewCard(previous?.card ?? null, hashString(`${day}:${itemId}`) % 3 !== 0, now);
      cards = [...cards.filter((c) => c.itemId !== itemId), { itemId, card }];
    }
    return { day, set, notes: setNotes(texts, set, grade), answeredAllOwn };
  });
}

const bank = loadQuizBank();
const curriculum = loadCurriculum();

describe('a school year of daily quizzes in every grade and subject', () => {
  const generated = curriculum.cells.filter((c) => c.kind === 'generated');
  it.each(generated.map((c) => [c.grade, c.subject] as const))(
    '%s %s (generated): 20 school days of three a day, all new at the own grade, nothing said about running out',
    (grade, subject) => {
      const days = simulate(bank, grade, subject, 20);
      for (const { day, set, notes } of days) {
        expect({
          day,
          items: set.items.length,
          earlyReview: set.earlyReview,
          exhausted: set.exhausted,
          widened: set.widenedTo,
        }).toEqual({
          day,
          items: 3,
          earlyReview: false,
          exhausted: [],
          widened: [],
        });
        expect(set.fresh).toBeGreaterThanOrEqual(1);
        expect(notes).toEqual([]);
      }
      const newItems = days.flatMap((d) => d.set.items.slice(d.set.reviews));
      expect(new Set(newItems).size).toBe(newItems.length);
      expect(newItems.every((id) => bank.byId.get(id)?.grade === grade)).toBe(true);
    },
  );

  const written = curriculum.cells.filter((c) => c.kind === 'written');
  const ready = written.filter((c) => bank.itemsFor(c.subject, c.grade).length >= c.floor);
  // Written cells below the floor are other writers' work in progress (npm run quiz:coverage); they
  // join the 10-day check below as soon as they reach 30 items.
  if (ready.length > 0)
    it.each(ready.map((c) => [c.grade, c.subject] as const))(
      '%s %s (written): 10 school days of three a day without a shortage',
      (grade, subject) => {
        for (const { set, notes } of simulate(bank, grade, subject, 10)) {
          expect(set.items).toHaveLength(3);
          expect(set.earlyReview || set.exhausted.length > 0 || set.widenedTo.length > 0).toBe(false);
          expect(notes).toEqual([]);
        }
      },
    );

  it.each(written.map((c) => [c.grade, c.subject] as const))(
    '%s %s (written): never praised or told "finished" before answering every item of the grade',
    (grade, subject) => {
      for (const { set, notes, answeredAllOwn } of simulate(bank, grade, subject, 10)) {
        if (!answeredAllOwn) {
          expect(set.exhausted).toEqual([]);
          expect(set.widenedTo).toEqual([]);
          expect(notes.join(' ')).not.toMatch(PRAISE);
        }
      }
    },
  );
});

describe('running out honestly, on a small bank', () => {
  const item = (id: string, grade: Grade, subject: Subject = '한국사'): QuizItem => ({
    id,
    subject,
    grade,
    unit: '근대 국가 수립 운동',
    standard: 'test',
    difficulty: 1,
    prompt: `question ${id}`,
    choices: ['a', 'b'],
    answer: 1,
    explanation: 'an explanation for the test',
  });
  const thirty = Array.from({ length: 30 }, (_, i) => item(`h-h2-${i + 1}`, '고2'));
  const small = buildQuestionBank([
    ...thirty,
    ...Array.from({ length: 5 }, (_, i) => item(`h-h1-${i + 1}`, '고1')),
  ]);

  it('a new 고3 한국사 student with no 고3 items: "not ready yet", no praise, no other grade', () => {
    const set = chooseDailySet({
      bank: small,
      grade: '고3',
      subjects: ['한국사'],
      count: 3,
      cards: [],
      now: kst('2026-12-03', '16:00'),
      today: '2026-12-03',
      seed: 's',
      accuracy: null,
    });
    expect(set.notReady).toEqual(['한국사']);
    expect(set.exhausted).toEqual([]);
    expect(set.widenedTo).toEqual([]);
    expect(set.items).toEqual([]);
    const notes = setNotes(texts, set, '고3').join(' ');
    expect(notes).toContain('아직 준비 중');
    expect(notes).not.toMatch(PRAISE);
  });

  it('30 items last 10 school days; once the grade is really answered, and only then, 고1 items come, said plainly', () => {
    const days = simulate(small, '고2', '한국사', 40);
    for (const { set } of days.slice(0, 10)) expect(set.items).toHaveLength(3);
    const done = days.findIndex((d) => d.answeredAllOwn);
    expect(done).toBeGreaterThanOrEqual(10);
    for (const { set, notes } of days.slice(0, done)) {
      expect(set.widenedTo).toEqual([]);
      expect(notes.join(' ')).not.toMatch(PRAISE);
    }
    const first = days[done] as Day;
    expect(first.set.exhausted).toEqual(['한국사']);
    expect(first.set.widenedTo).toEqual(['고1']);
    expect(first.notes.join(' ')).toContain('고2 한국사 문제를 하나도 빠짐없이 풀었어요');
    expect(first.notes.join(' ')).not.toMatch(/대단|Amazing|!/);
  });
});
