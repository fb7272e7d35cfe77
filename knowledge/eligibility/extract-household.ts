import { parseMoney } from '../../bot/dialog/parsers';
import { INTERJECTION } from './extract-text';
import { NATIVE_UNITS } from '../../bot/dialog/parsers/korean-numbers';

const SINO = '일이삼사오육칠팔구';
/**
 * Where an amount sits in a message (the parser library reads its value): digits ("300", "3,000,000",
 * "2.5"), Sino-Korean words with a place ("이백오십", "사백", "백오십") or mixed ("3천900", "2백").
 * Words without a place ("이", "삼") are not located: they are too often particles.
 */
const AMOUNT = `(?:\\d+\\.\\d+|\\d{1,3}(?:,\\d{3})+|(?:[\\d${SINO}]?천)(?:[\\d${SINO}]?백)?(?:[\\d${SINO}]?십)?(?:\\d{1,3}|[${SINO}](?=만|원|$|[^가-힣]))?|(?:[\\d${SINO}]?백)(?:[\\d${SINO}]?십)?(?:\\d{1,2}|[${SINO}](?=만|원|$|[^가-힣]))?|\\d+)`;

/**
 * Household facts from one message: where the family lives (all 25 자치구, bare or with 구, and
 * moves: "강동구로 전입했어요" counts, "다음 달에 서초구로 이사 가요" does not yet), how many live
 * together, and the monthly income (yearly amounts ÷ 12, two earners added, the last correction wins).
 */

import { SEOUL_DISTRICTS } from '../../bot/dialog/parsers/seoul-residence';

const BARE_DISTRICTS = SEOUL_DISTRICTS.filter((d) => d.length > 1).join('|');
const OTHER_REGIONS =
  '경기도?|인천|부산|대구|대전|광주|울산|세종|강원도?|충청북도|충청남도|충북|충남|전라북도|전라남도|전북|전남|경상북도|경상남도|경북|경남|제주도?|수원|성남|분당|고양|일산|용인|부천|안산|안양|남양주|화성|평택|의정부|시흥|파주|김포|광명|하남|구리|오산|군포|의왕|과천|양주|포천|동두천|춘천|원주|강릉|천안|아산|청주|전주|창원|포항|김해|지방|incheon|busan|gyeonggi|suwon|ansan|daegu|daejeon|gwangju|ulsan|jeju|outsideseoul';

const SEOUL_MENTION = new RegExp(
  // 서을 and 셔울 are the commonest slips of the thumb.
  `(?:서울|서을|셔울)(?!런|learn|대|외|이외|밖|시장)(?:특별시|시)?|(?:${SEOUL_DISTRICTS.join('|')})구|(?:${BARE_DISTRICTS})(?=구|요|이요|에|삼|삽|살|사|거주|쪽|동|$|[^가-힣])|seoul(?!run|learn)`,
  'g',
);
const OTHER_MENTION = new RegExp(`(?:${OTHER_REGIONS})(?:시|도|광역시)?`, 'g');

interface Place {
  seoul: boolean;
  index: number;
  end: number;
}

