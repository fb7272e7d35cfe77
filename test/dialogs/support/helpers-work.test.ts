import { describeEachDatabase } from '../../helpers/test-database';
import { playTranscript, webChannel } from '../../helpers/transcript';
import {
  MIN,
  alertsTo,
  inbox,
  onboardStudent,
  openCaseId,
  menteeOf,
  registerHelper,
  say,
  useSupportBot,
} from './support-bot';

const HOUR = 60 * MIN;
const HIGH = '요즘 너무 힘들어서 죽고 싶어';

describeEachDatabase("helpers' work after acknowledging", (getDb) => {
  const scene = useSupportBot(getDb);

  /** A mentor (linked to the student) and, optionally, a coordinator; the mentor takes a high case. */
  async function mentorHasCase(withCoordinator: boolean): Promise<string> {
    const mentor = await registerHelper(scene.app, {
      name: '지수',
      tier: 'mentor',
      channelUserId: 'mentor-w',
    });
    if (withCoordinator)
      await registerHelper(scene.app, { name: '민호', tier: 'coordinator', channelUserId: 'coord-w' });
    await menteeOf(scene, mentor, 'stu-w');
    await say(scene.app, 'stu-w', HIGH);
    const caseId = await openCaseId(scene.db, 'stu-w');
    expect(await say(scene.app, 'mentor-w', { postback: `support:ack:${caseId}` })).toContain('맡아 주셔서');
    await scene.runDue();
    await inbox(scene.app, 'stu-w');
    await inbox(scene.app, 'mentor-w');
    return caseId;
  }

  it('after the student\'s "그만": one check-in once 24 hours have passed, and the helper is told when', async () => {
    const caseId = await mentorHasCase(false);
    await say(scene.app, 'stu-w', '그만');
    await scene.at(1 * MIN);
    await inbox(scene.app, 'mentor-w');
    const early = await say(scene.app, 'mentor-w', '괜찮아?');
    expect(early).toContain('내일 오후 4시부터 안부 메시지를 한 번 보낼 수 있어요');
    expect(early).toMatch(new RegExp(`학생 #${caseId}(이|가) 대화를 멈췄어요`));
    await scene.at(2 * MIN);
    expect(await inbox(scene.app, 'stu-w')).not.toContain('괜찮아?');

    await scene.at(24 * HOUR + 2 * MIN);
    expect(await inbox(scene.app, 'mentor-w')).toContain('대화를 멈춘 지 하루가 지났어요');
    expect(await say(scene.app, 'mentor-w', '잘 지내고 있니?')).toContain('안부 메시지를 보냈어요');
    await scene.at(24 * HOUR + 3 * MIN);
    expect(await inbox(scene.app, 'stu-w')).toContain('[지수 선생님] 잘 지내고 있니?');
    expect(await say(scene.app, 'mentor-w', '혹시 답 없으면 또 보낼게')).toContain('이미 한 번 보냈어요');
    await scene.at(24 * HOUR + 4 * MIN);
    expect(await inbox(scene.app, 'stu-w')).not.toContain('또 보낼게');
    // The notice is sent once, not at every tick.
    await scene.at(26 * HOUR);
    expect(await inbox(scene.app, 'mentor-w')).not.toContain('하루가 지났어요');
  });

  it('lets the helper send follow-ups for 7 days after closing, not after', async () => {
    const caseId = await mentorHasCase(false);
    await playTranscript(scene.app, webChannel, 'mentor-w', [
      { user: '종료+메모', expect: ['연락이 닿았나요'] },
      { user: '1', expect: ['안전한가요'] },
      { user: '1', expect: ['연계했나요'] },
      { user: '4', expect: ['후속 연락이 필요한가요'] },
      { user: '1', expect: [`케이스 #${caseId}`, '종료했어요'] },
    ]);
    await scene.at(3 * 24 * HOUR);
    await inbox(scene.app, 'stu-w');
    expect(await say(scene.app, 'mentor-w', '요즘은 좀 어때?')).toContain('후속 메시지를 보냈어요');
    await scene.at(3 * 24 * HOUR + MIN);
    expect(await inbox(scene.app, 'stu-w')).toContain('[지수 선생님] 요즘은 좀 어때?');
    await scene.at(8 * 24 * HOUR);
    expect(await say(scene.app, 'mentor-w', '잘 지내지?')).not.toContain('후속 메시지를 보냈어요');
    await scene.at(8 * 24 * HOUR + MIN);
    expect(await inbox(scene.app, 'stu-w')).not.toContain('잘 지내지?');
  });

  it('turns "내일 4시에 다시 연락할게" into a reminder for the helper at that time', async () => {
    const caseId = await mentorHasCase(false);
    const reply = await say(scene.app, 'mentor-w', '오늘 얘기해 줘서 고마워. 내일 4시에 다시 연락할게');
    expect(reply).toContain(`학생 #${caseId}에게 보냈어요`);
    expect(reply).toContain(`내일 오후 4시에 학생 #${caseId} 일로 알려 드릴게요`);
    await scene.at(MIN);
    expect(await inbox(scene.app, 'stu-w')).toContain('내일 4시에 다시 연락할게');
    await scene.at(23 * HOUR);
    expect(await inbox(scene.app, 'mentor-w')).not.toContain('약속한 시간이에요');
    await scene.at(24 * HOUR);
    expect(await inbox(scene.app, 'mentor-w')).toContain(
      `약속한 시간이에요. 학생 #${caseId}에게 다시 연락해 주세요`,
    );
    // Once.
    await scene.at(24 * HOUR + 5 * MIN);
    expect(await inbox(scene.app, 'mentor-w')).not.toContain('약속한 시간이에요');
  });

  it('passes a case on only when someone is really paged, and says so when nobody can take it', async () => {
    const caseId = await mentorHasCase(false);
    const nobody = await say(scene.app, 'mentor-w', '넘기기');
    expect(nobody).toContain('지금 넘겨받을 수 있는 선생님이 없어요');
    expect(nobody).not.toContain('넘겼어요');
    const { rows } = await scene.db.query<{ assignee: string | null }>(
      'SELECT assignee_id AS assignee FROM support_cases WHERE id = $1',
      [caseId],
    );
    expect(rows[0]?.assignee).not.toBeNull();

    await registerHelper(scene.app, { name: '민호', tier: 'coordinator', channelUserId: 'coord-w' });
    await scene.runDue();
    expect(await say(scene.app, 'mentor-w', '넘기기')).toContain('민호 선생님(코디네이터)께 넘겼어요');
    expect((await alertsTo(scene.db, 'coord-w')).map((a) => a.reason)).toContain('handover');
  });

  it('transfers to a named helper, who is paged and may then take it', async () => {
    const caseId = await mentorHasCase(true);
    expect(await say(scene.app, 'mentor-w', '민호 선생님께 넘겨 주세요')).toContain(
      '민호 선생님(코디네이터)께 넘겼어요',
    );
    expect((await alertsTo(scene.db, 'coord-w')).map((a) => a.reason)).toContain('transfer');
    await scene.at(MIN);
    expect(await inbox(scene.app, 'coord-w')).toContain('선생님께 넘겼어요. 확인을 누르면 맡게 돼요');
    expect(await say(scene.app, 'coord-w', { postback: `support:ack:${caseId}` })).toContain('맡아 주셔서');
  });

  it('gives helpers their own help and their lists, never the student help', async () => {
    const caseId = await mentorHasCase(true);
    const help = await say(scene.app, 'mentor-w', '도움말');
    expect(help).toContain('멘토 선생님 도움말');
    expect(help).toContain('내 학생 추가');
    expect(await say(scene.app, 'coord-w', '도움말')).toContain('상담 선생님·코디네이터 도움말');
    const students = await say(scene.app, 'mentor-w', '내 학생');
    expect(students).toContain('연결된 학생 1명');
    expect(students).toContain(`열린 케이스 #${caseId}`);
    const cases = await say(scene.app, 'mentor-w', '열린 케이스');
    expect(cases).toContain(`#${caseId}`);
    expect(cases).toContain('내가 맡음');
    // The help text never went to the student.
    await scene.at(MIN);
    expect(await inbox(scene.app, 'stu-w')).not.toContain('도움말');
  });
});

describeEachDatabase('final alerts for 24-hour staff', (getDb) => {
  const scene = useSupportBot(getDb);

  it('sends the "모든 연락처로" alert once per channel, however long nobody acknowledges', async () => {
    await registerHelper(scene.app, { name: '서연', tier: 'staff', channelUserId: 'staff-24' });
    await onboardStudent(scene.app, 'stu-f');
    await scene.runDue();
    await say(scene.app, 'stu-f', HIGH);
    for (let m = 1; m <= 180; m += 1) {
      await scene.at(m * MIN);
    }
    const finals = (await alertsTo(scene.db, 'staff-24')).filter((a) => a.stage === 3);
    expect(finals.length).toBe(1);
  });
});
