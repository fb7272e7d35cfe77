/**
 * Answers typed in Vietnamese, Chinese or English, rewritten as the Korean the parsers already read:
 * "3 triệu" → "300만", "lớp 8" → "중2", "14周岁" → "만 14세", "4人" → "4명", "không" → "아니요". Families
 * are asked the eligibility questions in their own language, so they answer in it; one rewrite per
 * kind keeps each parser's Korean rules the only rules. A text with no Latin or Han letters is returned
 * unchanged, so Korean answers never pass through here.
 */
import { ENGLISH_NUMBER_WORDS as ENGLISH_NUMBERS } from './normalise';

/** The kinds of answer the rewrite knows. */
export type AnswerKind = 'money' | 'count' | 'age_grade' | 'yes_no';

const FOREIGN = /[a-z\u00c0-\u024f\u1e00-\u1eff\u3400-\u9fff]/iu;

/** Vietnamese letters without their marks ("triệu" → "trieu", "đồng" → "dong"); Hangul is left whole. */
export function foldVietnamese(text: string): string {
  return text.replace(/[\p{Script=Latin}]+/gu, (word) =>
    word.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/gu, 'd').toLowerCase(),
  );
}

const HAN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  兩: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const HAN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** The value of a Chinese numeral below ten thousand, digits allowed ("三百二十" → 320, "3百" → 300). */
export function hanValue(run: string): number | null {
  if (/^\d+$/u.test(run)) return Number(run);
  let total = 0;
  let digit: number | null = null;
  for (const ch of run.match(/\d+|./gu) ?? []) {
    const unit = HAN_UNITS[ch];
    if (unit !== undefined) {
      total += (digit ?? 1) * unit;
      digit = null;
    } else if (/^\d+$/u.test(ch)) digit = Number(ch);
    else if (HAN_DIGITS[ch] !== undefined) digit = HAN_DIGITS[ch];
    else return null;
  }
  return total + (digit ?? 0);
}

// A run of Chinese digits and units (十, 百, 千), digits allowed inside; 万 and 亿 stay as units after it.
const HAN_NUMBER =
  /[\d零〇一二两兩三四五六七八九十百千]*[零〇一二两兩三四五六七八九十百千][\d零〇一二两兩三四五六七八九十百千]*/gu;

/** Chinese numerals written as digits, 万/亿 as 만/억: "三百二十万" → "320만", "3百万" → "300만". */
export function hanNumerals(text: string): string {
  return text
    .replace(HAN_NUMBER, (run) => {
      // 一 inside words (一起, 一共, 一儿一女) is read by the rules that name those words.
      const value = hanValue(run);
      return value === null ? run : String(value);
    })
    .replace(/万|萬/gu, '만')
    .replace(/亿|億/gu, '억');
}

const VIETNAMESE_NUMBERS: Record<string, number> = {
  mot: 1,
  hai: 2,
  ba: 3,
  bon: 4,
  tu: 4,
  nam: 5,
  lam: 5,
  sau: 6,
  bay: 7,
  tam: 8,
  chin: 9,
  muoi: 10,
};
// Vietnamese counting words, read as numbers only before a unit or counter: "năm" is also "year".
const VI_NUMBER_BEFORE_UNIT =
  /\b(mot|hai|ba|bon|tu|nam|lam|sau|bay|tam|chin|muoi)(?=\s?(?:trieu|tr\b|nghin|ngan|nguoi|dua|be|chau|dan|tuoi|con\b|dua))/gu;

// "a hundred", "an only child": the articles count as one here.
const ENGLISH_NUMBER_WORDS: Readonly<Record<string, number>> = { a: 1, an: 1, ...ENGLISH_NUMBERS };
const ENGLISH_SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };
const ENGLISH_WORD = `(?:${Object.keys(ENGLISH_NUMBER_WORDS)
  .filter((w) => w.length > 2)
  .join('|')}|hundred|thousand|million|\\d+(?:\\.\\d+)?)`;
const ENGLISH_PHRASE = new RegExp(
  `\\b${ENGLISH_WORD}(?:[\\s-]+${ENGLISH_WORD})*\\b(?=\\s?(?:won|krw|₩|원)|$|[\\s,.])`,
  'gu',
);

