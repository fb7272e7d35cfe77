import { describeWhen } from './roster';
import type { Queryable } from '../../bot/db/database';
import type { TurnContext, TurnResult } from '../../bot/dialog';
import { parseDateTime } from '../../bot/dialog/parsers';
import { addEvent, loadCase, tellHelper, tellPerson, type CaseRow, type LadderDeps } from './ladder';
import type { StaffMember } from './roster';
import { textReply, type SupportContext } from './shared';

/** A helper may write to the student for this long after closing the case. */
export const FOLLOW_UP_MS = 7 * 86_400_000;
/** After the student's "그만", the helper may send one check-in once this much time has passed. */
export const CHECK_IN_AFTER_MS = 24 * 3_600_000;

const t = (ctx: TurnContext, key: string, params: Record<string, string | number> = {}): string =>
  ctx.texts.t(`support-helpers.${key}`, params);

/** What a helper's words outside a live relay may still reach. */
type Target =
  | { kind: 'checkin'; c: CaseRow; stoppedAt: Date; used: boolean }
  | { kind: 'followUp'; c: CaseRow; closedAt: Date };

/** The newest case a helper without a live relay may still write to: stopped by the student, or closed by them lately. */
async function followUpTarget(db: Queryable, helperId: string, now: Date): Promise<Target | null> {
  const stopped = await db.query<{ id: string; stopped_at: Date; used: boolean }>(
    `SELECT c.id::text AS id, max(e.at) AS stopped_at,
            EXISTS (SELECT 1 FROM support_case_events x WHERE x.case_id = c.id AND x.kind = 'helper_checkin' AND x.at >= max(e.at)) AS used
       FROM support_cases c JOIN support_case_events e ON e.case_id = c.id AND e.kind = 'student_stopped_relay'
      WHERE c.assignee_id = $1 AND c.status = 'open' AND NOT c.relay_active
      GROUP BY c.id ORDER BY max(e.at) DESC LIMIT 1`,
    [helperId],
  );
  const s = stopped.rows[0];
  if (s) {
    const c = await loadCase(db, s.id);
    if (c) return { kind: 'checkin', c, stoppedAt: new Date(s.stopped_at), used: s.used };
  }
  const closed = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM support_cases
      WHERE status = 'closed' AND (closed_by = $1 OR assignee_id = $1) AND closed_at > $2
      ORDER BY closed_at DESC LIMIT 1`,
    [helperId, new Date(now.getTime() - FOLLOW_UP_MS)],
  );
  const id = closed.rows[0]?.id;
  const c = id ? await loadCase(db, id) : null;
  return c?.closed_at ? { kind: 'followUp', c, closedAt: c.closed_at } : null;
}

/**
 * A helper's words when no relay is live: a follow-up within 7 days of closing, or one check-in
 * 24 hours after the student's "그만" (the helper is told when). Null when nothing applies.
 */
export async function followUpTurn(
  ctx: TurnContext,
  sc: SupportContext,
  helper: StaffMember,
): Promise<TurnResult | null> {
  const target = await followUpTarget(ctx.db, helper.personId, ctx.now);
  if (!target) return null;
  const c = target.c;
  if (target.kind === 'checkin') {
    const allowedAt = new Date(target.stoppedAt.getTime() + CHECK_IN_AFTER_MS);
    if (target.used) return { reply: textReply([t(ctx, 'checkinUsed', { case: c.id })]) };
    if (ctx.now.getTime() < allowedAt.getTime())
      return {
        reply: textReply([t(ctx, 'checkinWait', { case: c.id, time: describeWhen(allowedAt, ctx.now) })]),
      };
    ctx.defer((tx) => deliver(tx, sc.deps, helper, c, ctx.input.text, 'helper_checkin', ctx));
    return { reply: textReply([t(ctx, 'checkinSent', { case: c.id })]) };
  }
  const until = new Date(target.closedAt.getTime() + FOLLOW_UP_MS);
  ctx.defer((tx) => deliver(tx, sc.deps, helper, c, ctx.input.text, 'helper_follow_up', ctx));
  return {
    reply: textReply([t(ctx, 'followUpSent', { case: c.id, until: describeWhen(until, ctx.now) })]),
  };
}

async function deliver(
  tx: Queryable,
  deps: LadderDeps,
  helper: StaffMember,
  c: CaseRow,
  words: string,
  kind: 'helper_checkin' | 'helper_follow_up',
  ctx: TurnContext,
): Promise<void> {
  const { rows } = await tx.query<{ language: 'ko' | 'en' }>('SELECT language FROM people WHERE id = $1', [
    c.person_id,
  ]);
  const texts = deps.texts[rows[0]?.language ?? 'ko'];
  const labelled = texts.t('support.relay.fromHelper', { name: helper.name, text: words });
  const key = await tellPerson(
    tx,
    deps,
    c,
    textReply([labelled]),
    'relay',
    `${kind}-${ctx.event.channelEventId}`,
    ctx.now,
  );
  if (key)
    await tx.query(
      `INSERT INTO support_relays (case_id, direction, helper_id, outbox_key, created_at) VALUES ($1, 'to_student', $2, $3, $4)`,
      [c.id, helper.personId, key, ctx.now],
    );
  await addEvent(tx, c.id, ctx.now, kind, `person:${helper.personId}`, { helper: helper.personId });
}

// ---------------------------------------------------------------------------------------------
// Reminders in words
// ---------------------------------------------------------------------------------------------

// Promises to the student of a later contact (the words also go to them); never a note to self.
const REMINDER_WORDS = [
  '다시 연락',
  '연락할게',
  '연락 할게',
  '연락드릴게',
  '연락 드릴게',
  '연락줄게',
  'contact you again',
];

/** "내일 4시에 다시 연락할게" → the instant (parsed by the date-time parser); null when it is no promise of a time. */
export function reminderAt(text: string, now: Date): Date | null {
  const compact = text.toLowerCase();
  if (!REMINDER_WORDS.some((w) => compact.includes(w))) return null;
  return parseDateTime(text, now);
}

/** Plans the helper's reminder (a due row); the caller says when in the helper's reply. */
export async function planReminder(
  tx: Queryable,
  caseId: string,
  helperId: string,
  at: Date,
  now: Date,
): Promise<void> {
  await tx.query(
    'INSERT INTO support_reminders (case_id, helper_id, due_at, created_at) VALUES ($1, $2, $3, $4)',
    [caseId, helperId, at, now],
  );
  await addEvent(tx, caseId, now, 'reminder_set', `person:${helperId}`, { helper: helperId, at });
}

/** The helper's line confirming the reminder. */
export const reminderLine = (ctx: TurnContext, caseId: string, at: Date): string =>
  t(ctx, 'reminderSet', { case: caseId, when: describeWhen(at, ctx.now) });

/** Due reminders: each tells its helper, once (the row is marked in the same transaction). */
export async function runReminders(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  deps: LadderDeps,
  now: Date,
): Promise<number> {
  let sent = 0;
  for (let i = 0; i < 200; i += 1) {
    const did = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{
        id: string;
        case_id: string;
        helper_id: string;
        language: 'ko' | 'en';
      }>(
        `SELECT r.id::text AS id, r.case_id::text AS case_id, r.helper_id, p.language FROM support_reminders r
           JOIN people p ON p.id = r.helper_id
          WHERE r.done_at IS NULL AND r.due_at <= $1 ORDER BY r.due_at, r.id LIMIT 1 FOR UPDATE OF r SKIP LOCKED`,
        [now],
      );
      const r = rows[0];
      if (!r) return false;
      await tx.query('UPDATE support_reminders SET done_at = $2 WHERE id = $1', [r.id, now]);
      const texts = deps.texts[r.language];
      await tellHelper(
        tx,
        deps,
        r.helper_id,
        textReply([texts.t('support-helpers.reminderDue', { case: r.case_id })]),
        'notice',
        `reminder-${r.id}`,
        now,
      );
      await addEvent(tx, r.case_id, now, 'reminder_sent', 'bot', { helper: r.helper_id });
      return true;
    });
    if (!did) break;
    sent += 1;
  }
  return sent;
}

/** 24 hours after a student's "그만": the helper is told they may now send one check-in (once). */
export async function runCheckInNotices(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  deps: LadderDeps,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; helper: string; language: 'ko' | 'en' }>(
      `SELECT c.id::text AS id, c.assignee_id AS helper, p.language FROM support_cases c
         JOIN people p ON p.id = c.assignee_id
        WHERE c.status = 'open' AND NOT c.relay_active
          AND (SELECT max(s.at) FROM support_case_events s WHERE s.case_id = c.id AND s.kind = 'student_stopped_relay') <= $1
          AND NOT EXISTS (SELECT 1 FROM support_case_events e WHERE e.case_id = c.id AND e.kind = 'checkin_ready_told'
                            AND e.at >= (SELECT max(s.at) FROM support_case_events s WHERE s.case_id = c.id AND s.kind = 'student_stopped_relay'))
        LIMIT 100 FOR UPDATE OF c SKIP LOCKED`,
      [new Date(now.getTime() - CHECK_IN_AFTER_MS)],
    );
    for (const r of rows) {
      await tellHelper(
        tx,
        deps,
        r.helper,
        textReply([deps.texts[r.language].t('support-helpers.checkinReady', { case: r.id })]),
        'notice',
        `checkin-ready-${r.id}`,
        now,
      );
      await addEvent(tx, r.id, now, 'checkin_ready_told', 'bot', { helper: r.helper });
    }
  });
}
