import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadContacts } from '../bot/contacts';
import { fromRoot } from '../bot/paths';
import { loadDocs } from './retrieval/docs';
import { createKoreanRetriever, type KoreanRetriever } from './retrieval/korean-retriever';
import { ANSWER_THRESHOLD } from './retrieval/offline-answer';
import { docsDirectory, evalQuestionsFile } from './retrieval/paths';
import { loadSynonyms } from './retrieval/synonyms';

/**
 * `npm run eval:knowledge`: top-1/top-3 of the offline retriever on the tune and held-out splits of
 * knowledge/docs/eval-questions.yaml, how often unanswerable questions are turned down, and latency.
 * `--failures` lists misses of the tune split only: held-out misses are never shown while tuning.
 */

const questionSchema = z.object({
  q: z.string().min(1),
  expected: z.string().min(1),
  lang: z.enum(['ko', 'en']),
  split: z.enum(['tune', 'heldout']),
});
const fileSchema = z.object({ questions: z.array(questionSchema).min(1) });

export type EvalQuestion = z.infer<typeof questionSchema>;

/** Figures for one split. */
export interface SplitReport {
  answerable: number;
  top1: number;
  top3: number;
  /** Top-1 right and above the confidence threshold (what a user actually gets answered). */
  answeredRight: number;
  none: number;
  /** Share of `none` questions answered "not sure" (confidence under the threshold). */
  noneRejected: number;
}

export interface EvalReport {
  tune: SplitReport;
  heldout: SplitReport;
  latencyMs: { p50: number; p99: number; max: number };
  docs: number;
}

/** Reads the labelled questions. */
export function loadEvalQuestions(path = evalQuestionsFile()): EvalQuestion[] {
  return fileSchema.parse(parse(readFileSync(path, 'utf8'))).questions;
}

const percentile = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function splitReport(results: { q: EvalQuestion; ids: string[]; confidence: number }[]): SplitReport {
  const answerable = results.filter((r) => r.q.expected !== 'none');
  const none = results.filter((r) => r.q.expected === 'none');
  const share = (n: number, d: number) => (d === 0 ? 0 : n / d);
  return {
    answerable: answerable.length,
    top1: share(answerable.filter((r) => r.ids[0] === r.q.expected).length, answerable.length),
    top3: share(answerable.filter((r) => r.ids.slice(0, 3).includes(r.q.expected)).length, answerable.length),
    answeredRight: share(
      answerable.filter((r) => r.ids[0] === r.q.expected && r.confidence >= ANSWER_THRESHOLD).length,
      answerable.length,
    ),
    none: none.length,
    noneRejected: share(none.filter((r) => r.confidence < ANSWER_THRESHOLD).length, none.length),
  };
}

/** Runs every question through the retriever; `rounds` repeats it for stable latency figures. */
export function evaluate(
  retriever: KoreanRetriever,
  questions: EvalQuestion[],
  rounds = 3,
): EvalReport & { tuneMisses: string[] } {
  const results = questions.map((q) => {
    const r = retriever.search(q.q, 3);
    return { q, ids: r.hits.map((h) => h.doc.id), confidence: r.confidence };
  });
  // One untimed pass first: the figure that matters is a warm server's, not the JIT's first look.
  for (const q of questions) retriever.search(q.q, 3);
  const timings: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const q of questions) {
      const started = performance.now();
      retriever.search(q.q, 3);
      timings.push(performance.now() - started);
    }
  }
  timings.sort((a, b) => a - b);
  const tuneMisses = results
    .filter((r) => r.q.split === 'tune')
    .filter((r) =>
      r.q.expected === 'none'
        ? r.confidence >= ANSWER_THRESHOLD
        : r.ids[0] !== r.q.expected || r.confidence < ANSWER_THRESHOLD,
    )
    .map(
      (r) =>
        `${r.q.expected.padEnd(24)} got ${(r.ids[0] ?? '-').padEnd(24)} conf ${r.confidence.toFixed(2)}  ${r.q.q}`,
    );
  return {
    tune: splitReport(results.filter((r) => r.q.split === 'tune')),
    heldout: splitReport(results.filter((r) => r.q.split === 'heldout')),
    latencyMs: { p50: percentile(timings, 50), p99: percentile(timings, 99), max: timings.at(-1) ?? 0 },
    docs: retriever.docs.length,
    tuneMisses,
  };
}

/** The real knowledge base, as the bot loads it. */
export function realRetriever(): KoreanRetriever {
  return createKoreanRetriever(
    loadDocs(docsDirectory(), loadContacts(fromRoot('knowledge', 'contacts.yaml'))),
    loadSynonyms(),
  );
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

function main(): void {
  const questions = loadEvalQuestions();
  const report = evaluate(realRetriever(), questions, 5);
  const line = (name: string, s: SplitReport) =>
    `${name.padEnd(8)} top-1 ${pct(s.top1)}  top-3 ${pct(s.top3)}  answered right ${pct(s.answeredRight)}  (n=${s.answerable})   none rejected ${pct(s.noneRejected)} (n=${s.none})`;
  console.log(
    `knowledge eval: ${report.docs} docs, ${questions.length} questions, threshold ${ANSWER_THRESHOLD}`,
  );
  console.log(line('tune', report.tune));
  // While tuning, --tune-only keeps even the held-out figure out of sight.
  if (!process.argv.includes('--tune-only')) console.log(line('heldout', report.heldout));
  console.log(
    `latency per query: p50 ${report.latencyMs.p50.toFixed(3)} ms, p99 ${report.latencyMs.p99.toFixed(3)} ms, max ${report.latencyMs.max.toFixed(3)} ms`,
  );
  if (process.argv.includes('--failures')) {
    console.log(`\ntune misses (${report.tuneMisses.length}):`);
    for (const miss of report.tuneMisses) console.log(`  ${miss}`);
  }
}

if (require.main === module) main();
