import request from 'supertest';
import type { Express } from 'express';
import { describeEachDatabase } from '../helpers/test-database';
import { startTestBot, type TestBot } from '../helpers/test-bot';

/**
 * Issue 18, item 2: numbers typed in formats the mask missed were stored raw (inbound log,
 * message log, dialog state, unanswered queue), postbacks were never masked, and the unanswered
 * queue could not be reached by "내 정보 삭제". Each format below is sent by a consenting adult;
 * afterwards no table holds its digits, and deletion removes their unanswered questions.
 */

/** Each with digits found nowhere else, so a leftover is unmistakable. */
const TYPED: [string, string][] = [
  ['주민번호 930512—2748163', '9305122748163'],
  ['주민번호 ９３０５１２－２７４８１６４', '9305122748164'],
  ['주민번호 930512.2748165', '9305122748165'],
  ['주민번호 9 3 0 5 1 2 2 7 4 8 1 6 6', '9305122748166'],
  ['전화 (010) 7391-2846 으로 주세요', '73912846'],
  ['전화 010  7391  2847 으로 주세요', '73912847'],
  ['전화 070 7391 2848 으로 주세요', '73912848'],
  ['전화 010_7391_2849', '73912849'],
  ['전화 010−7391−2850', '73912850'],
  ['전화 +82 10 7391 2851', '73912851'],
  ['계좌 110 739 128521 로 보내요', '739128521'],
  ['카드 4739 1285 2239 4817', '4739128522394817'],
];

const digitsOnly = (s: string): string => s.normalize('NFKC').replace(/\D/g, '');

async function say(app: Express, userId: string, body: { text?: string; postback?: string }) {
  const res = await request(app)
    .post('/api/web/messages')
    .send({ userId, ...body });
  if (res.status !== 200) throw new Error(`web answered ${res.status}`);
  return (res.body.messages as { text?: string }[]).map((m) => m.text ?? '').join('\n');
}

/** Every row of every table, as JSON with only its digits kept per value. */
async function storedDigits(t: TestBot): Promise<string[]> {
  const tables = await t.bot.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const rows: string[] = [];
  for (const { table_name } of tables.rows) {
    const dump = await t.bot.db.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM ${table_name} x`);
    for (const row of dump.rows) rows.push(`${table_name}: ${digitsOnly(row.j)}`);
  }
  return rows;
}

describeEachDatabase('personal numbers are never stored', (getDb) => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot(getDb(), { rateLimitPerMinute: 1000 });
  });
  afterAll(() => t.close());

  it('masks every reported format, in texts and in postbacks, before anything is stored', async () => {
    await say(t.bot.app, 'adult', { text: '안녕하세요' });
    await say(t.bot.app, 'adult', { text: '1' });
    await t.bot.db.query(
      `UPDATE people SET consent = 'adult_or_14plus', age_band = 'adult' WHERE id = (SELECT person_id FROM identities WHERE channel_user_id = 'adult')`,
    );
    for (const [text] of TYPED) {
      const answer = await say(t.bot.app, 'adult', { text });
      expect(answer).toMatch(/저장하지 않았어요/);
    }
    await say(t.bot.app, 'adult', { postback: 'quiz:answer:010-7391-2899' });
    const stored = await storedDigits(t);
    for (const [text, digits] of [...TYPED, ['postback', '73912899'] as [string, string]]) {
      const leaks = stored.filter((row) => row.includes(digits));
      expect({ text, leaks }).toEqual({ text, leaks: [] });
    }
    const logged = await t.bot.db.query('SELECT 1 FROM message_log');
    expect(logged.rows.length).toBeGreaterThan(0);
  });

  it('ties an unanswered question to its author, so deletion removes it', async () => {
    await say(t.bot.app, 'asker', { text: '안녕하세요' });
    await say(t.bot.app, 'asker', { text: '1' });
    await t.bot.db.query(
      `UPDATE people SET consent = 'adult_or_14plus', age_band = 'adult' WHERE id = (SELECT person_id FROM identities WHERE channel_user_id = 'asker')`,
    );
    await say(t.bot.app, 'asker', { text: '화성에 사는 고양이 이름이 뭐예요 제 번호 010 7391 2900' });
    const queued = await t.bot.db.query<{ question: string; person_id: string | null }>(
      'SELECT question, person_id FROM knowledge_unanswered',
    );
    expect(queued.rows.length).toBeGreaterThan(0);
    expect(queued.rows.every((r) => r.person_id !== null)).toBe(true);
    expect(queued.rows.map((r) => r.question).join(' ')).toContain('[전화번호]');
    await say(t.bot.app, 'asker', { text: '내 정보 삭제' });
    await say(t.bot.app, 'asker', { text: '1' });
    const asker = await t.bot.db.query(
      `SELECT 1 FROM knowledge_unanswered WHERE question LIKE '%화성에 사는 고양이%'`,
    );
    expect(asker.rows).toHaveLength(0);
  });
});
