import request from 'supertest';
import { fakeClock, type FakeClock } from '../../helpers/test-bot';
import { describeEachDatabase } from '../../helpers/test-database';
import {
  ADMIN_TOKEN,
  MIN,
  alertsTo,
  forgetCursors,
  inbox,
  onboardStudent,
  openCaseId,
  personIdOf,
  registerHelper,
  resetData,
  say,
  startSupportBot,
  type SupportBot,
} from './support-bot';

const HIGH = '요즘 너무 힘들어서 죽고 싶어';
const START = Date.parse('2026-11-28T07:00:00Z'); // Saturday 16:00 in Seoul
const NIGHT_STAFF = [{ days: [1, 2, 3, 4, 5], from: '10:00', to: '18:00' }];

describeEachDatabase('mentors and their mentees', (getDb) => {
  let t: SupportBot;
  let clock: FakeClock;
  const admin = () => ({ authorization: `Bearer ${ADMIN_TOKEN}` });
  const at = async (ms: number) => {
    clock.set(new Date(START + ms));
    await t.bot.runDue(clock.now());
  };

  beforeEach(async () => {
    await resetData(getDb().db);
    forgetCursors();
    clock = fakeClock(new Date(START));
    t = await startSupportBot(getDb(), clock);
  });
  afterEach(() => t.close());

  it('links through the admin API; the student is told at their next message, sees "내 멘토 선생님", and can decline', async () => {
    const mentor = await registerHelper(t.bot.app, {
      name: '지수',
      tier: 'mentor',
      channelUserId: 'mentor-m',
    });
    await onboardStudent(t.bot.app, 'stu-m');
    expect(await say(t.bot.app, 'stu-m', '내 멘토 선생님')).toContain('아직 연결된 멘토 선생님이 없어요');
    const linked = await request(t.bot.app)
      .post('/admin/mentees')
      .set(admin())
      .send({ mentorId: mentor, channel: 'web', channelUserId: 'stu-m' });
    expect(linked.status).toBe(201);
    const list = await request(t.bot.app).get('/admin/mentees').set(admin());
    expect(list.body.mentees).toEqual([
      expect.objectContaining({
        mentorId: mentor,
        mentorName: '지수',
        studentId: await personIdOf(t.bot.db, 'stu-m'),
      }),
    ]);

    await say(t.bot.app, 'stu-m', '안녕하세요');
    await at(MIN);
    const intro = await inbox(t.bot.app, 'stu-m');
    expect(intro).toContain('지수 선생님이 서울런 멘토 선생님이에요');
    expect(intro).toContain('(연결 안 할래요)');
    // Once only.
    await say(t.bot.app, 'stu-m', '고마워요');
    await at(2 * MIN);
    expect(await inbox(t.bot.app, 'stu-m')).not.toContain('멘토 선생님이에요');

    expect(await say(t.bot.app, 'stu-m', '내 멘토 선생님')).toContain('내 멘토 선생님은 지수 선생님이에요');
    expect(await say(t.bot.app, 'stu-m', { postback: 'support-helpers:decline' })).toContain(
      '연결을 끊었어요',
    );
    expect((await request(t.bot.app).get('/admin/mentees').set(admin())).body.mentees).toEqual([]);
    await at(3 * MIN);
    expect(await inbox(t.bot.app, 'mentor-m')).toContain('멘토 연결을 원하지 않아');
    const audit = await t.bot.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action LIKE 'mentee_%' ORDER BY id`,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['mentee_linked', 'mentee_unlinked']);
  });

  it('unlinks through the admin API and imports a roster from CSV, reporting the bad lines', async () => {
    const mentor = await registerHelper(t.bot.app, {
      name: '지수',
      tier: 'mentor',
      channelUserId: 'mentor-c',
    });
    await onboardStudent(t.bot.app, 'stu-c1');
    await onboardStudent(t.bot.app, 'stu-c2');
    const s2 = await personIdOf(t.bot.db, 'stu-c2');
    const csv = [
      'mentor_id,student',
      `${mentor},web,stu-c1`,
      `${mentor},${s2}`,
      `${mentor},web,nobody-here`,
      'not-a-uuid,web,stu-c1',
    ].join('\n');
    const imported = await request(t.bot.app).post('/admin/mentees/import').set(admin()).send({ csv });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ linked: 2, failed: 2 });
    expect(
      imported.body.results.filter((r: { ok: boolean }) => !r.ok).map((r: { line: number }) => r.line),
    ).toEqual([4, 5]);
    expect(await say(t.bot.app, 'mentor-c', '내 학생')).toContain('연결된 학생 2명');
    const removed = await request(t.bot.app).delete(`/admin/mentees/${mentor}/${s2}`).set(admin());
    expect(removed.status).toBe(200);
    expect(await say(t.bot.app, 'mentor-c', '내 학생')).toContain('연결된 학생 1명');
    expect((await request(t.bot.app).delete(`/admin/mentees/${mentor}/${s2}`).set(admin())).status).toBe(404);
  });

  it('links with a code the mentor gets from "내 학생 추가" and gives the student', async () => {
    await registerHelper(t.bot.app, { name: '지수', tier: 'mentor', channelUserId: 'mentor-k' });
    const shown = await say(t.bot.app, 'mentor-k', '내 학생 추가');
    const code = /([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2})/.exec(shown)?.[1];
    expect(code).toBeDefined();
    await onboardStudent(t.bot.app, 'stu-k');
    expect(await say(t.bot.app, 'stu-k', '멘토 코드 ABCD-EFGH-23')).toContain('코드가 맞지 않거나');
    expect(await say(t.bot.app, 'stu-k', `멘토 코드 ${code}`)).toContain('지수 선생님과 연결됐어요');
    expect(await say(t.bot.app, 'stu-k', '내 멘토 선생님')).toContain('지수 선생님');
    // One time only.
    await onboardStudent(t.bot.app, 'stu-k2');
    expect(await say(t.bot.app, 'stu-k2', `멘토 코드 ${code}`)).toContain('코드가 맞지 않거나');
    await at(MIN);
    expect(await inbox(t.bot.app, 'mentor-k')).toContain('학생 한 명이 코드로 연결됐어요');
    expect(await say(t.bot.app, 'mentor-k', '내 학생')).toContain('연결된 학생 1명');
  });

  it("pages a mentor linked through the admin API about their mentee's open case on the next outbox pass", async () => {
    // Nobody on duty on a Saturday: the ladder runs out at once.
    await registerHelper(t.bot.app, {
      name: '민호',
      tier: 'staff',
      channelUserId: 'staff-n',
      hours: NIGHT_STAFF,
    });
    await onboardStudent(t.bot.app, 'stu-p');
    await t.bot.runDue(clock.now());
    await say(t.bot.app, 'stu-p', HIGH);
    const caseId = await openCaseId(t.bot.db, 'stu-p');
    const mentor = await registerHelper(t.bot.app, {
      name: '지수',
      tier: 'mentor',
      channelUserId: 'mentor-p',
    });
    expect(await alertsTo(t.bot.db, 'mentor-p')).toEqual([]);
    await request(t.bot.app)
      .post('/admin/mentees')
      .set(admin())
      .send({ mentorId: mentor, channel: 'web', channelUserId: 'stu-p' })
      .expect(201);
    await at(MIN);
    expect(await alertsTo(t.bot.db, 'mentor-p')).toEqual([{ reason: 'backlog', stage: 3 }]);
    const alert = await inbox(t.bot.app, 'mentor-p');
    expect(alert).toContain(`#${caseId}`);
    expect(alert).toContain('담당 멘티 학생');
    await at(2 * MIN);
    expect(await alertsTo(t.bot.db, 'mentor-p')).toHaveLength(1);
    expect(await say(t.bot.app, 'mentor-p', { postback: `support:ack:${caseId}` })).toContain('맡아 주셔서');
  });

  it('delivers open unacknowledged cases to a staff member registered later, once', async () => {
    await onboardStudent(t.bot.app, 'stu-b');
    await t.bot.runDue(clock.now());
    await say(t.bot.app, 'stu-b', HIGH);
    const caseId = await openCaseId(t.bot.db, 'stu-b');
    await at(10 * MIN);
    await registerHelper(t.bot.app, { name: '서연', tier: 'staff', channelUserId: 'staff-late' });
    await at(11 * MIN);
    expect(await alertsTo(t.bot.db, 'staff-late')).toEqual([{ reason: 'backlog', stage: 3 }]);
    expect(await inbox(t.bot.app, 'staff-late')).toContain(`#${caseId}`);
    await at(30 * MIN);
    expect(await alertsTo(t.bot.db, 'staff-late')).toHaveLength(1);
    expect(await say(t.bot.app, 'staff-late', '열린 케이스')).toContain(`#${caseId}`);
  });

  it("pages the student's own mentor first for concern, and with staff for high risk", async () => {
    const mentor = await registerHelper(t.bot.app, {
      name: '지수',
      tier: 'mentor',
      channelUserId: 'mentor-l',
    });
    await registerHelper(t.bot.app, { name: '서연', tier: 'staff', channelUserId: 'staff-l' });
    await onboardStudent(t.bot.app, 'stu-l');
    await request(t.bot.app)
      .post('/admin/mentees')
      .set(admin())
      .send({ mentorId: mentor, channel: 'web', channelUserId: 'stu-l' })
      .expect(201);
    await t.bot.runDue(clock.now());
    await say(t.bot.app, 'stu-l', '요즘 너무 외롭고 힘들어');
    await say(t.bot.app, 'stu-l', '1');
    expect(await alertsTo(t.bot.db, 'mentor-l')).toEqual([{ reason: 'new', stage: 0 }]);
    expect(await alertsTo(t.bot.db, 'staff-l')).toEqual([]);
    await onboardStudent(t.bot.app, 'stu-l2');
    await request(t.bot.app)
      .post('/admin/mentees')
      .set(admin())
      .send({ mentorId: mentor, channel: 'web', channelUserId: 'stu-l2' })
      .expect(201);
    await say(t.bot.app, 'stu-l2', HIGH);
    const high = await t.bot.db.query<{ channel_user_id: string }>(
      `SELECT a.channel_user_id FROM support_alerts a JOIN support_cases c ON c.id = a.case_id
        WHERE c.level = 'high' AND a.stage = 0 ORDER BY a.channel_user_id`,
    );
    expect(high.rows.map((r) => r.channel_user_id)).toEqual(['mentor-l', 'staff-l']);
  });
});
