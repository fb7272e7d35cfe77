/** Emotional support and escalation (issue 8): the capability and the duty roster for step 0. */
export {
  createSupportCapability,
  type ModerationCheck,
  type SupportCapability,
  type SupportOptions,
} from './capability';
export { createDutyRoster, type DutyRoster } from './roster';
export { caseThread, threadLines, type ThreadEntry } from './thread';
export { createHelpersCapability } from './helpers-capability';
