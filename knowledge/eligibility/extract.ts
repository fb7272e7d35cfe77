import { PERSONAL_GROUPS, type GroupId, type SchoolYear } from './types';

/**
 * Offline free-text understanding of eligibility questions: fills what it can, never guesses.
 * Patterns run on a compact copy of the text (spaces removed, lower case) because parents often
 * type without spaces; each match masks what it consumed so a later, looser pattern cannot count
 * it twice. No pattern is a whole test sentence.
 */

export type QuestionIntent = 'eligibility' | 'seoulrun4050' | 'other';

/** Facts about one child (or the student writing). */
export interface ChildFacts {
  age?: number;
  ageExact?: boolean;
  birthDate?: string;
  birthYear?: number;
  schoolYear?: SchoolYear;
  groups?: GroupId[];
}

export interface ExtractedQuestion {
  intent: QuestionIntent;
  /** 0–1: how sure we are this is an eligibility question (the router wants > 0.5). */
  score: number;
  language: 'ko' | 'en';
  livesInSeoul?: boolean;
  /** Household groups (personal ones are on the child). */
  groups: GroupId[];
  householdSize?: number;
  monthlyIncome?: number;
  /** Always at least one (a blank child when nothing was said about age or school). */
  children: ChildFacts[];
}

/** Lower case, NFC, spaces and most punctuation removed (digits' separators kept). */
const compact = (text: string): string =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s~!?'"“”‘’()[\]{}·]+/g, '');

const isEnglish = (text: string): boolean => {
  const latin = (text.match(/[a-z]/gi) ?? []).length;
  const hangul = (text.match(/[가-힣]/g) ?? []).length;
  return latin > hangul * 2 && latin > 3;
};

const NATIVE_UNITS: Record<string, number> = {
  한: 1,
  하나: 1,
  두: 2,
  둘: 2,
  세: 3,
  셋: 3,
  네: 4,
  넷: 4,
  다섯: 5,
  여섯: 6,
  일곱: 7,
  여덟: 8,
  아홉: 9,
};
const NATIVE_TENS: Record<string, number> = { 열: 10, 스물: 20, 스무: 20 };
const UNIT_ALT = '하나|다섯|여섯|일곱|여덟|아홉|한|두|둘|세|셋|네|넷';

/** Replaces a matched span with placeholder characters so later patterns skip it. */
function mask(s: string, index: number, length: number): string {
  return s.slice(0, index) + '□'.repeat(length) + s.slice(index + length);
}

interface Found<T> {
  value: T;
  index: number;
}

/** Runs `pattern` (global) over `state.s`, masking every hit. */
function take<T>(
  state: { s: string },
  pattern: RegExp,
  read: (m: RegExpExecArray) => T | undefined,
): Found<T>[] {
  const found: Found<T>[] = [];
  for (const m of [...state.s.matchAll(pattern)]) {
    const value = read(m as RegExpExecArray);
    if (value === undefined) continue;
    found.push({ value, index: m.index ?? 0 });
    state.s = mask(state.s, m.index ?? 0, m[0].length);
  }
  return found;
}

// ---------- school years ----------

const LEVEL: Record<string, 'e' | 'm' | 'h'> = { 초: 'e', 중: 'm', 고: 'h' };
const ENGLISH_ORDINAL: Record<string, number> = {
  first: 1,
  '1st': 1,
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  sixth: 6,
  '6th': 6,
};

function gradeOf(level: 'e' | 'm' | 'h', n: number): SchoolYear | undefined {
  const max = level === 'e' ? 6 : 3;
  return n >= 1 && n <= max ? (`${level}${n}` as SchoolYear) : undefined;
}

