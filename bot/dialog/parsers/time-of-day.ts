/**
 * A time of day as typed: "저녁 7시쯤" → 19:00, "4시 반", "네시 삼십분", "16:30", "1630", "16.30",
 * "PM 6", "4:30pm", "정오", "8시 저녁". Times that are only context ("학원이 5시에 끝나서 6시요",
 * "4시에 학원 가니까 3시") are set aside, a correction wins ("5시? 아 아니다 6시"). Null for a part
 * of the day alone, a range, two choices, a bound ("7시 전에") or a question back.
 */
import { asksBack, expandInitials, normaliseAnswer } from './normalise';
import { NATIVE_NUMBER, nativeValue, sinoValue } from './korean-numbers';

export interface TimeOfDay {
  hour: number;
  minute: number;
}

export interface TimeOfDayOptions {
  /**
   * After-school questions: a bare 1–7 o'clock is afternoon; 8–11 could be either end of the day (a
   * student at school in the morning, at the academy at night), so they are ambiguous (null).
   */
  bareHourIsAfternoon?: boolean;
}

/** A clock time found in a text, before AM/PM is settled. */
export interface ClockReading {
  hour: number;
  minute: number;
  period: 'am' | 'pm' | null;
  index: number;
  end: number;
  /** True when the words after it say it is context ("5시에 끝나서"), not the answer. */
  context: boolean;
  /** True when said with 밤/새벽: "밤 12시" is midnight, not noon. */
  night?: boolean;
}

const HOUR_WORD = `(\\d{1,2}|${NATIVE_NUMBER})`;
const MINUTE_WORD = '(\\d{1,2}|[일이삼사오육칠팔구십]+(?=\\s?분))';
const KOREAN_CLOCK = new RegExp(
  `${HOUR_WORD}\\s?(?:시|씨)(?:\\s?(반|정각)|\\s?${MINUTE_WORD}\\s?분?)?`,
  'gu',
);
const DIGITAL_CLOCK = /(?<![\d.])(\d{1,2})\s?[:.]\s?(\d{2})(?!\d)|^(\d{2})(\d{2})$/gu;
const ENGLISH_CLOCK = /(?:(am|pm)\s?(\d{1,2})(?::(\d{2}))?|(\d{1,2})(?::(\d{2}))?\s?(am|pm))/gu;
const CONTEXT_AFTER =
  /^\s?(?:에|엔|이면|쯤|부터|까지)?\s?.{0,12}?(?:끝나|학원|수업|상담|약속|회의|집에\s?와|와요|오니까|가니까|가야|출근|일어나|자니까)/u;

// Words after a time, up to the next time, that make it context ("5시에 끝나서", "4시에 학생 2명 상담 있어서").
function isContext(after: string): boolean {
  const window = after.split(/\d{1,2}\s?시|\d{1,2}:\d/u)[0] ?? after;
  // "6시라 7시요", "5시인데 6시로": a time given as a reason for another one.
  if (/^\s?(?:이?라서?|이니까|니까|인데|이고)(?:\s|$)/u.test(window)) return true;
  return /^\s?(?:에|엔|이면|쯤|부터|까지)/u.test(window) && CONTEXT_AFTER.test(window);
}
const AM_WORDS = /(오전|아침|새벽|am|등교|학교\s?가기\s?전)/u;
// Evening by what happens then: after the academy, late, before bed ("학원 끝나는 8시 40분", "늦게 8시",
// "10시 반에 자니까 그 전에 9시").
const PM_WORDS =
  /(오후|저녁|밤|점심|낮|pm|자기\s?전|퇴근|하교|방과\s?후|끝나|갔다\s?와|다녀\s?와|늦게|자니까|잠들|취침)/u;

function numberOf(word: string): number | null {
  if (/^\d+$/u.test(word)) return Number(word);
  return nativeValue(word) ?? sinoValue(word);
}

