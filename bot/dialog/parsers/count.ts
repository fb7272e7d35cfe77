/**
 * Counts with units or described: "4명이요", "넷", "네 명", "3인가족", "삼남매", "쌍둥이", "외동",
 * "남편 저 애 둘" (= 4), "엄마 아빠 형 있어요" (= 4 with the one answering), "3~5개" (= 4), "2+2".
 * Numbers that belong to something else (grades 중2, ages 10살, years 2010년생, minutes, building and
 * class numbers) are set aside first. Null for a question back, a refusal, two different answers.
 */
import {
  afterCorrections,
  asksBack,
  expandInitials,
  glueParticles,
  normaliseAnswer,
  stripEnding,
  stripHedges,
} from './normalise';
import { answerInKorean } from './other-languages';
import { NATIVE_NUMBER, nativeValue, sinoValue } from './korean-numbers';

export interface CountOptions {
  max?: number;
  subject?: 'household' | 'children' | 'items';
}

const UNIT_WORDS = '명|멍|몀|개|게|문제|문재|인|식구|남매|형제|자매|사람|가족|놈|녀석';
const UNIT = `(?:${UNIT_WORDS})`;
// Family words that can carry their own number ("애 둘", "동생 2명") or count as one person.
const MEMBERS: Record<string, number> = {
  부모님: 2,
  부부: 2,
  쌍둥이: 2,
  조부모님: 2,
  엄마: 1,
  어머니: 1,
  어머님: 1,
  아빠: 1,
  아버지: 1,
  아버님: 1,
  새아빠: 1,
  새엄마: 1,
  남편: 1,
  아내: 1,
  와이프: 1,
  신랑: 1,
  할머니: 1,
  할아버지: 1,
  시어머니: 1,
  시아버지: 1,
  장모님: 1,
  영감: 1,
  할멈: 1,
  형: 1,
  누나: 1,
  언니: 1,
  오빠: 1,
  동생: 1,
  남동생: 1,
  여동생: 1,
  막내: 1,
  삼촌: 1,
  이모: 1,
  고모: 1,
  큰딸: 1,
  작은딸: 1,
  막내딸: 1,
  큰아들: 1,
  작은아들: 1,
  막내아들: 1,
  애: 1,
  애들: 1,
  아이: 1,
  아이들: 1,
  애기: 1,
  아기: 1,
  딸: 1,
  아들: 1,
  큰애: 1,
  작은애: 1,
  자녀: 1,
  손주: 1,
  손녀: 1,
  손자: 1,
  첫째: 1,
  둘째: 1,
  셋째: 1,
  넷째: 1,
  막둥이: 1,
};
const CHILD_WORDS = new Set([
  '큰딸',
  '작은딸',
  '막내딸',
  '큰아들',
  '작은아들',
  '막내아들',
  '애',
  '애들',
  '아이',
  '아이들',
  '애기',
  '아기',
  '딸',
  '아들',
  '큰애',
  '작은애',
  '자녀',
  '첫째',
  '둘째',
  '셋째',
  '넷째',
  '막내',
  '막둥이',
  '쌍둥이',
  '손주',
  '손녀',
  '손자',
]);
// People there is only one of in a household: a number right after them cannot count them.
const SINGULAR = new Set([
  '남편',
  '아내',
  '와이프',
  '신랑',
  '엄마',
  '아빠',
  '어머니',
  '아버지',
  '새엄마',
  '새아빠',
]);
const SELF_WORDS = new Set(['저', '나', '본인', '제가', '내가']);
// Gyeongsang 캉 is 랑 ("내캉 할매").
const PARTICLES = /(?:이랑|랑|하고|캉|와|과|는|은|이|가|도|만|까지|이서|해서|요)$/u;

