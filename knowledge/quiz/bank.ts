import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

/** Subjects the daily quiz covers, in display order. */
export const SUBJECTS = ['국어', '영어', '수학', '과학', '사회', '한국사'] as const;
export type Subject = (typeof SUBJECTS)[number];

/**
 * Grades from 초1 to 고3, in school order (index = gradeOrder). Which subjects each grade studies
 * lives in `curriculum.yaml` (see `curriculum.ts`); 초1–2 get math and Korean on demand only.
 */
export const GRADES = [
  '초1',
  '초2',
  '초3',
  '초4',
  '초5',
  '초6',
  '중1',
  '중2',
  '중3',
  '고1',
  '고2',
  '고3',
] as const;
export type Grade = (typeof GRADES)[number];

/**
 * Grades offered as buttons when a student sets up the daily quiz: 초3 … 고3, ten of them (Kakao
 * shows at most 10 quick replies). 초1–2 are typed ("초2") and get quizzes on demand.
 */
export const DAILY_GRADES: readonly Grade[] = GRADES.slice(GRADES.indexOf('초3'));

/** School levels; bank files are named `<subject-slug>-<level>.yaml`. */
export const LEVELS = ['elementary', 'middle', 'high'] as const;
export type SchoolLevel = (typeof LEVELS)[number];

/** File-name slug of each subject (`math-middle.yaml` holds 수학 items for 중1–중3). */
export const SUBJECT_SLUGS: Readonly<Record<Subject, string>> = {
  국어: 'korean',
  영어: 'english',
  수학: 'math',
  과학: 'science',
  사회: 'social',
  한국사: 'history',
};

/** 0 for 초1 … 11 for 고3; compare grades with it. */
export function gradeOrder(grade: Grade): number {
  return GRADES.indexOf(grade);
}

/** The school level a grade belongs to. */
export function levelOf(grade: Grade): SchoolLevel {
  if (grade.startsWith('초')) return 'elementary';
  return grade.startsWith('중') ? 'middle' : 'high';
}

/** ASCII slug of a grade for item ids and postbacks (`e1` … `e6`, `m1` … `m3`, `h1` … `h3`). */
export function gradeSlug(grade: Grade): string {
  const level = levelOf(grade) === 'elementary' ? 'e' : levelOf(grade) === 'middle' ? 'm' : 'h';
  return `${level}${grade.slice(1)}`;
}

/**
 * Grades within `distance` of `grade` (itself excluded), nearest first and the lower grade
 * first at equal distance — review below before stretching above.
 */
export function neighbouringGrades(grade: Grade, distance = 1): Grade[] {
  const order = gradeOrder(grade);
  const result: Grade[] = [];
  for (let step = 1; step <= distance; step++) {
    const below = GRADES[order - step];
    const above = GRADES[order + step];
    if (below) result.push(below);
    if (above) result.push(above);
  }
  return result;
}

const oneLine = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !s.includes('\n'), 'must be one line');

/** Safe arithmetic for `check`: digits, + - * / ( ) . and spaces only. */
const CHECK_PATTERN = /^[0-9+\-*/().\s]+$/;

/** The shape every item has, written or generated: grading and delivery rely on it. */
export const itemSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)+$/, 'lower-case kebab-case like math-m2-linear-001'),
    subject: z.enum(SUBJECTS),
    grade: z.enum(GRADES),
    unit: oneLine(40),
    standard: oneLine(60),
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    prompt: z.string().trim().min(5).max(260),
    choices: z.array(oneLine(80)).min(2).max(5).optional(),
    answer: z.int().min(1).optional(),
    numericAnswer: z.number().finite().optional(),
    check: z.string().regex(CHECK_PATTERN, 'only digits, + - * / ( ) and decimals').optional(),
    explanation: z.string().trim().min(10).max(320),
  })
  .superRefine((item, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    if (item.choices) {
      if (item.answer === undefined) issue('choices need an answer (1-based index)');
      else if (item.answer > item.choices.length)
        issue(`answer ${item.answer} is out of range 1..${item.choices.length}`);
      if (item.numericAnswer !== undefined || item.check !== undefined)
        issue('give either choices or numericAnswer, not both');
      if (new Set(item.choices).size !== item.choices.length)
        issue('choices must be different from each other');
    } else {
      if (item.numericAnswer === undefined) issue('needs choices or a numericAnswer');
      if (item.answer !== undefined) issue('answer is only for items with choices');
      if (item.numericAnswer !== undefined && item.check === undefined)
        issue('numeric items need a check expression');
    }
  });

/** One question in the bank, exactly as written in the YAML. */
export type QuizItem = z.infer<typeof itemSchema>;

const retiredSchema = z.array(
  z.strictObject({
    id: z.string().min(1),
    reason: z.string().trim().min(1),
    date: z.string().regex(/^\d{4}-\d\d-\d\d$/, 'YYYY-MM-DD'),
  }),
);

/** An item taken out of selection by an operator (kept in the bank so old answers still grade). */
export type RetiredEntry = z.infer<typeof retiredSchema>[number];

/** The validated bank with lookup indexes; indexes other than `byId` hold active items only. */
export interface QuestionBank {
  /** Active items (not retired), in file order. */
  readonly items: readonly QuizItem[];
  /** Every item, retired ones too — grade an old answer against `byId`. */
  readonly byId: ReadonlyMap<string, QuizItem>;
  readonly retired: ReadonlyMap<string, RetiredEntry>;
  readonly bySubject: ReadonlyMap<Subject, readonly QuizItem[]>;
  readonly byGrade: ReadonlyMap<Grade, readonly QuizItem[]>;
  /** Keyed by `unitKey(subject, unit)`, since unit names may repeat across subjects. */
  readonly byUnit: ReadonlyMap<string, readonly QuizItem[]>;
  /** Active items of one subject and grade. */
  itemsFor(subject: Subject, grade: Grade): readonly QuizItem[];
  isRetired(id: string): boolean;
}

