/**
 * A date and time in the future, on the Seoul wall clock: "내일 4시" (a bare 1–7 o'clock is afternoon),
 * "모레 아침 10시", "다음주 월요일 3시", "금욜 저녁 6시 반", "12월 10일 17시", "12/8 15:00",
 * "30분 뒤", "한 시간 반 뒤", "내일 이 시간", "일주일 뒤 같은 시간", "오늘 자정". `now` is a parameter.
 * Null without a clock time ("내일", "다음주에"), for a range, when today's weekday or hour is ambiguous
 * ("목요일 3시" on a Thursday, "2시" at 14:00), and for a time already past.
 */
import { expandInitials, normaliseAnswer } from './normalise';
import { NATIVE_NUMBER, nativeValue, sinoValue } from './korean-numbers';
import { isVagueTime, pickClockTime, to24Hour } from './time-of-day';

const SEOUL_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 24 * 3600_000;
const WEEKDAYS = ['일', '월', '화', '수', '목', '금', '토'];

interface Wall {
  year: number;
  month: number; // 1–12
  day: number;
  weekday: number; // 0 = Sunday
  hour: number;
  minute: number;
}

function wallOf(date: Date): Wall {
  const d = new Date(date.getTime() + SEOUL_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
  };
}

function seoulDate(year: number, month: number, day: number, hour: number, minute: number): Date {
  return new Date(Date.UTC(year, month - 1, day, hour, minute) - SEOUL_OFFSET_MS);
}

function addDays(wall: Wall, days: number): Wall {
  return wallOf(new Date(seoulDate(wall.year, wall.month, wall.day, 12, 0).getTime() + days * DAY_MS));
}

// Sino-Korean days and minutes as digits: "이십 일" → "20일", "삼십 분" → "30분", "삼월" → "3월".
function sinoDates(text: string): string {
  return text.replace(
    /(?<![가-힣])([이삼]?십[일이삼사오육칠팔구]?|[일이삼사오육칠팔구](?=\s?월)|십이|십일)\s?(일|월|분)(?![가-힣])/gu,
    (whole, number: string, unit: string) => {
      const value = sinoValue(number);
      return value === null ? whole : `${value}${unit}`;
    },
  );
}

const countWord = (word: string): number | null => (/^\d+$/u.test(word) ? Number(word) : nativeValue(word));

// "30분 뒤", "한 시간 반 후", "두 시간 뒤에", "20분있다가", "한 시간쯤 후에".
function relative(text: string, now: Date): Date | null {
  const m = new RegExp(
    `(?:(\\d+|${NATIVE_NUMBER})\\s?시간(?:\\s?(반))?)?\\s?(?:(?:한\\s)?(\\d+)\\s?분)?\\s?(?:쯤|정도|가량|즈음|남짓)?\\s?(?:뒤|후|있다가|지나서)`,
    'u',
  ).exec(text);
  if (!m || (!m[1] && !m[3])) return null;
  const hours = m[1] ? countWord(m[1]) : 0;
  if (hours === null) return null;
  const minutes = hours * 60 + (m[2] ? 30 : 0) + (m[3] ? Number(m[3]) : 0);
  return new Date(now.getTime() + minutes * 60_000);
}

interface DayPick {
  wall: Wall;
  /** True when the day was only a weekday equal to today's, so "this week or next" is unclear. */
  ambiguousToday?: boolean;
}

function weekdayIn(text: string): number | null {
  const m =
    /(?<![가-힣])([월화수목금토일])(?:요일|욜)|(?:주|\()\s?([월화수목금토일])(?![가-힣])|(?<=\s|^)([월화수목금토])(?=\s|\)|$)/u.exec(
      text,
    );
  const day = m?.[1] ?? m?.[2] ?? m?.[3];
  return day ? WEEKDAYS.indexOf(day) : null;
}

