import { typedNumber } from '../../bot/choices';
import type { Queryable } from '../../bot/db/database';
import type { TurnContext, TurnResult } from '../../bot/dialog';
import { card } from '../../bot/messages';
import { StateConflictError } from '../../bot/turn-store';
import type { Language } from '../../bot/people';
import {
  ackWindowMs,
  addEvent,
  advance,
  casesOf,
  finishDeadlines,
  loadCase,
  pageMember,
  planDeadline,
  planPage,
  resendCrisisLines,
  say,
  stageAfter,
  tellPerson,
  CONTACT_NOTE_MS,
  FINAL_STAGE,
  HELPER_SILENCE_MS,
  type CaseRow,
} from './ladder';
import { closeQuestion, closeStep } from './helper-close';
import { helperCommand, helperPostback } from './helper-commands';
import {
  focusOf,
  focusTurn,
  helperQuickReplies,
  pickCase,
  pickStep,
  relayFromHelper,
  say0,
  setFocus,
  statusReply,
} from './helper-relay';
import { namedHelper, passPlan, passReply, transferTo } from './helper-transfer';
import { mayActOnCase } from './permissions';
import { loadStaff, type StaffMember, type Tier } from './roster';
import { FLOW, squash, textReply, typedOneOf, type SupportContext } from './shared';
import { relayQuickReplies } from './student';

type Action = 'ack' | 'resend' | 'coord' | 'pass' | 'close' | 'contacted' | 'focus' | 'status' | 'switch';
const ACTION_POSTBACK =
  /^support:(ack|resend|coord|pass|close|contacted|focus|status|switch)(?::(\d{1,18}))?$/;
const HOST_COMMANDS = ['처음으로', '처음', '메뉴', '도움말', 'menu', 'help', '내 정보 삭제'];
/** The alert's numbered actions, in order (typed "1" … "5" when not in a conversation). */
const NUMBERED: Action[] = ['ack', 'resend', 'coord', 'pass', 'close'];

/** Typed names of each action (the labels plus short forms people type). */
function typedActions(ctx: TurnContext): Map<string, Action> {
  const t = (key: string) => ctx.texts.t(`support.${key}`);
  const pairs: [string, Action][] = [
    [t('actions.ack'), 'ack'],
    ['확인', 'ack'],
    ['맡을게요', 'ack'],
    ['ack', 'ack'],
    [t('actions.resend'), 'resend'],
    ['위기 안내 다시', 'resend'],
    [t('actions.coordinator'), 'coord'],
    ['코디네이터', 'coord'],
    [t('actions.pass'), 'pass'],
    ['넘기기', 'pass'],
    [t('actions.close'), 'close'],
    ['종료', 'close'],
    ['종료 메모', 'close'],
    ['상담 종료', 'close'],
    [t('actions.contacted'), 'contacted'],
    ['연락했어요', 'contacted'],
    [t('relay.status'), 'status'],
    [t('relay.switch'), 'switch'],
  ];
  return new Map(pairs.map(([label, action]) => [squash(label), action]));
}

/**
 * Whether the helper is answering another flow's question (a quiz, the eligibility check): a typed
 * "1" is then that flow's answer, not the alert's first action. The knowledge frame only remembers.
 */
const inAnotherFlow = (ctx: TurnContext): boolean =>
  ctx.state !== null &&
  ctx.state.flow !== FLOW &&
  !(ctx.state.flow === 'knowledge' && ctx.state.step === 'answered');

/** Who this helper is (their staff record); null for people without one. */
async function me(ctx: TurnContext): Promise<StaffMember | null> {
  return (await loadStaff(ctx.db)).find((m) => m.personId === ctx.person.id) ?? null;
}

/** The case a typed action means: the newest alerted open case (unassigned or theirs for 확인). */
async function targetCase(ctx: TurnContext, helper: StaffMember, action: Action): Promise<string | null> {
  if (action !== 'ack') {
    const focus = await focusOf(ctx.db, helper.personId);
    const mine = await casesOf(ctx.db, helper.personId);
    if (focus && mine.some((c) => c.id === focus)) return focus;
    if (mine.length === 1) return mine[0]?.id ?? null;
  }
  const { rows } = await ctx.db.query<{ id: string }>(
    `SELECT c.id::text AS id FROM support_alerts a JOIN support_cases c ON c.id = a.case_id
      WHERE a.recipient_id = $1 AND c.status = 'open' ${action === 'ack' ? 'AND (c.assignee_id IS NULL OR c.assignee_id = $1)' : ''}
      ORDER BY a.id DESC LIMIT 1`,
    [helper.personId],
  );
  return rows[0]?.id ?? null;
}

