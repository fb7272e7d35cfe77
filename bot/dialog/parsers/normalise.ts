/**
 * The shared squash every parser starts from: what people type on a phone (full-width digits, ㅋㅋ,
 * emoji, trailing "요~!!") reduced to something a pattern can read, without losing the jamo answers
 * (ㅇㅇ, ㄴㄴ, ㄱㄱ) that NFKC would turn into conjoining letters.
 */

const COMPAT_JAMO = /[\u3130-\u318f]/u;
const LAUGH_OR_CRY = /[ㅋㅎㅠㅜ]/u;
const EMOJI = /\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\u200d|\ufe0f|\u20e3/gu;
const EDGE_PUNCTUATION = /^[\s.,!?~'"`()[\]{}·:;…^_\-*♡♥<>/|]+|[\s.,!?~'"`()[\]{}·:;…^_\-*♡♥<>/|]+$/gu;

/** NFKC everywhere except compatibility jamo, so "ㅇㅇ" stays "ㅇㅇ" while "３００" becomes "300". */
export function nfkcKeepingJamo(text: string): string {
  return text.replace(/[^\u3130-\u318f]+/gu, (part) => part.normalize('NFKC'));
}

// A run of two or more ㅋ/ㅎ/ㅠ/ㅜ is laughter or tears; a single one only when no other jamo touches it,
// so the abbreviations "ㅎㅇ" (hi) and "ㅇㅋ" (OK) survive while "300쯤ㅎ" loses its ㅎ.
function dropLaughter(text: string): string {
  return text.replace(/[ㅋㅎㅠㅜ]+/gu, (run, offset: number, whole: string) => {
    if (run.length >= 2) return ' ';
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + run.length] ?? '';
    const touchesJamo = (c: string): boolean => COMPAT_JAMO.test(c) && !LAUGH_OR_CRY.test(c);
    return touchesJamo(before) || touchesJamo(after) ? run : ' ';
  });
}

const INITIAL_JAMO = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const FINAL_JAMO = ' ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ';
// Vowels that end a syllable typed letter by letter; ㅜ/ㅠ are left alone (tears, "ㅠㅠ").
const COUNTERS_WITH_FINAL = new Set(['명', '원', '반', '번', '살', '권', '분']);
const VOWEL_JAMO = 'ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ';

/**
 * Letters typed apart put back together, as a phone keyboard slip: "5ㄱㅐ" → "5개", "3며ㅇ" → "3명"
 * (a final consonant only where it makes a counter after a number).
 */
export function composeJamo(text: string): string {
  const syllables = text.replace(
    /([ㄱ-ㅎ])([ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅝㅞㅟㅡㅢㅣ])/gu,
    (pair, initial: string, vowel: string) => {
      const i = INITIAL_JAMO.indexOf(initial);
      const v = VOWEL_JAMO.indexOf(vowel);
      return i < 0 || v < 0 ? pair : String.fromCharCode(0xac00 + (i * 21 + v) * 28);
    },
  );
  return syllables.replace(
    /(?<=\d\s?)([가-힣])([ㄱ-ㅎ])(?=$|[\s\d.,!?])/gu,
    (pair, syllable: string, final: string) => {
      const code = syllable.charCodeAt(0) - 0xac00;
      const f = FINAL_JAMO.indexOf(final);
      if (code % 28 !== 0 || f <= 0) return pair;
      // Only where it makes a counter after a number ("3며ㅇ" → "3명"); "7시ㄱ" stays "7시 ㄱ(고)".
      const closed = String.fromCharCode(syllable.charCodeAt(0) + f);
      return COUNTERS_WITH_FINAL.has(closed) ? closed : pair;
    },
  );
}

/** English number words, one to ninety (the other-languages rewrite reads them too). */
export const ENGLISH_NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
// English number words and units as the Korean the patterns read ("three people" → "3 명", "4pm" stays).
const ENGLISH_UNITS: Array<[RegExp, string]> = [
  [/\b(?:people|persons|person|kids|children|members)\b/gu, '명'],
  [/\b(?:questions|problems)\b/gu, '문제'],
  [/\bmillion\b/gu, '백만'],
  [/\s?o'?clock\b/gu, '시'],
  [/\b(?:minutes|mins|min)\b/gu, '분'],
  [/\b(?:hours|hour|hrs)\b/gu, '시간'],
  [/\byears?\s?old\b/gu, '살'],
  [/\btomorrow\b/gu, '내일'],
  [/\btoday\b/gu, '오늘'],
  [/\bin\s(\d+)\s?(분|시간)/gu, '$1$2 후'],
];

/** English number words and units read as Korean ones, so "three people" or "in 30 minutes" parse. */
export function englishToKorean(text: string): string {
  if (!/[a-z]/u.test(text)) return text;
  let out = text.replace(
    /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty)\b/gu,
    (w: string) => String(ENGLISH_NUMBER_WORDS[w] ?? w),
  );
  for (const [pattern, korean] of ENGLISH_UNITS) out = out.replace(pattern, korean);
  return out;
}

