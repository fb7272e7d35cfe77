import request from 'supertest';
import { describeEachDatabase } from '../../helpers/test-database';
import { startTestBot, type TestBot } from '../../helpers/test-bot';
import { playTranscript, webChannel } from '../../helpers/transcript';

describeEachDatabase('web chat', (getDb) => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot(getDb());
  });
  afterAll(() => t.close());

  it('welcomes, asks who is writing, shows the menu and accepts typed choices', async () => {
    await playTranscript(t.bot.app, webChannel, 'welcome-1', [
      {
        user: '안녕하세요',
        expect: ['AI 도우미', '주민등록번호·비밀번호·돈', '누가 이야기하고', '(학부모예요)'],
      },
      { user: '2', expect: ['학부모님', '1. 자격 확인', '(자녀 퀴즈 요약)'] },
      { user: '처음으로', expect: ['무엇을 도와드릴까요'] },
      { user: '도움말', expect: ['내 정보 삭제'] },
      { user: '그만', expect: ['하던 이야기는 없어요'] },
    ]);
  });

  it('answers 400 with a reason for bad bodies and 413 for oversize ones', async () => {
    const app = t.bot.app;
    expect(
      (await request(app).post('/api/web/messages').send({ userId: 'a b', text: 'x' })).body.error,
    ).toMatch(/userId/);
    expect((await request(app).post('/api/web/messages').send({ userId: 'u1' })).body.error).toMatch(
      /exactly one/,
    );
    expect(
      (await request(app).post('/api/web/messages').send({ userId: 'u1', text: 'x', extra: 1 })).body.error,
    ).toMatch(/unknown field/);
    const bad = await request(app)
      .post('/api/web/messages')
      .set('content-type', 'application/json')
      .send('{"userId": ');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/JSON/);
    // A long text is cut at MAX_INBOUND_CHARS and the user is told; only a body beyond the limit is 413.
    const long = await request(app)
      .post('/api/web/messages')
      .send({ userId: 'u1', text: 'x'.repeat(20_000) });
    expect(long.status).toBe(200);
    expect(JSON.stringify(long.body.messages)).toContain('메시지가 길어서 앞부분만 읽었어요');
    const big = await request(app)
      .post('/api/web/messages')
      .send({ userId: 'u1', text: 'x'.repeat(100_000) });
    expect(big.status).toBe(413);
  });
});