// The period word nearest to a clock time, looking a few words either side ("8시 저녁", "저녁 먹고 7시").
function periodNear(text: string, index: number, end: number): 'am' | 'pm' | null {
  const before = text.slice(Math.max(0, index - 12), index);
  const after = text.slice(end, end + 8);
  const lastBefore = [...before.matchAll(new RegExp(`${AM_WORDS.source}|${PM_WORDS.source}`, 'gu'))].pop();
  if (lastBefore) return AM_WORDS.test(lastBefore[0]) ? 'am' : 'pm';
  if (AM_WORDS.test(after)) return 'am';
  if (PM_WORDS.test(after)) return 'pm';
  return null;
}

/** Every clock time in a text, in order, with its AM/PM word if one is near. */
export function readClockTimes(text: string): ClockReading[] {
  const found: ClockReading[] = [];
  const push = (
    hour: number | null,
    minute: number | null,
    index: number,
    end: number,
    period: ClockReading['period'],
  ): void => {
    if (hour === null || minute === null || hour > 24 || minute > 59) return;
    if (found.some((f) => index < f.end && end > f.index)) return;
    found.push({
      hour,
      minute,
      period: period ?? periodNear(text, index, end),
      night: /(?:밤|새벽)\s?$/u.test(text.slice(Math.max(0, index - 6), index)),
      index,
      end,
      // A window of words is enough to read the context, and keeps a long message linear.
      context: isContext(text.slice(end, end + 40)),
    });
  };
  for (const m of text.matchAll(ENGLISH_CLOCK)) {
    const period = (m[1] ?? m[6]) === 'am' ? 'am' : 'pm';
    push(
      numberOf(m[2] ?? m[4] ?? ''),
      Number(m[3] ?? m[5] ?? 0),
      m.index ?? 0,
      (m.index ?? 0) + m[0].length,
      period,
    );
  }
  for (const m of text.matchAll(DIGITAL_CLOCK)) {
    // A leading zero ("08:30", "0830") is a 24-hour clock: morning.
    const hourText = m[1] ?? m[3] ?? '';
    push(
      Number(hourText),
      Number(m[2] ?? m[4]),
      m.index ?? 0,
      (m.index ?? 0) + m[0].length,
      hourText.startsWith('0') ? 'am' : null,
    );
  }
  for (const m of text.matchAll(KOREAN_CLOCK)) {
    const minute = m[2] === '반' ? 30 : m[2] === '정각' ? 0 : m[3] ? numberOf(m[3]) : 0;
    const end = (m.index ?? 0) + m[0].length;
    const hour = numberOf(m[1] ?? '');
    // "3시 10분 전" is ten to three; "3시 전" (no minutes) stays a bound.
    const before = m[3] && minute !== null && hour !== null && MINUTES_BEFORE.exec(text.slice(end));
    if (before && minute !== null && hour !== null && minute > 0 && minute < 60) {
      const at = (hour * 60 - minute + 24 * 60) % (24 * 60);
      push(Math.floor(at / 60) || (hour === 0 ? 0 : 12), at % 60, m.index ?? 0, end + before[0].length, null);
      continue;
    }
    push(hour, minute, m.index ?? 0, end, null);
  }
  for (const m of text.matchAll(/정오|자정/gu)) {
    push(
      m[0] === '정오' ? 12 : 0,
      0,
      m.index ?? 0,
      (m.index ?? 0) + m[0].length,
      m[0] === '정오' ? 'pm' : 'am',
    );
  }
  return found.sort((a, b) => a.index - b.index);
}

// "10분 전" right after a clock time with minutes: that many minutes before the hour, not a bound.
const MINUTES_BEFORE = /^\s?전(?!\s?(?:까지|부터|이후))(?:에)?/u;

// Words that take back what came before: "아니", "말고", "노노" (ㄴㄴ), "4시? 아 …".
const CORRECTION = /아니다|아니(?!면)|말고|아\s잠깐|노노|→|\?\s?아\s/gu;

