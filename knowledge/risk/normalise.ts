import { disassembleCompleteCharacter } from 'es-hangul';

/**
 * Normalisation of the risk screen: the same function runs over user text and over the words of the
 * grammar (knowledge/risk/grammar.yaml), so a rule written in plain Hangul matches the spellings people
 * use to hide or play with it. Every step is one pass over the text: the screen stays linear.
 */
export interface NormalisedText {
  /** NFKC, lower case, no zero-width or control characters, whitespace runs as one space. */
  spaced: string;
  /** `spaced` without spaces, punctuation, emoji, laughter or crying runs; long repeats cut. */
  compact: string;
  /** `compact` in folded jamo: what the grammar and the classifier read. */
  folded: string;
  /** Where a grammar word may start and end in `folded` (syllable and Latin-word edges). */
  starts: Uint8Array;
  ends: Uint8Array;
  /** The text word each folded letter belongs to, and each word's length in syllables. */
  wordAt: Int32Array;
  wordSize: Int32Array;
  /** Which scripts the text uses (Hangul, Latin, Han), for the language of the reply. */
  scripts: { hangul: number; latin: number; han: number; vietnamese: number };
  /** Laughter (ㅋㅋ, ㅎㅎ, lol, 哈哈) and crying (ㅠㅠ, ㅜㅜ) were present: features for the classifier. */
  laughter: boolean;
  crying: boolean;
}

// Invisible characters people (or copy-paste) put inside words; a combining grapheme joiner is one of them.
const ZERO_WIDTH =
  // eslint-disable-next-line no-misleading-character-class -- these are single invisible code points
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const COMPAT_JAMO = /[\u3131-\u318E]+/g;

/** NFKC everywhere except on compatibility jamo (NFKC would turn ㅋ into a conjoining letter). */
function nfkcKeepingJamo(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(COMPAT_JAMO)) {
    out += text.slice(last, match.index).normalize('NFKC') + match[0];
    last = match.index + match[0].length;
  }
  return out + text.slice(last).normalize('NFKC');
}

// Vietnamese is often typed without diacritics: fold both spellings to plain letters.
const VIETNAMESE_MARKS = /[\u0300-\u036f]/g;
const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/;
const foldLatin = (word: string): string =>
  word.normalize('NFD').replace(VIETNAMESE_MARKS, '').replace(/đ/g, 'd');

// Traditional characters of the words the screen reads, folded to the simplified ones (Taiwan, Hong Kong).
const TRADITIONAL: Readonly<Record<string, string>> = Object.fromEntries(
  [
    ['殺', '杀'],
    ['傷', '伤'],
    ['藥', '药'],
    ['樓', '楼'],
    ['絕', '绝'],
    ['見', '见'],
    ['輕', '轻'],
    ['還', '还'],
    ['會', '会'],
    ['麼', '么'],
    ['說', '说'],
    ['們', '们'],
    ['為', '为'],
    ['這', '这'],
    ['個', '个'],
    ['沒', '没'],
    ['離', '离'],
    ['開', '开'],
    ['結', '结'],
    ['東', '东'],
    ['活', '活'],
    ['媽', '妈'],
    ['爸', '爸'],
    ['學', '学'],
    ['欺', '欺'],
    ['負', '负'],
    ['錢', '钱'],
    ['別', '别'],
    ['無', '无'],
    ['與', '与'],
    ['過', '过'],
    ['對', '对'],
    ['後', '后'],
    ['跳', '跳'],
    ['頂', '顶'],
    ['瓶', '瓶'],
    ['刀', '刀'],
    ['血', '血'],
    ['氣', '气'],
    ['燒', '烧'],
    ['碳', '碳'],
    ['遺', '遗'],
    ['書', '书'],
    ['謝', '谢'],
    ['讓', '让'],
    ['電', '电'],
    ['話', '话'],
  ].filter(([a, b]) => a !== b),
);