/** English number phrases with a scale written as one figure: "two million two hundred thousand" → 2200000. */
export function englishAmounts(text: string): string {
  return text.replace(ENGLISH_PHRASE, (phrase) => {
    // Figures with a scale alone ("2.4 million") are left to the unit rules; "2 and 3 million" is a range.
    const words = phrase.split(/[\s-]+/u);
    const spelled = words.some((w) => ENGLISH_NUMBER_WORDS[w] !== undefined || w === 'hundred');
    if (!/hundred|thousand|million/u.test(phrase) || !spelled) return phrase;
    let total = 0;
    let current = 0;
    for (const word of words) {
      const scale = ENGLISH_SCALES[word];
      if (scale === 100) current = (current || 1) * 100;
      else if (scale !== undefined) {
        total += (current || 1) * scale;
        current = 0;
      } else current += ENGLISH_NUMBER_WORDS[word] ?? Number(word);
    }
    return String(total + current);
  });
}

/** Thousands separated by dots or commas ("3.000.000", "1.800.000đ") as plain digits. */
export function plainThousands(text: string): string {
  return text
    .replace(/(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d.,]?\d)/gu, (n) => n.replace(/\./gu, ''))
    .replace(/(?<![\d.,])(\d{1,3})\.(\d{3})(?=\s?(?:won|d\b|dong|vnd|원))/gu, '$1$2');
}

// Amounts of a million, a thousand or ten thousand (triệu, nghìn, k, M, 万) as Korean 만 figures.
function toManwon(value: number): string {
  const man = Math.round(value / 10_000);
  return `${man}만`;
}

function scaledAmounts(text: string): string {
  const number = '(\\d+(?:[.,]\\d+)?)';
  // "củ" is everyday Vietnamese for a million.
  const million = '(?:trieu|tr|cu|million|mil|m)(?![a-z])';
  const thousand = '(?:nghin|ngan|k|thousand)(?![a-z])';
  const value = (n: string): number => Number(n.replace(',', '.'));
  return (
    text
      // A range with one unit after both ends ("2-3 triệu", "between 2 and 3 million").
      .replace(
        new RegExp(`${number}\\s?(?:-|~|den|toi|to|and)\\s?${number}\\s?${million}`, 'gu'),
        (_m, a: string, b: string) => `${toManwon(value(a) * 1e6)}~${toManwon(value(b) * 1e6)}`,
      )
      // "2 triệu 500": three digits after the unit are thousands.
      .replace(
        new RegExp(`${number}\\s?${million}\\s?(\\d{3})(?![\\d.,])`, 'gu'),
        (_m, a: string, b: string) => toManwon(value(a) * 1e6 + Number(b) * 1e3),
      )
      // "2tr5", "4 triệu 2", "hai triệu rưỡi": the digit after the unit is hundreds of thousands.
      .replace(
        new RegExp(`${number}\\s?${million}\\s?(\\d|ruoi)(?![\\d.,]|\\s?(?:nghin|ngan|k|tr|trieu))`, 'gu'),
        (_m, a: string, b: string) => toManwon(value(a) * 1e6 + (b === 'ruoi' ? 5 : Number(b)) * 1e5),
      )
      .replace(new RegExp(`${number}\\s?${million}`, 'gu'), (_m, a: string) => toManwon(value(a) * 1e6))
      .replace(new RegExp(`${number}\\s?${thousand}`, 'gu'), (_m, a: string) => toManwon(value(a) * 1e3))
  );
}

