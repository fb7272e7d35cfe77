import { createEligibilityCapability } from '../dialogs/eligibility';
import { createKnowledgeCapability } from '../dialogs/knowledge';
import { createQuizCapability } from '../dialogs/quiz';
import { createDutyRoster, createHelpersCapability, createSupportCapability } from '../dialogs/support';
import type { DutyRoster } from '../dialogs/support/roster';
import { moderationFromConfig } from '../integrations/alerts/moderation';
import { createKakaoChannel } from '../integrations/kakao/kakao-channel';
import { createLineChannel } from '../integrations/line/line-channel';
import { createLlmAnswerer } from '../integrations/llm/answerer';
import { createCrisisReplyBuilder } from '../knowledge/risk/crisis-reply';
import { loadRiskScreen, updateRiskMemory } from '../knowledge/risk/screen';
import type { BotPlugins } from './bot';
import { projectRoot } from './paths';
import { createRateLimiter } from './rate-limit';

/**
 * The capabilities, channels and risk screen this deployment runs. Each capability lands here
 * with one line; the host itself knows none of them. Order matters: support first (its relay
 * claims turns before anyone), the knowledge answer last (it is the fallback).
 */
export function defaultPlugins(): BotPlugins {
  let roster: DutyRoster | undefined;
  return {
    risk: ({ texts, contacts }) => ({
      screen: loadRiskScreen(projectRoot()),
      remember: updateRiskMemory,
      crisisReply: createCrisisReplyBuilder(contacts, texts),
    }),
    capabilities: (deps) => {
      roster = createDutyRoster(deps.db, deps.clock);
      // One ceiling for every model call of this process (answers and second opinions).
      const callBudget = createRateLimiter({
        perMinute: deps.config.llmCallsPerMinute,
        burst: Math.max(1, Math.ceil(deps.config.llmCallsPerMinute / 4)),
        maxKeys: 1,
      });
      const llm = deps.config.llm
        ? createLlmAnswerer({ ...deps.config.llm, contacts: deps.contacts, callBudget })
        : undefined;
      return [
        createSupportCapability(deps, {
          roster,
          moderation: moderationFromConfig(deps.config, callBudget),
          clock: deps.clock,
        }),
        createHelpersCapability(deps, { roster }),
        createEligibilityCapability(deps),
        createQuizCapability(deps),
        createKnowledgeCapability({ ...deps, llm }),
      ];
    },
    channels: (deps) => [createKakaoChannel(deps), createLineChannel(deps)],
    // Step 0 reads who is on duty from the roster's in-memory snapshot, never the database.
    dutyStatus: () => roster?.dutyStatus() ?? { personOnDuty: false },
  };
}
