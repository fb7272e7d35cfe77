export { createKnowledgeCapability, FALLBACK_SCORE, type KnowledgeCapabilityDeps } from './capability';
export { answerQuestion } from './answer';
export type { LlmAnswerer } from '../../knowledge/retrieval/llm-contract';
