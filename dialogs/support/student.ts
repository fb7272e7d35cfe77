import { addDays, seoulDate } from '../../bot/calendar';
import { matchChoice, numberedList } from '../../bot/choices';
import type { Queryable } from '../../bot/db/database';
import type { TurnContext, TurnResult } from '../../bot/dialog';
import type { QuickReply } from '../../bot/messages';
import { needsCrisisReply } from '../../bot/risk';
import { concernReplyTexts } from '../../knowledge/risk/crisis-reply';
import { crisisSent } from './harm';
import {
  addEvent,
  excerptOf,
  mentorIdsOf,
  openCaseOf,
  openOrRaise,
  planPage,
  say,
  FINAL_STAGE,
  type CaseLevel,
  type CaseRow,
  type PagePlan,
} from './ladder';
import { keepInThread, supportModeLines, supportModeState, topicsOf } from './mode';
import { relayQuickReplies } from './relay';
import { caseSpeaker, supportState, textReply, type SupportContext } from './shared';
import { appendThread } from './thread';

export { relayQuickReplies, studentRelayTurn, STOP_WORDS } from './relay';

/** Concern on this many of the last 7 Korean days raises attention (staff are paged). */
export const REPEATED_CONCERN_DAYS = 3;
const CONCERN_WINDOW_DAYS = 7;

export type Choice = 'mentor' | 'staff' | 'line';
const CHOICE_PREFIX = 'support:choose:';

/** The choices of who to talk to (own mentor only when linked; never for a parent). */
export function choiceOptions(
  ctx: TurnContext,
  sc: SupportContext,
  hasMentor: boolean,
): (QuickReply & { choice: Choice })[] {
  const c = concernReplyTexts(sc.deps.contacts, ctx.texts).choices;
  const parent = ctx.person.audience === 'parent';
  const options: (QuickReply & { choice: Choice })[] = [];
  if (hasMentor && !parent)
    options.push({ label: c.mentor, postback: `${CHOICE_PREFIX}mentor`, choice: 'mentor' });
  options.push({ label: c.staff, postback: `${CHOICE_PREFIX}staff`, choice: 'staff' });
  options.push({ label: c.line, postback: `${CHOICE_PREFIX}line`, choice: 'line' });
  return options;
}

/** The question "누구랑 이야기하고 싶어요?" with its numbered choices (also the step's `ask`). */
export function choiceQuestion(
  ctx: TurnContext,
  sc: SupportContext,
  hasMentor: boolean,
  lead: string[] = [],
) {
  const options = choiceOptions(ctx, sc, hasMentor);
  const question =
    ctx.person.audience === 'parent'
      ? say(ctx.texts, sc.deps.contacts, 'parent.question')
      : concernReplyTexts(sc.deps.contacts, ctx.texts).question;
  return textReply(
    [...lead, question, numberedList(options)],
    options.map(({ label, postback }) => ({ label, postback })),
  );
}

/** The empathetic answer (or the intro) with the choice of who to talk to. */
export async function offerChoice(
  ctx: TurnContext,
  sc: SupportContext,
  lead: string[],
  extra: Record<string, unknown> = {},
): Promise<TurnResult> {
  const hasMentor = (await mentorIdsOf(ctx.db, ctx.person.id)).length > 0;
  return {
    reply: choiceQuestion(ctx, sc, hasMentor, lead),
    state: supportState('choose', { ...extra, hasMentor }),
  };
}

/** Remembers the Korean day (no text) and says whether concern now repeats over days. */
async function concernRepeats(ctx: TurnContext): Promise<boolean> {
  const today = seoulDate(ctx.now);
  ctx.defer((tx) =>
    tx
      .query('INSERT INTO support_concern_days (person_id, day) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        ctx.person.id,
        today,
      ])
      .then(() => undefined),
  );
  const { rows } = await ctx.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM support_concern_days WHERE person_id = $1 AND day > $2 AND day <> $3',
    [ctx.person.id, addDays(today, -CONCERN_WINDOW_DAYS), today],
  );
  return (rows[0]?.n ?? 0) + 1 >= REPEATED_CONCERN_DAYS;
}

