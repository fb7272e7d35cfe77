/**
 * Calendar decisions are made in Asia/Seoul (UTC+9, no daylight saving since 1988), whatever
 * the server's time zone. Keeping this arithmetic here means nothing else guesses offsets.
 */
const SEOUL_OFFSET_MS = 9 * 60 * 60 * 1000;

/** Wall-clock parts of `instant` in Seoul. `weekday`: 0 = Sunday … 6 = Saturday. */
export interface SeoulParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
  /** "YYYY-MM-DD", the Korean calendar day. */
  date: string;
  /** Minutes since Seoul midnight. */
  minuteOfDay: number;
}

/** Splits an instant into Seoul wall-clock parts. */
export function seoulParts(instant: Date): SeoulParts {
  const shifted = new Date(instant.getTime() + SEOUL_OFFSET_MS);
  const year = shifted.getUTCFullYear();
  const month = shifted.getUTCMonth() + 1;
  const day = shifted.getUTCDate();
  const hour = shifted.getUTCHours();
  const minute = shifted.getUTCMinutes();
  return {
    year,
    month,
    day,
    hour,
    minute,
    weekday: shifted.getUTCDay(),
    date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    minuteOfDay: hour * 60 + minute,
  };
}

/** The Korean calendar day ("YYYY-MM-DD") of an instant. */
export const seoulDate = (instant: Date): string => seoulParts(instant).date;

/** The instant of Seoul wall-clock `date` ("YYYY-MM-DD") at `hh:mm`. */
export function seoulInstant(date: string, time = '00:00'): Date {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1, hh ?? 0, mm ?? 0) - SEOUL_OFFSET_MS);
}

/** Adds whole days to a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const base = seoulInstant(date, '12:00');
  return seoulDate(new Date(base.getTime() + days * 86_400_000));
}

/** "HH:MM" → minutes since midnight. */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Unprompted pushes only from 08:00 up to (not including) 21:00 Seoul time; the rest is quiet. */
export const PUSH_WINDOW = Object.freeze({ fromMinute: 8 * 60, untilMinute: 21 * 60 });

/** Whether an unprompted push may go out at this minute of a Seoul day. */
export const isPushMinute = (minuteOfDay: number): boolean =>
  minuteOfDay >= PUSH_WINDOW.fromMinute && minuteOfDay < PUSH_WINDOW.untilMinute;
