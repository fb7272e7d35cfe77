/**
 * Korean particles after numbers and math answers as a child reads them aloud ("68이에요",
 * "5예요", "7/4예요" read 사분의 칠, "12 cm예요"). es-hangul's josa reads Hangul only, so the
 * last sound of a number is worked out here.
 */

/** The particle pair by its form after a final consonant. */
const PAIRS: Readonly<Record<string, string>> = {
  이에요: '예요',
  이라서: '라서',
  이니까: '니까',
  이고: '고',
  이: '가',
  과: '와',
  은: '는',
  을: '를',
  으로: '로',
};
export type Particle = keyof typeof PAIRS;

/** Last syllable of a number read in Sino-Korean: 10 십, 100 백, 1000 천, 7 칠, 0 영. */
function lastSyllableOfNumber(digits: string): string {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  if (/^0+$/.test(trimmed)) return '영';
  const last = trimmed[trimmed.length - 1] as string;
  if (last !== '0') return '영일이삼사오육칠팔구'[Number(last)] as string;
  const zeros = (/0+$/.exec(trimmed)?.[0].length ?? 0) % 4;
  // 10 십, 100 백, 1000 천; whole 만/억 groups end in 만/억.
  return zeros === 1 ? '십' : zeros === 2 ? '백' : zeros === 3 ? '천' : '만';
}

const UNIT_SOUNDS: readonly [RegExp, string][] = [
  [/cm[²³]?$|m$|°$|%$|개$|도$/, '도'],
  [/분$|권$|원$|명$/, '분'],
];

/** The syllable `text` ends with when read aloud. */
function lastSound(text: string): string {
  // "P(-1)" is read 피 마이너스 일: closing brackets are silent.
  const t = text.trim().replace(/[)\]]+$/, '');
  for (const [pattern, sound] of UNIT_SOUNDS) if (pattern.test(t)) return sound;
  const fraction = /(-?\d[\d,]*)\/(\d+)$/.exec(t);
  if (fraction) return lastSyllableOfNumber((fraction[1] as string).replace(/\D/g, ''));
  const number = /(\d[\d,]*)$/.exec(t);
  if (number) return lastSyllableOfNumber((number[1] as string).replace(/,/g, ''));
  return t[t.length - 1] ?? '가';
}

/** Whether a Hangul syllable has a final consonant (and whether it is ㄹ). */
function finalConsonant(syllable: string): 'none' | 'rieul' | 'other' {
  const code = syllable.charCodeAt(0) - 0xac00;
  if (code < 0 || code > 11171) return /[a-z]$/i.test(syllable) ? 'none' : 'none';
  const final = code % 28;
  if (final === 0) return 'none';
  return final === 8 ? 'rieul' : 'other';
}

/** `text` followed by the right form of `particle`: josa(68, '이에요') → "68이에요". */
export function josa(text: string | number, particle: Particle): string {
  const shown = String(text);
  const final = finalConsonant(lastSound(shown));
  const withConsonant = particle === '으로' ? final === 'other' : final !== 'none';
  return `${shown}${withConsonant ? particle : PAIRS[particle]}`;
}