/**
 * A mentor's, coordinator's or staff member's turn: alert actions, the close note, and relaying
 * their words to the student. Returns null when the turn is not about support.
 */
export async function helperTurn(ctx: TurnContext, sc: SupportContext): Promise<TurnResult | null> {
  const helper = await me(ctx);
  if (!helper) return null;
  // Host commands stay the host's, even mid-note or mid-conversation (never relayed to the student).
  const hostCommand = typedOneOf(ctx, HOST_COMMANDS);
  if (ctx.state?.flow === FLOW && ctx.state.step === 'close' && !hostCommand)
    return closeStep(ctx, sc, helper, (postback) =>
      act(
        ctx,
        sc,
        helper,
        (ACTION_POSTBACK.exec(postback)?.[1] ?? 'status') as Action,
        ACTION_POSTBACK.exec(postback)?.[2] ?? null,
      ),
    );
  if (ctx.state?.flow === FLOW && ctx.state.step === 'pick') {
    const picked = await pickStep(ctx, sc, helper);
    if (picked) return picked;
  }
  const postback = ctx.input.postback ? ACTION_POSTBACK.exec(ctx.input.postback) : null;
  if (postback) return act(ctx, sc, helper, postback[1] as Action, postback[2] ?? null);
  if (ctx.input.postback) return (await helperPostback(ctx, helper)) ?? (await helperCommand(ctx, helper));
  const command = await helperCommand(ctx, helper);
  if (command) return command;
  const transfer = await namedTransfer(ctx, sc, helper);
  if (transfer) return transfer;

  const typed = typedActions(ctx).get(squash(ctx.input.text));
  const active = (await casesOf(ctx.db, helper.personId)).filter((c) => c.relay_active);
  if (typed) return act(ctx, sc, helper, typed, null);
  const n = typedNumber(ctx.input.text);
  if (n !== null && active.length === 0 && !inAnotherFlow(ctx)) {
    const action = NUMBERED[n - 1];
    if (action && (await targetCase(ctx, helper, action))) return act(ctx, sc, helper, action, null);
  }
  if (!ctx.input.text.trim() || hostCommand) return null;
  // Outside a live relay, words in another flow are that flow's answer ("고1" to the check), never a
  // follow-up to a student.
  if (active.length === 0 && inAnotherFlow(ctx)) return null;
  return relayFromHelper(ctx, sc, helper, active);
}

async function act(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
  action: Action,
  id: string | null,
): Promise<TurnResult> {
  if (action === 'status') return { reply: await statusReply(ctx, helper) };
  if (action === 'switch') return pickCase(ctx, sc, helper, null);
  const caseId = id ?? (await targetCase(ctx, helper, action));
  const c = caseId ? await loadCase(ctx.db, caseId) : null;
  if (!c) return { reply: say0(ctx, sc, 'helper.noCase') };
  if (c.status === 'closed') return { reply: say0(ctx, sc, 'helper.caseClosed', { case: c.id }) };
  if (!(await mayActOnCase(ctx.db, helper, c))) return { reply: say0(ctx, sc, 'helper.notYours') };
  switch (action) {
    case 'ack':
      return acknowledgeTurn(ctx, sc, helper, c);
    case 'resend':
      ctx.defer((tx) => resendCrisisLines(tx, sc.deps, c, `person:${helper.personId}`, ctx.now, false));
      return { reply: say0(ctx, sc, 'helper.resent', { case: c.id }) };
    case 'coord':
      ctx.defer((tx) => askCoordinator(tx, sc, c.id, helper, ctx.now));
      return { reply: say0(ctx, sc, 'helper.coordinatorAsked') };
    case 'pass': {
      // Say who it went to only when someone on duty and reachable is really paged; else keep it.
      const plan = await passPlan(ctx.db, c, helper, ctx.now);
      if (plan.recipients.length > 0) ctx.defer((tx) => handOver(tx, sc, c.id, helper, ctx.now));
      return passReply(ctx, plan.recipients);
    }
    case 'contacted':
      ctx.defer((tx) => noteContact(tx, c.id, helper, ctx.now));
      return { reply: say0(ctx, sc, 'helper.contactedSaved', { case: c.id }) };
    case 'focus':
      return focusTurn(ctx, sc, helper, c);
    case 'close':
      return closeQuestion(ctx, sc, {
        caseId: c.id,
        field: 'reached',
        note: {},
      });
  }
}

