import { normalizeTyped } from '../../bot/choices';
import type { DialogState, Intent, TurnContext, TurnResult } from '../../bot/dialog';
import type { Reply } from '../../bot/messages';

/** The pieces every core command is built from: its state, one catalogue sentence, typed phrases. */

export const CORE_V = 1;
/** A step of the core flow (the deletion confirmation, the audience question). */
export const coreState = (step: string, answers: Record<string, unknown> = {}): DialogState => ({
  v: CORE_V,
  flow: 'core',
  step,
  answers,
});

/** One sentence from the catalogue as a reply. */
export const say = (ctx: TurnContext, key: string, params?: Record<string, string | number>): Reply => ({
  messages: [{ type: 'text', text: ctx.texts.t(key, params) }],
  quickReplies: [],
});

/** An intent matched by exact typed phrases (spacing and case ignored) or by postback. */
export function command(
  name: string,
  phrases: string[],
  postbacks: string[],
  handle: (ctx: TurnContext) => Promise<TurnResult> | TurnResult,
): Intent {
  const typed = new Set(phrases.map(normalizeTyped));
  return {
    name,
    match: (ctx) =>
      (ctx.input.postback && postbacks.includes(ctx.input.postback)) ||
      (!ctx.input.postback && typed.has(normalizeTyped(ctx.input.text)))
        ? 1
        : 0,
    handle: async (ctx) => handle(ctx),
  };
}
