import type { Queryable } from '../../bot/db/database';
import type { TurnContext, TurnResult } from '../../bot/dialog';
import {
  FINAL_STAGE,
  addEvent,
  excludedHelpers,
  finishDeadlines,
  loadCase,
  mentorIdsOf,
  pageMember,
  recipientsAt,
  say,
  stageAfter,
  tellPerson,
  type CaseRow,
} from './ladder';
import { loadStaff, type StaffMember, type Tier } from './roster';
import { squash, textReply, type SupportContext } from './shared';

const t = (ctx: TurnContext, key: string, params: Record<string, string | number> = {}): string =>
  ctx.texts.t(`support-helpers.${key}`, params);

/** Words that ask to hand a case on ("민호 선생님께 넘겨 주세요", "넘기기 서연"). */
const PASS_WORDS = ['넘기', '넘겨', '넘길', 'transfer', 'pass'];

/** The helper a typed transfer names (by display name, spacing ignored), or undefined. */
export function namedHelper(
  text: string,
  staff: readonly StaffMember[],
  self: string,
): StaffMember | undefined {
  const typed = squash(text);
  if (!PASS_WORDS.some((w) => typed.includes(w))) return undefined;
  return staff
    .filter((m) => m.personId !== self && m.name.length > 0 && typed.includes(squash(m.name)))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

/**
 * Who a "넘기기" would really page, read only: the first stage above the helper with someone on
 * duty and reachable, never the helper themselves or anyone who already handed it on.
 */
export async function passPlan(
  db: Queryable,
  c: CaseRow,
  helper: StaffMember,
  now: Date,
): Promise<{ stage: number; recipients: StaffMember[] }> {
  const staff = await loadStaff(db);
  const mentorIds = await mentorIdsOf(db, c.person_id);
  const excluded = await excludedHelpers(db, c.id);
  excluded.add(helper.personId);
  const wasMine = c.assignee_id === helper.personId;
  const from = Math.min(Math.max(stageAfter(helper.tier as Tier), wasMine ? 0 : c.stage + 1), FINAL_STAGE);
  for (let stage = from; stage <= FINAL_STAGE; stage += 1) {
    const recipients = recipientsAt(stage, c, staff, mentorIds, excluded, now);
    if (recipients.length > 0) return { stage, recipients };
  }
  return { stage: FINAL_STAGE, recipients: [] };
}

/** The helper's answer to "넘기기": who it went to, or honestly that nobody could take it. */
export function passReply(ctx: TurnContext, recipients: StaffMember[]): TurnResult {
  if (recipients.length === 0) return { reply: textReply([t(ctx, 'passedNobody')]) };
  const names = recipients
    .map((m) => t(ctx, 'helperName', { name: m.name, role: ctx.texts.t(`support.roles.${m.tier}`) }))
    .join(', ');
  return { reply: textReply([t(ctx, 'passedTo', { names })]) };
}

/**
 * Hands the case to one named helper: they are paged with the case (so they may act on it) and
 * take it with 확인; the one handing it on lets go. The student hears that someone new will come.
 */
export async function transferTo(
  tx: Queryable,
  sc: SupportContext,
  caseId: string,
  from: StaffMember,
  to: StaffMember,
  now: Date,
): Promise<void> {
  const c = await loadCase(tx, caseId, true);
  if (!c || c.status !== 'open') return;
  if (c.assignee_id && c.assignee_id !== from.personId) return;
  if (c.assignee_id === from.personId) {
    await tx.query(
      'UPDATE support_cases SET assignee_id = NULL, assignee_tier = NULL, acked_at = NULL, relay_active = false WHERE id = $1',
      [c.id],
    );
    await tx.query('DELETE FROM support_helper_focus WHERE case_id = $1', [c.id]);
    await finishDeadlines(tx, c.id, now, ['contact', 'silence']);
    const { rows } = await tx.query<{ language: 'ko' | 'en' }>('SELECT language FROM people WHERE id = $1', [
      c.person_id,
    ]);
    await tellPerson(
      tx,
      sc.deps,
      c,
      textReply([say(sc.deps.texts[rows[0]?.language ?? 'ko'], sc.deps.contacts, 'wait.still')]),
      'relay',
      `transfer-${to.personId}`,
      now,
    );
  }
  await addEvent(tx, c.id, now, 'transferred', `person:${from.personId}`, {
    helper: from.personId,
    to: to.personId,
  });
  await pageMember(
    tx,
    sc.deps,
    { ...c, assignee_id: null },
    to,
    c.stage,
    'transfer',
    now,
    await mentorIdsOf(tx, c.person_id),
  );
}
