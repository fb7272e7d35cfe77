import { ChatOpenAI } from '@langchain/openai';
import type { BaseMessage } from '@langchain/core/messages';
import type { Contacts } from '../../bot/contacts';
import type { LlmAnswerer, LlmOutcome, LlmRequest } from '../../knowledge/retrieval/llm-contract';
import { allowedReferences, checkAnswer } from './guardrails';
import { buildMessages, newTag, systemPrompt } from './prompt';

/** How to reach the model; any OpenAI-compatible endpoint. */
export interface LlmAnswererOptions {
  apiKey: string;
  baseUrl?: string;
  model: string;
  /** Every number and address in it may be repeated by the model (the help centre …). */
  contacts?: Contacts;
  /** Characters an answer may have (Kakao folds at 500; the source card follows). */
  maxAnswerChars?: number;
  /** Output tokens when the caller does not say. */
  defaultMaxTokens?: number;
  /**
   * The process-wide ceiling on model calls (LLM_CALLS_PER_MINUTE), shared with every other model
   * caller: when it refuses, the caller answers offline. A flood cannot run up the model bill.
   */
  callBudget?: { allow(key: string): boolean };
}

class DeadlineExceeded extends Error {
  constructor(ms: number) {
    super(`LLM deadline of ${ms} ms passed`);
    this.name = 'DeadlineExceeded';
  }
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content
      .map((part) => (typeof part === 'string' ? part : typeof part?.text === 'string' ? part.text : ''))
      .join('');
  return '';
}

/**
 * Resolves with the model's text or rejects at the deadline even if the client ignores the abort
 * (a hanging socket must never hold a turn). The abort also closes the HTTP request.
 */
async function invokeWithin(
  model: ChatOpenAI,
  messages: BaseMessage[],
  deadlineMs: number,
  outer?: AbortSignal,
): Promise<string> {
  const controller = new AbortController();
  const signal = outer ? AbortSignal.any([controller.signal, outer]) : controller.signal;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        controller.abort(new DeadlineExceeded(deadlineMs));
        reject(new DeadlineExceeded(deadlineMs));
      },
      Math.max(1, deadlineMs),
    );
    outer?.addEventListener('abort', () => reject(new DeadlineExceeded(0)), { once: true });
  });
  // The race observes the rejection; this keeps a late one (outer abort after we finished) quiet.
  deadline.catch(() => undefined);
  try {
    const message = await Promise.race([model.invoke(messages, { signal }), deadline]);
    return contentText(message.content);
  } finally {
    clearTimeout(timer);
    if (!controller.signal.aborted) controller.abort();
  }
}

/**
 * The grounded LLM answerer: ChatOpenAI over retrieved passages, answers checked by the guardrails.
 * Never throws: a timeout, an HTTP error or an unsafe answer becomes a `failed` outcome, and the
 * caller answers offline.
 */
export function createLlmAnswerer(options: LlmAnswererOptions): LlmAnswerer {
  const maxChars = options.maxAnswerChars ?? 400;
  const models = new Map<number, ChatOpenAI>();
  const modelFor = (maxTokens: number): ChatOpenAI => {
    let model = models.get(maxTokens);
    if (!model) {
      model = new ChatOpenAI({
        model: options.model,
        apiKey: options.apiKey,
        configuration: options.baseUrl ? { baseURL: options.baseUrl } : undefined,
        temperature: 0,
        maxTokens,
        // The caller's deadline is the budget; a retry would only spend it twice.
        maxRetries: 0,
      });
      models.set(maxTokens, model);
    }
    return model;
  };

  return {
    async answer(request: LlmRequest): Promise<LlmOutcome> {
      if (request.passages.length === 0) return { kind: 'unknown' };
      if (request.deadlineMs <= 0 || request.signal?.aborted) return { kind: 'failed', reason: 'timeout' };
      if (options.callBudget && !options.callBudget.allow('llm')) return { kind: 'failed', reason: 'busy' };
      const tag = newTag();
      const messages = buildMessages(request, tag, maxChars);
      let raw: string;
      try {
        raw = await invokeWithin(
          modelFor(request.maxTokens ?? options.defaultMaxTokens ?? 350),
          messages,
          request.deadlineMs,
          request.signal,
        );
      } catch (error) {
        return {
          kind: 'failed',
          reason:
            error instanceof DeadlineExceeded || (error as Error)?.name === 'AbortError'
              ? 'timeout'
              : 'error',
        };
      }
      return checkAnswer({
        raw,
        prompt: systemPrompt(request.language, tag, maxChars),
        question: request.question,
        passages: request.passages,
        allowed: allowedReferences(request.passages, options.contacts),
        language: request.language,
        maxChars,
      });
    },
  };
}
