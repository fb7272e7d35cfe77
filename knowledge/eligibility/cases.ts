import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { casesFile } from './paths';
import {
  FACT_KEYS,
  GROUP_IDS,
  SCHOOL_YEARS,
  type ApplicantFacts,
  type FactKey,
  type VerdictKind,
} from './types';

const factsSchema = z
  .object({
    seoul: z.boolean().optional(),
    manAge: z.number().int().optional(),
    age: z.number().int().optional(),
    born: z
      .string()
      .regex(/^\d{4}-\d\d-\d\d$/)
      .optional(),
    bornYear: z.number().int().optional(),
    grade: z.enum(SCHOOL_YEARS).optional(),
    groups: z.array(z.enum(GROUP_IDS)).optional(),
    size: z.number().int().positive().optional(),
    income: z.number().int().nonnegative().optional(),
    dontKnow: z.array(z.enum(FACT_KEYS)).optional(),
  })
  .strict();

const caseSchema = z
  .object({
    id: z.string(),
    split: z.enum(['tune', 'heldout']).optional().default('tune'),
    date: z.string().regex(/^\d{4}-\d\d-\d\d$/),
    facts: factsSchema,
    expect: z.enum(['eligible', 'not_eligible', 'needs_confirmation']),
    next: z.enum(FACT_KEYS).optional(),
    rule: z.string().optional(),
    reason: z.string().min(1),
  })
  .strict();

/** One labelled applicant × check date from cases.yaml. */
export interface LabelledCase {
  id: string;
  split: 'tune' | 'heldout';
  date: string;
  facts: ApplicantFacts;
  expect: VerdictKind;
  next?: FactKey;
  rule?: string;
  reason: string;
}

/** Reads cases.yaml into evaluator facts. */
export function loadCases(path = casesFile()): LabelledCase[] {
  const file = z.object({ cases: z.array(caseSchema) }).parse(parse(readFileSync(path, 'utf8')));
  return file.cases.map((c) => {
    const f = c.facts;
    const facts: ApplicantFacts = {};
    if (f.seoul !== undefined) facts.livesInSeoul = f.seoul;
    if (f.manAge !== undefined) Object.assign(facts, { age: f.manAge, ageExact: true });
    if (f.age !== undefined) facts.age = f.age;
    if (f.born) facts.birthDate = f.born;
    if (f.bornYear !== undefined) facts.birthYear = f.bornYear;
    if (f.grade) facts.schoolYear = f.grade;
    if (f.groups) facts.groups = f.groups;
    if (f.size !== undefined) facts.householdSize = f.size;
    if (f.income !== undefined) facts.monthlyIncome = f.income;
    if (f.dontKnow) facts.dontKnow = f.dontKnow;
    return {
      id: c.id,
      split: c.split,
      date: c.date,
      facts,
      expect: c.expect,
      next: c.next,
      rule: c.rule,
      reason: c.reason,
    };
  });
}
