import type { DialogState } from '../../bot/dialog';
import type { Language } from '../../bot/people';
import type { ChildFacts, EligibilityFacts } from '../../knowledge/eligibility/extract';
import {
  applicantFactsOf,
  mergeFacts,
  type HouseholdAnswers,
  type MergeResult,
} from '../../knowledge/eligibility/merge-facts';
import { LANGUAGES } from '../../bot/people';
import { type ApplicantFacts, type FactKey } from '../../knowledge/eligibility/types';

/** Version of `EligibilityAnswers`; bump when its shape changes. */
export const STATE_VERSION = 1;
export const FLOW = 'eligibility';

/** Named steps of the flow. */
export type Step =
  'ask_residence' | 'ask_age' | 'ask_groups' | 'ask_size' | 'ask_income' | 'answered' | 'walkthrough';

/** What the flow remembers between turns: facts only, never a name or a number that identifies anyone. */
export interface EligibilityAnswers {
  household: HouseholdAnswers;
  children: ChildFacts[];
  dontKnow: FactKey[];
  /** The child the age question is about. */
  childIndex: number;
  language: Language;
  /** Walkthrough position (1–3). */
  walk?: number;
  /** The verdict per child last given, so a correction afterwards can answer with what changed. */
  verdicts?: string[];
  [key: string]: unknown;
}

export interface EligibilityState extends DialogState {
  flow: typeof FLOW;
  step: Step;
  answers: EligibilityAnswers;
}

/** A fresh, empty set of answers. */
export const emptyAnswers = (language: Language): EligibilityAnswers => ({
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
export function readAnswers(state: DialogState | null, language: Language): EligibilityAnswers {
  const a = state?.answers as Partial<EligibilityAnswers> | undefined;
  if (!a || !Array.isArray(a.children) || typeof a.household !== 'object' || a.household === null)
    return emptyAnswers(language);
  return {
    household: { ...a.household },
    children: a.children.length ? a.children.map((c) => ({ ...c })) : [{}],
    dontKnow: Array.isArray(a.dontKnow) ? [...a.dontKnow] : [],
    childIndex: typeof a.childIndex === 'number' ? a.childIndex : 0,
    language: LANGUAGES.includes(a.language as Language) ? (a.language as Language) : language,
    ...(typeof a.walk === 'number' ? { walk: a.walk } : {}),
    ...(Array.isArray(a.verdicts) ? { verdicts: a.verdicts.filter((x) => typeof x === 'string') } : {}),
  };
}

/** Facts the evaluator sees for child `i`: household facts plus the child's own (age kind included). */
export const applicantFacts = (answers: EligibilityAnswers, i: number): ApplicantFacts =>
  applicantFactsOf(answers, i, answers.dontKnow);

/**
 * Merges what a message said into the answers (knowledge/eligibility/merge-facts): a correction lands
 * on the child it names, a denied group is not asked again, "해당 없어요" closes the group question.
 */
export function mergeInto(
  answers: EligibilityAnswers,
  found: EligibilityFacts,
  askingGroups: boolean,
): MergeResult<EligibilityAnswers> {
  const merged = mergeFacts(answers, found, { askingGroups });
  if (merged.changedAge) merged.answers.dontKnow = merged.answers.dontKnow.filter((k) => k !== 'age');
  if (merged.groupsClosed) merged.answers.dontKnow = merged.answers.dontKnow.filter((k) => k !== 'groups');
  return merged;
}
