import { describeEachDatabase } from '../../helpers/test-database';
import { MIN, inbox, onboardStudent, openCaseId, registerHelper, say, useSupportBot } from './support-bot';

const WEEKDAY_DAYTIME = [{ days: [1, 2, 3, 4, 5], from: '10:00', to: '18:00' }];

describeEachDatabase('support mode: honest paging, failed pages, the case closing (issue 14)', (getDb) => {
  const scene = useSupportBot(getDb);

  it('nobody on duty: the student is told who will see it and when, never "알렸어요"', async () => {
    // Weekday hours only, on a Saturday: nobody can be paged now.
    await registerHelper(scene.app, {
      name: '하늘',
      tier: 'staff',
      channelUserId: 'staff-weekday',
      hours: WEEKDAY_DAYTIME,
    });
    await scene.runDue();
    const student = await onboardStudent(scene.app, 'honest-nobody');
    expect(await say(scene.app, student, { postback: 'support:start' })).toContain(
      '누구랑 이야기하고 싶어요',
    );
    const answer = await say(scene.app, student, '서울런 상담 선생님');
    expect(answer).toContain('지금은 선생님이 없는 시간이라 모레 오전 10시에 봐요');
    expect(answer).toContain('1388');
    expect(answer).not.toContain('알렸어요');
  });

  it('nobody registered at all: says nobody can read it now, with the lines', async () => {
    const student = await onboardStudent(scene.app, 'honest-none');
    await say(scene.app, student, { postback: 'support:start' });
    const answer = await say(scene.app, student, '1');
    expect(answer).toContain('지금은 이 글을 바로 볼 수 있는 선생님이 없어요');
    expect(answer).not.toContain('알렸어요');
  });

  it('a page that failed is told to the student at their next turn, once', async () => {
    await registerHelper(scene.app, { name: '하늘', tier: 'staff', channelUserId: 'staff-fails' });
    await scene.runDue();
    const student = await onboardStudent(scene.app, 'page-fails');
    expect(await say(scene.app, student, '나 진짜 죽고 싶어')).toContain('109');
    const caseId = await openCaseId(scene.db, student);
    await scene.db.query(
      `UPDATE outbox SET status = 'failed' WHERE idempotency_key IN (SELECT outbox_key FROM support_alerts WHERE case_id = $1)`,
      [caseId],
    );
    scene.clock.advance(MIN);
    await scene.runDue();
    const next = await say(scene.app, student, '응 내 방이야');
    expect(next).toContain('선생님께 보낸 알림이 닿지 않았어요');
    expect(next).toContain('집에 있구나');
    const after = await say(scene.app, student, '오늘은 좀 피곤해');
    expect(after).not.toContain('닿지 않았어요');
    expect(after).toContain('여기에 계속 이야기해도 돼요');
  });

  it('support mode ends when the case is closed: the next message is routed as usual', async () => {
    const student = await onboardStudent(scene.app, 'mode-ends');
    await say(scene.app, student, '나 진짜 죽고 싶어');
    expect(await say(scene.app, student, '응')).toContain('여기에 계속 이야기해도 돼요');
    await scene.db.query(`UPDATE support_cases SET status = 'closed', closed_at = $1`, [scene.clock.now()]);
    scene.clock.advance(MIN);
    const routed = await say(scene.app, student, '서울런은 몇 살까지 신청할 수 있어요?');
    expect(routed).not.toContain('여기에 계속 이야기해도 돼요');
    const thread = await scene.db.query<{ n: number }>('SELECT count(*)::int AS n FROM support_thread');
    // The crisis message and "응" (with the bot's answer) — nothing after the case closed.
    expect(thread.rows[0]?.n).toBe(3);
  });

  it('a concern alert quotes what the 14+ student said, not "(저장하지 않음)"', async () => {
    await registerHelper(scene.app, { name: '하늘', tier: 'staff', channelUserId: 'staff-quote' });
    await scene.runDue();
    const student = await onboardStudent(scene.app, 'quote');
    await scene.db.query(`UPDATE people SET consent = 'adult_or_14plus', age_band = '14to18'`);
    await say(scene.app, student, '요즘 너무 외롭고 힘들어');
    await say(scene.app, student, '서울런 상담 선생님');
    await scene.runDue();
    const alert = await inbox(scene.app, 'staff-quote');
    expect(alert).toContain('“요즘 너무 외롭고 힘들어”');
    expect(alert).toContain('공감 답변과 상담 선택지');
    expect(alert).not.toContain('저장');
  });
});
