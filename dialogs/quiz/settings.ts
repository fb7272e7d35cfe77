import { PUSH_WINDOW, isPushMinute } from '../../bot/calendar';
import type { Texts } from '../../bot/texts';
import { GRADES, SUBJECTS, type Grade, type Subject } from '../../knowledge/quiz/bank';

/** Reading typed settings: grades, subjects, delivery times. Pure functions. */

/** Earliest and latest (exclusive) delivery minute: the host's push window (bot/calendar.ts). */
export const FIRST_MINUTE = PUSH_WINDOW.fromMinute;
export const END_MINUTE = PUSH_WINDOW.untilMinute;
export const DEFAULT_MINUTE = 16 * 60;

const LEVEL_WORDS: [RegExp, string][] = [
  [/^(?:초등학교|초등|초)/, '초'],
  [/^(?:중학교|중학|중)/, '중'],
  [/^(?:고등학교|고등|고)/, '고'],
];

/** "중2", "중학교 2학년", "고1", "5학년" (초5–초6 only), "middle 2" → a grade, or null. */
export function parseGrade(text: string): Grade | null {
  const t = text
    .normalize('NFC')
    .replace(/\s+/g, '')
    .replace(/학년(?:이에요|이요|입니다|요)?$/, '')
    .toLowerCase();
  for (const [pattern, level] of LEVEL_WORDS) {
    const rest = t.replace(pattern, '');
    if (rest !== t && /^\d$/.test(rest)) {
      const grade = `${level}${rest}` as Grade;
      return GRADES.includes(grade) ? grade : null;
    }
  }
  if (/^[56]$/.test(t)) return `초${t}` as Grade;
  const english = /^(elementary|middle|high)(\d)$/.exec(t);
  if (english) {
    const level = english[1] === 'elementary' ? '초' : english[1] === 'middle' ? '중' : '고';
    const grade = `${level}${english[2]}` as Grade;
    return GRADES.includes(grade) ? grade : null;
  }
  return null;
}

const SUBJECT_ALIASES: Record<Subject, string[]> = {
  국어: ['국어', 'korean'],
  영어: ['영어', 'english'],
  수학: ['수학', 'math', 'maths'],
  과학: ['과학', 'science'],
  사회: ['사회', 'social'],
  한국사: ['한국사', '역사', 'history'],
};

/** Every subject named in the text ("수학이랑 영어", "math, science"); empty when none. */
export function parseSubjects(text: string): Subject[] {
  const t = text.normalize('NFC').toLowerCase();
  // 한국사 contains 국사 but not 국어; check longer names first so 한국사 is not read as 국어.
  return SUBJECTS.filter((s) => SUBJECT_ALIASES[s].some((alias) => t.includes(alias)));
}

/** A typed time as minutes after midnight: "4시" → 16:00, "16:30", "오후 5시", "아침 8시 반", "5pm". */
export function parseTime(text: string): number | null {
  const t = text.normalize('NFC').replace(/\s+/g, '').toLowerCase();
  const match =
    /^(오전|아침|오후|저녁|밤|낮|am|pm)?(\d{1,2})(?:(?::|시)(\d{1,2}|반)?(?:분)?)?(am|pm)?(?:에|요|쯤|이요|에요|으로|로)*$/.exec(
      t,
    );
  if (!match || (!match[3] && !/시|:|am|pm/.test(t))) return null;
  let hour = Number(match[2]);
  const minute = match[3] === '반' ? 30 : Number(match[3] ?? 0);
  if (hour > 24 || minute > 59) return null;
  const period = match[1] ?? match[4];
  if (period === '오후' || period === '저녁' || period === '밤' || period === 'pm') {
    if (hour < 12) hour += 12;
  } else if (period === '오전' || period === '아침' || period === 'am') {
    if (hour === 12) hour = 0;
  } else if (period === '낮') {
    if (hour < 7) hour += 12;
  } else if (hour >= 1 && hour <= 7) {
    // A bare "4시" from a student means the afternoon: 04:00 is never a quiz time.
    hour += 12;
  }
  return hour * 60 + minute;
}

/** Whether a push may be scheduled at this minute. */
export const isDeliveryMinute = isPushMinute;

/** "오후 4시", "오후 4시 30분" / "4 pm", "4:30 pm". */
export function formatMinute(texts: Texts, minute: number): string {
  const hour = Math.floor(minute / 60);
  const m = minute % 60;
  const h = hour % 12 === 0 ? 12 : hour % 12;
  const minutes = m === 0 ? '' : texts.t('quiz.time.minutes', { m: String(m).padStart(2, '0') });
  return texts.t(hour < 12 ? 'quiz.time.am' : 'quiz.time.pm', { h, m: minutes });
}

/** The next grade on 1 March, or null after 고3. */
export function nextGrade(grade: Grade): Grade | null {
  return GRADES[GRADES.indexOf(grade) + 1] ?? null;
}
