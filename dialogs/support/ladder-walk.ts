import type { Queryable } from '../../bot/db/database';
import { languageOfPerson } from '../../bot/people-store';
import {
  addEvent,
  finishDeadlines,
  higher,
  isUrgent,
  loadCase,
  openCaseOf,
  planDeadline,
  type CaseLevel,
  type CaseRow,
} from './case-store';
import { followUpReply } from './harm';
import { FINAL_STAGE, planPage, reachableIdentities, type PagePlan } from './paging-order';
import { pageMember, tellPerson, type LadderDeps } from './paging';
import { isOnDuty, nextOnDuty } from './roster';
import { appendThread } from './thread';

/**
 * Walking the ladder: a case opens (or rises) and pages its first stage with someone in it; each
 * stage gets an acknowledgement deadline; with nobody left everyone is alerted and the student
 * gets the crisis lines again.
 */

/** How long a stage has to acknowledge before the ladder climbs. */
export const ackWindowMs = (deps: LadderDeps, level: CaseLevel): number =>
  (isUrgent(level) ? deps.config.escalation.ackHighS : deps.config.escalation.ackConcernS) * 1000;

/**
 * Pages the first stage from `from` that has someone and plans its acknowledgement deadline.
 * With nobody left, alerts every staff member on every channel they have; the person gets the
 * crisis lines again once a full deadline passed without anyone, and a retry is planned for
 * when someone comes on duty.
 */
export async function advance(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  from: number,
  reason: string,
  now: Date,
): Promise<PagePlan> {
  const plan = await planPage(tx, c, Math.min(from, FINAL_STAGE), now);
  await finishDeadlines(tx, c.id, now, ['ack']);
  await tx.query('UPDATE support_cases SET stage = $2 WHERE id = $1', [c.id, plan.stage]);
  const current = { ...c, stage: plan.stage };
  if (plan.stage < FINAL_STAGE) {
    for (const member of plan.recipients)
      await pageMember(tx, deps, current, member, plan.stage, reason, now, plan.mentorIds);
    await planDeadline(
      tx,
      c.id,
      'ack',
      new Date(now.getTime() + ackWindowMs(deps, c.level)),
      { stage: plan.stage },
      `${plan.stage}:${now.getTime()}`,
    );
    await addEvent(tx, c.id, now, 'stage', 'bot', {
      stage: plan.stage,
      reason,
      paged: plan.recipients.length,
    });
    return plan;
  }
  await exhaust(tx, deps, current, plan, reason, now);
  return plan;
}

async function exhaust(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  plan: PagePlan,
  reason: string,
  now: Date,
): Promise<void> {
  let paged = 0;
  // Each person gets the final alert once per channel, however often the ladder runs out.
  const finals = await tx.query<{ who: string }>(
    `SELECT recipient_id || ':' || channel || ':' || channel_user_id AS who FROM support_alerts WHERE case_id = $1 AND stage = $2`,
    [c.id, FINAL_STAGE],
  );
  const alerted = new Set(finals.rows.map((r) => r.who));
  for (const member of plan.recipients) {
    for (const identity of reachableIdentities(member)) {
      if (alerted.has(`${member.personId}:${identity.channel}:${identity.channelUserId}`)) continue;
      if (
        await pageMember(
          tx,
          deps,
          c,
          member,
          FINAL_STAGE,
          reason === 'new' ? 'new' : 'final',
          now,
          plan.mentorIds,
          { identity },
        )
      )
        paged += 1;
    }
  }
  await addEvent(tx, c.id, now, 'stage', 'bot', { stage: FINAL_STAGE, reason, paged });
  const waited = now.getTime() - c.opened_at.getTime() >= ackWindowMs(deps, c.level);
  if (waited) await resendCrisisLines(tx, deps, c, 'bot', now, true);
  else
    await planDeadline(
      tx,
      c.id,
      'ack',
      new Date(c.opened_at.getTime() + ackWindowMs(deps, c.level)),
      { stage: FINAL_STAGE },
      `${FINAL_STAGE}:${now.getTime()}`,
    );
  // The crisis reply promised when a person will see it: page them when their hours start.
  // Only people whose hours start later: someone on duty now (a 24-hour member) was just alerted.
  const next = plan.staff
    .filter((m) => (m.tier === 'staff' || m.tier === 'coordinator') && !isOnDuty(m, now))
    .map((m) => nextOnDuty(m, new Date(now.getTime() + 1000)))
    .filter((d): d is Date => d !== null && d.getTime() > now.getTime())
    .sort((a, b) => a.getTime() - b.getTime())[0];
  if (next) await planDeadline(tx, c.id, 'retry', next, {}, String(next.getTime()));
}

