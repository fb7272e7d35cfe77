import { NATIVE_UNITS, SINO_DIGITS } from '../../bot/dialog/parsers/korean-numbers';
import { CORRECTION_BETWEEN, UNIT_ALT, nativeNumber, take, type Found } from './extract-text';
import { PERSONAL_GROUPS, type GroupId, type SchoolYear } from './types';

/**
 * Children in one message: school years, ages (만, 한국 나이, plain), birth years, labels
 * (큰애/작은애, 첫째/둘째/막내) and corrections ("애 중1이요 아 올해 중2 됐네요" is one child; "큰애 10살
 * 작은애 7살 … 작은애 만 나이로는 6살" corrects the younger child only).
 */

/** How an age was said: 만 나이, 한국 (세는) 나이, or plain "N살" (either). */
export type AgeKind = 'man' | 'korean' | 'plain';

/** Which child a mention names: 1 = the eldest (큰애, 첫째), 2 = 둘째 …, 'last' = the youngest (작은애, 막내). */
export type ChildRef = number | 'last';

/** Facts about one child (or the student writing). */
export interface ChildFacts {
  age?: number;
  /** True for 만 나이 (said with 만, or in English); kept for callers that predate `ageKind`. */
  ageExact?: boolean;
  ageKind?: AgeKind;
  birthDate?: string;
  birthYear?: number;
  schoolYear?: SchoolYear;
  /** Finished school (고졸, 졸업, 재수생): no school year any more. */
  graduated?: boolean;
  groups?: GroupId[];
  /** The label the message used for this child, so a later correction can find the same child. */
  ref?: ChildRef;
  /** What the message corrected ("초3 아니고 초4예요" → was e3): finds the child meant in earlier answers. */
  was?: { schoolYear?: SchoolYear; age?: number };
}

interface AgeFact {
  age?: number;
  kind?: AgeKind;
  birthDate?: string;
  birthYear?: number;
}

type GradeFact = SchoolYear | 'graduated';

const LEVEL: Record<string, 'e' | 'm' | 'h'> = { 초: 'e', 중: 'm', 고: 'h' };

function gradeOf(level: 'e' | 'm' | 'h', n: number): SchoolYear | undefined {
  const max = level === 'e' ? 6 : 3;
  return n >= 1 && n <= max ? (`${level}${n}` as SchoolYear) : undefined;
}

const digitOf = (d: string | undefined): number =>
  d ? (/\d/.test(d) ? Number(d) : (SINO_DIGITS[d] ?? 0)) : 0;

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

/** The school level named most recently before `index` ("둘 다 초등학생이고 … 큰놈 5학년"). */
function levelBefore(original: string, index: number): 'e' | 'm' | 'h' | 'u' {
  const head = original.slice(0, index);
  const levels = [...head.matchAll(/초등|중학|고등|대학/g)];
  // "1학년이에요 중학교": a level said right after counts when none came before.
  const last =
    levels[levels.length - 1]?.[0] ??
    /^[^0-9]{0,6}?(초등|중학|고등|대학)/.exec(original.slice(index + 3))?.[1];
  return last === '중학' ? 'm' : last === '고등' ? 'h' : last === '대학' ? 'u' : 'e';
}

function findGrades(state: { s: string }, original: string, english: boolean): Found<GradeFact>[] {
  if (english)
    return [
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
    ];
  return [
    ...take(
      state,
      /고등학교(?:를|을)?졸업|고졸|졸업했|졸업하고|재수생|삼수생|n수생|재수중/g,
      () => 'graduated' as const,
    ),
    // "초등학교 3학년", "중학교 이학년", "고등학생 1학년".
    ...take(state, /(초|중|고)(?:등학교|등학생|학교|학생|등)([1-6일이삼사오육])학년/g, (m) =>
      gradeOf(LEVEL[m[1] ?? '']!, digitOf(m[2])),
    ),
    ...take(
      state,
      /대학(?:교)?[1-4일이삼사]학년|대학(?:생|원생)|대학다니|대학들어갔|대학에들어갔|대학교/g,
      () => 'university' as const,
    ),
    // Short forms "초1", "중2", "고3": not inside words like 최고, 집중, 준비중.
    ...take(
      state,
      /(?<![최참광신재사잔집준도수공])(초|중|고)([1-6])(?![0-9만원살세명]|인가구|인가족)/g,
      (m) => gradeOf(LEVEL[m[1] ?? '']!, Number(m[2])),
    ),
    // "4학년 아들", "큰놈 5학년": the level said before, else elementary.
    ...take(state, /(?<![0-9])([1-6일이삼사오육])학년/g, (m) => {
      const level = levelBefore(original, m.index ?? 0);
      return level === 'u' ? 'university' : gradeOf(level, digitOf(m[1]));
    }),
    ...take(state, /(초등|중|고등)학(?:생|교)/g, (m) => (m[1] === '초등' ? 'e' : m[1] === '중' ? 'm' : 'h')),
    ...take(state, /유치원/g, () => 'kindergarten' as const),
  ];
}

