/**
 * Household income as people type it: "300만원", "300万원", "3백만", "삼백오십", "월 300" (a bare number
 * is in 만원), "2,500,000원", "연봉 4천" (yearly → divided by 12), "200~250" (the middle), "남편 250 저
 * 80" (summed), "300 아니 350" (the correction), "없어요"/"0원" (zero). Numbers that describe the family
 * (3인 가구, 애 셋) are set aside. Null when no amount is given (a status, a refusal, a question back).
 */
import { afterCorrections, expandInitials, glueParticles, normaliseAnswer, stripHedges } from './normalise';
import { sinoValue } from './korean-numbers';
import { answerInKorean } from './other-languages';

export interface Money {
  monthlyWon: number;
  basis?: 'gross' | 'net';
  approximate?: boolean;
}

const SINO = '[일이삼사오육칠팔구]';
// One amount: digits or Sino-Korean digits with 십/백/천/만/억, spaces allowed between the parts.
const AMOUNT = new RegExp(
  `(?<![가-힣\\d.])((?:(?:\\d+(?:\\.\\d+)?|${SINO})?\\s?[십백천만억]\\s?)+(?:\\d+|${SINO}(?![가-힣]))?|\\d+(?:\\.\\d+)?)`,
  'gu',
);
// What may follow an amount inside the same word ("300만원쯤이요", "사백이요", "4천5백").
// Reported speech ("400이래", "3600이랬음", "5천이래요"), the basis ("300세전") and cute endings ("이백이염")
// end an amount as well.
const AFTER =
  /^(?:원|만원|만 원|에서|부터|까지|입니다|이었어요|됩니다|돼요|되요|내외|안팎|남짓|에|이요|요|이에요|예요|에요|이고|인데|인데요|정도|쯤|가량|이상|이하|씩|이나|이랑|은|는|이|을|를|밖에|넘게|넘어요|대|이면|벌어요|받아요|임|이라|이래|래|이랬|랬|음|이라던데|라던데|이라고|라고|하고|랑|도|가|세전|세후|이염|염|이에여|에여|예여)*(?![가-힣])/u;
// Who or what brings an amount in: people of the household (grown children and relatives who send money
// included) and sources (pensions, benefits, side jobs, waste-paper collecting, a shop).
const EARNERS =
  /(남편|아내|와이프|신랑|저는|저|제가|나|엄마|아빠|형|오빠|누나|언니|동생|아들|딸|할머니|할아버지|시어머니|시아버지|부모님|알바|아르바이트|연금|수당|월급|부업|투잡|용돈|월세|연봉|급여|수급|지원금|장사|가게|일당|폐지|파트|보내)/u;
// Earned in the clause of its own amount ("200 벌고", "30 받아요", "100 나와요").
const EARNED = /^\s?(?:만\s?원?|원)?\s?(?:정도|쯤)?\s?(?:벌|받|나오|나와|들어와|들어오)/u;
// "맞벌이 각각 300씩", "둘이 200씩", "셋이 100씩": one amount earned by each of several people.
const EACH = /각각|각자|씩|똑같이/u;
function earnersCounted(text: string): number {
  if (/(?:셋|세\s?명|3명)(?:이|이서|다)?/u.test(text)) return 3;
  if (
    /맞벌이|부부|둘(?:이|이서|\s?다)?|두\s?명|2명|(?:남편|아내|와이프|신랑).*(?:저|나)|(?:엄마|아빠).*(?:엄마|아빠)/u.test(
      text,
    )
  )
    return 2;
  return 1;
}

interface Found {
  won: number;
  index: number;
  end: number;
  hadLargeUnit: boolean;
}

function findAmounts(text: string): Found[] {
  const found: Found[] = [];
  for (const match of text.matchAll(AMOUNT)) {
    const token = (match[1] ?? '').trim();
    const index = match.index ?? 0;
    const after = text.slice(index + (match[1] ?? '').length);
    const endsWord = /\s$/u.test(match[1] ?? '');
    if (!token || (!endsWord && !AFTER.test(after))) continue;
    if (/^[십백천만억]$/u.test(token) && !/^[천백억]$/u.test(token)) continue;
    if (/^[일이삼사오육칠팔구]$/u.test(token)) continue;
    const value = sinoValue(token);
    if (value === null) continue;
    const hadLargeUnit = /[만억]/u.test(token);
    const wonMark = /^\s?원/u.test(after);
    let won: number;
    if (hadLargeUnit) won = value;
    else if (wonMark && value >= 10_000) won = value;
    else if (value >= 100_000) won = value;
    else won = value * 10_000; // a bare "300", "삼백", "4천" is in 만원
    found.push({ won, index, end: index + (match[1] ?? '').length, hadLargeUnit });
  }
  return found;
}

