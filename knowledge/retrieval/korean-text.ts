import { convertQwertyToHangul, disassemble, getChoseong } from 'es-hangul';

/**
 * Text features for Korean retrieval. Korean questions arrive without spaces, with particles glued
 * to nouns, as 초성 only, or with typos, so we never split on words for Korean: we index syllable
 * bigrams of the text with spaces removed (particles just add a few rare grams), jamo trigrams
 * (a typo changes one jamo and keeps most trigrams), and 초성 bigrams. Latin text (English
 * questions, "slearn") is indexed by word and by character trigram.
 */

/** One kind of feature; each has its own BM25 statistics and weight. */
export type Channel = 'syllable' | 'jamo' | 'choseong' | 'word' | 'latinGram';
export const FEATURE_CHANNELS: readonly Channel[] = ['syllable', 'jamo', 'choseong', 'word', 'latinGram'];

export type Features = Record<Channel, string[]>;

const HANGUL_SYLLABLE = /[가-힣]/;
const CONSONANT_ONLY = /[ㄱ-ㅎ]/g;
const LATIN_STOPWORDS = new Set(
  'a an the is are am was were be do does did how what when where who whom which why can could i me my you your we our it its to of in on at for with and or if about there this that have has get please tell from by as not any'.split(
    ' ',
  ),
);

/** Lower-case, width-normalised text with punctuation turned into spaces. */
export function normalize(text: string): string {
  return (
    text
      // NFC, not NFKC: NFKC turns compatibility jamo (ㅅ) into conjoining jamo and breaks 초성.
      .normalize('NFC')
      .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .toLowerCase()
      .replace(/[^0-9a-z가-힣ㄱ-ㅎㅏ-ㅣ\s-]/g, ' ')
      .replace(/-/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Character n-grams of a string (the whole string when shorter than n). */
export function ngrams(value: string, n: number): string[] {
  if (value.length === 0) return [];
  if (value.length <= n) return [value];
  const grams: string[] = [];
  for (let i = 0; i + n <= value.length; i += 1) grams.push(value.slice(i, i + n));
  return grams;
}

/** English words reduced to a crude stem so "mentors"/"mentoring" meet "mentor". */
export function latinWords(text: string): string[] {
  return (text.match(/[a-z0-9]+/g) ?? [])
    .filter((w) => w.length >= 2 && !LATIN_STOPWORDS.has(w))
    .map((w) => w.replace(/(ing|ed|es|s)$/, '').replace(/(.)\1$/, '$1') || w);
}

/** True when the question is mostly bare consonants, e.g. "ㅅㅇㄹ ㅁㅌㄹ". */
export function isChoseongQuery(text: string): boolean {
  const consonants = (text.match(CONSONANT_ONLY) ?? []).length;
  const syllables = (text.match(/[가-힣]/g) ?? []).length;
  return consonants >= 2 && consonants > syllables;
}

/** True when the text contains Hangul syllables. */
export const hasHangul = (text: string): boolean => HANGUL_SYLLABLE.test(text);

/**
 * A Latin-only question that reads as Hangul typed with the keyboard in English mode
 * ("tjdnfdls" → "서울런"); undefined when the conversion does not give real syllables.
 */
export function qwertyAsHangul(text: string): string | undefined {
  if (hasHangul(text) || !/^[a-zA-Z\s]+$/.test(text.trim())) return undefined;
  try {
    const converted = convertQwertyToHangul(text);
    // Real Korean typed in the wrong mode gives whole syllables; English words give stray jamo.
    return /^[가-힣]{2,}(\s+[가-힣]+)*$/.test(converted.trim()) ? converted : undefined;
  } catch {
    return undefined;
  }
}

/** 초성 of a text in typed order: syllables give their initial, bare consonants stay. */
export function choseongOf(normalized: string): string {
  return (normalized.match(/[가-힣ㄱ-ㅎ]/g) ?? [])
    .map((c) => (HANGUL_SYLLABLE.test(c) ? getChoseong(c) : c))
    .join('');
}

/** All features of an already normalised text. */
export function features(normalized: string): Features {
  const hangul = (normalized.match(/[가-힣0-9]+/g) ?? []).join('');
  const words = latinWords(normalized);
  return {
    syllable: ngrams(hangul, 2),
    jamo: ngrams(disassemble(hangul.replace(/[0-9]/g, '')), 3),
    // Bigrams and trigrams: "ㅅㅇㄹ" is far more telling than "ㅅㅇ" and "ㅇㄹ" apart.
    choseong: [
      ...ngrams(choseongOf(normalized), 2),
      ...(choseongOf(normalized).length > 3 ? ngrams(choseongOf(normalized), 3) : []),
    ],
    word: words,
    latinGram: words.flatMap((w) => ngrams(`_${w}_`, 3)),
  };
}
