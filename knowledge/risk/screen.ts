import { join } from 'node:path';
import {
  NO_RISK,
  activeMemory,
  higherLevel,
  isHigherLevel,
  type HarmKind,
  type RiskAssessment,
  type RiskLevel,
  type RiskMemory,
  type RiskMemoryUpdate,
  type RiskScreen,
  type Speaker,
} from '../../bot/risk';
import { isProgrammeQuestion } from '../answers/programme-question';
import { detectLanguage } from '../language/detect';
import type { WorkCounter } from './automaton';
import { createFeaturizer, type Featurizer } from './features';
import { loadGrammar, type CompiledGrammar, type RuleMatch } from './grammar';
import { loadRiskModel, type ModelHeader, type RiskModel } from './model';
import { normaliseRisk } from './normalise';
import { scoreMessage, type ModelScores } from './scoring';

/**
 * The layered risk screen (DESIGN §1 step 0): normalisation → the slot grammar (reviewed rules with
 * idiom, context and negation guards that never touch strong rules) → the classifier, which may raise
 * the rules' decision and never lower it → conversation memory (lower thresholds after a flag, cues
 * adding up across turns). Pure, synchronous and linear in the text.
 */
export interface ScreenParts {
  grammar: CompiledGrammar;
  /** Absent: rules only (tests of the rule layer). */
  model?: RiskModel;
}

/** Everything the screen saw, for tests, `npm run eval:risk` and the second opinion. */
export interface ScreenTrace {
  assessment: RiskAssessment;
  ruleLevel: RiskLevel;
  modelLevel: RiskLevel;
  matches: RuleMatch[];
  /** Class probabilities (empty without a model). */
  probabilities: Float64Array;
  work: number;
}

const SELF_LEVEL: Readonly<Record<string, RiskLevel>> = {
  direct: 'high',
  indirect: 'high',
  farewell: 'high',
  plan_means: 'high',
  self_harm: 'high',
  in_progress: 'high',
  passive_wish: 'ask',
  burden: 'ask',
  hopelessness: 'ask',
  concern: 'concern',
};
const harmKindOf = (category: string): HarmKind | undefined =>
  category.startsWith('harm_') ? (category.slice(5) as HarmKind) : undefined;

/** How close (in folded jamo) markers must sit to the rule they change. */
const NEGATION_AFTER = 8;
const OTHER_BEFORE = 18;
const REPORTED_AFTER = 12;
const RELAY_BEFORE = 30;
/** A context (a game, homework, a film) this near a weak rule, in folded jamo (about seven syllables). */
const CONTEXT_NEAR = 20;

/** Messages this short (in letters) are read by the rules only. */
const SHORTEST_FOR_MODEL = 2;
/** A message in another language of at most this many words reaches harm or concern through the rules only. */
const MOST_FOREIGN_WORDS_FOR_RULES_ONLY = 3;
/** While watching after a flag, thresholds are multiplied by this. */
const WATCH_FACTOR = 0.7;
const WATCH_TURNS = 5;
/** …and for at most this long. */
const WATCH_MS = 24 * 3_600_000;
/** Each turn keeps this share of the accumulated self-risk of earlier turns. */
const DECAY = 0.6;

/** For each position p: the end of the last marker span that ends at or before p (-1 if none). */
function lastEndAtOrBefore(length: number, spans: readonly RuleMatch[]): Int32Array {
  const at = new Int32Array(length + 1).fill(-1);
  for (const s of spans) if ((at[s.end] as number) < s.end) at[s.end] = s.end;
  for (let p = 1; p <= length; p += 1)
    if ((at[p] as number) < (at[p - 1] as number)) at[p] = at[p - 1] as number;
  return at;
}

/** For each position p: the start of the first marker span that starts at or after p (-1 if none). */
function firstStartAtOrAfter(length: number, spans: readonly RuleMatch[]): Int32Array {
  const at = new Int32Array(length + 2).fill(-1);
  for (const s of spans) if (at[s.start] === -1 || (at[s.start] as number) > s.start) at[s.start] = s.start;
  for (let p = length - 1; p >= 0; p -= 1) if (at[p] === -1) at[p] = at[p + 1] as number;
  return at;
}

/** Prefix sums of positions covered by spans (a span silences what it overlaps). */
function coverage(length: number, spans: readonly RuleMatch[]): Int32Array {
  const delta = new Int32Array(length + 2);
  for (const s of spans) {
    delta[s.start] = (delta[s.start] as number) + 1;
    delta[s.end] = (delta[s.end] as number) - 1;
  }
  const covered = new Int32Array(length + 1);
  let depth = 0;
  for (let p = 0; p < length; p += 1) {
    depth += delta[p] as number;
    covered[p + 1] = (covered[p] as number) + (depth > 0 ? 1 : 0);
  }
  return covered;
}

