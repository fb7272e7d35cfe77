import {
  chooseDailySet,
  retrievability,
  reviewCard,
  type StudentCard,
} from '../../../dialogs/quiz/scheduler';
import { recordActiveDay, type StreakState } from '../../../dialogs/quiz/streak';
import { formatMinute, parseGrade, parseSubjects, parseTime } from '../../../dialogs/quiz/settings';
import { testTexts } from '../../helpers/fake-turn';
import { fixtureBank, kst } from './helpers';

const bank = fixtureBank();
const base = {
  bank,
  grade: '중1' as const,
  subjects: ['수학' as const],
  count: 3,
  seed: 'student-1',
  accuracy: null,
};

describe('FSRS scheduling and the daily set', () => {
  it('brings a wrong item back sooner than a right one', () => {
    const now = kst('2026-12-01', '16:00');
    const wrong = reviewCard(null, false, now);
    const right = reviewCard(null, true, now);
    expect(wrong.due.getTime()).toBeLessThan(right.due.getTime());
    // After a second right answer the interval grows again; a lapse shrinks it.
    const later = kst('2026-12-04', '16:00');
    expect(reviewCard(right, true, later).due.getTime()).toBeGreaterThan(
      reviewCard(right, false, later).due.getTime(),
    );
    expect(retrievability(right, later)).toBeGreaterThan(0);
  });

  it('puts due reviews first, then new items, never repeating one', () => {
    const answeredAt = kst('2026-12-01', '16:00');
    const cards: StudentCard[] = [
      { itemId: 'qt-m1-a', card: reviewCard(null, false, answeredAt) },
      { itemId: 'qt-m1-b', card: reviewCard(null, true, answeredAt) },
    ];
    const now = kst('2026-12-02', '16:00');
    // Two asked for: the due review and the one new item (a third would be an early review).
    const set = chooseDailySet({ ...base, count: 2, cards, now, today: '2026-12-02' });
    expect(set.items[0]).toBe('qt-m1-a'); // wrong yesterday → due today, first
    expect(set.items).not.toContain('qt-m1-b'); // right yesterday → not due yet
    expect(set.items).toContain('qt-m1-c');
    expect(new Set(set.items).size).toBe(set.items.length);
    expect(set.reviews).toBe(1);
  });

  it('when every new item of the grade is seen, says so, keeps reviews and widens to neighbouring grades', () => {
    const at = kst('2026-12-01', '16:00');
    const cards: StudentCard[] = ['qt-m1-a', 'qt-m1-b', 'qt-m1-c'].map((itemId) => ({
      itemId,
      card: reviewCard(null, itemId !== 'qt-m1-c', at),
    }));
    const set = chooseDailySet({ ...base, cards, now: kst('2026-12-02', '16:00'), today: '2026-12-02' });
    expect(set.exhausted).toEqual(['수학']);
    expect(set.widenedTo).toEqual(['중2']);
    expect(set.items[0]).toBe('qt-m1-c');
    expect(set.items.slice(1).sort()).toEqual(['qt-m2-d', 'qt-m2-e']);

    // Nothing new anywhere: the items most likely forgotten come back early, flagged (not silent).
    const all: StudentCard[] = [...bank.byId.keys()].map((itemId) => ({
      itemId,
      card: reviewCard(null, true, at),
    }));
    const review = chooseDailySet({
      ...base,
      cards: all,
      now: kst('2026-12-02', '16:00'),
      today: '2026-12-02',
    });
    expect(review.earlyReview).toBe(true);
    expect(review.items).toHaveLength(3);
  });
});

describe('streaks', () => {
  const start: StreakState = { streak: 6, best: 6, lastActiveDate: '2026-12-06', activeDays: 6, freezes: 0 };

  it('counts Korean days, earns a freeze every 7 active days and uses it automatically', () => {
    const seventh = recordActiveDay(start, '2026-12-07', new Set());
    expect(seventh.state).toMatchObject({ streak: 7, freezes: 1 });
    expect(seventh.earnedFreeze).toBe(true);
    expect(recordActiveDay(seventh.state, '2026-12-07', new Set()).newDay).toBe(false);
    const afterGap = recordActiveDay(seventh.state, '2026-12-09', new Set());
    expect(afterGap).toMatchObject({ usedFreezes: 1, restarted: false });
    expect(afterGap.state).toMatchObject({ streak: 8, freezes: 0 });
  });

  it('never breaks a streak on a day we failed to deliver; restarts kindly otherwise', () => {
    expect(recordActiveDay(start, '2026-12-08', new Set(['2026-12-07'])).state.streak).toBe(7);
    const missed = recordActiveDay(start, '2026-12-09', new Set());
    expect(missed.state.streak).toBe(1);
    expect(missed.restarted).toBe(true);
  });
});

describe('typed settings', () => {
  it.each([
    ['4시', 16 * 60],
    ['16:30', 16 * 60 + 30],
    ['오후 5시', 17 * 60],
    ['아침 8시', 8 * 60],
    ['오후 4시 반', 16 * 60 + 30],
    ['5pm', 17 * 60],
  ])('reads "%s"', (typed, minute) => {
    expect(parseTime(typed)).toBe(minute);
  });

  it('reads grades and subjects', () => {
    expect(parseGrade('중2')).toBe('중2');
    expect(parseGrade('중학교 2학년')).toBe('중2');
    expect(parseGrade('고3')).toBe('고3');
    expect(parseGrade('중4')).toBeNull();
    expect(parseSubjects('수학이랑 영어')).toEqual(['영어', '수학']);
    expect(parseSubjects('한국사')).toEqual(['한국사']);
    expect(formatMinute(testTexts().ko, 16 * 60 + 30)).toBe('오후 4시 30분');
  });
});