function validDate(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1950 || y > 2100) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** "만으로", "만 나이로는", "한국 나이로", "세는나이" just before an age. */
const KIND_BEFORE =
  /(만으로는?|만나이로는?|만나이|만|한국나이로는?|한국나이|우리나이로는?|세는나이로?|세는나이)$/;

function kindBefore(s: string, index: number): AgeKind {
  const m = KIND_BEFORE.exec(s.slice(Math.max(0, index - 7), index));
  if (!m) return 'plain';
  return m[1]?.startsWith('만') ? 'man' : 'korean';
}

/** "만 14세 미만", "24살까지", "6세부터", "19세 넘으면": a bound in a rule, not someone's age. */
const AGE_BOUND =
  /(?:만|)?(?:\d{1,2}|[가-힣]{1,3})(?:살|세)(?:이?상|이?하|미만|까지|부터|넘|초과|이면|면|이후|이전|전후)/g;

function findAges(state: { s: string }, english: boolean): Found<AgeFact>[] {
  take(state, AGE_BOUND, () => true);
  const withKind = (age: number | undefined, index: number): AgeFact | undefined =>
    age === undefined || age <= 0 ? undefined : { age, kind: kindBefore(state.s, index) };
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
        kind: 'man' as const,
      })),
      ...take(state, /(?:i'm|iam|sheis|heis|she's|he's|theyare|aged?|is)(\d{1,2})(?![0-9])/g, (m) => ({
        age: Number(m[1]),
        kind: 'man' as const,
      })),
    );
    return found;
  }
  found.push(
    ...take(state, /(?<![\d.,])만(\d{1,2})(?:세|살)?/g, (m) => ({ age: Number(m[1]), kind: 'man' as const })),
    ...take(state, new RegExp(`(?<![\\d.,])만(스물|스무|열)?(${UNIT_ALT})?살`, 'g'), (m) => {
      const age = nativeNumber(m[1], m[2]);
      return age > 0 ? { age, kind: 'man' as const } : undefined;
    }),
    ...take(state, /(?<![\d.])(\d{1,2})(?:살(?!림)|세(?!대))/g, (m) => withKind(Number(m[1]), m.index ?? 0)),
    ...take(state, /나이(?:는|가)?(\d{1,2})(?![0-9])/g, (m) => withKind(Number(m[1]), m.index ?? 0)),
    // Native numbers: "스물세살", "스무살", "열다섯", "일곱살" (a tens word or 살 is required).
    ...take(state, new RegExp(`(스물|스무|열)(${UNIT_ALT})?(?:살)`, 'g'), (m) =>
      withKind(nativeNumber(m[1], m[2]), m.index ?? 0),
    ),
    ...take(state, new RegExp(`(스물|열)(${UNIT_ALT})(?!시|번|명|개|식구)`, 'g'), (m) =>
      withKind(nativeNumber(m[1], m[2]), m.index ?? 0),
    ),
    ...take(state, new RegExp(`(?<![열물무])(${UNIT_ALT})살(?!아요|아서|고있|며|면|던|았|어요)`, 'g'), (m) =>
      withKind(NATIVE_UNITS[m[1] ?? ''], m.index ?? 0),
    ),
    // "아들 17 딸 14", "취준생 22": a bare number right after a child word.
    ...take(
      state,
      /(?<=(?:아들|딸|애|아이|동생|손주|손녀|손자)(?:은|는|이|가)?)(\d{1,2})(?![0-9만원인명살세학년%])/g,
      (m) => ({
        age: Number(m[1]),
        kind: 'plain' as const,
      }),
    ),
  );
  return found;
}

// ---------- labels and assembly ----------

/**
 * Words that name one child. Besides order (큰애, 둘째, 막내) parents name children by sex ("아들 고1
 * 딸 중2 … 딸은 중3이에요") and students name siblings ("형은 14살 동생은 9살"); a sibling word counts
 * only with a particle after it, so 형편 or 동생분 are not children. These only split a message when
 * two different labels occur.
 */
