import request from 'supertest';
import { createKakaoChannel } from '../../integrations/kakao/kakao-channel';
import { createLineChannel, type LineChannel } from '../../integrations/line/line-channel';
import { startFakeLine, type FakeLine } from '../fakes/fake-line';
import { TEST_LINE_CHANNEL_SECRET } from '../fakes/line-webhook';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import { describeEachDatabase } from '../helpers/test-database';
import { skillPayload } from '../integrations/kakao/kakao-transcript';
import {
  lineUserId,
  postLine,
  postbackEvent,
  textEvent,
  webhookBody,
} from '../integrations/line/line-transcript';

/**
 * Issue 18, items 5–7: one request froze the process (`멘토 등록` + 200,000 spaces, uncapped), a NUL
 * or a lone surrogate failed a LINE batch for good (and every redelivery), postbacks were never
 * cleaned, and Kakao parsed the body before it checked the secret.
 */

const SECRET = 'kakao-skill-secret-for-tests';
const TOKEN = 'line-test-access-token';
const LONG = 5000;

describeEachDatabase('hostile input at the channel boundary', (getDb) => {
  let fake: FakeLine;
  let t: TestBot;
  let line: LineChannel;

  beforeAll(async () => {
    fake = await startFakeLine({ channelAccessToken: TOKEN });
    t = await startTestBot(getDb(), {
      env: {
        KAKAO_SKILL_SECRET: SECRET,
        LINE_CHANNEL_SECRET: TEST_LINE_CHANNEL_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
        LINE_API_BASE_URL: fake.url,
      },
      rateLimitPerMinute: 1000,
      plugins: {
        channels: (d) => [
          createKakaoChannel(d, { syncBudgetMs: 4500 }),
          (line = createLineChannel(d, { sendTimeoutMs: 3000 })),
        ],
      },
    });
  });
  afterAll(async () => {
    await line?.idle();
    await t?.close();
    await fake?.close();
  });

  const kakao = (body: unknown, secret = true) => {
    const req = request(t.bot.app).post('/webhooks/kakao').set('content-type', 'application/json');
    return (secret ? req.set('x-skill-secret', SECRET) : req).send(body as object);
  };

  it('checks the Kakao secret before it reads the body', async () => {
    const res = await request(t.bot.app)
      .post('/webhooks/kakao')
      .set('content-type', 'application/json')
      .send('{bad json');
    expect(res.status).toBe(401);
    const withSecret = await request(t.bot.app)
      .post('/webhooks/kakao')
      .set('content-type', 'application/json')
      .set('x-skill-secret', SECRET)
      .send('{bad json');
    expect(withSecret.status).toBe(400);
  });

  it('cuts a Kakao utterance of 200,000 spaces and tells the user', async () => {
    const res = await kakao(skillPayload('kakao-spaces', `멘토 등록${' '.repeat(200_000)}K7QF-M2XP-9D`));
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toContain('메시지가 길어서 앞부분만 읽었어요');
    const stored = await t.bot.db.query<{ n: number }>(
      `SELECT max(length(payload::text))::int AS n FROM inbound_events WHERE channel = 'kakao'`,
    );
    expect(stored.rows[0]?.n ?? 0).toBeLessThan(10_000);
  });

  it('screens the head and the tail of a cut web message: a disclosure at the end still gets the crisis reply', async () => {
    const text = `${'오늘 수학 숙제가 너무 많았어요. '.repeat(LONG / 18)} 그리고 사실 죽고 싶어`;
    expect(text.length).toBeGreaterThan(LONG);
    const res = await request(t.bot.app).post('/api/web/messages').send({ userId: 'long-writer', text });
    expect(res.status).toBe(200);
    const seen = JSON.stringify(res.body.messages);
    expect(seen).toContain('109');
    expect(seen).toContain('메시지가 길어서 앞부분만 읽었어요');
  });

  it('cleans NUL and lone surrogates in web texts and postbacks before storing them', async () => {
    const nul = await request(t.bot.app)
      .post('/api/web/messages')
      .send({ userId: 'nul-writer', text: '안녕\u0000하세요 \ud800' });
    expect(nul.status).toBe(200);
    const postback = await request(t.bot.app)
      .post('/api/web/messages')
      .send({ userId: 'nul-writer', postback: 'menu:open\ud800\u0000' });
    expect(postback.status).toBe(200);
  });

  it('processes the other events of a LINE batch when one carries a NUL or a lone surrogate', async () => {
    const bad = lineUserId('bad-bytes');
    const other = lineUserId('innocent');
    const third = lineUserId('surrogate-postback');
    const body = webhookBody([
      textEvent(bad, '안녕\u0000하세요\udc00'),
      textEvent(other, '안녕하세요'),
      postbackEvent(third, 'menu:open\ud800'),
    ]);
    expect(body).toContain('\\u0000');
    const res = await postLine(t.bot.app, body);
    expect(res.status).toBe(200);
    await line.idle();
    const processed = await t.bot.db.query<{ channel_user_id: string; status: string }>(
      `SELECT channel_user_id, status FROM inbound_events WHERE channel = 'line' ORDER BY channel_user_id`,
    );
    const byUser = new Map(processed.rows.map((r) => [r.channel_user_id, r.status]));
    for (const user of [bad, other, third]) expect(byUser.get(user)).toBe('processed');
    // Redelivered as is, the batch is acknowledged (duplicates) instead of failing for ever.
    expect((await postLine(t.bot.app, body)).status).toBe(200);
  });

  it('cleans a Kakao utterance and postback with NUL and lone surrogates', async () => {
    const res = await kakao(skillPayload('kakao-nul', '안녕\u0000 \ud83d', { postback: 'menu:open\u0000' }));
    expect(res.status).toBe(200);
  });
});
