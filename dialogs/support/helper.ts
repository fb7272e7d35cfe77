import { matchChoice, numberedList, typedNumber } from '../../bot/choices';
import type { Queryable } from '../../bot/db/database';
import type { DialogState, TurnContext, TurnResult } from '../../bot/dialog';
import { card, type QuickReply, type Reply } from '../../bot/messages';
import { audit } from '../../bot/people-store';
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
import { helperCommand, helperPostback } from './helper-commands';
import { followUpTurn, planReminder, reminderAt, reminderLine } from './helper-follow-up';
import { namedHelper, passPlan, passReply, transferTo } from './helper-transfer';
import { mayActOnCase } from './permissions';
import { loadStaff, type StaffMember, type Tier } from './roster';
import {
  FLOW,
  resumeState,
  seoulTime,
  squash,
  supportState,
  textReply,
  typedOneOf,
  type SupportContext,
} from './shared';
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

/** Who this helper is (their staff record); null for people without one. */
async function me(ctx: TurnContext): Promise<StaffMember | null> {
  return (await loadStaff(ctx.db)).find((m) => m.personId === ctx.person.id) ?? null;
}

const say0 = (
  ctx: TurnContext,
  sc: SupportContext,
  key: string,
  params: Record<string, string | number> = {},
): Reply => textReply([say(ctx.texts, sc.deps.contacts, key, params)]);

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

async function focusOf(db: Queryable, helperId: string): Promise<string | null> {
  const { rows } = await db.query<{ case_id: string }>(
    'SELECT case_id::text AS case_id FROM support_helper_focus WHERE helper_id = $1',
    [helperId],
  );
  return rows[0]?.case_id ?? null;
}

/**
 * A mentor's, coordinator's or staff member's turn: alert actions, the close note, and relaying
 * their words to the student. Returns null when the turn is not about support.
 */
export async function helperTurn(ctx: TurnContext, sc: SupportContext): Promise<TurnResult | null> {
  const helper = await me(ctx);
  if (!helper) return null;
  if (ctx.state?.flow === FLOW && ctx.state.step === 'close') return closeStep(ctx, sc, helper);
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
  if (n !== null && active.length === 0) {
    const action = NUMBERED[n - 1];
    if (action && (await targetCase(ctx, helper, action))) return act(ctx, sc, helper, action, null);
  }
  // Host commands stay the host's, even mid-conversation (never relayed to the student).
  if (!ctx.input.text.trim() || typedOneOf(ctx, HOST_COMMANDS)) return null;
  return relayFromHelper(ctx, sc, helper, active);
}