const CHILD_LABEL =
  /큰애|큰아이|큰딸|큰아들|큰놈|첫째|작은애|작은아이|작은딸|작은아들|작은놈|둘째|셋째|넷째|막내|아들|딸(?!기)|(?:형|오빠|누나|언니|동생)(?=은|는|이|가)|theolder|theyounger|myolder|myyounger|oldest|youngest|eldest/g;

/** The order a label names, if any (아들, 딸 name no order). */
function refOf(label: string): ChildRef | undefined {
  if (label === '아들' || label === '딸') return undefined;
  if (/^(?:형|오빠|누나|언니)$/.test(label)) return 1;
  if (/^(?:큰|첫째|theolder|myolder|oldest|eldest)/.test(label)) return 1;
  if (label === '둘째') return 2;
  if (label === '셋째') return 3;
  if (label === '넷째') return 4;
  return 'last';
}

interface Mention {
  index: number;
  grade?: GradeFact;
  age?: AgeFact;
  group?: GroupId;
}

/** Everything found, in text order. */
export interface ChildMarks {
  grades: Found<GradeFact>[];
  ages: Found<AgeFact>[];
  groups: Found<GroupId>[];
}

/** Reads grades and ages from `state.s`, masking them. */
export function findChildMarks(
  state: { s: string },
  original: string,
  english: boolean,
  groups: Found<GroupId>[],
): ChildMarks {
  const ages = findAges(state, english);
  const grades = findGrades(state, original, english);
  // "중2 때 학교 그만뒀어요": a past grade of someone now out of school tells nothing about today.
  const outOfSchool = groups.some((g) => g.value === 'out_of_school');
  const current = grades.filter(
    (g) => !(outOfSchool && /^때/.test(original.slice(g.index + g.length, g.index + g.length + 1))),
  );
  return { grades: current, ages, groups: groups.filter((g) => PERSONAL_GROUPS.has(g.value)) };
}

function mentionsOf(marks: ChildMarks): Mention[] {
  return [
    ...marks.grades.map((g) => ({ index: g.index, grade: g.value })),
    ...marks.ages.map((a) => ({ index: a.index, age: a.value })),
  ].sort((a, b) => a.index - b.index);
}

/** Adds one mention to a child; a later age or grade of the same kind replaces the earlier one. */
function apply(child: ChildFacts, m: Mention): void {
  if (m.grade === 'graduated') {
    delete child.schoolYear;
    child.graduated = true;
  } else if (m.grade) {
    const level = child.schoolYear;
    // "초등학생 … 5학년" or "대학생 … 대학교 2학년": the finer of two readings stays.
    if (!(level && /^[emh]$/.test(m.grade) && level.startsWith(m.grade))) child.schoolYear = m.grade;
    if (m.grade !== 'university') delete child.graduated;
  }
  if (m.age?.birthDate) child.birthDate = m.age.birthDate;
  if (m.age?.birthYear !== undefined) child.birthYear = m.age.birthYear;
  if (m.age?.age !== undefined) {
    const kind = m.age.kind ?? 'plain';
    // 만 나이 is the most precise: a later 세는 나이 or plain age does not undo it.
    if (!(child.ageKind === 'man' && kind !== 'man' && child.age !== undefined)) {
      child.age = m.age.age;
      child.ageKind = kind;
      if (kind === 'man') child.ageExact = true;
      else delete child.ageExact;
    }
  }
}

const same = (a: Mention, b: Mention): boolean =>
  (a.grade !== undefined && b.grade !== undefined) ||
  (a.age?.age !== undefined && b.age?.age !== undefined) ||
  (a.age?.birthYear !== undefined && b.age?.birthYear !== undefined);

/**
 * Splits the mentions into children. With two or more labels (큰애 … 작은애 …) each label opens a
 * segment and a label said again names the same child. Without labels, a second grade (or age, or
 * birth year) starts a new child unless a correction stands between the two ("아 …", "아니고", "됐어요",
 * "만으로는"), or one is 만 나이 and the other not (the same child told two ways).
 */
