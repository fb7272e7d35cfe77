import { fakeClock } from '../helpers/test-bot';
import { describeEachDatabase } from '../helpers/test-database';
import {
  forgetCursors,
  inbox,
  onboardStudent,
  openCaseId,
  registerHelper,
  resetData,
  say,
  startSupportBot,
  type SupportBot,
} from '../dialogs/support/support-bot';

/**
 * Issue 18, item 1: with a guessed coordinator code the attacker acknowledged a student's crisis
 * case by its id and relayed "지금 어디야? 주소를 알려줄래?" to the student. A coordinator may now act
 * only on cases paged to their tier or below (or given to them); this case paged staff only.
 */
describeEachDatabase('acting on a case one was not paged for', (getDb) => {
  let t: SupportBot;
  beforeEach(async () => {
    await resetData(getDb().db);
    forgetCursors();
    t = await startSupportBot(getDb(), fakeClock('2026-11-28T07:00:00Z'));
  });
  afterEach(() => t.close());

  it('refuses a coordinator who was not paged, and relays nothing to the student', async () => {
    await registerHelper(t.bot.app, { name: '서연', tier: 'staff', channelUserId: 'staff-1' });
    await registerHelper(t.bot.app, { name: '이코디', tier: 'coordinator', channelUserId: 'rogue-coord' });
    await onboardStudent(t.bot.app, 'stu-1');
    await say(t.bot.app, 'stu-1', '요즘 너무 힘들어서 죽고 싶어');
    const caseId = await openCaseId(t.bot.db, 'stu-1');
    await t.bot.runDue(t.clock.now());
    await inbox(t.bot.app, 'stu-1');

    const ack = await say(t.bot.app, 'rogue-coord', { postback: `support:ack:${caseId}` });
    expect(ack).toMatch(/맡은 케이스가 아니에요/);
    expect(ack).not.toMatch(/연결됐어요|맡았어요/);
    await say(t.bot.app, 'rogue-coord', '지금 어디야? 주소를 알려줄래?');
    await t.bot.runDue(t.clock.now());
    expect(await inbox(t.bot.app, 'stu-1')).not.toContain('주소를 알려줄래');
    const held = await t.bot.db.query(`SELECT assignee_id FROM support_cases WHERE id = $1`, [caseId]);
    expect(held.rows[0]).toEqual({ assignee_id: null });

    // The staff member who was paged can.
    expect(await say(t.bot.app, 'staff-1', { postback: `support:ack:${caseId}` })).not.toMatch(
      /맡은 케이스가 아니에요/,
    );
    const taken = await t.bot.db.query<{ assignee_id: string | null }>(
      'SELECT assignee_id FROM support_cases WHERE id = $1',
      [caseId],
    );
    expect(taken.rows[0]?.assignee_id).not.toBeNull();
  });
});
