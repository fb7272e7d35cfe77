import { normalize, type Channel } from './korean-text';
import { weightedQueryTerms, type QueryWeights } from './query-terms';
import type { SynonymExpander } from './synonyms';

/**
 * Nearest labelled questions. Documents are written in the site's words; people ask in theirs
 * ("돈 내야 돼요?" for "무료예요?"). Questions labelled with the document that answers them (the
 * training part of the blind set, never the held-out part) bridge that gap: a new question close
 * to one of them is likely about the same document. Questions labelled off-topic (`doc: null`)
 * pull the other way: close to "내일 비 와?" means weather, whatever word it shares with a page.
 */

/** A labelled question: the document that answers it, or null when none should. */
export interface ExampleQuestion {
  q: string;
  doc: string | null;
}

/** Channel weights of the similarity: topic grams count, jamo rescue typos, 초성 left out. */
const CHANNEL_WEIGHT: Record<Channel, number> = {
  syllable: 1,
  word: 1,
  latinGram: 0.5,
  jamo: 0.3,
  choseong: 0,
};

type Vector = Map<string, number>;

/** Best similarity per label (document id, or null for off-topic) and the example that gave it. */
export interface ExampleMatches {
  byDoc: Map<string, number>;
  offTopic: number;
}

export interface ExampleIndex {
  readonly size: number;
  /** Similarities in [0, 1]; `ignore` leaves one example text out (leave-one-out evaluation). */
  match(question: string, ignore?: string): ExampleMatches;
}

function termsOf(text: string, expand: SynonymExpander, weights: QueryWeights): Map<string, number> {
  const normalized = normalize(text);
  const canonicals = expand(normalized).slice(normalized.length).trim().split(' ').filter(Boolean);
  const terms = weightedQueryTerms(normalized, canonicals, weights);
  const flat = new Map<string, number>();
  for (const channel of Object.keys(CHANNEL_WEIGHT) as Channel[]) {
    const w = CHANNEL_WEIGHT[channel];
    if (w === 0) continue;
    for (const [term, weight] of terms[channel]) flat.set(`${channel}:${term}`, weight * w);
  }
  return flat;
}

function unit(vector: Vector): Vector {
  let norm = 0;
  for (const v of vector.values()) norm += v * v;
  const length = Math.sqrt(norm) || 1;
  return new Map([...vector].map(([k, v]) => [k, v / length]));
}

/** Indexes labelled questions whose document exists (or that are off-topic). */
export function createExampleIndex(
  examples: readonly ExampleQuestion[],
  knownDocs: ReadonlySet<string>,
  expand: SynonymExpander,
  weights: QueryWeights,
): ExampleIndex {
  const kept = examples.filter((e) => e.doc === null || knownDocs.has(e.doc));
  const raw = kept.map((e) => termsOf(e.q, expand, weights));
  const df = new Map<string, number>();
  for (const terms of raw) for (const term of terms.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const total = kept.length;
  const idf = (term: string): number => Math.log(1 + (total + 1) / ((df.get(term) ?? 0) + 0.5));
  const weigh = (terms: Map<string, number>): Vector =>
    unit(new Map([...terms].map(([t, w]) => [t, w * idf(t)])));
  const vectors = raw.map(weigh);
  const postings = new Map<string, { example: number; weight: number }[]>();
  vectors.forEach((vector, example) => {
    for (const [term, weight] of vector) {
      const list = postings.get(term) ?? [];
      list.push({ example, weight });
      postings.set(term, list);
    }
  });
  return {
    size: kept.length,
    match(question, ignore) {
      const query = weigh(termsOf(question, expand, weights));
      const dot = new Float64Array(total);
      for (const [term, weight] of query)
        for (const p of postings.get(term) ?? []) dot[p.example] = (dot[p.example] ?? 0) + weight * p.weight;
      const byDoc = new Map<string, number>();
      let offTopic = 0;
      kept.forEach((example, i) => {
        if (ignore !== undefined && example.q === ignore) return;
        const similarity = dot[i] ?? 0;
        if (example.doc === null) offTopic = Math.max(offTopic, similarity);
        else if (similarity > (byDoc.get(example.doc) ?? 0)) byDoc.set(example.doc, similarity);
      });
      return { byDoc, offTopic };
    },
  };
}
