import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { addDays, minutesOf, seoulInstant, seoulParts } from './calendar';
import { listHolidays } from './holidays';
import { baseLanguage, type Language } from './people';

const localized = z.object({ ko: z.string().min(1), en: z.string().min(1) });

const contactSchema = z.object({
  id: z.string().min(1),
  name: localized,
  phone: z
    .string()
    .regex(/^[0-9-]+$/)
    .optional(),
  text: z.string().optional(),
  kakao: z.string().optional(),
  line: z.string().optional(),
  web: z.url().optional(),
  hours: z
    .object({
      weekdays: z.array(z.string().regex(/^\d\d:\d\d-\d\d:\d\d$/)).min(1),
      closedOnHolidays: z.boolean(),
    })
    .optional(),
  note: localized.optional(),
  source: z.string().min(1),
  verified: z.enum(['confirmed', 'uncertain']),
});

const fileSchema = z.object({
  contacts: z.array(contactSchema).min(1),
  /** Absent: the public holidays of knowledge/calendar/holidays.yaml (one list for the whole bot). */
  holidays: z.array(z.string().regex(/^\d{4}-\d\d-\d\d$/)).optional(),
});

export type Contact = z.infer<typeof contactSchema>;

/** Whether a line with opening hours is open now, and if not, when it next opens. */
export interface OpeningStatus {
  open: boolean;
  /** Next opening instant when closed (undefined for 24-hour lines). */
  opensAt?: Date;
}

/** The contacts file, read once: every number and opening hour the bot says. */
export interface Contacts {
  get(id: string): Contact;
  all(): readonly Contact[];
  isHoliday(date: string): boolean;
  status(id: string, now: Date): OpeningStatus;
  /** "1533-0909 (평일 10시~21시 …)" in the given language. */
  describe(id: string, language: Language): string;
}

/** Loads and validates knowledge/contacts.yaml (or another file, for tests). */
export function loadContacts(path: string): Contacts {
  const parsed = fileSchema.parse(parse(readFileSync(path, 'utf8')));
  const holidays = parsed.holidays ?? listHolidays(join(dirname(path), 'calendar', 'holidays.yaml'));
  return createContacts(parsed.contacts, holidays);
}

function createContacts(list: Contact[], holidayList: string[]): Contacts {
  const byId = new Map(list.map((c) => [c.id, c]));
  const holidays = new Set(holidayList);
  const get = (id: string): Contact => {
    const contact = byId.get(id);
    if (!contact) throw new Error(`unknown contact "${id}" (knowledge/contacts.yaml)`);
    return contact;
  };
  const isOpenDay = (date: string, weekday: number, closedOnHolidays: boolean): boolean =>
    weekday >= 1 && weekday <= 5 && !(closedOnHolidays && holidays.has(date));

  return {
    get,
    all: () => list,
    isHoliday: (date) => holidays.has(date),
    status(id, now) {
      const { hours } = get(id);
      if (!hours) return { open: true };
      const parts = seoulParts(now);
      const windows = hours.weekdays.map((w) => w.split('-').map(minutesOf) as [number, number]);
      if (isOpenDay(parts.date, parts.weekday, hours.closedOnHolidays)) {
        if (windows.some(([from, to]) => parts.minuteOfDay >= from && parts.minuteOfDay < to))
          return { open: true };
        const later = windows.find(([from]) => from > parts.minuteOfDay);
        if (later)
          return { open: false, opensAt: new Date(seoulInstant(parts.date).getTime() + later[0] * 60_000) };
      }
      // Walk forward to the next open day (at most a few weeks, even over long holidays).
      for (let offset = 1; offset <= 31; offset += 1) {
        const date = addDays(parts.date, offset);
        const weekday = seoulParts(seoulInstant(date, '12:00')).weekday;
        if (isOpenDay(date, weekday, hours.closedOnHolidays)) {
          const first = windows[0]?.[0] ?? 0;
          return { open: false, opensAt: new Date(seoulInstant(date).getTime() + first * 60_000) };
        }
      }
      return { open: false };
    },
    describe(id, language) {
      const contact = get(id);
      const base = baseLanguage(language);
      const head = contact.phone ?? contact.web ?? contact.name[base];
      return contact.note ? `${head} (${contact.note[base]})` : head;
    },
  };
}
