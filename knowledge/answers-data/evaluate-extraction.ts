import type { ChildFacts, EligibilityFacts } from '../eligibility/extract';
import { statedFacts } from '../answers/route-question';
import type { SchoolYear } from '../eligibility/types';
import { isHeldOut, readJsonl } from './split';

/**
 * Scores the eligibility extractor (through `statedFacts`, which drops facts named in a general
 * question) on knowledge/answers-data/extraction.jsonl: a message counts only
 * when every slot is right (absent slots must stay absent; groups compared as sets, children in
 * text order).
 */

export interface ExpectedChild {
  grade?: string;
  age?: number;
  ageKind?: 'man' | 'korean' | 'plain';
  birthYear?: number;
}

export interface ExpectedSlots {
  residence?: 'seoul' | 'outside';
  children?: ExpectedChild[];
  groups?: string[];
  notGroups?: string[];
  noGroup?: boolean;
  householdSize?: number;
  monthlyIncome?: number;
}

export interface ExtractionRow {
  text: string;
  expected: ExpectedSlots;
}

const GRADE_LABEL: Record<SchoolYear, string> = {
  e1: '초1',
  e2: '초2',
  e3: '초3',
  e4: '초4',
  e5: '초5',
  e6: '초6',
  m1: '중1',
  m2: '중2',
  m3: '중3',
  h1: '고1',
  h2: '고2',
  h3: '고3',
  e: '초등',
  m: '중학생',
  h: '고등학생',
  kindergarten: '유치원',
  university: '대학생',
};

function childView(c: ChildFacts): ExpectedChild {
  const grade = c.groups?.includes('out_of_school')
    ? '학교 밖'
    : c.graduated
      ? '졸업'
      : c.schoolYear
        ? GRADE_LABEL[c.schoolYear]
        : undefined;
  return {
    ...(grade ? { grade } : {}),
    ...(c.age !== undefined ? { age: c.age, ageKind: c.ageKind ?? (c.ageExact ? 'man' : 'plain') } : {}),
    ...(c.birthYear !== undefined ? { birthYear: c.birthYear } : {}),
  };
}

/** The extractor's answer in the labelled file's shape. */
export function slotsOf(facts: EligibilityFacts): ExpectedSlots {
  const children = facts.children.map(childView).filter((c) => Object.keys(c).length > 0);
  const groups = [...new Set([...facts.groups, ...facts.children.flatMap((c) => c.groups ?? [])])];
  return {
    ...(facts.livesInSeoul !== undefined ? { residence: facts.livesInSeoul ? 'seoul' : 'outside' } : {}),
    ...(children.length ? { children } : {}),
    ...(groups.length ? { groups } : {}),
    ...(facts.notGroups.length ? { notGroups: facts.notGroups } : {}),
    ...(facts.noGroup ? { noGroup: true } : {}),
    ...(facts.householdSize !== undefined ? { householdSize: facts.householdSize } : {}),
    ...(facts.monthlyIncome !== undefined ? { monthlyIncome: facts.monthlyIncome } : {}),
  };
}

function canonical(slots: ExpectedSlots): string {
  const sorted = {
    ...slots,
    ...(slots.groups ? { groups: [...slots.groups].sort() } : {}),
    ...(slots.notGroups ? { notGroups: [...slots.notGroups].sort() } : {}),
    ...(slots.children
      ? {
          children: slots.children.map((c) =>
            Object.fromEntries(Object.entries(c).sort(([a], [b]) => a.localeCompare(b))),
          ),
        }
      : {}),
  };
  return JSON.stringify(Object.fromEntries(Object.entries(sorted).sort(([a], [b]) => a.localeCompare(b))));
}

/** One row's outcome. */
export interface ExtractionResult {
  text: string;
  heldOut: boolean;
  ok: boolean;
  got: ExpectedSlots;
  want: ExpectedSlots;
  /** Slots that differ. */
  wrong: (keyof ExpectedSlots)[];
}

/** Runs every row. */
export function evaluateExtraction(
  rows: ExtractionRow[] = readJsonl<ExtractionRow>('extraction.jsonl'),
): ExtractionResult[] {
  return rows.map((row) => {
    const got = slotsOf(statedFacts(row.text));
    const want = row.expected;
    const keys = new Set([...Object.keys(got), ...Object.keys(want)]) as Set<keyof ExpectedSlots>;
    const wrong: (keyof ExpectedSlots)[] = [...keys].filter(
      (k) => canonical({ [k]: got[k] }) !== canonical({ [k]: want[k] }),
    );
    return { text: row.text, heldOut: isHeldOut(row.text), ok: wrong.length === 0, got, want, wrong };
  });
}
