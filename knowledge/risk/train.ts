import { RISK_CLASSES, scorer, softmaxInPlace, type ModelHeader, type RiskClass } from './model';

/**
 * Deterministic training of the risk classifier: fixed example order (a seeded shuffle), AdaGrad on the
 * softmax loss, arithmetic that gives the same bits on every Node version, weights rounded to 16-bit
 * integers. The same data always gives the same bytes (a test retrains and compares).
 */
export interface TrainingExample {
  buckets: readonly number[];
  label: number;
}

export interface TrainingOptions {
  bits: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = {
  bits: 17,
  epochs: 12,
  learningRate: 0.05,
  l2: 1e-6,
  seed: 20261203,
};

/** mulberry32: a tiny seeded generator (integer arithmetic only). */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Trains dense float weights laid out bucket-major (weights[bucket * classes + class]). */
export function trainWeights(examples: readonly TrainingExample[], options: TrainingOptions): Float64Array {
  const classes = RISK_CLASSES.length;
  const weights = new Float64Array((1 << options.bits) * classes);
  const squares = new Float64Array(weights.length);
  const order = examples.map((_, i) => i);
  const random = seeded(options.seed);
  const scores = new Float64Array(classes);
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const index of order) {
      const example = examples[index] as TrainingExample;
      scores.fill(0);
      for (const bucket of example.buckets) {
        const row = bucket * classes;
        for (let c = 0; c < classes; c += 1) scores[c] = (scores[c] as number) + (weights[row + c] as number);
      }
      softmaxInPlace(scores);
      for (const bucket of example.buckets) {
        const row = bucket * classes;
        for (let c = 0; c < classes; c += 1) {
          const at = row + c;
          const gradient =
            (scores[c] as number) - (c === example.label ? 1 : 0) + options.l2 * (weights[at] as number);
          squares[at] = (squares[at] as number) + gradient * gradient;
          weights[at] =
            (weights[at] as number) -
            (options.learningRate * gradient) / Math.sqrt((squares[at] as number) + 1e-8);
        }
      }
    }
  }
  return weights;
}

/** Rounds trained weights to 16-bit integers at `scale` (clamped), little-endian bytes. */
export function quantise(weights: Float64Array, scale: number): Buffer {
  const bytes = Buffer.alloc(weights.length * 2);
  for (let i = 0; i < weights.length; i += 1) {
    const value = Math.max(-32767, Math.min(32767, Math.round((weights[i] as number) * scale)));
    bytes.writeInt16LE(value, i * 2);
  }
  return bytes;
}

/** Reads quantised weights back (for scoring the development split exactly as shipped). */
export function dequantisedModel(header: ModelHeader, bytes: Buffer) {
  const weights = new Int16Array(bytes.length / 2);
  for (let i = 0; i < weights.length; i += 1) weights[i] = bytes.readInt16LE(i * 2);
  return scorer(header, weights, header.scale);
}

const classIndex = (name: RiskClass): number => RISK_CLASSES.indexOf(name);
/** Sum of the probabilities of some classes. */
export const massOf = (p: Float64Array, names: readonly RiskClass[]): number =>
  names.reduce((sum, n) => sum + (p[classIndex(n)] as number), 0);

export const SELF_CLASSES: readonly RiskClass[] = ['ask', 'acute', 'in_progress'];
export const ACUTE_CLASSES: readonly RiskClass[] = ['acute', 'in_progress'];
export const HARM_CLASS_NAMES: readonly RiskClass[] = RISK_CLASSES.filter((c) => c.startsWith('harm_'));

/** The highest threshold at which at least `recall` of the positives score at or above it. */
export function thresholdForRecall(positiveScores: readonly number[], recall: number): number {
  const sorted = [...positiveScores].sort((a, b) => b - a);
  const needed = Math.max(1, Math.ceil(recall * sorted.length));
  return sorted[needed - 1] ?? 0.5;
}

/** The lowest threshold at which precision stays at least `precision` (scores with labels). */
export function thresholdForPrecision(
  scored: ReadonlyArray<{ score: number; positive: boolean }>,
  precision: number,
): number {
  const sorted = [...scored].sort((a, b) => b.score - a.score);
  let truePositives = 0;
  let best = 1;
  sorted.forEach((s, i) => {
    if (s.positive) truePositives += 1;
    const next = sorted[i + 1];
    // Only cut between different scores.
    if (next && next.score === s.score) return;
    if (truePositives / (i + 1) >= precision) best = s.score;
  });
  return best;
}

/** Rounds a threshold to 4 decimals (the header is human-readable). */
export const roundThreshold = (t: number): number => Math.round(t * 10_000) / 10_000;
