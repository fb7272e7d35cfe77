import type { Queryable } from '../../bot/db/database';
import { excludedHelpers, isUrgent, mentorIdsOf, type CaseRow } from './case-store';
import { inHours, isAway, isOnDuty, loadStaff, type StaffMember, type Tier } from './roster';

/**
 * The paging order: who is paged at each stage of the ladder (the mentor, a coordinator, staff,
 * then everyone), given the roster, the hours and the case.
 */

/** Ladder stages: 0 mentor (+ staff for high), 1 coordinator, 2 staff, 3 everyone on every channel. */
export const FINAL_STAGE = 3;
/** A member's identities the bot can reach now. */
export const reachableIdentities = (m: StaffMember) => m.identities.filter((i) => i.reachable);

/** The people to page at `stage`, given the roster and the case. */
export function recipientsAt(
  stage: number,
  c: Pick<CaseRow, 'level' | 'wants' | 'speaker'>,
  staff: readonly StaffMember[],
  mentorIds: readonly string[],
  excluded: ReadonlySet<string>,
  now: Date,
): StaffMember[] {
  const usable = staff.filter((m) => !excluded.has(m.personId) && reachableIdentities(m).length > 0);
  const onDuty = (tier: Tier) => usable.filter((m) => m.tier === tier && isOnDuty(m, now));
  switch (stage) {
    case 0: {
      // High risk pages the mentor even off hours (not when away); concern respects hours.
      const mentors =
        c.wants === 'staff' || c.speaker === 'parent'
          ? []
          : usable.filter(
              (m) =>
                mentorIds.includes(m.personId) &&
                !isAway(m, now) &&
                (isUrgent(c.level) || inHours(m.hours, now)),
            );
      const staffNow = isUrgent(c.level) ? onDuty('staff').filter((m) => !mentors.includes(m)) : [];
      return [...mentors, ...staffNow];
    }
    case 1:
      return onDuty('coordinator');
    case 2:
      return onDuty('staff');
    default:
      return usable.filter((m) => (m.tier === 'staff' || m.tier === 'coordinator') && !isAway(m, now));
  }
}

/** What a stage walk would do now: the first stage from `from` with someone to page. */
export interface PagePlan {
  stage: number;
  recipients: StaffMember[];
  staff: StaffMember[];
  mentorIds: string[];
}

/** Finds the stage to page from `from` on (read only). */
export async function planPage(
  db: Queryable,
  c: Pick<CaseRow, 'person_id' | 'level' | 'wants' | 'speaker'> & { id: string | null },
  from: number,
  now: Date,
): Promise<PagePlan> {
  const staff = await loadStaff(db);
  const mentorIds = await mentorIdsOf(db, c.person_id);
  const excluded = c.id ? await excludedHelpers(db, c.id) : new Set<string>();
  for (let stage = from; stage < FINAL_STAGE; stage += 1) {
    const recipients = recipientsAt(stage, c, staff, mentorIds, excluded, now);
    if (recipients.length > 0) return { stage, recipients, staff, mentorIds };
  }
  return {
    stage: FINAL_STAGE,
    recipients: recipientsAt(FINAL_STAGE, c, staff, mentorIds, excluded, now),
    staff,
    mentorIds,
  };
}

/** Next stage after a helper of `tier` (for silence and handover). */
export const stageAfter = (tier: Tier | null): number =>
  tier === 'mentor' || tier === null ? 1 : tier === 'coordinator' ? 2 : FINAL_STAGE;
