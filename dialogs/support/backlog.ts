import type { Queryable } from '../../bot/db/database';
import { FINAL_STAGE, loadCase, mentorIdsOf, pageMember, type LadderDeps } from './ladder';
import { inHours, isAway, isOnDuty, loadStaff, type StaffMember } from './roster';

const reachable = (m: StaffMember): boolean => m.identities.some((i) => i.reachable);

/**
 * Open cases nobody has taken reach helpers who were not there when they opened: a staff member
 * or coordinator who came on duty or was registered after the ladder ran out, and a student's own
 * mentor linked after the case opened. Each person is paged once per case (the alert row says so).
 * Runs in runDue; one short transaction per case.
 */
export async function deliverBacklog(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> } & Queryable,
  deps: LadderDeps,
  now: Date,
): Promise<number> {
  const cutoff = new Date(now.getTime() - deps.config.retentionDays * 86_400_000);
  // Only cases someone new could be owed: the ladder ran out, or the student has a mentor.
  const { rows } = await db.query<{ id: string }>(
    `SELECT c.id::text AS id FROM support_cases c WHERE c.status = 'open' AND c.assignee_id IS NULL AND c.opened_at > $1
        AND (c.stage >= $2 OR EXISTS (SELECT 1 FROM links l WHERE l.kind = 'mentor_mentee' AND l.to_person = c.person_id AND l.status = 'active'))
      ORDER BY c.opened_at LIMIT 200`,
    [cutoff, FINAL_STAGE],
  );
  let paged = 0;
  for (const { id } of rows) {
    paged += await db.transaction(async (tx) => {
      const c = await loadCase(tx, id, true);
      if (!c || c.status !== 'open' || c.assignee_id) return 0;
      const staff = await loadStaff(tx);
      const mentorIds = await mentorIdsOf(tx, c.person_id);
      const alerted = await tx.query<{ recipient_id: string }>(
        'SELECT DISTINCT recipient_id FROM support_alerts WHERE case_id = $1',
        [c.id],
      );
      const already = new Set(alerted.rows.map((r) => r.recipient_id));
      const due = staff.filter((m) => {
        if (already.has(m.personId) || !reachable(m)) return false;
        // The student's own mentor, linked after the case opened (not for a parent's case).
        if (mentorIds.includes(m.personId))
          return (
            c.speaker !== 'parent' && !isAway(m, now) && (c.level !== 'concern' || inHours(m.hours, now))
          );
        // Trained people on duty, once the ladder found nobody who took it.
        return c.stage >= FINAL_STAGE && m.tier !== 'mentor' && isOnDuty(m, now);
      });
      for (const m of due) await pageMember(tx, deps, c, m, c.stage, 'backlog', now, mentorIds);
      return due.length;
    });
  }
  return paged;
}
