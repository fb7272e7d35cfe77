/**
 * The family words a count is told with ("남편 저 애 둘", "엄마 아빠 형"), their regional and in-law
 * forms, numbers said as words ("세명이욤", "넷이요"), and the tally of the people named.
 */
import type { CountOptions } from './count';
import { NATIVE_NUMBER, nativeValue, sinoValue } from './korean-numbers';
import { stripEnding } from './normalise';

export const UNIT_WORDS = '명|멍|몀|개|게|문제|문재|인|식구|남매|형제|자매|사람|가족|놈|녀석';
export const UNIT = `(?:${UNIT_WORDS})`;
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
export function memberOf(word: string): { member: string; surface: string } | null {
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

export function readNumberWord(word: string): Reading | null {
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
export function splitFamily(word: string): string[] {
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

export function tally(words: readonly string[], subject: CountOptions['subject']): Tally {
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