// Regional and homely names of family members read as the standard ones ("할매", "엄니", "손지").
const REGIONAL_MEMBERS: Record<string, string> = {
  할매: '할머니',
  할배: '할아버지',
  엄니: '엄마',
  어무이: '엄마',
  어매: '엄마',
  아부지: '아빠',
  아배: '아빠',
  손지: '손주',
  외손주: '손주',
  딸래미: '딸',
  딸내미: '딸',
  딸램: '딸',
  아들래미: '아들',
  아들내미: '아들',
  아들램: '아들',
};
// A relative named with a side or a rank ("외할머니", "친할아버지", "큰아빠", "사촌형", "외삼촌") is one
// person, counted as the word after the prefix.
const KIN_PREFIX = /^(?:외|친정|친|시|처|큰|작은|사촌|증조|고모|이모)(?=[가-힣])/u;
const IN_LAWS = new Set([
  '고모부',
  '이모부',
  '숙모',
  '숙부',
  '조카',
  '사촌',
  '형수',
  '새언니',
  '올케',
  '매형',
  '며느리',
  '사위',
]);

/** The family member a word names (its standard key in MEMBERS) and the form that named it. */
function memberOf(word: string): { member: string; surface: string } | null {
  // "쌍둥이요": an ending is cut before the particles, or "이요" would take the word's own 이.
  for (const form of [bare(word), stripEnding(word), word.replace(/(?:요|예요|에요|입니다)$/u, '')]) {
    if (IN_LAWS.has(form)) return { member: '삼촌', surface: form };
    const standard = REGIONAL_MEMBERS[form] ?? form;
    if (MEMBERS[standard] !== undefined) return { member: standard, surface: form };
    const unprefixed = standard.replace(KIN_PREFIX, '');
    const relative = REGIONAL_MEMBERS[unprefixed] ?? unprefixed;
    if (unprefixed !== standard && MEMBERS[relative] !== undefined)
      return { member: relative, surface: form };
  }
  return null;
}

// Numbers that are not the count: grades, ages, birth years, minutes, class/seat/building numbers, days.
function setAsideOtherNumbers(text: string): string {
  return (
    text
      .replace(/(?:19|20)?\d{2}\s?년\s?생/gu, ' 애 ')
      .replace(/(?<![가-힣])(?:초|중|고|대)(?:등|딩|학교|학생)?\s?\d(?:학년)?/gu, ' ')
      .replace(/\d+\s?학년/gu, ' ')
      .replace(/\d+\s?(?:살|세|분|동|호|반|번|시|일|주|년|월|%|만원|원)/gu, ' ')
      .replace(/일주일에\s?\S+/gu, ' ')
      // A number said as an age ("올해 스물다섯", "나이가 열일곱") and a total over a longer span ("일주일이면 35개").
      .replace(/(?:올해|나이가?|나이는)\s?\S+/gu, ' ')
      .replace(/(?:일주일|한\s?주|한\s?달|주말)\s?(?:이면|에는?|엔)\s?\S+/gu, ' ')
  );
}

// Native tens typed apart from their ones ("스물 다섯") read as one number word.
const joinNativeNumbers = (text: string): string =>
  text.replace(/(열|스물|서른|마흔|쉰)\s(하나|둘|셋|넷|다섯|여섯|일곱|여덟|아홉|한|두|세|네)/gu, '$1$2');

