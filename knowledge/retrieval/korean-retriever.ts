import type { KnowledgeDoc } from './docs';
import { FEATURE_CHANNELS, features, isChoseongQuery, normalize, qwertyAsHangul, type Channel } from './korean-text';
import type { SynonymExpander } from './synonyms';

/** One scored document. `coverage` is the share of the question's weighted grams the doc contains. */
export interface SearchHit {
  doc: KnowledgeDoc;
  score: number;
  coverage: number;
}

/** Ranked documents plus a calibrated confidence in [0, 1] that the first one answers the question. */
export interface SearchResult {
  hits: SearchHit[];
  confidence: number;
}

/** Knobs of the ranking; defaults were tuned on the `tune` split only. */
export interface RetrieverTuning {
  k1: number;
  b: number;
  fieldWeights: { title: number; keywords: number; body: number };
  channelWeights: Record<Channel, number>;
  /** Boost for documents whose title the question covers well ("멘토링이 뭐야" → the overview, not a niche page). */
  titleFit: number;
  /** IDF weight given to question grams no document contains, as a share of the rarest gram's. */
  unseenWeight: number;
  /** Logistic calibration of confidence from coverage and the lead over the runner-up. */
  calibration: { coverageSlope: number; coverageMidpoint: number; marginSlope: number };
}

export const DEFAULT_TUNING: RetrieverTuning = {
  k1: 1.2,
  b: 0.4,
  fieldWeights: { title: 3, keywords: 3, body: 1 },
  channelWeights: { syllable: 1, jamo: 0.5, choseong: 0.15, word: 1, latinGram: 0.3 },
  titleFit: 0,
  unseenWeight: 0.2,
  calibration: { coverageSlope: 6, coverageMidpoint: 0.35, marginSlope: 0 },
};

/** The in-memory Korean retriever over the whole knowledge base. */
export interface KoreanRetriever {
  readonly docs: readonly KnowledgeDoc[];
  get(id: string): KnowledgeDoc | undefined;
  search(question: string, limit?: number): SearchResult;
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

type QueryTerms = Record<Channel, string[]>;

function indexedText(doc: KnowledgeDoc): { title: string; keywords: string; body: string } {
  const versions = doc.en ? [doc.ko, doc.en] : [doc.ko];
  return {
    title: versions.map((v) => v.title).join(' '),
    keywords: versions.flatMap((v) => v.keywords).join(' '),
    body: versions.map((v) => v.body).join(' '),
  };
}

function buildIndex(docs: readonly KnowledgeDoc[], expand: SynonymExpander, tuning: RetrieverTuning): Record<Channel, ChannelIndex> {
  const perDoc = docs.map((doc) => {
    const fields = indexedText(doc);
    const weighted = new Map<Channel, Map<string, number>>(FEATURE_CHANNELS.map((c) => [c, new Map()]));
    for (const field of ['title', 'keywords', 'body'] as const) {
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
const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

function queryTerms(question: string, expand: SynonymExpander): QueryTerms {
  const normalized = normalize(question);
  const f = features(expand(normalized));
  const unique = (list: string[]) => [...new Set(list)];
  if (isChoseongQuery(normalized)) {
    // Only the consonants carry meaning here; syllable grams of a stray word would swamp them.
    return { syllable: unique(f.syllable), jamo: [], word: unique(f.word), latinGram: [], choseong: unique(f.choseong) };
  }
  return {
    syllable: unique(f.syllable),
    jamo: unique(f.jamo),
    choseong: [],
    word: unique(f.word),
    latinGram: unique(f.latinGram),
  };
}

/** Builds the retriever; indexing ~100 short docs takes a few milliseconds. */
export function createKoreanRetriever(
  docs: readonly KnowledgeDoc[],
  expand: SynonymExpander,
  tuning: RetrieverTuning = DEFAULT_TUNING,
): KoreanRetriever {
  const index = buildIndex(docs, expand, tuning);
  const titleGrams = docs.map((doc) =>
    [doc.ko, doc.en].filter((v) => v !== undefined).map((v) => {
      const f = features(expand(normalize(v.title)));
      return new Set([...f.syllable, ...f.word]);
    }),
  );
  const total = docs.length;
  const maxIdf = idf(total, 0);
  const byId = new Map(docs.map((d) => [d.id, d]));
  const isChoseong = (terms: QueryTerms) => terms.choseong.length > 0;

  function scoreTerms(terms: QueryTerms): { scores: Float64Array; matched: Float64Array; possible: number } {
    const scores = new Float64Array(total);
    const matched = new Float64Array(total);
    let possible = 0;
    for (const channel of FEATURE_CHANNELS) {
      // In a 초성 question the consonant grams are the whole question: weigh them fully.
      const weight = isChoseong(terms) && channel === 'choseong' ? 1 : tuning.channelWeights[channel];
      const { postings, lengths, averageLength } = index[channel];
      for (const term of terms[channel]) {
        const list = postings.get(term);
        const termIdf = list ? idf(total, list.length) : maxIdf * tuning.unseenWeight;
        possible += weight * termIdf;
        if (!list) continue;
        for (const { doc, tf } of list) {
          const norm = tf + tuning.k1 * (1 - tuning.b + (tuning.b * (lengths[doc] ?? 0)) / averageLength);
          scores[doc] = (scores[doc] ?? 0) + (weight * termIdf * tf * (tuning.k1 + 1)) / norm;
          matched[doc] = (matched[doc] ?? 0) + weight * termIdf;
        }
      }
    }
    return { scores, matched, possible };
  }

  function titleFit(docIndex: number, terms: QueryTerms): number {
    const wanted = new Set([...terms.syllable, ...terms.word]);
    let best = 0;
    for (const grams of titleGrams[docIndex] ?? []) {
      if (grams.size === 0) continue;
      let hit = 0;
      for (const g of grams) if (wanted.has(g)) hit += 1;
      best = Math.max(best, hit / grams.size);
    }
    return best;
  }

  function rank(terms: QueryTerms, limit: number): SearchResult {
    const { scores, matched, possible } = scoreTerms(terms);
    if (tuning.titleFit > 0) for (let i = 0; i < total; i += 1) if ((scores[i] ?? 0) > 0) scores[i] = (scores[i] ?? 0) * (1 + tuning.titleFit * titleFit(i, terms));
    const order = [...scores.keys()].filter((i) => (scores[i] ?? 0) > 0).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
    const hits = order.slice(0, limit).map((i) => ({
      doc: docs[i]!,
      score: scores[i] ?? 0,
      coverage: possible > 0 ? (matched[i] ?? 0) / possible : 0,
    }));
    const first = hits[0];
    if (!first) return { hits, confidence: 0 };
    const second = hits[1]?.score ?? 0;
    const margin = (first.score - second) / first.score;
    const { coverageSlope, coverageMidpoint, marginSlope } = tuning.calibration;
    const confidence = logistic(coverageSlope * (first.coverage - coverageMidpoint) + marginSlope * (margin - 0.2));
    return { hits, confidence };
  }

  return {
    docs,
    get: (id) => byId.get(id),
    search(question, limit = 3) {
      const result = rank(queryTerms(question, expand), limit);
      // Hangul typed with the keyboard left in English mode: try it as Hangul too, keep the surer.
      const asHangul = qwertyAsHangul(question);
      if (asHangul !== undefined) {
        const alternative = rank(queryTerms(asHangul, expand), limit);
        if (alternative.confidence > result.confidence) return alternative;
      }
      return result;
    },
  };
}
