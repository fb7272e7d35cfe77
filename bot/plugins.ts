import { createEligibilityCapability } from '../dialogs/eligibility';
import { createKnowledgeCapability } from '../dialogs/knowledge';
import { createQuizCapability } from '../dialogs/quiz';
import { createLlmAnswerer } from '../integrations/llm/answerer';
import { createCrisisReplyBuilder } from '../knowledge/risk/crisis-reply';
import { createRiskScreen, loadRiskLexicon } from '../knowledge/risk/screen';
import type { BotPlugins } from './bot';
import { fromRoot } from './paths';

/**
 * The capabilities, channels and risk screen this deployment runs. Each capability lands here
 * with one line; the host itself knows none of them. Order matters only for equal intent
 * scores; the knowledge answer is the fallback and comes last.
 */
export function defaultPlugins(): BotPlugins {
  return {
    risk: ({ texts, contacts }) => ({
      screen: createRiskScreen(loadRiskLexicon(fromRoot('knowledge', 'risk', 'lexicon.yaml'))),
      crisisReply: createCrisisReplyBuilder(contacts, texts),
    }),
    capabilities: (deps) => {
      const llm = deps.config.llm ? createLlmAnswerer({ ...deps.config.llm, contacts: deps.contacts }) : undefined;
      return [createEligibilityCapability(deps), createQuizCapability(deps), createKnowledgeCapability({ ...deps, llm })];
    },
  };
}
