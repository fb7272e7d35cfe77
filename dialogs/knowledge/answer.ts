import { text, type Reply } from '../../bot/messages';
import type { Language } from '../../bot/people';
import type { KnowledgeDoc } from '../../knowledge/retrieval/docs';
import type { KoreanRetriever, SearchResult } from '../../knowledge/retrieval/korean-retriever';
import type { LlmAnswerer, LlmPassage, LlmTurn } from '../../knowledge/retrieval/llm-contract';
import {
  ANSWER_THRESHOLD,
  MENU_POSTBACK,
  notSureReply,
  offlineAnswer,
  sourceCard,
  SUGGEST_THRESHOLD,
  type AnswerDeps,
  type KnowledgeAnswer,
} from '../../knowledge/retrieval/offline-answer';
import { bestPassage } from '../../knowledge/retrieval/passage';

/** Time kept back from the caller's budget for rendering and saving the turn. */
export const LLM_MARGIN_MS = 150;
/** Output tokens for one answer (≈ 3 short sentences in Korean). */
export const LLM_MAX_TOKENS = 350;

export interface AnswerInput {
  /** Masked question. */
  question: string;
  language: Language;
  /** Earlier knowledge turns of this user, oldest first. */
  history: LlmTurn[];
  /** `ctx.slowWorkBudgetMs`: 0 means offline now. */
  budgetMs: number;
  retriever: KoreanRetriever;
  llm?: LlmAnswerer;
  deps: AnswerDeps;
  signal?: AbortSignal;
}

/**
 * Searches with the question alone, and for a short follow-up ("그럼 신청은?") also with the
 * previous question in front; keeps the surer of the two.
 */
export function searchWithHistory(
  retriever: KoreanRetriever,
  question: string,
  history: LlmTurn[],
): SearchResult {
  const alone = retriever.search(question, 3);
  const previous = history.at(-1)?.question;
  if (!previous || alone.confidence >= ANSWER_THRESHOLD) return alone;
  const joined = retriever.search(`${previous} ${question}`, 3);
  return joined.confidence > alone.confidence ? joined : alone;
}

const versionOf = (doc: KnowledgeDoc, language: Language) => (language === 'en' && doc.en ? doc.en : doc.ko);

function passageOf(doc: KnowledgeDoc, question: string, language: Language): LlmPassage {
  const version = versionOf(doc, language);
  return {
    id: doc.id,
    title: version.title,
    text: bestPassage(version, question, 1200),
    source: doc.source,
    link: doc.link,
    language: language === 'en' && doc.en ? 'en' : 'ko',
  };
}

function llmReply(answerText: string, cited: KnowledgeDoc[], deps: AnswerDeps, language: Language): Reply {
  const t = deps.texts[language];
  return {
    messages: [
      text(answerText),
      ...cited.slice(0, 1).map((doc) => sourceCard(doc, deps, language, 'knowledge.citedTitle')),
    ],
    quickReplies: [{ label: t.t('common.menu'), postback: MENU_POSTBACK }],
  };
}

/**
 * Answers a question: retrieval first; the LLM over the retrieved passages only when there is
 * budget and a model; any model failure or timeout falls back to the offline answer (the error
 * boundary: a knowledge turn always has an answer).
 */
export async function answerQuestion(input: AnswerInput): Promise<KnowledgeAnswer> {
  const { question, language, history, retriever, deps } = input;
  const result = searchWithHistory(retriever, question, history);
  const offline = offlineAnswer(result, question, deps, language);
  const deadlineMs = input.budgetMs - LLM_MARGIN_MS;
  // Nothing relevant retrieved: the model could only say it does not know, so do not spend the time.
  if (!input.llm || deadlineMs <= 0 || result.hits.length === 0 || result.confidence < SUGGEST_THRESHOLD)
    return offline;
  try {
    const passages = result.hits.map((hit) => passageOf(hit.doc, question, language));
    const outcome = await input.llm.answer({
      question,
      language,
      passages,
      history,
      deadlineMs,
      maxTokens: LLM_MAX_TOKENS,
      signal: input.signal,
    });
    if (outcome.kind === 'answer') {
      const cited = outcome.citedIds
        .map((id) => retriever.get(id))
        .filter((d): d is KnowledgeDoc => d !== undefined);
      return {
        reply: llmReply(outcome.text, cited, deps, language),
        answered: true,
        confidence: result.confidence,
        topDocId: cited[0]?.id ?? offline.topDocId,
        suggestions: [],
        via: 'llm',
      };
    }
    if (outcome.kind === 'unknown') {
      const suggestions = result.hits.slice(0, 3).map((h) => h.doc);
      return {
        reply: notSureReply(deps, language, suggestions),
        answered: false,
        confidence: result.confidence,
        topDocId: offline.topDocId,
        suggestions: suggestions.map((d) => d.id),
        via: 'llm',
      };
    }
    return offline;
  } catch {
    return offline;
  }
}
