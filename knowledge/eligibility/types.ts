/** Vocabulary shared by the eligibility rules, the evaluator, the extractor and the dialog. */

/** Groups a household or a young person can belong to (ids used in rules.yaml and the labelled data). */
export const GROUP_IDS = [
  'basic_livelihood',
  'near_poverty',
  'single_parent',
  'multicultural',
  'defector_youth',
  'defector_child',
  'veteran_family',
  'veteran_grandchild',
  'out_of_school',
  'young_carer',
  'health_disability',
  'welfare_facility_outside_seoul',
  'care_leaver',
  'multi_child',
  'local_childrens_centre',
] as const;
export type GroupId = (typeof GROUP_IDS)[number];

/** Groups that belong to one young person rather than the whole household (matters with several children). */
export const PERSONAL_GROUPS: ReadonlySet<GroupId> = new Set<GroupId>([
  'out_of_school',
  'health_disability',
  'young_carer',
  'defector_youth',
  'welfare_facility_outside_seoul',
  'care_leaver',
  'local_childrens_centre',
]);

/** School year: e1–e6 (초), m1–m3 (중), h1–h3 (고), a level alone, kindergarten, university. */
export const SCHOOL_YEARS = [
  'e1',
  'e2',
  'e3',
  'e4',
  'e5',
  'e6',
  'm1',
  'm2',
  'm3',
  'h1',
  'h2',
  'h3',
  'e',
  'm',
  'h',
  'kindergarten',
  'university',
] as const;
export type SchoolYear = (typeof SCHOOL_YEARS)[number];

/** The facts we ask about, in the order we ask. */
export const FACT_KEYS = ['residence', 'age', 'groups', 'income'] as const;
export type FactKey = (typeof FACT_KEYS)[number];

/** What we know about one applicant (absent = unknown). No names, no numbers that identify anyone. */
export interface ApplicantFacts {
  livesInSeoul?: boolean;
  /** A stated age; `ageExact` when it was 만 나이 (said with 만, or in English). */
  age?: number;
  ageExact?: boolean;
  /** 'korean' = 세는 나이 (만 N−2 or N−1); absent = as `ageExact` says. */
  ageKind?: 'man' | 'korean' | 'plain';
  /** "YYYY-MM-DD". */
  birthDate?: string;
  birthYear?: number;
  schoolYear?: SchoolYear;
  /** Groups that apply; [] = none of the listed groups; absent = not asked yet. */
  groups?: GroupId[];
  householdSize?: number;
  /** Monthly household income in KRW. */
  monthlyIncome?: number;
  /** Facts the user said they do not know (not asked again). */
  dontKnow?: FactKey[];
}

export type VerdictKind = 'eligible' | 'not_eligible' | 'needs_confirmation';

/** One reason behind a verdict: a code the dialog renders from the text catalogue, with its values. */
export interface Reason {
  code: ReasonCode;
  ruleId?: string;
  params?: Record<string, string | number>;
}

export type ReasonCode =
  | 'age_below'
  | 'age_above'
  | 'age_boundary_day'
  | 'age_maybe_outside'
  | 'age_unknown'
  | 'residence_outside'
  | 'residence_unknown'
  | 'residence_waived'
  | 'group_confirmed'
  | 'group_announced'
  | 'group_uncertain'
  | 'group_not_yet'
  | 'groups_unknown'
  | 'no_group'
  | 'income_below_line'
  | 'income_above_line'
  | 'income_below_announced_line'
  | 'income_no_line'
  | 'income_unknown';

/** The evaluator's answer for one applicant on one date. */
export interface Verdict {
  verdict: VerdictKind;
  reasons: Reason[];
  /** Ids of the rules (rules.yaml) that decided or were weighed. */
  rulesUsed: string[];
  /** The question worth asking next, when an unknown fact could change the answer. */
  nextQuestion?: FactKey;
  /** Possible 만 나이 on the check date, when anything about age is known. */
  ageRange?: [number, number];
  /** The rule-set version that answered. */
  ruleSetVersion: string;
  /** The Korean calendar day checked. */
  date: string;
}
