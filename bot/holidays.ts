import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { addDays, seoulInstant, seoulParts } from './calendar';
import { fromRoot } from './paths';

/**
 * Public holidays as data (`knowledge/calendar/holidays.yaml`) and the days an unprompted quiz may
 * be pushed: Monday to Friday except public holidays, or every day when the student chose so.
 */

const DATE = /^\d{4}-\d\d-\d\d$/;
const fileSchema = z.strictObject({
  covers: z.strictObject({ from: z.string().regex(DATE), to: z.string().regex(DATE) }),
  holidays: z.record(z.string().regex(DATE), z.string().min(1)),
});

/** Which days a student gets pushes on: school days (default) or every day. */
export const PUSH_DAYS = ['school', 'every'] as const;
export type PushDays = (typeof PUSH_DAYS)[number];

export interface HolidayCalendar {
  /** The holiday's name on a "YYYY-MM-DD" Korean date, or undefined. */
  holiday(date: string): string | undefined;
  /** Monday–Friday and not a public or substitute holiday. */
  isSchoolDay(date: string): boolean;
  /** Whether the data covers `date` (outside it only weekends count as days off). */
  covers(date: string): boolean;
  readonly lastCovered: string;
}

function readHolidayFile(path: string): z.infer<typeof fileSchema> {
  return fileSchema.parse(parse(readFileSync(path, 'utf8')));
}

/** Every holiday date in the file, for callers that only need the list (help-centre hours). */
export const listHolidays = (path = fromRoot('knowledge', 'calendar', 'holidays.yaml')): string[] =>
  Object.keys(readHolidayFile(path).holidays).sort();

/** Reads the holiday file; a holiday outside `covers` or on a malformed date is refused. */
export function loadHolidays(path = fromRoot('knowledge', 'calendar', 'holidays.yaml')): HolidayCalendar {
  const data = readHolidayFile(path);
  for (const date of Object.keys(data.holidays)) {
    if (seoulParts(seoulInstant(date, '12:00')).date !== date)
      throw new Error(`${path}: ${date} is not a calendar date`);
    if (date < data.covers.from || date > data.covers.to)
      throw new Error(`${path}: ${date} is outside covers`);
  }
  const holidays = new Map(Object.entries(data.holidays));
  return {
    holiday: (date) => holidays.get(date),
    isSchoolDay(date) {
      const { weekday } = seoulParts(seoulInstant(date, '12:00'));
      return weekday >= 1 && weekday <= 5 && !holidays.has(date);
    },
    covers: (date) => date >= data.covers.from && date <= data.covers.to,
    lastCovered: data.covers.to,
  };
}

let shared: HolidayCalendar | undefined;
/** The project's holiday calendar, read once (static data, like the texts). */
export function defaultHolidays(): HolidayCalendar {
  shared ??= loadHolidays();
  return shared;
}

/** Whether a student with `pushDays` gets an unprompted quiz on `date`. */
export function isPushDay(date: string, pushDays: PushDays, calendar: HolidayCalendar): boolean {
  return pushDays === 'every' || calendar.isSchoolDay(date);
}

/** Days strictly between two dates that are not push days for a school-days student. */
export function daysOffBetween(from: string, to: string, calendar: HolidayCalendar): string[] {
  const days: string[] = [];
  for (let day = addDays(from, 1); day < to && days.length < 400; day = addDays(day, 1))
    if (!calendar.isSchoolDay(day)) days.push(day);
  return days;
}