/** Where the family lives: true (Seoul), false (elsewhere), undefined (not said). */
export function findResidence(s: string, english: boolean): boolean | undefined {
  if (english) return findResidenceEnglish(s);
  if (
    /서울(?:에|시에|시|특별시)?(?:안|못)(?:살|사는|사라|거주)|서울(?:이|은|는)?아니|서울아니|서울밖에?(?:살|사)/.test(
      s,
    )
  )
    return false;
  const places: Place[] = [];
  for (const m of s.matchAll(SEOUL_MENTION))
    places.push({ seoul: true, index: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  for (const m of s.matchAll(OTHER_MENTION))
    places.push({ seoul: false, index: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  places.sort((a, b) => a.index - b.index || b.end - a.end);
  // A 구 right after another city belongs to that city ("부산 강서구", "인천 중구", "고양시 일산서구").
  const merged: Place[] = [];
  for (const p of places) {
    const prev = merged[merged.length - 1];
    if (prev && p.index < prev.end) continue;
    if (prev && !prev.seoul && p.seoul && p.index - prev.end <= 2 && !/^서울/.test(s.slice(p.index)))
      continue;
    if (prev && prev.seoul && p.seoul && p.index - prev.end <= 2) {
      prev.end = p.end;
      continue;
    }
    merged.push(p);
  }
  const afterOf = (p: Place) => s.slice(p.end, p.end + 14);
  const beforeOf = (p: Place) => s.slice(Math.max(0, p.index - 5), p.index);
  // A move already made decides ("강동구로 전입했어요", "구로구로 이사 왔어요").
  const moved = merged.filter((p) =>
    /^(?:으로|로)(?:[가-힣]{0,3})(?:이사했|이사왔|이사를했|전입했|전입|왔어|이사옴|옮겼)/.test(afterOf(p)),
  );
  if (moved.length) return moved[moved.length - 1]!.seoul;
  const standing = merged.filter((p) => {
    const after = afterOf(p);
    if (
      /^(?:에서|에)?살다가|^(?:으로|로)(?:[가-힣]{0,3})(?:이사가|이사갈|이사할|갈|가요|가는|이사예정)/.test(
        after,
      )
    )
      return false;
    if (/(?:직장|회사|학교|일)(?:은|는|만|이|도)?$/.test(beforeOf(p))) return false;
    // "경기도에 있는 보육원": where a facility is, not where the family lives.
    if (/^(?:에있는|에있|지역|소재)/.test(after)) return false;
    if (p.seoul && /^(?:이랑|랑|과|하고|옆|근처|이랑붙|이랑가까)/.test(after)) return false;
    if (p.seoul && /^(?:에서|이)?(?:일|직장|회사|출근)/.test(after)) return false;
    return true;
  });
  const first = standing[0];
  return first ? first.seoul : undefined;
}

function findResidenceEnglish(s: string): boolean | undefined {
  if (/(?:live|living|lives|based|stay|staying)(?:in|at)(?!seoul)[a-z]+/.test(s) && !/seoul/.test(s))
    return false;
  if (
    /(?:incheon|busan|gyeonggi|suwon|ansan|daegu|outsideseoul|notseoul|notin seoul)/.test(s) &&
    !/inseoul/.test(s)
  )
    return false;
  if (/seoul|[a-z]+-gu\b/.test(s)) return true;
  return undefined;
}

// ---------- household size ----------

const NATIVE_COUNT = '(한|두|세|네|다섯|여섯|일곱|여덟|둘|셋|넷|하나)';
const COUNT_OF: Record<string, number> = { ...NATIVE_UNITS };
const PERSON =
  '(?:남편|아내|와이프|저|나|제|엄마|아빠|할머니|할아버지|시어머니|시아버지|동생|형|누나|언니|오빠|우리부부|부부|애|아이|애들|아이들|손주|손자|손녀)';

/** How many live together, the last stated total winning ("4인가구요 아 아니다 … 5인이에요"). */
export function findHouseholdSize(s: string, english: boolean): number | undefined {
  const totals: { value: number; index: number }[] = [];
  const push = (value: number | undefined, index: number) => {
    if (value !== undefined && value >= 1 && value <= 15) totals.push({ value, index });
  };
  for (const m of s.matchAll(
    /(?<![\d.])(\d{1,2})(?:인(?=가구|가족|가정|세대|이에요|이요|요|$|[^가-힣])|식구|명(?=이에요|이요|입니다|이서|가족|이살|살|$|[^가-힣]|할머니|할아버지|엄마|아빠|나|저|이|가족))/g,
  )) {
    const before = s.slice(Math.max(0, (m.index ?? 0) - 4), m.index ?? 0);
    // "애 2명", "아이 3명", "딸 두 명" count children, not the household.
    if (
      /(?:애|아이|애들|아이들|자녀|딸|아들|손주|동생)(?:가|는|이)?$/.test(before) &&
      !/가족|식구|총|포함/.test(before)
    )
      continue;
    push(Number(m[1]), m.index ?? 0);
  }
  for (const m of s.matchAll(/(?:가족|식구|가구원|가구원수|가족수|총)(?:이|가|은|는|수)?(?:총)?(\d{1,2})명/g))
    push(Number(m[1]), m.index ?? 0);
  for (const m of s.matchAll(new RegExp(`${NATIVE_COUNT}(?:식구|명가족|명이서|가족)`, 'g')))
    push(COUNT_OF[m[1] ?? ''], m.index ?? 0);
  for (const m of s.matchAll(
    new RegExp(`(?:식구|가족|가구원)(?:는|은|이|가)?${NATIVE_COUNT}(?:이|명)?`, 'g'),
  ))
    push(COUNT_OF[m[1] ?? ''], m.index ?? 0);
  // "셋이 살아요", "우리 넷이 살아요", "둘이서 지내요" (counting words, never an age like "두 살").
  for (const m of s.matchAll(
    /(?:(둘|셋|넷)(?:이서|이)?|(다섯|여섯|일곱|여덟)(?:이서|이))(?:살|사는|삽|지내)/g,
  )) {
    // "남편이랑 저 아이 셋 살아요": the number counts the children, the listed people add up below;
    // "저랑 아이 둘이 살아요" is still the two of us.
    const childCount =
      /(?:애|아이|애들|아이들|자녀|손주)$/.test(s.slice(Math.max(0, (m.index ?? 0) - 3), m.index ?? 0)) &&
      !/이/.test(m[0].slice(1));
    if (childCount) continue;
    push(COUNT_OF[m[1] ?? m[2] ?? ''], m.index ?? 0);
  }
  for (const m of s.matchAll(/(둘|셋|넷|다섯|여섯|일곱|여덟)명(?:이에요|이요|입니다|이서|가족|$|[^가-힣])/g))
    push(COUNT_OF[m[1] ?? ''], m.index ?? 0);
  // People listed then counted: "엄마랑 나 둘", "아빠랑 나랑 동생 셋", "엄마 아빠 나 셋"; with a child
  // count at the end the adults are added: "남편 저 애 둘이요" = 4, "저랑 애 둘" = 3.
  const run = new RegExp(
    `((?:${PERSON}(?:랑|이랑|하고|와|과|\\|)?){1,6})(둘|셋|넷|다섯|여섯|하나)(?=이고|이에요|이요|요|이랑|$|[^가-힣]|월|강|서|영|마|노|은|송|이|해서|포함|살|삽|지내)`,
    'g',
  );
  for (const m of s.matchAll(run)) {
    const people = [...(m[1] ?? '').matchAll(new RegExp(PERSON, 'g'))].map((p) => p[0]);
    const count = COUNT_OF[m[2] ?? ''] ?? 0;
    const lastIsChild = /^(?:애|아이|애들|아이들|손주|손자|손녀)$/.test(people[people.length - 1] ?? '');
    const adults = people
      .filter((p) => !/^(?:애|아이|애들|아이들|손주|손자|손녀)$/.test(p))
      .reduce((n, p) => n + (/부부$/.test(p) ? 2 : 1), 0);
    const joined =
      /랑|하고|와|과/.test(m[1] ?? '') ||
      /(?:랑|하고)$/.test(s.slice(Math.max(0, (m.index ?? 0) - 2), m.index ?? 0));
    if (lastIsChild) {
      if (adults >= 1 && people.length >= 2) push(adults + count, m.index ?? 0);
    } else if (people.length >= 2 || joined) push(count, m.index ?? 0);
  }
  if (/혼자(?:살|사는|삽|지내)/.test(s)) push(1, s.search(/혼자(?:살|사는|삽|지내)/));
  if (english) {
    for (const m of s.matchAll(/(?:familyof|householdof)(\d{1,2})|(\d{1,2})(?:-)?(?:person|people|member)/g))
      push(Number(m[1] ?? m[2]), m.index ?? 0);
  }
  totals.sort((a, b) => a.index - b.index);
  const last = totals[totals.length - 1];
  if (last) return last.value;
  return undefined;
}

// ---------- income ----------

/** Words that make a bare number an amount of money. */
const MONEY_LEAD =
  '(?:(?:연봉|월급|소득|수입|월소득|월수입)(?:이|은|는|가)|월에|월소득은?|월수입은?|월급여?은?|한달수입|한달에|한달|소득은?월?|수입은?월?|월평균|월합계|합계|합치면|합쳐서|월|세전월?|세후월?|세전이면|세후면|연봉|연소득|연수입|1년에|일년에|알바해서|알바비|벌고|버는데|연(?=\\d))';
const INCOME_CONTEXT =
  /월|한달|소득|수입|벌|연봉|연\d|급|세전|세후|알바|income|earn|salary|month|만원|\d{1,3}(?:,\d{3})+원|\d{6,}원/;

interface Amount {
  won: number;
  index: number;
  earner?: 'partner' | 'self';
}

/** Monthly household income in won. */
export function findIncome(s: string, english: boolean): number | undefined {
  if (!INCOME_CONTEXT.test(s)) return undefined;
  if (english) return findIncomeEnglish(s);
  if (
    /소득(?:이|은)?(?:없|0원|zero)|수입(?:이|은)?없/.test(s) &&
    !/(?:남편|아내|와이프)[가-힣]{0,6}\d/.test(s)
  ) {
    const none = /소득(?:이|은)?(?:없|0원)|수입(?:이|은)?없/.exec(s);
    const paid = amounts(s).filter((a) => a.index > (none?.index ?? 0));
    if (!paid.length) return 0;
  }
  const found = amounts(s);
  if (!found.length) return undefined;
  // Two earners named ("남편 250 저 150", "남편 월급 280 제가 알바해서 70"): added.
  const partner = found.filter((a) => a.earner === 'partner');
  const self = found.filter((a) => a.earner === 'self');
  if (partner.length === 1 && self.length === 1 && !/합치면|합계|합쳐서/.test(s))
    return partner[0]!.won + self[0]!.won;
  return found[found.length - 1]!.won;
}

export function amounts(s: string): Amount[] {
  const out: Amount[] = [];
  const pattern = new RegExp(
    `(${MONEY_LEAD})?(?:정도|약|대략|평균|대충|한)?(${AMOUNT})(만원|만|원)?(?=$|[^0-9가-힣]|정도|이에요|이요|에|이고|인데|이|입니다|예요|요|벌|쯤|조금|만원|임|고|원|[가-힣])`,
    'g',
  );
  for (const m of s.matchAll(pattern)) {
    const lead = m[1] ?? '';
    const digits = m[2] ?? '';
    const unit = m[3] ?? '';
    if (!digits || !/[\d일이삼사오육칠팔구백천]/.test(digits)) continue;
    const index = m.index ?? 0;
    const after = s.slice(index + m[0].length, index + m[0].length + 4);
    // Not an amount: grades, ages, counts, percentages, years, household sizes.
    if (/^(?:인(?!데)|명|살|세|학년|년|%|퍼|식구|개|시|번|종|분|주|일|월|층|동)/.test(after)) continue;
    if (!/\d/.test(digits) && !lead && !unit) continue;
    if (/[초중고]$/.test(s.slice(Math.max(0, index - 1), index)) && !lead) continue;
    // A bare number after an amount is a closer figure ("사백 조금 안 돼요 390").
    const closerFigure = out.length > 0 && /\d/.test(digits) && !/[|]/.test(s.slice(index - 1, index));
    // "300 정도 벌어요": the verb after the number says it is money.
    const earnedAfter = /^(?:정도|쯤|가량|조금|좀)?(?:를|을)?(?:벌|받아|받고|나와|들어와)/.test(
      s.slice(index + m[0].length),
    );
    const hasLead =
      lead !== '' ||
      closerFigure ||
      earnedAfter ||
      unit !== '' ||
      /(?:남편|아내|와이프|저|제가|엄마|아빠)(?:는|은|이|가)?(?:월급?)?$/.test(
        s.slice(Math.max(0, index - 6), index),
      );
    if (!hasLead) continue;
    const amount = /\d/.test(digits) ? Number(digits.replace(/,/g, '')) : NaN;
    if (unit === '' && amount >= 10_000 && !/연봉|연소득|1년/.test(lead)) continue;
    const yearly =
      /연봉|연소득|연수입|1년에|일년에|^연$/.test(lead) ||
      /연봉|연소득|1년에/.test(s.slice(Math.max(0, index - 8), index));
    const money = parseMoney(`${yearly ? '연봉 ' : '월 '}${digits}${unit}`);
    if (!money) continue;
    const before = s.slice(Math.max(0, index - 12), index);
    const earner = /(?:남편|아내|와이프|애아빠)[가-힣]{0,4}$/.test(before)
      ? 'partner'
      : /(?:^|[^가-힣])(?:저|제가|나)(?:는|도)?[가-힣]{0,5}$/.test(before)
        ? 'self'
        : undefined;
    out.push({ won: money.monthlyWon, index, ...(earner ? { earner } : {}) });
  }
  void INTERJECTION;
  return out;
}

function findIncomeEnglish(s: string): number | undefined {
  const million = /(\d+(?:\.\d+)?)(?:m|million)(?:won|krw)?/.exec(s);
  if (million) return Math.round(Number(million[1]) * 1_000_000);
  const man = /(\d{1,4})man(?:won)?/.exec(s);
  if (man) return Number(man[1]) * 10_000;
  const krw =
    /(\d{1,3}(?:,\d{3})+|\d{6,9})(?:won|krw)/.exec(s) ?? /(?:krw|₩)(\d{1,3}(?:,\d{3})+|\d{6,9})/.exec(s);
  if (krw) return Number((krw[1] ?? '0').replace(/,/g, ''));
  return undefined;
}
