import request from 'supertest';
import { describeEachDatabase } from '../../helpers/test-database';
import { startTestBot, type TestBot } from '../../helpers/test-bot';
import { playTranscript, webChannel } from '../../helpers/transcript';

const CANARY = 'CANARY-7f3a9c2e-카나리아';

describeEachDatabase('web chat modes, health, admin and the log canary', (getDb) => {
  let dev: TestBot;
  beforeAll(async () => {
    dev = await startTestBot(getDb(), { env: { ADMIN_TOKENS: 'alice:alice-token-0123456789' } });
  });
  afterAll(() => dev.close());

  it('answers a first message that is already a question, with the AI notice', async () => {
    await playTranscript(dev.bot.app, webChannel, 'asker', [
      { user: '저 마음이 좀 힘들어요', expect: ['AI 도우미'] },
    ]);
  });

  it('gives the crisis reply at once, whatever flow the user is in', async () => {
    await playTranscript(dev.bot.app, webChannel, 'crisis-web', [
      { user: '안녕' },
      { user: '학생이에요' },
      { user: '죽고 싶어', expect: ['109', '1388'], reject: ['극단적 선택'] },
    ]);
  });

  it('serves proactive messages through the cursor API', async () => {
    await request(dev.bot.app).post('/api/web/messages').send({ userId: 'poller', text: '안녕' });
    const first = await request(dev.bot.app).get('/api/web/messages').query({ userId: 'poller' });
    expect(first.status).toBe(200);
    await dev.bot.db.query(`INSERT INTO web_inbox (channel_user_id, reply) VALUES ('poller', $1)`, [
      JSON.stringify({
        messages: [{ type: 'text', text: '오늘의 퀴즈가 왔어요' }],
        quickReplies: [{ label: '풀기', postback: 'quiz:x' }],
      }),
    ]);
    const next = await request(dev.bot.app)
      .get('/api/web/messages')
      .query({ userId: 'poller', after: first.body.cursor ?? '0' });
    expect(next.body.messages[0].text).toBe('오늘의 퀴즈가 왔어요');
    expect(next.body.quickReplies).toEqual([{ label: '풀기', postback: 'quiz:x' }]);
    const again = await request(dev.bot.app)
      .get('/api/web/messages')
      .query({ userId: 'poller', after: next.body.cursor });
    expect(again.body.messages).toEqual([]);
    expect(
      (await request(dev.bot.app).get('/api/web/messages').query({ userId: 'poller', after: 'x' })).status,
    ).toBe(400);
  });

  it('reports health, readiness and metrics', async () => {
    expect((await request(dev.bot.app).get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await request(dev.bot.app).get('/readyz')).body).toEqual({ status: 'ready' });
    const metrics = await request(dev.bot.app).get('/metrics');
    expect(metrics.text).toContain('bot_turns_total');
    expect(metrics.text).toContain('http_request_duration_seconds');
    expect(metrics.text).toContain('bot_outbox_depth');
    const page = await request(dev.bot.app).get('/');
    expect(page.text).toContain('서울런 AI 도우미');
  });

  it('registers mentors only through the admin API, with the operator in the audit log', async () => {
    const app = dev.bot.app;
    expect((await request(app).post('/admin/mentors').send({ name: '민지', tier: 'mentor' })).status).toBe(
      401,
    );
    expect(
      (
        await request(app)
          .post('/admin/mentors')
          .set('authorization', 'Bearer wrong-token-000000000')
          .send({})
      ).status,
    ).toBe(403);
    const bad = await request(app)
      .post('/admin/mentors')
      .set('authorization', 'Bearer alice-token-0123456789')
      .send({ name: '민지', tier: 'boss' });
    expect(bad.status).toBe(400);
    const created = await request(app)
      .post('/admin/mentors')
      .set('authorization', 'Bearer alice-token-0123456789')
      .send({ name: '민지', tier: 'mentor', hours: [{ days: [1, 2, 3, 4, 5], from: '16:00', to: '20:00' }] });
    expect(created.status).toBe(201);
    expect(created.body.linkCode).toMatch(
      /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{2}$/,
    );
    await playTranscript(app, webChannel, 'mentor-minji', [
      { user: '안녕' },
      { user: `멘토 등록 ${created.body.linkCode}`, expect: ['민지 선생님, 연결됐어요'] },
      { user: `멘토 등록 ${created.body.linkCode}`, expect: ['맞지 않거나, 이미 쓰였거나'] },
    ]);
    const roles = await dev.bot.db.query<{ role: string }>(
      `SELECT r.role FROM person_roles r JOIN identities i ON i.person_id = r.person_id WHERE i.channel = 'web' AND i.channel_user_id = 'mentor-minji'`,
    );
    expect(roles.rows.map((r) => r.role)).toEqual(['mentor']);
    const audit = await request(app)
      .get('/admin/audit')
      .set('authorization', 'Bearer alice-token-0123456789');
    expect(
      audit.body.entries.some(
        (e: { actor: string; action: string }) =>
          e.actor === 'admin:alice' && e.action === 'staff_registered',
      ),
    ).toBe(true);
  });

  it('never writes a canary message or user id into the logs, error paths included', async () => {
    const app = dev.bot.app;
    const user = `u-${CANARY.slice(0, 20).replace(/[^A-Za-z0-9-]/g, '')}`;
    await request(app)
      .post('/api/web/messages')
      .send({ userId: user, text: `안녕 ${CANARY}` });
    await request(app)
      .post('/api/web/messages')
      .send({ userId: user, text: `${CANARY} 죽고 싶어` });
    await request(app)
      .post('/api/web/messages')
      .send({ userId: user, text: CANARY.repeat(200) });
    await request(app).post('/api/web/messages').send({ userId: CANARY, text: CANARY });
    await request(app)
      .post('/api/web/messages')
      .set('content-type', 'application/json')
      .send(`{"userId":"${user}","text":"${CANARY}`);
    await request(app).get('/api/web/messages').query({ userId: user, after: CANARY });
    const logs = dev.logs.join('\n');
    expect(logs).not.toContain(CANARY);
    expect(logs).not.toContain('카나리아');
    expect(logs).not.toContain(user);
  });
});

describeEachDatabase('web chat in public and off modes', (getDb) => {
  it('refuses calls without a valid session token in public mode', async () => {
    const t = await startTestBot(getDb(), { env: { WEB_CHAT: 'public' } });
    const app = t.bot.app;
    const anonymous = await request(app).post('/api/web/messages').send({ userId: 'x', text: '안녕' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error).toMatch(/session token/);
    const forged = await request(app)
      .post('/api/web/messages')
      .set('authorization', 'Bearer not-a-real-token')
      .send({ text: '안녕' });
    expect(forged.status).toBe(401);
    const session = await request(app).post('/api/web/sessions').send({});
    expect(session.status).toBe(201);
    const auth = `Bearer ${session.body.token}`;
    const ok = await request(app).post('/api/web/messages').set('authorization', auth).send({ text: '안녕' });
    expect(ok.status).toBe(200);
    const stolen = await request(app)
      .post('/api/web/messages')
      .set('authorization', auth)
      .send({ userId: 'someone-else', text: '안녕' });
    expect(stolen.status).toBe(403);
    await t.close();
  });

  it('answers 404 with a reason when web chat is off', async () => {
    const t = await startTestBot(getDb(), { env: { WEB_CHAT: 'off' } });
    const res = await request(t.bot.app).post('/api/web/messages').send({ userId: 'x', text: '안녕' });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatch(/WEB_CHAT=off/);
    await t.close();
  });
});
