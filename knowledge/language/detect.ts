/**
 * Which language a message is written in (ko, en, vi, zh), from its scripts and a few very common words:
 * no model needed. Han beside no more Hangul → Chinese (a Korean word inside a Chinese sentence stays
 * Chinese); otherwise words are counted, not letters, so "Can my kid join 서울런?" is English and
 * "mentor 선생님 언제 배정돼요?" Korean. Latin → Vietnamese when it has Vietnamese letters or more
 * Vietnamese than English common words (people often drop the diacritics), else English.
 * Returns undefined when there is nothing to go on (digits, emoji, punctuation).
 */
export type DetectedLanguage = 'ko' | 'en' | 'vi' | 'zh';

// Vowels with the tones Vietnamese shares with French and Spanish count too: English has none ("Xin chào").
const VIETNAMESE_LETTERS = /[àáãèéìíòóõùúýĩũăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;
// Common Vietnamese syllables written without diacritics, as phones often send them.
const VIETNAMESE_WORDS = new Set(
  (
    'toi em anh chi minh ban khong ko k dc duoc la cua va nhung nhu the nay roi thi ma voi cho ' +
    'gi sao vay nhe nha oi di lam muon biet con me bo ba co hoc truong chet song met qua oke vui ' +
    'buon hom nao bao nhieu xin chao cam on can giup dang ky giay tuoi lop nguoi viet han quoc chong ' +
    'vo dua o dau khi het tien mat phi mien tieng noi chuyen that nhan vien quen khau hieu kiem tra ' +
    'du dieu kien gia dinh ngheo tro cap sinh hoat thu nhap thang nam mot hai ba bon sau bay tam chin ' +
    'muoi trieu duyet lau gai trai mau giao nop dich sang ro ve hoi chut da vang ah a ha nhieu ' +
    'tam biet xin loi lai dai cap quan cua hang ngay tuan thoi gian'
  ).split(' '),
);
const ENGLISH_WORDS = new Set(
  (
    'i you he she we they it is am are was were be the a an to of and or but in on at for with my your ' +
    'me do does did not dont cant can will would what how why when where who this that so just want ' +
    'please thanks thank hi hello help ok okay yes no there have has get got need any some our his her ' +
    'kid kids child children son daughter family mother father mom dad old year years month apply join ' +
    'sign up free cost much many good sorry bye morning day nice later question quick sounds'
  ).split(' '),
);

interface Counts {
  hangul: number;
  han: number;
  kana: number;
  latin: number;
}

function countScripts(text: string): Counts {
  const counts: Counts = { hangul: 0, han: 0, kana: 0, latin: 0 };
  for (const ch of text) {
    if ((ch >= '가' && ch <= '힣') || (ch >= 'ㄱ' && ch <= 'ㅣ')) counts.hangul += 1;
    else if (ch >= '\u3400' && ch <= '\u9fff') counts.han += 1;
    else if (ch >= '\u3040' && ch <= '\u30ff') counts.kana += 1;
    else if (/\p{Script=Latin}/u.test(ch)) counts.latin += 1;
  }
  return counts;
}

/** Vietnamese or English for Latin words: diacritics first, then common words (a word in both lists counts half to each). */
function latinLanguage(text: string, words: string[]): 'vi' | 'en' {
  if (VIETNAMESE_LETTERS.test(text)) return 'vi';
  let vi = 0;
  let en = 0;
  for (const w of words) {
    const inVi = VIETNAMESE_WORDS.has(w);
    const inEn = ENGLISH_WORDS.has(w);
    if (inVi && inEn) {
      vi += 0.5;
      en += 0.5;
    } else if (inVi) vi += 1;
    else if (inEn) en += 1;
  }
  return vi > en && vi >= 1.5 ? 'vi' : 'en';
}

/**
 * Codes and ids are in no language: a word holding both Latin letters and digits ("동의 P7PD-DESM-W7",
 * "문의번호 EL-X32ZLP", "abc123") and web addresses are left out before the words are counted.
 */
function withoutCodes(text: string): string {
  return text
    .split(/\s+/)
    .filter(
      (word) => !(/\p{Script=Latin}/u.test(word) && /\d/.test(word)) && !/^(?:https?:\/\/|www\.)/i.test(word),
    )
    .join(' ');
}

/** Detects the language of one message. */
export function detectLanguage(message: string): DetectedLanguage | undefined {
  const text = withoutCodes(message);
  const counts = countScripts(text);
  if (counts.han > 0 && counts.kana === 0 && counts.han >= counts.hangul) return 'zh';
  const hangulWords = (text.match(/[가-힣ㄱ-ㅣ]+/g) ?? []).length;
  const latinWords = (text.toLowerCase().match(/\p{Script=Latin}+/gu) ?? []).map((w) => w.toLowerCase());
  if (hangulWords === 0 && latinWords.length === 0) return counts.han > 0 ? 'zh' : undefined;
  // Loanwords in a Korean sentence ("app 설치", "PDF로") are single words; an English sentence with a
  // Korean term in it ("What is 차상위?") has more English words than Korean ones.
  // Beside Hangul, a short Latin word that is no English or Vietnamese word is a code's group or a name
  // ("멘토등록 p7pd desm w7k2" typed in lower case), not a sentence in another language.
  const spoken = latinWords.filter((w) => w.length > 5 || ENGLISH_WORDS.has(w) || VIETNAMESE_WORDS.has(w));
  if (hangulWords > 0 && hangulWords >= spoken.length) return 'ko';
  if (hangulWords > 0 && spoken.length < 2) return 'ko';
  // One Latin word that is no English or Vietnamese word ("xxxxx", "asdf", "zzzz") says nothing.
  if (
    latinWords.length === 1 &&
    !VIETNAMESE_LETTERS.test(text) &&
    !ENGLISH_WORDS.has(latinWords[0]!) &&
    !VIETNAMESE_WORDS.has(latinWords[0]!)
  )
    return undefined;
  return latinLanguage(text, latinWords);
}

/** Replies that say nothing about language: digits, a yes/no, thanks, an emoji. */
const LANGUAGE_NEUTRAL =
  /^(?:[\d\s.,:;!?~^+\-*/%()원명살세번개]+|(?:네|넵|넹|예|응|웅|ㅇㅇ|ㅇㅋ|ㄴㄴ|ㅋ+|ㅎ+|ㅠ+|ok|okay|yes|no|y|n|vâng|dạ|ừ|có|không|好|好的|是|对|嗯|行)[\s.!?~]*)$/iu;

/**
 * The language to answer in, given the person's language so far and what this message looks like:
 * a short or neutral reply ("네", "4", "ok", "감사합니다") keeps the person's language, because people
 * who write Vietnamese still answer a button with "네"; a real sentence in another language switches.
 */
export function stickyLanguage(
  previous: DetectedLanguage | undefined,
  detected: DetectedLanguage | undefined,
  text: string,
): DetectedLanguage | undefined {
  if (previous === undefined) return detected;
  if (detected === undefined || detected === previous) return previous;
  const trimmed = text.trim();
  if (LANGUAGE_NEUTRAL.test(trimmed)) return previous;
  const letters = (trimmed.match(/[\p{L}]/gu) ?? []).length;
  const words = trimmed.split(/\s+/).filter(Boolean).length;
  // One short word ("감사합니다", "thanks", "cảm ơn" is two but short) is not enough to switch.
  if (words <= 1 && letters <= 6) return previous;
  if (detected === 'zh' || previous === 'zh') return letters >= 2 ? detected : previous;
  return letters >= 8 || words >= 3 ? detected : previous;
}

/**
 * The language to answer a person in after this message (the pipeline stores it): what they write,
 * kept through short replies ("네", "4"). English switches only a newcomer, because a Korean
 * student's English quiz answer is not a choice of language; Vietnamese and Chinese switch any time.
 */
export function personLanguage<L extends DetectedLanguage>(
  current: L,
  greeted: boolean,
  text: string,
): DetectedLanguage {
  const detected = detectLanguage(text);
  // A newcomer's first words in Vietnamese or Chinese are their language, however short ("Xin chào").
  if (!greeted && (detected === 'vi' || detected === 'zh')) return detected;
  const next = stickyLanguage(current, detected, text) ?? current;
  if (next === 'en' && current === 'ko' && greeted) return current;
  return next;
}