interface RuleDecision {
  level: RiskLevel;
  harm?: HarmKind;
  inProgress: boolean;
  relayed: boolean;
  signals: string[];
}

/** True when small-talk words cover every letter of the message (a separator may be left over). */
export function onlySmallTalk(folded: string, matches: readonly RuleMatch[]): boolean {
  const covered = coverage(
    folded.length,
    matches.filter((m) => m.category === 'smalltalk'),
  );
  let uncovered = 0;
  for (let p = 0; p < folded.length; p += 1) {
    const silent = folded[p] === 'ㅇ' && (folded[p + 1] ?? '') >= 'ㅏ' && (folded[p + 1] ?? '') <= 'ㅣ';
    if ((covered[p + 1] as number) === (covered[p] as number) && folded[p] !== '_' && !silent) uncovered += 1;
  }
  return folded.length > 0 && uncovered === 0;
}

/** The rule layer's decision from the grammar matches (markers applied). */
export function decideByRules(folded: string, matches: readonly RuleMatch[], speaker: Speaker): RuleDecision {
  const byMarker = (marker: string) => matches.filter((m) => m.category === marker);
  const n = folded.length;
  const idiom = coverage(n, byMarker('idiom'));
  const contextLast = lastEndAtOrBefore(n, byMarker('context'));
  const contextNext = firstStartAtOrAfter(n, byMarker('context'));
  /** A game, homework or a story is being talked about near these words (not three sentences away). */
  const inContext = (m: RuleMatch): boolean => {
    const before = contextLast[m.start] as number;
    const after = contextNext[m.start] as number;
    return (before >= 0 && m.start - before <= CONTEXT_NEAR) || (after >= 0 && after - m.end <= CONTEXT_NEAR);
  };
  const negationNext = firstStartAtOrAfter(n, byMarker('negation'));
  const reportedNext = firstStartAtOrAfter(n, byMarker('reported'));
  const otherLast = lastEndAtOrBefore(n, byMarker('other'));
  const relayLast = lastEndAtOrBefore(n, byMarker('relay'));

  const decision: RuleDecision = { level: 'none', inProgress: false, relayed: false, signals: [] };
  const note = (signal: string): void => {
    if (!decision.signals.includes(signal)) decision.signals.push(signal);
  };
  const raise = (level: RiskLevel): void => {
    decision.level = higherLevel(decision.level, level);
  };
  const relaying = speaker === 'parent' || speaker === 'mentor';

  for (const m of matches) {
    const selfLevel = SELF_LEVEL[m.category];
    const harm = harmKindOf(m.category);
    if (!selfLevel && !harm) continue;
    // An idiom is a reading of the very same words (배고파 죽겠다), so it silences what it overlaps; a
    // context near them (a game, homework, the news) silences only weak rules.
    if ((m.weak && inContext(m)) || (idiom[m.end] as number) - (idiom[m.start] as number) > 0) {
      note(`guarded:${m.id}`);
      continue;
    }
    note(m.id);
    if (harm) {
      raise('harm_by_others');
      decision.harm ??= harm;
      continue;
    }
    const level: RiskLevel =
      m.cap && isHigherLevel(selfLevel as RiskLevel, m.cap) ? m.cap : (selfLevel as RiskLevel);
    const other = otherLast[m.start] as number;
    // Reported speech may start inside the match (죽고 싶대: 싶대 shares 싶).
    const reported = reportedNext[m.start + 1] as number;
    if (
      !relaying &&
      level !== 'concern' &&
      other >= 0 &&
      m.start - other <= OTHER_BEFORE &&
      reported > m.start &&
      reported - m.end <= REPORTED_AFTER
    ) {
      note('other.friend');
      raise('harm_by_others');
      decision.harm = 'friend';
      continue;
    }
    const negation = negationNext[m.end] as number;
    if (m.negatable && negation >= 0 && negation - m.end <= NEGATION_AFTER) {
      note(`negated:${m.id}`);
      raise('concern');
      continue;
    }
    const relay = relayLast[m.start] as number;
    if (relaying || (relay >= 0 && m.start - relay <= RELAY_BEFORE)) decision.relayed = true;
    if (m.category === 'in_progress') decision.inProgress = true;
    raise(level);
  }
  return decision;
}