// Clauses ("…이고 …", "…인데 …", "…지만 …") that give a side figure rather than the answer: a count on
// other days or without someone ("주말에는 5명", "빼면 6명"), people living apart ("아빠는 따로 살고"),
// a reason given first ("학원 숙제 20개 있어서 …"), grandchildren when the question is about children, what
// was so before ("원래 다섯인데 …") and a count turned down as too many or too few ("10개는 너무 많고 …").
// A sentence ended ("…살아요 …") closes a clause as well, and so does someone's absence given as the
// reason ("아빠는 따로 살아서 …", "떨어져 사셔서 …"), so "엄마 아빠 따로 살아서 좀 복잡해요" keeps no one and
// gives no count. Other reasons stay with what they explain ("주말엔 할머니가 오셔서 5명").
function answeringClauses(text: string, subject: CountOptions['subject']): string {
  const reason = /^.*(?:있어서|있으니까|이라서|라서|니까|이니|으니)\s/u.exec(text);
  const body =
    reason && /\d|[하둘셋넷다여일아열]/u.test(text.slice(reason[0].length))
      ? text.slice(reason[0].length)
      : text;
  const clauses = body
    .split(
      /(?<=[가-힣\d])(?:이고|(?<!하)고|인데|는데|지만|이지만)\s|(?<=[가-힣])요\s|(?<=(?:따로|떨어져|돌아가)(?:\S*\s)?\S*[아어여져셔])서\s/u,
    )
    .map((c) => c.trim())
    .filter(Boolean);
  if (clauses.length < 2) return body;
  const including = clauses.filter((c) => /포함/u.test(c));
  if (including.length === 1 && subject === 'household') return including[0] ?? body;
  const side = (c: string): boolean =>
    /주말|가끔|방학|명절|빼면|제외하면|따로|떨어져|안\s?살|기숙사|독립|없$|안\s?계시|돌아가셨|돌아가셔|원래|예전|작년|너무\s?(?:많|적)/u.test(
      c,
    ) ||
    (subject === 'children' && /손주|손자|손녀/u.test(c));
  const kept = clauses.filter((c) => !side(c));
  return kept.length > 0 && kept.length < clauses.length ? kept.join(' ') : body;
}

// Keep only the words after a correction ("3명 아니 4명이요", "5문제 아니다 3문제").
// A question to oneself then the answer ("5명? 아 강아지 빼면 4명", "2개? 3개? 걍 3") and a joke taken
// back ("100개 농담 3개") count the same way.
function afterCorrection(text: string): string {
  return afterCorrections(text);
}

interface Reading {
  value: number;
  hasUnit: boolean;
  /** "셋이서", "둘 해서": the whole count, even right after a family word. */
  total: boolean;
  /** "한 명만", "한 명은": a part of the count named before (or the count itself when nothing was). */
  only: boolean;
}

// One word as a number, with an optional unit and ending: "세명이욤", "넷이요", "15개요", "칠문제".
const TAIL =
  '(?:밖에|부터는|까지는|부터|까지|이나|은|는|도|가|이?요|이에요|이예요|예요|이욤|욤|이서|해서|이|이고|씩|만|만요|정도|쯤|인데|인데요|이랑|랑|하고|캉|에|이라|이면|면|임|째|이에여|이야|야|이었어요|였어요|입니다|이에용|이지요|이지|지요|을|를|로|으로)?';
const NUMBER_WORD = new RegExp(
  `^(\\d+|${NATIVE_NUMBER}|[일이삼사오육칠팔구십]+)(${UNIT})?((?:가족|가구|식구)?${TAIL}(?:이?요|이에요|예요|입니다)?)$`,
  'u',
);

function readNumberWord(word: string): Reading | null {
  const match = NUMBER_WORD.exec(word);
  if (!match) return null;
  const [, digits = '', unit, tail = ''] = match;
  let value: number | null;
  if (/^\d+$/u.test(digits)) value = Number(digits);
  else if (/^[일이삼사오육칠팔구십]+$/u.test(digits)) value = unit ? sinoValue(digits) : null;
  else value = nativeValue(digits);
  if (value === null) return null;
  // 한/두/세/네 alone are also words (한 = about, 네 = yes): only with a unit they are numbers.
  if (!unit && /^(?:한|두|세|네|석|넉|서|스무)$/u.test(digits)) return null;
  return {
    value,
    hasUnit: Boolean(unit),
    total: /^(?:이서|해서)$/u.test(tail),
    only: /^(?:만|은|는)/u.test(tail),
  };
}

// Family words typed without spaces ("엄마아빠나동생", "할머니랑나"): split into known words, longest first,
// when the whole word is made of them.
const JOINERS = ['이랑', '랑', '하고', '와', '과'];
const FAMILY_WORDS = [...Object.keys(MEMBERS), ...SELF_WORDS, ...JOINERS].sort((a, b) => b.length - a.length);
function splitFamily(word: string): string[] {
  const known = FAMILY_WORDS;
  const parts: string[] = [];
  let at = 0;
  while (at < word.length) {
    const next = known.find((k) => word.startsWith(k, at));
    if (!next) return [word];
    if (!JOINERS.includes(next)) parts.push(next);
    at += next.length;
  }
  return parts.length >= 2 ? parts : [word];
}