/** What the student said, kept until a case is opened (only with consent: concern is not life-saving). */
const pendingWords = (ctx: TurnContext): Record<string, unknown> =>
  ctx.mayStoreHistory && ctx.input.text
    ? { excerpt: excerptOf(ctx.input.text), said: ctx.input.text, signals: ctx.risk.signals }
    : { signals: ctx.risk.signals };

/** Back in support mode with a case already open: the reflective answer, kept in the thread. */
function backInSupport(ctx: TurnContext, sc: SupportContext, c: CaseRow): TurnResult {
  const reply = textReply(supportModeLines(ctx, sc, topicsOf(ctx.input.text)));
  keepInThread(ctx, c, reply);
  return { reply, state: supportModeState(ctx) };
}

/** Concern: an empathetic answer and a choice of who to talk to; repeated concern pages staff. */
export async function concernTurn(ctx: TurnContext, sc: SupportContext): Promise<TurnResult> {
  const contacts = sc.deps.contacts;
  const open = await openCaseOf(ctx.db, ctx.person.id);
  if (open) return backInSupport(ctx, sc, open);
  const lead: string[] = [];
  if (ctx.person.audience === 'parent') lead.push(say(ctx.texts, contacts, 'parent.concern'));
  else lead.push(concernReplyTexts(contacts, ctx.texts).empathy);
  if (await concernRepeats(ctx)) {
    const words = ctx.mayStoreHistory ? ctx.input.text : null;
    const input = {
      person_id: ctx.person.id,
      level: 'concern' as CaseLevel,
      wants: 'staff' as const,
      speaker: caseSpeaker(ctx.person),
      id: null,
    };
    const plan = await planPage(ctx.db, input, 1, ctx.now);
    ctx.defer((tx) =>
      openOrRaise(
        tx,
        sc.deps,
        {
          personId: ctx.person.id,
          level: 'concern',
          source: 'pattern',
          speaker: caseSpeaker(ctx.person),
          excerpt: words ? excerptOf(words) : null,
          said: words,
          signals: ctx.risk.signals,
          botSent: 'pattern',
          wants: 'staff',
          startStage: 1,
          origin: ctx.event.origin ?? null,
        },
        ctx.now,
      ).then(() => undefined),
    );
    lead.push(paged(plan) ? say(ctx.texts, contacts, 'concern.repeated') : nobodyLine(ctx, sc));
    return { reply: textReply(lead), state: supportModeState(ctx) };
  }
  return offerChoice(ctx, sc, lead, pendingWords(ctx));
}

/** Whether a plan pages someone now (an on-duty helper with a reachable channel, before the last stage). */
const paged = (plan: PagePlan): boolean => plan.stage < FINAL_STAGE && plan.recipients.length > 0;

/** The menu's "고민 상담" and requests for a person in words. */
export async function startTurn(ctx: TurnContext, sc: SupportContext): Promise<TurnResult> {
  const open = await openCaseOf(ctx.db, ctx.person.id);
  if (open?.assignee_id && !open.relay_active) return resumeRelay(ctx, sc, open);
  if (open) return { reply: textReply([await statusLine(ctx, sc, open)]), state: supportModeState(ctx) };
  return offerChoice(ctx, sc, [say(ctx.texts, sc.deps.contacts, 'start.intro')]);
}

/**
 * Where an open case stands, honestly: someone has it; a page is on its way or delivered; or
 * nobody could be paged (who will see it and when, with the lines).
 */