// Who earns, said in each language, as the Korean words the money and count parsers know.
const PEOPLE: Array<[RegExp, string]> = [
  // 我 before a relative is "my" ("我老公"), not one more person.
  [
    /我(?:的)?(?=老公|丈夫|先生|爱人|老婆|妻子|婆婆|公公|妈|爸|奶奶|外婆|姥姥|爷爷|外公|姥爷|儿子|女儿|孩子)|我们|我們/gu,
    ' ',
  ],
  [/老公|丈夫|先生|爱人/gu, ' 남편 '],
  [/老婆|妻子/gu, ' 아내 '],
  [/婆婆/gu, ' 시어머니 '],
  [/公公/gu, ' 시아버지 '],
  [/妈妈|母亲|妈|媽/gu, ' 엄마 '],
  [/爸爸|父亲|爸/gu, ' 아빠 '],
  // An elderly relative counts as one person whichever it is.
  [/奶奶|外婆|姥姥|老人家|老人/gu, ' 할머니 '],
  [/爷爷|外公|姥爷/gu, ' 할아버지 '],
  [/儿子/gu, ' 아들 '],
  [/女儿/gu, ' 딸 '],
  [/孩子|小孩|女孩|男孩|娃/gu, ' 애 '],
  [/我/gu, ' 저 '],
  [/\bvo chong(?: (?:em|toi|minh))?\b/gu, ' 남편 저 '],
  [/\bme chong\b/gu, ' 시어머니 '],
  [/\bbo chong\b/gu, ' 시아버지 '],
  [/\bba ngoai\b|\bba noi\b/gu, ' 할머니 '],
  [/\bong ngoai\b|\bong noi\b/gu, ' 할아버지 '],
  [/\bcon trai\b/gu, ' 아들 '],
  [/\bcon gai\b/gu, ' 딸 '],
  [/\bchong\b/gu, ' 남편 '],
  [/\bvo\b/gu, ' 아내 '],
  [/\b(?:dua|be|chau)(?:\snho|\scon)?\b|\bcon\b/gu, ' 애 '],
  [/\b(?:toi|em|minh)\b/gu, ' 저 '],
  [/\b(?:my\s)?(?:husband|hubby)\b/gu, ' 남편 '],
  [/\b(?:my\s)?wife\b/gu, ' 아내 '],
  [/\b(?:my\s)?mother[\s-]in[\s-]law\b/gu, ' 시어머니 '],
  [/\b(?:my\s)?father[\s-]in[\s-]law\b/gu, ' 시아버지 '],
  [/\b(?:my\s)?(?:mom|mum|mother)\b/gu, ' 엄마 '],
  [/\b(?:my\s)?(?:dad|father)\b/gu, ' 아빠 '],
  [/\b(?:my\s)?(?:grandma|grandmother)\b/gu, ' 할머니 '],
  [/\b(?:my\s)?(?:sons?|boys?)\b/gu, ' 아들 '],
  [/\b(?:my\s)?(?:daughters?|girls?)\b/gu, ' 딸 '],
  [/\b(?:kids|children|kid|child)\b/gu, ' 애 '],
  // "I" is a person only in a list ("my daughter and I"); "I am in …" is no count of anyone.
  [/\b(?:me|myself)\b|(?<=\band\s)i\b|\bi(?=\sand\b|,)/gu, ' 저 '],
];

// Words that take back what was said before, as the Korean correction the parsers split on.
const CORRECTIONS =
  /\s?(?:不对|不是|哦不|啊不|不不)[,，]?\s?(?:是)?|[,，]?\s?\ba khong\b[,，]?|[,，]?\s?\b(?:no wait|actually|sorry|i mean)\b[,，]?|[,，]?\s?\bkhong phai\b[,，]?/gu;

// Words with 一 that are no number ("不一样", "等一下", "一起"); a child of each sex is two children.
function hanWords(text: string): string {
  return text
    .replace(/一儿一女|一兒一女|一女一儿|一女一兒/gu, ' 1남1녀 ')
    .replace(/两口子|兩口子|夫妻|夫妇/gu, ' 남편 저 ')
    .replace(/一(?=样|樣|下|点|點|起|直|些|般|定)/gu, '');
}

// Vietnamese words told apart only by their marks, read before the marks go: đúng (right), đừng (don't).
function markedWords(text: string): string {
  return text
    .replace(/(?<!\p{L})đúng(?!\p{L})/gu, ' vâng ')
    .replace(/(?<!\p{L})đừng(?!\p{L})/gu, ' không ')
    .replace(/(?<!\p{L})ừ(?!\p{L})/gu, ' vâng ');
}

// A Vietnamese number word after a million or after "lớp" ("một triệu hai", "lớp mười").
const VI_NUMBER_AFTER =
  /(?<=\b(?:trieu|cu|lop)\s)(mot|hai|ba|bon|tu|nam|lam|sau|bay|tam|chin|muoi)\b(?:\s(mot|hai))?/gu;
const viNumber = (tens: string, unit?: string): string =>
  String((VIETNAMESE_NUMBERS[tens] ?? 0) + (unit ? (VIETNAMESE_NUMBERS[unit] ?? 0) : 0));

function commonRewrite(text: string): string {
  const folded = foldVietnamese(hanNumerals(hanWords(markedWords(text))))
    .replace(/[，、；：。]/gu, ', ')
    .replace(/[—–]/gu, ', ');
  return folded
    .replace(VI_NUMBER_BEFORE_UNIT, (w: string) => String(VIETNAMESE_NUMBERS[w] ?? w))
    .replace(VI_NUMBER_AFTER, (_m, tens: string, unit?: string) =>
      tens === 'muoi' ? viNumber(tens, unit) : viNumber(tens) + (unit ? ` ${unit}` : ''),
    );
}

