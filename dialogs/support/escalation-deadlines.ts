import { crashPoint } from '../../bot/crash-points';
import type { Queryable } from '../../bot/db/database';
import { text } from '../../bot/messages';
import { languageOfPerson } from '../../bot/people-store';
import { addEvent, finishDeadlines, loadCase, mentorIdsOf, planDeadline, type CaseRow } from './case-store';
import { advance, pageAssigneeAndStaff, resendCrisisLines } from './ladder-walk';
import { FINAL_STAGE, reachableIdentities, stageAfter } from './paging-order';
import { pageMember, tellHelper, tellPerson, type LadderDeps } from './paging';
import { loadStaff } from './roster';
import { say } from './support-texts';

/**
 * Due work of the ladder, as rows with `due_at`: acknowledgement deadlines climb a stage, a missing
 * contact note pages again, a silent helper hands the case back, and an alert the outbox gave up
 * on tries the next channel.
 */

/** Acknowledged but no "연락함" note: page again after this long. */
export const CONTACT_NOTE_MS = 30 * 60_000;
/** Acknowledged helper silent this long after the student wrote (or after the ack): back up the ladder. */
export const HELPER_SILENCE_MS = 10 * 60_000;
/** Re-pages for a missing contact note, at most. */
const CONTACT_REPAGES = 3;
interface DeadlineRow {
  id: string;
  case_id: string;
  kind: 'ack' | 'contact' | 'silence' | 'retry';
  due_at: Date;
  detail: Record<string, unknown>;
}

/**
 * Processes due deadlines one at a time, each in its own short transaction with the deadline
 * row locked (SKIP LOCKED: another instance takes the next one) and the case row locked.
 */
