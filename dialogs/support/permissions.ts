import type { Queryable } from '../../bot/db/database';
import type { Tier } from './roster';

/**
 * Who may act on a support case (acknowledge, resend the crisis lines, ask a coordinator, pass,
 * note a contact, close, write to the student). A security review took a coordinator's role and
 * acknowledged an arbitrary student's case by its id, so acting needs a reason:
 *
 * - the case was transferred to the helper (they hold it), or
 * - the helper was paged for it themselves, or
 * - the helper is a coordinator or staff member and someone of their own tier or below was paged
 *   for it (a coordinator covers mentors' cases, staff cover everyone's).
 *
 * A mentor never acts on a case only because another mentor was paged.
 */

/** Tiers from least to most trained. */
const TIERS: readonly Tier[] = ['mentor', 'coordinator', 'staff'];

/** The tiers a helper of `tier` covers: their own and those below (none below a mentor). */
export function coveredTiers(tier: Tier): Tier[] {
  return tier === 'mentor' ? [] : TIERS.slice(0, TIERS.indexOf(tier) + 1);
}

/** Whether `helper` may act on case `c` (see above). One short read. */
export async function mayActOnCase(
  db: Queryable,
  helper: { personId: string; tier: Tier },
  c: { id: string; assignee_id: string | null },
): Promise<boolean> {
  if (c.assignee_id === helper.personId) return true;
  const { rows } = await db.query(
    `SELECT 1 FROM support_alerts a LEFT JOIN staff_profiles s ON s.person_id = a.recipient_id
      WHERE a.case_id = $1 AND (a.recipient_id = $2 OR s.tier = ANY($3::text[])) LIMIT 1`,
    [c.id, helper.personId, coveredTiers(helper.tier)],
  );
  return rows.length > 0;
}