async function act(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
  action: Action,
  id: string | null,
): Promise<TurnResult> {
  if (action === 'status') return { reply: await statusReply(ctx, helper), state: ctx.state };
  if (action === 'switch') return pickCase(ctx, sc, helper, null);
  const caseId = id ?? (await targetCase(ctx, helper, action));
  const c = caseId ? await loadCase(ctx.db, caseId) : null;
  if (!c) return { reply: say0(ctx, sc, 'helper.noCase'), state: ctx.state };
  if (c.status === 'closed')
    return { reply: say0(ctx, sc, 'helper.caseClosed', { case: c.id }), state: ctx.state };
  if (!(await mayActOnCase(ctx.db, helper, c)))
    return { reply: say0(ctx, sc, 'helper.notYours'), state: ctx.state };
  switch (action) {
    case 'ack':
      return acknowledgeTurn(ctx, sc, helper, c);
    case 'resend':
      ctx.defer((tx) => resendCrisisLines(tx, sc.deps, c, `person:${helper.personId}`, ctx.now, false));
      return { reply: say0(ctx, sc, 'helper.resent', { case: c.id }), state: ctx.state };
    case 'coord':
      ctx.defer((tx) => askCoordinator(tx, sc, c.id, helper, ctx.now));
      return { reply: say0(ctx, sc, 'helper.coordinatorAsked'), state: ctx.state };
    case 'pass': {
      // Say who it went to only when someone on duty and reachable is really paged; else keep it.
      const plan = await passPlan(ctx.db, c, helper, ctx.now);
      if (plan.recipients.length > 0) ctx.defer((tx) => handOver(tx, sc, c.id, helper, ctx.now));
      return passReply(ctx, plan.recipients);
    }
    case 'contacted':
      ctx.defer((tx) => noteContact(tx, c.id, helper, ctx.now));
      return { reply: say0(ctx, sc, 'helper.contactedSaved', { case: c.id }), state: ctx.state };
    case 'focus':
      return focusTurn(ctx, sc, helper, c);
    case 'close':
      return closeQuestion(ctx, sc, {
        caseId: c.id,
        field: 'reached',
        note: {},
        resume: resumeState(ctx.state),
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

function helperQuickReplies(ctx: TurnContext, caseId: string, several: boolean): QuickReply[] {
  const t = (key: string) => ctx.texts.t(`support.${key}`);
  return [
    { label: t('actions.contacted'), postback: `support:contacted:${caseId}` },
    { label: t('relay.status'), postback: 'support:status' },
    { label: t('actions.coordinator'), postback: `support:coord:${caseId}` },
    { label: t('actions.close'), postback: `support:close:${caseId}` },
    ...(several ? [{ label: t('relay.switch'), postback: 'support:switch' }] : []),
  ];
}

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
      state: ctx.state,
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
    state: ctx.state,
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

/**
 * Leaves a helper's support step (pick, close). Helper turns are asides for the engine, where a
 * null state keeps the frame: with nothing to resume, the stack is cleared instead.
 */
function leaveSupportStep(resume: DialogState | null): Pick<TurnResult, 'state' | 'clear'> {
  return resume ? { state: resume } : { state: null, clear: true };
}

async function setFocus(tx: Queryable, helperId: string, caseId: string, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO support_helper_focus (helper_id, case_id, set_at) VALUES ($1, $2, $3)
     ON CONFLICT (helper_id) DO UPDATE SET case_id = EXCLUDED.case_id, set_at = EXCLUDED.set_at`,
    [helperId, caseId, now],
  );
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

// ---------------------------------------------------------------------------------------------
// Relay (helper → student)
// ---------------------------------------------------------------------------------------------

async function relayFromHelper(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
  active: CaseRow[],
): Promise<TurnResult | null> {
  if (active.length === 0) {
    const followUp = await followUpTurn(ctx, sc, helper);
    if (followUp) return followUp;
    const mine = await casesOf(ctx.db, helper.personId);
    const stopped = mine[0];
    return stopped
      ? { reply: say0(ctx, sc, 'relay.stoppedHelper', { case: stopped.id }), state: ctx.state }
      : null;
  }
  let target = active.length === 1 ? active[0] : undefined;
  if (!target) {
    const focus = await focusOf(ctx.db, helper.personId);
    target = active.find((c) => c.id === focus);
  }
  if (!target) return pickCase(ctx, sc, helper, ctx.input.text);
  return sendToStudent(ctx, sc, helper, target, ctx.input.text, active.length > 1);
}

async function sendToStudent(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
  c: CaseRow,
  words: string,
  several: boolean,
): Promise<TurnResult> {
  const previous = await ctx.db.query<{ status: string }>(
    `SELECT o.status FROM support_relays r JOIN outbox o ON o.idempotency_key = r.outbox_key
      WHERE r.case_id = $1 AND r.direction = 'to_student' ORDER BY r.id DESC LIMIT 1`,
    [c.id],
  );
  ctx.defer(async (tx) => {
    const texts = sc.deps.texts[await languageOf(tx, c.person_id)];
    const labelled = texts.t('support.relay.fromHelper', { name: helper.name, text: words });
    const quick = [
      { label: texts.t('support.relay.showReplies'), postback: 'support:replies' },
      { label: texts.t('support.relay.stop'), postback: 'support:stop' },
    ];
    const key = await tellPerson(
      tx,
      sc.deps,
      c,
      textReply([labelled], quick),
      'relay',
      `to-${ctx.event.channelEventId}`,
      ctx.now,
    );
    if (key) {
      await tx.query(
        `INSERT INTO support_relays (case_id, direction, helper_id, outbox_key, created_at) VALUES ($1, 'to_student', $2, $3, $4)`,
        [c.id, helper.personId, key, ctx.now],
      );
    }
    // Talking is not the "연락함" note: that one says the helper judged the contact made.
    await tx.query('UPDATE support_cases SET last_helper_at = $2 WHERE id = $1', [c.id, ctx.now]);
    await finishDeadlines(tx, c.id, ctx.now, ['silence']);
    await addEvent(tx, c.id, ctx.now, 'helper_message', `person:${helper.personId}`, {
      helper: helper.personId,
    });
  });
  const lines = [ctx.texts.t('support.relay.sentToStudent', { case: c.id })];
  // "내일 4시에 다시 연락할게": the student reads the promise, the helper gets a reminder then.
  const remindAt = reminderAt(words, ctx.now);
  if (remindAt) {
    ctx.defer((tx) => planReminder(tx, c.id, helper.personId, remindAt, ctx.now));
    lines.push(reminderLine(ctx, c.id, remindAt));
  }
  const last = previous.rows[0];
  if (last)
    lines.push(ctx.texts.t('support.relay.lastDelivery', { status: deliveryLabel(ctx, last.status) }));
  return {
    reply: textReply(lines, helperQuickReplies(ctx, c.id, several)),
    ...(ctx.state?.flow === FLOW ? leaveSupportStep(resumeState(ctx.state)) : { state: ctx.state }),
  };
}

/** "전달됨 / 전달 안 됨 / 보내는 중" from the outbox row status. */
function deliveryLabel(ctx: TurnContext, status: string): string {
  if (status === 'sent') return ctx.texts.t('support.relay.delivered');
  if (status === 'failed' || status === 'cancelled') return ctx.texts.t('support.relay.notDelivered');
  return ctx.texts.t('support.relay.sending');
}

async function statusReply(ctx: TurnContext, helper: StaffMember): Promise<Reply> {
  const { rows } = await ctx.db.query<{ case_id: string; status: string; created_at: Date }>(
    `SELECT r.case_id::text AS case_id, o.status, r.created_at FROM support_relays r JOIN outbox o ON o.idempotency_key = r.outbox_key
      WHERE r.helper_id = $1 AND r.direction = 'to_student' ORDER BY r.id DESC LIMIT 5`,
    [helper.personId],
  );
  if (rows.length === 0) return textReply([ctx.texts.t('support.relay.statusNone')]);
  return textReply(
    rows.map((r) =>
      ctx.texts.t('support.relay.statusLine', {
        case: r.case_id,
        time: seoulTime(new Date(r.created_at)),
        status: deliveryLabel(ctx, r.status),
      }),
    ),
  );
}

function caseOptions(ctx: TurnContext, cases: CaseRow[]): QuickReply[] {
  return cases.map((c) => ({
    label: ctx.texts.t('support.relay.caseLabel', {
      case: c.id,
      level: ctx.texts.t(`support.levels.${c.level}`),
      time: seoulTime(c.opened_at),
    }),
    postback: `support:focus:${c.id}`,
  }));
}

/** Two or more open conversations: which student is the next message for? */
async function pickCase(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
  pending: string | null,
): Promise<TurnResult> {
  const active = (await casesOf(ctx.db, helper.personId)).filter((c) => c.relay_active);
  if (active.length === 0) return { reply: say0(ctx, sc, 'helper.noCase'), state: ctx.state };
  const options = caseOptions(ctx, active);
  return {
    reply: textReply([ctx.texts.t('support.relay.pickCase'), numberedList(options)], options),
    state: supportState('pick', { pending, resume: resumeState(ctx.state) }),
  };
}

async function pickStep(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
): Promise<TurnResult | null> {
  const active = (await casesOf(ctx.db, helper.personId)).filter((c) => c.relay_active);
  const chosen = matchChoice(ctx.input, caseOptions(ctx, active));
  if (!chosen) return null;
  const c = active.find((a) => chosen.postback === `support:focus:${a.id}`) as CaseRow;
  return focusTurn(ctx, sc, helper, c);
}

async function focusTurn(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
  c: CaseRow,
): Promise<TurnResult> {
  ctx.defer((tx) => setFocus(tx, helper.personId, c.id, ctx.now));
  const pending =
    ctx.state?.flow === FLOW && typeof ctx.state.answers.pending === 'string'
      ? ctx.state.answers.pending
      : null;
  const several = (await casesOf(ctx.db, helper.personId)).filter((o) => o.relay_active).length > 1;
  if (pending) return sendToStudent(ctx, sc, helper, c, pending, several);
  return {
    reply: textReply(
      [
        ctx.texts.t('support.relay.caseLabel', {
          case: c.id,
          level: ctx.texts.t(`support.levels.${c.level}`),
          time: seoulTime(c.opened_at),
        }),
      ],
      helperQuickReplies(ctx, c.id, several),
    ),
    ...(ctx.state?.flow === FLOW ? leaveSupportStep(resumeState(ctx.state)) : { state: ctx.state }),
  };
}

// ---------------------------------------------------------------------------------------------
// Closing with a structured note
// ---------------------------------------------------------------------------------------------

type NoteField = 'reached' | 'safe' | 'referred' | 'followUp';
const FIELDS: NoteField[] = ['reached', 'safe', 'referred', 'followUp'];

function fieldOptions(ctx: TurnContext, field: NoteField): QuickReply[] {
  const t = (key: string) => ctx.texts.t(`support.close.${key}`);
  const values: [string, string][] =
    field === 'referred'
      ? [
          ['109', t('ref109')],
          ['112', t('ref112')],
          ['both', t('refBoth')],
          ['none', t('refNone')],
        ]
      : field === 'safe'
        ? [
            ['yes', t('yes')],
            ['no', t('no')],
            ['unknown', t('unknown')],
          ]
        : [
            ['yes', t('yes')],
            ['no', t('no')],
          ];
  return values.map(([value, label]) => ({ label, postback: `support:note:${field}:${value}` }));
}

interface CloseAnswers {
  caseId: string;
  field: NoteField;
  note: Record<string, string>;
  resume: DialogState | null;
}

function closeQuestion(ctx: TurnContext, sc: SupportContext, answers: CloseAnswers): TurnResult {
  const options = fieldOptions(ctx, answers.field);
  const question = say(ctx.texts, sc.deps.contacts, `close.${answers.field}`, { case: answers.caseId });
  return {
    reply: textReply([question, numberedList(options)], options),
    state: supportState('close', answers as unknown as Record<string, unknown>),
  };
}

async function closeStep(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
): Promise<TurnResult | null> {
  const answers = (ctx.state as DialogState).answers as unknown as CloseAnswers;
  const chosen = matchChoice(ctx.input, fieldOptions(ctx, answers.field));
  if (!chosen) {
    // Another support action (e.g. a new alert's 확인) or a command: leave the note for later.
    if (ctx.input.postback?.startsWith('support:'))
      return act(
        ctx,
        sc,
        helper,
        (ACTION_POSTBACK.exec(ctx.input.postback)?.[1] ?? 'status') as Action,
        ACTION_POSTBACK.exec(ctx.input.postback)?.[2] ?? null,
      );
    return ctx.input.text.trim() ? closeQuestion(ctx, sc, answers) : null;
  }
  const value = chosen.postback.split(':')[3] as string;
  const note = { ...answers.note, [answers.field]: value };
  const next = FIELDS[FIELDS.indexOf(answers.field) + 1];
  if (next) return closeQuestion(ctx, sc, { ...answers, field: next, note });
  ctx.defer((tx) => closeCase(tx, sc, answers.caseId, helper, note, ctx.now));
  return {
    reply: say0(ctx, sc, 'close.done', { case: answers.caseId }),
    ...leaveSupportStep(answers.resume ?? null),
  };
}

/** Closes a case with the structured note; the student is told and the bot resumes for them. */
export async function closeCase(
  tx: Queryable,
  sc: SupportContext,
  caseId: string,
  helper: StaffMember,
  note: Record<string, string>,
  now: Date,
): Promise<void> {
  const c = await loadCase(tx, caseId, true);
  if (!c || c.status !== 'open') return;
  await tx.query(
    `UPDATE support_cases SET status = 'closed', closed_at = $2, closed_by = $3, close_note = $4, relay_active = false WHERE id = $1`,
    [c.id, now, helper.personId, JSON.stringify(note)],
  );
  await finishDeadlines(tx, c.id, now);
  await tx.query('DELETE FROM support_helper_focus WHERE case_id = $1', [c.id]);
  await addEvent(tx, c.id, now, 'closed', `person:${helper.personId}`, { helper: helper.personId, note });
  await audit(tx, `person:${helper.personId}`, 'support_case_closed', c.person_id, { case: c.id });
  const texts = sc.deps.texts[await languageOf(tx, c.person_id)];
  await tellPerson(
    tx,
    sc.deps,
    c,
    textReply([say(texts, sc.deps.contacts, 'closed.toStudent', { name: helper.name })]),
    'relay',
    'closed',
    now,
  );
}

/** Quick replies a student sees in a relay (re-exported for the capability). */
export { relayQuickReplies };