const bare = (word: string): string => {
  const base = stripEnding(word);
  return base.replace(PARTICLES, '') || base;
};

interface Tally {
  members: number;
  children: number;
  totals: number[];
  self: boolean;
  couple: boolean;
  ordinalMax: number;
  /** A family word already took its own number ("아들 1"): a later number is not the list's total. */
  numbered: boolean;
}

// The same person named twice, formally and plainly ("시어머니 모시고 … 어머님 이렇게요").
const SAME_PERSON: Record<string, string> = { 어머님: '시어머니', 아버님: '시아버지' };

function tally(words: readonly string[], subject: CountOptions['subject']): Tally {
  const result: Tally = {
    members: 0,
    children: 0,
    totals: [],
    self: false,
    couple: false,
    ordinalMax: 0,
    numbered: false,
  };
  const seen = new Set<string>();
  let lastMember: string | null = null;
  for (const [index, word] of words.entries()) {
    const base = bare(word);
    // "엄마 자녀는 나랑 동생", "우리 식구는 …": the list starts after the word for what is counted.
    if (/^(?:자녀|애들|아이들|식구|가족|우리집)(?:은|는)$/u.test(word)) {
      Object.assign(result, { members: 0, children: 0, self: false });
      seen.clear();
      lastMember = null;
      continue;
    }
    // "딸은 …" after "딸 하나": the same person talked about, not one more.
    if (/(?:은|는)$/u.test(word) && seen.has(base)) {
      lastMember = null;
      continue;
    }
    const named = memberOf(word);
    const member = named?.member ?? null;
    const alias = member ? SAME_PERSON[member] : undefined;
    if (member && alias && seen.has(alias)) {
      lastMember = null;
      continue;
    }
    // "쌍둥이 아들": the twins are the sons, not two more; "딸 쌍둥이": the daughter named is one of two.
    if (member && ['아들', '딸'].includes(member) && lastMember === '쌍둥이') {
      lastMember = null;
      continue;
    }
    if (member === '쌍둥이' && lastMember !== null && ['아들', '딸'].includes(lastMember)) {
      result.members += 1;
      result.children += 1;
      lastMember = null;
      continue;
    }
    if (member) seen.add(member);
    if (member) {
      const weight = MEMBERS[member] ?? 1;
      result.members += weight;
      if (CHILD_WORDS.has(member)) result.children += weight;
      const ordinal = ['첫째', '둘째', '셋째', '넷째'].indexOf(member);
      if (ordinal >= 0) result.ordinalMax = Math.max(result.ordinalMax, ordinal + 1);
      if (member === '부부') result.couple = true;
      // A member word directly followed by its number ("애 둘") takes that number; a particle breaks it.
      lastMember = word === named?.surface ? member : null;
      continue;
    }
    // "내" is the one answering only with a particle ("내하고", "내랑"); alone it is "my".
    if (SELF_WORDS.has(base) || SELF_WORDS.has(word) || (base === '내' && word !== '내')) {
      result.self = true;
      result.members += 1;
      lastMember = null;
      continue;
    }
    const reading = readNumberWord(word);
    if (reading) {
      if (reading.only && result.totals.length > 0) {
        lastMember = null;
        continue;
      }
      // A number after the last of a list that equals the list's length is its total ("엄마 아빠 나 동생 4").
      // Only as the last word, in a list that names the one answering, after someone who is not a child
      // (children are counted by their own number: "저랑 딸 둘", "저희 부부랑 애 셋"), for three or more
      // (two for children, where "나랑 동생 2명" counts the one answering).
      // A list of children only ("큰애 작은애 둘") is summed up the same way.
      const childrenOnly = result.members === result.children && result.children >= 2 && !result.numbered;
      // Someone there is only one of ("나하고 남편 둘"): the number after them can only be the total.
      const onlyOne = lastMember !== null && SINGULAR.has(lastMember) && result.members >= 2;
      // "둘이 살아요", "셋이": the N of us, said of the people just named.
      const together = /^(?:둘|셋|넷|다섯)이$/u.test(word);
      // "할머니 둘이 살아요", "엄마 동생 셋이": the N of us when the one answering is not named yet.
      const withSelf =
        together &&
        lastMember !== null &&
        !CHILD_WORDS.has(lastMember) &&
        !result.self &&
        subject === 'household' &&
        reading.value === result.members + 1;
      // Only words that name no one may follow the total ("… 둘이 살아요", "… 셋 이렇게요").
      const lastCount = words
        .slice(index + 1)
        .every((w) => memberOf(w) === null && readNumberWord(w) === null && !SELF_WORDS.has(bare(w)));
      const listTotal =
        lastMember !== null &&
        ((!CHILD_WORDS.has(lastMember) && result.self) || childrenOnly) &&
        lastCount &&
        reading.value === result.members &&
        (result.members >= (subject === 'children' ? 2 : 3) || onlyOne || together);
      if (listTotal || withSelf) {
        result.totals.push(reading.value);
      } else if (lastMember && !reading.total) {
        const weight = MEMBERS[lastMember] ?? 1;
        result.members += reading.value - weight;
        result.numbered = true;
        if (CHILD_WORDS.has(lastMember)) result.children += reading.value - weight;
      } else result.totals.push(reading.value);
    }
    lastMember = null;
  }
  return result;
}

