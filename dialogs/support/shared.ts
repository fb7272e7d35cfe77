import type { DialogState, TurnContext, TurnResult } from '../../bot/dialog';
import type { Reply } from '../../bot/messages';
import type { Person } from '../../bot/people';
import { seoulParts } from '../../bot/calendar';
import type { LadderDeps } from './ladder';
import type { DutyRoster } from './roster';

export const FLOW = 'support';
export const STATE_VERSION = 1;

/** What the support capability's parts share. */
export interface SupportContext {
  deps: LadderDeps;
  roster: DutyRoster;
}

/** A support frame's state (the engine pushes it over whatever flow the person was in). */
export const supportState = (step: string, answers: Record<string, unknown>): DialogState => ({
  v: STATE_VERSION,
  flow: FLOW,
  step,
  answers,
});

/** A helper's own support steps: which student the next words are for, and the close note. */
export const HELPER_STEPS: ReadonlySet<string> = new Set(['pick', 'close']);

/**
 * Leaves a helper's support step (pick, close) when the turn is in one: a null state ends the
 * support frame, so the flow the helper was in before (a quiz) resumes beneath it. Elsewhere the
 * stack is left as it is.
 */
export const leaveHelperStep = (ctx: TurnContext): Pick<TurnResult, 'state'> =>
  ctx.state?.flow === FLOW && HELPER_STEPS.has(ctx.state.step) ? { state: null } : {};

/** Mentors, coordinators and staff. */
export const isHelper = (person: Person): boolean =>
  person.roles.some((r) => r === 'mentor' || r === 'coordinator' || r === 'staff');

/** Who a case is about, for the case row. */
export const caseSpeaker = (person: Person): 'student' | 'parent' | 'unknown' =>
  person.audience === 'parent' ? 'parent' : person.audience === 'student' ? 'student' : 'unknown';

/** A text reply. */
export const textReply = (lines: string[], quickReplies: Reply['quickReplies'] = []): Reply => ({
  messages: [{ type: 'text', text: lines.filter((l) => l.length > 0).join('\n') }],
  quickReplies,
});

/** "14:05" in Seoul. */
export const seoulTime = (at: Date): string => {
  const p = seoulParts(at);
  return `${String(p.month)}/${String(p.day)} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};

/** Typed text for comparisons: no spaces or punctuation, lower case. */
export const squash = (text: string): string =>
  text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\s.,!?~'"()[\]{}·:;+-]+/g, '');

/** Whether the turn's typed text equals one of the phrases (spacing and punctuation ignored). */
export const typedOneOf = (ctx: TurnContext, phrases: readonly string[]): boolean =>
  !ctx.input.postback && phrases.map(squash).includes(squash(ctx.input.text));
