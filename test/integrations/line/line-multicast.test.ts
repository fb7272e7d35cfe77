import { createLineChannel, type LineChannel } from '../../../integrations/line/line-channel';
import { multicastRetryKey } from '../../../integrations/line/outbound';
import { startFakeLine, type FakeLine } from '../../fakes/fake-line';
import { TEST_LINE_CHANNEL_SECRET } from '../../fakes/line-webhook';
import { startTestBot, type TestBot } from '../../helpers/test-bot';
import { describeEachDatabase } from '../../helpers/test-database';
import { lineUserId } from './line-transcript';

const TOKEN = 'line-multicast-access-token';
const HOUR = 3_600_000;

/** The outbox sender's bulk path against the fake LINE API: multicast, its retry key, fallbacks. */
describeEachDatabase('LINE outbox sender: multicast', (getDb) => {
  let fake: FakeLine;
  let t: TestBot;
  let line: LineChannel;

  beforeAll(async () => {
    fake = await startFakeLine({ channelAccessToken: TOKEN });
    t = await startTestBot(getDb(), {
      bare: true,
      env: {
        LINE_CHANNEL_SECRET: TEST_LINE_CHANNEL_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: TOKEN,
        LINE_API_BASE_URL: fake.url,
      },
      plugins: {
        channels: (d) => [(line = createLineChannel(d, { sendTimeoutMs: 3000, recoverOnStart: false }))],
      },
    });
  });
  afterEach(() => fake.assertNoUnexpectedCalls());
  afterAll(async () => {
    await line?.idle();
    await t?.close();
    await fake?.close();
  });

  /** People with a LINE identity and one outbox row each (same `text` → same reply). */
  async function seed(
    prefix: string,
    n: number,
    text: string,
    options: { reachable?: boolean; from?: number } = {},
  ): Promise<string[]> {
    const users = Array.from({ length: n }, (_, i) => lineUserId(`${prefix}-${(options.from ?? 0) + i}`));
    await t.bot.db.query(
      `WITH p AS (INSERT INTO people (language) SELECT 'ko' FROM unnest($1::text[]) RETURNING id),
            n AS (SELECT id, row_number() OVER () AS k FROM p),
            u AS (SELECT u, k FROM unnest($1::text[]) WITH ORDINALITY AS x(u, k))
       INSERT INTO identities (channel, channel_user_id, person_id, reachable)
       SELECT 'line', u.u, n.id, $2 FROM u JOIN n USING (k)`,
      [users, options.reachable ?? true],
    );
    const reply = JSON.stringify({ messages: [{ type: 'text', text }], quickReplies: [] });
    await t.bot.db.query(
      `INSERT INTO outbox (person_id, channel, channel_user_id, purpose, reply, idempotency_key, next_attempt_at)
       SELECT i.person_id, 'line', i.channel_user_id, 'quiz', $2, 'mc:' || i.channel_user_id, $3
         FROM identities i WHERE i.channel = 'line' AND i.channel_user_id = ANY($1::text[])`,
      [users, reply, t.clock.now()],
    );
    return users;
  }

  const rowsOf = async (users: string[]) =>
    (
      await t.bot.db.query<{
        channel_user_id: string;
        status: string;
        retry_key: string;
        receipt: string | null;
        last_error: string | null;
      }>(
        `SELECT channel_user_id, status, retry_key, receipt, last_error FROM outbox WHERE channel = 'line' AND channel_user_id = ANY($1::text[]) ORDER BY id`,
        [users],
      )
    ).rows;

  const callsTo = (since: number, users: string[]) =>
    fake.requests.slice(since).filter((r) => {
      const to = (r.body as { to?: unknown }).to;
      return (Array.isArray(to) ? to : [to]).some((u) => users.includes(String(u)));
    });

  it('identical single-batch rows go as one multicast with a key derived from the rows; a lone row is pushed; blocked users get nothing', async () => {
    const same = await seed('same', 7, '오늘의 퀴즈 A');
    const alone = await seed('alone', 1, '오늘의 퀴즈 B');
    const blocked = await seed('blocked', 2, '오늘의 퀴즈 A', { reachable: false });
    const since = fake.requests.length;
    await t.bot.runDue(t.clock.now());

    const calls = callsTo(since, [...same, ...alone, ...blocked]);
    const multicasts = calls.filter((c) => c.endpoint === 'multicast');
    expect(multicasts).toHaveLength(1);
    expect([...(multicasts[0]!.body as { to: string[] }).to].sort()).toEqual([...same].sort());
    const sameRows = await rowsOf(same);
    expect(multicasts[0]!.retryKey).toBe(multicastRetryKey(sameRows.map((r) => r.retry_key)));
    expect(sameRows.every((r) => r.status === 'sent' && r.receipt?.startsWith('multicast '))).toBe(true);

    const pushes = calls.filter((c) => c.endpoint === 'push');
    expect(pushes.map((p) => (p.body as { to: string }).to)).toEqual(alone);
    expect(pushes[0]!.retryKey).toBe((await rowsOf(alone))[0]!.retry_key);
    expect((await rowsOf(blocked)).map((r) => r.status)).toEqual(['failed', 'failed']);
    // Nothing of a single-batch row goes to the progress table.
    const progress = await t.bot.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM line_outbox_progress',
    );
    expect(progress.rows[0]!.n).toBe(0);
  });

  it('more than 500 recipients → several multicasts of at most 500', async () => {
    const users = await seed('many', 620, '오늘의 퀴즈 C');
    const since = fake.requests.length;
    await t.bot.runDue(t.clock.now());
    const sizes = callsTo(since, users)
      .filter((c) => c.endpoint === 'multicast')
      .map((c) => (c.body as { to: string[] }).to.length)
      .sort((a, b) => b - a);
    expect(sizes).toEqual([500, 120]);
    expect((await rowsOf(users)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('a 5xx multicast is retried later with the same retry key; a repeat after acceptance is a 409 = accepted', async () => {
    const users = await seed('flaky', 5, '오늘의 퀴즈 D');
    fake.script('multicast', 'server_error');
    const since = fake.requests.length;
    await t.bot.runDue(t.clock.now());
    expect((await rowsOf(users)).map((r) => r.status)).toEqual(Array(5).fill('pending'));
    t.clock.advance(HOUR);
    await t.bot.runDue(t.clock.now());
    const multicasts = callsTo(since, users).filter((c) => c.endpoint === 'multicast');
    expect(multicasts.map((m) => m.status)).toEqual([500, 200]);
    expect(multicasts[1]!.retryKey).toBe(multicasts[0]!.retryKey);
    expect((await rowsOf(users)).every((r) => r.status === 'sent')).toBe(true);

    // The crash case: accepted at LINE but the rows were never settled → the same rows again → 409.
    await t.bot.db.query(
      `UPDATE outbox SET status = 'pending', next_attempt_at = $2 WHERE channel_user_id = ANY($1::text[])`,
      [users, t.clock.now()],
    );
    const again = fake.requests.length;
    await t.bot.runDue(t.clock.now());
    const repeat = callsTo(again, users);
    expect(repeat.map((r) => [r.endpoint, r.status])).toEqual([['multicast', 409]]);
    expect(repeat[0]!.retryKey).toBe(multicasts[0]!.retryKey);
    expect((await rowsOf(users)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('the monthly quota → every row of the multicast failed, not retried', async () => {
    const users = await seed('quota', 3, '오늘의 퀴즈 E');
    fake.script('multicast', 'monthly_limit');
    await t.bot.runDue(t.clock.now());
    const rows = await rowsOf(users);
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed', 'failed']);
    expect(rows[0]!.last_error).toContain('quota_exhausted');
  });

  it('a multicast refused with 400 is pushed row by row with each row key', async () => {
    const users = await seed('refused', 3, '오늘의 퀴즈 F');
    fake.script('multicast', { status: 400, body: { message: 'The request body has 1 error(s)' } });
    const since = fake.requests.length;
    await t.bot.runDue(t.clock.now());
    const calls = callsTo(since, users);
    expect(calls.map((c) => c.endpoint).sort()).toEqual(['multicast', 'push', 'push', 'push']);
    const rows = await rowsOf(users);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const pushKeys = calls
      .filter((c) => c.endpoint === 'push')
      .map((c) => c.retryKey)
      .sort();
    expect(pushKeys).toEqual(rows.map((r) => r.retry_key).sort());
  });
});