/** "민호 선생님께 넘겨 주세요": hands the helper's case to that named helper. */
async function namedTransfer(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
): Promise<TurnResult | null> {
  const to = namedHelper(ctx.input.text, await loadStaff(ctx.db), helper.personId);
  if (!to) return null;
  const caseId = await targetCase(ctx, helper, 'pass');
  const c = caseId ? await loadCase(ctx.db, caseId) : null;
  if (!c || c.status !== 'open' || !(await mayActOnCase(ctx.db, helper, c))) return null;
  if (!to.identities.some((i) => i.reachable)) return passReply(ctx, []);
  ctx.defer((tx) => transferTo(tx, sc, c.id, helper, to, ctx.now));
  return passReply(ctx, [to]);
}

// ---------------------------------------------------------------------------------------------
// Acknowledgement and handoff
// ---------------------------------------------------------------------------------------------

async function acknowledgeTurn(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
  c: CaseRow,
): Promise<TurnResult> {
  if (c.assignee_id && c.assignee_id !== helper.personId) {
    const { rows } = await ctx.db.query<{ name: string | null }>(
      'SELECT display_name AS name FROM people WHERE id = $1',
      [c.assignee_id],
    );
    return {
      reply: say0(ctx, sc, 'handoff.taken', { case: c.id, name: rows[0]?.name ?? '' }),
    };
  }
  const others = (await casesOf(ctx.db, helper.personId)).filter((o) => o.id !== c.id);
  ctx.defer(async (tx) => {
    // Another helper claimed it after this turn read the case: the turn is run again on fresh
    // rows (the host retries a state conflict), so this helper is told who has it, never both.
    if (!(await acknowledge(tx, sc, c.id, helper, ctx.now))) throw new StateConflictError(helper.personId);
  });
  return {
    reply: {
      messages: [
        { type: 'text', text: say(ctx.texts, sc.deps.contacts, 'handoff.toHelper', { case: c.id }) },
        card(ctx.texts.t('support.guide.title'), ctx.texts.t('support.guide.text'), []),
      ],
      quickReplies: helperQuickReplies(ctx, c.id, others.length > 0),
    },
  };
}

async function languageOf(tx: Queryable, personId: string): Promise<Language> {
  const { rows } = await tx.query<{ language: Language }>('SELECT language FROM people WHERE id = $1', [
    personId,
  ]);
  return rows[0]?.language ?? 'ko';
}

/**
 * Claims an open case for `helper` with one conditional update (two taps at the same instant: the
 * database lets exactly one through). Returns the case as it was before the claim (null when
 * someone else holds it or it is closed), or 'mine' when the helper already held it.
 */
export async function claimCase(
  tx: Queryable,
  caseId: string,
  helper: Pick<StaffMember, 'personId' | 'tier'>,
  now: Date,
): Promise<CaseRow | 'mine' | null> {
  const claimed = await tx.query<{ id: string }>(
    `UPDATE support_cases SET assignee_id = $2, assignee_tier = $3, acked_at = $4, relay_active = true, last_helper_at = NULL
      WHERE id = $1 AND status = 'open' AND assignee_id IS NULL RETURNING id::text AS id`,
    [caseId, helper.personId, helper.tier, now],
  );
  const c = await loadCase(tx, caseId, true);
  if (claimed.rowCount === 1 && c) {
    // first_acked_at is set apart so the claim stays the one statement that decides.
    await tx.query('UPDATE support_cases SET first_acked_at = coalesce(first_acked_at, $2) WHERE id = $1', [
      caseId,
      now,
    ]);
    return c;
  }
  return c?.status === 'open' && c.assignee_id === helper.personId ? 'mine' : null;
}

