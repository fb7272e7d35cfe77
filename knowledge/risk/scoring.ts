import { HARM_KINDS, type HarmKind } from '../../bot/risk';
import type { WorkCounter } from './automaton';
import type { Featurizer } from './features';
import type { CompiledGrammar, RuleMatch } from './grammar';
import { RISK_CLASSES, type RiskClass, type RiskModel } from './model';
import { normaliseRisk, type NormalisedText } from './normalise';

/**
 * The classifier's reading of one message, as the screen and the threshold choice both use it. A long
 * message is also read sentence by sentence and the most worrying sentence counts: one sentence about
 * dying is not diluted by five about lunch and homework.
 */
export interface ModelScores {
  /** Probability that the writer is at risk themselves (ask + acute + in progress). */
  self: number;
  /** Probability that someone else hurts them or is in danger. */
  harm: number;
  concern: number;
  /** The most likely harm subtype (when harm is what was read). */
  harmKind: HarmKind;
  /** In progress is the most likely of the self classes. */
  inProgress: boolean;
  /** A passive wish, a burden or hopelessness is more likely than an acute message (the question fits). */
  askLike: boolean;
  /** Class probabilities of the whole message. */
  probabilities: Float64Array;
}

/** Messages at least this long are also read sentence by sentence. */
export const SEGMENT_FROM = 60;
const MIN_SEGMENT = 6;
const MAX_SEGMENTS = 12;
const SENTENCE_END = /(?<=[.!?。！？…])\s+|\n+/u;

const at = (p: Float64Array, name: RiskClass): number => p[RISK_CLASSES.indexOf(name)] as number;
const selfOf = (p: Float64Array): number => at(p, 'ask') + at(p, 'acute') + at(p, 'in_progress');
const harmOf = (p: Float64Array): number =>
  HARM_KINDS.reduce((sum, k) => sum + at(p, `harm_${k}` as RiskClass), 0);

/** Sentences of a long message (the whole message is always read too); at most a dozen, so it stays linear. */
export function segmentsOf(spaced: string): string[] {
  if (spaced.length < SEGMENT_FROM) return [];
  const parts = spaced
    .split(SENTENCE_END)
    .map((s) => s.trim())
    .filter((s) => s.length >= MIN_SEGMENT);
  return parts.length > 1 ? parts.slice(0, MAX_SEGMENTS) : [];
}

/** Scores a message: the whole, then each sentence of a long one; the highest self and harm count. */
export function scoreMessage(
  model: RiskModel,
  featurize: Featurizer,
  grammar: CompiledGrammar,
  whole: NormalisedText,
  wholeMatches: readonly RuleMatch[],
  work: WorkCounter,
): ModelScores {
  const probabilities = model.probabilities(featurize(whole, wholeMatches, work));
  let best = probabilities;
  let self = selfOf(probabilities);
  let harm = harmOf(probabilities);
  let harmSource = probabilities;
  for (const sentence of segmentsOf(whole.spaced)) {
    const normal = normaliseRisk(sentence);
    const p = model.probabilities(featurize(normal, grammar.match(normal, work), work));
    if (selfOf(p) > self) {
      self = selfOf(p);
      best = p;
    }
    if (harmOf(p) > harm) {
      harm = harmOf(p);
      harmSource = p;
    }
  }
  let harmKind: HarmKind = 'home';
  let strongest = -1;
  for (const kind of HARM_KINDS) {
    const q = at(harmSource, `harm_${kind}` as RiskClass);
    if (q > strongest) {
      strongest = q;
      harmKind = kind;
    }
  }
  return {
    self,
    harm,
    concern: at(probabilities, 'concern'),
    harmKind,
    inProgress: at(best, 'in_progress') >= Math.max(at(best, 'acute'), at(best, 'ask')),
    askLike: at(best, 'ask') > at(best, 'acute') + at(best, 'in_progress'),
    probabilities,
  };
}
