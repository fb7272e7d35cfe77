import { performance } from 'node:perf_hooks';
import request from 'supertest';
import type { Database } from '../../../bot/db/database';
import { checkLineMessages } from '../../../integrations/line/limits-check';
import { createLineChannel, type LineChannel } from '../../../integrations/line/line-channel';
import { batchRetryKey } from '../../../integrations/line/outbound';
import { startFakeLine, type FakeLine } from '../../fakes/fake-line';
import { lineFixture, signedLineRequest, TEST_LINE_CHANNEL_SECRET } from '../../fakes/line-webhook';
import { defaultPlugins } from '../../../bot/plugins';
import { createProbeCapability } from '../../helpers/probe-capability';
import { startTestBot, type TestBot } from '../../helpers/test-bot';
import { describeEachDatabase } from '../../helpers/test-database';
import { playTranscript, visibleText, webChannel, type Exchange } from '../../helpers/transcript';
import {
  callsFor,
  eventId,
  lineTranscriptChannel,
  lineUserId,
  postLine,
  postbackEvent,
  replyToken,
  seenReply,
  stickerEvent,
  textEvent,
  webhookBody,
} from './line-transcript';

const TOKEN = 'line-test-access-token';
const HOUR = 3_600_000;

/** The host's transcripts (same scripts as test/integrations/web). */
const hostScripts: Record<string, Exchange[]> = {
  welcome: [
    {
      user: '안녕하세요',
      expect: ['AI 도우미', '주민등록번호·비밀번호·돈', '누가 이야기하고', '(학부모예요)'],
    },
    { user: '2', expect: ['학부모님', '1. 자격 확인', '(자녀 퀴즈 요약)'] },
    { user: '처음으로', expect: ['무엇을 도와드릴까요'] },
    { user: '도움말', expect: ['내 정보 삭제'] },
    { user: '그만', expect: ['하던 이야기는 없어요'] },
  ],
  tapping: [
    { user: '안녕하세요', expect: ['누가 이야기하고'] },
    { tap: '학부모', expect: ['학부모님'] },
    { tap: '자격 확인' },
  ],
  concern: [{ user: '저 마음이 좀 힘들어요', expect: ['힘들었겠어요'] }],
  crisis: [
    { user: '안녕' },
    { user: '학생이에요' },
    { user: '죽고 싶어', expect: ['109', '1388'], reject: ['극단적 선택'] },
  ],
  eligibility: [
    { user: '안녕' },
    { user: '학부모예요' },
    {
      user: '서울 사는 중2 딸인데 한부모 가정이면 신청돼요?',
      expect: [/✅ 신청 대상입니다/, '한부모', '1533-0909'],
    },
    { tap: '신청 방법', expect: ['자격조회'] },
  ],
};

const count = async (db: Database, sql: string, values: unknown[] = []): Promise<number> =>
  Number((await db.query<{ n: number }>(sql, values)).rows[0]?.n ?? 0);

