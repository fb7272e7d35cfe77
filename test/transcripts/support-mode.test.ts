import { caseThread } from '../../dialogs/support/thread';
import { ENV, registerHelper } from '../dialogs/support/support-bot';
import { describeEachDatabase } from '../helpers/test-database';
import { playTranscript, visibleText } from '../helpers/transcript';
import { startTranscriptBot, type TranscriptBot } from './channels';
import {
  afterCrisisAtHome,
  askForPerson,
  personThenCounsellor,
  reportFear,
  vietnameseStudent,
  violenceFollowUp,
} from './support-mode';

describeEachDatabase('support mode transcripts on every channel (issue 14)', (getDb) => {
  let t: TranscriptBot;
  beforeAll(async () => {
    t = await startTranscriptBot(getDb(), { env: ENV });
    // Thursday 2026-12-03 15:00 in Seoul; one counsellor always on duty, on the web.
    t.clock.set('2026-12-03T06:00:00Z');
    await registerHelper(t.bot.app, { name: '하늘', tier: 'staff', channelUserId: 'support-mode-staff' });
    await t.bot.runDue(t.clock.now());
  });
  beforeEach(async () => {
    // Each story alone: earlier stories' cases would keep paging the counsellor, and pages from one
    // address within minutes are grouped without quotes (a flood guard; web tests share 127.0.0.1).
    await t.bot.db.query(`UPDATE support_cases SET status = 'closed', closed_at = $1 WHERE status = 'open'`, [
      t.clock.now(),
    ]);
    t.clock.set(new Date(t.clock.now().getTime() + 86_400_000));
    await t.bot.runDue(t.clock.now());
  });
  afterEach(() => t.assertNoSurprises());
  afterAll(() => t?.close());

  async function caseOf(
    name: string,
    userId: string,
  ): Promise<{ id: string; person: string; botSent: string }> {
    const channel = t.channels.find((c) => c.name === name)!;
    const { rows } = await t.bot.db.query<{ id: string; person_id: string; bot_sent: string }>(
      `SELECT c.id::text AS id, c.person_id, c.bot_sent FROM support_cases c
         JOIN identities i ON i.person_id = c.person_id
        WHERE i.channel = $1 AND i.channel_user_id = $2`,
      [name, t.channelUserId(channel, userId)],
    );
    if (!rows[0]) throw new Error('no case');
    return { id: rows[0].id, person: rows[0].person_id, botSent: rows[0].bot_sent };
  }

  /** The alerts written for a case, as the helper reads them. */
  async function alertsAbout(person: string): Promise<string[]> {
    const { rows } = await t.bot.db.query<{ reply: Parameters<typeof visibleText>[0] }>(
      `SELECT reply FROM outbox WHERE purpose = 'alert' AND subject_id = $1 ORDER BY id`,
      [person],
    );
    return rows.map((r) => visibleText(r.reply));
  }

  describe.each(['web', 'kakao', 'line'])('on %s', (name) => {
    const channel = () => t.channels.find((c) => c.name === name)!;
    const user = (story: string) => `support-mode-${story}-${name}`;

    it('after the crisis reply, "집이에요. 전화는 무서워서 못하겠어요" and "응 내 방이야" are heard and kept in the thread', async () => {
      await playTranscript(t.bot.app, channel(), user('home'), afterCrisisAtHome);
      const c = await caseOf(name, user('home'));
      const thread = await caseThread(t.bot.db, c.id, 'admin:test');
      expect(thread.filter((e) => e.author === 'student').map((e) => e.text)).toEqual([
        '나 진짜 죽고 싶어',
        '집이에요. 전화는 무서워서 못하겠어요',
        '응 내 방이야',
      ]);
      // The alert quotes the student and says exactly what they were sent.
      const [alert] = await alertsAbout(c.person);
      expect(alert).toContain('“나 진짜 죽고 싶어”');
      expect(alert).toContain('위기 안내(109·1388·112)');
      expect(alert).not.toContain('저장하지 않음');
      const reads = await t.bot.db.query(
        `SELECT 1 FROM audit_log WHERE actor = 'admin:test' AND action = 'support_thread_read'`,
      );
      expect(reads.rows.length).toBeGreaterThan(0);
    });

    it('violence at home, then "갈 데가 없어요": 112 and a shelter; the unanswered follow-up leads with 112 and 1366', async () => {
      const after = async (ms: number) => {
        t.clock.set(new Date(t.clock.now().getTime() + ms));
        await t.bot.runDue(t.clock.now());
      };
      await playTranscript(t.bot.app, channel(), user('violence'), violenceFollowUp(after));
      const c = await caseOf(name, user('violence'));
      expect(c.botSent).toBe('crisis_home');
      const [alert] = await alertsAbout(c.person);
      expect(alert).toContain('집에서의 폭력 안내(112·1366·1388)');
      expect(alert).not.toContain('109');
    });

    it('"117에 신고하면 걔네가 알게 돼요?" gets how 117 keeps the name', async () => {
      await playTranscript(t.bot.app, channel(), user('report'), reportFear);
      const c = await caseOf(name, user('report'));
      const [alert] = await alertsAbout(c.person);
      expect(alert).toContain('학교폭력 안내(117·1388·112)');
    });

    it('asking for a person in words opens a case with the choice, paged honestly', async () => {
      const consent = async () => {
        await t.bot.db.query(
          `UPDATE people SET consent = 'adult_or_14plus', age_band = '14to18'
            WHERE id = (SELECT person_id FROM identities WHERE channel = $1 AND channel_user_id = $2)`,
          [name, t.channelUserId(channel(), user('person'))],
        );
      };
      await playTranscript(t.bot.app, channel(), user('person'), askForPerson(consent));
      const c = await caseOf(name, user('person'));
      const thread = await caseThread(t.bot.db, c.id);
      expect(thread.map((e) => e.text)).toContain('그냥 여기서 얘기하면 안돼요? 전화는 싫어요');
    });

    it('a Vietnamese student is heard in Vietnamese after the crisis reply (issue 15)', async () => {
      await playTranscript(t.bot.app, channel(), user('vi'), vietnameseStudent);
    });

    it('"사람이랑 얘기하고 싶어요", a question at the choice, then "상담 선생님이요"', async () => {
      await playTranscript(t.bot.app, channel(), user('counsellor'), personThenCounsellor);
    });
  });
});