// The day named in the text, or null when none is (the time then falls on the next such hour).
function dayOf(text: string, today: Wall): DayPick | null {
  const named = /크리스마스\s?이브/u.test(text)
    ? [12, 24]
    : /크리스마스/u.test(text)
      ? [12, 25]
      : /새해\s?첫날|신정/u.test(text)
        ? [1, 1]
        : null;
  const full = /(\d{4})\s?[-./년]\s?(\d{1,2})\s?[-./월]\s?(\d{1,2})/u.exec(text);
  const monthDay = /(?<![\d.])(\d{1,2})\s?(?:월\s?|[/.])(\d{1,2})(?:일)?(?![\d:])/u.exec(text);
  if (full) return { wall: wallOf(seoulDate(Number(full[1]), Number(full[2]), Number(full[3]), 12, 0)) };
  if (named || monthDay) {
    const month = named ? (named[0] ?? 1) : Number(monthDay?.[1]);
    const day = named ? (named[1] ?? 1) : Number(monthDay?.[2]);
    let year = today.year + (/내년/u.test(text) ? 1 : 0);
    if (!/내년/u.test(text) && (month < today.month || (month === today.month && day < today.day))) year += 1;
    return { wall: wallOf(seoulDate(year, month, day, 12, 0)) };
  }
  const dayOnly = /(?<![\d.])(\d{1,2})\s?일(?!\s?(?:후|뒤|있다가|요일))/u.exec(text);
  if (dayOnly) {
    const day = Number(dayOnly[1]);
    const nextMonth = /다음\s?달/u.test(text) || day < today.day;
    const month = nextMonth ? (today.month % 12) + 1 : today.month;
    const year = nextMonth && today.month === 12 ? today.year + 1 : today.year;
    return { wall: wallOf(seoulDate(year, month, day, 12, 0)) };
  }
  const later = new RegExp(
    `(\\d+|${NATIVE_NUMBER})\\s?일\\s?(?:후|뒤)|(이틀|사흘|나흘|닷새)\\s?(?:후|뒤)|(일주일|1주일|한\\s?주)\\s?(?:후|뒤)`,
    'u',
  ).exec(text);
  if (later) {
    const days = later[3]
      ? 7
      : later[2]
        ? ({ 이틀: 2, 사흘: 3, 나흘: 4, 닷새: 5 }[later[2]] ?? 0)
        : (countWord(later[1] ?? '') ?? 0);
    return { wall: addDays(today, days) };
  }
  const weekday = weekdayIn(text);
  const weeksAhead = /다다음\s?주/u.test(text)
    ? 2
    : /(\d)\s?주\s?(?:뒤|후)/u.exec(text)
      ? Number(/(\d)\s?주\s?(?:뒤|후)/u.exec(text)?.[1])
      : /다음\s?주|담주/u.test(text)
        ? 1
        : /이번\s?주/u.test(text)
          ? 0
          : null;
  if (weekday !== null) {
    // Weeks run Monday to Sunday, as in Korean calendars.
    const mondayOffset = (d: number): number => (d + 6) % 7;
    if (weeksAhead !== null) {
      return { wall: addDays(today, weeksAhead * 7 + mondayOffset(weekday) - mondayOffset(today.weekday)) };
    }
    const ahead = (weekday - today.weekday + 7) % 7;
    return { wall: addDays(today, ahead), ambiguousToday: ahead === 0 };
  }
  if (weeksAhead !== null && weeksAhead > 0 && /이\s?시간|같은\s?시간|이맘때|요맘때/u.test(text))
    return { wall: addDays(today, 7 * weeksAhead) };
  // 그믐/말일: the last day of this month.
  if (/그믐|말일|월말/u.test(text)) {
    const firstOfNext = addDays(wallOf(seoulDate(today.year, today.month, 28, 12, 0)), 4);
    return { wall: addDays(wallOf(seoulDate(firstOfNext.year, firstOfNext.month, 1, 12, 0)), -1) };
  }
  if (/글피/u.test(text)) return { wall: addDays(today, 3) };
  if (/모레/u.test(text)) return { wall: addDays(today, 2) };
  if (/내일|낼/u.test(text)) return { wall: addDays(today, 1) };
  if (/오늘|이따|이따가|오늘\s?안에/u.test(text)) return { wall: today };
  return null;
}

// Keep what follows the last correction ("내일 4시.. 아 잠깐 … 모레 4시요").
function afterCorrection(text: string): string {
  const parts = text.split(/아\s잠깐|아니다|(?<=\s)아니(?=\s)/u);
  return parts[parts.length - 1] ?? text;
}

/** Parses a future date and time (Seoul wall clock) relative to `now`; null when unclear. */
export function parseDateTime(text: string, now: Date): Date | null {
  const raw = sinoDates(normaliseAnswer(expandInitials(text)))
    .replace(/시반/gu, '시 반')
    .replace(/(?<![가-힣])반\s?시간/gu, '30분')
    .replace(/있다\s가/gu, '있다가');
  if (!raw || /반나절|아무\s?때|언제든/u.test(raw)) return null;
  // "지금 바로", "당장": now.
  if (/^(?:지금|바로|당장)(?:\s?(?:바로|당장|요|이요))*$/u.test(raw)) return now;
  const rel = relative(raw, now);
  if (rel) return rel;
  if (isVagueTime(raw)) return null;
  const today = wallOf(now);
  const body = afterCorrection(raw);
  const day = dayOf(body, today) ?? dayOf(raw, today);
  if (/이\s?시간|같은\s?시간|이맘때|요맘때/u.test(raw) && day) {
    return seoulDate(day.wall.year, day.wall.month, day.wall.day, today.hour, today.minute);
  }
  const clock =
    pickClockTime(
      body.replace(/\d{1,2}\s?일(?=\s)/gu, ' ').replace(/\d{1,2}\s?[/.]\s?\d{1,2}(?!:)\s/u, ' '),
    ) ?? pickClockTime(raw);
  if (!clock || day?.ambiguousToday) return null;
  const hour = to24Hour(clock, (h) => (h >= 1 && h <= 7 ? h + 12 : h));
  if (hour === null) return null;
  // Midnight ("자정", "밤 12시") closes the day named: it falls on the next one.
  if (hour === 0 && (/자정/u.test(raw) || clock.night)) {
    const base = day?.wall ?? today;
    const next = addDays(base, 1);
    return seoulDate(next.year, next.month, next.day, 0, clock.minute);
  }
  const base = day?.wall ?? today;
  const result = seoulDate(base.year, base.month, base.day, hour, clock.minute);
  return result.getTime() > now.getTime() ? result : null;
}