// A span said as a range gives its middle, rounded down: "4~5명" is 4 (the smaller is the safer guess), "2~4개" 3.
const middleOf = (low: number, high: number): number => Math.floor((low + high) / 2);

// Two neighbouring native numbers said as one word ("한두 개", "서너 명", "대여섯"): a range, read as its middle.
const NATIVE_SPANS: Array<[RegExp, number, number]> = [
  [/한두/gu, 1, 2],
  [/두세|두서너/gu, 2, 3],
  [/서너|세네|세넷/gu, 3, 4],
  [/너덧|너댓|네다섯|네댓/gu, 4, 5],
  [/대여섯|다여섯/gu, 5, 6],
  [/예닐곱|여섯일곱/gu, 6, 7],
  [/일고여덟|일여덟/gu, 7, 8],
];
function nativeSpans(text: string): string {
  return NATIVE_SPANS.reduce(
    (out, [span, low, high]) =>
      out.replace(
        new RegExp(`(?<![가-힣])${span.source}(?=\\s?(?:${UNIT_WORDS})|\\s|$)`, 'gu'),
        `${low}~${high}`,
      ),
    text,
  );
}

// Two neighbouring numbers typed apart before a unit ("세 네 개", "다섯 여섯 명", "3 4개", "3,4명"): the
// same span as "서너 개", read as its middle. Without a unit after them only counting forms end the span
// ("다섯 여섯이요"), so "한", "세" and "네" alone stay words of their own.
const SPACED_NUMBER = '(\\d{1,2}|하나|둘|셋|넷|다섯|여섯|일곱|여덟|아홉|열|한|두|세|네)';
function spacedSpans(text: string): string {
  const span = new RegExp(
    `(?<![가-힣\\d~])${SPACED_NUMBER}\\s${SPACED_NUMBER}(?=\\s?(?:${UNIT_WORDS})|(?<=[둘셋넷섯곱덟홉])(?:이?요|이에요|정도|쯤)?(?:\\s|$))`,
    'gu',
  );
  const next = new RegExp(`^\\s${SPACED_NUMBER}(?![가-힣])`, 'u');
  return text.replace(span, (pair, a: string, b: string, offset: number) => {
    // "하나 둘 셋" counts aloud; it is no span.
    if (next.test(text.slice(offset + pair.length))) return pair;
    const low = /\d/u.test(a) ? Number(a) : (nativeValue(a) ?? 0);
    const high = /\d/u.test(b) ? Number(b) : (nativeValue(b) ?? 0);
    return high === low + 1 ? `${low}~${high}` : pair;
  });
}

