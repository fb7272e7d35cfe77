import { createEligibilityCapability } from '../dialogs/eligibility';
import { createCrisisReplyBuilder } from '../knowledge/risk/crisis-reply';
import { createRiskScreen, loadRiskLexicon } from '../knowledge/risk/screen';
import type { BotPlugins } from './bot';
import { fromRoot } from './paths';

/**
 * The capabilities, channels and risk screen this deployment runs. Each capability lands here
 * with one line; the host itself knows none of them.
 */
export function defaultPlugins(): BotPlugins {
  return {
    risk: ({ texts, contacts }) => ({
      screen: createRiskScreen(loadRiskLexicon(fromRoot('knowledge', 'risk', 'lexicon.yaml'))),
      crisisReply: createCrisisReplyBuilder(contacts, texts),
    }),
    capabilities: (deps) => [createEligibilityCapability(deps)],
  };
}