async function statusLine(ctx: TurnContext, sc: SupportContext, c: CaseRow): Promise<string> {
  const { rows } = await ctx.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM support_alerts a JOIN outbox o ON o.idempotency_key = a.outbox_key
      WHERE a.case_id = $1 AND o.status IN ('pending', 'sending', 'sent')`,
    [c.id],
  );
  if ((rows[0]?.n ?? 0) > 0 && c.stage < FINAL_STAGE) return say(ctx.texts, sc.deps.contacts, 'wait.already');
  return nobodyLine(ctx, sc);
}

/** A student who stopped the relay asks again: the same helper gets their messages again. */
async function resumeRelay(ctx: TurnContext, sc: SupportContext, c: CaseRow): Promise<TurnResult> {
  const { rows } = await ctx.db.query<{ name: string | null }>(
    'SELECT display_name AS name FROM people WHERE id = $1',
    [c.assignee_id],
  );
  ctx.defer(async (tx) => {
    await tx.query('UPDATE support_cases SET relay_active = true WHERE id = $1', [c.id]);
    await addEvent(tx, c.id, ctx.now, 'relay_resumed', `person:${ctx.person.id}`);
  });
  return {
    reply: textReply(
      [say(ctx.texts, sc.deps.contacts, 'relay.resumed', { name: rows[0]?.name ?? '' })],
      relayQuickReplies(ctx),
    ),
    state: supportModeState(ctx),
  };
}

/**
 * A choice typed in words at "누구랑 이야기하고 싶어요?": "상담 선생님이요", "그냥 여기서 얘기하면
 * 안돼요? 전화는 싫어요" (here, in writing: a Seoul Run counsellor), "멘토", "1388".
 */
export function typedChoice(text: string, hasMentor: boolean): Choice | null {
  const t = text.replace(/\s+/g, '');
  if (/1388|청소년상담|전화(할래|할게|해볼게)/.test(t)) return 'line';
  if (hasMentor && /멘토/.test(t)) return 'mentor';
  if (
    /(상담선생님|상담쌤|서울런선생님|선생님|쌤|여기서|채팅|글로|문자로|전화(는|가)?(싫|무서|못)|사람)/.test(t)
  )
    return 'staff';
  return null;
}

/** Picks from the offered choices (tapped, typed as number or label, or said in words). */
export async function chooseStep(ctx: TurnContext, sc: SupportContext): Promise<TurnResult | null> {
  const hasMentor = (await mentorIdsOf(ctx.db, ctx.person.id)).length > 0;
  const chosen = matchChoice(ctx.input, choiceOptions(ctx, sc, hasMentor));
  if (chosen) return choose(ctx, sc, chosen.choice);
  const typed = ctx.input.postback ? null : typedChoice(ctx.input.text, hasMentor);
  return typed ? choose(ctx, sc, typed) : null;
}

/** Carries out a choice: a case is opened and support mode begins (1388 only: support mode ends). */
export async function choose(ctx: TurnContext, sc: SupportContext, choice: Choice): Promise<TurnResult> {
  const contacts = sc.deps.contacts;
  if (choice === 'line')
    return { reply: textReply([concernReplyTexts(contacts, ctx.texts).lineNow]), state: null };
  const open = await openCaseOf(ctx.db, ctx.person.id);
  if (open) return { reply: textReply([await statusLine(ctx, sc, open)]), state: supportModeState(ctx) };

  const lead: string[] = [];
  let wants: 'mentor' | 'staff' = choice;
  if (choice === 'mentor' && (await mentorIdsOf(ctx.db, ctx.person.id)).length === 0) {
    lead.push(say(ctx.texts, contacts, 'choose.noMentor'));
    wants = 'staff';
  }
  const saved = ctx.state?.flow === 'support' ? ctx.state.answers : {};
  const excerpt = typeof saved.excerpt === 'string' ? saved.excerpt : null;
  const said = typeof saved.said === 'string' ? saved.said : excerpt;
  const signals = Array.isArray(saved.signals) ? (saved.signals as string[]) : [];
  // The choice typed in words may itself screen as a crisis (its reply went out first): the case says so.
  const crisis = needsCrisisReply(ctx.risk.level);
  const level: CaseLevel = crisis ? (ctx.risk.level as CaseLevel) : 'concern';
  const startStage = wants === 'mentor' || crisis ? 0 : 1;
  const caseInput = { person_id: ctx.person.id, level, wants, speaker: caseSpeaker(ctx.person), id: null };
  const plan = await planPage(ctx.db, caseInput, startStage, ctx.now);
  // "여기서 얘기하면 안돼요?" is itself what the student wants the helper to read.
  const typedWords =
    !ctx.input.postback && (ctx.mayStoreHistory || crisis) && ctx.input.text.trim().length > 12;
  ctx.defer(async (tx) => {
    const { caseId } = await openOrRaise(
      tx,
      sc.deps,
      {
        personId: ctx.person.id,
        level,
        source: 'request',
        speaker: caseSpeaker(ctx.person),
        excerpt,
        said,
        signals,
        botSent: crisis ? crisisSent(ctx.risk) : said ? 'concern_choice' : 'request',
        wants,
        startStage,
        origin: ctx.event.origin ?? null,
      },
      ctx.now,
    );
    if (typedWords) await keepTyped(tx, caseId, ctx);
  });
  lead.push(waitingLine(ctx, sc, plan, choice === 'mentor'));
  lead.push(say(ctx.texts, contacts, 'wait.whoSees'));
  return { reply: textReply(lead), state: supportModeState(ctx) };
}

/** The words typed with a choice ("그냥 여기서 얘기하면 안돼요?"), kept in the new case's thread. */
async function keepTyped(tx: Queryable, caseId: string, ctx: TurnContext): Promise<void> {
  await appendThread(tx, {
    caseId,
    personId: ctx.person.id,
    author: 'student',
    text: ctx.input.text,
    at: ctx.now,
  });
}

/**
 * The honest line about who was told and when someone will see it: "알렸어요" only when an
 * on-duty helper with a reachable channel is paged now (their page goes into the outbox with
 * this turn); otherwise who will see it and when, with the lines.
 */
function waitingLine(ctx: TurnContext, sc: SupportContext, plan: PagePlan, wantedMentor: boolean): string {
  const contacts = sc.deps.contacts;
  if (paged(plan)) {
    const mentor = plan.recipients.find((r) => plan.mentorIds.includes(r.personId));
    if (mentor) return say(ctx.texts, contacts, 'wait.mentor', { name: mentor.name });
    return say(
      ctx.texts,
      contacts,
      wantedMentor && plan.mentorIds.length > 0 ? 'wait.mentorOff' : 'wait.staff',
    );
  }
  return nobodyLine(ctx, sc);
}

/** Nobody can be paged now: who will see it and when (the roster's next hours), with the lines. */
function nobodyLine(ctx: TurnContext, sc: SupportContext): string {
  const duty = sc.roster.dutyStatus();
  return duty.nextPersonAt
    ? say(ctx.texts, sc.deps.contacts, 'wait.nobody', { when: duty.nextPersonAt })
    : say(ctx.texts, sc.deps.contacts, 'wait.nobodyAtAll');
}

/**
 * High risk or harm by others from a student or parent: the crisis reply is already in the
 * answer; open (or raise) the case with what was said, and enter support mode. In support mode
 * already, the answer is the reflective one (the crisis reply came first).
 */
export async function highTurn(ctx: TurnContext, sc: SupportContext): Promise<TurnResult> {
  const level = ctx.risk.level as CaseLevel;
  const parent = ctx.person.audience === 'parent';
  const open = await openCaseOf(ctx.db, ctx.person.id);
  // Happening now: the case starts at the top of the ladder (everyone, every channel).
  const startStage = ctx.risk.inProgress ? FINAL_STAGE : 0;
  const plan = open
    ? null
    : await planPage(
        ctx.db,
        {
          person_id: ctx.person.id,
          level,
          wants: parent ? 'staff' : null,
          speaker: caseSpeaker(ctx.person),
          id: null,
        },
        startStage,
        ctx.now,
      );
  ctx.defer((tx) =>
    openOrRaise(
      tx,
      sc.deps,
      {
        personId: ctx.person.id,
        level,
        source: 'screen',
        speaker: caseSpeaker(ctx.person),
        // Protection of life: what was said is kept even before consent (PIPA Art. 23 exception).
        excerpt: ctx.input.text ? excerptOf(ctx.input.text) : null,
        said: ctx.input.text || null,
        signals: ctx.risk.signals,
        botSent: crisisSent(ctx.risk),
        wants: parent ? 'staff' : null,
        startStage,
        origin: ctx.event.origin ?? null,
      },
      ctx.now,
    ).then(() => undefined),
  );
  const state = supportModeState(
    ctx,
    ctx.state?.flow === 'support' ? { failedTold: ctx.state.answers.failedTold ?? 0 } : {},
  );
  // The in-progress reply already asked whether they are safe and near an adult.
  if (ctx.risk.inProgress) return { reply: { messages: [], quickReplies: [] }, state };
  if (open) return { reply: textReply(supportModeLines(ctx, sc, topicsOf(ctx.input.text))), state };
  const lines: string[] = [];
  if (parent)
    lines.push(
      plan && paged(plan) ? say(ctx.texts, sc.deps.contacts, 'parent.followUp') : nobodyLine(ctx, sc),
    );
  else lines.push(say(ctx.texts, sc.deps.contacts, 'high.followUp'));
  return { reply: textReply(lines), state };
}