function findSchoolYears(state: { s: string }, english: boolean): Found<SchoolYear>[] {
  const found: Found<SchoolYear>[] = [];
  if (english) {
    found.push(
      ...take(state, /(elementary|primary|middle|high)school(?:grade|year)?(\d)/g, (m) =>
        gradeOf(enLevel(m[1]), Number(m[2])),
      ),
      ...take(
        state,
        /(first|second|third|fourth|fifth|sixth|1st|2nd|3rd|[4-6]th)[-]?year(?:of)?(elementary|primary|middle|high)school/g,
        (m) => gradeOf(enLevel(m[2]), ENGLISH_ORDINAL[m[1] ?? ''] ?? 0),
      ),
      ...take(state, /(?:grade(\d{1,2})|(\d{1,2})(?:st|nd|rd|th)grade)/g, (m) =>
        usGrade(Number(m[1] ?? m[2])),
      ),
      ...take(state, /(elementary|primary|middle|high)school/g, (m) => enLevel(m[1])),
      ...take(state, /university|college/g, () => 'university' as const),
      ...take(state, /kindergarten|preschool/g, () => 'kindergarten' as const),
    );
    return found;
  }
  // "초등학교 3학년", "중학교2학년", "고등학생 1학년" before the short forms.
  found.push(
    ...take(state, /(초|중|고)(?:등학교|등학생|학교|학생|등)([1-6])학년/g, (m) =>
      gradeOf(LEVEL[m[1] ?? '']!, Number(m[2])),
    ),
    // Short forms "초1", "중2", "고3": not inside words like 최고, 집중, 준비중.
    ...take(
      state,
      /(?<![최참광신재사잔집준도수공])(초|중|고)([1-6])(?![0-9만원살세명]|인가구|인가족)/g,
      (m) => gradeOf(LEVEL[m[1] ?? '']!, Number(m[2])),
    ),
    ...take(state, /(초등|중|고등)학(?:생|교)/g, (m) => (m[1] === '초등' ? 'e' : m[1] === '중' ? 'm' : 'h')),
    ...take(state, /대학(?:생|교[1-4]학년|원생)|대학다니/g, () => 'university' as const),
    ...take(state, /유치원/g, () => 'kindergarten' as const),
  );
  return found;
}

const enLevel = (word: string | undefined): 'e' | 'm' | 'h' =>
  word === 'middle' ? 'm' : word === 'high' ? 'h' : 'e';
const usGrade = (n: number): SchoolYear | undefined =>
  n >= 1 && n <= 6
    ? gradeOf('e', n)
    : n <= 9
      ? gradeOf('m', n - 6)
      : n <= 12
        ? gradeOf('h', n - 9)
        : undefined;

// ---------- ages and birth dates ----------

interface AgeFact {
  age?: number;
  exact?: boolean;
  birthDate?: string;
  birthYear?: number;
}

function validDate(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1950 || y > 2100) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function findAges(state: { s: string }, english: boolean): Found<AgeFact>[] {
  const found: Found<AgeFact>[] = [
    ...take(state, /((?:19|20)\d\d)[.\-/년](\d{1,2})[.\-/월](\d{1,2})일?/g, (m) => {
      const date = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
      return date ? { birthDate: date } : undefined;
    }),
    ...take(state, /((?:19|20)\d\d)년생/g, (m) => ({ birthYear: Number(m[1]) })),
    ...take(state, /(?<!\d)(\d\d)년생/g, (m) => ({
      birthYear: 2000 + Number(m[1]) - (Number(m[1]) > 50 ? 100 : 0),
    })),
  ];
  if (english) {
    found.push(
      ...take(state, /(\d{1,2})(?:years?old|yearsold|yo\b|y\/o)/g, (m) => ({
        age: Number(m[1]),
        exact: true,
      })),
      ...take(state, /(?:i'm|iam|sheis|heis|she's|he's|theyare|aged?)(\d{1,2})(?![0-9])/g, (m) => ({
        age: Number(m[1]),
        exact: true,
      })),
    );
    return found;
  }
  found.push(
    ...take(state, /(?<![\d.,])만(\d{1,2})(?:세|살)?/g, (m) => ({ age: Number(m[1]), exact: true })),
    ...take(state, /(?<![\d.])(\d{1,2})(?:살|세)(?!대)/g, (m) => ({ age: Number(m[1]) })),
    ...take(state, /나이(?:는|가)?(\d{1,2})(?![0-9])/g, (m) => ({ age: Number(m[1]) })),
    // Native numbers: "스물세살", "스무살", "열다섯", "일곱살" (a tens word or 살 is required).
    ...take(state, new RegExp(`(스물|스무|열)(${UNIT_ALT})?(?:살)`, 'g'), (m) => ({
      age: nativeNumber(m[1], m[2]),
    })),
    ...take(state, new RegExp(`(스물|열)(${UNIT_ALT})(?!시|번|명|개|식구)`, 'g'), (m) => ({
      age: nativeNumber(m[1], m[2]),
    })),
    ...take(state, new RegExp(`(?<![가-힣])(${UNIT_ALT})살`, 'g'), (m) => ({
      age: NATIVE_UNITS[m[1] ?? ''],
    })),
  );
  return found;
}