export async function runDeadlines(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  deps: LadderDeps,
  now: Date,
): Promise<number> {
  let handled = 0;
  for (let i = 0; i < 500; i += 1) {
    const did = await db.transaction(async (tx) => {
      const { rows } = await tx.query<DeadlineRow>(
        `SELECT id::text AS id, case_id::text AS case_id, kind, due_at, detail FROM support_deadlines
          WHERE done_at IS NULL AND due_at <= $1 ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [now],
      );
      const deadline = rows[0];
      if (!deadline) return false;
      await tx.query('UPDATE support_deadlines SET done_at = $2 WHERE id = $1', [deadline.id, now]);
      const c = await loadCase(tx, deadline.case_id, true);
      if (c && c.status === 'open') await onDeadline(tx, deps, c, deadline, now);
      return true;
    });
    if (!did) break;
    crashPoint('mid-ladder');
    handled += 1;
  }
  return handled;
}

async function onDeadline(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  d: DeadlineRow,
  now: Date,
): Promise<void> {
  switch (d.kind) {
    case 'ack': {
      if (c.assignee_id || Number(d.detail.stage) !== c.stage) return;
      if (c.stage >= FINAL_STAGE) {
        await resendCrisisLines(tx, deps, c, 'bot', now, true);
        await addEvent(tx, c.id, now, 'unacknowledged', 'bot', {});
        return;
      }
      await addEvent(tx, c.id, now, 'ack_deadline_passed', 'bot', { stage: c.stage });
      await advance(tx, deps, c, c.stage + 1, 'escalated', now);
      return;
    }
    case 'retry': {
      if (c.assignee_id) return;
      await advance(tx, deps, c, 1, 'retry', now);
      return;
    }
    case 'contact': {
      if (!c.assignee_id || c.contacted_at || c.assignee_id !== d.detail.helper) return;
      const round = Number(d.detail.round ?? 1);
      await pageAssigneeAndStaff(tx, deps, c, 'no_contact', now);
      await addEvent(tx, c.id, now, 'no_contact_note', 'bot', { helper: c.assignee_id, round });
      if (round < CONTACT_REPAGES) {
        await planDeadline(
          tx,
          c.id,
          'contact',
          new Date(now.getTime() + CONTACT_NOTE_MS),
          { helper: c.assignee_id, round: round + 1 },
          `${c.assignee_id}:${round + 1}`,
        );
      }
      return;
    }
    case 'silence': {
      const since = new Date(String(d.detail.since));
      if (!c.assignee_id || c.assignee_id !== d.detail.helper || !c.relay_active) return;
      if (c.last_helper_at && c.last_helper_at.getTime() >= since.getTime()) return;
      await helperTimedOut(tx, deps, c, now);
      return;
    }
  }
}

/** The helper went quiet: the person is told and the case climbs from the next tier. */
async function helperTimedOut(tx: Queryable, deps: LadderDeps, c: CaseRow, now: Date): Promise<void> {
  const helperId = c.assignee_id as string;
  const language = await languageOfPerson(tx, c.person_id);
  await tellPerson(
    tx,
    deps,
    c,
    { messages: [text(say(deps.texts[language], deps.contacts, 'silence.toStudent'))], quickReplies: [] },
    'relay',
    'silence',
    now,
  );
  await tellHelper(
    tx,
    deps,
    helperId,
    { messages: [text(deps.texts.ko.t('support.silence.toHelper', { case: c.id }))], quickReplies: [] },
    'notice',
    `silence-${c.id}`,
    now,
    c.person_id,
  );
  await tx.query(
    `UPDATE support_cases SET assignee_id = NULL, assignee_tier = NULL, acked_at = NULL, relay_active = false WHERE id = $1`,
    [c.id],
  );
  await tx.query('DELETE FROM support_helper_focus WHERE case_id = $1', [c.id]);
  await finishDeadlines(tx, c.id, now, ['contact', 'silence']);
  await addEvent(tx, c.id, now, 'silence_timeout', 'bot', { helper: helperId });
  await advance(
    tx,
    deps,
    { ...c, assignee_id: null, relay_active: false },
    stageAfter(c.assignee_tier),
    'silence',
    now,
  );
}

interface FailedAlertRow {
  id: string;
  case_id: string;
  recipient_id: string;
  channel: string;
  stage: number;
}

/** An alert the outbox gave up on: the next channel of that person at once, else the next tier. */
export async function runFailedAlerts(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  deps: LadderDeps,
  now: Date,
): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const did = await db.transaction(async (tx) => {
      const { rows } = await tx.query<FailedAlertRow>(
        `SELECT a.id::text AS id, a.case_id::text AS case_id, a.recipient_id, a.channel, a.stage
           FROM support_alerts a JOIN outbox o ON o.idempotency_key = a.outbox_key
          WHERE o.status = 'failed' AND a.failure_handled_at IS NULL
          ORDER BY a.id LIMIT 1 FOR UPDATE OF a SKIP LOCKED`,
      );
      const failed = rows[0];
      if (!failed) return false;
      await tx.query('UPDATE support_alerts SET failure_handled_at = $2 WHERE id = $1', [failed.id, now]);
      const c = await loadCase(tx, failed.case_id, true);
      if (!c || c.status !== 'open' || c.assignee_id) return true;
      await addEvent(tx, c.id, now, 'alert_failed', 'bot', {
        helper: failed.recipient_id,
        channel: failed.channel,
      });
      const tried = await tx.query<{ channel: string; channel_user_id: string }>(
        'SELECT channel, channel_user_id FROM support_alerts WHERE case_id = $1 AND recipient_id = $2 AND stage = $3',
        [c.id, failed.recipient_id, failed.stage],
      );
      const used = new Set(tried.rows.map((r) => `${r.channel}:${r.channel_user_id}`));
      const staff = await loadStaff(tx);
      const member = staff.find((m) => m.personId === failed.recipient_id);
      const next = member
        ? reachableIdentities(member).find((i) => !used.has(`${i.channel}:${i.channelUserId}`))
        : undefined;
      if (member && next) {
        await pageMember(
          tx,
          deps,
          c,
          member,
          failed.stage,
          'failed_channel',
          now,
          await mentorIdsOf(tx, c.person_id),
          { identity: next },
        );
        return true;
      }
      if (failed.stage === c.stage && c.stage < FINAL_STAGE)
        await advance(tx, deps, c, c.stage + 1, 'failed_channel', now);
      return true;
    });
    if (!did) return;
  }
}