/**
 * Regional endings read as the standard ones, so the value before them is found: Chungcheong "셋이예유",
 * "없어유", "됐슈", other regions' copulas ("넷이구먼"), and 읎/웂 for 없 ("벌이가 읎어유").
 */
export function standardEndings(text: string): string {
  return (
    text
      .replace(/[읎웂]/gu, '없')
      .replace(
        /(?<=[가-힣\d])(이예|이에|예|에|이|어|아|지|구|네|데|해|돼|되|와|워|러)유(?=$|[\s.,!?~])/gu,
        '$1요',
      )
      .replace(/(?<=[가-힣])슈(?=$|[\s.,!?~])/gu, '어요')
      // "셋이여", "다섯이구먼", "넷이라예", "둘이랑께": the copula of other regions.
      .replace(/(?<=[가-힣\d])(?:이여|이구먼|이구만|이라예|이랑께|이어라)(?=$|[\s.,!?~])/gu, '이에요')
  );
}

/** Shared squash: NFKC except jamo, lower case, no laughter/tears/emoji, single spaces, no edge punctuation. */
export function normaliseAnswer(text: string): string {
  return (
    dropLaughter(
      englishToKorean(standardEndings(composeJamo(nfkcKeepingJamo(text)).toLowerCase())).replace(EMOJI, ' '),
    )
      // An arrow is a correction ("4->5"), never a range: one mark for all of them.
      .replace(/\s?(?:->|=>|→)\s?/gu, ' → ')
      .replace(/\s+/gu, ' ')
      .replace(EDGE_PUNCTUATION, '')
      .trim()
  );
}

