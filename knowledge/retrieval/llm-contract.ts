import type { Language } from '../../bot/people';

/** One retrieved passage handed to the model as data. */
export interface LlmPassage {
  id: string;
  title: string;
  text: string;
  source: string;
  link: string;
  /** Language the passage is written in (a Korean-only doc may serve an English question). */
  language: Language;
}

/** An earlier knowledge exchange with the same user (masked question, our answer). */
export interface LlmTurn {
  question: string;
  answer: string;
}

/** What the caller asks the model: the masked question, passages, a budget and a deadline. */
export interface LlmRequest {
  /** The user's question, already masked by the host. Nothing else about the person is sent. */
  question: string;
  language: Language;
  passages: LlmPassage[];
  /** The last few knowledge turns of this user (never support conversations). */
  history: LlmTurn[];
  /** Milliseconds the caller can wait; after that the call is abandoned. */
  deadlineMs: number;
  /** Output token budget. */
  maxTokens?: number;
  /** The caller's own cancellation (e.g. the Kakao callback window closed). */
  signal?: AbortSignal;
}

/** Why a model answer was not used; the caller then answers offline. `busy`: over LLM_CALLS_PER_MINUTE. */
export type LlmFailure = 'timeout' | 'error' | 'unsafe' | 'ungrounded' | 'empty' | 'busy';

/** The checked outcome; never throws, never carries unchecked model text. */
export type LlmOutcome =
  | { kind: 'answer'; text: string; citedIds: string[] }
  | { kind: 'unknown' }
  | { kind: 'failed'; reason: LlmFailure };

/** A grounded answerer (integrations/llm implements it; dialogs only see this contract). */
export interface LlmAnswerer {
  answer(request: LlmRequest): Promise<LlmOutcome>;
}
