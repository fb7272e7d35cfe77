import request from 'supertest';
import type { Express } from 'express';
import { deletePersonData } from '../../bot/privacy';
import { describeEachDatabase } from '../helpers/test-database';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import { visibleText } from '../helpers/transcript';

/**
 * Issue 18, item 3: alerts and relayed messages were stored under the helper's person id, so
 * after "내 정보 삭제" the helper's web inbox, held Kakao answers and LINE "더 보기" pages kept the
 * student's words for 90 days. A student in crisis writes a marked sentence, a web helper takes
 * the case and gets a relayed message, a Kakao helper (no Event API: answers are held) gets the
 * alert; then the student deletes their data, in the middle of the relay.
 */

const ADMIN = 'admin-token-0123456789';
const MARK = '달팽이카나리아';

async function say(app: Express, userId: string, input: string | { postback: string }): Promise<string> {
  const body = typeof input === 'string' ? { userId, text: input } : { userId, ...input };
  const res = await request(app).post('/api/web/messages').send(body);
  if (res.status !== 200) throw new Error(`web answered ${res.status}`);
  return visibleText({ messages: res.body.messages, quickReplies: res.body.quickReplies });
}

async function register(app: Express, name: string, channel: string, channelUserId: string): Promise<string> {
  const res = await request(app)
    .post('/admin/mentors')
    .set('authorization', `Bearer ${ADMIN}`)
    .send({ name, tier: 'staff', channel, channelUserId });
  if (res.status !== 201) throw new Error(`register: ${res.status}`);
  return res.body.id as string;
}

async function rowsMentioning(t: TestBot, needle: string): Promise<string[]> {
  const tables = await t.bot.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const hits: string[] = [];
  for (const { table_name } of tables.rows) {
    const dump = await t.bot.db.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM ${table_name} x`);
    for (const row of dump.rows)
      if (row.j.includes(needle)) hits.push(`${table_name}: ${row.j.slice(0, 200)}`);
  }
  return hits;
}

describeEachDatabase("deletion reaches the helper's copies", (getDb) => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot(getDb(), { env: { ADMIN_TOKENS: `ops:${ADMIN}` }, rateLimitPerMinute: 1000 });
  });
  afterAll(() => t.close());

  it("deletes every stored copy of the student's words with the student", async () => {
    await register(t.bot.app, '서연', 'web', 'web-staff');
    await register(t.bot.app, '지훈', 'kakao', 'kakao-staff');
    await t.bot.runDue(t.clock.now());
    await say(t.bot.app, 'stu', '안녕하세요');
    await say(t.bot.app, 'stu', '1');
    await say(t.bot.app, 'stu', `요즘 너무 힘들어서 죽고 싶어 ${MARK}`);
    await t.bot.runDue(t.clock.now());
    const { rows } = await t.bot.db.query<{ id: string }>(`SELECT id::text AS id FROM support_cases`);
    const caseId = rows[0]?.id as string;
    expect(await say(t.bot.app, 'web-staff', { postback: `support:ack:${caseId}` })).not.toMatch(
      /맡은 케이스가 아니에요/,
    );
    await say(t.bot.app, 'stu', `선생님 ${MARK} 두 번째 이야기`);
    await t.bot.runDue(t.clock.now());

    const before = await rowsMentioning(t, MARK);
    const where = new Set(before.map((row) => row.split(':')[0]));
    // The copies the review found: the helper's web inbox and the Kakao helper's held answers.
    expect([...where]).toEqual(expect.arrayContaining(['web_inbox', 'kakao_held', 'outbox']));

    // In the middle of the relay: the request and its confirmation reach the deletion, not the helper.
    expect(await say(t.bot.app, 'stu', '내 정보 삭제')).toMatch(/지울까요/);
    expect(await say(t.bot.app, 'stu', '1')).toMatch(/지웠어요/);
    await t.bot.runDue(t.clock.now());
    expect(await rowsMentioning(t, MARK)).toEqual([]);
    // The student's words "내 정보 삭제" were never relayed; the helper gets the bot's own notice
    // that the student left and deleted their data (issue 14), which names no words of theirs.
    const mentions = await rowsMentioning(t, '내 정보 삭제');
    const notices = mentions.filter((row) => row.includes('자기 정보를 모두 지웠어요'));
    expect(notices.length).toBeGreaterThan(0);
    expect(mentions.filter((row) => !notices.includes(row))).toEqual([]);
  });

  it('removes a LINE "더 보기" page about a deleted person', async () => {
    const { rows: people } = await t.bot.db.query<{ id: string }>(
      'INSERT INTO people (greeted) VALUES (false), (false) RETURNING id',
    );
    const [helper, student] = people.map((p) => p.id);
    await t.bot.db.query(
      `INSERT INTO line_overflow (channel_user_id, person_id, reply, expires_at, subject_id) VALUES ('U-helper', $1, $2, now() + interval '1 day', $3)`,
      [helper, JSON.stringify({ messages: [{ type: 'text', text: MARK }], quickReplies: [] }), student],
    );
    await t.bot.db.transaction((tx) =>
      deletePersonData(tx, student as string, 'person:self', 'secret-1234567890'),
    );
    expect(await rowsMentioning(t, MARK)).toEqual([]);
  });
});