// Sons and daughters said the old way ("2남1녀", "일남이녀", "1남 1녀"): the same as "아들 1 딸 2".
function sonsAndDaughters(text: string): string {
  const digit = '(\\d|[일이삼사오]|한|두|세)';
  return text
    .replace(
      new RegExp(
        `(?<![가-힣])${digit}\\s?남\\s?${digit}\\s?녀(?=$|\\s|이?요|예요|이에요|입니다|임|에요)`,
        'gu',
      ),
      (_, sons: string, daughters: string) => {
        const value = (w: string): number =>
          /\d/u.test(w) ? Number(w) : (sinoValue(w) ?? nativeValue(w) ?? 0);
        return ` 아들 ${value(sons)} 딸 ${value(daughters)} `;
      },
    )
    .replace(
      // Sons or daughters only ("2남", "딸 셋" said as "3녀").
      /(?<![가-힣\d])(\d)\s?(남|녀)(?=$|\s|이?요|예요|이에요|입니다|임|에요)/gu,
      (_, n: string, who: string) => ` ${who === '남' ? '아들' : '딸'} ${n} `,
    );
}

// No children said outright; "하나밖에 없어요" is one.
const noChildren = (raw: string): boolean =>
  /^(?:\S+\s)?(?:없어|없음|없습니다|없어요|없는데|없네|없다)/u.test(raw) && !/밖에|뿐/u.test(raw);

// A child word said in passing ("애 키우는 거 힘드네요", "아이 때문에 물어봐요") is no count: without a number,
// a list or a word of having ("있어요", "뿐", "하나"), it only names the topic.
function onlyInPassing(words: readonly string[], raw: string): boolean {
  const generic =
    /^(?:애|아이|애들|아이들|자녀|자식)(?:이|가|는|은|를|을|랑|하고|때문에|키우는|키우기|키우는거|키우면서)?$/u;
  const family = words.filter((w) => memberOf(w) !== null);
  return (
    family.length === 1 &&
    generic.test(family[0] ?? '') &&
    words.length >= 3 &&
    !words.some((w) => readNumberWord(w) !== null) &&
    !/있|뿐|밖에|하나|한\s?명|혼자|외동|키우고\s?있/u.test(raw)
  );
}

const HAS_NUMBER = new RegExp(
  `\\d|(?<![가-힣])${NATIVE_NUMBER}(?![가-힣])|${NATIVE_NUMBER}\\s?(?:${UNIT_WORDS})`,
  'u',
);

// Children named by their school before their number ("중학생 하나 초등학생 둘", "고1 하나 중2 하나") when the
// question is about children: each is a child, so the grade is not set aside with the child's number.
function schoolChildren(text: string, subject: CountOptions['subject']): string {
  if (subject !== 'children') return text;
  return text.replace(
    /(?<![가-힣])(?:초등학생|중학생|고등학생|대학생|유치원생|초딩|중딩|고딩|[초중고]\d)(?=\s(?:하나|둘|셋|넷|한\s?명|두\s?명|세\s?명|\d\s?명))/gu,
    '애',
  );
}

// "하나도 싫어", "한 문제도 안 풀래": not even one is a refusal, not a count of one ("하나도 빠짐없이" is all of
// them); "한 명도 없어요" is none.
function notEvenOneOf(raw: string): 'refused' | 'none' | null {
  const rest = /(?:하나|한\s?(?:개|명|문제)|1\s?(?:개|명|문제))도\s?((?:\S+\s)?\S*)/u.exec(raw)?.[1];
  if (rest === undefined) return null;
  // "하나도 빠짐없이" is all of them: either way it is no count of one.
  return /^없/u.test(rest) ? 'none' : 'refused';
}

