import { addDays, seoulDate } from '../../bot/calendar';
import { matchChoice, numberedList } from '../../bot/choices';
import type { TurnContext, TurnResult } from '../../bot/dialog';
import type { QuickReply } from '../../bot/messages';
import { concernReplyTexts } from '../../knowledge/risk/crisis-reply';
import {
  addEvent,
  excerptOf,
  finishDeadlines,
  mentorIdsOf,
  openCaseOf,
  openOrRaise,
  planDeadline,
  planPage,
  say,
  tellHelper,
  HELPER_SILENCE_MS,
  FINAL_STAGE,
  type CaseLevel,
  type CaseRow,
} from './ladder';
import { caseSpeaker, resumeState, supportState, textReply, typedOneOf, type SupportContext } from './shared';

/** Concern on this many of the last 7 Korean days raises attention (staff are paged). */
export const REPEATED_CONCERN_DAYS = 3;
const CONCERN_WINDOW_DAYS = 7;

type Choice = 'mentor' | 'staff' | 'line';
const CHOICE_PREFIX = 'support:choose:';

/** Words that end a relay (the student's side). */
export const STOP_WORDS = ['그만', '그만할래', '그만하기', '그만해', '멈춰', '대화 그만', 'stop', 'quit'];
/** Commands that leave the relay and let the host answer (the menu). */
const LEAVE_WORDS = ['처음으로', '처음', '메뉴', '메인메뉴', '홈', 'menu', 'home'];
/**
 * "내 정보 삭제" and its confirmation belong to the host even in a relay: they must reach the
 * deletion, never the helper.
 */
const DELETE_WORDS = [
  '내 정보 삭제',
  '내정보삭제',
  '정보 삭제',
  '개인정보 삭제',
  '내 정보 지워줘',
  'delete my data',
];
const confirmingDeletion = (ctx: TurnContext): boolean =>
  ctx.state?.flow === 'core' && ctx.state.step === 'deleteConfirm';