// Numbers that are not money: household size, children, ages, grades, percentages, dates.
function setAsideOtherNumbers(text: string): string {
  return (
    text
      .replace(
        /\d+\s?(?:인(?![데지])|명|식구|살(?![림기])|세(?![전후금])|학년|%|퍼센트|시(?![급간])|월생|년생|개월|번(?![다대데어고는])|호|동(?!안)|층)(?:\s?(?:가구|가족))?/gu,
        ' ',
      )
      .replace(/(?:애|아이|자녀|딸|아들)\s?(?:셋|둘|넷|하나|다섯)/gu, ' ')
      .replace(/(?<![가-힣])(?:초|중|고)\d/gu, ' ')
      // An age bracket ("육십 대라", "70대 노인") is not an amount.
      .replace(
        /(?:[이삼사오육칠팔구]십|[2-9]0)\s?대(?=\s?(?:라|이라|여서|이고|고|인데|노인|할머니|할아버지|엄마|아빠))/gu,
        ' ',
      )
      .replace(/(?<=\s|^)(?:작년|올해|내년)(?=\s)/gu, (m) => m)
  );
}

// A correction, or a joke taken back ("천만원 구라고 300"), leaves only what follows it.
function afterCorrection(text: string): string {
  const parts = afterCorrections(text).split(/\s아\s(?=\S*\d)/u);
  return parts[parts.length - 1] ?? text;
}

// What was true before ("작년에는 400이었는데 올해는 170") gives way to what is true now.
function currentClause(text: string): string {
  // "작년 연봉 3000 올해는 월 200": from the word for now on, when a past one came before it.
  const present = /(?:^|\s)(?:올해|지금|요즘|요새|현재)(?:은|는|엔|에는)?\s/u.exec(text);
  if (present && /작년|예전|전에는|전엔|원래/u.test(text.slice(0, present.index)))
    return text.slice(present.index);
  const clauses = text.split(/(?:었는데|였는데|는데|지만)\s/u);
  if (clauses.length < 2) return text;
  const now = clauses.filter((c) => !/작년|예전|전에는|전엔|원래/u.test(c));
  return now.length > 0 && now.length < clauses.length ? now.join(' ') : text;
}

// The extremes of a month that varies ("많을 때 500 적을 때 200", "잘 벌면 300 못 벌면 100", "일 많은 달은 …").
const EXTREMES =
  /많을\s?때|적을\s?때|많으면|적으면|(?:잘|못|많이|적게)\s?(?:벌|될|되|나올|나오)\S*|(?:많은|적은|없는)\s?달/u;

// A rate for a week, a day or an hour ("주에 50", "주 60씩", "일당 10만원", "시급 만원", "하루 8만원씩") is
// not the month's income the question asks for; only the month the person worked it out to answers.
const PER_PERIOD =
  /(?:주에|주당|주급|매주|일주일에?|한\s?주에?|(?:^|\s)주|하루에?|일당|시급|시간당)(?:\s(?:한|약|대략|평균|보통))?\s?$/u;
function perPeriod(body: string, amount: Found, previousEnd: number): boolean {
  return PER_PERIOD.test(body.slice(previousEnd, amount.index));
}

// "X도 안 돼요" (not even X), "X은 넘어요" (at least X), "X이 안 되는 190": a bound, not the amount.
const BOUND_AFTER = /^\s?(?:만\s?)?원?\s?(?:도|은|는|이|가)\s?(?:안\s?[되돼될남넘]|넘|못\s?미|못\s?벌)/u;

