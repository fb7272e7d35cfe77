import { createKakaoChannel } from '../../../integrations/kakao/kakao-channel';
import { startFakeKakao, type FakeKakao } from '../../fakes/fake-kakao';
import { startTestBot, type TestBot } from '../../helpers/test-bot';
import { describeEachDatabase } from '../../helpers/test-database';

const BOT_ID = '65f0a1b2c3d4e5f600000000';

/** The outbox sender's bulk path: up to 100 botUserKeys per Event API call, one status check per task. */
describeEachDatabase('Kakao outbox sender: batched Event API', (getDb) => {
  let kakao: FakeKakao;
  let t: TestBot;

  beforeAll(async () => {
    kakao = await startFakeKakao();
    t = await startTestBot(getDb(), {
      bare: true,
      env: {
        KAKAO_SKILL_SECRET: 'kakao-skill-secret-for-tests',
        KAKAO_BOT_ID: BOT_ID,
        KAKAO_REST_API_KEY: 'rest-api-key-for-tests',
        KAKAO_API_BASE_URL: kakao.baseUrl,
      },
      plugins: { channels: (d) => [createKakaoChannel(d, { settleMs: 50, syncBudgetMs: 60_000 })] },
    });
  });
  afterEach(() => kakao.assertNoSurprises());
  afterAll(async () => {
    await t?.close();
    await kakao?.close();
  });

  /** Kakao friends (or not) with one quiz row each; replies differ per user (the Event API carries none). */
  async function seed(prefix: string, n: number, reachable = true): Promise<string[]> {
    const users = Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
    await t.bot.db.query(
      `WITH p AS (INSERT INTO people (language) SELECT 'ko' FROM unnest($1::text[]) RETURNING id),
            n AS (SELECT id, row_number() OVER () AS k FROM p),
            u AS (SELECT u, k FROM unnest($1::text[]) WITH ORDINALITY AS x(u, k))
       INSERT INTO identities (channel, channel_user_id, person_id, reachable)
       SELECT 'kakao', u.u, n.id, $2 FROM u JOIN n USING (k)`,
      [users, reachable],
    );
    await t.bot.db.query(
      `INSERT INTO outbox (person_id, channel, channel_user_id, purpose, reply, idempotency_key, next_attempt_at)
       SELECT i.person_id, 'kakao', i.channel_user_id, 'quiz',
              jsonb_build_object('messages', jsonb_build_array(jsonb_build_object('type', 'text', 'text', '퀴즈 ' || i.channel_user_id)), 'quickReplies', '[]'::jsonb),
              'kb:' || i.channel_user_id, $2
         FROM identities i WHERE i.channel = 'kakao' AND i.channel_user_id = ANY($1::text[])`,
      [users, t.clock.now()],
    );
    return users;
  }

  const rowsOf = async (users: string[]) =>
    (
      await t.bot.db.query<{ channel_user_id: string; status: string; receipt: string | null }>(
        `SELECT channel_user_id, status, receipt FROM outbox WHERE channel = 'kakao' AND channel_user_id = ANY($1::text[]) ORDER BY id`,
        [users],
      )
    ).rows;

  it('150 friends → two Event API calls (100 + 50); one task check per task; per-user task outcomes', async () => {
    const users = await seed('kb-friend', 150);
    const strangers = await seed('kb-stranger', 2, false);
    kakao.expectEventSend({ body: { taskId: 'task-kb-1', status: 'SUCCESS', timestamp: 1 } });
    kakao.expectEventSend({ body: { taskId: 'task-kb-2', status: 'SUCCESS', timestamp: 2 } });
    const sendsBefore = kakao.eventSends().length;
    await t.bot.runDue(t.clock.now());

    const sends = kakao.eventSends().slice(sendsBefore);
    const sizes = sends.map((s) => (s.body as { user: { id: string }[] }).user.length);
    expect(sizes).toEqual([100, 50]);
    const sentTo = sends.flatMap((s) => (s.body as { user: { id: string }[] }).user.map((u) => u.id)).sort();
    expect(sentTo).toEqual([...users].sort());
    expect((await rowsOf(users)).every((r) => r.status === 'pending')).toBe(true);
    // Not friends: held for their next message, no event.
    expect((await rowsOf(strangers)).map((r) => r.receipt)).toEqual([
      'kakao:held:not-a-friend',
      'kakao:held:not-a-friend',
    ]);

    // The event block served one user of task 1; Kakao reports one failure in task 2.
    const served = (sends[0]!.body as { user: { id: string }[] }).user[0]!.id;
    const failed = (sends[1]!.body as { user: { id: string }[] }).user[0]!.id;
    await t.bot.db.query(
      `UPDATE kakao_event_tasks t SET served_at = $2 FROM outbox o WHERE o.id = t.outbox_id AND o.channel_user_id = $1`,
      [served, t.clock.now()],
    );
    kakao.setTask('task-kb-1', {
      taskId: 'task-kb-1',
      status: 'ALL SUCCESS',
      allRequestCount: 100,
      successCount: 100,
    });
    kakao.setTask('task-kb-2', {
      taskId: 'task-kb-2',
      status: '1 FAIL',
      allRequestCount: 50,
      successCount: 49,
      fail: {
        count: 1,
        list: [{ userId: failed, reqUserType: 'botUserKey', errorMsg: { msg: 'not a friend' } }],
      },
    });
    const checksBefore = kakao.requests.filter((r) => r.url.startsWith('/v1/tasks/')).length;
    t.clock.advance(15_000);
    await t.bot.runDue(t.clock.now());
    const checks = kakao.requests.filter((r) => r.url.startsWith('/v1/tasks/')).length - checksBefore;
    expect(checks).toBe(2);

    const rows = await rowsOf(users);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const receipt = (user: string) => rows.find((r) => r.channel_user_id === user)!.receipt;
    expect(receipt(served)).toBe('kakao-task:task-kb-1');
    expect(receipt(failed)).toBe('kakao:held:event-failed');
    // Reached but the event block did not run for them: held, shown at their next message.
    const others = rows.filter((r) => r.channel_user_id !== served && r.channel_user_id !== failed);
    expect(new Set(others.map((r) => r.receipt))).toEqual(new Set(['kakao:held:event-unserved']));
    expect((await t.bot.metrics.kakaoProactive.get()).values[0]?.value).toBe(150);
  });

  it('an Event API call that fails with 5xx leaves its rows to retry; a 4xx refusal holds them', async () => {
    const flaky = await seed('kb-flaky', 3);
    kakao.expectEventSend({ httpStatus: 500, body: { status: 'FAIL', message: 'internal' } });
    await t.bot.runDue(t.clock.now());
    expect((await rowsOf(flaky)).map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);

    kakao.expectEventSend({ httpStatus: 400, body: { status: 'FAIL', message: 'bad request' } });
    t.clock.advance(3_600_000);
    await t.bot.runDue(t.clock.now());
    expect((await rowsOf(flaky)).map((r) => r.receipt)).toEqual(Array(3).fill('kakao:held:event-refused'));
  });
});
