import { matchChoice, numberedList } from '../../bot/choices';
import type { Queryable } from '../../bot/db/database';
import type { TurnContext, TurnResult } from '../../bot/dialog';
import type { QuickReply, Reply } from '../../bot/messages';
import type { Language } from '../../bot/people';
import { followUpTurn, planReminder, reminderAt, reminderLine } from './helper-follow-up';
import { addEvent, casesOf, finishDeadlines, say, tellPerson, type CaseRow } from './ladder';
import type { StaffMember } from './roster';
import { FLOW, leaveHelperStep, seoulTime, supportState, textReply, type SupportContext } from './shared';

/** A helper's words to the student they hold: relay, delivery state, which student (issue 8, 14). */

async function languageOf(tx: Queryable, personId: string): Promise<Language> {
  const { rows } = await tx.query<{ language: Language }>('SELECT language FROM people WHERE id = $1', [
    personId,
  ]);
  return rows[0]?.language ?? 'ko';
}

/** `support.<key>` with the contact numbers, as a one-text reply. */
export const say0 = (
  ctx: TurnContext,
  sc: SupportContext,
  key: string,
  params: Record<string, string | number> = {},
): Reply => textReply([say(ctx.texts, sc.deps.contacts, key, params)]);

export async function focusOf(db: Queryable, helperId: string): Promise<string | null> {
  const { rows } = await db.query<{ case_id: string }>(
    'SELECT case_id::text AS case_id FROM support_helper_focus WHERE helper_id = $1',
    [helperId],
  );
  return rows[0]?.case_id ?? null;
}

export function helperQuickReplies(ctx: TurnContext, caseId: string, several: boolean): QuickReply[] {
  const t = (key: string) => ctx.texts.t(`support.${key}`);
  return [
    { label: t('actions.contacted'), postback: `support:contacted:${caseId}` },
    { label: t('relay.status'), postback: 'support:status' },
    { label: t('actions.coordinator'), postback: `support:coord:${caseId}` },
    { label: t('actions.close'), postback: `support:close:${caseId}` },
    ...(several ? [{ label: t('relay.switch'), postback: 'support:switch' }] : []),
  ];
}

export async function setFocus(tx: Queryable, helperId: string, caseId: string, now: Date): Promise<void> {
  await tx.query(
    `INSERT INTO support_helper_focus (helper_id, case_id, set_at) VALUES ($1, $2, $3)
     ON CONFLICT (helper_id) DO UPDATE SET case_id = EXCLUDED.case_id, set_at = EXCLUDED.set_at`,
    [helperId, caseId, now],
  );
}

// ---------------------------------------------------------------------------------------------
// Relay (helper → student)
// ---------------------------------------------------------------------------------------------

export async function relayFromHelper(
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
    return stopped ? { reply: say0(ctx, sc, 'relay.stoppedHelper', { case: stopped.id }) } : null;
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
    ...leaveHelperStep(ctx),
  };
}

/** "전달됨 / 전달 안 됨 / 보내는 중" from the outbox row status. */
function deliveryLabel(ctx: TurnContext, status: string): string {
  if (status === 'sent') return ctx.texts.t('support.relay.delivered');
  if (status === 'failed' || status === 'cancelled') return ctx.texts.t('support.relay.notDelivered');
  return ctx.texts.t('support.relay.sending');
}

export async function statusReply(ctx: TurnContext, helper: StaffMember): Promise<Reply> {
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
export async function pickCase(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
  pending: string | null,
): Promise<TurnResult> {
  const active = (await casesOf(ctx.db, helper.personId)).filter((c) => c.relay_active);
  if (active.length === 0) return { reply: say0(ctx, sc, 'helper.noCase') };
  const options = caseOptions(ctx, active);
  return {
    reply: textReply([ctx.texts.t('support.relay.pickCase'), numberedList(options)], options),
    state: supportState('pick', { pending }),
  };
}

export async function pickStep(
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

export async function focusTurn(
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
    ...leaveHelperStep(ctx),
  };
}
