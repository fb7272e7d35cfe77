import type { KnowledgeDoc } from './docs';
import {
  FEATURE_CHANNELS,
  features,
  isChoseongQuery,
  normalize,
  qwertyAsHangul,
  type Channel,
} from './korean-text';
import {
  choseongQueryTerms,
  consonantWords,
  splitEnding,
  titleCoverage,
  titleUnits,
  weightedQueryTerms,
  type QueryWeights,
  type WeightedTerms,
} from './query-terms';
import { createExampleIndex, type ExampleMatches, type ExampleQuestion } from './example-questions';
import { numberTerms } from './number-terms';
import type { SynonymExpander } from './synonyms';

/** One scored document. `coverage` is the share of the question's weighted grams the doc contains. */
export interface SearchHit {
  doc: KnowledgeDoc;
  score: number;
  coverage: number;
  /** Idf-weighted share of the question's topic grams (no endings) the doc holds; unknown grams count fully. */
  topicCoverage: number;
}

/** Ranked documents plus a calibrated confidence in [0, 1] that the first one answers the question. */
export interface SearchResult {
  hits: SearchHit[];
  confidence: number;
  /** What the confidence was computed from (absent when nothing matched); for fitting the calibration. */
  features?: ConfidenceFeatures;
}

/** Knobs of the ranking; defaults were tuned on the `tune` split only. */
export interface RetrieverTuning {
  k1: number;
  b: number;
  fieldWeights: { title: number; keywords: number; questions: number; body: number };
  channelWeights: Record<Channel, number>;
  /** Boost for documents whose title the question covers well ("멘토링이 뭐야" → the overview, not a niche page). */
  titleFit: number;
  /** Boost by the idf-weighted share of the question's topic grams found in the title and keywords. */
  headFit: number;
  /** How many BM25 leaders the title/keyword reranker looks at. */
  rerankDepth: number;
  /**
   * How much the nearest labelled questions move the ranking: a document's score is multiplied by
   * 1 + exampleRank × (similarity of its nearest labelled question). People ask in their words, the
   * documents speak the site's; a question close to one people asked about a page is likely about it.
   */
  exampleRank: number;
  /** IDF weight given to question grams no document contains, as a share of the rarest gram's. */
  unseenWeight: number;
  /** Weights of endings, cross-space grams and synonym-added terms in a question. */
  query: QueryWeights;
  /**
   * Logistic calibration of confidence: a weight per feature of the leading document, fitted on the
   * tune split only (the labelled questions leave themselves out while fitting).
   */
  calibration: Calibration;
}

/** Weights of the confidence model (log-odds that the first document answers the question). */
export interface Calibration {
  bias: number;
  /** Share of the question's weighted grams the leader holds. */
  coverage: number;
  /** Share of the question's topic grams (no endings) the leader holds; unknown words count fully. */
  topic: number;
  /** The leader's lead over the runner-up, as a share of its score. */
  margin: number;
  /** log(1 + the leader's score). */
  logScore: number;
  /** Similarity of the nearest labelled question about the leader. */
  exampleTop: number;
  /** Similarity of the nearest labelled off-topic question (weather, idols, homework…). */
  offTopic: number;
  /** log(1 + characters in the question). */
  logLength: number;
}

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/** The leading document's features the confidence model weighs. */
export type ConfidenceFeatures = Omit<Calibration, 'bias'>;

/** Confidence that the leader answers the question: the logistic of the weighted features. */
export function confidenceOf(c: Calibration, f: ConfidenceFeatures): number {
  let logit = c.bias;
  for (const key of Object.keys(f) as (keyof ConfidenceFeatures)[]) logit += c[key] * f[key];
  return logistic(logit);
}

export const DEFAULT_TUNING: RetrieverTuning = {
  k1: 1.2,
  b: 0.4,
  fieldWeights: { title: 3, keywords: 3, questions: 1, body: 1 },
  channelWeights: { syllable: 1, jamo: 0.5, choseong: 0.15, word: 1, latinGram: 0.3 },
  titleFit: 0.2,
  headFit: 0,
  rerankDepth: 10,
  exampleRank: 0.25,
  unseenWeight: 0.2,
  query: { functional: 0.25, crossSpace: 0.5, synonym: 0.8 },
  // Fitted by logistic regression on the tune split of both labelled sets, each question left out
  // of the examples: `npx tsx knowledge/train-retrieval.ts`.
  calibration: {
    bias: -10.3693,
    coverage: 2.715,
    topic: 3.3633,
    margin: 1.9059,
    logScore: 2.0081,
    exampleTop: 1.6926,
    offTopic: -2.938,
    logLength: 0.2861,
  },
};

