import request from 'supertest';
import type { Express } from 'express';
import { createRateLimiter } from '../../bot/rate-limit';
import { ADDRESS_LIMITS } from '../../integrations/web/web-routes';
import { createLlmAnswerer } from '../../integrations/llm/answerer';
import { GROUP_DELAY_MS } from '../../dialogs/support/ladder';
import { describeEachDatabase } from '../helpers/test-database';
import { startTestBot, type TestBot } from '../helpers/test-bot';

/**
 * Issue 18, item 4: 30 new sessions sent "죽고 싶어" in 2 s and opened 33 high-risk cases paging
 * staff 34 times; 2,000 sessions were created in 5 s and never swept. Now every student still
 * gets the crisis reply and a case, but the pages about cases from one address are grouped; other
 * messages are limited per address; expired sessions and people who never came back are swept;
 * model calls have one ceiling.
 */

const ADMIN = 'admin-token-0123456789';
// The production bucket refills 2 messages a second: on a slow machine a burst can take long enough
// to refill it. This one refills one a minute, so what the test sends beyond the burst is refused.
const MESSAGES = { perMinute: 1, burst: 40 };
const FLOOD = '203.0.113.50';

async function session(app: Express, address: string): Promise<string> {
  const res = await request(app).post('/api/web/sessions').set('x-forwarded-for', address).send({});
  if (res.status !== 201) throw new Error(`session refused: ${res.status}`);
  return `Bearer ${res.body.token as string}`;
}
const send = (app: Express, auth: string, address: string, text: string) =>
  request(app)
    .post('/api/web/messages')
    .set('authorization', auth)
    .set('x-forwarded-for', address)
    .send({ text });