describeEachDatabase('LINE channel through the app', (getDb) => {
  let fake: FakeLine;
  let t: TestBot;
  let line: LineChannel;
  const probe = createProbeCapability();
  const ackMs: number[] = [];

  beforeAll(async () => {
    fake = await startFakeLine({ channelAccessToken: TOKEN });
    t = await startTestBot(getDb(), {
      env: {
        LINE_CHANNEL_SECRET: TEST_LINE_CHANNEL_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
        LINE_API_BASE_URL: fake.url,
      },
      plugins: {
        capabilities: (deps) => [probe, ...(defaultPlugins().capabilities?.(deps) ?? [])],
        channels: (d) => [(line = createLineChannel(d, { sendTimeoutMs: 3000, loadingAfterMs: 2500 }))],
      },
    });
  });
  afterEach(() => fake.assertNoUnexpectedCalls());
  afterAll(async () => {
    probe.releaseSlow();
    await line?.idle();
    await t?.close();
    await fake?.close();
    if (ackMs.length > 0) {
      const sorted = [...ackMs].sort((a, b) => a - b);
      console.log(
        `LINE webhook ack (ms) n=${sorted.length} median=${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} max=${sorted[sorted.length - 1]!.toFixed(1)}`,
      );
    }
  });

  /** Posts, measures the answer time, waits until processing finished. */
  async function deliver(events: object[], expectStatus = 200) {
    const started = performance.now();
    const res = await postLine(t.bot.app, webhookBody(events));
    ackMs.push(performance.now() - started);
    expect(res.status).toBe(expectStatus);
    await line.idle();
    return res;
  }

  const outboxOf = async (userId: string) =>
    (
      await t.bot.db.query<{ status: string; retry_key: string; purpose: string }>(
        `SELECT status, retry_key, purpose FROM outbox WHERE channel = 'line' AND channel_user_id = $1 ORDER BY id`,
        [userId],
      )
    ).rows;

  it('a text → one reply call with the right token and valid messages, acknowledged before processing', async () => {
    const user = lineUserId('first-text');
    const token = replyToken();
    const since = fake.requests.length;
    await deliver([textEvent(user, '안녕하세요', { token })]);
    const calls = callsFor(fake, since, user, token);
    expect(calls.map((c) => c.endpoint)).toEqual(['reply']);
    const messages = (calls[0]!.body as { messages: unknown[] }).messages;
    expect(checkLineMessages(messages, { quickReplyOnlyOnLast: true })).toEqual([]);
    expect(visibleText(seenReply(calls))).toContain('AI 도우미');
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(calls[0]!.retryKey).toBeUndefined();
    // The durable reply row was confirmed: the worker will not push it again.
    expect((await outboxOf(user)).map((r) => r.status)).toEqual(['sent']);
    await t.bot.runDue(t.clock.now());
    expect(callsFor(fake, since, user, token)).toHaveLength(1);
  });

  describe('refused requests', () => {
    it('bad or missing signature → 401, no reply, nothing stored', async () => {
      const before = await count(t.bot.db, 'SELECT count(*)::int AS n FROM inbound_events');
      const since = fake.requests.length;
      const body = webhookBody([textEvent(lineUserId('forger'), '안녕')]);
      const wrong = await postLine(t.bot.app, body, 'another-channel-secret-0000000000');
      expect(wrong.status).toBe(401);
      expect(wrong.body.error).toMatch(/X-Line-Signature/);
      const missing = await request(t.bot.app)
        .post('/webhooks/line')
        .set('content-type', 'application/json')
        .send(body);
      expect(missing.status).toBe(401);
      // A body re-serialised by a JSON parser no longer matches (emoji escapes): must be the raw bytes.
      const raw = lineFixture('emoji-text');
      const reserialised = signedLineRequest(JSON.stringify(JSON.parse(raw)));
      const tampered = await request(t.bot.app)
        .post('/webhooks/line')
        .set({ ...reserialised.headers })
        .send(raw);
      expect(tampered.status).toBe(401);
      await line.idle();
      expect(fake.requests.length).toBe(since);
      expect(await count(t.bot.db, 'SELECT count(*)::int AS n FROM inbound_events')).toBe(before);
    });

    it('Verify (empty events) → 200; not JSON → 400; over 1 MiB → 413', async () => {
      expect((await postLine(t.bot.app, lineFixture('verify'))).status).toBe(200);
      const notJson = await postLine(t.bot.app, '{"destination":');
      expect(notJson.status).toBe(400);
      const big = await postLine(
        t.bot.app,
        webhookBody([textEvent(lineUserId('big'), 'x'.repeat(1_100_000))]),
      );
      expect(big.status).toBe(413);
    });

    it('no LINE configuration → 503 with the reason', async () => {
      const bare = await startTestBot(getDb(), { plugins: { channels: (d) => [createLineChannel(d)] } });
      const res = await postLine(bare.bot.app, webhookBody([textEvent(lineUserId('x'), '안녕')]));
      expect(res.status).toBe(503);
      expect(res.body.error).toMatch(/LINE_CHANNEL_SECRET/);
      await bare.close();
    });
  });

  it('the same webhookEventId delivered 5 times (isRedelivery) → processed once', async () => {
    const user = lineUserId('redelivered');
    const id = eventId();
    const token = replyToken();
    const since = fake.requests.length;
    const sends = [0, 1, 2, 3, 4].map((i) =>
      postLine(t.bot.app, webhookBody([textEvent(user, 'probe count', { id, token, redelivery: i > 0 })])),
    );
    for (const res of await Promise.all(sends)) expect(res.status).toBe(200);
    await line.idle();
    expect(callsFor(fake, since, user, token)).toHaveLength(1);
    expect(
      await count(
        t.bot.db,
        `SELECT count(*)::int AS n FROM inbound_events WHERE channel = 'line' AND channel_event_id = $1 AND status = 'processed'`,
        [id],
      ),
    ).toBe(1);
    expect(await count(t.bot.db, `SELECT count(*)::int AS n FROM audit_log WHERE action = 'counted'`)).toBe(
      1,
    );
  });

  it('two events from different users in one body → both processed (text and follow)', async () => {
    const raw = lineFixture('two-users');
    const since = fake.requests.length;
    const res = await request(t.bot.app).post('/webhooks/line').set(signedLineRequest(raw).headers).send(raw);
    expect(res.status).toBe(200);
    await line.idle();
    const parsed = JSON.parse(raw) as { events: { replyToken: string; source: { userId: string } }[] };
    const [a, b] = parsed.events;
    expect(callsFor(fake, since, a!.source.userId, a!.replyToken).map((c) => c.endpoint)).toEqual(['reply']);
    const followed = callsFor(fake, since, b!.source.userId, b!.replyToken);
    expect(followed.map((c) => c.endpoint)).toEqual(['reply']);
    // Follow: welcome with the AI disclosure.
    expect(visibleText(seenReply(followed))).toContain('AI 도우미');
  });

  it('events of one user are processed in timestamp order, whatever the body order', async () => {
    const user = lineUserId('ordered');
    const t0 = Date.now();
    await deliver([
      textEvent(user, 'probe add b', { timestamp: t0 + 10 }),
      textEvent(user, 'probe add a', { timestamp: t0 }),
    ]);
    const since = fake.requests.length;
    const token = replyToken();
    await deliver([textEvent(user, 'probe list', { timestamp: t0 + 20, token })]);
    expect(visibleText(seenReply(callsFor(fake, since, user, token)))).toBe('items: a,b');
  });

  describe('sending', () => {
    it('reply token rejected → push with the outbox row retry key', async () => {
      const user = lineUserId('rejected-token');
      fake.script('reply', 'invalid_reply_token');
      const since = fake.requests.length;
      await deliver([textEvent(user, '안녕하세요')]);
      const calls = callsFor(fake, since, user);
      const pushes = calls.filter((c) => c.endpoint === 'push');
      expect(pushes).toHaveLength(1);
      const [row] = await outboxOf(user);
      expect(row!.status).toBe('sent');
      expect(pushes[0]!.retryKey).toBe(row!.retry_key);
      expect(visibleText(seenReply(calls))).toContain('AI 도우미');
    });

    it('a turn that outlived the reply token is pushed, not replied', async () => {
      const user = lineUserId('slow-turn');
      const since = fake.requests.length;
      const res = await postLine(t.bot.app, webhookBody([textEvent(user, 'probe slow')]));
      expect(res.status).toBe(200);
      await probe.slowStarted;
      // Generous real waits: a loaded CI machine must not turn a quick turn into a "slow" one.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      t.clock.advance(55_000);
      probe.releaseSlow();
      await line.idle();
      const calls = callsFor(fake, since, user);
      expect(calls.filter((c) => c.endpoint === 'reply')).toHaveLength(0);
      expect(calls.filter((c) => c.endpoint === 'push')).toHaveLength(1);
      // The turn ran past loadingAfterMs in a 1:1 chat: the loading animation was shown once.
      const loading = fake.requests.slice(since).filter((r) => r.endpoint === 'loading');
      expect(loading.map((r) => (r.body as { chatId: string }).chatId)).toEqual([user]);
    });

    it('no loading animation for a quick turn', async () => {
      const since = fake.requests.length;
      await deliver([textEvent(lineUserId('quick'), 'probe add q')]);
      expect(fake.requests.slice(since).filter((r) => r.endpoint === 'loading')).toHaveLength(0);
    });

    it('push 500 twice then 200 → one accepted push, the same retry key each time', async () => {
      const user = lineUserId('push-500');
      fake.script('reply', 'invalid_reply_token');
      fake.script('push', 'server_error', 'server_error');
      const since = fake.requests.length;
      await deliver([textEvent(user, '안녕하세요')]);
      for (let i = 0; i < 3; i += 1) {
        t.clock.advance(HOUR);
        await t.bot.runDue(t.clock.now());
      }
      const pushes = callsFor(fake, since, user).filter((c) => c.endpoint === 'push');
      expect(pushes.map((p) => p.status)).toEqual([500, 500, 200]);
      const [row] = await outboxOf(user);
      expect(new Set(pushes.map((p) => p.retryKey))).toEqual(new Set([row!.retry_key]));
      expect(row!.status).toBe('sent');
    });

    it('409 (retry key already accepted) → accepted', async () => {
      const user = lineUserId('push-409');
      fake.script('reply', 'invalid_reply_token');
      fake.script('push', 'conflict');
      const since = fake.requests.length;
      await deliver([textEvent(user, '안녕하세요')]);
      expect(
        callsFor(fake, since, user)
          .filter((c) => c.endpoint === 'push')
          .map((p) => p.status),
      ).toEqual([409]);
      expect((await outboxOf(user))[0]!.status).toBe('sent');
    });

    it('a hung call → timeout, then a retry with the same key is accepted', async () => {
      const user = lineUserId('hung');
      fake.script('reply', 'hang');
      fake.script('push', 'hang');
      const since = fake.requests.length;
      const started = performance.now();
      await deliver([textEvent(user, '안녕하세요')]);
      // Two timed-out calls (3 s each), not a worker hung forever: a generous bound, not a speed claim.
      expect(performance.now() - started).toBeLessThan(20_000);
      expect((await outboxOf(user))[0]!.status).toBe('pending');
      t.clock.advance(HOUR);
      await t.bot.runDue(t.clock.now());
      const pushes = callsFor(fake, since, user).filter((c) => c.endpoint === 'push');
      expect(pushes).toHaveLength(2);
      expect(pushes[0]!.retryKey).toBe(pushes[1]!.retryKey);
      expect(pushes[1]!.status).toBe(200);
      expect((await outboxOf(user))[0]!.status).toBe('sent');
    });

    it('monthly limit → failed without retry, counted in metrics', async () => {
      const user = lineUserId('quota');
      fake.script('reply', 'invalid_reply_token');
      fake.script('push', 'monthly_limit');
      const since = fake.requests.length;
      await deliver([textEvent(user, '안녕하세요')]);
      t.clock.advance(HOUR);
      await t.bot.runDue(t.clock.now());
      expect(callsFor(fake, since, user).filter((c) => c.endpoint === 'push')).toHaveLength(1);
      expect((await outboxOf(user))[0]!.status).toBe('failed');
      expect((await request(t.bot.app).get('/metrics')).text).toMatch(/bot_line_quota_exhausted_total [1-9]/);
    });

    it('a reply longer than 5 messages: first batch replied, the rest pushed with derived, stable keys', async () => {
      const user = lineUserId('overflow');
      await deliver([textEvent(user, '안녕하세요')]);
      const person = (
        await t.bot.db.query<{ person_id: string }>(
          `SELECT person_id FROM identities WHERE channel = 'line' AND channel_user_id = $1`,
          [user],
        )
      ).rows[0]!.person_id;
      const cards = Array.from({ length: 14 }, (_, i) => ({
        type: 'card',
        title: `카드 ${i + 1}`,
        text: 'x'.repeat(1_400),
        buttons: [{ label: `선택 ${i + 1}`, postback: `probe:c${i}` }],
      }));
      const quickReplies = Array.from({ length: 16 }, (_, i) => ({
        label: `항목 ${i + 1}`,
        postback: `probe:q${i}`,
      }));
      await t.bot.db.query(
        `INSERT INTO outbox (person_id, channel, channel_user_id, purpose, reply, idempotency_key, next_attempt_at) VALUES ($1, 'line', $2, 'notice', $3, $4, $5)`,
        [person, user, JSON.stringify({ messages: cards, quickReplies }), `test:${user}`, t.clock.now()],
      );
      fake.script('push', 'ok', 'server_error');
      const since = fake.requests.length;
      await t.bot.runDue(t.clock.now());
      t.clock.advance(HOUR);
      await t.bot.runDue(t.clock.now());
      const pushes = callsFor(fake, since, user).filter((c) => c.endpoint === 'push');
      const row = (
        await t.bot.db.query<{ retry_key: string; status: string }>(
          `SELECT retry_key, status FROM outbox WHERE idempotency_key = $1`,
          [`test:${user}`],
        )
      ).rows[0]!;
      expect(row.status).toBe('sent');
      // batch 0 accepted, batch 1 failed once and was retried with its own key; no batch sent twice.
      expect(pushes.map((p) => p.status)).toEqual([200, 500, 200, ...pushes.slice(3).map(() => 200)]);
      expect(pushes[0]!.retryKey).toBe(row.retry_key);
      expect(pushes[1]!.retryKey).toBe(batchRetryKey(row.retry_key, 1));
      expect(pushes[2]!.retryKey).toBe(pushes[1]!.retryKey);
      for (const p of pushes) {
        expect(
          checkLineMessages((p.body as { messages: unknown[] }).messages, { quickReplyOnlyOnLast: true }),
        ).toEqual([]);
      }
      // 16 quick replies: 12 shown + "더 보기"; tapping it serves the other 4.
      const last = (
        pushes.at(-1)!.body as { messages: { quickReply?: { items: { action: { data: string } }[] } }[] }
      ).messages.at(-1)!;
      expect(last.quickReply!.items).toHaveLength(13);
      const token = replyToken();
      const before = fake.requests.length;
      await deliver([postbackEvent(user, 'line:more', { token })]);
      const more = seenReply(callsFor(fake, before, user, token));
      expect(more.quickReplies.map((q) => q.label)).toEqual(['항목 13', '항목 14', '항목 15', '항목 16']);
    });
  });

  describe('event kinds', () => {
    it('a group gets the 1:1 notice once, and no turn', async () => {
      const raw = lineFixture('group-message');
      const since = fake.requests.length;
      await request(t.bot.app).post('/webhooks/line').set(signedLineRequest(raw).headers).send(raw);
      await line.idle();
      const notice = fake.requests.slice(since).filter((r) => r.endpoint === 'reply');
      expect(notice).toHaveLength(1);
      expect(JSON.stringify(notice[0]!.body)).toContain('1:1 대화에서만');
      const group = (JSON.parse(raw) as { events: { source: { groupId: string; userId: string } }[] })
        .events[0]!.source;
      const again = {
        ...(JSON.parse(raw) as { events: object[] }).events[0]!,
        webhookEventId: eventId(),
        replyToken: replyToken(),
      };
      const before = fake.requests.length;
      await deliver([again]);
      expect(fake.requests.length).toBe(before);
      // The group never becomes a person and no turn ran for it.
      expect(
        await count(t.bot.db, `SELECT count(*)::int AS n FROM identities WHERE channel_user_id = $1`, [
          group.groupId,
        ]),
      ).toBe(0);
      expect(
        await count(t.bot.db, `SELECT count(*)::int AS n FROM outbox WHERE channel_user_id = $1`, [
          group.groupId,
        ]),
      ).toBe(1);
    });

    it('a sticker gets the gentle sentence; sticker keywords still reach the risk screen', async () => {
      const user = lineUserId('sticker');
      const token = replyToken();
      let since = fake.requests.length;
      await deliver([stickerEvent(user, ['happy', '웃음'], { token })]);
      expect(visibleText(seenReply(callsFor(fake, since, user, token)))).toBe(
        '스티커는 잘 못 읽어요. 글로 말해 줄래요?',
      );
      const crisisToken = replyToken();
      since = fake.requests.length;
      await deliver([stickerEvent(user, ['죽고 싶어'], { token: crisisToken })]);
      expect(visibleText(seenReply(callsFor(fake, since, user, crisisToken)))).toContain('109');
    });

    it('an image gets a kind sentence and nothing of it is stored', async () => {
      const raw = lineFixture('image');
      const since = fake.requests.length;
      await request(t.bot.app).post('/webhooks/line').set(signedLineRequest(raw).headers).send(raw);
      await line.idle();
      const ev = (
        JSON.parse(raw) as {
          events: { webhookEventId: string; replyToken: string; source: { userId: string } }[];
        }
      ).events[0]!;
      expect(visibleText(seenReply(callsFor(fake, since, ev.source.userId, ev.replyToken)))).toContain(
        '사진이나 파일은',
      );
      const stored = await t.bot.db.query<{ payload: unknown; status: string }>(
        `SELECT payload, status FROM inbound_events WHERE channel_event_id = $1`,
        [ev.webhookEventId],
      );
      expect(stored.rows).toEqual([{ payload: null, status: 'processed' }]);
    });

    it('unsend deletes the stored text; unfollow stops pushes', async () => {
      const user = lineUserId('unsender');
      await deliver([textEvent(user, '안녕하세요')]);
      await t.bot.db.query(
        `UPDATE people SET consent = 'adult_or_14plus' WHERE id = (SELECT person_id FROM identities WHERE channel = 'line' AND channel_user_id = $1)`,
        [user],
      );
      await deliver([textEvent(user, 'probe add secret-thing', { messageId: '777000111' })]);
      const logged = `SELECT count(*)::int AS n FROM message_log WHERE channel = 'line' AND text LIKE '%secret-thing%'`;
      expect(await count(t.bot.db, logged)).toBe(1);
      await deliver([
        {
          type: 'unsend',
          unsend: { messageId: '777000111' },
          webhookEventId: eventId(),
          deliveryContext: { isRedelivery: false },
          timestamp: Date.now(),
          source: { type: 'user', userId: user },
          mode: 'active',
        },
      ]);
      expect(await count(t.bot.db, logged)).toBe(0);

      await deliver([
        {
          type: 'unfollow',
          webhookEventId: eventId(),
          deliveryContext: { isRedelivery: false },
          timestamp: Date.now(),
          source: { type: 'user', userId: user },
          mode: 'active',
        },
      ]);
      expect(
        (
          await t.bot.db.query(
            `SELECT reachable FROM identities WHERE channel = 'line' AND channel_user_id = $1`,
            [user],
          )
        ).rows,
      ).toEqual([{ reachable: false }]);
      await t.bot.db.query(
        `INSERT INTO outbox (person_id, channel, channel_user_id, purpose, reply, idempotency_key, next_attempt_at) SELECT person_id, 'line', $1, 'quiz', $2, $3, $4 FROM identities WHERE channel = 'line' AND channel_user_id = $1`,
        [
          user,
          JSON.stringify({ messages: [{ type: 'text', text: '퀴즈' }], quickReplies: [] }),
          `quiz:${user}`,
          t.clock.now(),
        ],
      );
      const since = fake.requests.length;
      await t.bot.runDue(t.clock.now());
      expect(callsFor(fake, since, user)).toHaveLength(0);
      expect(
        (await t.bot.db.query(`SELECT status FROM outbox WHERE idempotency_key = $1`, [`quiz:${user}`])).rows,
      ).toEqual([{ status: 'failed' }]);
    });
  });

  describe('host transcripts pass through LINE unchanged', () => {
    // Inquiry codes (문의번호 EL-…) are random per answer.
    const norm = (s: string) => s.replace(/EL-[A-Z0-9]+/g, 'EL-?').replace(/\s+/g, '');
    it.each(Object.keys(hostScripts))('%s', async (name) => {
      const script = hostScripts[name]!;
      const channel = lineTranscriptChannel(fake, () => line);
      const onWeb = await playTranscript(t.bot.app, webChannel, `web-${name}`, script);
      const onLine = await playTranscript(t.bot.app, channel, `line-${name}`, script);
      expect(onLine).toHaveLength(onWeb.length);
      onWeb.forEach((web, i) => {
        const seen = norm(visibleText(onLine[i]!));
        // Same words (LINE may merge texts or fold a card's phone line into its body) and same choices.
        for (const m of web.messages) expect(seen).toContain(norm(m.type === 'text' ? m.text : m.text));
        expect(onLine[i]!.quickReplies.map((q) => q.postback)).toEqual(
          web.quickReplies.map((q) => q.postback),
        );
      });
    });
  });

  it('logs carry neither message text nor the LINE user id', () => {
    const logs = t.logs.join('\n');
    expect(logs).not.toContain('probe add secret-thing');
    expect(logs).not.toContain(lineUserId('unsender'));
  });
});