/** Parses a monthly income; yearly figures are divided by 12. Null when no amount is given. */
export function parseMoney(typed: string): Money | null {
  const text = answerInKorean(typed, 'money');
  const raw = stripHedges(glueParticles(normaliseAnswer(expandInitials(text))))
    .replace(/(?<=\d)[ㄱ-ㅎ](?=\d)/gu, '')
    .replace(/(실수령|세후|세전)(?=\d)/gu, '$1 ')
    .replace(/万/gu, '만')
    // Two neighbouring digits before a unit ("삼사백", "이삼백") are a range: 3~4백.
    .replace(
      /(?<![가-힣])([일이삼사오육칠팔])([이삼사오육칠팔구])(?=[백천])/gu,
      (pair, a: string, b: string) => {
        const low = sinoValue(a) ?? 0;
        const high = sinoValue(b) ?? 0;
        return high === low + 1 ? `${low}~${high}` : pair;
      },
    )
    // Chat spellings of 만원 ("300마넌", "300만언").
    .replace(/(?<=\d\s?)(?:마넌|만언|만넌)/gu, '만원')
    .replace(/(월|연|년|연봉)(?=\d)/gu, '$1 ')
    .replace(/(\d),(\d{3})/gu, '$1$2')
    .replace(/(\d),(\d{3})/gu, '$1$2');
  if (!raw) return null;
  // A child's own pocket money is not household income; money sent by family ("아들이 보내 주는 용돈") is.
  if (/용돈/u.test(raw) && !/보내|부쳐|연금|월급|월세/u.test(raw)) return null;
  // Unsure whether the figure is yearly or monthly ("600만? 아 그건 연봉인가 몰라"): ask again.
  if (/(?:연봉|월급|세전|세후)\s?인가|(?:연봉|월급)\s?인지/u.test(normaliseAnswer(text))) return null;
  const basis: Money['basis'] = /세전|세금 ?떼기 ?전|총액/u.test(raw)
    ? 'gross'
    : /세후|실수령|손에 쥐/u.test(raw)
      ? 'net'
      : undefined;
  const approximate =
    /쯤|정도|대략|약\s|가량|넘|안 ?돼|되려나|조금|좀|한\s\d|아마|~|사이|에서/u.test(raw) || undefined;
  // Two amounts offered as a choice ("300? 350?", "300이나 400") are not one answer; said as an
  // estimate ("300만원 아니면 400만원 정도") or as the extremes ("많을 때 500 적을 때 200") they give the middle.
  const choice = /[\d백천만]\s?(?:만\s?원?)?\s?(?:\?|이나|또는|아니면)\s?[\d일이삼사오육칠팔구백천]/u.test(
    raw.replace(/\?$/u, ''),
  );
  const estimate = /정도|쯤|사이|대략/u.test(raw) || EXTREMES.test(raw);
  if (choice && !estimate) return null;
  const body = currentClause(afterCorrection(setAsideOtherNumbers(raw)));
  const found = findAmounts(body);
  const bounds = found.filter((a) => BOUND_AFTER.test(body.slice(a.end)));
  // Only a bound said with 도/은 ("백만원도 안 돼요", "400만원은 넘지요") is no amount; a plain "200 좀 안
  // 돼요" or "1천만원 넘어요" is about that much.
  if (bounds.length === found.length && bounds.length > 0) {
    if (bounds.some((a) => /^\s?(?:만\s?)?원?\s?(?:도|은|는)/u.test(body.slice(a.end)))) return null;
  }
  const unbounded = bounds.length < found.length ? found.filter((a) => !bounds.includes(a)) : found;
  const amounts = unbounded.filter((a, i) => !perPeriod(body, a, unbounded[i - 1]?.end ?? 0));
  if (amounts.length === 0 && unbounded.length > 0) return null;
  // A rate beside a monthly pay of its own ("알바로 주에 20 남편 월급 200", "월 200 벌고 주말엔 주에 10")
  // leaves the month unknown; a month worked out from the rate ("…일해서 200") is the answer.
  const ownPay = (a: Found): boolean => {
    const at = unbounded.indexOf(a);
    const before = body.slice(unbounded[at - 1]?.end ?? 0, a.index);
    return EARNERS.test(before) || EARNED.test(body.slice(a.end, unbounded[at + 1]?.index ?? body.length));
  };
  if (amounts.length < unbounded.length && amounts.some(ownPay)) return null;
  if (amounts.length === 0) {
    // "없어서.." gives a reason and trails off: not yet an answer of none.
    if (/없어(?!서)|없음|없습니다|무직|무소득|무수입|0원|소득\s?없|수입\s?없|^0$/u.test(raw))
      return withMeta(0, basis, approximate);
    return null;
  }
  const yearly =
    /연봉|연소득|연\s?수입|연간|1년에|일년에|한 해|작년|(?:^|\s)(?:연|년)(?=\s|\d)/u.test(body) &&
    !/월급|(?:^|\s)월\s?\d/u.test(body);
  // 2천만원 and more a month is rare for the households asked; without 월 it is a yearly figure ("1억").
  const saysMonthly = /월|한\s?달|매달|달에/u.test(raw);
  const perMonth = (won: number): number =>
    yearly || (!saysMonthly && won >= 20_000_000) ? Math.round(won / 12) : won;

  // A range gives its middle: "200~250", "300에서 400 사이", "2~3백" (the unit of the second number).
  const range = /(\d+(?:\.\d+)?)\s?(?:만\s?원?)?\s?(?:~|-|에서)\s?(\d+(?:\.\d+)?)\s?([백천만]*)/u.exec(body);
  if (range && amounts.length >= 1 && !EXTREMES.test(body)) {
    const unit = range[3] ?? '';
    // "2~300": a one-digit low end is said in the high end's hundreds (200~300).
    const lowDigits = range[1] ?? '';
    const highDigits = range[2] ?? '';
    const scaled = /^\d$/u.test(lowDigits) && /^\d00$/u.test(highDigits) ? `${lowDigits}00` : lowDigits;
    const low = findAmounts(`${scaled}${unit}`)[0]?.won;
    const high = findAmounts(`${range[2]}${unit}`)[0]?.won;
    if (low !== undefined && high !== undefined)
      return withMeta(perMonth(Math.round((low + high) / 2)), basis, true);
  }
  if (amounts.length === 1) {
    const each = EACH.test(body) ? earnersCounted(body) : 1;
    return withMeta(perMonth((amounts[0]?.won ?? 0) * each), basis, approximate);
  }
  // Two amounts as a range in words ("이백오십에서 삼백 사이"), extremes or an estimate: the middle.
  const [low, high] = amounts;
  const between = low && high ? body.slice(low.end, high.index) : '';
  if (
    amounts.length === 2 &&
    low &&
    high &&
    (/에서|~|-/u.test(between) || (choice && estimate) || EXTREMES.test(body))
  ) {
    return withMeta(perMonth(Math.round((low.won + high.won) / 2)), basis, true);
  }

  // Several amounts: parts of named earners to add up, a total followed by its parts, or parts and their sum.
  // An amount is someone's own when an earner is named before it or it is earned in its own clause
  // ("월 200 벌고 연금 30 받아요").
  const earnersBefore = amounts.filter((a, i) => {
    const start = i === 0 ? 0 : (amounts[i - 1]?.end ?? 0);
    const end = amounts[i + 1]?.index ?? body.length;
    return EARNERS.test(body.slice(start, a.index)) || EARNED.test(body.slice(a.end, end));
  });
  const [first, ...rest] = amounts;
  // "아빠 300 엄마 200 형 100": each amount has its own earner, so the first is not a total of the rest.
  const ownEarners = earnersBefore.length === amounts.length;
  const restSum = rest.reduce((sum, a) => sum + a.won, 0);
  if (first && first.won === restSum && !ownEarners) return withMeta(perMonth(first.won), basis, approximate);
  // Parts followed by their sum ("60만원 30만원 해서 90만원").
  const last = amounts[amounts.length - 1];
  const beforeLast = amounts.slice(0, -1).reduce((sum, a) => sum + a.won, 0);
  if (last && last.won === beforeLast && !ownEarners) return withMeta(perMonth(last.won), basis, approximate);
  // "월 190 + 양육수당 20", "180에 수당 30 더", "200+30": a first amount with sources added on is their sum,
  // unless it is said to hold them ("300인데 그중 연금이 50", "수당 포함 200").
  const addedOn = amounts.slice(1).every((a) => earnersBefore.includes(a)) || /\+|더하기|플러스/u.test(body);
  const holdsParts = /포함|중에|그중|총|합쳐|합해|모두|전체|다\s?해서/u.test(body);
  if (ownEarners || (addedOn && !holdsParts)) {
    return withMeta(perMonth(amounts.reduce((sum, a) => sum + a.won, 0)), basis, approximate);
  }
  return withMeta(perMonth(first?.won ?? 0), basis, approximate);
}

function withMeta(monthlyWon: number, basis: Money['basis'], approximate: boolean | undefined): Money {
  return {
    monthlyWon,
    ...(basis ? { basis } : {}),
    ...(approximate ? { approximate: true } : {}),
  };
}
