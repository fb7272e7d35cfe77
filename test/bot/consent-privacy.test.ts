import request from 'supertest';
import { createProbeCapability } from '../helpers/probe-capability';
import { describeEachDatabase } from '../helpers/test-database';
import { startTestBot, type TestBot } from '../helpers/test-bot';

const say = (t: TestBot, userId: string, text: string) =>
  request(t.bot.app)
    .post('/api/web/messages')
    .send({ userId, text })
    .then((res) => res);
const texts = (res: { body: { messages: { text: string }[] } }) =>
  res.body.messages.map((m) => m.text).join('\n');

const personOf = async (t: TestBot, userId: string): Promise<string> => {
  const { rows } = await t.bot.db.query<{ person_id: string }>(
    `SELECT person_id FROM identities WHERE channel = 'web' AND channel_user_id = $1`,
    [userId],
  );
  return rows[0]?.person_id as string;
};

/** Every row of every table whose JSON mentions `needle`. */
async function rowsMentioning(t: TestBot, needle: string): Promise<string[]> {
  const tables = await t.bot.db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const hits: string[] = [];
  for (const { table_name } of tables.rows) {
    const dump = await t.bot.db.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM ${table_name} x`);
    for (const row of dump.rows) if (row.j.includes(needle)) hits.push(`${table_name}: ${row.j}`);
  }
  return hits;
}

describeEachDatabase('consent and privacy', (getDb) => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot(getDb(), { plugins: { capabilities: () => [createProbeCapability()] } });
  });
  afterAll(() => t.close());

  it('keeps no history for an under-14 user until a guardian confirms, then keeps it', async () => {
    await say(t, 'kid', '안녕');
    await say(t, 'kid', '1');
    const asked = await say(t, 'kid', 'probe save');
    expect(texts(asked)).toMatch(/나이/);
    const answered = await say(t, 'kid', '1');
    expect(texts(answered)).toMatch(/보호자/);
    expect(texts(answered)).toContain('not saved');
    const code = /동의 ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2})/.exec(texts(answered))?.[1] as string;
    expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{2}$/);

    const kid = await personOf(t, 'kid');
    const log = await t.bot.db.query('SELECT 1 FROM message_log WHERE person_id = $1', [kid]);
    expect(log.rows).toHaveLength(0);
    const state = await t.bot.db.query<{ expires_at: Date | null }>(
      'SELECT expires_at FROM dialog_states WHERE person_id = $1',
      [kid],
    );
    for (const row of state.rows) expect(row.expires_at).not.toBeNull();

    await say(t, 'parent', '안녕');
    await say(t, 'parent', '학부모예요');
    const confirmed = await say(t, 'parent', `동의 ${code}`);
    expect(texts(confirmed)).toMatch(/확인했어요/);
    const reused = await say(t, 'parent', `동의 ${code}`);
    expect(texts(reused)).toMatch(/맞지 않거나/);

    expect(texts(await say(t, 'kid', 'probe save'))).toContain('saved');
    const kept = await t.bot.db.query('SELECT 1 FROM message_log WHERE person_id = $1', [kid]);
    expect(kept.rows.length).toBeGreaterThan(0);
    const audit = await t.bot.db.query(
      `SELECT actor FROM audit_log WHERE action = 'guardian_consent_confirmed'`,
    );
    expect(audit.rows).toHaveLength(1);
  });

  it('deletes every row of a person across linked identities, leaving an audit stub', async () => {
    await say(t, 'leaver', '안녕');
    await say(t, 'leaver', '학생이에요');
    const person = await personOf(t, 'leaver');
    // The same person also reached us on LINE.
    await t.bot.db.query(
      `INSERT INTO identities (channel, channel_user_id, person_id) VALUES ('line', 'U-leaver', $1)`,
      [person],
    );
    await t.bot.db.query(
      `INSERT INTO inbound_events (channel, channel_event_id, channel_user_id, occurred_at, status) VALUES ('line', 'ev-1', 'U-leaver', now(), 'processed')`,
    );
    await say(t, 'leaver', 'probe add x');
    expect(texts(await say(t, 'leaver', '내 정보 삭제'))).toMatch(/지울까요/);
    expect(texts(await say(t, 'leaver', '1'))).toMatch(/지웠어요/);

    expect(await rowsMentioning(t, person)).toEqual([]);
    expect(await rowsMentioning(t, 'U-leaver')).toEqual([]);
    const leftovers = (await rowsMentioning(t, 'leaver')).filter((row) => !row.startsWith('inbound_events'));
    expect(leftovers).toEqual([]);
    const stub = await t.bot.db.query(`SELECT subject FROM audit_log WHERE action = 'person_deleted'`);
    expect(stub.rows).toHaveLength(1);
  });

  it('tells someone who claims to be a mentor how to get linked, and gives no power', async () => {
    await say(t, 'claimer', '안녕');
    expect(texts(await say(t, 'claimer', '저 멘토예요'))).toMatch(/운영팀이 등록한/);
    const roles = await t.bot.db.query(`SELECT role FROM person_roles WHERE person_id = $1`, [
      await personOf(t, 'claimer'),
    ]);
    expect(roles.rows).toEqual([]);
  });
});
