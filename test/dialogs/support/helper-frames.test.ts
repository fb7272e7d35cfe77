import type { Database } from '../../../bot/db/database';
import { createEligibilityCapability } from '../../../dialogs/eligibility';
import { describeEachDatabase } from '../../helpers/test-database';
import { playTranscript, webChannel } from '../../helpers/transcript';
import {
  inbox,
  linkMentee,
  onboardStudent,
  personIdOf,
  registerHelper,
  say,
  useSupportBot,
} from './support-bot';

/** The flows on a person's stack, bottom first. */
async function flowsOf(db: Database, channelUserId: string): Promise<string[]> {
  const person = await personIdOf(db, channelUserId);
  const { rows } = await db.query<{ state: { frames?: { flow: string; step: string }[] } | null }>(
    'SELECT state FROM dialog_states WHERE person_id = $1',
    [person],
  );
  return (rows[0]?.state?.frames ?? []).map((f) => `${f.flow}:${f.step}`);
}

/**
 * A helper's support steps are frames on the engine's stack (issue 13): a mentor in the middle of
 * another flow (here the eligibility check) takes a case, closes it with the note — a frame pushed over
 * the check — and is back in the check afterwards, asked its question again, answers kept.
 */
describeEachDatabase('a helper in another flow when a case arrives', (getDb) => {
  const scene = useSupportBot(getDb, { extra: { more: (deps) => [createEligibilityCapability(deps)] } });

  beforeEach(async () => {
    const mentor = await registerHelper(scene.app, {
      name: '지수',
      tier: 'mentor',
      channelUserId: 'mentor-w',
    });
    await onboardStudent(scene.app, 'stu-w');
    await linkMentee(scene.db, mentor, 'stu-w');
    await scene.db.query(
      `UPDATE people SET consent = 'adult_or_14plus', age_band = '14to18' WHERE id = (SELECT person_id FROM identities WHERE channel_user_id = 'stu-w')`,
    );
    await scene.runDue();
  });

  it('takes the case, closes it with a note over the check, and comes back to the check', async () => {
    const db = scene.db;
    expect(await say(scene.app, 'mentor-w', { postback: 'eligibility:start' })).toContain(
      '서울에 살고 있나요?',
    );
    expect(await say(scene.app, 'mentor-w', '네')).toMatch(/몇 학년|만 몇 살/);

    await playTranscript(scene.app, webChannel, 'stu-w', [
      { user: '요즘 너무 외롭고 힘들어', expect: ['1. 내 멘토'] },
      { tap: '내 멘토', expect: ['멘토 지수 선생님께 알렸어요'] },
    ]);
    await scene.runDue();
    expect(await inbox(scene.app, 'mentor-w')).toContain('걱정 알림');

    await playTranscript(scene.app, webChannel, 'mentor-w', [
      // An aside: the check is not asked again in the middle of the case, and stays on the stack.
      { user: '확인(맡을게요)', expect: ['맡아 주셔서 고마워요'], reject: [/몇 학년|만 몇 살/] },
      {
        user: '안녕, 이야기해 줘서 고마워',
        expect: [/학생 #\d+에게 보냈어요/],
        reject: [/몇 학년|만 몇 살/],
      },
      { user: '종료+메모', expect: ['연락이 닿았나요'] },
    ]);
    expect(await flowsOf(db, 'mentor-w')).toEqual(['eligibility:ask_age', 'support:close']);

    await playTranscript(scene.app, webChannel, 'mentor-w', [
      { user: '1', expect: ['안전한가요'] },
      { user: '1', expect: ['109나 112에 연계했나요'] },
      { user: '안 함', expect: ['후속 연락이 필요한가요'] },
      // The note is done: the support frame ends and the check beneath asks its question again.
      { user: '2', expect: [/종료했어요/, /몇 학년|만 몇 살/] },
    ]);
    expect(await flowsOf(db, 'mentor-w')).toEqual(['eligibility:ask_age']);
    // The answer given before the case is kept: the next question follows the grade.
    expect(await say(scene.app, 'mentor-w', '고1')).toContain('아래 중 해당하는 게 있나요?');
  });
});
