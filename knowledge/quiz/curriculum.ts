import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { fromRoot } from '../../bot/paths';
import { GRADES, SUBJECTS, type Grade, type Subject } from './bank';

/**
 * The grades, subjects and units the quiz covers, read from `curriculum.yaml` (data a teacher can
 * review). Generators, the coverage report and the scheduler all read this one list.
 */

const KINDS = ['generated', 'written'] as const;
/** How a cell's items are made: computed by code, or written by people with a checkable source. */
export type ItemKind = (typeof KINDS)[number];

const cellSchema = z.strictObject({
  kind: z.enum(KINDS),
  units: z.array(z.string().trim().min(1).max(40)).min(1),
});

const gradeSchema = z.strictObject({
  revision: z.union([z.literal(2015), z.literal(2022)]),
  onDemand: z.boolean().optional(),
  subjects: z.partialRecord(z.enum(SUBJECTS), cellSchema),
});

const curriculumSchema = z.strictObject({
  year: z.int(),
  floors: z.strictObject({ generated: z.int().positive(), written: z.int().positive() }),
  grades: z.record(z.enum(GRADES), gradeSchema),
});

/** One grade × subject the quiz covers. */
export interface CurriculumCell {
  grade: Grade;
  subject: Subject;
  kind: ItemKind;
  units: readonly string[];
  /** Items this cell must have at least (60 generated, 30 written). */
  floor: number;
  /** 2015 or 2022 national curriculum in force for this grade in `year`. */
  revision: 2015 | 2022;
  onDemand: boolean;
}

export interface Curriculum {
  year: number;
  /** Every covered cell, grades in school order, subjects in SUBJECTS order. */
  cells: readonly CurriculumCell[];
  cell(grade: Grade, subject: Subject): CurriculumCell | undefined;
  subjectsFor(grade: Grade): Subject[];
}

/** Reads and validates the curriculum file (default `knowledge/quiz/curriculum.yaml`). */
export function loadCurriculum(path = fromRoot('knowledge', 'quiz', 'curriculum.yaml')): Curriculum {
  const result = curriculumSchema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!result.success)
    throw new Error(
      `${path}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const data = result.data;
  const cells: CurriculumCell[] = [];
  for (const grade of GRADES) {
    const entry = data.grades[grade];
    if (!entry) throw new Error(`${path}: grade ${grade} is missing`);
    for (const subject of SUBJECTS) {
      const cell = entry.subjects[subject];
      if (!cell) continue;
      cells.push({
        grade,
        subject,
        kind: cell.kind,
        units: cell.units,
        floor: data.floors[cell.kind],
        revision: entry.revision,
        onDemand: entry.onDemand ?? false,
      });
    }
  }
  const index = new Map(cells.map((c) => [`${c.grade}|${c.subject}`, c]));
  return {
    year: data.year,
    cells,
    cell: (grade, subject) => index.get(`${grade}|${subject}`),
    subjectsFor: (grade) => cells.filter((c) => c.grade === grade).map((c) => c.subject),
  };
}

/** Age at which a member has left school: they study at the 고3 level. */
export const ADULT_AGE = 19;

/**
 * The quiz grade for a member whose school grade is unknown but whose age is: members over 19 (and
 * 19-year-olds who have left school) get 고3. Below that the student must name a grade (null).
 */
export function gradeForAge(age: number): Grade | null {
  return age >= ADULT_AGE ? '고3' : null;
}
