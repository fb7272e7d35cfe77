/**
 * Text helpers shared by the eligibility extractor: a compact copy of the message, masking of what a
 * pattern consumed, and Korean number words (their values come from the parsers' one table).
 */
import { NATIVE_TENS, NATIVE_UNITS } from '../../bot/dialog/parsers/korean-numbers';

/** A spoken interjection "아" ("아 잠깐", "아 아니다") survives compaction as this mark: it starts a correction. */
export const INTERJECTION = '※';

/**
 * Lower case, NFC, spaces and most punctuation removed (digits' separators kept), because parents
 * often type without spaces; a free-standing "아" becomes INTERJECTION first.
 */
export const compact = (text: string): string =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/(^|[\s,.!?~…ㅠㅜ])아(?=[\s,.!?~…]|$)/gu, `$1${INTERJECTION}`)
    // Two numbers apart stay apart ("연봉 5400 4인가구", "고1 17살").
    .replace(/(\d)\s+(?=\d)/g, '$1|')
    .replace(/[\s~!?'"“”‘’()[\]{}·…]+/g, '');

/** Latin letters clearly outnumber Hangul: the message is in English. */
export const isEnglish = (text: string): boolean => {
  const latin = (text.match(/[a-z]/gi) ?? []).length;
  const hangul = (text.match(/[가-힣]/g) ?? []).length;
  return latin > hangul * 2 && latin > 3;
};

export const UNIT_ALT = '하나|다섯|여섯|일곱|여덟|아홉|한|두|둘|세|셋|네|넷';

/** "스물세" → 23, "열" → 10, "아홉" → 9. */
export const nativeNumber = (tens: string | undefined, unit: string | undefined): number =>
  (NATIVE_TENS[tens ?? ''] ?? 0) + (NATIVE_UNITS[unit ?? ''] ?? 0);

/** Replaces a matched span with placeholder characters so later patterns skip it. */
export function mask(s: string, index: number, length: number): string {
  return s.slice(0, index) + '□'.repeat(length) + s.slice(index + length);
}

export interface Found<T> {
  value: T;
  index: number;
  /** Length of the matched span in the compact text. */
  length: number;
}

/** Runs `pattern` (global) over `state.s`, masking every hit that `read` accepts. */
export function take<T>(
  state: { s: string },
  pattern: RegExp,
  read: (m: RegExpExecArray) => T | undefined,
): Found<T>[] {
  const found: Found<T>[] = [];
  for (const m of [...state.s.matchAll(pattern)]) {
    const value = read(m as RegExpExecArray);
    if (value === undefined) continue;
    found.push({ value, index: m.index ?? 0, length: m[0].length });
    state.s = mask(state.s, m.index ?? 0, m[0].length);
  }
  return found;
}

/** A correction between two mentions: "아 잠깐", "아니고", "아니다", "됐어요", "만으로는". */
export const CORRECTION_BETWEEN = new RegExp(
  `${INTERJECTION}|아니고|아니다|아니요|아니에요|아닌|잠깐|정정|잘못|됐|되었|올라갔|바뀌|만으로|만나이`,
);