interface ModelDecision {
  level: RiskLevel;
  harm?: HarmKind;
  inProgress: boolean;
  self: number;
}

/**
 * The classifier's decision at the model's two thresholds on the self-risk probability (crisis, then the
 * direct question), and the harm and concern thresholds; the self-risk and concern ones lowered while watching.
 */
export function decideByModel(
  thresholds: ModelHeader['thresholds'],
  scores: ModelScores,
  watching: boolean,
  accumulated: number,
): ModelDecision {
  const factor = watching ? WATCH_FACTOR : 1;
  const { self } = scores;
  // A passive wish, a burden or hopelessness gets the direct question even when the classifier is sure of
  // it (risk-screen.md: ask directly); an acute message gets the crisis reply.
  if (self >= thresholds.crisis * factor && !scores.askLike) {
    const decision: ModelDecision = { level: 'high', inProgress: scores.inProgress, self };
    // Lines for the harm subtype cost little beside the crisis reply, so half the evidence is enough.
    if (scores.harm >= thresholds.harm / 2) decision.harm = scores.harmKind;
    return decision;
  }
  // Harm by others is told as an event, not built up as a mood: the watch after a self-risk flag does not
  // lower its bar ("근데 이거 돈 내야 돼?" after a false flag read as extortion).
  if (scores.harm >= thresholds.harm) {
    return { level: 'harm_by_others', harm: scores.harmKind, inProgress: false, self };
  }
  // Earlier scores add up only for a message that carries something itself: after a crisis message,
  // "도움말" or "내 정보 삭제" must still reach their commands instead of the direct question.
  const carries = self >= thresholds.ask / 4;
  if (self >= thresholds.ask * factor || (watching && carries && accumulated + self >= thresholds.ask)) {
    return { level: 'ask', inProgress: false, self };
  }
  if (scores.concern >= thresholds.concern * factor) return { level: 'concern', inProgress: false, self };
  return { level: 'none', inProgress: false, self };
}

/** Builds the screen from its parts; `trace` gives the full picture, the screen just the assessment. */
export function createLayeredScreen(parts: ScreenParts): RiskScreen & {
  trace(text: string, speaker: Speaker, memory?: RiskMemory): ScreenTrace;
} {
  const featurize: Featurizer | undefined = parts.model
    ? createFeaturizer({ bits: parts.model.header.bits })
    : undefined;

  function trace(text: string, speaker: Speaker, memory?: RiskMemory): ScreenTrace {
    const work: WorkCounter = { steps: 0 };
    const normal = normaliseRisk(text);
    work.steps += text.length;
    const empty: Float64Array = new Float64Array(0);
    if (normal.compact.length === 0) {
      return {
        assessment: NO_RISK,
        ruleLevel: 'none',
        modelLevel: 'none',
        matches: [],
        probabilities: empty,
        work: work.steps,
      };
    }
    const matches = parts.grammar.match(normal, work);
    const rules = decideByRules(normal.folded, matches, speaker);
    // Thanks, greetings, byes and ok with no other word are never screened (issue 12, item 6).
    if (rules.level === 'none' && onlySmallTalk(normal.folded, matches)) {
      return {
        assessment: NO_RISK,
        ruleLevel: 'none',
        modelLevel: 'none',
        matches,
        probabilities: empty,
        work: work.steps,
      };
    }
    const watching = (memory?.watchTurns ?? 0) > 0;
    let model: ModelDecision = { level: 'none', inProgress: false, self: 0 };
    let probabilities: Float64Array = empty;
    if (parts.model && featurize) {
      const scores = scoreMessage(parts.model, featurize, parts.grammar, normal, matches, work);
      probabilities = scores.probabilities;
      model = decideByModel(
        parts.model.header.thresholds,
        scores,
        watching,
        (memory?.accumulated ?? 0) * DECAY,
      );
    }
    // One or two letters ("1", "다음", "그만") carry too little for the classifier alone to raise anything.
    if (normal.compact.length <= SHORTEST_FOR_MODEL && rules.level === 'none')
      model = { level: 'none', inProgress: false, self: model.self };
    // In Vietnamese, Chinese and English the classifier has seen few ordinary short answers: alone, it
    // read "không" (no) as harm at home, whose lines go out at once. A few words in these languages
    // reach harm by others or concern only through the rules. The direct question stays (a short
    // "vô vọng quá" must still be asked), and the engine lets a step take an answer before it.
    const language = detectLanguage(normal.spaced);
    if (
      rules.level === 'none' &&
      language !== undefined &&
      language !== 'ko' &&
      (model.level === 'harm_by_others' || model.level === 'concern') &&
      normal.spaced.trim().split(/\s+/).length <= MOST_FOREIGN_WORDS_FOR_RULES_ONLY
    )
      model = { level: 'none', inProgress: false, self: model.self };
    // The classifier alone reads "근데 이거 돈 내야 돼?" as extortion and "돈 들어?" as neglect; harm by
    // others sends its lines at once, so a question about the programme is kept from it here. What
    // the rules see ("돈 가져오래", "때려요") is never kept back.
    if (model.level === 'harm_by_others' && rules.level === 'none' && isProgrammeQuestion(text))
      model = { level: 'none', inProgress: false, self: model.self };
    const level = higherLevel(rules.level, model.level);
    const signals = [...rules.signals];
    if (isHigherLevel(model.level, rules.level)) signals.push(`model:${model.level}`);
    if (watching) signals.push('memory');
    // The subtype's lines go with any reply, also a crisis reply for a student who is hurt at home.
    const harm = rules.harm ?? model.harm;
    const assessment: RiskAssessment = {
      level,
      signals,
      score: Math.round(model.self * 1000) / 1000,
      language,
    };
    if (harm) assessment.harm = harm;
    if (level === 'high' && (rules.inProgress || model.inProgress)) assessment.inProgress = true;
    if (rules.relayed || speaker === 'parent') assessment.relayed = true;
    return {
      assessment,
      ruleLevel: rules.level,
      modelLevel: model.level,
      matches,
      probabilities,
      work: work.steps,
    };
  }

  /**
   * The whole message, then each of its sentences: the classifier reads a message as one bag of
   * words, so a sentence of despair followed by an ordinary one ("다 의미 없는 것 같아. 연락은 … 으로")
   * was diluted below every threshold. The highest level wins.
   */
  function traceSentences(text: string, speaker: Speaker, memory?: RiskMemory): ScreenTrace {
    const whole = trace(text, speaker, memory);
    const sentences = sentencesOf(text);
    if (sentences.length < 2) return whole;
    let best = whole;
    for (const sentence of sentences) {
      const part = trace(sentence, speaker, memory);
      if (isHigherLevel(part.assessment.level, best.assessment.level)) best = part;
    }
    return best === whole ? whole : { ...best, work: whole.work + best.work };
  }

  const screen = ((text: string, speaker: Speaker, memory?: RiskMemory) =>
    traceSentences(text, speaker, memory).assessment) as RiskScreen & { trace: typeof traceSentences };
  screen.trace = traceSentences;
  return screen;
}

