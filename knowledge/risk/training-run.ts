import { join } from 'node:path';
import { createFeaturizer } from './features';
import { loadGrammar, type CompiledGrammar } from './grammar';
import {
  classOf,
  fingerprint,
  loadLabelledFolder,
  nearDuplicatesOfTest,
  type LabelledRiskMessage,
} from './dataset';
import { fnv1a } from './features';
import { RISK_CLASSES, type ModelHeader, type RiskClass } from './model';
import { normaliseRisk } from './normalise';
import { everydayMessages } from './everyday';
import { scoreMessage } from './scoring';
import {
  DEFAULT_TRAINING,
  HARM_CLASS_NAMES,
  SELF_CLASSES,
  dequantisedModel,
  quantise,
  roundThreshold,
  thresholdForPrecision,
  thresholdForRecall,
  trainWeights,
  type TrainingExample,
  type TrainingOptions,
} from './train';

/**
 * One whole training run, as `npm run train:risk` does it: training messages minus near-duplicates of
 * the test set, a development fifth to choose the thresholds, then the final model on every training
 * message. Pure apart from reading the data: the caller writes the files.
 */
export interface TrainingRun {
  header: ModelHeader;
  weights: Buffer;
  used: number;
  droppedNearTest: number;
  dev: { size: number; askRecall: number; crisisPrecision: number };
}

/** Weights scale: a stored 16-bit integer w means w / 4096 (|weight| ≤ 8). */
const SCALE = 4096;
/** Goals of the thresholds (risk-screen.md "A design that fits"). */
const ASK_RECALL = 0.98;
const CRISIS_PRECISION = 0.9;
const HARM_PRECISION = 0.8;
const CONCERN_PRECISION = 0.8;
/** At most this share of everyday chat (ordinary and small talk) may get the direct question. */
const ORDINARY_ASK_RATE = 0.1;

const isDev = (m: LabelledRiskMessage): boolean => fnv1a(m.text, 7) % 5 === 0;

function examplesOf(
  grammar: CompiledGrammar,
  bits: number,
  messages: readonly LabelledRiskMessage[],
): TrainingExample[] {
  const featurize = createFeaturizer({ bits });
  return messages.map((m) => {
    const normal = normaliseRisk(m.text);
    const matches = grammar.match(normal, { steps: 0 });
    return { buckets: featurize(normal, matches), label: RISK_CLASSES.indexOf(classOf(m.category)) };
  });
}

/** Runs the training from the data folder and grammar of a repository root. */
export function runTraining(root: string, options: TrainingOptions = DEFAULT_TRAINING): TrainingRun {
  const dataDir = join(root, 'knowledge', 'risk', 'data');
  const grammar = loadGrammar(join(root, 'knowledge', 'risk', 'grammar.yaml'));
  const allTrain = [...loadLabelledFolder(join(dataDir, 'train'), false), ...everydayMessages(root)];
  const test = loadLabelledFolder(join(dataDir, 'test'), true);
  const drop = nearDuplicatesOfTest(allTrain, test);
  const train = allTrain.filter((_, i) => !drop.has(i));

  const headerFor = (
    thresholds: ModelHeader['thresholds'],
    used: readonly LabelledRiskMessage[],
  ): ModelHeader => ({
    classes: [...RISK_CLASSES],
    bits: options.bits,
    scale: SCALE,
    thresholds,
    trainedOn: { examples: used.length, sha256: fingerprint(used) },
  });

  // Thresholds from a model that never saw the development fifth, scored exactly as the screen scores.
  const fit = train.filter((m) => !isDev(m));
  const dev = train.filter(isDev);
  const devHeader = headerFor({ ask: 0.5, crisis: 0.5, harm: 0.5, concern: 0.5 }, fit);
  const devModel = dequantisedModel(
    devHeader,
    quantise(trainWeights(examplesOf(grammar, options.bits, fit), options), SCALE),
  );
  const featurize = createFeaturizer({ bits: options.bits });
  const scored = dev.map((m) => {
    const normal = normaliseRisk(m.text);
    const work = { steps: 0 };
    return {
      scores: scoreMessage(devModel, featurize, grammar, normal, grammar.match(normal, work), work),
      label: classOf(m.category),
      ordinary: m.category === 'neg_ordinary' || m.category === 'neg_smalltalk',
    };
  });
  const isSelf = (label: RiskClass) => SELF_CLASSES.includes(label);
  const isHarmLabel = (label: RiskClass) => HARM_CLASS_NAMES.includes(label);
  const selfScored = scored.map((s) => ({ score: s.scores.self, positive: isSelf(s.label) }));
  // The direct question: the highest threshold keeping 98 % of the self-risk messages of the development
  // fifth, but never so low that it asks more than 2 % of everyday chat (asking everyone is not a screen).
  const everyday = scored
    .filter((s) => s.ordinary)
    .map((s) => s.scores.self)
    .sort((a, b) => b - a);
  const everydayCeiling = everyday[Math.floor(everyday.length * ORDINARY_ASK_RATE)] ?? 0;
  const thresholds = {
    ask: roundThreshold(
      Math.max(
        thresholdForRecall(
          selfScored.filter((s) => s.positive).map((s) => s.score),
          ASK_RECALL,
        ),
        everydayCeiling,
      ),
    ),
    crisis: roundThreshold(thresholdForPrecision(selfScored, CRISIS_PRECISION)),
    harm: roundThreshold(
      thresholdForPrecision(
        scored.map((s) => ({ score: s.scores.harm, positive: isHarmLabel(s.label) })),
        HARM_PRECISION,
      ),
    ),
    concern: roundThreshold(
      thresholdForPrecision(
        scored.map((s) => ({ score: s.scores.concern, positive: s.label === 'concern' })),
        CONCERN_PRECISION,
      ),
    ),
  };
  const selfDev = selfScored.filter((s) => s.positive);
  const flagged = selfScored.filter((s) => s.score >= thresholds.crisis);

  const header = headerFor(thresholds, train);
  const weights = quantise(trainWeights(examplesOf(grammar, options.bits, train), options), SCALE);
  return {
    header,
    weights,
    used: train.length,
    droppedNearTest: drop.size,
    dev: {
      size: dev.length,
      askRecall: selfDev.filter((s) => s.score >= thresholds.ask).length / Math.max(1, selfDev.length),
      crisisPrecision: flagged.filter((s) => s.positive).length / Math.max(1, flagged.length),
    },
  };
}
