import { josa, numberToHangul } from 'es-hangul';
import { describeEachDatabase } from '../../helpers/test-database';
import { playTranscript, webChannel } from '../../helpers/transcript';
import {
  MIN,
  alertsTo,
  inbox,
  linkMentee,
  onboardStudent,
  openCaseId,
  registerHelper,
  say,
  send,
  useSupportBot,
} from './support-bot';

describeEachDatabase('support handoff on the web channel', (getDb) => {
  const scene = useSupportBot(getDb);
  const start = Date.parse('2026-11-28T07:00:00Z');
  beforeEach(async () => {
    const mentor = await registerHelper(scene.app, {
      name: '지수',
      tier: 'mentor',
      channelUserId: 'mentor-w',
    });
    await registerHelper(scene.app, { name: '민호', tier: 'coordinator', channelUserId: 'coord-w' });
    await onboardStudent(scene.app, 'stu-w');
    await linkMentee(scene.db, mentor, 'stu-w');
    // A 14+ student: history (and so a concern excerpt) may be kept.
    await scene.db.query(
      `UPDATE people SET consent = 'adult_or_14plus', age_band = '14to18' WHERE id = (SELECT person_id FROM identities WHERE channel_user_id = 'stu-w')`,
    );
    await scene.runDue();
  });

  /** The student asks for their mentor; the mentor acknowledges from the alert. */
  async function handOff(): Promise<string> {
    await playTranscript(scene.app, webChannel, 'stu-w', [
      {
        user: '요즘 너무 외롭고 힘들어',
        expect: ['힘들었겠어요', '1. 내 멘토', '서울런 상담 선생님', '1388 지금'],
        reject: ['극단적'],
      },
      { tap: '내 멘토', expect: ['멘토 지수 선생님께 알렸어요', '서울런 운영팀이 볼 수 있어요'] },
    ]);
    await scene.runDue();
    const alert = await inbox(scene.app, 'mentor-w');
    expect(alert).toContain('걱정 알림');
    expect(alert).toContain('담당 멘티 학생');
    expect(alert).toContain('외롭고 힘들어');
    const caseId = await openCaseId(scene.db, 'stu-w');
    await playTranscript(scene.app, webChannel, 'mentor-w', [
      {
        user: '확인(맡을게요)',
        expect: ['맡아 주셔서 고마워요', '첫마디', '비밀로 할게', '방법이나 장소', '(연락함)'],
        reject: ['극단적'],
      },
    ]);
    await scene.runDue();
    expect(await inbox(scene.app, 'stu-w')).toContain('지수 선생님(멘토)이 이야기를 이어 갈 거예요');
    return caseId;
  }

  it('relays both ways with labels and delivery state, stops on "그만", closes with a note, then the bot resumes', async () => {
    const caseId = await handOff();
    expect(await say(scene.app, 'mentor-w', '안녕, 이야기해 줘서 고마워. 지금 괜찮아?')).toContain(
      `학생 #${caseId}에게 보냈어요`,
    );
    await scene.runDue();
    expect(await inbox(scene.app, 'stu-w')).toContain('[지수 선생님] 안녕, 이야기해 줘서 고마워');

    await scene.at(1 * MIN);
    await playTranscript(scene.app, webChannel, 'stu-w', [
      {
        user: '네 조금 나아졌어요',
        expect: ['선생님께 전달했어요', '(답장 보기)'],
        reject: ['잘 못 알아들었어요'],
      },
      { tap: '답장 보기', expect: ['아직 선생님 답장이 없어요'] },
    ]);
    await scene.at(2 * MIN);
    expect(await inbox(scene.app, 'mentor-w')).toContain(`[학생 #${caseId}] 네 조금 나아졌어요`);

    const second = await say(scene.app, 'mentor-w', '다행이다. 내일 또 얘기하자');
    expect(second).toContain('지난 메시지: 전달됨');
    expect(await say(scene.app, 'stu-w', { postback: 'support:replies' })).toContain(
      '답장을 보내는 중이에요',
    );
    await scene.at(3 * MIN);
    expect(await say(scene.app, 'stu-w', { postback: 'support:replies' })).toContain('선생님 답장 1개');
    expect(await say(scene.app, 'mentor-w', '전달 확인')).toContain('전달됨');

    expect(await say(scene.app, 'stu-w', '그만')).toContain('전달을 멈췄어요');
    await scene.runDue();
    expect(await inbox(scene.app, 'mentor-w')).toContain('대화를 멈췄어요');
    const stillOpen = await scene.db.query<{ status: string }>(
      'SELECT status FROM support_cases WHERE id = $1',
      [caseId],
    );
    expect(stillOpen.rows[0]?.status).toBe('open');

    await playTranscript(scene.app, webChannel, 'mentor-w', [
      { user: '종료+메모', expect: ['연락이 닿았나요', '1. 예'] },
      { user: '1', expect: ['안전한가요'] },
      { tap: '예', expect: ['109나 112에 연계했나요'] },
      { user: '안 함', expect: ['후속 연락이 필요한가요'] },
      {
        user: '2',
        expect: [`케이스 #${caseId}${josa.pick(numberToHangul(Number(caseId)), '을/를')} 종료했어요`],
      },
    ]);
    const closed = await scene.db.query<{ status: string; close_note: unknown }>(
      'SELECT status, close_note FROM support_cases WHERE id = $1',
      [caseId],
    );
    expect(closed.rows[0]).toEqual({
      status: 'closed',
      close_note: { reached: 'yes', safe: 'yes', referred: 'none', followUp: 'no' },
    });
    await scene.runDue();
    expect(await inbox(scene.app, 'stu-w')).toContain('지수 선생님이 이번 상담을 마무리했어요');

    // The bot is itself again: not relayed, the menu answers.
    const after = await say(scene.app, 'stu-w', '처음으로');
    expect(after).toContain('무엇을 도와줄까요');
    expect(await say(scene.app, 'stu-w', '고마워요')).not.toContain('선생님께 전달했어요');
    // Only mentors or staff close a case: there is no student path to it.
    const events = await scene.db.query<{ kind: string }>(
      'SELECT kind FROM support_case_events WHERE case_id = $1 ORDER BY id',
      [caseId],
    );
    expect(events.rows.map((e) => e.kind)).toEqual(
      expect.arrayContaining([
        'opened',
        'alerted',
        'acknowledged',
        'helper_message',
        'student_message',
        'student_stopped_relay',
        'closed',
      ]),
    );
  });

  it('tells the student and climbs the ladder when the mentor is silent for 10 minutes', async () => {
    await handOff();
    await scene.at(1 * MIN);
    expect(await say(scene.app, 'stu-w', '선생님 계세요?')).toContain('선생님께 전달했어요');
    await scene.at(9 * MIN);
    expect(await alertsTo(scene.db, 'coord-w')).toEqual([]);
    await scene.at(10 * MIN); // ten minutes after the acknowledgement without a word from the mentor
    expect(await inbox(scene.app, 'stu-w')).toContain('선생님이 지금 바로 답하기 어려운 것 같아요');
    expect(await alertsTo(scene.db, 'coord-w')).toEqual([{ reason: 'silence', stage: 1 }]);
    // The student's words are no longer relayed to the silent mentor.
    expect(await say(scene.app, 'stu-w', '아무도 없네')).not.toContain('선생님께 전달했어요');
  });

  it("sends a mentor's next words to the case just acknowledged, and lets them switch to the other", async () => {
    const first = await handOff();
    await onboardStudent(scene.app, 'stu-x');
    const mentorId = (
      await scene.db.query<{ person_id: string }>(
        `SELECT person_id FROM identities WHERE channel_user_id = 'mentor-w'`,
      )
    ).rows[0]!.person_id;
    await linkMentee(scene.db, mentorId, 'stu-x');
    await say(scene.app, 'stu-x', '요즘 너무 힘들어');
    await say(scene.app, 'stu-x', '1');
    const second = await openCaseId(scene.db, 'stu-x');
    expect(await say(scene.app, 'mentor-w', { postback: `support:ack:${second}` })).toContain('맡아 주셔서');
    // Never "어느 학생에게 보낼까요?" right after acknowledging: the words go to the case just taken.
    const sent = await say(scene.app, 'mentor-w', '안녕!');
    expect(sent).not.toContain('어느 학생에게 보낼까요');
    expect(sent).toContain(`학생 #${second}에게 보냈어요`);
    await scene.runDue();
    expect(await inbox(scene.app, 'stu-x')).toContain('[지수 선생님] 안녕!');
    expect(await inbox(scene.app, 'stu-w')).not.toContain('안녕!');
    // "학생 바꾸기" still lets them pick the other student.
    const ask = await send(scene.app, 'mentor-w', { postback: 'support:switch' });
    const pick = ask.quickReplies.find((q) => q.postback === `support:focus:${first}`);
    expect(pick).toBeDefined();
    await say(scene.app, 'mentor-w', { postback: pick!.postback });
    expect(await say(scene.app, 'mentor-w', '잘 지냈어?')).toContain(`학생 #${first}에게 보냈어요`);
    expect(first).not.toBe(second);
  });

  it("gives a parent guidance and adult lines, and keeps a mentor's relayed words from opening a case", async () => {
    await say(scene.app, 'parent-1', '안녕하세요');
    await say(scene.app, 'parent-1', '2');
    const parent = await say(scene.app, 'parent-1', '아이가 요즘 우울해 보여서 걱정돼요');
    expect(parent).toContain('보호자도 1388');
    expect(parent).toContain('1577-0199');
    expect(parent).not.toContain('내 멘토');
    const mentorWords = await say(scene.app, 'mentor-w', '제 멘티가 죽고 싶다고 했어요');
    expect(mentorWords).toContain('109');
    const cases = await scene.db.query<{ n: number }>('SELECT count(*)::int AS n FROM support_cases');
    expect(cases.rows[0]?.n).toBe(0);
  });

  it('raises attention when concern repeats on 3 of the last 7 Korean days', async () => {
    for (const day of [0, 2, 4]) {
      scene.clock.set(new Date(start + day * 86_400_000));
      const seen = await say(scene.app, 'stu-w', '오늘도 우울하다');
      if (day < 4) expect(seen).toContain('누구랑 이야기하고 싶어요');
      else expect(seen).toContain('서울런 상담 선생님께도 알렸어요');
      await say(scene.app, 'stu-w', '처음으로');
    }
    expect(await alertsTo(scene.db, 'coord-w')).toEqual([{ reason: 'new', stage: 1 }]);
    const c = await scene.db.query<{ source: string }>('SELECT source FROM support_cases');
    expect(c.rows).toEqual([{ source: 'pattern' }]);
  });
});