/** At most this many sentences are read one by one (the first and the last half of them). */
const MAX_SENTENCES = 12;

/** The sentences of a message (split after . ! ? … and line breaks), the first and last few only. */
export function sentencesOf(text: string): string[] {
  const sentences = text
    .split(/(?<=[.!?。！？…])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (sentences.length <= MAX_SENTENCES) return sentences;
  return [...sentences.slice(0, MAX_SENTENCES / 2), ...sentences.slice(-MAX_SENTENCES / 2)];
}

/** Memory after a turn: a flag starts (or renews) the watch; scores add up with decay; it ends after a day. */
export const updateRiskMemory: RiskMemoryUpdate = (previous, assessment, now) => {
  const memory = activeMemory(previous, now);
  const flagged = assessment.level !== 'none';
  const accumulated = (memory?.accumulated ?? 0) * DECAY + (assessment.score ?? 0);
  if (flagged) {
    return {
      watchTurns: WATCH_TURNS,
      accumulated,
      highest: higherLevel(memory?.highest ?? 'none', assessment.level),
      until: new Date(now.getTime() + WATCH_MS).toISOString(),
    };
  }
  if (!memory) return undefined;
  const watchTurns = memory.watchTurns - 1;
  return watchTurns > 0 ? { ...memory, watchTurns, accumulated } : undefined;
};

/** Paths of the shipped screen data under a repository root. */
export const riskDataPaths = (root: string) => ({
  grammar: join(root, 'knowledge', 'risk', 'grammar.yaml'),
  modelHeader: join(root, 'knowledge', 'risk', 'model', 'model.json'),
  modelWeights: join(root, 'knowledge', 'risk', 'model', 'weights.bin'),
});

/** Loads the shipped grammar and model and builds the screen (once, at start-up). */
export function loadRiskScreen(root: string): ReturnType<typeof createLayeredScreen> {
  const paths = riskDataPaths(root);
  return createLayeredScreen({
    grammar: loadGrammar(paths.grammar),
    model: loadRiskModel(paths.modelHeader, paths.modelWeights),
  });
}
