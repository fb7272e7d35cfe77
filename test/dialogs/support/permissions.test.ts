import { coveredTiers, mayActOnCase } from '../../../dialogs/support/permissions';
import type { Tier } from '../../../dialogs/support/roster';
import { describeEachDatabase } from '../../helpers/test-database';

describe('tiers a helper covers', () => {
  it('gives mentors no one else, coordinators mentors, staff everyone', () => {
    expect(coveredTiers('mentor')).toEqual([]);
    expect(coveredTiers('coordinator')).toEqual(['mentor', 'coordinator']);
    expect(coveredTiers('staff')).toEqual(['mentor', 'coordinator', 'staff']);
  });
});

describeEachDatabase('mayActOnCase', (getDb) => {
  const db = () => getDb().db;
  const helpers: Record<string, { personId: string; tier: Tier }> = {};
  let student: string;

  const person = async (): Promise<string> =>
    (await db().query<{ id: string }>('INSERT INTO people DEFAULT VALUES RETURNING id')).rows[0]!.id;

  async function helper(name: string, tier: Tier): Promise<void> {
    const personId = await person();
    await db().query(`INSERT INTO staff_profiles (person_id, tier, created_by) VALUES ($1, $2, 'test')`, [
      personId,
      tier,
    ]);
    helpers[name] = { personId, tier };
  }

  async function openCase(
    paged: string[],
    assignee?: string,
  ): Promise<{ id: string; assignee_id: string | null }> {
    const { rows } = await db().query<{ id: string }>(
      `INSERT INTO support_cases (person_id, level, source, bot_sent, opened_at, status, assignee_id)
       VALUES ($1, 'high', 'screen', 'crisis_reply', now(), 'closed', $2) RETURNING id::text AS id`,
      [student, assignee ? helpers[assignee]!.personId : null],
    );
    const id = rows[0]!.id;
    for (const name of paged)
      await db().query(
        `INSERT INTO support_alerts (case_id, recipient_id, channel, channel_user_id, stage, reason, outbox_key, created_at)
         VALUES ($1, $2, 'web', $3, 0, 'new', $4, now())`,
        [id, helpers[name]!.personId, name, `k-${id}-${name}`],
      );
    return { id, assignee_id: assignee ? helpers[assignee]!.personId : null };
  }

  beforeAll(async () => {
    student = await person();
    await helper('mentorA', 'mentor');
    await helper('mentorB', 'mentor');
    await helper('coord', 'coordinator');
    await helper('coord2', 'coordinator');
    await helper('staff', 'staff');
  });

  it('lets nobody act on a case that paged no one and was given to no one', async () => {
    const c = await openCase([]);
    for (const h of Object.values(helpers)) expect(await mayActOnCase(db(), h, c)).toBe(false);
  });

  it('lets a mentor act only on cases they were paged for or hold', async () => {
    const pagedA = await openCase(['mentorA']);
    expect(await mayActOnCase(db(), helpers.mentorA!, pagedA)).toBe(true);
    expect(await mayActOnCase(db(), helpers.mentorB!, pagedA)).toBe(false);
    const heldByB = await openCase([], 'mentorB');
    expect(await mayActOnCase(db(), helpers.mentorB!, heldByB)).toBe(true);
    expect(await mayActOnCase(db(), helpers.mentorA!, heldByB)).toBe(false);
  });

  it('lets a coordinator act on cases paged to their tier or below, not on staff-only cases', async () => {
    expect(await mayActOnCase(db(), helpers.coord!, await openCase(['mentorA']))).toBe(true);
    expect(await mayActOnCase(db(), helpers.coord!, await openCase(['coord2']))).toBe(true);
    expect(await mayActOnCase(db(), helpers.coord!, await openCase(['staff']))).toBe(false);
  });

  it('lets staff act on any case someone was paged for', async () => {
    expect(await mayActOnCase(db(), helpers.staff!, await openCase(['mentorB']))).toBe(true);
    expect(await mayActOnCase(db(), helpers.staff!, await openCase(['coord']))).toBe(true);
    expect(await mayActOnCase(db(), helpers.staff!, await openCase(['staff']))).toBe(true);
  });
});
