import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { z } from 'zod';
import { loadContacts } from '../bot/contacts';
import { fromRoot } from '../bot/paths';
import type { KoreanRetriever } from './retrieval/korean-retriever';
import { createDefaultRetriever } from './retrieval/default-retriever';
import { ANSWER_THRESHOLD } from './retrieval/offline-answer';
import { decide } from './retrieval/answer-question';
import { loadBlindSet, type BlindQuestion } from './retrieval/blind-set';
import { evalQuestionsFile } from './retrieval/paths';

/**
 * `npm run eval:knowledge`: the offline retriever on the blind set (knowledge/answers-data/
 * retrieval.jsonl, split by knowledge/retrieval/split.ts): top-1, top-3, what answerQuestion answers
 * right, off-topic refusal, and every miss; then the first set (knowledge/docs/eval-questions.yaml)
 * and latency. `--tune-only` hides every held-out figure and miss while tuning.
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
    const r = retriever.search(q.q, 3, { ignoreExample: q.q });
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
  return createDefaultRetriever(loadContacts(fromRoot('knowledge', 'contacts.yaml')));
}

/** Figures of the blind set (knowledge/answers-data/retrieval.jsonl) for one split. */
export interface BlindReport {
  onTopic: number;
  /** The right document ranked first. */
  top1: number;
  top3: number;
  /** The right document answered outright (what a user gets without choosing). */
  answeredRight: number;
  /** Answered right, or offered in the "did you mean" list. */
  reached: number;
  offTopic: number;
  /** Off-topic questions refused outright (neither answered nor offered choices). */
  offTopicRefused: number;
  /** Off-topic questions not answered: refused, or only offered a "did you mean" list. */
  offTopicNotAnswered: number;
  misses: string[];
}

/** Runs the blind set's questions of one split through answerQuestion's decision. */
export function evaluateBlind(retriever: KoreanRetriever, rows: BlindQuestion[]): BlindReport {
  const share = (n: number, d: number) => (d === 0 ? 0 : n / d);
  const onTopic = rows.filter((r) => r.expected !== null);
  const offTopic = rows.filter((r) => r.expected === null);
  let top1 = 0;
  let top3 = 0;
  let answeredRight = 0;
  let reached = 0;
  let refused = 0;
  let notAnswered = 0;
  const misses: string[] = [];
  for (const row of rows) {
    // A tune question is one of the retriever's examples: leave it out, or it would find itself.
    const result = retriever.search(row.q, 3, { ignoreExample: row.q });
    const ids = result.hits.map((h) => h.doc.id);
    const decision = decide(result);
    if (row.expected === null) {
      if (decision.kind !== 'answer') notAnswered += 1;
      if (decision.kind === 'refuse') refused += 1;
      else
        misses.push(
          `${'(off-topic)'.padEnd(28)} ${decision.kind.padEnd(7)} ${(ids[0] ?? '-').padEnd(26)} ${result.confidence.toFixed(2)}  ${row.q}`,
        );
      continue;
    }
    if (ids[0] === row.expected) top1 += 1;
    if (ids.includes(row.expected)) top3 += 1;
    const answered = decision.kind === 'answer' && decision.doc.id === row.expected;
    if (answered) answeredRight += 1;
    if (answered || (decision.kind === 'suggest' && decision.candidates.some((d) => d.id === row.expected)))
      reached += 1;
    if (!answered)
      misses.push(
        `${row.expected.padEnd(28)} ${decision.kind.padEnd(7)} ${(ids[0] ?? '-').padEnd(26)} ${result.confidence.toFixed(2)}  ${row.q}`,
      );
  }
  return {
    onTopic: onTopic.length,
    top1: share(top1, onTopic.length),
    top3: share(top3, onTopic.length),
    answeredRight: share(answeredRight, onTopic.length),
    reached: share(reached, onTopic.length),
    offTopic: offTopic.length,
    offTopicRefused: share(refused, offTopic.length),
    offTopicNotAnswered: share(notAnswered, offTopic.length),
    misses,
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

function blindLine(name: string, r: BlindReport): string {
  return `${name.padEnd(8)} top-1 ${pct(r.top1)}  top-3 ${pct(r.top3)}  answered right ${pct(r.answeredRight)}  answered or offered ${pct(r.reached)}  (n=${r.onTopic})   off-topic refused ${pct(r.offTopicRefused)}, not answered ${pct(r.offTopicNotAnswered)} (n=${r.offTopic})`;
}

function main(): void {
  const tuneOnly = process.argv.includes('--tune-only');
  const retriever = realRetriever();
  const blind = loadBlindSet();
  console.log(`knowledge eval: ${retriever.docs.length} docs, threshold ${ANSWER_THRESHOLD}`);
  console.log(`\nblind set (knowledge/answers-data/retrieval.jsonl, ${blind.length} questions):`);
  const blindTune = evaluateBlind(
    retriever,
    blind.filter((r) => r.split === 'tune'),
  );
  console.log(blindLine('tune', blindTune));
  // While tuning, --tune-only keeps the held-out figures and misses out of sight.
  const blindHeldOut = tuneOnly
    ? undefined
    : evaluateBlind(
        retriever,
        blind.filter((r) => r.split === 'heldout'),
      );
  if (blindHeldOut) console.log(blindLine('heldout', blindHeldOut));

  const questions = loadEvalQuestions();
  const report = evaluate(retriever, questions, 5);
  const line = (name: string, s: SplitReport) =>
    `${name.padEnd(8)} top-1 ${pct(s.top1)}  top-3 ${pct(s.top3)}  answered right ${pct(s.answeredRight)}  (n=${s.answerable})   none rejected ${pct(s.noneRejected)} (n=${s.none})`;
  console.log(`\nfirst set (knowledge/docs/eval-questions.yaml, ${questions.length} questions):`);
  console.log(line('tune', report.tune));
  if (!tuneOnly) console.log(line('heldout', report.heldout));
  console.log(
    `\nlatency per query: p50 ${report.latencyMs.p50.toFixed(3)} ms, p99 ${report.latencyMs.p99.toFixed(3)} ms, max ${report.latencyMs.max.toFixed(3)} ms`,
  );
  console.log(`\nblind tune misses (${blindTune.misses.length}):`);
  for (const miss of blindTune.misses) console.log(`  ${miss}`);
  if (blindHeldOut) {
    console.log(`\nblind held-out misses (${blindHeldOut.misses.length}):`);
    for (const miss of blindHeldOut.misses) console.log(`  ${miss}`);
  }
  if (process.argv.includes('--failures')) {
    console.log(`\nfirst set tune misses (${report.tuneMisses.length}):`);
    for (const miss of report.tuneMisses) console.log(`  ${miss}`);
  }
}

if (require.main === module) main();