/** normaliseAnswer without any spaces or inner punctuation: for whole-answer word lists. */
export function squashAnswer(text: string): string {
  return normaliseAnswer(text).replace(/[\s.,!?~'"`()[\]{}·:;…^_\-*♡♥<>/|]+/gu, '');
}

/** True when the message asks something back ("왜요?", "몇 문제인데?") rather than answering. */
export function asksBack(text: string): boolean {
  if (!/[?？]/u.test(text) && !/(?:왜요|왜\s?물어|뭐예요|뭔가요|인가요|되나요|돼요\?|나요$)/u.test(text))
    return false;
  return /(왜|뭐|뭔|무슨|어디|어떤|어때|어떻게|언제|누구|몇|얼마|되나요|돼요|되는|나와요|인가요|거예요|건가요|말씀|까지|해야|써야)/u.test(
    text,
  );
}

// Endings people add after an answer ("4명이요", "중2임", "300쯤이요"), longest first.
const ENDINGS = [
  '이에요',
  '이예요',
  '입니다',
  '이었어요',
  '이요',
  '이욤',
  '예요',
  '에요',
  '이고요',
  '이고',
  '인데요',
  '인데',
  '이지',
  '이죠',
  '이야',
  '이여',
  '임다',
  '이구요',
  '요',
  '욤',
  '임',
  '여',
  '용',
];

/** Strips one polite or casual ending from a word ("넷이요" → "넷", "중2임" → "중2"). */
export function stripEnding(word: string): string {
  for (const ending of ENDINGS) {
    if (word.length > ending.length && word.endsWith(ending)) return word.slice(0, -ending.length);
  }
  return word;
}

/** Levenshtein distance, for one-letter typos ("영여", "학셍", "쿠즈"). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

// Common 초성 abbreviations, as whole words: what each stands for, so the parsers read the word itself.
const INITIALS: Record<string, string> = {
  ㅇㅇ: '응',
  ㅇㅋ: '오케이',
  ㄱㄱ: '고고',
  ㄴㄴ: '노노',
  ㅅㄹ: '싫어',
  ㅇㄴ: '아니',
  ㅁㄹ: '몰라',
  ㄱㅊ: '괜찮아',
  ㅈㅅ: '죄송',
  ㄳ: '감사',
  ㄱㅅ: '감사',
  ㅇㅈ: '인정',
  ㄹㅇ: '진짜',
  ㄷㄱㄷㄱ: '두근두근',
  ㅎㅇ: '하이',
  ㅂㅂ: '바이',
  ㅅㄱ: '수고',
  ㅊㅋ: '축하',
  ㄴㅇ: '내일',
  ㅇㄴㄹ: '오늘',
  ㅁㄹㄱㅇ: '몰라',
  ㄷㅅ: '다섯',
  ㅎㄴ: '하나',
  ㅇㅁ: '엄마',
  ㅇㅂ: '아빠',
  ㅇㄸ: '어때',
};
// Abbreviations that are numbers: spelled out only before a counter (개/명), where nothing else fits.
const NUMBER_INITIALS = new Set(['ㄷㅅ', 'ㅎㄴ']);

/**
 * Spells out a 초성 abbreviation standing alone as a word ("ㅅㄹ" → "싫어", "ㄴㅇ 4시" → "내일 4시",
 * "ㄷㅅ개" → "다섯개" before a counter).
 */
export function expandInitials(text: string): string {
  return text.replace(
    /(?<![\u3131-\u318e가-힣])[\u3131-\u314e]+(?![\u3131-\u318e가-힣])|(?<![\u3131-\u318e가-힣])[\u3131-\u314e]+(?=개|명)/gu,
    (run, offset: number, whole: string) => {
      const word = INITIALS[run];
      if (word === undefined) return run;
      const beforeCounter = /^(?:개|명)/u.test(whole.slice(offset + run.length));
      return NUMBER_INITIALS.has(run) && !beforeCounter ? run : word;
    },
  );
}

// Particles and endings people type as words of their own ("4명 인데", "딸 은", "둘 이고", "넷 입니다").
const LOOSE_PARTICLE =
  /(?<=[가-힣\d])\s(은|는|을|를|에|에는|엔|이랑|랑|하고|인데|인데요|이고|이요|이에요|예요|입니다|이지요|이니|이라|이라서|이면|이었는데|였는데)(?=\s|$)/gu;

/** Joins a particle typed apart back to its word, so patterns read "4명인데" however it was spaced. */
export function glueParticles(text: string): string {
  return text.replace(LOOSE_PARTICLE, '$1');
}

// Hedges after a value ("4명일걸요", "중2인가?", "300 같아요", "5시쯤일 거예요"): the value stays, the hedge goes.
const HEDGE =
  /(?<=[\d가-힣])\s?(?:일걸요|일걸|일\s?거예요|일\s?거에요|일\s?거야|일\s?듯|인가요|인가|인\s?듯|인\s?것\s?같아요|인\s?것\s?같아|인\s?거\s?같아요|같아요|같은데|같아)(?=[\s?.!~]|$)/gu;

/** Drops a hedge said after a value, so "4명일걸요" reads as "4명". */
export function stripHedges(text: string): string {
  return text.replace(HEDGE, '');
}

/**
 * Words that take back what came before, shared by the value parsers: "아니", "아니고", "아냐", "말고",
 * "ㄴㄴ", "→", "정정", "잘못 썼어요", "250... 아 260", "5명? 아 4명", "천만원 구라고 300", and a plan given
 * up ("5개 하려다가 3개", "10개 할까 했는데 7개").
 */
export const CORRECTION_SPLIT =
  /\s(?:(?:아니|아니다|아니지|아니요|아니고|아니라|아냐|아니야|아니네|말고|노노|ㄴㄴ)\s)+|(?:하려다가?|하려고\s?했는데|할까\s?했는데|할까\s?하다가?|했다가)\s|\s?→\s?|정정(?:할게요|합니다|하면)?\s|잘못\s?(?:썼|적었|눌렀)\S*\s|\.{2,}\s?아\s|\s아\s(?:그냥|걍)\s|\?\s?(?:아|걍|그냥|음|흠)\s|(?:농담|구라|뻥|장난)(?:이고|고|이야|임)?\s/u;

/** What follows the last correction in a text (the whole text when there is none). */
export function afterCorrections(text: string): string {
  const parts = text.split(CORRECTION_SPLIT);
  return parts[parts.length - 1] ?? text;
}
