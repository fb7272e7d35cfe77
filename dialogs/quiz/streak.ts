import { addDays } from '../../bot/calendar';

/**
 * Streaks in Korean days. A day counts when the student answered at least one question. A day we
 * did not deliver (too late, a failed send, an open support case) never breaks a streak; another
 * missed day is covered by a freeze when there is one. Freezes are earned, one per 7 active days,
 * at most 2, and used automatically — never bought.
 */

export const FREEZE_EVERY_ACTIVE_DAYS = 7;
export const MAX_FREEZES = 2;

export interface StreakState {
  streak: number;
  best: number;
  /** "YYYY-MM-DD" of the last day with an answer. */
  lastActiveDate: string | null;
  activeDays: number;
  freezes: number;
}

export interface StreakUpdate {
  state: StreakState;
  /** Freezes spent covering missed days. */
  usedFreezes: number;
  earnedFreeze: boolean;
  /** The streak started over (it was longer than one day before). */
  restarted: boolean;
  /** True when this answer is the first of the day (the streak changed). */
  newDay: boolean;
}

/** Records activity on `today`; `excused` tells the days we failed to deliver. */
export function recordActiveDay(
  state: StreakState,
  today: string,
  excused: ReadonlySet<string>,
): StreakUpdate {
  if (state.lastActiveDate === today)
    return { state, usedFreezes: 0, earnedFreeze: false, restarted: false, newDay: false };
  let streak = state.streak;
  let freezes = state.freezes;
  let usedFreezes = 0;
  let restarted = false;
  const missed = daysBetween(state.lastActiveDate, today).filter((day) => !excused.has(day)).length;
  if (missed > 0 && missed <= freezes) {
    freezes -= missed;
    usedFreezes = missed;
  } else if (missed > 0) {
    // Too many days to cover: start again, and keep the freezes for next time.
    restarted = streak > 1;
    streak = 0;
  }
  streak += 1;
  const activeDays = state.activeDays + 1;
  const earnedFreeze = activeDays % FREEZE_EVERY_ACTIVE_DAYS === 0 && freezes < MAX_FREEZES;
  if (earnedFreeze) freezes += 1;
  return {
    state: { streak, best: Math.max(state.best, streak), lastActiveDate: today, activeDays, freezes },
    usedFreezes,
    earnedFreeze,
    restarted,
    newDay: true,
  };
}

/** Days strictly between `from` and `to` ("YYYY-MM-DD"), for the excused-day lookup. */
export function daysBetween(from: string | null, to: string): string[] {
  if (!from || from >= to) return [];
  const days: string[] = [];
  for (let day = addDays(from, 1); day < to && days.length < 400; day = addDays(day, 1)) days.push(day);
  return days;
}
