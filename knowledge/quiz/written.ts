import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  GRADES,
  SUBJECTS,
  SUBJECT_SLUGS,
  gradeSlug,
  itemSchema,
  QuestionBankError,
  type QuizItem,
} from './bank';

/**
 * Written items (사회, 과학, 한국사, 국어 reading): `written/<subject-slug>-<grade-slug>.yaml`, e.g.
 * `history-h3.yaml` for 한국사 고3. Every item names a public reference a reader can check and the
 * second writer who read it against that reference; the loader refuses an item without either, or
 * one reviewed by its own writer. See written/README.md.
 */

/** Publishers a source may come from: public references anyone can open. */
export const SOURCE_PUBLISHERS = [
  '국가법령정보센터',
  '우리역사넷',
  '한국민족문화대백과사전',
  '국가교육과정정보센터',
  '표준국어대사전',
  '국가지식포털',
] as const;

const ALLOWED_HOSTS = [
  'law.go.kr',
  'contents.history.go.kr',
  'db.history.go.kr',
  'encykorea.aks.ac.kr',
  'ncic.re.kr',
  'stdict.korean.go.kr',
  'www.law.go.kr',
  'www.ncic.re.kr',
];

const sourceSchema = z
  .strictObject({
    publisher: z.enum(SOURCE_PUBLISHERS),
    /** The entry, article or law exactly as titled there: 「3·1 운동」, 대한민국헌법 제1조. */
    title: z.string().trim().min(2).max(120),
    url: z
      .url()
      .refine(
        (u) => u.startsWith('https://') && ALLOWED_HOSTS.includes(new URL(u).hostname),
        'https URL on a public reference site',
      )
      .optional(),
    /** 성취기준 code when the source is the national curriculum: [9사(지리)01-01], [10통과1-01-02]. */
    standard: z
      .string()
      .regex(/^\[[0-9가-힣()·]+(?:-[0-9]{2}){1,2}\]$/)
      .optional(),
  })
  .refine(
    (s) => s.publisher !== '국가교육과정정보센터' || s.standard !== undefined,
    'a curriculum source needs its standard code',
  );

const writtenSchema = z.strictObject({
  ...itemSchema.shape,
  source: sourceSchema,
  writtenBy: z.string().trim().min(1).max(40),
  reviewedBy: z.string().trim().min(1).max(40),
});

/** A written item as stored: the bank's item plus its source and its two writers. */
export type WrittenItem = QuizItem & z.infer<typeof writtenSchema>;

const FILE_NAME = /^([a-z]+)-([emh][1-6])\.yaml$/;

/** Drafts (written/drafts/) may lack `reviewedBy`: they wait for a second writer and never reach students. */
const draftSchema = writtenSchema.extend({ reviewedBy: z.string().trim().min(1).max(40).optional() });

/** Parses one written file; each item must match the file's subject and grade and pass the bank's own checks. */
export function loadWrittenFile(path: string, options: { draft?: boolean } = {}): WrittenItem[] {
  const name = basename(path);
  const match = FILE_NAME.exec(name);
  const subject = SUBJECTS.find((s) => SUBJECT_SLUGS[s] === match?.[1]);
  const grade = GRADES.find((g) => gradeSlug(g) === match?.[2]);
  if (!match || !subject || !grade)
    throw new QuestionBankError(
      path,
      undefined,
      'file name must be <subject-slug>-<grade-slug>.yaml, e.g. history-h3.yaml',
    );
  const raw: unknown = parse(readFileSync(path, 'utf8')) ?? [];
  if (!Array.isArray(raw)) throw new QuestionBankError(path, undefined, 'must be a YAML list of items');
  return raw.map((entry: unknown, index) => {
    const rawId =
      entry && typeof entry === 'object' && 'id' in entry
        ? String((entry as { id: unknown }).id)
        : `#${index + 1}`;
    const result = (options.draft ? draftSchema : writtenSchema).safeParse(entry);
    if (!result.success)
      throw new QuestionBankError(
        path,
        rawId,
        result.error.issues.map((i) => `${i.path.join('.') || 'item'}: ${i.message}`).join('; '),
      );
    // The bank's own rules (answer in range, numeric items carry a check) apply to written items too.
    const bankCheck = itemSchema.safeParse(
      Object.fromEntries(Object.entries(result.data).filter(([k]) => k in itemSchema.shape)),
    );
    if (!bankCheck.success)
      throw new QuestionBankError(path, rawId, bankCheck.error.issues.map((i) => i.message).join('; '));
    const item = result.data as WrittenItem;
    if (item.subject !== subject || item.grade !== grade)
      throw new QuestionBankError(path, item.id, `${item.subject} ${item.grade} does not belong in ${name}`);
    if (item.reviewedBy === item.writtenBy)
      throw new QuestionBankError(
        path,
        item.id,
        "reviewedBy must be a second writer, not the item's own writer",
      );
    return item;
  });
}

/** Every written item in `directory` (absent directory: none). Sub-folders (drafts/) are not read. */
export function loadWrittenItems(directory: string): WrittenItem[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.yaml'))
    .map((e) => e.name)
    .sort()
    .flatMap((file) => loadWrittenFile(join(directory, file)));
}