describeEachDatabase('anonymous floods', (getDb) => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot(getDb(), {
      env: { WEB_CHAT: 'public', TRUST_PROXY: '1', ADMIN_TOKENS: `ops:${ADMIN}` },
      rateLimitPerMinute: 1000,
      webAddressLimits: { sessions: ADDRESS_LIMITS.sessions, messages: MESSAGES },
    });
    const staff = await request(t.bot.app)
      .post('/admin/mentors')
      .set('authorization', `Bearer ${ADMIN}`)
      .send({ name: '서연', tier: 'staff', channel: 'web', channelUserId: 'staff-web' });
    expect(staff.status).toBe(201);
    await t.bot.runDue(t.clock.now());
  });
  afterAll(() => t.close());

  it('answers every crisis and opens every case, but pages staff once plus one grouped alert', async () => {
    const replies = [];
    for (let i = 0; i < 30; i += 1) {
      const auth = await session(t.bot.app, FLOOD);
      replies.push(await send(t.bot.app, auth, FLOOD, '죽고 싶어'));
    }
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(JSON.stringify(reply.body.messages)).toContain('109');
    }
    const cases = await t.bot.db.query<{ id: string }>(
      `SELECT id::text AS id FROM support_cases WHERE status = 'open' ORDER BY id`,
    );
    expect(cases.rows).toHaveLength(30);
    const alerts = await t.bot.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE purpose = 'alert' AND channel_user_id = 'staff-web'`,
    );
    expect(alerts.rows[0]?.n).toBe(2);
    const recorded = await t.bot.db.query<{ n: number }>(
      `SELECT count(DISTINCT case_id)::int AS n FROM support_alerts WHERE channel_user_id = 'staff-web'`,
    );
    expect(recorded.rows[0]?.n).toBe(30);

    t.clock.advance(GROUP_DELAY_MS + 1000);
    await t.bot.runDue(t.clock.now());
    const inbox = await request(t.bot.app).get('/api/web/messages').query({ userId: 'staff-web' });
    expect(inbox.status).toBe(401); // public mode: the helper's inbox is not open to anyone
    const rows = await t.bot.db.query<{ reply: { messages: { title?: string; text: string }[] } }>(
      `SELECT reply FROM web_inbox WHERE channel_user_id = 'staff-web' ORDER BY id`,
    );
    expect(rows.rows).toHaveLength(2);
    const grouped = JSON.stringify(rows.rows[1]?.reply);
    expect(grouped).toContain('같은 곳에서 온 알림 30건');
    expect(grouped).toContain(`#${cases.rows[1]?.id}`);
    expect(grouped).toContain('외 20건');
  });

  it('limits non-crisis messages per address, never a crisis message', async () => {
    const address = '203.0.113.60';
    const sessions = await Promise.all(Array.from({ length: 10 }, () => session(t.bot.app, address)));
    const answers = await Promise.all(
      Array.from({ length: MESSAGES.burst + 20 }, (_, i) =>
        send(t.bot.app, sessions[i % sessions.length] as string, address, '서울런이 뭐예요?'),
      ),
    );
    const limited = answers.filter((res) => res.status === 429).length;
    // Earlier tests' crisis messages from other addresses do not count here; a minute's refill at most.
    expect(limited).toBeGreaterThanOrEqual(19);
    const crisis = await send(t.bot.app, sessions[0] as string, address, '죽고 싶어');
    expect(crisis.status).toBe(200);
    expect(JSON.stringify(crisis.body.messages)).toContain('109');
  });

  it('sweeps expired sessions and people who never came back, keeping anyone with a case', async () => {
    const address = '203.0.113.70';
    for (let i = 0; i < 5; i += 1) await send(t.bot.app, await session(t.bot.app, address), address, '안녕');
    const later = new Date(t.clock.now().getTime() + 2 * 86_400_000);
    await t.bot.db.query(`UPDATE web_sessions SET expires_at = $1`, [new Date(later.getTime() - 3_600_000)]);
    await t.bot.db.query(`UPDATE people SET created_at = $1 WHERE display_name IS NULL`, [
      new Date(later.getTime() - 2 * 86_400_000),
    ]);
    const before = await t.bot.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM people WHERE display_name IS NULL`,
    );
    t.clock.set(later);
    // The hourly sweeps run at the first tick after an hour.
    t.clock.advance(3_600_000);
    await t.bot.runDue(t.clock.now());
    const sessions = await t.bot.db.query('SELECT 1 FROM web_sessions');
    expect(sessions.rows).toHaveLength(0);
    const left = await t.bot.db.query<{ n: number; with_case: number }>(
      `SELECT count(*)::int AS n,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM support_cases c WHERE c.person_id = p.id))::int AS with_case
         FROM people p WHERE display_name IS NULL`,
    );
    expect(before.rows[0]!.n).toBeGreaterThan(left.rows[0]!.n);
    // Every student with a case is still there (31: the flood's 30 and the crisis of the limit test).
    expect(left.rows[0]!.with_case).toBe(31);
    // The ones still there who wrote more than once or have a case; the one-message visitors are gone.
    expect(left.rows[0]!.n).toBeLessThanOrEqual(left.rows[0]!.with_case + 10);
  });
});

describe('one ceiling on model calls', () => {
  it('answers offline ("busy") above LLM_CALLS_PER_MINUTE, without calling the model', async () => {
    const llm = createLlmAnswerer({
      apiKey: 'k',
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'gpt-4o-mini',
      callBudget: createRateLimiter({ perMinute: 1, burst: 1, maxKeys: 1 }),
    });
    const request_ = {
      question: '멘토링은 어떻게 신청해요?',
      language: 'ko' as const,
      passages: [
        {
          id: 'a',
          title: 't',
          text: '멘토링',
          source: 's',
          link: 'https://slearn.seoul.go.kr',
          language: 'ko' as const,
        },
      ],
      history: [],
      deadlineMs: 300,
    };
    const first = await llm.answer(request_);
    expect(first).toEqual({ kind: 'failed', reason: 'error' }); // the model was called (nothing listens)
    expect(await llm.answer(request_)).toEqual({ kind: 'failed', reason: 'busy' });
  });
});
