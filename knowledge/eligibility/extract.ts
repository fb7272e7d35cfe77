import { buildChildren, findChildMarks, type ChildFacts } from './extract-children';
import { findGroups } from './extract-groups';
import { findHouseholdSize, findIncome, findResidence } from './extract-household';
import { compact, isEnglish } from './extract-text';
import { PERSONAL_GROUPS, type GroupId } from './types';

/**
 * Offline free-text understanding of eligibility messages: fills what it can, never guesses.
 * Patterns run on a compact copy of the text (spaces removed, lower case) because parents often
 * type without spaces; each match masks what it consumed so a later, looser pattern cannot count
 * it twice. The parts live in extract-groups (groups, denials, "해당 없어요"), extract-household
 * (residence, household size, income) and extract-children (grades, ages, labels, corrections).
 * No pattern is a whole test sentence.
 */

export type { AgeKind, ChildFacts, ChildRef } from './extract-children';

export type QuestionIntent = 'eligibility' | 'seoulrun4050' | 'other';

/** Everything one message says about a household and its children. */
export interface EligibilityFacts {
  language: 'ko' | 'en';
  livesInSeoul?: boolean;
  /** Household groups said to apply (personal ones are on the child). */
  groups: GroupId[];
  /** Groups the message denies ("수급자도 한부모도 아니고"): not asked about again. */
  notGroups: GroupId[];
  /** "해당 없어요", "특별히 해당되는 건 없어요", "둘 다 아니에요": the group question is answered with none. */
  noGroup?: boolean;
  householdSize?: number;
  monthlyIncome?: number;
  /** Always at least one (a blank child when nothing was said about age or school). */
  children: ChildFacts[];
}

export interface ExtractedQuestion extends EligibilityFacts {
  intent: QuestionIntent;
  /** 0–1: how sure we are this is an eligibility question (the router wants > 0.5). */
  score: number;
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

/** Reads the facts of one message (several children when the text names several). */
export function extractFacts(text: string): EligibilityFacts {
  const english = isEnglish(text);
  const s = compact(text);
  const state = { s };
  const reading = findGroups(state, s);
  const groups = [...reading.found];
  // A defector parent writing about a child born later: the child is a defector's child.
  if (groups.some((g) => g.value === 'defector_youth') && /(?:아이|애|자녀|딸|아들)(?:는|가|은|이)/.test(s))
    for (const g of groups) if (g.value === 'defector_youth') g.value = 'defector_child';
  const marks = findChildMarks(state, s, english, groups);
  const livesInSeoul = findResidence(s, english);
  const householdSize = findHouseholdSize(s, english);
  const monthlyIncome = findIncome(state.s, english);
  const twins = /쌍둥이|twins/.test(s);
  const children = buildChildren(marks, s, twins);
  const householdGroups = [
    ...new Set(groups.filter((g) => !PERSONAL_GROUPS.has(g.value)).map((g) => g.value)),
  ];
  return {
    language: english ? 'en' : 'ko',
    ...(livesInSeoul !== undefined ? { livesInSeoul } : {}),
    groups: householdGroups,
    notGroups: reading.denied,
    ...(reading.noGroup ? { noGroup: true } : {}),
    ...(householdSize !== undefined ? { householdSize } : {}),
    ...(monthlyIncome !== undefined ? { monthlyIncome } : {}),
    children,
  };
}

/** Reads one message into facts plus whether it is an eligibility question at all. */
export function extractQuestion(text: string): ExtractedQuestion {
  const facts = extractFacts(text);
  const s = compact(text);
  const { intent, score } = scoreIntent(text, s, {
    groups: facts.groups.length + facts.children.reduce((n, c) => n + (c.groups?.length ?? 0), 0),
    child: facts.children.some((c) => Object.keys(c).some((k) => k !== 'ref')),
    seoul: facts.livesInSeoul !== undefined,
    income: facts.monthlyIncome !== undefined || facts.householdSize !== undefined,
  });
  return { intent, score, ...facts };
}
