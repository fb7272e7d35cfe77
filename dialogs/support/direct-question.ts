import type { TurnContext, TurnResult } from '../../bot/dialog';
import { isDenialJoke, parseYesNo, type YesNo } from '../../bot/dialog/parsers/yes-no';
import type { QuickReply, Reply } from '../../bot/messages';
import type { CrisisReplyBuilder, RiskAssessment } from '../../bot/risk';
import { askLines } from '../../knowledge/risk/crisis-reply';
import { FINAL_STAGE, excerptOf, openOrRaise, say, type CaseLevel } from './ladder';
import { MODE } from './mode';
import { caseSpeaker, supportState, textReply, type SupportContext } from './shared';
import { offerChoice } from './student';

/**
 * The direct question (ASQ style, risk-screen.md "How to answer"): for a passive wish, a burden, no hope
 * or a score between the screen's thresholds, reflect, then ask once, plainly, whether they think of
 * dying or hurting themselves. Yes → the crisis reply and a case; no → a gentle offer of a person;
 * unsure → the lines and a person; no answer → the question stays open. A denial ("농담이야") after a
 * disclosure does not close it: the lines stay visible and the bot asks once more later.
 */
const ASKED = 'asked';
const ASKED_NOW = 'askedNow';
const POSTBACK = 'support:asq:';
/** "Ask once more later": a check-in through the outbox after this long. */
export const RECHECK_AFTER_MS = 3 * 3_600_000;

const options = (ctx: TurnContext): QuickReply[] => [
  { label: ctx.texts.t('support.asq.yes'), postback: `${POSTBACK}yes` },
  { label: ctx.texts.t('support.asq.no'), postback: `${POSTBACK}no` },
  { label: ctx.texts.t('support.asq.unsure'), postback: `${POSTBACK}unsure` },
];

/** Reads the answer: a tapped button, a typed label or number, or words such as 응 / ㄴㄴ / 글쎄. */
export function answerOf(ctx: TurnContext): YesNo | null {
  const tapped = ctx.input.postback?.startsWith(POSTBACK)
    ? ctx.input.postback.slice(POSTBACK.length)
    : undefined;
  if (tapped === 'yes' || tapped === 'no' || tapped === 'unsure') return tapped;
  const typed = ctx.input.text.trim();
  const index = ['1', '2', '3'].indexOf(typed.replace(/번$/, ''));
  if (index >= 0) return (['yes', 'no', 'unsure'] as const)[index] ?? null;
  return parseYesNo(typed);
}

const withNumbers = (lines: string[], choices: QuickReply[]): Reply =>
  textReply([...lines, choices.map((c, i) => `${i + 1}. ${c.label}`).join('\n')], choices);

/** Asks the direct question; the state remembers what led to it (signals only, an excerpt with consent). */
export function askTurn(ctx: TurnContext, sc: SupportContext, lead: string[] = []): TurnResult {
  const choices = options(ctx);
  return {
    reply: withNumbers([...lead, ...askLines(sc.deps.contacts, ctx.texts)], choices),
    state: supportState(ASKED, {
      signals: ctx.risk.signals,
      // Protection of life: what the student said is kept for the person who will help (Art. 23 exception).
      excerpt: ctx.input.text ? excerptOf(ctx.input.text) : null,
    }),
  };
}

/** True when the person is waiting on the direct question (or its "right now?" follow-up). */
export const isAsking = (ctx: TurnContext): boolean =>
  ctx.state?.flow === 'support' && (ctx.state.step === ASKED || ctx.state.step === ASKED_NOW);

