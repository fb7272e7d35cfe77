import type { Language } from '../../bot/people';
import type { KnowledgeDoc } from './docs';
import type { KoreanRetriever, SearchResult } from './korean-retriever';
import { ANSWER_THRESHOLD, SUGGEST_THRESHOLD } from './offline-answer';
import { bestPassage, PASSAGE_MAX_CHARS } from './passage';

/** How many documents a "did you mean" list offers at most. */
export const MAX_CANDIDATES = 3;

/**
 * What the knowledge base makes of a question, before any wording: one document to answer with,
 * up to three to offer as a numbered "did you mean" list (the dialog engine shows it for one turn),
 * or a refusal (nothing close enough: the caller says so and offers the help centre).
 */
export type KnowledgeDecision =
  | { kind: 'answer'; doc: KnowledgeDoc; passage: string; confidence: number }
  | { kind: 'suggest'; candidates: KnowledgeDoc[]; confidence: number }
  | { kind: 'refuse'; confidence: number };

/** The decision for a search result alone (no passage yet). */
export type SearchDecision =
  | { kind: 'answer'; doc: KnowledgeDoc }
  | { kind: 'suggest'; candidates: KnowledgeDoc[] }
  | { kind: 'refuse' };

/** Answer above the answer threshold, offer the leaders between the two, refuse below. */
export function decide(result: SearchResult): SearchDecision {
  const top = result.hits[0];
  if (top && result.confidence >= ANSWER_THRESHOLD) return { kind: 'answer', doc: top.doc };
  if (top && result.confidence >= SUGGEST_THRESHOLD)
    return { kind: 'suggest', candidates: result.hits.slice(0, MAX_CANDIDATES).map((h) => h.doc) };
  return { kind: 'refuse' };
}

/**
 * Answers a question in people's words from the knowledge documents, offline. The passage is the
 * part of the document that answers it (in English when the document has an English version and
 * the question is English), at most `maxChars` long.
 */
export function answerQuestion(
  retriever: KoreanRetriever,
  text: string,
  lang: Language,
  maxChars = PASSAGE_MAX_CHARS,
): KnowledgeDecision {
  const result = retriever.search(text, MAX_CANDIDATES);
  const decision = decide(result);
  const confidence = result.confidence;
  if (decision.kind === 'answer') {
    const version = lang === 'en' && decision.doc.en ? decision.doc.en : decision.doc.ko;
    return { ...decision, passage: bestPassage(version, text, maxChars), confidence };
  }
  return { ...decision, confidence };
}
