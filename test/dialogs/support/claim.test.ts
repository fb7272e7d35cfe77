import { claimCase } from '../../../dialogs/support/helper';
import { describeEachDatabase } from '../../helpers/test-database';
import { onboardStudent, openCaseId, registerHelper, say, useSupportBot } from './support-bot';

const HIGH = '요즘 너무 힘들어서 죽고 싶어';

describeEachDatabase('claiming a case is one conditional update', (getDb, target) => {
  const scene = useSupportBot(getDb);
  let first: string;
  let second: string;

  beforeEach(async () => {
    // Two staff members, always on duty: both are paged at once for high risk.
    first = await registerHelper(scene.app, { name: '서연', tier: 'staff', channelUserId: 'staff-a' });
    second = await registerHelper(scene.app, { name: '도윤', tier: 'staff', channelUserId: 'staff-b' });
    await onboardStudent(scene.app, 'stu-claim');
    await scene.runDue();
    await say(scene.app, 'stu-claim', HIGH);
  });

  it('gives one owner when two helpers tap 확인 at the same instant; the other is told who has it', async () => {
    const caseId = await openCaseId(scene.db, 'stu-claim');
    const tap = { postback: `support:ack:${caseId}` };
    const [a, b] = await Promise.all([say(scene.app, 'staff-a', tap), say(scene.app, 'staff-b', tap)]);
    const { rows } = await scene.db.query<{ assignee_id: string }>(
      'SELECT assignee_id FROM support_cases WHERE id = $1',
      [caseId],
    );
    const owner = rows[0]?.assignee_id;
    expect([first, second]).toContain(owner);
    const [won, lost, winnerName] = owner === first ? [a, b, '서연'] : [b, a, '도윤'];
    expect(won).toContain('맡아 주셔서 고마워요');
    expect(lost).not.toContain('맡아 주셔서 고마워요');
    expect(lost).toContain(`이미 ${winnerName} 선생님이 맡았어요`);
    // Particles by how the number is read: "학생 #1은", never "#1는".
    expect(lost).toMatch(new RegExp(`학생 #${caseId}(은|는) 이미`));
    const acks = await scene.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM support_case_events WHERE case_id = $1 AND kind = 'acknowledged'`,
      [caseId],
    );
    expect(acks.rows[0]?.n).toBe(1);
  });

  it('lets exactly one of two concurrent transactions claim (two connections on PostgreSQL)', async () => {
    const caseId = await openCaseId(scene.db, 'stu-claim');
    const other = target.name === 'postgres' ? (getDb().openAnother?.() ?? scene.db) : scene.db;
    const now = scene.clock.now();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The first transaction claims and holds its row lock; the second claims while it is held.
    const one = scene.db.transaction(async (tx) => {
      const result = await claimCase(tx, caseId, { personId: first, tier: 'staff' }, now);
      await held;
      return result;
    });
    const two = other.transaction((tx) => claimCase(tx, caseId, { personId: second, tier: 'staff' }, now));
    // Let the second statement reach the database (it waits on the lock on PostgreSQL).
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    const [r1, r2] = await Promise.all([one, two]);
    expect(r1).not.toBeNull();
    expect(r1).not.toBe('mine');
    expect(r2).toBeNull();
    const again = await scene.db.transaction((tx) =>
      claimCase(tx, caseId, { personId: first, tier: 'staff' }, now),
    );
    expect(again).toBe('mine');
  });
});
