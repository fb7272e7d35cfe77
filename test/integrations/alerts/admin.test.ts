import request from 'supertest';
import { fakeClock } from '../../helpers/test-bot';
import { describeEachDatabase } from '../../helpers/test-database';
import {
  ADMIN_TOKEN,
  onboardStudent,
  registerHelper,
  resetData,
  say,
  startSupportBot,
  type SupportBot,
} from '../../dialogs/support/support-bot';

describeEachDatabase('support admin routes and page', (getDb) => {
  let t: SupportBot;
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };
  beforeEach(async () => {
    await resetData(getDb().db);
    t = await startSupportBot(getDb(), fakeClock('2026-11-28T07:00:00Z'));
  });
  afterEach(() => t.close());

  it('lists cases with their timelines and audits every read with the operator name', async () => {
    await registerHelper(t.bot.app, { name: '서연', tier: 'staff', channelUserId: 'staff-a' });
    await onboardStudent(t.bot.app, 'stu-adm');
    await t.bot.runDue(t.clock.now());
    await say(t.bot.app, 'stu-adm', '죽고 싶어');
    const res = await request(t.bot.app).get('/admin/cases').set(auth);
    expect(res.status).toBe(200);
    expect(res.body.cases).toHaveLength(1);
    expect(res.body.cases[0].level).toBe('high');
    expect(res.body.cases[0].excerpt).toBe('죽고 싶어');
    expect(res.body.cases[0].timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['opened', 'alerted', 'stage']),
    );
    const audit = await t.bot.db.query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'support_cases_viewed'`,
    );
    expect(audit.rows).toEqual([{ actor: 'admin:ops' }]);
    expect((await request(t.bot.app).get('/admin/cases')).status).toBe(401);
  });

  it('reports uncovered hours, sets away periods, and serves the page', async () => {
    const id = await registerHelper(t.bot.app, {
      name: '서연',
      tier: 'staff',
      channelUserId: 'staff-b',
      hours: [{ days: [1, 2, 3, 4, 5], from: '10:00', to: '18:00' }],
    });
    const coverage = await request(t.bot.app).get('/admin/coverage').set(auth);
    expect(coverage.body.text.byStaff).toEqual(
      expect.arrayContaining(['일 00:00–24:00', '월 00:00–10:00', '월 18:00–24:00', '토 00:00–24:00']),
    );
    expect(coverage.body.text.byStaff).not.toContain('월 10:00–18:00');

    const away = await request(t.bot.app)
      .post(`/admin/staff/${id}/away`)
      .set(auth)
      .send({ until: '2026-12-05T00:00:00Z' });
    expect(away.status).toBe(200);
    const staff = await request(t.bot.app).get('/admin/staff').set(auth);
    expect(staff.body.staff[0]).toMatchObject({ name: '서연', tier: 'staff', away: true, onDutyNow: false });
    expect(
      (await request(t.bot.app).post(`/admin/staff/${id}/away`).set(auth).send({ until: 'tomorrow' })).status,
    ).toBe(400);

    const page = await request(t.bot.app).get('/admin/ui').set(auth);
    expect(page.status).toBe(200);
    expect(page.text).toContain('관리자 토큰');
    expect(page.text).toContain('/admin/coverage');
  });
});
