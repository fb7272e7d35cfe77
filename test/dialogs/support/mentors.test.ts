import request from 'supertest';
import { describeEachDatabase } from '../../helpers/test-database';
import {
  ADMIN_TOKEN,
  MIN,
  alertsTo,
  inbox,
  onboardStudent,
  openCaseId,
  personIdOf,
  registerHelper,
  say,
  useSupportBot,
} from './support-bot';

const HIGH = '요즘 너무 힘들어서 죽고 싶어';
const NIGHT_STAFF = [{ days: [1, 2, 3, 4, 5], from: '10:00', to: '18:00' }];

describeEachDatabase('mentors and their mentees', (getDb) => {
  const scene = useSupportBot(getDb);
  const admin = () => ({ authorization: `Bearer ${ADMIN_TOKEN}` });

  it('links through the admin API; the student is told at their next message, sees "내 멘토 선생님", and can decline', async () => {
    const mentor = await registerHelper(scene.app, {
      name: '지수',
      tier: 'mentor',
      channelUserId: 'mentor-m',
    });
    await onboardStudent(scene.app, 'stu-m');
    expect(await say(scene.app, 'stu-m', '내 멘토 선생님')).toContain('아직 연결된 멘토 선생님이 없어요');
    const linked = await request(scene.app)
      .post('/admin/mentees')
      .set(admin())
      .send({ mentorId: mentor, channel: 'web', channelUserId: 'stu-m' });
    expect(linked.status).toBe(201);
    const list = await request(scene.app).get('/admin/mentees').set(admin());
    expect(list.body.mentees).toEqual([
      expect.objectContaining({
        mentorId: mentor,
        mentorName: '지수',
        studentId: await personIdOf(scene.db, 'stu-m'),
      }),
    ]);

    await say(scene.app, 'stu-m', '안녕하세요');
    await scene.at(MIN);
    const intro = await inbox(scene.app, 'stu-m');
    expect(intro).toContain('지수 선생님이 서울런 멘토 선생님이에요');
    expect(intro).toContain('(연결 안 할래요)');
    // Once only.
    await say(scene.app, 'stu-m', '고마워요');
    await scene.at(2 * MIN);
    expect(await inbox(scene.app, 'stu-m')).not.toContain('멘토 선생님이에요');

    expect(await say(scene.app, 'stu-m', '내 멘토 선생님')).toContain('내 멘토 선생님은 지수 선생님이에요');
    expect(await say(scene.app, 'stu-m', { postback: 'support-helpers:decline' })).toContain(
      '연결을 끊었어요',
    );
    expect((await request(scene.app).get('/admin/mentees').set(admin())).body.mentees).toEqual([]);
    await scene.at(3 * MIN);
    expect(await inbox(scene.app, 'mentor-m')).toContain('멘토 연결을 원하지 않아');
    const audit = await scene.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action LIKE 'mentee_%' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['mentee_linked', 'mentee_unlinked']);
  });

  it('unlinks through the admin API and imports a roster from CSV, reporting the bad lines', async () => {
    const mentor = await registerHelper(scene.app, {
      name: '지수',
      tier: 'mentor',
      channelUserId: 'mentor-c',
    });
    await onboardStudent(scene.app, 'stu-c1');
    await onboardStudent(scene.app, 'stu-c2');
    const s2 = await personIdOf(scene.db, 'stu-c2');
    const csv = [
      'mentor_id,student',
      `${mentor},web,stu-c1`,
      `${mentor},${s2}`,
      `${mentor},web,nobody-here`,
      'not-a-uuid,web,stu-c1',
    ].join('\n');
    const imported = await request(scene.app).post('/admin/mentees/import').set(admin()).send({ csv });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ linked: 2, failed: 2 });
    expect(
      imported.body.results.filter((r: { ok: boolean }) => !r.ok).map((r: { line: number }) => r.line),
    ).toEqual([4, 5]);
    expect(await say(scene.app, 'mentor-c', '내 학생')).toContain('연결된 학생 2명');
    const removed = await request(scene.app).delete(`/admin/mentees/${mentor}/${s2}`).set(admin());
    expect(removed.status).toBe(200);
    expect(await say(scene.app, 'mentor-c', '내 학생')).toContain('연결된 학생 1명');
    expect((await request(scene.app).delete(`/admin/mentees/${mentor}/${s2}`).set(admin())).status).toBe(404);
  });

  it('links with a code the mentor gets from "내 학생 추가" and gives the student', async () => {
    await registerHelper(scene.app, { name: '지수', tier: 'mentor', channelUserId: 'mentor-k' });
    const shown = await say(scene.app, 'mentor-k', '내 학생 추가');
    const code = /([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2})/.exec(shown)?.[1];
    expect(code).toBeDefined();
    await onboardStudent(scene.app, 'stu-k');
    expect(await say(scene.app, 'stu-k', '멘토 코드 ABCD-EFGH-23')).toContain('코드가 맞지 않거나');
    expect(await say(scene.app, 'stu-k', `멘토 코드 ${code}`)).toContain('지수 선생님과 연결됐어요');
    expect(await say(scene.app, 'stu-k', '내 멘토 선생님')).toContain('지수 선생님');
    // One time only.
    await onboardStudent(scene.app, 'stu-k2');
    expect(await say(scene.app, 'stu-k2', `멘토 코드 ${code}`)).toContain('코드가 맞지 않거나');
    await scene.at(MIN);
    expect(await inbox(scene.app, 'mentor-k')).toContain('학생 한 명이 코드로 연결됐어요');
    expect(await say(scene.app, 'mentor-k', '내 학생')).toContain('연결된 학생 1명');
  });

  it("pages a mentor linked through the admin API about their mentee's open case on the next outbox pass", async () => {
    // Nobody on duty on a Saturday: the ladder runs out at once.
    await registerHelper(scene.app, {
      name: '민호',
      tier: 'staff',
      channelUserId: 'staff-n',
      hours: NIGHT_STAFF,
    });
    await onboardStudent(scene.app, 'stu-p');
    await scene.runDue();
    await say(scene.app, 'stu-p', HIGH);
    const caseId = await openCaseId(scene.db, 'stu-p');
    const mentor = await registerHelper(scene.app, {
      name: '지수',
      tier: 'mentor',
      channelUserId: 'mentor-p',
    });
    expect(await alertsTo(scene.db, 'mentor-p')).toEqual([]);
    await request(scene.app)
      .post('/admin/mentees')
      .set(admin())
      .send({ mentorId: mentor, channel: 'web', channelUserId: 'stu-p' })
      .expect(201);
    await scene.at(MIN);
    expect(await alertsTo(scene.db, 'mentor-p')).toEqual([{ reason: 'backlog', stage: 3 }]);
    const alert = await inbox(scene.app, 'mentor-p');
    expect(alert).toContain(`#${caseId}`);
    expect(alert).toContain('담당 멘티 학생');
    await scene.at(2 * MIN);
    expect(await alertsTo(scene.db, 'mentor-p')).toHaveLength(1);
    expect(await say(scene.app, 'mentor-p', { postback: `support:ack:${caseId}` })).toContain('맡아 주셔서');
  });

  it('delivers open unacknowledged cases to a staff member registered later, once', async () => {
    await onboardStudent(scene.app, 'stu-b');
    await scene.runDue();
    await say(scene.app, 'stu-b', HIGH);
    const caseId = await openCaseId(scene.db, 'stu-b');
    await scene.at(10 * MIN);
    await registerHelper(scene.app, { name: '서연', tier: 'staff', channelUserId: 'staff-late' });
    await scene.at(11 * MIN);
    expect(await alertsTo(scene.db, 'staff-late')).toEqual([{ reason: 'backlog', stage: 3 }]);
    expect(await inbox(scene.app, 'staff-late')).toContain(`#${caseId}`);
    await scene.at(30 * MIN);
    expect(await alertsTo(scene.db, 'staff-late')).toHaveLength(1);
    expect(await say(scene.app, 'staff-late', '열린 케이스')).toContain(`#${caseId}`);
  });

  it("pages the student's own mentor first for concern, and with staff for high risk", async () => {
    const mentor = await registerHelper(scene.app, {
      name: '지수',
      tier: 'mentor',
      channelUserId: 'mentor-l',
    });
    await registerHelper(scene.app, { name: '서연', tier: 'staff', channelUserId: 'staff-l' });
    await onboardStudent(scene.app, 'stu-l');
    await request(scene.app)
      .post('/admin/mentees')
      .set(admin())
      .send({ mentorId: mentor, channel: 'web', channelUserId: 'stu-l' })
      .expect(201);
    await scene.runDue();
    await say(scene.app, 'stu-l', '요즘 너무 외롭고 힘들어');
    await say(scene.app, 'stu-l', '1');
    expect(await alertsTo(scene.db, 'mentor-l')).toEqual([{ reason: 'new', stage: 0 }]);
    expect(await alertsTo(scene.db, 'staff-l')).toEqual([]);
    await onboardStudent(scene.app, 'stu-l2');
    await request(scene.app)
      .post('/admin/mentees')
      .set(admin())
      .send({ mentorId: mentor, channel: 'web', channelUserId: 'stu-l2' })
      .expect(201);
    await say(scene.app, 'stu-l2', HIGH);
    const high = await scene.db.query<{ channel_user_id: string }>(
      `SELECT a.channel_user_id FROM support_alerts a JOIN support_cases c ON c.id = a.case_id
        WHERE c.level = 'high' AND a.stage = 0 ORDER BY a.channel_user_id`,
    );
    expect(high.rows.map((r) => r.channel_user_id)).toEqual(['mentor-l', 'staff-l']);
  });
});