export function buildChildren(marks: ChildMarks, compactText: string, twins: boolean): ChildFacts[] {
  const labels = [...compactText.matchAll(CHILD_LABEL)].map((m) => ({
    index: m.index ?? 0,
    ref: refOf(m[0]),
    text: m[0],
  }));
  const mentions = mentionsOf(marks);
  let children: ChildFacts[];
  if (new Set(labels.map((l) => l.text)).size >= 2) {
    // Personal groups are said about the child whose part of the text names them.
    const withGroups = [...mentions, ...marks.groups.map((g) => ({ index: g.index, group: g.value }))].sort(
      (a, b) => a.index - b.index,
    );
    children = byLabels(labels, withGroups);
    if (children.length === 0) children = [{}];
    for (const g of marks.groups.filter((x) => !labels.some((l) => l.index <= x.index)))
      addGroup(children[0]!, g.value);
  } else {
    children = inOrder(mentions, compactText);
    if (children.length === 0) children = [{}];
    for (const g of marks.groups) addGroup(children[0]!, g.value);
  }
  if (labels.length === 1 && children.length === 1 && labels[0]?.ref !== undefined)
    children[0]!.ref = labels[0].ref;
  // "중학생 둘", "초등학생 셋": one level, several children.
  const levelCount = /(초등학생|중학생|고등학생)(?:이|가)?(둘|셋|넷)/.exec(compactText);
  if (
    levelCount &&
    children.length === 1 &&
    children[0]?.schoolYear &&
    /^[emh]$/.test(children[0].schoolYear)
  ) {
    const n = NATIVE_UNITS[levelCount[2] ?? ''] ?? 1;
    while (children.length < n) children.push({ ...children[0] });
  }
  if (twins && children.length === 1)
    children.push({ ...children[0]!, ...(children[0]!.groups ? { groups: [...children[0]!.groups] } : {}) });
  return children;
}

function addGroup(child: ChildFacts, group: GroupId): void {
  child.groups = [...new Set([...(child.groups ?? []), group])];
}

function byLabels(
  labels: { index: number; ref: ChildRef | undefined; text: string }[],
  mentions: Mention[],
): ChildFacts[] {
  const children: ChildFacts[] = [];
  const byText = new Map<string, number>();
  const segmentOwner: number[] = labels.map((l) => {
    const known = byText.get(l.text);
    if (known !== undefined) return known;
    children.push(l.ref === undefined ? {} : { ref: l.ref });
    byText.set(l.text, children.length - 1);
    return children.length - 1;
  });
  // "09년생 딸 10년생 아들": the label follows what is said about the child.
  const first = labels[0]?.index ?? 0;
  const last = labels[labels.length - 1]?.index ?? 0;
  const trailing = mentions.some((m) => m.index < first) && !mentions.some((m) => m.index > last);
  for (const m of mentions) {
    let seg = -1;
    if (trailing) {
      seg = labels.findIndex((l) => l.index > m.index);
      if (seg < 0) seg = labels.length - 1;
    } else
      labels.forEach((l, i) => {
        if (l.index <= m.index) seg = i;
      });
    if (seg < 0) continue;
    const child = children[segmentOwner[seg]!]!;
    if (m.group) addGroup(child, m.group);
    else apply(child, m);
  }
  // A label with nothing said about it ("작은애만 신청하려고요") is not a child of its own.
  return children.filter((c) => Object.keys(c).some((k) => k !== 'ref'));
}

function inOrder(mentions: Mention[], compactText: string): ChildFacts[] {
  const children: ChildFacts[] = [];
  const lastOfChild: Mention[][] = [];
  mentions.forEach((m) => {
    const current = children.length - 1;
    const previous = lastOfChild[current] ?? [];
    const clash = [...previous].reverse().find((p) => same(p, m));
    const child = children[current];
    // A bare level ("초등학생") is sharpened by a grade, not replaced by a second child.
    const sharpens =
      m.grade !== undefined &&
      !/^[emh]$/.test(String(m.grade)) &&
      (!child?.schoolYear || /^[emh]$/.test(child.schoolYear));
    const broadens = m.grade !== undefined && /^[emh]$/.test(String(m.grade)) && !!child?.schoolYear;
    if (current < 0) {
      children.push({});
      lastOfChild.push([]);
    } else if (clash && !sharpens && !broadens) {
      const between = compactText.slice(clash.index, m.index);
      const manPair =
        clash.age?.age !== undefined &&
        m.age?.age !== undefined &&
        (clash.age.kind === 'man') !== (m.age.kind === 'man');
      if (!(CORRECTION_BETWEEN.test(between) || manPair)) {
        children.push({});
        lastOfChild.push([]);
      } else if (CORRECTION_BETWEEN.test(between) && !manPair && child) {
        child.was = {
          ...(child.schoolYear ? { schoolYear: child.schoolYear } : {}),
          ...(child.age !== undefined ? { age: child.age } : {}),
        };
      }
    }
    const i = children.length - 1;
    apply(children[i]!, m);
    lastOfChild[i]!.push(m);
  });
  return children;
}