function openHighCase(ctx: TurnContext, sc: SupportContext, signal: string, startStage = 0): void {
  const saved = ctx.state?.answers ?? {};
  const excerpt = typeof saved.excerpt === 'string' ? saved.excerpt : null;
  // What they said, then their answer to the question (both are what the helper needs to read).
  const said = [excerpt, ctx.input.text.trim()].filter(Boolean).join(' → ');
  const signals = [...(Array.isArray(saved.signals) ? (saved.signals as string[]) : []), signal];
  const level: CaseLevel = 'high';
  ctx.defer((tx) =>
    openOrRaise(
      tx,
      sc.deps,
      {
        personId: ctx.person.id,
        level,
        source: 'screen',
        speaker: caseSpeaker(ctx.person),
        excerpt,
        said: said || null,
        signals,
        botSent: startStage === FINAL_STAGE ? 'crisis_now' : 'crisis_reply',
        wants: null,
        startStage,
      },
      ctx.now,
    ).then(() => undefined),
  );
}

/** Plans the one later check-in after a denial (idempotent per person and day). */
function planRecheck(ctx: TurnContext, sc: SupportContext): void {
  const reply = withNumbers([ctx.texts.t('support.asq.recheck')], options(ctx));
  ctx.defer(async (tx) => {
    await sc.deps.outbox.enqueue(tx, {
      personId: ctx.person.id,
      channel: ctx.person.channel,
      channelUserId: ctx.person.channelUserId,
      reply,
      purpose: 'notice',
      idempotencyKey: `support:asq-recheck:${ctx.person.id}:${ctx.now.toISOString().slice(0, 10)}`,
      notBefore: new Date(ctx.now.getTime() + RECHECK_AFTER_MS),
    });
  });
}

/**
 * The answer to the direct question (or its follow-up). Returns null when the message is not an answer:
 * the router answers it and the question stays open in the state.
 */
export async function askedStep(
  ctx: TurnContext,
  sc: SupportContext,
  crisisReply: CrisisReplyBuilder,
): Promise<TurnResult | null> {
  const answer = answerOf(ctx);
  if (answer === null) return null;
  // Once a case is open, the student's messages belong to it (support mode).
  const mode = supportState(MODE, {});
  const crisis = (assessment: RiskAssessment): Reply =>
    crisisReply(assessment, {
      speaker: 'student',
      language: ctx.person.language,
      ...sc.roster.dutyStatus(),
    });

  if (ctx.state?.step === ASKED_NOW) {
    if (answer === 'yes' || answer === 'unsure') {
      // Something done or ready now: 119/112 first, and everyone on the ladder at once.
      openHighCase(ctx, sc, 'asq.now', FINAL_STAGE);
      return {
        reply: crisis({ level: 'high', signals: ['asq.now'], inProgress: true }),
        state: mode,
      };
    }
    return { reply: textReply([ctx.texts.t('support.asq.nowNo')]), state: mode };
  }

  if (answer === 'yes' || answer === 'unsure') {
    openHighCase(ctx, sc, `asq.${answer}`);
    const lead = ctx.texts.t(answer === 'yes' ? 'support.asq.yesLead' : 'support.asq.unsureLead');
    const lines = crisis({ level: 'high', signals: [`asq.${answer}`] });
    const nowQuestion = withNumbers([ctx.texts.t('support.asq.now')], options(ctx).slice(0, 2));
    return {
      reply: {
        messages: [{ type: 'text', text: lead }, ...lines.messages, ...nowQuestion.messages],
        quickReplies: nowQuestion.quickReplies,
      },
      state: supportState(ASKED_NOW, { ...(ctx.state?.answers ?? {}) }),
    };
  }
  if (isDenialJoke(ctx.input.text)) {
    // One denial does not close it: acknowledge, keep the lines visible, ask once more later.
    planRecheck(ctx, sc);
    return { reply: textReply([say(ctx.texts, sc.deps.contacts, 'asq.denial')]), state: null };
  }
  return offerChoice(ctx, sc, [ctx.texts.t('support.asq.noLead')]);
}

/**
 * A denial after a crisis disclosure (no question pending): acknowledge, keep the lines visible, and
 * ask once more later. Null when the message is not such a denial.
 */
export function denialAfterDisclosure(ctx: TurnContext, sc: SupportContext): TurnResult | null {
  if (!isDenialJoke(ctx.input.text)) return null;
  planRecheck(ctx, sc);
  return { reply: textReply([say(ctx.texts, sc.deps.contacts, 'asq.denial')]), state: ctx.state };
}
