import { loadContacts } from '../bot/contacts';
import { fromRoot } from '../bot/paths';
import { loadExampleQuestions, loadBlindSet } from './retrieval/blind-set';
import { loadDocs } from './retrieval/docs';
import {
  createKoreanRetriever,
  DEFAULT_TUNING,
  type Calibration,
  type ConfidenceFeatures,
  type KoreanRetriever,
  type RetrieverTuning,
} from './retrieval/korean-retriever';
import { SUGGEST_THRESHOLD } from './retrieval/offline-answer';
import { docsDirectory } from './retrieval/paths';
import { loadSynonyms } from './retrieval/synonyms';
import { loadEvalQuestions } from './eval-knowledge';

/**
 * `npx tsx knowledge/train-retrieval.ts`: refits the confidence calibration of the retriever by
 * logistic regression on the TUNE rows only (blind set and first set), each question left out of
 * the examples it is compared with. A question counts as a positive when the first document is the
 * labelled one; off-topic questions and wrong leaders are negatives. The bias is then lowered until
 * OFF_TOPIC_REFUSAL_TARGET of the tune off-topic questions are refused. Prints the weights to paste
 * into DEFAULT_TUNING. Held-out rows are never read here.
 */

interface Sample {
  x: number[];
  y: number;
}

const KEYS: (keyof ConfidenceFeatures)[] = [
  'coverage',
  'topic',
  'margin',
  'logScore',
  'exampleTop',
  'offTopic',
  'logLength',
];

/** The tune questions of both labelled sets, with the document that should answer (null: none). */
export function tuneQuestions(): { q: string; expected: string | null }[] {
  const blind = loadBlindSet()
    .filter((r) => r.split === 'tune')
    .map((r) => ({ q: r.q, expected: r.expected }));
  const first = loadEvalQuestions()
    .filter((r) => r.split === 'tune')
    .map((r) => ({ q: r.q, expected: r.expected === 'none' ? null : r.expected }));
  return [...blind, ...first];
}

function samples(
  retriever: KoreanRetriever,
  rows: { q: string; expected: string | null }[],
): { sample: Sample; offTopic: boolean }[] {
  const out: { sample: Sample; offTopic: boolean }[] = [];
  for (const row of rows) {
    const result = retriever.search(row.q, 3, { ignoreExample: row.q });
    if (!result.features) continue;
    const features = result.features;
    out.push({
      sample: {
        x: KEYS.map((k) => features[k]),
        y: row.expected !== null && result.hits[0]?.doc.id === row.expected ? 1 : 0,
      },
      offTopic: row.expected === null,
    });
  }
  return out;
}

/** Plain batch gradient descent with a light L2 penalty; a few hundred rows fit in well under a second. */
export function fitLogistic(data: Sample[], l2 = 0.001, steps = 20000, rate = 0.5): number[] {
  const dims = KEYS.length + 1;
  const w = new Array<number>(dims).fill(0);
  for (let step = 0; step < steps; step += 1) {
    const grad = new Array<number>(dims).fill(0);
    for (const { x, y } of data) {
      let z = w[0]!;
      x.forEach((v, i) => (z += w[i + 1]! * v));
      const p = 1 / (1 + Math.exp(-z));
      grad[0]! += p - y;
      x.forEach((v, i) => (grad[i + 1]! += (p - y) * v));
    }
    for (let i = 0; i < dims; i += 1) w[i]! -= rate * (grad[i]! / data.length + (i > 0 ? l2 * w[i]! : 0));
  }
  return w;
}

/** Builds the real retriever with some knobs changed. */
export function retrieverWith(tuning: RetrieverTuning): KoreanRetriever {
  return createKoreanRetriever(
    loadDocs(docsDirectory(), loadContacts(fromRoot('knowledge', 'contacts.yaml'))),
    loadSynonyms(),
    tuning,
    loadExampleQuestions(),
  );
}

/** Share of tune off-topic questions the bot should refuse outright (not even offer choices). */
export const OFF_TOPIC_REFUSAL_TARGET = 0.93;

/**
 * Lowers the bias until the off-topic tune questions are refused often enough. The logistic fit
 * treats a wrong answer and an answer to "내일 비 와?" alike; people forgive a "did you mean"
 * list on a real question more easily than a programme page offered for the weather.
 */
function shiftForRefusal(data: Sample[], offTopic: boolean[], calibration: Calibration): Calibration {
  const refused = (bias: number) => {
    const rows = data.filter((_, i) => offTopic[i]);
    const below = rows.filter(({ x }) => {
      let z = bias;
      x.forEach((v, i) => (z += calibration[KEYS[i]!] * v));
      return 1 / (1 + Math.exp(-z)) < SUGGEST_THRESHOLD;
    });
    return below.length / Math.max(1, rows.length);
  };
  let bias = calibration.bias;
  while (refused(bias) < OFF_TOPIC_REFUSAL_TARGET) bias -= 0.05;
  return { ...calibration, bias: Math.round(bias * 10000) / 10000 };
}

/** The fitted calibration for a tuning. */
export function fitCalibration(tuning: RetrieverTuning = DEFAULT_TUNING): Calibration {
  const rows = tuneQuestions();
  const data = samples(retrieverWith(tuning), rows);
  const w = fitLogistic(data.map((d) => d.sample));
  const round = (v: number) => Math.round(v * 10000) / 10000;
  const calibration = { bias: round(w[0]!) } as Calibration;
  KEYS.forEach((k, i) => (calibration[k] = round(w[i + 1]!)));
  return shiftForRefusal(
    data.map((d) => d.sample),
    data.map((d) => d.offTopic),
    calibration,
  );
}

if (require.main === module) console.log(JSON.stringify(fitCalibration(), null, 2));