const TENSE_TO_LAX: Readonly<Record<string, string>> = { ㄲ: 'ㄱ', ㄸ: 'ㄷ', ㅃ: 'ㅂ', ㅆ: 'ㅅ', ㅉ: 'ㅈ' };
// 쥭/죽, 햇/했, 얘/예, 되/돼: spellings people swap, folded so one grammar word covers them.
const VOWEL_FOLD: Readonly<Record<string, string>> = {
  ㅠ: 'ㅜ',
  ㅐ: 'ㅔ',
  ㅒ: 'ㅔ',
  ㅖ: 'ㅔ',
  ㅙ: 'ㅚ',
  ㅞ: 'ㅚ',
};
const isVowelJamo = (ch: string): boolean => ch >= 'ㅏ' && ch <= 'ㅣ';
const isConsonantJamo = (ch: string): boolean => ch >= 'ㄱ' && ch <= 'ㅎ';
const isSyllable = (ch: string): boolean => ch >= '가' && ch <= '힣';
const isLatin = (ch: string): boolean => (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
const double = (jamo: string): string => {
  const plain = TENSE_TO_LAX[jamo];
  return plain ? plain + plain : jamo;
};
const lax = (jamo: string): string => {
  let out = '';
  for (const j of jamo) out += TENSE_TO_LAX[j] ?? j;
  return out;
};
const foldVowel = (jamo: string): string => {
  let out = '';
  for (const j of jamo) out += VOWEL_FOLD[j] ?? j;
  // 돼/되 and 웨/위 are swapped as often as 죽/쥭.
  return out.replace('ㅗㅔ', 'ㅗㅣ').replace('ㅜㅔ', 'ㅜㅣ');
};

const syllableCache = new Map<string, string>();
/** One syllable in folded jamo (cached: there are only 11,172 syllables). */
function syllableJamo(syllable: string): string {
  const cached = syllableCache.get(syllable);
  if (cached !== undefined) return cached;
  const parts = disassembleCompleteCharacter(syllable);
  // A tense initial is written as two lax ones (ㄲ = ㄱㄱ), so 주꼬 reads like 죽고 (ㄱ + ㄱ) while
  // 빼고 (except) stays apart from 배고 (hungry); a tense final is written lax (햇 = 했).
  const body = parts
    ? double(parts.choseong) + foldVowel(parts.jungseong) + lax(parts.jongseong.replace(/[ㅎ]$/, ''))
    : syllable;
  syllableCache.set(syllable, body);
  return body;
}

/** Conjoining choseong block (U+1100…) used for a run of bare initials such as ㅈㅅ or ㅈㄱㅅㄷ. */
const CHOSEONG_OF: Readonly<Record<string, string>> = Object.fromEntries(
  [...'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ'].map((j, i) => [j, String.fromCharCode(0x1100 + i)]),
);
const initialsOf = (run: string): string => {
  let out = '';
  for (const j of run) out += CHOSEONG_OF[lax(j)] ?? '';
  return out;
};

/** A run of bare jamo with a vowel is a word spelled letter by letter (ㅈㅜㄱㄱㅗ = 죽고). */
const isSpelledWord = (run: string): boolean => [...run].some(isVowelJamo);

/**
 * Emoji that say something the screen must read (a knife, blood, pills, a rope, the end), written as the
 * words they stand for; every other emoji is dropped with the punctuation.
 */
const EMOJI_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/🔪|🗡️?/gu, ' 칼 '],
  [/🩸/gu, ' 피 '],
  [/💊/gu, ' 약 '],
  [/🪢/gu, ' 밧줄 '],
  [/⚰️?|🪦/gu, ' 무덤 '],
  [/🔚/gu, ' 끝 '],
  [/🩹/gu, ' 밴드 '],
];

/** Laughter and crying written in jamo: removed from the reading, remembered as cues. */
const LAUGHTER = /[ㅋㅎ]{2,}|ㅋ/g;
const CRYING = /(?<![ㄱ-ㅎ])[ㅠㅜ]+/g;
const LATIN_LAUGHTER = /\b(?:lol+|lmao+|haha[ha]*|kkk+|hihi|hehe)\b/g;
const HAN_LAUGHTER = /哈{2,}|呵{2,}|嘻{2,}/g;

