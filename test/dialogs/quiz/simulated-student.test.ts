import { addDays } from '../../../bot/calendar';
import { loadHolidays } from '../../../bot/holidays';
import { DAILY_GRADES, type Grade } from '../../../knowledge/quiz/bank';
import { loadQuizBank } from '../../../knowledge/quiz/full-bank';
import { hashString } from '../../../knowledge/quiz/generators/prng';
import { subjectsWithItems } from '../../../dialogs/quiz/kit';
import { chooseDailySet, reviewCard, type StudentCard } from '../../../dialogs/quiz/scheduler';
import { setNotes } from '../../../dialogs/quiz/set-notes';
import { testTexts } from '../../helpers/fake-turn';
import { kst } from './helpers';

/**
 * Issue 16, through the set-up: a student who takes every subject the set-up offers for their
 * grade ("전부": only subjects with items, so a 고3 is never signed up for 한국사 it has none of)
 * answers three a day on the school days of a month and a half (pushes skip weekends and the
 * 2026 holidays). No day is short, nothing runs out, nothing is said about running out, and no
 * praise is given for work not done. Pure functions: the scheduler and the notes.
 */

const bank = loadQuizBank();
const calendar = loadHolidays();
const texts = testTexts().ko;
const PRAISE = /풀었어요|대단|잘했|최고/;

/** The next `n` school days from `from` (weekends and public holidays skipped, as pushes are). */
function schoolDays(n: number, from: string): string[] {
  const days: string[] = [];
  for (let day = from; days.length < n; day = addDays(day, 1)) if (calendar.isSchoolDay(day)) days.push(day);
  return days;
}

describe('a simulated student on every subject the set-up offers', () => {
  it.each(DAILY_GRADES.map((g) => [g] as const))(
    '%s: 20 school days from 21 September (추석 inside), three a day',
    (grade: Grade) => {
      const subjects = subjectsWithItems(bank, grade);
      expect(subjects.length).toBeGreaterThanOrEqual(3);
      let cards: StudentCard[] = [];
      const seen = new Set<string>();
      // Late September 2026: 추석 and 개천절/한글날 fall inside, so the calendar is exercised too.
      for (const day of schoolDays(20, '2026-09-21')) {
        const now = kst(day, '16:00');
        const set = chooseDailySet({
          bank,
          grade,
          subjects,
          count: 3,
          cards,
          now,
          today: day,
          seed: `sim:${grade}`,
          accuracy: null,
        });
        const notes = setNotes(texts, set, grade);
        expect({
          day,
          items: set.items.length,
          notReady: set.notReady,
          exhausted: set.exhausted,
          early: set.earlyReview,
        }).toEqual({ day, items: 3, notReady: [], exhausted: [], early: false });
        expect(set.widenedTo).toEqual([]);
        expect(notes.join(' ')).not.toMatch(PRAISE);
        for (const id of set.items.slice(set.reviews)) {
          // A new item is new: never one the student already had.
          expect(seen.has(id)).toBe(false);
          seen.add(id);
          expect(bank.byId.get(id)?.grade).toBe(grade);
        }
        for (const id of set.items) {
          const previous = cards.find((c) => c.itemId === id);
          const card = reviewCard(previous?.card ?? null, hashString(`${day}:${id}`) % 3 !== 0, now);
          cards = [...cards.filter((c) => c.itemId !== id), { itemId: id, card }];
        }
      }
    },
  );
});
