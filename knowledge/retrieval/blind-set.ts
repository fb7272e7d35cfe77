import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parse } from 'yaml';
import { fromRoot } from '../../bot/paths';
import type { ExampleQuestion } from './example-questions';
import { evalQuestionsFile } from './paths';
import { splitOf, type Split } from './split';

/**
 * knowledge/answers-data/retrieval.jsonl: questions written blind (the writers saw the topics, not
 * the documents). `doc` is a document id, `new:<id>` for a fact no document held when the set was
 * written (its document was written afterwards under `<id>`), or null for an off-topic question.
 */
const rowSchema = z.object({
  q: z.string().min(1),
  doc: z.string().min(1).nullable(),
  lang: z.enum(['ko', 'en']),
});

export interface BlindQuestion {
  q: string;
  /** The document that answers it, or null when none should (the bot should refuse). */
  expected: string | null;
  lang: 'ko' | 'en';
  split: Split;
}

export const blindSetFile = (): string => fromRoot('knowledge', 'answers-data', 'retrieval.jsonl');

/** Reads the blind set with each row's split (knowledge/retrieval/split.ts). */
export function loadBlindSet(path = blindSetFile()): BlindQuestion[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => rowSchema.parse(JSON.parse(line)))
    .map((row) => ({
      q: row.q,
      expected: row.doc === null ? null : row.doc.replace(/^new:/, ''),
      lang: row.lang,
      split: splitOf(row.q),
    }));
}

const firstSetSchema = z.object({
  questions: z.array(z.object({ q: z.string(), expected: z.string(), split: z.enum(['tune', 'heldout']) })),
});

/**
 * The labelled questions the retriever learns from: the tune split of the blind set and of the first
 * set (knowledge/docs/eval-questions.yaml). Held-out questions are never loaded here.
 */
export function loadExampleQuestions(
  blindPath = blindSetFile(),
  firstSetPath = evalQuestionsFile(),
): ExampleQuestion[] {
  const blind = loadBlindSet(blindPath)
    .filter((row) => row.split === 'tune')
    .map((row) => ({ q: row.q, doc: row.expected }));
  const first = firstSetSchema
    .parse(parse(readFileSync(firstSetPath, 'utf8')))
    .questions.filter((row) => row.split === 'tune')
    .map((row) => ({ q: row.q, doc: row.expected === 'none' ? null : row.expected }));
  return [...blind, ...first];
}
