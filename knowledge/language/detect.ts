/**
 * Which language a message is written in (ko, en, vi, zh), from its scripts and a few very common words:
 * no model needed. Hangul → Korean; Han without Hangul or kana → Chinese; Latin → Vietnamese when it has
 * Vietnamese letters or enough Vietnamese function words (people often drop the diacritics), else English.
 * Returns undefined when there is nothing to go on (digits, emoji, "ok").
 */
export type DetectedLanguage = 'ko' | 'en' | 'vi' | 'zh';

const VIETNAMESE_LETTERS = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu;
// Function words that are rare in English chat (written without diacritics, as phones often send them).
const VIETNAMESE_WORDS = new Set(
  (
    'toi em anh chi minh ban khong ko k dc duoc la cua va nhung nhu the nay roi thi ma voi cho ' +
    'gi sao vay nhe nha a oi di lam muon biet con me bo ba co hoc truong chet song met qua oke vui ' +
    'buon hom nao bao nhieu xin chao cam on can giup dang ky'
  ).split(' '),
);
const ENGLISH_WORDS = new Set(
  (
    'i you he she we they it is am are was were be the a an to of and or but in on at for with my your ' +
    'me do does did not dont cant can will would what how why when where who this that so just want ' +
    'please thanks thank hi hello help'
  ).split(' '),
);

/** Detects the language of one message. */
export function detectLanguage(text: string): DetectedLanguage | undefined {
  let hangul = 0;
  let han = 0;
  let kana = 0;
  let latin = 0;
  for (const ch of text) {
    if ((ch >= '가' && ch <= '힣') || (ch >= 'ㄱ' && ch <= 'ㅣ')) hangul += 1;
    else if (ch >= '\u3400' && ch <= '\u9fff') han += 1;
    else if (ch >= '\u3040' && ch <= '\u30ff') kana += 1;
    else if (/\p{Script=Latin}/u.test(ch)) latin += 1;
  }
  // A Korean word or two inside a foreign sentence (서울런, 학원) does not make it Korean.
  if (hangul > 0 && hangul >= (han + latin) / 4) return 'ko';
  if (han > 0 && kana === 0 && han >= latin / 3) return 'zh';
  if (latin === 0) return hangul > 0 ? 'ko' : undefined;
  if (VIETNAMESE_LETTERS.test(text)) return 'vi';
  const words = text.toLowerCase().match(/\p{Script=Latin}+/gu) ?? [];
  let vi = 0;
  let en = 0;
  for (const w of words) {
    if (VIETNAMESE_WORDS.has(w)) vi += 1;
    if (ENGLISH_WORDS.has(w)) en += 1;
  }
  if (vi > en && vi >= 2) return 'vi';
  if (words.length === 1 && words[0] !== undefined && words[0].length <= 3 && en === 0 && vi === 0) {
    return undefined;
  }
  return 'en';
}
