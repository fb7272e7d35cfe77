import request from 'supertest';
import type { Express } from 'express';
import { newLinkCode, formatLinkCode, SOURCE_LIMITS } from '../../bot/link-codes';
import { ADDRESS_LIMITS } from '../../integrations/web/web-routes';
import { describeEachDatabase } from '../helpers/test-database';
import { startTestBot, type TestBot } from '../helpers/test-bot';

/**
 * Issue 18, item 1: "2,001 guesses in 33 s from rotating sessions found a coordinator's code".
 * The attack is replayed against WEB_CHAT=public: new sessions from one address guess codes. The
 * address is locked out after its failures (the right code then fails too), sessions from one
 * address are limited, and a right code still works from somewhere else.
 */

const ADMIN = 'Bearer admin-token-0123456789';
const texts = (res: { body: { messages?: { text?: string }[] } }): string =>
  (res.body.messages ?? []).map((m) => m.text ?? '').join('\n');

async function session(app: Express, address: string): Promise<string> {
  const res = await request(app).post('/api/web/sessions').set('x-forwarded-for', address).send({});
  if (res.status !== 201) throw new Error(`session refused: ${res.status}`);
  return `Bearer ${res.body.token as string}`;
}

const say = (app: Express, auth: string, address: string, text: string) =>
  request(app)
    .post('/api/web/messages')
    .set('authorization', auth)
    .set('x-forwarded-for', address)
    .send({ text });

describeEachDatabase('link code guessing from rotating web sessions', (getDb) => {
  let t: TestBot;
  let code: string;
  beforeAll(async () => {
    t = await startTestBot(getDb(), {
      env: { WEB_CHAT: 'public', TRUST_PROXY: '1', ADMIN_TOKENS: 'ops:admin-token-0123456789' },
      rateLimitPerMinute: 1000,
    });
    const created = await request(t.bot.app)
      .post('/admin/mentors')
      .set('authorization', ADMIN)
      .send({ name: '이코디', tier: 'coordinator' });
    expect(created.status).toBe(201);
    code = created.body.linkCode as string;
    expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}$/);
  });
  afterAll(() => t.close());

  it('locks an address out after its failures, whatever session it uses, even for the right code', async () => {
    const attacker = '203.0.113.7';
    const answers = new Set<string>();
    for (let i = 0; i < SOURCE_LIMITS.address; i += 1) {
      const auth = await session(t.bot.app, attacker);
      const guess = formatLinkCode(newLinkCode());
      const res = await say(t.bot.app, auth, attacker, `멘토 등록 ${guess}`);
      answers.add(texts(res).replace(/^\(저는[^\n]*\n/, ''));
    }
    // Every wrong guess got the same answer.
    expect([...answers]).toHaveLength(1);
    expect([...answers][0]).toMatch(/맞지 않거나, 이미 쓰였거나, 시간이 지났어요/);
    const fresh = await session(t.bot.app, attacker);
    const right = await say(t.bot.app, fresh, attacker, `멘토 등록 ${code}`);
    expect(texts(right)).toMatch(/여러 번 틀려서/);
    expect(texts(right)).not.toMatch(/연결됐어요/);
    const roles = await t.bot.db.query(
      `SELECT 1 FROM person_roles WHERE role = 'coordinator' AND granted_by LIKE 'admin:%'`,
    );
    expect(roles.rows).toHaveLength(1);
    const linked = await t.bot.db.query(
      `SELECT 1 FROM identities i JOIN person_roles r ON r.person_id = i.person_id WHERE r.role = 'coordinator'`,
    );
    expect(linked.rows).toHaveLength(0);
  });

  it('still links the coordinator who types the code, grouped or not, from their own address', async () => {
    const own = '198.51.100.20';
    const auth = await session(t.bot.app, own);
    const res = await say(t.bot.app, auth, own, `멘토등록 ${code.toLowerCase().replace(/-/g, ' ')}`);
    expect(texts(res)).toMatch(/이코디 선생님, 연결됐어요/);
  });

  it('limits new sessions per address (a school-sized burst passes)', async () => {
    const flooder = '192.0.2.99';
    let created = 0;
    let refused = 0;
    for (let i = 0; i < ADDRESS_LIMITS.sessions.burst + 10; i += 1) {
      const res = await request(t.bot.app).post('/api/web/sessions').set('x-forwarded-for', flooder).send({});
      if (res.status === 201) created += 1;
      else if (res.status === 429) refused += 1;
    }
    expect(created).toBeGreaterThanOrEqual(ADDRESS_LIMITS.sessions.burst);
    expect(created).toBeLessThan(ADDRESS_LIMITS.sessions.burst + 3);
    expect(refused).toBeGreaterThan(0);
    // Another address is not affected.
    expect(
      (await request(t.bot.app).post('/api/web/sessions').set('x-forwarded-for', '192.0.2.100').send({}))
        .status,
    ).toBe(201);
  });
});