function moneyInKorean(text: string): string {
  let out = englishAmounts(plainThousands(commonRewrite(text)));
  out = out.replace(/\bruoi\b(?=.*)/u, 'ruoi');
  out = scaledAmounts(out)
    .replace(/(\d)\s?(?:won|krw|₩|dong|vnd|d\b|韩元|韓元|韩币|韓幣|块|元)/gu, '$1원')
    .replace(/(?<![\d.])(?:won|₩)\s?(\d)/gu, '$1')
    .replace(
      /\b(?:ca|moi|mot|1)\s?nam\b|年收入|年薪|1\s?年|每年|\b(?:a|per|each)\syear\b|\byearly\b|\bannual(?:ly)?\b/gu,
      ' 연봉 ',
    )
    .replace(
      /\b(?:moi|mot|1)\s?thang\b|每个月|每個月|1\s?个?月|每月|\b(?:a|per|each)\smonth\b|\bmonthly\b/gu,
      ' 월 ',
    )
    .replace(/\bluong\b|工资/gu, ' 월급 ')
    .replace(/1\s?个人/gu, ' 혼자 ')
    .replace(/打工|兼职|\bpart[\s-]?time\b|\blam them\b/gu, ' 알바 ')
    .replace(/到|至/gu, '~')
    .replace(/左右|差不多|大概|\bkhoang\b|\btam\b|\baround\b|\babout\b|\broughly\b/gu, ' 정도 ')
    .replace(CORRECTIONS, ' 아니 ')
    .replace(/\b(?:khong co|none|nothing|no income)\b|没有收入|没收入/gu, ' 없어요 ');
  // Children earn nothing here: left to the Korean rules that set a family's numbers aside.
  for (const [pattern, korean] of PEOPLE) if (korean !== ' 애 ') out = out.replace(pattern, korean);
  return out;
}

const LEVELS = ['초', '초', '초', '초', '초', '초', '중', '중', '중', '고', '고', '고'];
/** School year 1–12 as the Korean grade (7 → 중1, 10 → 고1); null outside 1–12. */
export function schoolYearGrade(year: number): string | null {
  const level = LEVELS[year - 1];
  if (!level) return null;
  const within = level === '초' ? year : level === '중' ? year - 6 : year - 9;
  return `${level}${within}`;
}

const ORDINALS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
};

function gradeOf(year: string): string {
  return schoolYearGrade(Number(year)) ?? ` ${year}학년 `;
}

