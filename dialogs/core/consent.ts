import { matchChoice } from '../../bot/choices';
import { choicesReply } from '../../bot/dialog/reply';
import type { DialogState, TurnContext, TurnResult } from '../../bot/dialog';
import type { QuickReply, Reply } from '../../bot/messages';
import { updatePerson } from '../../bot/people-store';
import type { AgeBand, ConsentState, Person } from '../../bot/people';
import { pendingCode } from './code-commands';

/**
 * Consent (PIPA Art. 22-2), asked kindly only when it matters: before a flow stores anything
 * personal. Under 14, history waits for a guardian's confirmation; everything else still works.
 */

const ageOptions = (ctx: TurnContext): QuickReply[] => [
  { label: ctx.texts.t('core.ageUnder14'), postback: 'core:age:under14' },
  { label: ctx.texts.t('core.age14to18'), postback: 'core:age:14to18' },
  { label: ctx.texts.t('core.ageAdult'), postback: 'core:age:adult' },
];

/** True when the state is the age question. */
export const isAgeState = (state: DialogState | null): boolean =>
  state?.flow === 'core' && state.step === 'age';

/**
 * Asks the age band (if unknown) before a flow stores something; `resumePostback` is routed
 * again once answered. Returns null when the age band is already known.
 */
export function askAgeBand(ctx: TurnContext, resumePostback: string): TurnResult | null {
  if (ctx.person.ageBand !== null || ctx.person.consent !== 'unknown') return null;
  return {
    reply: askAgeReply(ctx, false),
    state: { v: 1, flow: 'core', step: 'age', answers: { resume: resumePostback } },
  };
}

/** The age question, in full or (after a digression) as one short line with the same choices. */
export const askAgeReply = (ctx: TurnContext, again: boolean): Reply =>
  choicesReply(ctx.texts.t(again ? 'core.askAgeAgain' : 'core.askAge'), ageOptions(ctx));

/** Handles the answer to the age question (typed "1", "만 14세 미만", a number of years, or a tap). */
export function answerAgeBand(ctx: TurnContext): TurnResult | null {
  let band: AgeBand | null = null;
  const chosen = matchChoice(ctx.input, ageOptions(ctx));
  if (chosen) band = chosen.postback.slice('core:age:'.length) as AgeBand;
  const years =
    /^(?:저는\s*|전\s*)?(?:만\s*)?(\d{1,2})\s*(?:(?:살|세|years?(?: old)?)\s*)?(?:이요|이에요|예요|요|입니다)?[.!~]*$/i.exec(
      ctx.input.text.trim(),
    );
  if (!band && years && !chosen) {
    const age = Number(years[1]);
    band = age < 14 ? 'under14' : age < 19 ? '14to18' : 'adult';
  }
  if (!band) return null;
  const consent: ConsentState = band === 'under14' ? 'under14_pending' : 'adult_or_14plus';
  const bandChosen = band;
  ctx.defer((tx) => updatePerson(tx, ctx.person.id, { ageBand: bandChosen, consent }));
  const resume = typeof ctx.state?.answers.resume === 'string' ? ctx.state.answers.resume : undefined;
  const person: Partial<Person> = { ageBand: band, consent };
  const messages = [{ type: 'text' as const, text: ctx.texts.t('core.ageSaved') }];
  if (band === 'under14') {
    const code = pendingCode(ctx, 'guardian_consent', null);
    messages.push({ type: 'text', text: ctx.texts.t('core.guardianNeeded', { code }) });
  }
  return {
    reply: { messages, quickReplies: [] },
    state: null,
    then: resume ? { postback: resume, person } : undefined,
  };
}