/** Sends the crisis lines to the person again (at most once automatically). */
export async function resendCrisisLines(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  actor: string,
  now: Date,
  automatic: boolean,
): Promise<void> {
  if (automatic && c.crisis_resent_at) return;
  const language = await languageOfPerson(tx, c.person_id);
  await tellPerson(
    tx,
    deps,
    c,
    followUpReply(deps.texts[language], deps.contacts, c.bot_sent),
    'crisis',
    automatic ? 'again' : `again-${actor}`,
    now,
  );
  await tx.query('UPDATE support_cases SET crisis_resent_at = $2 WHERE id = $1', [c.id, now]);
  await addEvent(tx, c.id, now, 'crisis_resent', actor, { automatic });
}

/** Pages the helper who has the case and the staff stage beside them (a raised level, no contact note). */
export async function pageAssigneeAndStaff(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  reason: string,
  now: Date,
): Promise<void> {
  const plan = await planPage(tx, c, 2, now);
  const helper = plan.staff.find((m) => m.personId === c.assignee_id);
  if (helper) await pageMember(tx, deps, c, helper, c.stage, reason, now, plan.mentorIds);
  if (plan.stage >= FINAL_STAGE) return;
  for (const m of plan.recipients.filter((r) => r.personId !== c.assignee_id))
    await pageMember(tx, deps, c, m, plan.stage, reason, now, plan.mentorIds);
}

/** Input for a new case. */
export interface NewCase {
  personId: string;
  level: CaseLevel;
  source: 'screen' | 'request' | 'pattern' | 'moderation';
  speaker: 'student' | 'parent' | 'unknown';
  excerpt: string | null;
  signals: string[];
  botSent: string;
  wants: 'mentor' | 'staff' | null;
  startStage: number;
  /** Where the disclosure came from (InboundEvent.origin), to group pages in a flood. */
  origin?: string | null;
  /** The student's message (masked), kept in the case thread before anyone is paged; null when not kept. */
  said?: string | null;
}

/**
 * Opens a case and pages its first stage, or, when the person already has an open case, raises
 * its level (never lowers it). Returns the case id and whether it is new.
 */
export async function openOrRaise(
  tx: Queryable,
  deps: LadderDeps,
  input: NewCase,
  now: Date,
): Promise<{ caseId: string; created: boolean }> {
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO support_cases (person_id, level, source, speaker, excerpt, signals, bot_sent, wants, opened_at, origin)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (person_id) WHERE status = 'open' DO NOTHING RETURNING id::text AS id`,
    [
      input.personId,
      input.level,
      input.source,
      input.speaker,
      input.excerpt,
      JSON.stringify(input.signals),
      input.botSent,
      input.wants,
      now,
      input.origin ?? null,
    ],
  );
  const newId = inserted.rows[0]?.id;
  if (newId) {
    const c = (await loadCase(tx, newId, true)) as CaseRow;
    await addEvent(tx, newId, now, 'opened', 'bot', {
      level: input.level,
      source: input.source,
      speaker: input.speaker,
      botSent: input.botSent,
      signals: input.signals,
    });
    deps.metrics.casesOpened.inc({ level: input.level });
    await keepSaid(tx, newId, input, now);
    await advance(tx, deps, c, input.startStage, 'new', now);
    return { caseId: newId, created: true };
  }
  const existing = await openCaseOf(tx, input.personId, true);
  if (!existing) throw new Error('open case vanished');
  await keepSaid(tx, existing.id, input, now);
  await addEvent(tx, existing.id, now, 'disclosure', 'bot', {
    level: input.level,
    source: input.source,
    signals: input.signals,
  });
  if (higher(input.level, existing.level)) {
    await tx.query(
      'UPDATE support_cases SET level = $2, excerpt = coalesce($3, excerpt), bot_sent = $4 WHERE id = $1',
      [existing.id, input.level, input.excerpt, input.botSent],
    );
    await addEvent(tx, existing.id, now, 'raised', 'bot', { from: existing.level, to: input.level });
    const raised = {
      ...existing,
      level: input.level,
      excerpt: input.excerpt ?? existing.excerpt,
      bot_sent: input.botSent,
    };
    if (raised.assignee_id) {
      // Someone has it: tell them, and bring trained staff in too (mentors are not clinicians).
      await pageAssigneeAndStaff(tx, deps, raised, 'raised', now);
    } else {
      await advance(tx, deps, raised, 0, 'raised', now);
    }
  }
  return { caseId: existing.id, created: false };
}

/** The message that opened or raised a case goes into its thread first, so the page quotes it. */
async function keepSaid(tx: Queryable, caseId: string, input: NewCase, now: Date): Promise<void> {
  if (!input.said) return;
  await appendThread(tx, {
    caseId,
    personId: input.personId,
    author: 'student',
    text: input.said,
    level: input.level,
    at: now,
  });
}
