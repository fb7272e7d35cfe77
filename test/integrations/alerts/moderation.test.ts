import { createModerationCheck, stripIdentifiers, verdictOf } from '../../../integrations/alerts/moderation';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/fake-openai';
import { fakeClock } from '../../helpers/test-bot';
import { describeEachDatabase } from '../../helpers/test-database';
import {
  alertsTo,
  onboardStudent,
  registerHelper,
  resetData,
  say,
  startSupportBot,
  type SupportBot,
} from '../../dialogs/support/support-bot';

describe('moderation client', () => {
  it('strips e-mails, links, handles and digit runs before sending', () => {
    const out = stripIdentifiers('me@example.com 연락 010-1234-5678 https://x.kr/a @jisu_01 2학년');
    expect(out).not.toMatch(/example|1234|5678|x\.kr|jisu/);
    expect(out).toContain('2학년');
  });

  it('maps self-harm to high and threats to harm by others, never violence alone', () => {
    expect(verdictOf({ 'self-harm/intent': true }).level).toBe('high');
    expect(verdictOf({ 'harassment/threatening': true }).level).toBe('harm_by_others');
    expect(verdictOf({ violence: true }).level).toBe('none');
  });
});

describeEachDatabase('MODERATION=on second opinion', (getDb) => {
  let fake: FakeOpenAI;
  let t: SupportBot;
  beforeEach(async () => {
    await resetData(getDb().db);
    fake = await startFakeOpenAI();
    t = await startSupportBot(getDb(), fakeClock(), {
      env: { MODERATION: 'on', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'test-key' },
      moderation: createModerationCheck({ apiKey: 'test-key', baseUrl: fake.baseUrl }),
    });
    await registerHelper(t.bot.app, { name: '서연', tier: 'staff', channelUserId: 'staff-m' });
    await t.bot.runDue(t.clock.now());
  });
  afterEach(async () => {
    await t.close();
    fake.assertClean();
    await fake.close();
  });

  it('asks only between the thresholds, after the reply, and raises what the screen missed', async () => {
    await onboardStudent(t.bot.app, 'stu-m');
    await t.support.settle();
    // The screen reads this as the direct question's level: the second opinion is asked, after the reply.
    fake.expectModeration({ flagged: true, categories: { 'self-harm/intent': true }, delayMs: 1500 });
    const seen = await say(t.bot.app, 'stu-m', '다 의미 없는 것 같아. 연락은 me@example.com 으로');
    expect(seen).toContain('죽고 싶다는 생각');
    expect(seen).not.toContain('109에 전화하거나');
    // The reply came back while the second opinion was still out: nothing was raised yet.
    const before = await t.bot.db.query('SELECT 1 FROM support_cases');
    expect(before.rows).toHaveLength(0);
    await t.support.settle();
    const body = fake.requests.find((r) => r.path === '/v1/moderations');
    expect(body?.raw).toBeDefined();
    expect(body?.raw).not.toContain('example.com');
    const cases = await t.bot.db.query<{ level: string; source: string }>(
      'SELECT level, source FROM support_cases',
    );
    expect(cases.rows).toEqual([{ level: 'high', source: 'moderation' }]);
    expect((await alertsTo(t.bot.db, 'staff-m')).length).toBe(1);
    const crisis = await t.bot.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE purpose = 'crisis' AND channel_user_id = 'stu-m'`,
    );
    expect(crisis.rows[0]?.n).toBe(1);
  });

  it('is never asked about what the screen already decided (nothing, or the crisis reply), and never lowers', async () => {
    await onboardStudent(t.bot.app, 'stu-m2');
    await t.support.settle();
    // No moderation call is expected: the fake fails loudly on one.
    expect(await say(t.bot.app, 'stu-m2', '멘토링 신청은 어디서 해요?')).not.toContain('109');
    expect(await say(t.bot.app, 'stu-m2', '죽고 싶어')).toContain('109');
    await t.support.settle();
    const cases = await t.bot.db.query<{ level: string; source: string }>(
      'SELECT level, source FROM support_cases',
    );
    expect(cases.rows).toEqual([{ level: 'high', source: 'screen' }]);
  });
});