/** The one clock time that answers, after corrections and context; null when none or several. */
export function pickClockTime(text: string): ClockReading | null {
  const times = readClockTimes(text);
  if (times.length === 0) return null;
  const correction = CORRECTION;
  let cut = -1;
  for (const m of text.matchAll(correction)) cut = Math.max(cut, m.index ?? -1);
  const afterCut = cut >= 0 ? times.filter((t) => t.index > cut) : times;
  const pool = afterCut.length > 0 ? afterCut : times;
  const answers = pool.filter((t) => !t.context);
  const chosen = answers.length > 0 ? answers : pool;
  const distinct = new Set(chosen.map((t) => `${t.hour}:${t.minute}`));
  if (distinct.size > 1 && cut < 0 && answers.length === chosen.length && chosen.length === pool.length) {
    return null;
  }
  return chosen[chosen.length - 1] ?? null;
}

/** 24-hour clock from a reading and its period; `bare` decides a time with no period word. */
export function to24Hour(reading: ClockReading, bare: (hour: number) => number | null): number | null {
  const { hour, period } = reading;
  if (hour >= 13) return hour === 24 ? 0 : hour;
  if (hour === 12 && reading.night) return 0;
  if (period === 'pm') return hour === 12 ? 12 : hour + 12;
  if (period === 'am') return hour === 12 ? 0 : hour;
  if (hour === 12) return 12;
  return bare(hour);
}

/** True when a text names a span, a choice or a bound instead of one time. */
export function isVagueTime(text: string): boolean {
  return (
    /(?:시|:\d\d)\s?(?:에서|부터|~|-)\s?\S*\s?(?:시|사이)|사이/u.test(text) ||
    /시\s?(?:나|이나|아니면|또는)\s/u.test(text) ||
    /시\s?(?:전에|이전|넘어서|넘어|이후|후에|지나서|쯤\s?이후)/u.test(text) ||
    (/평일/u.test(text) && /주말/u.test(text))
  );
}

// A bound beside the answer ("9시 전에 8시 반") is the limit, not the answer: dropped when another time is left.
const BOUND = new RegExp(
  `(?:\\d{1,2}|${NATIVE_NUMBER})\\s?시\\s?(?:반\\s?)?(?:전\\s?에|전까지|이전|전|넘어서|넘어|이후|후에|지나서)`,
  'gu',
);

// The words after the last correction, when they hold a time: only those can make the answer vague.
function lastSaid(text: string): string {
  const parts = text.split(CORRECTION);
  const last = parts[parts.length - 1] ?? text;
  return readClockTimes(last).length > 0 ? last : text;
}

/** The text without a span or bound that only frames the answer; null when nothing single is left. */
function withoutFrames(raw: string): string | null {
  const unbounded = raw.replace(BOUND, ' ');
  const framed = unbounded !== raw && readClockTimes(unbounded).length > 0;
  const text = framed ? unbounded : raw;
  return isVagueTime(lastSaid(text)) ? null : text;
}

/** Parses a time of day; null when the text gives no single clock time. */
export function parseTimeOfDay(text: string, options: TimeOfDayOptions = {}): TimeOfDay | null {
  const squashed = normaliseAnswer(expandInitials(text))
    .replace(/시반/gu, '시 반')
    // "3ㅅ", "4ㅣ": 시 cut short by a slip of the thumb.
    .replace(/(?<=\d)\s?[ㅅㅣ](?=\s|$)/gu, '시');
  // A number alone answers "what time" with an hour ("4", "6이요").
  const raw = squashed.replace(/^(\d{1,2})(?:이?요)?$/u, '$1시');
  if (!raw) return null;
  const body = withoutFrames(raw);
  if (body === null) return null;
  const reading = pickClockTime(body);
  if (!reading) return null;
  if (asksBack(text) && !/\d|시/u.test(raw)) return null;
  const bare = (hour: number): number | null => {
    if (!options.bareHourIsAfternoon) return hour;
    if (hour >= 1 && hour <= 7) return hour + 12;
    if (hour >= 8 && hour <= 11) return null;
    return hour;
  };
  const hour = to24Hour(reading, bare);
  if (hour === null) return null;
  return { hour, minute: reading.minute };
}
