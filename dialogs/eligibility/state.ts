import type { DialogState } from '../../bot/dialog';
import type { ChildFacts, ExtractedQuestion } from '../../knowledge/eligibility/extract';
import { type ApplicantFacts, type FactKey, type GroupId } from '../../knowledge/eligibility/types';

/** Version of `EligibilityAnswers`; bump when its shape changes. */
export const STATE_VERSION = 1;
export const FLOW = 'eligibility';

/** Named steps of the flow. */
export type Step =
  'ask_residence' | 'ask_age' | 'ask_groups' | 'ask_size' | 'ask_income' | 'answered' | 'walkthrough';

/** What the flow remembers between turns: facts only, never a name or a number that identifies anyone. */
export interface EligibilityAnswers {
  household: { livesInSeoul?: boolean; groups?: GroupId[]; householdSize?: number; monthlyIncome?: number };
  children: ChildFacts[];
  dontKnow: FactKey[];
  /** The child the age question is about. */
  childIndex: number;
  language: 'ko' | 'en';
  /** Walkthrough position (1–3). */
  walk?: number;
  [key: string]: unknown;
}

export interface EligibilityState extends DialogState {
  flow: typeof FLOW;
  step: Step;
  answers: EligibilityAnswers;
}

/** A fresh, empty set of answers. */
export const emptyAnswers = (language: 'ko' | 'en'): EligibilityAnswers => ({
  household: {},
  children: [{}],
  dontKnow: [],
  childIndex: 0,
  language,
});

/** Builds the state to store. */
export const stateOf = (step: Step, answers: EligibilityAnswers): EligibilityState => ({
  v: STATE_VERSION,
  flow: FLOW,
  step,
  answers,
});

/** Reads a stored state defensively (unknown shapes start over rather than crash). */
export function readAnswers(state: DialogState | null, language: 'ko' | 'en'): EligibilityAnswers {
  const a = state?.answers as Partial<EligibilityAnswers> | undefined;
  if (!a || !Array.isArray(a.children) || typeof a.household !== 'object' || a.household === null)
    return emptyAnswers(language);
  return {
    household: { ...a.household },
    children: a.children.length ? a.children.map((c) => ({ ...c })) : [{}],
    dontKnow: Array.isArray(a.dontKnow) ? [...a.dontKnow] : [],
    childIndex: typeof a.childIndex === 'number' ? a.childIndex : 0,
    language: a.language === 'en' ? 'en' : language,
    ...(typeof a.walk === 'number' ? { walk: a.walk } : {}),
  };
}

/** Facts the evaluator sees for child `i`: household facts plus the child's own. */
export function applicantFacts(answers: EligibilityAnswers, i: number): ApplicantFacts {
  const child = answers.children[i] ?? {};
  const household = answers.household;
  const groups =
    household.groups === undefined && !child.groups?.length
      ? undefined
      : [...new Set([...(household.groups ?? []), ...(child.groups ?? [])])];
  return {
    ...(household.livesInSeoul !== undefined ? { livesInSeoul: household.livesInSeoul } : {}),
    ...(child.age !== undefined ? { age: child.age, ageExact: child.ageExact === true } : {}),
    ...(child.birthDate ? { birthDate: child.birthDate } : {}),
    ...(child.birthYear !== undefined ? { birthYear: child.birthYear } : {}),
    ...(child.schoolYear ? { schoolYear: child.schoolYear } : {}),
    ...(groups ? { groups } : {}),
    ...(household.householdSize !== undefined ? { householdSize: household.householdSize } : {}),
    ...(household.monthlyIncome !== undefined ? { monthlyIncome: household.monthlyIncome } : {}),
    dontKnow: answers.dontKnow,
  };
}

const hasAge = (c: ChildFacts): boolean =>
  c.age !== undefined || !!c.birthDate || c.birthYear !== undefined || !!c.schoolYear;

/** Sets age facts of one child: a new age, school year or birth date replaces all earlier ones. */
export function setChildAge(child: ChildFacts, next: ChildFacts): ChildFacts {
  if (!hasAge(next))
    return {
      ...child,
      ...(next.groups ? { groups: [...new Set([...(child.groups ?? []), ...next.groups])] } : {}),
    };
  const { age: _a, ageExact: _e, birthDate: _b, birthYear: _y, schoolYear: _s, ...rest } = child;
  return {
    ...rest,
    ...next,
    ...(child.groups || next.groups
      ? { groups: [...new Set([...(child.groups ?? []), ...(next.groups ?? [])])] }
      : {}),
  };
}

/** What changed, for "고쳤어요" (null when nothing new). */
export interface MergeOutcome {
  changedAge: boolean;
  changedAny: boolean;
}

/**
 * Merges what a message said into the answers. Several children in the message replace the list;
 * one child's facts apply to the child being asked about (a correction like "아, 고1이에요").
 */
export function mergeExtracted(answers: EligibilityAnswers, found: ExtractedQuestion): MergeOutcome {
  let changedAny = false;
  let changedAge = false;
  const h = answers.household;
  if (found.livesInSeoul !== undefined && found.livesInSeoul !== h.livesInSeoul) {
    h.livesInSeoul = found.livesInSeoul;
    changedAny = true;
  }
  if (found.groups.length) {
    h.groups = [...new Set([...(h.groups ?? []), ...found.groups])];
    changedAny = true;
  }
  if (found.householdSize !== undefined) {
    h.householdSize = found.householdSize;
    changedAny = true;
  }
  if (found.monthlyIncome !== undefined) {
    h.monthlyIncome = found.monthlyIncome;
    changedAny = true;
  }
  const said = found.children.filter((c) => Object.keys(c).length > 0);
  if (found.children.length >= 2) {
    answers.children = found.children.map((c) => ({ ...c }));
    answers.childIndex = 0;
    changedAny = changedAge = true;
  } else if (said[0]) {
    const i = Math.min(answers.childIndex, answers.children.length - 1);
    answers.children[i] = setChildAge(answers.children[i] ?? {}, said[0]);
    changedAny = true;
    changedAge = hasAge(said[0]);
  }
  if (changedAge) answers.dontKnow = answers.dontKnow.filter((k) => k !== 'age');
  return { changedAge, changedAny };
}