/** The in-memory Korean retriever over the whole knowledge base. */
export interface KoreanRetriever {
  readonly docs: readonly KnowledgeDoc[];
  get(id: string): KnowledgeDoc | undefined;
  /** `ignoreExample`: leave that labelled question out of the examples (leave-one-out evaluation). */
  search(question: string, limit?: number, options?: SearchOptions): SearchResult;
}

export interface SearchOptions {
  ignoreExample?: string;
}

interface Posting {
  doc: number;
  tf: number;
}

interface ChannelIndex {
  postings: Map<string, Posting[]>;
  lengths: number[];
  averageLength: number;
}

type QueryTerms = WeightedTerms;

/**
 * A phone number followed by its opening hours in brackets, as the contacts file expands it. Every
 * page that names the help centre would otherwise be about "주말·공휴일" and "평일 10시".
 */
const CONTACT_HOURS = /([0-9][0-9-]{1,12})\s*\((?:[^()]|\([^()]*\))*\)/g;

/** Body text for the index: contact hours left out (they belong to the contact, not the page). */
export const indexableBody = (body: string): string => body.replace(CONTACT_HOURS, '$1');

/**
 * A title is a question ("서울런 공개 강좌는 뭐예요?"): its endings and question words say nothing
 * about the topic, yet a title weighs three times the body, so "서울런이 뭐예요?" would land on
 * whichever page's title also ends in "뭐예요". Titles are indexed by their topic words only.
 */
export function titleTopic(title: string): string {
  return normalize(title)
    .split(' ')
    .map((token) => (/[가-힣]/.test(token) ? splitEnding(token).stem : token))
    .filter(Boolean)
    .join(' ');
}

type Field = keyof RetrieverTuning['fieldWeights'];
const FIELDS: readonly Field[] = ['title', 'keywords', 'questions', 'body'];

function indexedText(doc: KnowledgeDoc): Record<Field, string> {
  const versions = doc.en ? [doc.ko, doc.en] : [doc.ko];
  return {
    title: versions.map((v) => titleTopic(v.title)).join(' '),
    keywords: versions.flatMap((v) => v.keywords).join(' '),
    // Questions, like titles, are indexed by their topic words: their endings would pull every
    // "…뭐예요?" towards the page with the most questions.
    questions: versions.flatMap((v) => (v.questions ?? []).map(titleTopic)).join(' '),
    body: versions.map((v) => indexableBody(v.body)).join(' '),
  };
}

function buildIndex(
  docs: readonly KnowledgeDoc[],
  expand: SynonymExpander,
  tuning: RetrieverTuning,
): Record<Channel, ChannelIndex> {
  const perDoc = docs.map((doc) => {
    const fields = indexedText(doc);
    const weighted = new Map<Channel, Map<string, number>>(FEATURE_CHANNELS.map((c) => [c, new Map()]));
    for (const field of FIELDS) {
      const f = features(expand(normalize(fields[field])));
      for (const channel of FEATURE_CHANNELS) {
        // 초성 of a whole body matches almost any consonant pair; titles and keywords are what people abbreviate.
        if (channel === 'choseong' && field === 'body') continue;
        const counts = weighted.get(channel)!;
        for (const term of f[channel]) counts.set(term, (counts.get(term) ?? 0) + tuning.fieldWeights[field]);
      }
    }
    return weighted;
  });
  const index = {} as Record<Channel, ChannelIndex>;
  for (const channel of FEATURE_CHANNELS) {
    const postings = new Map<string, Posting[]>();
    const lengths = perDoc.map((weighted, docIndex) => {
      let length = 0;
      for (const [term, tf] of weighted.get(channel)!) {
        length += tf;
        const list = postings.get(term) ?? [];
        list.push({ doc: docIndex, tf });
        postings.set(term, list);
      }
      return length;
    });
    const averageLength = lengths.reduce((a, b) => a + b, 0) / Math.max(1, lengths.length) || 1;
    index[channel] = { postings, lengths, averageLength };
  }
  return index;
}

const idf = (total: number, df: number): number => Math.log(1 + (total - df + 0.5) / (df + 0.5));

