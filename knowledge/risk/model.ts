import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The risk classifier: a softmax (multinomial logistic) regression over hashed features, trained by
 * `npm run train:risk` on the labelled training set. Weights are shipped as 16-bit integers
 * (model/weights.bin) with a JSON header (model/model.json) holding the classes, the scale and the two
 * thresholds chosen on the development split.
 */
export const RISK_CLASSES = [
  'none',
  'concern',
  'ask',
  'acute',
  'in_progress',
  'harm_home',
  'harm_sexual',
  'harm_school',
  'harm_cyber',
  'harm_extortion',
  'harm_neglect',
  'harm_friend',
] as const;
export type RiskClass = (typeof RISK_CLASSES)[number];
export const HARM_CLASSES = RISK_CLASSES.filter((c) => c.startsWith('harm_'));

const headerSchema = z.object({
  classes: z.array(z.string()),
  bits: z.number().int().min(8).max(22),
  /** A stored integer w means the weight w / scale. */
  scale: z.number().positive(),
  thresholds: z.object({
    /** Self-risk probability (ask + acute + in progress) from which the direct question is asked. */
    ask: z.number().min(0).max(1),
    /** Acute probability (acute + in progress) from which the crisis reply is sent. */
    crisis: z.number().min(0).max(1),
    /** Harm-by-others probability from which the subtype's lines are sent. */
    harm: z.number().min(0).max(1),
    /** Concern probability from which a person is offered. */
    concern: z.number().min(0).max(1),
  }),
  /** What the weights were trained on, to tell a stale model from a fresh one. */
  trainedOn: z.object({ examples: z.number().int(), sha256: z.string() }),
});
export type ModelHeader = z.infer<typeof headerSchema>;

/** A loaded model: scores bucket lists. */
export interface RiskModel {
  header: ModelHeader;
  /** Class probabilities of one message (same order as RISK_CLASSES). */
  probabilities(buckets: readonly number[]): Float64Array;
}

/**
 * e^x from +, × and ÷ only, so training gives the same bits on every Node version (Math.exp is not
 * specified to be correctly rounded). Range reduction by ln 2, then a degree-12 Taylor polynomial.
 */
export function exactExp(x: number): number {
  if (x < -700) return 0;
  if (x > 700) return Number.MAX_VALUE;
  const k = Math.round(x / Math.LN2);
  const r = x - k * Math.LN2;
  let term = 1;
  let sum = 1;
  for (let n = 1; n <= 12; n += 1) {
    term = (term * r) / n;
    sum += term;
  }
  let scale = 1;
  const base = k < 0 ? 0.5 : 2;
  for (let i = Math.abs(k); i > 0; i -= 1) scale *= base;
  return sum * scale;
}

/** Softmax in place (numerically stable). */
export function softmaxInPlace(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  let total = 0;
  for (let i = 0; i < scores.length; i += 1) {
    const e = exactExp((scores[i] as number) - max);
    scores[i] = e;
    total += e;
  }
  for (let i = 0; i < scores.length; i += 1) scores[i] = (scores[i] as number) / total;
  return scores;
}

/** Builds a scorer over dense weights laid out bucket-major: weights[bucket * classes + class]. */
export function scorer(header: ModelHeader, weights: Int16Array | Float64Array, divide: number): RiskModel {
  const classes = header.classes.length;
  return {
    header,
    probabilities(buckets) {
      const scores = new Float64Array(classes);
      for (const bucket of buckets) {
        const row = bucket * classes;
        for (let c = 0; c < classes; c += 1) scores[c] = (scores[c] as number) + (weights[row + c] as number);
      }
      if (divide !== 1) for (let c = 0; c < classes; c += 1) scores[c] = (scores[c] as number) / divide;
      return softmaxInPlace(scores);
    },
  };
}

/** Loads model.json and weights.bin; refuses a header that does not fit the weights. */
export function loadRiskModel(headerPath: string, weightsPath: string): RiskModel {
  const header = headerSchema.parse(JSON.parse(readFileSync(headerPath, 'utf8')));
  if (header.classes.join() !== RISK_CLASSES.join()) {
    throw new Error(
      `risk model ${headerPath}: classes differ from the code's (retrain with npm run train:risk)`,
    );
  }
  const bytes = readFileSync(weightsPath);
  const expected = (1 << header.bits) * header.classes.length * 2;
  if (bytes.length !== expected) {
    throw new Error(`risk model ${weightsPath}: ${bytes.length} bytes, expected ${expected}`);
  }
  // Read little-endian 16-bit integers once into floats already divided by the scale (the hot loop then
  // only adds).
  const weights = new Float64Array(bytes.length / 2);
  for (let i = 0; i < weights.length; i += 1) weights[i] = bytes.readInt16LE(i * 2) / header.scale;
  return scorer(header, weights, 1);
}