const nativeNumber = (tens: string | undefined, unit: string | undefined): number =>
  (NATIVE_TENS[tens ?? ''] ?? 0) + (NATIVE_UNITS[unit ?? ''] ?? 0);

// ---------- groups ----------

interface GroupPattern {
  group: GroupId;
  pattern: RegExp;
}

/** Order matters: the more specific reading of a word comes first and masks it. */
const GROUP_PATTERNS: GroupPattern[] = [
  {
    group: 'veteran_grandchild',
    pattern:
      /(?:할아버지|할머니|조부|조모|외할아버지|외할머니)[가-힣]{0,4}(?:국가유공자|유공자|보훈)|(?:국가유공자|유공자|보훈)[가-힣]{0,6}(?:손자|손녀|손주)|grandparent[a-z]*(?:is|was)?a?(?:national|veteran)/g,
  },
  {
    group: 'veteran_family',
    pattern: /국가보훈|보훈대상|보훈가족|보훈|국가유공자|유공자|veteran|nationalmerit/g,
  },
  {
    group: 'basic_livelihood',
    pattern:
      /기초생활수급|기초수급|의료급여|생계급여|수급권자|수급자|수급가정|수급가구|수급이|수급에|수급입|basiclivelihood|welfarerecipient/g,
  },
  { group: 'near_poverty', pattern: /차상위|near[- ]?poverty/g },
  {
    group: 'single_parent',
    pattern: /한부모|싱글맘|싱글대디|혼자[가-힣]{0,5}키우|single[- ]?(?:parent|mom|mother|dad|father)/g,
  },
  { group: 'multicultural', pattern: /다문화|multicultural/g },
  {
    group: 'multicultural',
    pattern:
      /(?:엄마|아빠|어머니|아버지|어머님|아버님|부모님?|남편|아내|와이프)(?:가|는|께서|님이|님은|이)?(?:베트남|중국|필리핀|일본|태국|몽골|러시아|캄보디아|우즈베키스탄|우즈벡|인도네시아|네팔|미국|대만|외국)/g,
  },
  {
    group: 'multicultural',
    pattern:
      /(?:mom|mother|dad|father|parent)(?:is|was|comesfrom|isfrom)(?:a)?(?:vietnam|chin|filipin|philippin|japan|thai|mongolia|russia|cambodia|uzbek|indonesia|nepal|foreign)/g,
  },
  {
    group: 'defector_youth',
    pattern: /탈북청소년|탈북학생|북한이탈청소년|(?:저|제가|나)(?:는|도)?(?:탈북|북한에서왔)/g,
  },
  { group: 'defector_child', pattern: /탈북|북한이탈|새터민|northkorea|defector/g },
  {
    group: 'out_of_school',
    pattern:
      /자퇴|학교밖|학교를?그만|학교안다|검정고시|홈스쿨|대안학교|학업중단|dropped?out|outofschool|out-of-school/g,
  },
  { group: 'health_disability', pattern: /건강장애|healthdisabilit/g },
  { group: 'young_carer', pattern: /가족돌봄|영케어러|youngcarer/g },
  { group: 'care_leaver', pattern: /자립준비|보호종료|careleaver|leavingcare/g },
  { group: 'local_childrens_centre', pattern: /지역아동센터|childrenscentre|children'scenter/g },
  {
    group: 'multi_child',
    pattern: /다자녀|세자녀|(?:아이|애|자녀)(?:가|는)?(?:셋|넷|3명|4명)|셋째|넷째|threechildren|threekids/g,
  },
];

const FACILITY =
  /아동복지시설|아동양육시설|양육시설|보육원|그룹홈|공동생활가정|welfarefacility|childrenshome|orphanage/g;
const OUTSIDE_SEOUL =
  /경기|인천|관외|서울밖|서울외|지방|충청|충북|충남|강원|전라|전북|전남|경상|경북|경남|부산|대구|대전|광주|울산|세종|제주|outsideseoul/;

/** "수급자 아니고", "차상위도 아닌데": the group is denied right after it is named. */
const NEGATED_AFTER = /^(?:자|권자|계층|가정|가구)?(?:도|는|은|가|이)?(?:아니|아닌|아님|아녜|아냐|x|안돼|없)/;

function findGroups(state: { s: string }): Found<GroupId>[] {
  const found: Found<GroupId>[] = [];
  for (const { group, pattern } of GROUP_PATTERNS) {
    for (const m of [...state.s.matchAll(pattern)]) {
      const index = m.index ?? 0;
      const after = state.s.slice(index + m[0].length, index + m[0].length + 8);
      state.s = mask(state.s, index, m[0].length);
      if (NEGATED_AFTER.test(after)) continue;
      found.push({ value: group, index });
    }
  }
  for (const m of [...state.s.matchAll(FACILITY)]) {
    const index = m.index ?? 0;
    state.s = mask(state.s, index, m[0].length);
    if (OUTSIDE_SEOUL.test(state.s)) found.push({ value: 'welfare_facility_outside_seoul', index });
  }
  return found;
}

// ---------- residence, household, income ----------

const OTHER_REGIONS =
  '경기도|경기|인천|부산|대구|대전|광주|울산|세종|강원도?|충청북도|충청남도|충북|충남|전라북도|전라남도|전북|전남|경상북도|경상남도|경북|경남|제주도?|수원|성남|고양|용인|부천|안산|안양|남양주|화성|평택|의정부|시흥|파주|김포|광명|하남|구리|천안|청주|전주|창원|포항|김해';
const LIVE = '(?:에서?)?(?:사는|살아|살고|살며|삽니다|살아요|사는데|거주|살거든|살음|살아서)';

function findResidence(s: string, english: boolean): boolean | undefined {
  if (english) {
    if (
      /(?:live|living|lives|based|stay|staying)(?:in|at)(?!seoul)[a-z]+(?:city|province|do\b)?/.test(s) &&
      !/seoul/.test(s)
    )
      return false;
    if (
      /(?:live|living|lives|based|reside|residing|student|school|we're|weare)[a-z,]*in(?:the)?seoul|seoulresident|inseoul/.test(
        s,
      )
    )
      return true;
    return undefined;
  }
  if (/서울(?:에|시에|시|특별시)?(?:안|못)(?:살|사는|거주)|서울이아니|서울아니|서울밖에?(?:살|사)/.test(s))
    return false;
  if (
    new RegExp(
      `서울(?:시|특별시)?${LIVE}|서울(?:시|특별시)?[가-힣]{1,4}구${LIVE}|서울(?:시)?거주|서울시민|서울에살`,
    ).test(s)
  )
    return true;
  if (
    new RegExp(
      `(?:${OTHER_REGIONS})(?:시|도|광역시)?${LIVE}|(?:${OTHER_REGIONS})(?:이에요|예요|에요|입니다|이고|인데|살)`,
    ).test(s)
  )
    return false;
  return undefined;
}

const NATIVE_COUNT: Record<string, number> = {
  한: 1,
  두: 2,
  세: 3,
  네: 4,
  다섯: 5,
  여섯: 6,
  일곱: 7,
  여덟: 8,
};

function findHouseholdSize(s: string, english: boolean): number | undefined {
  const digits =
    /(?<!\d)(\d{1,2})인(?:가구|가족|가정|세대)/.exec(s) ??
    /(?:식구|가족|가구원)(?:이|가|는|수)?(\d{1,2})명/.exec(s);
  if (digits) return Number(digits[1]);
  const native = /(한|두|세|네|다섯|여섯|일곱|여덟)(?:식구|명가족|명이서|가족)/.exec(s);
  if (native) return NATIVE_COUNT[native[1] ?? ''];
  if (english) {
    const en =
      /(?:familyof|householdof)(\d{1,2})|(\d{1,2})(?:-)?(?:person|people|member)(?:household|family)/.exec(s);
    if (en) return Number(en[1] ?? en[2]);
  }
  return undefined;
}

const INCOME_CONTEXT = /월|한달|소득|수입|벌|연봉|income|earn|salary|month/;

function findIncome(s: string, english: boolean): number | undefined {
  if (!INCOME_CONTEXT.test(s)) return undefined;
  const man = /(\d{1,4}(?:[.,]\d+)?)만(?:원)?/.exec(s);
  if (man) return Math.round(Number((man[1] ?? '0').replace(',', '')) * 10_000);
  const won = /(\d{1,3}(?:,\d{3})+|\d{6,9})원/.exec(s);
  if (won) return Number((won[1] ?? '0').replace(/,/g, ''));
  if (english) {
    const million = /(\d+(?:\.\d+)?)million(?:won|krw)?/.exec(s);
    if (million) return Math.round(Number(million[1]) * 1_000_000);
    const krw =
      /(\d{1,3}(?:,\d{3})+|\d{6,9})(?:won|krw)/.exec(s) ?? /(?:krw|₩)(\d{1,3}(?:,\d{3})+|\d{6,9})/.exec(s);
    if (krw) return Number((krw[1] ?? '0').replace(/,/g, ''));
  }
  return undefined;
}

// ---------- children ----------

/** "큰애", "작은애", "첫째", "둘째", "막내"…: where one child's part of the text starts. */
const CHILD_LABEL =
  /큰애|큰아이|큰딸|큰아들|첫째|작은애|작은아이|작은딸|작은아들|둘째|셋째애|막내|theolder|theyounger|myolder|myyounger|oldest|youngest/g;

interface ChildMarks {
  grades: Found<SchoolYear>[];
  ages: Found<AgeFact>[];
  groups: Found<GroupId>[];
}

function buildChildren(marks: ChildMarks, labels: number[]): ChildFacts[] {
  const personal = marks.groups.filter((g) => PERSONAL_GROUPS.has(g.value));
  // With labels, each label opens a segment: one child per segment.
  if (labels.length >= 2) {
    const bounds = labels.map((start, i) => [start, labels[i + 1] ?? Number.MAX_SAFE_INTEGER] as const);
    return bounds.map(([from, to]) => {
      const inside = <T>(list: Found<T>[]) => list.filter((f) => f.index >= from && f.index < to);
      return childFrom(
        inside(marks.grades)[0]?.value,
        inside(marks.ages)[0]?.value,
        inside(personal).map((g) => g.value),
      );
    });
  }
  // School-level grades (not university) each name a different child: "초2 중2", "초3,초6".
  const schoolGrades = marks.grades.filter((g) => g.value !== 'university' && g.value !== 'kindergarten');
  if (schoolGrades.length >= 2) {
    return schoolGrades.map((g, i) =>
      childFrom(
        g.value,
        marks.ages.length === schoolGrades.length ? marks.ages[i]?.value : undefined,
        i === 0 ? personal.map((p) => p.value) : [],
      ),
    );
  }
  const plainAges = marks.ages.filter(
    (a) => a.value.age !== undefined || a.value.birthDate || a.value.birthYear,
  );
  if (marks.grades.length <= 1 && plainAges.length >= 2) {
    return plainAges.map((a, i) =>
      childFrom(undefined, a.value, i === 0 ? personal.map((p) => p.value) : []),
    );
  }
  return [
    childFrom(
      marks.grades[0]?.value,
      marks.ages[0]?.value,
      personal.map((p) => p.value),
    ),
  ];
}

function childFrom(grade: SchoolYear | undefined, age: AgeFact | undefined, groups: GroupId[]): ChildFacts {
  const child: ChildFacts = {};
  if (age?.age !== undefined) {
    child.age = age.age;
    if (age.exact) child.ageExact = true;
  }
  if (age?.birthDate) child.birthDate = age.birthDate;
  if (age?.birthYear !== undefined) child.birthYear = age.birthYear;
  if (grade) child.schoolYear = grade;
  const unique = [...new Set(groups)];
  if (unique.length) child.groups = unique;
  return child;
}

// ---------- intent ----------

const ELIGIBILITY_PHRASES =
  /자격|대상(?:자|이|인|일|인가|되|돼|여부|조회|확인)?|신청|가입|할수있|할수있나|될까|되나|돼요|되요|돼\b|되는지|가능|안되|안돼|받을수|쓸수있|이용할수|eligib|qualif|canijoin|canmy|join|signup|apply|enrol/;
const SEOUL_RUN = /서울런|서울learn|seoulrun|seoullearn|slearn/;
const OTHER_TOPIC =
  /멘토링|멘토|장학|캠프|강의|퀴즈|비밀번호|아이디|로그인|쿠폰|전화번호|상담시간|탈퇴|mentor|password|login|quiz/;
const QUESTION_END =
  /[?？]|나요|까요|되나|돼|되요|가능|될까|할수|인가|일까|어요|에요|예요|이에요|입니다|이요|임$|ㅠ|인데/;

function scoreIntent(
  raw: string,
  s: string,
  facts: { groups: number; child: boolean; seoul: boolean; income: boolean },
): { intent: QuestionIntent; score: number } {
  if (/4050/.test(s) && (SEOUL_RUN.test(s) || /서울|seoul|중장년|재취업/.test(s)))
    return { intent: 'seoulrun4050', score: 0.9 };
  const asksEligibility = ELIGIBILITY_PHRASES.test(s);
  const otherTopic = OTHER_TOPIC.test(s) && !/대상|자격|서울런(?:신청|가입)/.test(s);
  if (otherTopic && facts.groups === 0) return { intent: 'other', score: 0 };
  if (facts.groups > 0 && (asksEligibility || QUESTION_END.test(s)))
    return { intent: 'eligibility', score: 0.85 };
  if (SEOUL_RUN.test(s) && asksEligibility) return { intent: 'eligibility', score: 0.9 };
  if ((facts.child || facts.seoul || facts.income) && asksEligibility)
    return { intent: 'eligibility', score: 0.75 };
  if (facts.groups > 0) return { intent: 'eligibility', score: 0.7 };
  // Telling us household income and a child's age or school is only done to ask about eligibility.
  if (facts.income && facts.child) return { intent: 'eligibility', score: 0.7 };
  if (/자격|대상자|신청자격|eligib|qualif/.test(s)) return { intent: 'eligibility', score: 0.8 };
  void raw;
  return { intent: 'other', score: 0 };
}

/** Reads one message into facts (several children when the text names several). */
export function extractQuestion(text: string): ExtractedQuestion {
  const english = isEnglish(text);
  const s = compact(text);
  const state = { s };
  const labels = [...s.matchAll(CHILD_LABEL)].map((m) => m.index ?? 0);
  const groups = findGroups(state);
  const ages = findAges(state, english);
  const grades = findSchoolYears(state, english);
  const livesInSeoul = findResidence(s, english);
  const householdSize = findHouseholdSize(s, english);
  const monthlyIncome = findIncome(state.s, english);
  const children = buildChildren({ grades, ages, groups }, labels);
  const householdGroups = [
    ...new Set(groups.filter((g) => !PERSONAL_GROUPS.has(g.value)).map((g) => g.value)),
  ];
  const { intent, score } = scoreIntent(text, s, {
    groups: groups.length,
    child: grades.length + ages.length > 0,
    seoul: livesInSeoul !== undefined,
    income: monthlyIncome !== undefined || householdSize !== undefined,
  });
  return {
    intent,
    score,
    language: english ? 'en' : 'ko',
    ...(livesInSeoul !== undefined ? { livesInSeoul } : {}),
    groups: householdGroups,
    ...(householdSize !== undefined ? { householdSize } : {}),
    ...(monthlyIncome !== undefined ? { monthlyIncome } : {}),
    children,
  };
}
