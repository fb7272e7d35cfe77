import type { Database } from '../../../bot/db/database';
import type { ChannelAdapter } from '../../../bot/channel';
import { fakeClock, type FakeClock } from '../../helpers/test-bot';
import { describeEachDatabase, hasPostgres } from '../../helpers/test-database';
import {
  MIN,
  alertsTo,
  forgetCursors,
  inbox,
  linkMentee,
  onboardStudent,
  openCaseId,
  registerHelper,
  resetData,
  say,
  startSupportBot,
  type SupportBot,
} from './support-bot';

const HIGH = '요즘 너무 힘들어서 죽고 싶어';
const WEEKDAY_DAYTIME = [{ days: [1, 2, 3, 4, 5], from: '10:00', to: '18:00' }];

/** A database whose every call fails while `broken` is set (the "cut" of DESIGN.md §5). */
function breakable(db: Database): { db: Database; cut(on: boolean): void } {
  let broken = false;
  const fail = () => Promise.reject(new Error('connection terminated (test cut)'));
  return {
    cut: (on) => void (broken = on),
    db: {
      kind: db.kind,
      query: (text, values) => (broken ? fail() : db.query(text, values)),
      transaction: (work) => (broken ? fail() : db.transaction(work)),
      exec: (script) => (broken ? fail() : db.exec(script)),
      close: () => db.close(),
    } as Database,
  };
}

