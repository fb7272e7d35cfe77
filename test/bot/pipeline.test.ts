import request from 'supertest';
import type { Database } from '../../bot/db/database';
import { createProbeCapability } from '../helpers/probe-capability';
import { describeEachDatabase, hasPostgres, databaseTargets } from '../helpers/test-database';
import { startTestBot, type TestBot } from '../helpers/test-bot';

/** Sends a line through the web API (the request starts at once, supertest is lazy otherwise). */
const say = (t: TestBot, userId: string, text: string, messageId?: string) =>
  request(t.bot.app)
    .post('/api/web/messages')
    .send({ userId, text, ...(messageId ? { messageId } : {}) })
    .then((res) => res);

/** Greets first, so the probe's English commands do not switch the user to English. */
const greeted = async (t: TestBot, userId: string) => {
  await say(t, userId, '안녕');
  return userId;
};

describeEachDatabase('turn pipeline', (getDb) => {
  let t: TestBot;
  let probe: ReturnType<typeof createProbeCapability>;
  beforeAll(async () => {
    probe = createProbeCapability();
    t = await startTestBot(getDb(), { plugins: { capabilities: () => [probe] } });
    await say(t, 'greeted', '안녕');
  });
  afterAll(() => t.close());

  it('processes the same event id once', async () => {
    const first = await say(t, 'dup-user', 'probe count', 'm-1');
    const second = await say(t, 'dup-user', 'probe count', 'm-1');
    expect(first.body.messages.map((m: { text: string }) => m.text)).toContain('counted');
    expect(second.body.messages.map((m: { text: string }) => m.text).join('')).toMatch(/이미 받았어요/);
    const { rows } = await t.bot.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'counted'`,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('leaves the state unchanged, apologises and logs the turn id when a dialog throws', async () => {
    await say(t, await greeted(t, 'thrower'), 'probe add a');
    const res = await say(t, 'thrower', 'probe throw');
    expect(res.status).toBe(200);
    expect(res.body.messages[0].text).toMatch(/문제가 생겼어요/);
    const after = await say(t, 'thrower', 'probe list');
    expect(after.body.messages.map((m: { text: string }) => m.text)).toContain('items: a');
    const line = t.logs.find((l) => l.includes('dialog failed'));
    expect(line).toBeDefined();
    expect(JSON.parse(line as string).turnId).toMatch(/[0-9a-f-]{36}/);
  });

  it('does not make user B wait for a slow dialog of user A (no transaction spans a dialog)', async () => {
    await greeted(t, 'user-a');
    const slow = say(t, 'user-a', 'probe slow');
    await probe.slowStarted;
    const fast = await say(t, 'user-b', 'probe count');
    expect(fast.body.messages.map((m: { text: string }) => m.text)).toContain('counted');
    probe.releaseSlow();
    expect((await slow).body.messages.map((m: { text: string }) => m.text)).toContain('slow done');
  });

  it('keeps one user’s turns in order without losing state', async () => {
    await Promise.all(['1', '2', '3', '4', '5', '6'].map((n) => say(t, 'ordered', `probe add ${n}`)));
    const res = await say(t, 'ordered', 'probe list');
    const items = (res.body.messages[0].text as string).replace('items: ', '').split(',');
    expect(items.sort()).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('masks a resident registration number before anything is stored or logged', async () => {
    const rrn = '900101-1234567';
    const res = await say(t, 'masker', `제 주민번호는 ${rrn} 이에요 probe`);
    expect(res.body.messages[0].text).toMatch(/저장하지 않았어요/);
    await say(t, 'masker', `probe add ${rrn}`);
    const tables = await t.bot.db.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    for (const { table_name } of tables.rows) {
      const dump = await t.bot.db.query(`SELECT row_to_json(x)::text AS j FROM ${table_name} x`);
      for (const row of dump.rows) expect(String((row as { j: string }).j)).not.toContain('1234567');
    }
    expect(t.logs.join('\n')).not.toContain('1234567');
  });
});

describe('crisis wiring with the database unreachable', () => {
  it('still gives the crisis reply on the web channel', async () => {
    const target = databaseTargets()[0];
    if (!target) throw new Error('no database target');
    const database = await target.open();
    const t = await startTestBot(database);
    await database.db.close();
    const res = await say(t, 'crisis-user', '요즘 너무 힘들어서 죽고 싶어');
    expect(res.status).toBe(200);
    const text = res.body.messages.map((m: { text: string }) => m.text).join('\n');
    expect(text).toContain('109');
    expect(text).toContain('1388');
    const ordinary = await say(t, 'crisis-user', '안녕');
    expect(ordinary.body.messages[0].text).toMatch(/문제가 생겼어요/);
    await t.close();
  });
});

(hasPostgres() ? describe : describe.skip)('two instances on one PostgreSQL database', () => {
  it('serialise one user’s turns through two connection pools without losing state', async () => {
    const target = databaseTargets().find((d) => d.name === 'postgres');
    if (!target) throw new Error('TEST_DATABASE_URL is set but no postgres target');
    const database = await target.open();
    const second: Database = database.openAnother?.() as Database;
    const a = await startTestBot(database, { plugins: { capabilities: () => [createProbeCapability()] } });
    const b = await startTestBot(
      { ...database, db: second },
      { plugins: { capabilities: () => [createProbeCapability()] } },
    );
    await say(a, 'twin', '안녕');
    const sends = Array.from({ length: 12 }, (_, i) => say(i % 2 === 0 ? a : b, 'twin', `probe add ${i}`));
    await Promise.all(sends);
    const res = await say(b, 'twin', 'probe list');
    const items = (res.body.messages[0].text as string).replace('items: ', '').split(',').map(Number);
    expect(items.sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    await a.close();
    await b.close();
    await database.dispose();
  });
});
if (!hasPostgres()) {
  console.info('two-instance test skipped: it needs two real connections (set TEST_DATABASE_URL)');
}