/** Digits, dots and stray Latin letters pushed between Hangul syllables to hide a word (자.살, 죽1고). */
const HIDDEN_INSIDE = /(?<=[가-힣ㄱ-ㅣ])[0-9.,·•_\-*~^'"`/\\|+=:;!?xX]{1,3}(?=[가-힣ㄱ-ㅣ])/g;

/**
 * Letters the readings keep: Hangul (syllables and jamo), Latin letters and digits, Han characters.
 * Everything else (spaces, punctuation, emoji, symbols) is dropped from `compact`.
 */
const isKept = (c: string): boolean =>
  (c >= '가' && c <= '힣') ||
  (c >= 'ㄱ' && c <= 'ㅣ') ||
  (c >= '\u1100' && c <= '\u1112') ||
  (c >= 'a' && c <= 'z') ||
  (c >= '0' && c <= '9') ||
  c === '_' ||
  (c >= '\u3400' && c <= '\u9fff');

/** Normalises one message for the screen; linear in its length. */
export function normaliseRisk(text: string): NormalisedText {
  let cleaned = nfkcKeepingJamo(text).replace(ZERO_WIDTH, '').replace(CONTROL, ' ').toLowerCase();
  for (const [emoji, word] of EMOJI_WORDS) cleaned = cleaned.replace(emoji, word);
  const spaced = cleaned.replace(/\s+/g, ' ').trim();
  const scripts = { hangul: 0, latin: 0, han: 0, vietnamese: 0 };
  let laughter = false;
  let crying = false;

  let body = spaced
    .replace(LATIN_LAUGHTER, () => ((laughter = true), ' '))
    .replace(HAN_LAUGHTER, () => ((laughter = true), ' '));
  body = body.replace(LAUGHTER, () => ((laughter = true), ' ')).replace(CRYING, () => ((crying = true), ' '));

  let compact = '';
  // The text word each compact letter came from, and how many syllables each word has: a short grammar
  // word may not join the end of one word to the start of the next (과학 대멸종 is not 학대).
  const wordOfLetter: number[] = [];
  const wordSize: number[] = [];
  let word = -1;
  for (const raw of body.split(' ')) {
    const letters = raw.replace(HIDDEN_INSIDE, '');
    if (!letters) continue;
    word += 1;
    wordSize[word] = 0;
    // Latin words keep a separator between them, so English and Vietnamese words match whole.
    if (isLatin(compact[compact.length - 1] ?? '') && /^[a-z0-9\u00c0-\u024f\u1e00-\u1eff]/.test(letters)) {
      compact += '_';
      wordOfLetter.push(word);
    }
    for (const ch of letters) {
      if (isSyllable(ch)) scripts.hangul += 1;
      else if (ch >= '\u3400' && ch <= '\u9fff') scripts.han += 1;
      else if (ch >= 'a' && ch <= 'z') scripts.latin += 1;
      const accented = (ch >= '\u00c0' && ch <= '\u024f') || (ch >= '\u1e00' && ch <= '\u1eff');
      if (accented && VIETNAMESE_LETTERS.test(ch)) scripts.vietnamese += 1;
      const folded = TRADITIONAL[ch] ?? (accented ? foldLatin(ch) : ch);
      for (const c of folded) {
        // Long repeats cut to two (죽고싶다아아아 → 죽고싶다아아).
        const n = compact.length;
        if (!isKept(c) || (n >= 2 && compact[n - 1] === c && compact[n - 2] === c)) continue;
        compact += c;
        wordOfLetter.push(word);
        if (isSyllable(c)) wordSize[word] = (wordSize[word] ?? 0) + 1;
      }
    }
  }
  const edges = foldWithEdges(compact, wordOfLetter);
  const { folded, starts, ends, wordAt } = edges;
  return {
    spaced,
    compact,
    folded,
    starts,
    ends,
    wordAt,
    wordSize: Int32Array.from(wordSize),
    scripts,
    laughter,
    crying,
  };
}

/** Folded jamo with the positions where a syllable (or a Latin word) may start and end. */
export interface FoldedText {
  folded: string;
  /** The text word of each folded letter (0 when not given). */
  wordAt: Int32Array;
  /** starts[p] = 1 when a word of the grammar may begin at p. */
  starts: Uint8Array;
  /** ends[p] = 1 when a word may end at p (p is the index after its last letter). */
  ends: Uint8Array;
}

/**
 * Folded jamo of a compact string. A tense initial is two lax ones, so 죽고 and 주꼬 both read
 * ㅈㅜㄱㄱㅗ; a silent ㅇ after a final is dropped, so 죽어 and 주거 both read ㅈㅜㄱㅓ. Syllable edges are kept so a short word matches only whole syllables
 * (삥 must not match inside 비염).
 */
export function foldWithEdges(compact: string, wordOfLetter: readonly number[] = []): FoldedText {
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const wordAt: number[] = [];
  let currentWord = 0;
  let run = '';
  let runWord = 0;
  const mark = (list: number[], at: number): void => {
    list[at] = 1;
  };
  const append = (body: string, latin = false): void => {
    const first = body[0];
    const last = out[out.length - 1];
    const start = out.length;
    if (
      first === 'ㅇ' &&
      last !== undefined &&
      isConsonantJamo(last) &&
      !latin &&
      isVowelJamo(body[1] ?? '')
    ) {
      body = body.slice(1);
    }
    mark(starts, start);
    // A syllable that begins with a silent ㅇ may also be matched from its vowel (words drop that ㅇ), and
    // one with a tense initial (ㄱㄱ) from its second half (주꼬 read as 죽 + 고).
    const second = body[1] ?? '';
    if ((body[0] === 'ㅇ' && isVowelJamo(second)) || (isConsonantJamo(second) && second === body[0])) {
      mark(starts, start + 1);
    }
    out += body;
    while (wordAt.length < out.length) wordAt.push(currentWord);
    mark(ends, out.length);
  };
  // Without a vowel, a run is an initials abbreviation (ㅈㅅ), written in choseong blocks so it can
  // never be confused with a final consonant followed by an initial (낮술 has ㅈㅅ in its jamo).
  const flushRun = (): void => {
    if (isSpelledWord(run)) {
      const letters = [...run];
      for (let i = 0; i < letters.length; i += 1) {
        const j = foldVowel(double(letters[i] as string));
        // A silent ㅇ goes with its vowel, so append() can drop it after a final as in a syllable.
        if (j === 'ㅇ' && isVowelJamo(letters[i + 1] ?? '')) {
          append(j + foldVowel(letters[i + 1] as string));
          i += 1;
        } else append(j);
      }
    } else if (run) for (const initial of initialsOf(run)) append(initial, true);
    run = '';
  };
  let latinWord = false;
  let index = 0;
  for (const ch of compact) {
    const letterWord = wordOfLetter[index] ?? 0;
    index += 1;
    if (ch >= 'ㄱ' && ch <= 'ㅣ') {
      if (!run) runWord = letterWord;
      run += ch;
      continue;
    }
    if (run) {
      currentWord = runWord;
      flushRun();
    }
    currentWord = letterWord;
    if (isSyllable(ch)) {
      latinWord = false;
      append(syllableJamo(ch));
    } else if (isLatin(ch)) {
      // A Latin word may start and end only at its edges ("od" is not inside "good").
      if (!latinWord) mark(starts, out.length);
      else ends[out.length] = 0;
      out += ch;
      wordAt.push(currentWord);
      mark(ends, out.length);
      latinWord = true;
    } else {
      latinWord = false;
      append(ch, true);
    }
  }
  currentWord = runWord;
  flushRun();
  const n = out.length;
  const startBits = new Uint8Array(n + 1);
  const endBits = new Uint8Array(n + 1);
  for (let p = 0; p <= n; p += 1) {
    startBits[p] = starts[p] ? 1 : 0;
    endBits[p] = ends[p] ? 1 : 0;
  }
  return { folded: out, starts: startBits, ends: endBits, wordAt: Int32Array.from(wordAt) };
}

/** Folded jamo of a compact string (see foldWithEdges). */
export const foldJamo = (compact: string): string => foldWithEdges(compact).folded;
