import { matchChoice } from '../../bot/choices';
import { choicesReply } from '../../bot/dialog/reply';
import type { DialogState, TurnContext, TurnResult } from '../../bot/dialog';
import type { QuickReply, Reply } from '../../bot/messages';
import { updatePerson } from '../../bot/people-store';
import type { AgeBand, ConsentState, Person } from '../../bot/people';
import { parseAgeGrade } from '../../bot/dialog/parsers/age-grade';
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

const bandOfAge = (age: number): AgeBand => (age < 14 ? 'under14' : age < 19 ? '14to18' : 'adult');

/** School years whose 만 나이 is on one side of 14 whatever the birthday (중2 and 대학생 straddle it). */
const UNDER_14_GRADES = /^(유치원|초[1-6]|중1)$/;
const FROM_14_TO_18_GRADES = /^(중3|고[1-3])$/;

/**
 * The age band a typed answer gives ("15살", "만 13세", "중3", "2012년생"), read by the parser
 * library; null when the answer could fall on either side of a band's edge (중2 is 13 or 14 by the
 * birthday, a birth year likewise), so the person picks a button instead of being guessed.
 */
function bandOfTyped(text: string, now: Date): AgeBand | null {
  const said = parseAgeGrade(text);
  if (!said) return null;
  if (said.age !== undefined && said.ageKind !== 'korean') return bandOfAge(said.age);
  if (said.age !== undefined) {
    // 한국 나이 is 만 나이 plus one or two.
    const [younger, older] = [bandOfAge(said.age - 2), bandOfAge(said.age - 1)];
    return younger === older ? younger : null;
  }
  if (said.birthYear !== undefined) {
    const year = Number(now.toLocaleString('en-US', { timeZone: 'Asia/Seoul', year: 'numeric' }));
    const [beforeBirthday, after] = [bandOfAge(year - said.birthYear - 1), bandOfAge(year - said.birthYear)];
    return beforeBirthday === after ? after : null;
  }
  if (said.grade && UNDER_14_GRADES.test(said.grade)) return 'under14';
  if (said.grade && FROM_14_TO_18_GRADES.test(said.grade)) return '14to18';
  return null;
}

/** Handles the answer to the age question (typed "1", "만 14세 미만", "15살", "중3", "2012년생", or a tap). */
export function answerAgeBand(ctx: TurnContext): TurnResult | null {
  let band: AgeBand | null = null;
  const chosen = matchChoice(ctx.input, ageOptions(ctx));
  if (chosen) band = chosen.postback.slice('core:age:'.length) as AgeBand;
  if (!band && !ctx.input.postback) band = bandOfTyped(ctx.input.text, ctx.now);
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