function choiceOptions(
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

/** The empathetic answer (or the intro) with the choice of who to talk to. */
export async function offerChoice(
  ctx: TurnContext,
  sc: SupportContext,
  lead: string[],
  extra: Record<string, unknown> = {},
): Promise<TurnResult> {
  const hasMentor = (await mentorIdsOf(ctx.db, ctx.person.id)).length > 0;
  const options = choiceOptions(ctx, sc, hasMentor);
  const question =
    ctx.person.audience === 'parent'
      ? say(ctx.texts, sc.deps.contacts, 'parent.question')
      : concernReplyTexts(sc.deps.contacts, ctx.texts).question;
  return {
    reply: textReply(
      [...lead, question, numberedList(options)],
      options.map(({ label, postback }) => ({ label, postback })),
    ),
    state: supportState('choose', { resume: resumeState(ctx.state), ...extra }),
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

/** Minimal excerpt and signals to keep in the state until a case is opened (only with consent). */
const pendingExcerpt = (ctx: TurnContext): Record<string, unknown> =>
  ctx.mayStoreHistory && ctx.input.text
    ? { excerpt: excerptOf(ctx.input.text), signals: ctx.risk.signals }
    : { signals: ctx.risk.signals };

/** Concern: an empathetic answer and a choice of who to talk to; repeated concern pages staff. */
export async function concernTurn(ctx: TurnContext, sc: SupportContext): Promise<TurnResult> {
  const contacts = sc.deps.contacts;
  const open = await openCaseOf(ctx.db, ctx.person.id);
  if (open) return { reply: textReply([say(ctx.texts, contacts, 'wait.already')]), state: ctx.state };
  const lead: string[] = [];
  if (ctx.person.audience === 'parent') lead.push(say(ctx.texts, contacts, 'parent.concern'));
  else lead.push(concernReplyTexts(contacts, ctx.texts).empathy);
  if (await concernRepeats(ctx)) {
    const excerpt = ctx.mayStoreHistory ? excerptOf(ctx.input.text) : null;
    ctx.defer((tx) =>
      openOrRaise(
        tx,
        sc.deps,
        {
          personId: ctx.person.id,
          level: 'concern',
          source: 'pattern',
          speaker: caseSpeaker(ctx.person),
          excerpt,
          signals: ctx.risk.signals,
          botSent: 'pattern',
          wants: 'staff',
          startStage: 1,
          origin: ctx.event.origin ?? null,
        },
        ctx.now,
      ).then(() => undefined),
    );
    lead.push(say(ctx.texts, contacts, 'concern.repeated'));
    return { reply: textReply(lead), state: ctx.state };
  }
  return offerChoice(ctx, sc, lead, pendingExcerpt(ctx));
}

/** The menu's "고민 상담" and typed requests for a person. */
export async function startTurn(ctx: TurnContext, sc: SupportContext): Promise<TurnResult> {
  const open = await openCaseOf(ctx.db, ctx.person.id);
  if (open?.assignee_id && !open.relay_active) return resumeRelay(ctx, sc, open);
  if (open) return { reply: textReply([say(ctx.texts, sc.deps.contacts, 'wait.already')]), state: ctx.state };
  return offerChoice(ctx, sc, [say(ctx.texts, sc.deps.contacts, 'start.intro')]);
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
    state: supportState('relay', { resume: resumeState(ctx.state) }),
  };
}

/** Picks from the offered choices (tapped or typed as number or label). */
export async function chooseStep(ctx: TurnContext, sc: SupportContext): Promise<TurnResult | null> {
  const hasMentor = (await mentorIdsOf(ctx.db, ctx.person.id)).length > 0;
  const chosen = matchChoice(ctx.input, choiceOptions(ctx, sc, hasMentor));
  return chosen ? choose(ctx, sc, chosen.choice) : null;
}

/** Carries out a choice. */
export async function choose(ctx: TurnContext, sc: SupportContext, choice: Choice): Promise<TurnResult> {
  const contacts = sc.deps.contacts;
  const resume = resumeState(ctx.state);
  if (choice === 'line')
    return { reply: textReply([concernReplyTexts(contacts, ctx.texts).lineNow]), state: resume };
  const open = await openCaseOf(ctx.db, ctx.person.id);
  if (open) return { reply: textReply([say(ctx.texts, contacts, 'wait.already')]), state: resume };

  const lead: string[] = [];
  let wants: 'mentor' | 'staff' = choice;
  if (choice === 'mentor' && (await mentorIdsOf(ctx.db, ctx.person.id)).length === 0) {
    lead.push(say(ctx.texts, contacts, 'choose.noMentor'));
    wants = 'staff';
  }
  const saved = ctx.state?.flow === 'support' ? ctx.state.answers : {};
  const excerpt = typeof saved.excerpt === 'string' ? saved.excerpt : null;
  const signals = Array.isArray(saved.signals) ? (saved.signals as string[]) : [];
  const startStage = wants === 'mentor' ? 0 : 1;
  const caseInput = {
    person_id: ctx.person.id,
    level: 'concern' as CaseLevel,
    wants,
    speaker: caseSpeaker(ctx.person),
    id: null,
  };
  const plan = await planPage(ctx.db, caseInput, startStage, ctx.now);
  ctx.defer((tx) =>
    openOrRaise(
      tx,
      sc.deps,
      {
        personId: ctx.person.id,
        level: 'concern',
        source: 'request',
        speaker: caseSpeaker(ctx.person),
        excerpt,
        signals,
        botSent: 'concern_choice',
        wants,
        startStage,
        origin: ctx.event.origin ?? null,
      },
      ctx.now,
    ).then(() => undefined),
  );
  lead.push(
    waitingLine(
      ctx,
      sc,
      plan.stage,
      plan.recipients.map((r) => r.personId),
      plan.mentorIds,
      plan.recipients[0]?.name ?? '',
    ),
  );
  lead.push(say(ctx.texts, contacts, 'wait.whoSees'));
  return { reply: textReply(lead), state: supportState('waiting', { resume }) };
}

/** The honest line about who was told and when someone will see it. */
function waitingLine(
  ctx: TurnContext,
  sc: SupportContext,
  stage: number,
  paged: string[],
  mentorIds: string[],
  firstName: string,
): string {
  const contacts = sc.deps.contacts;
  if (stage < FINAL_STAGE) {
    const mentor = paged.find((id) => mentorIds.includes(id));
    if (mentor) return say(ctx.texts, contacts, 'wait.mentor', { name: firstName });
    const wantedMentor =
      ctx.state?.flow === 'support' && mentorIds.length > 0 && ctx.input.postback === 'support:choose:mentor';
    return say(ctx.texts, contacts, wantedMentor ? 'wait.mentorOff' : 'wait.staff');
  }
  const duty = sc.roster.dutyStatus();
  return duty.nextPersonAt
    ? say(ctx.texts, contacts, 'wait.nobody', { when: duty.nextPersonAt })
    : say(ctx.texts, contacts, 'wait.nobodyUnknown');
}

/** While waiting for someone: an honest "still looking" (commands still work before this). */
export async function waitingStep(ctx: TurnContext, sc: SupportContext): Promise<TurnResult | null> {
  const open = await openCaseOf(ctx.db, ctx.person.id);
  if (!open || open.assignee_id || ctx.input.postback || !ctx.input.text.trim()) return null;
  return { reply: textReply([say(ctx.texts, sc.deps.contacts, 'wait.still')]), state: ctx.state };
}

/**
 * High risk or harm by others from a student or parent: the crisis reply is already in the
 * answer; open (or raise) the case and answer with a short follow-up, keeping the flow state.
 */
export async function highTurn(ctx: TurnContext, sc: SupportContext): Promise<TurnResult> {
  const level = ctx.risk.level as CaseLevel;
  const parent = ctx.person.audience === 'parent';
  // Happening now: the case starts at the top of the ladder (everyone, every channel).
  const startStage = ctx.risk.inProgress ? FINAL_STAGE : 0;
  ctx.defer((tx) =>
    openOrRaise(
      tx,
      sc.deps,
      {
        personId: ctx.person.id,
        level,
        source: 'screen',
        speaker: caseSpeaker(ctx.person),
        // Protection of life: a minimal excerpt is kept even before consent (PIPA Art. 23 exception).
        excerpt: ctx.input.text ? excerptOf(ctx.input.text) : null,
        signals: ctx.risk.signals,
        botSent: 'crisis_reply',
        wants: parent ? 'staff' : null,
        startStage,
        origin: ctx.event.origin ?? null,
      },
      ctx.now,
    ).then(() => undefined),
  );
  // The in-progress reply already asked whether they are safe and near an adult.
  if (ctx.risk.inProgress) return { reply: { messages: [], quickReplies: [] }, state: ctx.state };
  const followUp = say(ctx.texts, sc.deps.contacts, parent ? 'parent.followUp' : 'high.followUp');
  return { reply: textReply([followUp]), state: ctx.state };
}

/** Quick replies under every relayed message: see replies, stop. */
export const relayQuickReplies = (ctx: TurnContext): QuickReply[] => [
  { label: ctx.texts.t('support.relay.showReplies'), postback: 'support:replies' },
  { label: ctx.texts.t('support.relay.stop'), postback: 'support:stop' },
];

/**
 * A student in a relay: their words go to the helper (labelled), the bot stays quiet except
 * "선생님께 전달했어요" and "답장 보기" — which reads fine on every channel (Kakao shows queued
 * replies at the next turn, the web polls, LINE pushes).
 */
export async function studentRelayTurn(
  ctx: TurnContext,
  sc: SupportContext,
  c: CaseRow,
): Promise<TurnResult | null> {
  const contacts = sc.deps.contacts;
  const helperId = c.assignee_id as string;
  const stay =
    ctx.state?.flow === 'support' ? ctx.state : supportState('relay', { resume: resumeState(ctx.state) });
  if (ctx.input.postback === 'support:replies') return { reply: await repliesReply(ctx, sc, c), state: stay };
  if (ctx.input.postback === 'support:stop' || typedOneOf(ctx, STOP_WORDS)) {
    ctx.defer(async (tx) => {
      await tx.query('UPDATE support_cases SET relay_active = false WHERE id = $1', [c.id]);
      await finishDeadlines(tx, c.id, ctx.now, ['silence']);
      await addEvent(tx, c.id, ctx.now, 'student_stopped_relay', `person:${ctx.person.id}`);
      await tellHelper(
        tx,
        sc.deps,
        helperId,
        textReply([ctx.texts.t('support.relay.stoppedHelper', { case: c.id })]),
        'notice',
        `stopped-${c.id}`,
        ctx.now,
        ctx.person.id,
      );
    });
    return { reply: textReply([say(ctx.texts, contacts, 'relay.stopped')]), state: resumeState(ctx.state) };
  }
  if (typedOneOf(ctx, DELETE_WORDS) || ctx.input.postback === 'core:delete' || confirmingDeletion(ctx))
    return null;
  if (typedOneOf(ctx, LEAVE_WORDS)) {
    ctx.defer((tx) =>
      tx.query('UPDATE support_cases SET relay_active = false WHERE id = $1', [c.id]).then(() => undefined),
    );
    return null;
  }
  if (ctx.input.postback || !ctx.input.text.trim()) return null;

  const flagged = ctx.risk.level === 'high' || ctx.risk.level === 'harm_by_others';
  const helperTexts = sc.deps.texts.ko;
  const lines = [helperTexts.t('support.relay.fromStudent', { case: c.id, text: ctx.input.text })];
  if (flagged) lines.push(helperTexts.t('support.relay.flagHigh'));
  ctx.defer(async (tx) => {
    const key = await tellHelper(
      tx,
      sc.deps,
      helperId,
      textReply(lines),
      'relay',
      `from-${c.id}-${ctx.event.channelEventId}`,
      ctx.now,
      ctx.person.id,
    );
    if (key) {
      await tx.query(
        `INSERT INTO support_relays (case_id, direction, helper_id, outbox_key, created_at) VALUES ($1, 'to_helper', $2, $3, $4)`,
        [c.id, helperId, key, ctx.now],
      );
    }
    await tx.query('UPDATE support_cases SET last_student_at = $2 WHERE id = $1', [c.id, ctx.now]);
    await addEvent(tx, c.id, ctx.now, 'student_message', `person:${ctx.person.id}`, {
      level: ctx.risk.level,
    });
    await planDeadline(
      tx,
      c.id,
      'silence',
      new Date(ctx.now.getTime() + HELPER_SILENCE_MS),
      { helper: helperId, since: ctx.now.toISOString() },
      `${helperId}:${ctx.now.getTime()}`,
    );
    if (flagged) {
      await openOrRaise(
        tx,
        sc.deps,
        {
          personId: ctx.person.id,
          level: ctx.risk.level as CaseLevel,
          source: 'screen',
          speaker: caseSpeaker(ctx.person),
          excerpt: excerptOf(ctx.input.text),
          signals: ctx.risk.signals,
          botSent: 'crisis_reply',
          wants: null,
          startStage: 0,
          origin: ctx.event.origin ?? null,
        },
        ctx.now,
      );
    }
  });
  return {
    reply: textReply([ctx.texts.t('support.relay.sentToHelper')], relayQuickReplies(ctx)),
    state: stay,
  };
}

/** "답장 보기": how many replies came since the student last wrote, and whether some are still on their way. */
async function repliesReply(ctx: TurnContext, sc: SupportContext, c: CaseRow) {
  const { rows } = await ctx.db.query<{ status: string; n: number }>(
    `SELECT o.status, count(*)::int AS n FROM support_relays r JOIN outbox o ON o.idempotency_key = r.outbox_key
      WHERE r.case_id = $1 AND r.direction = 'to_student' AND r.created_at >= $2 GROUP BY o.status`,
    [c.id, c.last_student_at ?? c.acked_at ?? c.opened_at],
  );
  const count = (statuses: string[]) =>
    rows.filter((r) => statuses.includes(r.status)).reduce((n, r) => n + r.n, 0);
  const pending = count(['pending', 'sending']);
  const sent = count(['sent']);
  const key = pending > 0 ? 'relay.repliesPending' : sent > 0 ? 'relay.repliesSome' : 'relay.repliesNone';
  return textReply([say(ctx.texts, sc.deps.contacts, key, { count: sent })], relayQuickReplies(ctx));
}
