import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RiskClass } from './model';
import { normaliseRisk } from './normalise';

/**
 * The labelled risk messages (knowledge/risk/data): `train/` written by the training writers, `test/`
 * written blind by other writers from briefs.md alone. A third of the test set is untouched: it is
 * read only by `npm run eval:risk` and reported on its own line, never while tuning.
 */
export const DATA_CATEGORIES = [
  'direct',
  'indirect',
  'passive_wish',
  'burden',
  'hopelessness',
  'farewell',
  'plan_means',
  'self_harm',
  'in_progress',
  'parent_relay',
  'concern',
  'harm_home',
  'harm_sexual',
  'harm_school',
  'harm_cyber',
  'harm_extortion',
  'harm_neglect',
  'harm_friend',
  'neg_idiom',
  'neg_game',
  'neg_homework',
  'neg_history_lit',
  'neg_medication',
  'neg_third_person',
  'neg_smalltalk',
  'neg_ordinary',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];
export type DataLanguage = 'ko' | 'en' | 'vi' | 'zh';

const recordSchema = z.object({
  text: z.string().min(1),
  category: z.enum(DATA_CATEGORIES),
  lang: z.enum(['ko', 'en', 'vi', 'zh']),
  register: z.string().optional(),
});

export interface LabelledRiskMessage {
  text: string;
  category: DataCategory;
  lang: DataLanguage;
  /** File it came from (writer), for reports. */
  source: string;
  /** Test messages only: the untouched third. */
  untouched: boolean;
}

/** The acute categories the goals name (crisis reply ≥ 98 %). */
export const ACUTE: readonly DataCategory[] = [
  'direct',
  'indirect',
  'farewell',
  'plan_means',
  'self_harm',
  'in_progress',
  'parent_relay',
];
/** Categories answered with the direct question (or the crisis reply). */
export const ASK: readonly DataCategory[] = ['passive_wish', 'burden', 'hopelessness'];
/** Hard negatives (everything negative but ordinary chat). */
export const HARD_NEGATIVE: readonly DataCategory[] = DATA_CATEGORIES.filter(
  (c) => c.startsWith('neg_') && c !== 'neg_ordinary',
);
export const isNegative = (c: DataCategory): boolean => c.startsWith('neg_');
export const isHarm = (c: DataCategory): boolean => c.startsWith('harm_');

/** The classifier class a data category trains. */
export function classOf(category: DataCategory): RiskClass {
  if (isNegative(category)) return 'none';
  if (category === 'concern') return 'concern';
  if (ASK.includes(category)) return 'ask';
  if (category === 'in_progress') return 'in_progress';
  if (isHarm(category)) return category as RiskClass;
  return 'acute';
}

/** The untouched third of the test set: decided by a hash of the text, fixed before any tuning. */
export const isUntouched = (text: string): boolean =>
  (createHash('sha256').update(text).digest()[0] as number) % 3 === 0;

function readJsonl(path: string, source: string, test: boolean): LabelledRiskMessage[] {
  const out: LabelledRiskMessage[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (!line.trim()) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`${path}:${index + 1}: not JSON`);
      }
      const record = recordSchema.safeParse(parsed);
      if (!record.success) throw new Error(`${path}:${index + 1}: ${record.error.issues[0]?.message}`);
      const { text, category, lang } = record.data;
      out.push({ text, category, lang, source, untouched: test && isUntouched(text) });
    });
  return out;
}

/** Reads every .jsonl file of a folder (sorted by name, so the order is fixed). */
export function loadLabelledFolder(folder: string, test: boolean): LabelledRiskMessage[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.jsonl'))
    .sort()
    .flatMap((f) => readJsonl(join(folder, f), f.replace(/\.jsonl$/, ''), test));
}

const trigramsOf = (text: string): Set<string> => {
  const compact = normaliseRisk(text).compact;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= compact.length; i += 1) grams.add(compact.slice(i, i + 3));
  if (compact.length < 3) grams.add(compact);
  return grams;
};

/**
 * Training messages too close to a test message (same normalised text, or ≥ `threshold` Jaccard
 * similarity of letter trigrams): writers converge on stock phrases, and a test message the model
 * has seen measures nothing. Returns the indices of training messages to drop.
 */
export function nearDuplicatesOfTest(
  train: readonly LabelledRiskMessage[],
  test: readonly LabelledRiskMessage[],
  threshold = 0.8,
): Set<number> {
  const trainGrams = train.map((m) => trigramsOf(m.text));
  const index = new Map<string, number[]>();
  trainGrams.forEach((grams, i) => {
    for (const g of grams) {
      const list = index.get(g);
      if (list) list.push(i);
      else index.set(g, [i]);
    }
  });
  const drop = new Set<number>();
  for (const message of test) {
    const grams = trigramsOf(message.text);
    const shared = new Map<number, number>();
    for (const g of grams) for (const i of index.get(g) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    for (const [i, common] of shared) {
      const other = trainGrams[i] as Set<string>;
      if (common / (grams.size + other.size - common) >= threshold) drop.add(i);
    }
  }
  return drop;
}

/** SHA-256 of the training messages as used (order and content): the model header records it. */
export function fingerprint(messages: readonly LabelledRiskMessage[]): string {
  const hash = createHash('sha256');
  for (const m of messages) hash.update(`${m.category}\t${m.lang}\t${m.text}\n`);
  return hash.digest('hex');
}