describeEachDatabase('support escalation ladder', (getDb, target) => {
  let t: SupportBot;
  let clock: FakeClock;
  let cut: (on: boolean) => void;

  beforeEach(async () => {
    await resetData(getDb().db);
    forgetCursors();
    clock = fakeClock('2026-11-28T07:00:00Z'); // Saturday 16:00 in Seoul
    const wrapped = breakable(getDb().db);
    cut = wrapped.cut;
    t = await startSupportBot({ ...getDb(), db: wrapped.db }, clock);
  });
  afterEach(async () => {
    cut(false);
    await t.close();
  });

  /** Mentor (linked to the student), coordinator and staff, all always on duty. */
  async function team(student: string) {
    const mentor = await registerHelper(t.bot.app, {
      name: '지수',
      tier: 'mentor',
      channelUserId: 'mentor-1',
    });
    await registerHelper(t.bot.app, { name: '민호', tier: 'coordinator', channelUserId: 'coord-1' });
    await registerHelper(t.bot.app, { name: '서연', tier: 'staff', channelUserId: 'staff-1' });
    await onboardStudent(t.bot.app, student);
    await linkMentee(t.bot.db, mentor, student);
    await t.bot.runDue(clock.now());
  }

  const at = async (ms: number) => {
    clock.set(new Date(Date.parse('2026-11-28T07:00:00Z') + ms));
    await t.bot.runDue(clock.now());
  };

  it('answers high risk with the crisis lines even with the database cut and no LLM', async () => {
    await team('stu-cut');
    cut(true);
    const seen = await say(t.bot.app, 'stu-new-cut', HIGH);
    cut(false);
    expect(seen).toContain('109');
    expect(seen).toContain('1388');
    expect(seen).toContain('112');
    expect(seen).toContain('선생님께 바로 알렸어요');
    expect(seen).not.toContain('극단적');
  });

  it('pages the mentor and on-duty staff at once for high risk, with the defined content', async () => {
    await team('stu-h');
    const seen = await say(t.bot.app, 'stu-h', HIGH);
    expect(seen).toContain('109');
    expect(seen).toContain('안전한 곳');
    expect(await alertsTo(t.bot.db, 'mentor-1')).toEqual([{ reason: 'new', stage: 0 }]);
    expect(await alertsTo(t.bot.db, 'staff-1')).toEqual([{ reason: 'new', stage: 0 }]);
    expect(await alertsTo(t.bot.db, 'coord-1')).toEqual([]);
    await t.bot.runDue(clock.now());
    const alert = await inbox(t.bot.app, 'mentor-1');
    for (const part of [
      '고위험',
      '담당 멘티 학생',
      '위기 안내(109·1388·112)',
      '경과: 0분',
      '죽고 싶어',
      '(확인(맡을게요))',
      '(위기 안내 다시 보내기)',
      '(코디네이터 도움 요청)',
      '(다른 선생님께 넘기기)',
      '(종료+메모)',
    ]) {
      expect(alert).toContain(part);
    }
    expect(await inbox(t.bot.app, 'staff-1')).toContain('담당이 아닌 학생');
    const audit = await t.bot.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'support_excerpt_shared'`,
    );
    expect(audit.rows[0]).toEqual({ n: 2 });
  });

  it('climbs mentor → coordinator → staff at the deadlines, then the crisis lines again and every channel', async () => {
    await team('stu-l');
    await say(t.bot.app, 'stu-l', '요즘 너무 힘들어');
    expect(await say(t.bot.app, 'stu-l', '1')).toContain('멘토 지수 선생님께 알렸어요');
    expect((await alertsTo(t.bot.db, 'mentor-1')).length).toBe(1);
    await at(29 * MIN);
    expect(await alertsTo(t.bot.db, 'coord-1')).toEqual([]);
    await at(30 * MIN);
    expect(await alertsTo(t.bot.db, 'coord-1')).toEqual([{ reason: 'escalated', stage: 1 }]);
    expect(await alertsTo(t.bot.db, 'staff-1')).toEqual([]);
    await at(60 * MIN);
    expect(await alertsTo(t.bot.db, 'staff-1')).toEqual([{ reason: 'escalated', stage: 2 }]);
    await inbox(t.bot.app, 'stu-l');
    await at(90 * MIN);
    expect(await alertsTo(t.bot.db, 'staff-1')).toEqual([
      { reason: 'escalated', stage: 2 },
      { reason: 'final', stage: 3 },
    ]);
    await t.bot.runDue(clock.now());
    expect(await inbox(t.bot.app, 'stu-l')).toContain('아직 선생님과 연결되지 못했어요');
    await at(300 * MIN);
    expect((await alertsTo(t.bot.db, 'mentor-1')).length).toBe(1);
  });

  it('stops alerting after an acknowledgement at 3 minutes with contact made', async () => {
    await team('stu-a');
    await say(t.bot.app, 'stu-a', HIGH);
    const caseId = await openCaseId(t.bot.db, 'stu-a');
    clock.set(new Date(Date.parse('2026-11-28T07:00:00Z') + 3 * MIN));
    expect(await say(t.bot.app, 'mentor-1', { postback: `support:ack:${caseId}` })).toContain(
      '맡아 주셔서 고마워요',
    );
    expect(await say(t.bot.app, 'mentor-1', '안녕, 이야기해 줘서 고마워. 지금 어디야?')).toContain(
      `학생 #${caseId}에게 보냈어요`,
    );
    expect(await say(t.bot.app, 'mentor-1', '연락함')).toContain("'연락함'을 기록했어요");
    const before = (await t.bot.db.query<{ n: number }>('SELECT count(*)::int AS n FROM support_alerts'))
      .rows[0]?.n;
    for (const minute of [5, 10, 15, 40, 120]) await at(minute * MIN);
    const after = (await t.bot.db.query<{ n: number }>('SELECT count(*)::int AS n FROM support_alerts'))
      .rows[0]?.n;
    expect(after).toBe(before);
    const kinds = (
      await t.bot.db.query<{ kind: string }>(
        'SELECT kind FROM support_case_events WHERE case_id = $1 ORDER BY id',
        [caseId],
      )
    ).rows.map((r) => r.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['opened', 'alerted', 'acknowledged', 'helper_message', 'contacted']),
    );
  });

  it('pages again 30 minutes after an acknowledgement without a "연락함" note', async () => {
    await team('stu-n');
    await say(t.bot.app, 'stu-n', HIGH);
    const caseId = await openCaseId(t.bot.db, 'stu-n');
    clock.set(new Date(Date.parse('2026-11-28T07:00:00Z') + 3 * MIN));
    await say(t.bot.app, 'mentor-1', { postback: `support:ack:${caseId}` });
    await say(t.bot.app, 'mentor-1', '안녕, 나 지수 선생님이야');
    await at(32 * MIN);
    expect((await alertsTo(t.bot.db, 'mentor-1')).map((a) => a.reason)).toEqual(['new']);
    await at(33 * MIN);
    expect((await alertsTo(t.bot.db, 'mentor-1')).map((a) => a.reason)).toEqual(['new', 'no_contact']);
    expect((await alertsTo(t.bot.db, 'staff-1')).map((a) => a.reason)).toEqual(['new', 'no_contact']);
  });

  it('moves to the next channel at once when an alert fails to send', async () => {
    await t.close();
    const failing: ChannelAdapter = {
      channel: 'line',
      sender: { send: async () => ({ status: 'failed', reason: 'blocked: the user blocked the bot' }) },
    };
    t = await startSupportBot(getDb(), clock, { channels: [failing] });
    const mentor = await registerHelper(t.bot.app, {
      name: '지수',
      tier: 'mentor',
      channel: 'line',
      channelUserId: 'U-mentor-line',
    });
    await t.bot.db.query(
      `INSERT INTO identities (channel, channel_user_id, person_id, last_seen_at) VALUES ('web', 'mentor-web', $1, '2020-01-01')`,
      [mentor],
    );
    await onboardStudent(t.bot.app, 'stu-f');
    await linkMentee(t.bot.db, mentor, 'stu-f');
    await t.bot.runDue(clock.now());
    await say(t.bot.app, 'stu-f', HIGH);
    expect((await alertsTo(t.bot.db, 'U-mentor-line')).length).toBe(1);
    await t.bot.runDue(clock.now()); // the LINE send fails
    await t.bot.runDue(clock.now()); // same instant: the next channel
    expect(await alertsTo(t.bot.db, 'mentor-web')).toEqual([{ reason: 'failed_channel', stage: 0 }]);
    await t.bot.runDue(clock.now());
    expect(await inbox(t.bot.app, 'mentor-web')).toContain('다른 연락처로 보낸 알림이 가지 않아');
  });

  it('moves to the next tier at once when a helper has no other channel', async () => {
    await t.close();
    const failing: ChannelAdapter = {
      channel: 'line',
      sender: { send: async () => ({ status: 'failed', reason: 'blocked' }) },
    };
    t = await startSupportBot(getDb(), clock, { channels: [failing] });
    const mentor = await registerHelper(t.bot.app, {
      name: '지수',
      tier: 'mentor',
      channel: 'line',
      channelUserId: 'U-only-line',
    });
    await registerHelper(t.bot.app, { name: '민호', tier: 'coordinator', channelUserId: 'coord-2' });
    await onboardStudent(t.bot.app, 'stu-g');
    await linkMentee(t.bot.db, mentor, 'stu-g');
    await t.bot.runDue(clock.now());
    await say(t.bot.app, 'stu-g', '요즘 너무 힘들어');
    await say(t.bot.app, 'stu-g', '내 멘토');
    await t.bot.runDue(clock.now());
    await t.bot.runDue(clock.now());
    expect(await alertsTo(t.bot.db, 'coord-2')).toEqual([{ reason: 'failed_channel', stage: 1 }]);
  });

  it('keeps deadlines across a restart (a new bot on the same database)', async () => {
    await team('stu-r');
    await say(t.bot.app, 'stu-r', HIGH);
    await t.close();
    t = await startSupportBot(getDb(), clock);
    await at(4 * MIN);
    expect(await alertsTo(t.bot.db, 'coord-1')).toEqual([]);
    await at(5 * MIN);
    expect(await alertsTo(t.bot.db, 'coord-1')).toEqual([{ reason: 'escalated', stage: 1 }]);
  });

  it('tells the honest time at night when nobody is on duty', async () => {
    clock.set('2026-11-28T14:00:00Z'); // Saturday 23:00 in Seoul
    await registerHelper(t.bot.app, {
      name: '서연',
      tier: 'staff',
      channelUserId: 'staff-n',
      hours: WEEKDAY_DAYTIME,
    });
    await onboardStudent(t.bot.app, 'stu-night');
    await t.bot.runDue(clock.now());
    const seen = await say(t.bot.app, 'stu-night', HIGH);
    expect(seen).toContain('지금은 선생님이 없는 시간이라');
    expect(seen).toContain('모레 오전 10시');
    expect(seen).toContain('109');
    expect(seen).not.toContain('바로 알렸어요');
    // Staff are still alerted (they see it when they start) and paged again when their hours begin.
    expect((await alertsTo(t.bot.db, 'staff-n')).map((a) => a.stage)).toEqual([3]);
    clock.set('2026-11-30T01:00:00Z'); // Monday 10:00
    await t.bot.runDue(clock.now());
    expect((await alertsTo(t.bot.db, 'staff-n')).map((a) => a.reason)).toEqual(['new', 'retry']);
  });

  (hasPostgres() && target.name === 'postgres' ? it : it.skip)(
    'never double-alerts with two instances on one PostgreSQL database',
    async () => {
      await team('stu-2');
      await say(t.bot.app, 'stu-2', HIGH);
      const other = await startSupportBot({ ...getDb(), db: getDb().openAnother!() }, clock);
      try {
        clock.set(new Date(Date.parse('2026-11-28T07:00:00Z') + 5 * MIN));
        await Promise.all([
          t.bot.runDue(clock.now()),
          other.bot.runDue(clock.now()),
          t.bot.runDue(clock.now()),
          other.bot.runDue(clock.now()),
        ]);
        expect(await alertsTo(t.bot.db, 'coord-1')).toEqual([{ reason: 'escalated', stage: 1 }]);
        const rows = await t.bot.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox WHERE purpose = 'alert' AND channel_user_id = 'coord-1'`,
        );
        expect(rows.rows[0]?.n).toBe(1);
      } finally {
        await other.close();
      }
    },
  );
});

if (!hasPostgres()) {
  console.info('two-instance test skipped: it needs two real connections (set TEST_DATABASE_URL)');
}