/** Options for tests and operators; the retired list defaults to `<directory>/../retired.yaml`. */
export interface LoadOptions {
  retiredFile?: string;
}

/** Index key for a unit: `수학/일차함수`. */
export function unitKey(subject: Subject, unit: string): string {
  return `${subject}/${unit}`;
}

/** Thrown for a broken bank; names the file and, where there is one, the item id. */
export class QuestionBankError extends Error {
  constructor(
    readonly file: string,
    readonly itemId: string | undefined,
    reason: string,
  ) {
    super(`${file}${itemId ? ` item "${itemId}"` : ''}: ${reason}`);
    this.name = 'QuestionBankError';
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

const FILE_NAME = /^([a-z]+)-(elementary|middle|high)\.yaml$/;

/** Parses one bank file; every item must match the file's subject and school level. */
function loadFile(path: string): QuizItem[] {
  const name = basename(path);
  const match = FILE_NAME.exec(name);
  const subject = SUBJECTS.find((s) => SUBJECT_SLUGS[s] === match?.[1]);
  if (!match || !subject)
    throw new QuestionBankError(
      path,
      undefined,
      'file name must be <subject-slug>-<elementary|middle|high>.yaml',
    );
  const level = match[2] as SchoolLevel;

  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new QuestionBankError(path, undefined, `not valid YAML: ${(error as Error).message}`);
  }
  if (!Array.isArray(raw)) throw new QuestionBankError(path, undefined, 'must be a YAML list of items');

  return raw.map((entry: unknown, index) => {
    const rawId =
      entry && typeof entry === 'object' && 'id' in entry
        ? String((entry as { id: unknown }).id)
        : `#${index + 1}`;
    const result = itemSchema.safeParse(entry);
    if (!result.success) throw new QuestionBankError(path, rawId, describeIssues(result.error));
    const item = result.data;
    if (item.subject !== subject)
      throw new QuestionBankError(path, item.id, `subject ${item.subject} does not belong in ${name}`);
    if (levelOf(item.grade) !== level)
      throw new QuestionBankError(path, item.id, `grade ${item.grade} does not belong in ${name}`);
    return item;
  });
}

function loadRetired(path: string, byId: ReadonlyMap<string, QuizItem>): Map<string, RetiredEntry> {
  const retired = new Map<string, RetiredEntry>();
  if (!existsSync(path)) return retired;
  const result = retiredSchema.safeParse(parse(readFileSync(path, 'utf8')) ?? []);
  if (!result.success) throw new QuestionBankError(path, undefined, describeIssues(result.error));
  for (const entry of result.data) {
    // A typo here would silently keep a reported item in rotation, so unknown ids are refused.
    if (!byId.has(entry.id)) throw new QuestionBankError(path, entry.id, 'retired id is not in the bank');
    retired.set(entry.id, entry);
  }
  return retired;
}

function groupBy<K, T>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** Reads every `*.yaml` in `directory` (one file per subject × school level) and validates each item. */
export function readBankFiles(directory: string): QuizItem[] {
  const files = readdirSync(directory)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  if (files.length === 0) throw new QuestionBankError(directory, undefined, 'no bank files (*.yaml)');
  return files.flatMap((file) => loadFile(join(directory, file)));
}

/**
 * Indexes items from any source (bank files, generators, written files): refuses a duplicate id,
 * applies the retired list (`retiredFile`, absent file = none retired).
 */
export function buildQuestionBank(
  all: readonly QuizItem[],
  retiredFile?: string,
  describe = (id: string) => id,
): QuestionBank {
  const byId = new Map<string, QuizItem>();
  for (const item of all) {
    if (byId.has(item.id)) throw new QuestionBankError(describe(item.id), item.id, 'duplicate id');
    byId.set(item.id, item);
  }
  const retired = retiredFile ? loadRetired(retiredFile, byId) : new Map<string, RetiredEntry>();
  const items = all.filter((item) => !retired.has(item.id));
  const bySubjectGrade = groupBy(items, (i) => `${i.subject}|${i.grade}`);

  return {
    items,
    byId,
    retired,
    bySubject: groupBy(items, (i) => i.subject),
    byGrade: groupBy(items, (i) => i.grade),
    byUnit: groupBy(items, (i) => unitKey(i.subject, i.unit)),
    itemsFor: (subject, grade) => bySubjectGrade.get(`${subject}|${grade}`) ?? [],
    isRetired: (id) => retired.has(id),
  };
}

/** Reads every `*.yaml` in `directory`, validates each item and the retired list, and indexes them. */
export function loadQuestionBank(directory: string, options: LoadOptions = {}): QuestionBank {
  const files = readdirSync(directory)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  if (files.length === 0) throw new QuestionBankError(directory, undefined, 'no bank files (*.yaml)');
  const fileOf = new Map<string, string>();
  const all: QuizItem[] = [];
  for (const file of files) {
    const path = join(directory, file);
    for (const item of loadFile(path)) {
      const first = fileOf.get(item.id);
      if (first) throw new QuestionBankError(path, item.id, `duplicate id (first in ${first})`);
      fileOf.set(item.id, path);
      all.push(item);
    }
  }
  return buildQuestionBank(all, options.retiredFile ?? join(dirname(directory), 'retired.yaml'));
}