/** Parses a count ("4명", "넷", "남편 저 애 둘"); null when the text does not give one clear count. */
export function parseCount(typed: string, options: CountOptions = {}): number | null {
  const text = answerInKorean(typed, 'count');
  const subject = options.subject;
  const raw = joinNativeNumbers(
    stripHedges(glueParticles(normaliseAnswer(expandInitials(text))))
      .replace(/[,·/()[\]]+/gu, ' ')
      .replace(/읍니다/gu, '습니다'),
  );
  // "4명이면 되나요?" asks whether the value given will do: the value still answers.
  const checksValue =
    /\d|하나|둘|셋|넷|다섯/u.test(raw) && /(?:이면|면)\s?(?:되나요|돼요|될까요|되죠)|맞나요|맞죠/u.test(raw);
  if (!raw || (asksBack(text) && !checksValue)) return null;
  // A question with no number in it ("손주 키우는데 그것도 자녀예요?") asks back, whatever its words.
  if (
    /[?？]\s*$/u.test(text) &&
    !/\d|하나|둘|셋|넷|다섯|여섯|일곱|여덟|아홉|열|스물|혼자|외동|쌍둥이|(?:한|두|세|네)\s?(?:개|명|문제)/u.test(
      raw,
    )
  )
    return null;
  // Someone saying they are a student is not the parent the children question is for ("저 중2인데요").
  if (
    subject === 'children' &&
    /(?:^|\s)(?:저|나)는?\s(?:학생|중학생|고등학생|초등학생|중딩|고딩|초딩|[초중고]\d)/u.test(raw)
  )
    return null;
  // A total said outright ("= 5", "총 5명", "모두 넷") is the answer, whatever the list before it.
  const stated = new RegExp(
    `(?:=|총|모두|합쳐서|다\\s?해서)\\s?(\\d+|${NATIVE_NUMBER})\\s?(?:${UNIT})?(?:\\s?(?:입니다|이요|요|이에요|예요))?$`,
    'u',
  ).exec(raw);
  const statedValue = stated?.[1]
    ? /^\d/u.test(stated[1])
      ? Number(stated[1])
      : nativeValue(stated[1])
    : null;
  if (statedValue !== null) return clamp(statedValue, options);
  if (/모르|몰라|글쎄|그건 좀|비밀|알아서|많이요/u.test(raw)) return null;
  // "적당히", "최대한" alone leave the number to us; before a number ("적당히 3개") they only soften it.
  if (/적당히|최대한/u.test(raw) && !HAS_NUMBER.test(raw)) return null;
  const notEvenOne = notEvenOneOf(raw);
  if (notEvenOne === 'none') return subject === 'children' ? 0 : null;
  if (notEvenOne === 'refused') return null;
  if (/평일/u.test(raw) && /주말/u.test(raw)) return null;
  // Two counts offered as a choice ("3개나 4개", "2명 아니면 3명") are not one answer.
  if (/\d\s?(?:개|명|문제)?\s?(?:이나|나|아니면|또는)\s\d/u.test(raw)) return null;
  const corrected = afterCorrection(raw);
  if ((corrected.match(/\?/gu) ?? []).length >= 2) return null;

  let body = setAsideOtherNumbers(
    answeringClauses(
      sonsAndDaughters(spacedSpans(nativeSpans(schoolChildren(corrected, subject)))).replace(/[?]/gu, ' '),
      subject,
    ),
  );
  // What is true now beats what is coming ("애가 둘인데 곧 셋", "둘째 임신중인데 지금은 하나").
  body = body.replace(/\s곧\s.*$/u, ' ');
  const now = /지금은\s(.+)$/u.exec(body);
  if (now?.[1] && /임신/u.test(body)) body = now[1];
  const sum = /^(\d+)\s?\+\s?(\d+)$/u.exec(body.trim());
  if (sum) return clamp(Number(sum[1]) + Number(sum[2]), options);
  const range = /(\d+)\s?(?:~|-|에서)\s?(\d+)\s?(?:개|문제|명)?(?:\s?사이)?/u.exec(body);
  if (range) return clamp(middleOf(Number(range[1]), Number(range[2])), options);

  const glued = body
    // A number before the children it counts ("두 아이", "세 자녀"): the same as "아이 두명". Only the forms
    // that stand before a noun (한/두/세/네), so "딸 둘 아들 하나" keeps its order.
    .replace(/(?<![가-힣])(한|두|세|네|스무)\s(아이|애|자녀|딸|아들|아이들|애들)(?![가-힣])/gu, '$2 $1명')
    .replace(/([가-힣])(\d)/gu, '$1 $2')
    // A child word and its number typed together ("아들둘 딸하나").
    .replace(
      /(?<![가-힣])(아들|딸|애|아이|애들|아이들|자녀|손주)(하나|둘|셋|넷|다섯)(?=\s|$|이|요)/gu,
      '$1 $2',
    )
    .replace(new RegExp(`(\\d+|${NATIVE_NUMBER}|[일이삼사오육칠팔구십]+)\\s+(${UNIT})`, 'gu'), '$1$2')
    .replace(/([일이삼사오육칠팔구]|\d)\s?(남매|형제|자매)/gu, '$1$2');
  const words = glued
    .split(/\s+/u)
    .filter(Boolean)
    .flatMap((w) => (readNumberWord(w) || memberOf(w) ? [w] : splitFamily(w)));
  if (words.some((w) => /^(?:혼자|혼자요|혼자서|혼자예요)$/u.test(w) || /^혼자/u.test(w)))
    return clamp(1, options);
  // A Sino-Korean digit as the whole answer ("삼", "사요"); 일 and 이 alone are other words.
  const lone = /^([삼사오육칠팔구]|[일이삼사오육칠팔구]?십[일이삼사오육칠팔구]?)(?:이?요)?$/u.exec(
    body.trim(),
  );
  if (lone?.[1]) return clamp(sinoValue(lone[1]) ?? 0, options);
  if (subject === 'children' && noChildren(raw)) return 0;
  if (subject === 'children' && /외동/u.test(raw)) return clamp(1, options);

  if (subject === 'children' && onlyInPassing(words, raw)) return null;
  const t = tally(words, subject);
  const others = /(?:저|나|본인)\s?빼고/u.test(raw);
  // Pets counted in by the one answering ("강아지까지 5명", "강아지 포함 5명") are not people.
  // "강아지랑 둘이 살아요": the pet and the one answering.
  const pets =
    /(?:강아지|고양이|멍멍이|댕댕이|냥이)\s?(?:포함|까지|도|랑|이랑|하고)/u.test(raw) &&
    !/빼고|제외/u.test(raw)
      ? 1
      : 0;
  const including = /(?:저|나|본인)\s?포함/u.test(raw);
  if (t.totals.length > 0) {
    const distinct = new Set(t.totals);
    if (distinct.size > 1) return null;
    const total = t.totals[0] ?? 0;
    if (others) return clamp(total + 1, options);
    if (pets > 0 && subject === 'household') return clamp(total - pets, options);
    if (including) return clamp(total, options);
    // "저희 부부 애 하나" has no separate total; a number after 해서/이서 is the total.
    return clamp(total, options);
  }
  if (t.ordinalMax > 0 && subject === 'children') return clamp(t.ordinalMax, options);
  if (subject === 'children' && t.children > 0) return clamp(t.children, options);
  if (subject === 'children' && noChildren(raw)) return 0;
  if (subject === 'children' && /^(?:남매|형제|자매)/u.test(raw)) return 2;
  if (subject === 'children' && /쌍둥이/u.test(raw)) return clamp(2, options);
  const sibling = /([삼사오육칠팔구일이])(?:남매|형제|자매)/u.exec(raw);
  if (sibling?.[1]) return clamp(sinoValue(sibling[1]) ?? 0, options);
  if (t.members > 0 && subject !== 'items') {
    const selfImplied = subject === 'household' && !t.self && !t.couple;
    return clamp(t.members + (selfImplied ? 1 : 0), options);
  }
  return null;
}

function clamp(value: number, options: CountOptions): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  if (options.max !== undefined && value > options.max) return null;
  return value;
}
