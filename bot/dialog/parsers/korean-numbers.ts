/**
 * Korean numbers as people type them: digits, native words (하나, 두, 열다섯, 스무), Sino-Korean words
 * with multipliers (삼백오십, 이천십일) and mixes of both (3백5십, 1억 2천, 1.5억).
 */

/**
 * Native Korean numbers one to nine, in their counting (하나, 둘) and before-a-noun (한, 두) forms: the one
 * table behind the parsers, the option matcher's positions ("두 번째") and the eligibility extractor.
 */
export const NATIVE_UNITS: Readonly<Record<string, number>> = {
  하나: 1,
  한: 1,
  둘: 2,
  두: 2,
  셋: 3,
  세: 3,
  넷: 4,
  네: 4,
  다섯: 5,
  여섯: 6,
  일곱: 7,
  여덟: 8,
  아홉: 9,
};
// Old and spoken forms before a unit ("석 달", "서 말", "넉 장") read by the parsers only.
const NATIVE_ONES: Readonly<Record<string, number>> = { ...NATIVE_UNITS, 석: 3, 서: 3, 넉: 4 };
/** Native tens (열, 스물/스무 … 쉰). */
export const NATIVE_TENS: Readonly<Record<string, number>> = {
  열: 10,
  스물: 20,
  스무: 20,
  서른: 30,
  마흔: 40,
  쉰: 50,
};
/** Sino-Korean digits (영/공 … 구), as in "중학교 이학년" and "이백오십". */
export const SINO_DIGITS: Readonly<Record<string, number>> = {
  영: 0,
  공: 0,
  일: 1,
  이: 2,
  삼: 3,
  사: 4,
  오: 5,
  육: 6,
  륙: 6,
  칠: 7,
  팔: 8,
  구: 9,
};
const SMALL_UNITS: Record<string, number> = { 십: 10, 백: 100, 천: 1000 };
const LARGE_UNITS: Record<string, number> = { 만: 10_000, 억: 100_000_000 };

const ONES_WORDS = '하나|다섯|여섯|일곱|여덟|아홉|둘|셋|넷|한|두|세|석|네|넉';
/** A native number word (열다섯, 스무, 하나, 두…), as a regex source. */
export const NATIVE_NUMBER = `(?:(?:열|스물|스무|서른|마흔|쉰)(?:${ONES_WORDS})?|${ONES_WORDS})`;
/** A Sino-Korean number word with at least one multiplier or of two digits or more (이백오십, 삼천). */
export const SINO_NUMBER = '(?:[영공일이삼사오육륙칠팔구십백천만억]+)';

/** Value of a native number word, or null ("열다섯" → 15, "스무" → 20). */
export function nativeValue(word: string): number | null {
  const match = new RegExp(`^(열|스물|스무|서른|마흔|쉰)?(${ONES_WORDS})?$`, 'u').exec(word);
  if (!match || (!match[1] && !match[2])) return null;
  return (match[1] ? (NATIVE_TENS[match[1]] ?? 0) : 0) + (match[2] ? (NATIVE_ONES[match[2]] ?? 0) : 0);
}

/**
 * Value of a number written with digits and/or Sino-Korean words and multipliers: "삼백오십" → 350,
 * "3백5십만" → 3,500,000, "1억 2천" → 120,000,000 (the 천 under 억 is 천만), "1.5억", "이천십일" → 2011.
 * Null when the text is not such a number.
 */
export function sinoValue(raw: string): number | null {
  const text = raw.replace(/[\s,]/gu, '');
  if (text.length === 0 || !/^[\d.영공일이삼사오육륙칠팔구십백천만억]+$/u.test(text)) return null;
  const tokens = text.match(/\d+(?:\.\d+)?|[^\d]/gu) ?? [];
  let total = 0;
  let section = 0;
  let current: number | null = null;
  let sawLarge = false;
  for (const token of tokens) {
    if (/^\d/u.test(token)) {
      if (current !== null) return null;
      current = Number(token);
    } else if (token in SINO_DIGITS) {
      if (current !== null) return null;
      current = SINO_DIGITS[token] ?? 0;
    } else if (token in SMALL_UNITS) {
      section += (current ?? 1) * (SMALL_UNITS[token] ?? 1);
      current = null;
    } else if (token in LARGE_UNITS) {
      section += current ?? 0;
      total += (section === 0 ? 1 : section) * (LARGE_UNITS[token] ?? 1);
      section = 0;
      current = null;
      sawLarge = true;
    } else return null;
  }
  const rest = section + (current ?? 0);
  // "1억 2천": a bare 천/백 after 억 counts in 만 ("1억 2천만"), as people say it.
  if (sawLarge && total >= 100_000_000 && rest > 0 && rest < 10_000 && total % 100_000_000 === 0) {
    return total + rest * 10_000;
  }
  return total + rest;
}

/** Digits spelled one by one in Sino-Korean ("일삼팔팔" → 1388), or null. */
export function spelledDigits(word: string): number | null {
  if (word.length < 2 || ![...word].every((c) => c in SINO_DIGITS)) return null;
  return Number([...word].map((c) => String(SINO_DIGITS[c])).join(''));
}

/** A number in any of the forms above (digits, native, Sino-Korean); null otherwise. */
export function anyNumberValue(word: string): number | null {
  if (/^\d+$/u.test(word)) return Number(word);
  return nativeValue(word) ?? (/[십백천만억]/u.test(word) ? sinoValue(word) : null);
}

/** The position a native word names before 번째/째: "첫" → 1, "두" → 2; undefined for any other word. */
export function ordinalValue(word: string): number | undefined {
  return word === '첫' ? 1 : NATIVE_UNITS[word];
}
