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
  stripHedges,
} from './normalise';
import { answerInKorean } from './other-languages';
import { memberOf, readNumberWord, splitFamily, tally, UNIT, UNIT_WORDS } from './count-family';
import { NATIVE_NUMBER, nativeValue, sinoValue } from './korean-numbers';

export interface CountOptions {
  max?: number;
  subject?: 'household' | 'children' | 'items';
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
  const corrected = afterCorrections(raw);
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