function ageGradeInKorean(text: string): string {
  let out = commonRewrite(text).replace(
    /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\b/gu,
    (w: string) => `${ORDINALS[w]}th`,
  );
  out = out
    // School years: Vietnamese lớp N, English grade N / Nth grade, Chinese N年级 (1–12 across schools).
    .replace(/\blop\s?(\d{1,2})\b/gu, (_m, n: string) => ` ${gradeOf(n)} `)
    .replace(/\b(?:grade|gr\.?|year)\s?(\d{1,2})\b/gu, (_m, n: string) => ` ${gradeOf(n)} `)
    .replace(/\b(\d{1,2})(?:st|nd|rd|th)\s?(?:grade|grader)\b/gu, (_m, n: string) => ` ${gradeOf(n)} `)
    // "second year of middle school", "1st year in high school": the year within that school.
    .replace(
      /\b([1-6])(?:st|nd|rd|th)\syear\s(?:of|in|at)\s(elementary|primary|middle|high)\s?school\b/gu,
      (_m, n: string, school: string) =>
        ` ${school === 'middle' ? '중' : school === 'high' ? '고' : '초'}${n} `,
    )
    .replace(/(?:小学|小學)\s?(\d)\s?(?:年级|年級)?/gu, ' 초$1 ')
    .replace(/(?:初中|初)\s?(\d)\s?(?:年级|年級)?/gu, ' 중$1 ')
    .replace(/(?:高中|高)\s?(\d)\s?(?:年级|年級)?/gu, ' 고$1 ')
    .replace(/(\d{1,2})\s?(?:年级|年級)/gu, (_m, n: string) => ` ${gradeOf(n)} `)
    .replace(/大\s?\d|大学|大學|\bdai hoc\b|\buniversity\b|\bcollege\b/gu, ' 대학생 ')
    .replace(/幼儿园|幼兒園|\bmau giao\b|\bkindergarten\b|\bpreschool\b/gu, ' 유치원 ')
    // Birth years: sinh năm 2012, 2012年出生 / 2012年生, born (in) 2012.
    .replace(/\bsinh\s?(?:nam\s?)?((?:19|20)\d{2})\b/gu, ' $1년생 ')
    .replace(/((?:19|20)\d{2})\s?年\s?(?:出生|生)/gu, ' $1년생 ')
    .replace(/\bborn\s?(?:in\s)?((?:19|20)\d{2})\b/gu, ' $1년생 ')
    // Ages: 满 N 周岁 and N 周岁 are completed years (만), N 岁 plain; tròn N tuổi is 만, N tuổi plain.
    .replace(/(?:满\s?)?(\d{1,2})\s?周岁/gu, ' 만 $1세 ')
    .replace(/满\s?(\d{1,2})\s?岁/gu, ' 만 $1세 ')
    .replace(/(\d{1,2})\s?岁/gu, ' $1살 ')
    .replace(/\btron\s?(\d{1,2})\s?tuoi\b/gu, ' 만 $1세 ')
    .replace(/(\d{1,2})\s?tuoi\b/gu, ' $1살 ')
    .replace(/\b(?:just\s)?turned\s(\d{1,2})\b/gu, ' 만 $1세 ')
    .replace(
      /\b(\d{1,2})\s?(?:in\s)?korean\sage\b|\bkorean\sage\s?(\d{1,2})\b/gu,
      (_m, a?: string, b?: string) => ` 한국 나이 ${a ?? b}살 `,
    )
    .replace(/\b(\d{1,2})\s?(?:yo|y\/o|yrs?)\b/gu, ' $1살 ')
    // Leaving school, and school finished.
    .replace(
      /高中毕业|高中畢業|\btot nghiep cap 3\b|\bgraduated(?: from)? high school\b/gu,
      ' 고등학교 졸업 ',
    )
    .replace(/毕业|畢業|\btot nghiep\b|\bgraduated\b/gu, ' 졸업 ')
    .replace(
      /没上学|沒上學|不上学|辍学|退学|\bnghi hoc\b|\bbo hoc\b|\bdropped out\b|\bnot in school\b|\bout of school\b/gu,
      ' 자퇴했어요 ',
    )
    // Next year's school is said after the grade, not instead of it: the grade before it stands.
    .replace(/明年.*$|\bnam sau\b.*$|\bnext year\b.*$/gu, '');
  return out;
}

function countInKorean(text: string): string {
  let out = commonRewrite(text)
    .replace(/独生子|独生女|獨生子|獨生女|\bonly child\b|\bcon mot\b/gu, ' 외동 ')
    .replace(/一儿一女|一兒一女|\ba boy and a girl\b|\bmot trai mot gai\b/gu, ' 1남1녀 ')
    .replace(/只有\s?我\s?1\s?个人|只有我|\b(?:just|only) me$|\bchi co (?:toi|em|minh)$/gu, ' 저 혼자 ')
    .replace(/我们家|我家|一共|总共|\bnha (?:em|toi|minh)\b|\bgom co\b|\btat ca\b|\bin total\b/gu, ' ')
    // "两个人", "三口人" after a list is its total.
    .replace(/(\d+)\s?(?:个|個|位)?\s?(?:人|口人|口)/gu, ' 총 $1명 ')
    .replace(/(\d+)\s?(?:dua|be|chau)(?:\s(?:con|nho))?\b/gu, ' 애 $1 ')
    .replace(/(\d+)\s?nguoi\b/gu, ' $1명 ')
    .replace(/\b(\d+)\s?(?:people|persons|person|of us|members)\b/gu, ' $1명 ')
    .replace(/(\d+)\s?(?:个|個)\s?(?=孩子|小孩|儿子|女儿|娃|老人|大人|女孩|男孩)/gu, ' $1 ')
    .replace(/(\d+)\s?(?:个|個)/gu, ' $1명 ')
    .replace(CORRECTIONS, ' 아니 ')
    .replace(/还有|還有|和|跟|\bva\b|\bvoi\b|\bcung\b|\band\b|&|\+/gu, ' , ')
    .replace(/\bjust\b|\bonly\b|\bthoi\b|只有|只/gu, ' ');
  for (const [pattern, korean] of PEOPLE) out = out.replace(pattern, korean);
  // "애 3" as Korean says it ("애 셋"): the count after the word it counts.
  return out.replace(/(\d+)\s+(애|아들|딸|할머니|할아버지)/gu, '$2 $1');
}