/** Takes the case: deadlines change from "acknowledge" to "contact note" and "don't go silent". */
export async function acknowledge(
  tx: Queryable,
  sc: SupportContext,
  caseId: string,
  helper: StaffMember,
  now: Date,
): Promise<boolean> {
  const claimed = await claimCase(tx, caseId, helper, now);
  if (claimed === 'mine') return true;
  if (!claimed) return false;
  const c = claimed;
  await finishDeadlines(tx, c.id, now, ['ack', 'retry', 'silence', 'contact']);
  await addEvent(tx, c.id, now, 'acknowledged', `person:${helper.personId}`, {
    helper: helper.personId,
    tier: helper.tier,
  });
  if (!c.contacted_at) {
    await planDeadline(
      tx,
      c.id,
      'contact',
      new Date(now.getTime() + CONTACT_NOTE_MS),
      { helper: helper.personId, round: 1 },
      `${helper.personId}:1:${now.getTime()}`,
    );
  }
  await planDeadline(
    tx,
    c.id,
    'silence',
    new Date(now.getTime() + HELPER_SILENCE_MS),
    { helper: helper.personId, since: now.toISOString() },
    `${helper.personId}:${now.getTime()}`,
  );
  if (!c.first_acked_at) {
    const seconds = (now.getTime() - c.opened_at.getTime()) / 1000;
    sc.deps.metrics.ackSeconds.observe({ level: c.level }, seconds);
    sc.deps.metrics.acks.inc({
      level: c.level,
      in_time: String(seconds * 1000 <= ackWindowMs(sc.deps, c.level)),
    });
  }
  const texts = sc.deps.texts[await languageOf(tx, c.person_id)];
  const toStudent = say(texts, sc.deps.contacts, 'handoff.toStudent', {
    name: helper.name,
    role: texts.t(`support.roles.${helper.tier}`),
  });
  await tellPerson(
    tx,
    sc.deps,
    c,
    textReply([toStudent], [{ label: texts.t('support.relay.stop'), postback: 'support:stop' }]),
    'relay',
    `handoff-${helper.personId}`,
    now,
  );
  // The case just taken is the one their next words are for (never "어느 학생에게 보낼까요?").
  await setFocus(tx, helper.personId, c.id, now);
  return true;
}

async function askCoordinator(
  tx: Queryable,
  sc: SupportContext,
  caseId: string,
  helper: StaffMember,
  now: Date,
): Promise<void> {
  const c = await loadCase(tx, caseId, true);
  if (!c || c.status !== 'open') return;
  await addEvent(tx, c.id, now, 'coordinator_requested', `person:${helper.personId}`, {
    helper: helper.personId,
  });
  const plan = await planPage(tx, { ...c, id: null }, 1, now);
  const recipients = plan.recipients.filter((m) => m.personId !== helper.personId);
  for (const m of recipients)
    await pageMember(tx, sc.deps, c, m, plan.stage, 'coordinator_help', now, plan.mentorIds);
}

async function handOver(
  tx: Queryable,
  sc: SupportContext,
  caseId: string,
  helper: StaffMember,
  now: Date,
): Promise<void> {
  const c = await loadCase(tx, caseId, true);
  if (!c || c.status !== 'open') return;
  const wasMine = c.assignee_id === helper.personId;
  if (c.assignee_id && !wasMine) return;
  await addEvent(tx, c.id, now, 'passed', `person:${helper.personId}`, { helper: helper.personId });
  if (wasMine) {
    await tx.query(
      'UPDATE support_cases SET assignee_id = NULL, assignee_tier = NULL, acked_at = NULL, relay_active = false WHERE id = $1',
      [c.id],
    );
    await tx.query('DELETE FROM support_helper_focus WHERE case_id = $1', [c.id]);
    await finishDeadlines(tx, c.id, now, ['contact', 'silence']);
    const texts = sc.deps.texts[await languageOf(tx, c.person_id)];
    await tellPerson(
      tx,
      sc.deps,
      c,
      textReply([say(texts, sc.deps.contacts, 'wait.still')]),
      'relay',
      `handover-${helper.personId}`,
      now,
    );
  }
  const from = Math.max(stageAfter(helper.tier as Tier), wasMine ? 0 : c.stage + 1);
  await advance(tx, sc.deps, { ...c, assignee_id: null }, Math.min(from, FINAL_STAGE), 'handover', now);
}

async function noteContact(tx: Queryable, caseId: string, helper: StaffMember, now: Date): Promise<void> {
  const updated = await tx.query(
    `UPDATE support_cases SET contacted_at = coalesce(contacted_at, $2) WHERE id = $1 AND status = 'open'`,
    [caseId, now],
  );
  if (updated.rowCount === 0) return;
  await finishDeadlines(tx, caseId, now, ['contact']);
  await addEvent(tx, caseId, now, 'contacted', `person:${helper.personId}`, { helper: helper.personId });
}

/** Quick replies a student sees in a relay (re-exported for the capability). */
export { relayQuickReplies };
/** Closing (re-exported: the console closes cases too). */
export { closeCase } from './helper-close';
