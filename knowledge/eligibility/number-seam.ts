import { SINO_DIGITS } from './extract-text';

/**
 * SEAM — own number reading until the dialog engine's parser library (`bot/dialog/parsers/`:
 * `parseMoney`, `parseCount`, `isSeoulResidence`) lands on main. After `git merge main` this file
 * should re-export those and be deleted; the extractor only calls the functions below.
 */

/** A money amount read from a short phrase, as monthly won. */
export interface Money {
  monthlyWon: number;
}

const SINO_PLACES: Record<string, number> = { 천: 1000, 백: 100, 십: 10 };

/** "이백오십" → 250, "삼천구백" → 3900, "2백" → 200, "3천900" → 3900, "백오십" → 150. */
export function readKoreanAmount(text: string): number | undefined {
  if (/^\d{1,3}(?:,\d{3})+$/.test(text)) return Number(text.replace(/,/g, ''));
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  const m = /^((?:\d|[일이삼사오육칠팔구])?천)?((?:\d|[일이삼사오육칠팔구])?백)?((?:\d|[일이삼사오육칠팔구])?십)?(\d{1,3}|[일이삼사오육칠팔구])?$/.exec(
    text,
  );
  if (!m || !text) return undefined;
  let total = 0;
  for (const part of [m[1], m[2], m[3]]) {
    if (!part) continue;
    const place = SINO_PLACES[part.slice(-1)] ?? 0;
    const head = part.slice(0, -1);
    const digit = head === '' ? 1 : /\d/.test(head) ? Number(head) : (SINO_DIGITS[head] ?? 0);
    total += digit * place;
  }
  if (m[4]) total += /\d/.test(m[4]) ? Number(m[4]) : (SINO_DIGITS[m[4]] ?? 0);
  return total;
}

/** A number written in digits, Sino-Korean words, or both ("3천900"), as a regex source. */
const SINO = '[일이삼사오육칠팔구]';
/**
 * A number in digits ("300", "3,000,000", "2.5"), in Sino-Korean words with a place ("이백오십",
 * "사백", "백오십") or mixed ("3천900", "2백", "6천"). Words without a place ("이", "삼") are not
 * amounts: they are too often particles.
 */
export const AMOUNT = `(?:\\d+\\.\\d+|\\d{1,3}(?:,\\d{3})+|(?:[\\d${SINO.slice(1, -1)}]?천)(?:[\\d${SINO.slice(1, -1)}]?백)?(?:[\\d${SINO.slice(1, -1)}]?십)?(?:\\d{1,3}|${SINO}(?=만|원|$|[^가-힣]))?|(?:[\\d${SINO.slice(1, -1)}]?백)(?:[\\d${SINO.slice(1, -1)}]?십)?(?:\\d{1,2}|${SINO}(?=만|원|$|[^가-힣]))?|\\d+)`;

/**
 * Reads one money phrase (compact text, no spaces): "월300", "300만원", "세전900", "연봉4800" (÷ 12),
 * "월이백오십", "180만원", "3,000,000원", "0원". Bare numbers count as 만원 when under 10,000.
 */
export function parseMoney(phrase: string): Money | null {
  const yearly = /연봉|연소득|연수입|1년에|일년에|연간|^연/.test(phrase);
  const m = new RegExp(`^(${AMOUNT})(만원|만|원)?`).exec(phrase.replace(/^(?:월|연봉|세전|세후|연)+/, ''));
  if (!m || !m[1]) return null;
  const amount = readKoreanAmount(m[1]);
  if (amount === undefined) return null;
  let won: number;
  if (m[2] === '원' && amount >= 10_000) won = amount;
  else if (m[2] === '원' && amount === 0) won = 0;
  else if (amount < 10_000) won = Math.round(amount * 10_000);
  else won = amount;
  return { monthlyWon: yearly ? Math.round(won / 12) : won };
}
