import { performance } from 'node:perf_hooks';
import { seoulDate } from '../../bot/calendar';
import { loadHolidays } from '../../bot/holidays';

/**
 * The bench's clock: a fixed school day that moves in real time. The bot under test (outbox rows,
 * turns, jobs) and the fan-out read the same clock, so the quick fan-out sends what it should
 * whatever the real date — before issue 16 the bot stamped outbox rows with the real date, which
 * lay after the fan-out's fixed "now", and nothing was ever due (0 pushes on 2026-12-03).
 */

/** Tuesday 2026-12-01, 16:00 in Seoul: a school day, the default delivery time. */
export const BENCH_SCHOOL_DAY = '2026-12-01T07:00:00Z';

export interface BenchClock {
  now(): Date;
  /** Restarts the clock at `iso` (it keeps moving in real time from there). */
  set(iso: string): void;
}

/** A clock starting at a school day; refuses a start that is a weekend or a public holiday. */
export function benchClock(start = BENCH_SCHOOL_DAY): BenchClock {
  const calendar = loadHolidays();
  let base = 0;
  let t0 = 0;
  const set = (iso: string): void => {
    const at = new Date(iso);
    if (!calendar.isSchoolDay(seoulDate(at)))
      throw new Error(`bench clock: ${iso} is not a school day in Seoul`);
    base = at.getTime();
    t0 = performance.now();
  };
  set(start);
  return { now: () => new Date(base + (performance.now() - t0)), set };
}