function queryTerms(question: string, expand: SynonymExpander, weights: QueryWeights): QueryTerms {
  const normalized = normalize(question);
  // The expander appends canonical terms after the question; take them apart again.
  const canonicals = [
    ...expand(normalized).slice(normalized.length).trim().split(' ').filter(Boolean),
    ...numberTerms(normalized),
  ];
  const terms = weightedQueryTerms(normalized, canonicals, weights);
  // "ㅁㅌㄹ 뭐에요": the consonant word is the topic even when the question words outnumber it.
  if (isChoseongQuery(normalized) || consonantWords(normalized).length > 0) {
    // Only the consonants carry meaning here; jamo of a stray word would swamp them.
    const choseong = choseongQueryTerms(normalized, canonicals, weights);
    return { ...terms, jamo: new Map(), latinGram: new Map(), choseong: choseong.choseong };
  }
  return terms;
}

/** The questions each document's authors wrote for it, as labelled examples. */
function authoredQuestions(docs: readonly KnowledgeDoc[]): ExampleQuestion[] {
  return docs.flatMap((doc) =>
    [doc.ko, doc.en].flatMap((v) => (v?.questions ?? []).map((q) => ({ q, doc: doc.id }))),
  );
}

/** Builds the retriever; indexing ~100 short docs takes a few milliseconds. */
export function createKoreanRetriever(
  docs: readonly KnowledgeDoc[],
  expand: SynonymExpander,
  tuning: RetrieverTuning = DEFAULT_TUNING,
  examples: readonly ExampleQuestion[] = [],
): KoreanRetriever {
  const exampleIndex = createExampleIndex(
    [...examples, ...authoredQuestions(docs)],
    new Set(docs.map((d) => d.id)),
    expand,
    tuning.query,
  );
  const index = buildIndex(docs, expand, tuning);
  const titles = docs.map((doc) =>
    [doc.ko, doc.en].filter((v) => v !== undefined).map((v) => titleUnits(normalize(v.title), expand)),
  );
  const docGrams = docs.map((doc) => {
    const f = features(expand(normalize(Object.values(indexedText(doc)).join(' '))));
    return new Set([...f.syllable, ...f.word]);
  });
  const heads = docs.map((doc) => {
    const versions = [doc.ko, doc.en].filter((v) => v !== undefined);
    const f = features(expand(normalize(versions.map((v) => [v.title, ...v.keywords].join(' ')).join(' '))));
    return new Set([...f.syllable, ...f.word]);
  });
  const total = docs.length;
  const maxIdf = idf(total, 0);
  const byId = new Map(docs.map((d) => [d.id, d]));
  const docIndexById = new Map(docs.map((d, i) => [d.id, i]));
  const isChoseong = (terms: QueryTerms) => terms.choseong.size > 0;

  function scoreTerms(terms: QueryTerms): { scores: Float64Array; matched: Float64Array; possible: number } {
    const scores = new Float64Array(total);
    const matched = new Float64Array(total);
    let possible = 0;
    for (const channel of FEATURE_CHANNELS) {
      // In a 초성 question the consonant grams are the whole question: weigh them fully.
      const weight = isChoseong(terms) && channel === 'choseong' ? 1 : tuning.channelWeights[channel];
      const { postings, lengths, averageLength } = index[channel];
      for (const [term, termWeight] of terms[channel]) {
        const list = postings.get(term);
        const termIdf = list ? idf(total, list.length) : maxIdf * tuning.unseenWeight;
        const w = weight * termWeight;
        possible += w * termIdf;
        if (!list) continue;
        for (const { doc, tf } of list) {
          const norm = tf + tuning.k1 * (1 - tuning.b + (tuning.b * (lengths[doc] ?? 0)) / averageLength);
          scores[doc] = (scores[doc] ?? 0) + (w * termIdf * tf * (tuning.k1 + 1)) / norm;
          matched[doc] = (matched[doc] ?? 0) + w * termIdf;
        }
      }
    }
    return { scores, matched, possible };
  }

  /** Query grams the title reranker counts: topic words and synonyms, not endings. */
  function topicGrams(terms: QueryTerms): Map<string, number> {
    const wanted = new Map<string, number>();
    for (const channel of ['syllable', 'word'] as const) {
      const { postings } = index[channel];
      for (const [term, weight] of terms[channel]) {
        if (weight < tuning.query.crossSpace) continue;
        const list = postings.get(term);
        wanted.set(term, weight * (list ? idf(total, list.length) : 0));
      }
    }
    return wanted;
  }

  /**
   * Reranks the BM25 leaders by how well the question fits the title ("서울런 어떻게 신청해요" → the
   * joining page, not "멘토링은 어떻게 신청해요") and how much of its topic the title and keywords hold.
   */
  function rerank(order: number[], scores: Float64Array, terms: QueryTerms): number[] {
    if (tuning.titleFit <= 0 && tuning.headFit <= 0) return order;
    const wanted = topicGrams(terms);
    const wantedSet = new Set(wanted.keys());
    const initials = isChoseong(terms) ? new Set(terms.choseong.keys()) : undefined;
    let mass = 0;
    for (const w of wanted.values()) mass += w;
    const head = order.slice(0, tuning.rerankDepth);
    for (const i of head) {
      const title = Math.max(
        0,
        ...(titles[i] ?? []).map((units) => titleCoverage(units, wantedSet, initials)),
      );
      let inHead = 0;
      const grams = heads[i]!;
      for (const [g, w] of wanted) if (grams.has(g)) inHead += w;
      scores[i] =
        (scores[i] ?? 0) * (1 + tuning.titleFit * title + tuning.headFit * (mass > 0 ? inHead / mass : 0));
    }
    return [...head.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0)), ...order.slice(tuning.rerankDepth)];
  }

  /** Share of the topic the doc holds; grams no doc has weigh as much as the rarest known gram. */
  function topicCoverage(docIndex: number, topic: Map<string, number>): number {
    let held = 0;
    let all = 0;
    for (const [g, w] of topic) {
      const weight = w > 0 ? w : maxIdf;
      all += weight;
      if (docGrams[docIndex]!.has(g)) held += weight;
    }
    return all > 0 ? held / all : -1;
  }

  /** Raises each document by how close the question is to the labelled questions about it. */
  function voteByExamples(scores: Float64Array, examples: ExampleMatches): void {
    if (tuning.exampleRank <= 0) return;
    for (const [id, similarity] of examples.byDoc) {
      const i = docIndexById.get(id);
      if (i !== undefined) scores[i] = (scores[i] ?? 0) * (1 + tuning.exampleRank * similarity);
    }
  }

  function rank(terms: QueryTerms, limit: number, question: string, options: SearchOptions): SearchResult {
    const { scores, matched, possible } = scoreTerms(terms);
    const examples = exampleIndex.match(question, options.ignoreExample);
    voteByExamples(scores, examples);
    const topic = topicGrams(terms);
    const order = rerank(
      [...scores.keys()]
        .filter((i) => (scores[i] ?? 0) > 0)
        .sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0)),
      scores,
      terms,
    );
    const hits = order.slice(0, limit).map((i) => ({
      doc: docs[i]!,
      score: scores[i] ?? 0,
      coverage: possible > 0 ? (matched[i] ?? 0) / possible : 0,
      topicCoverage: topicCoverage(i, topic),
    }));
    // A 초성-only question has no topic grams: its consonant coverage stands in.
    for (const hit of hits) if (hit.topicCoverage < 0) hit.topicCoverage = hit.coverage;
    const first = hits[0];
    if (!first) return { hits, confidence: 0 };
    // The runner-up from the whole ranking, so the margin does not depend on `limit`.
    const second = order[1] === undefined ? 0 : (scores[order[1]] ?? 0);
    const margin = (first.score - second) / first.score;
    const features: ConfidenceFeatures = {
      coverage: first.coverage,
      topic: first.topicCoverage,
      margin,
      logScore: Math.log1p(first.score),
      exampleTop: examples.byDoc.get(first.doc.id) ?? 0,
      offTopic: examples.offTopic,
      logLength: Math.log1p(question.length),
    };
    return { hits, confidence: confidenceOf(tuning.calibration, features), features };
  }

  return {
    docs,
    get: (id) => byId.get(id),
    search(question, limit = 3, options = {}) {
      const result = rank(queryTerms(question, expand, tuning.query), limit, question, options);
      // Hangul typed with the keyboard left in English mode: try it as Hangul too, keep the surer.
      const asHangul = qwertyAsHangul(question);
      if (asHangul !== undefined) {
        const alternative = rank(queryTerms(asHangul, expand, tuning.query), limit, asHangul, options);
        if (alternative.confidence > result.confidence) return alternative;
      }
      return result;
    },
  };
}