// Vietnamese không/chưa answer only when nothing follows but a particle, a pronoun or the verb asked
// about: "không ổn" (not OK) and "không muốn sống" are states, never a "no" to the question.
const VI_NO =
  /\b(?:da\s)?(?:khong|chua)\b(?=\s?(?:$|[,.!]|(?:a|ak|ah|dau|nhe|nha|phai|co|can|em|toi|minh|o|xoa)\b))/gu;
// Chinese and English yes words after a negation or a degree word say how someone is, not "yes".
const NOT_BEFORE = "(?<![不没沒很太还還])(?<!\\bnot\\s)(?<!n't\\s)(?<!\\bnot\\s(?:so|very)\\s)";

// Yes, no and not sure in Vietnamese, Chinese and English, as Korean words (unsure first).
const YES_NO_WORDS: Array<[RegExp, string]> = [
  [
    /不太确定|不确定|不知道|说不好|还没想好|\b(?:khong|chua) chac\b|\bkhong biet\b|\bnot sure\b|\bdunno\b|\bi don'?t know\b|\blet me think\b|\bmaybe\b/gu,
    ' 잘 모르겠어요 ',
  ],
  [VI_NO, ' 아니요 '],
  [
    /先别|别|不要|不用|不是|没有|不对|不行|\bthoi khoi\b|\bkhoi\b|\bnope\b|\bnah\b|\bno\b|^not (?:anymore|now|yet|really)\b/gu,
    ' 아니요 ',
  ],
  [
    new RegExp(
      `${NOT_BEFORE}(?:是的|是|对|對|好的|好|可以|嗯|行|\\bok(?:ay)?\\b|\\byes\\b|\\byeah\\b|\\byep\\b|\\bsure\\b|\\bgo ahead\\b)|(?:\\buh\\s)?\\bco\\b|\\bvang\\b|\\bda\\b|\\bduoc\\b|\\bdung roi\\b`,
      'gu',
    ),
    ' 네 ',
  ],
];

function yesNoInKorean(text: string): string {
  // A question back ("ok?", "có không?") is left to the Korean rules, which read questions back.
  if (/[?？]/u.test(text)) return text;
  let out = commonRewrite(text);
  // "em ở 구로구", "nhà em ở Bucheon", "we live in Suwon": where one lives, said the Korean way.
  out = out.replace(/(?:\b(?:nha\s)?(?:em|toi|minh)\s)?\bo\s(\S+)/gu, ' $1 살아요 ');
  out = out.replace(/\b(?:we|i)\s(?:live|moved)\s(?:in|to)\s(\S+)/gu, ' $1 살아요 ');
  for (const [pattern, korean] of YES_NO_WORDS) out = out.replace(pattern, korean);
  // The verb asked about, said back as a go-ahead ("删吧", "xóa đi"): the Korean "지워 주세요".
  out = out.replace(/删吧|删掉吧|删了吧|删除吧|\bxoa di\b|\bxoa luon\b/gu, ' 지워 주세요 ');
  out = out.replace(/\bseoul\b|首尔|首爾/gu, ' 서울 ');
  // Once a yes, a no or a place is found, the words left in the other language only pad it.
  if (/[가-힣]/u.test(out)) out = out.replace(/[a-z']+|[\u3400-\u9fff]+/gu, ' ');
  return out.replace(/\s+/gu, ' ').trim();
}

const REWRITES: Record<AnswerKind, (text: string) => string> = {
  money: moneyInKorean,
  count: countInKorean,
  age_grade: ageGradeInKorean,
  yes_no: yesNoInKorean,
};

/**
 * A Vietnamese, Chinese or English answer to a question of this kind as Korean; any other text as it
 * came. The Korean parts of a mixed answer ("husband 280만") pass through.
 */
export function answerInKorean(text: string, kind: AnswerKind): string {
  // Two or more dotted groups ("3.200.000") are thousands in any language; nobody types a decimal so.
  if (!FOREIGN.test(text)) return kind === 'money' ? plainThousands(text) : text;
  return REWRITES[kind](text.normalize('NFKC').toLowerCase()).replace(/\s+/gu, ' ').trim();
}
