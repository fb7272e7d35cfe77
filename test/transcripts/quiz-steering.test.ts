import { addLink } from '../../bot/people-store';
import { describeEachDatabase } from '../helpers/test-database';
import { playTranscript } from '../helpers/transcript';
import { startTranscriptBot, type TranscriptBot } from './channels';
import { parentMenuScript, pushedScript, spaced, steeringScript, type Noted } from './quiz-steering';

const WEEK = 7 * 86_400_000;

describeEachDatabase('the quiz steered in words on every channel (issue 16)', (getDb) => {
  let t: TranscriptBot;
  beforeAll(async () => {
    t = await startTranscriptBot(getDb());
  });
  afterEach(() => t.assertNoSurprises());
  afterAll(() => t?.close());

  const personOf = async (channel: string, channelUserId: string): Promise<string> => {
    const { rows } = await t.bot.db.query<{ id: string }>(
      'SELECT person_id::text AS id FROM identities WHERE channel = $1 AND channel_user_id = $2',
      [channel, channelUserId],
    );
    if (!rows[0]) throw new Error('no such identity');
    return rows[0].id;
  };

  // Each channel gets its own week, so the clock only moves forward through the suite.
  describe.each([
    ['web', 0],
    ['kakao', 1],
    ['line', 2],
  ] as const)('on %s', (name, week) => {
    const channel = () => t.channels.find((c) => c.name === name)!;
    const student = `steer-${name}`;

    it('set-up, session and settings steered in words; answers kept across every digression', async () => {
      const noted: Noted = {};
      // Tuesday 10:00 in Seoul.
      const morning = new Date(Date.parse('2026-12-08T01:00:00Z') + week * WEEK);
      await playTranscript(t.bot.app, channel(), student, spaced(t, steeringScript(t, morning, noted)));
      const personId = await personOf(name, t.channelUserId(channel(), student));
      const profile = await t.bot.db.query(
        `SELECT grade, subjects, delivery_minute, question_count, status, push_days FROM quiz_profiles WHERE person_id = $1`,
        [personId],
      );
      expect(profile.rows[0]).toEqual({
        grade: '중3',
        subjects: ['국어'],
        delivery_minute: 19 * 60,
        question_count: 5,
        status: 'paused',
        push_days: 'every',
      });
      // "문제 신고" at question 3 reported question 3, the one on screen.
      const reports = await t.bot.db.query<{ item_id: string }>(
        'SELECT item_id FROM quiz_reports WHERE person_id = $1',
        [personId],
      );
      expect(noted.reportedItem).toBeDefined();
      expect(reports.rows.map((r) => r.item_id)).toEqual([noted.reportedItem]);
    });

    it('a pushed question answered by its option text; a later "2" is the answer, not a list pick', async () => {
      // Wednesday 17:00 in Seoul: the first push is Thursday's.
      const afternoon = new Date(Date.parse('2026-12-09T08:00:00Z') + week * WEEK);
      const user = `pushed-${name}`;
      await playTranscript(t.bot.app, channel(), user, spaced(t, pushedScript(t, afternoon)));
      const answers = await t.bot.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM quiz_answers WHERE person_id = $1',
        [await personOf(name, t.channelUserId(channel(), user))],
      );
      expect(answers.rows[0]!.n).toBe(2);
    });

    it('the parent menu offers the child’s weekly summary, shown once the child shares it', async () => {
      const parent = `parent-${name}`;
      await playTranscript(t.bot.app, channel(), parent, spaced(t, parentMenuScript));
      const parentId = await personOf(name, t.channelUserId(channel(), parent));
      const childId = await personOf(name, t.channelUserId(channel(), student));
      await t.bot.db.transaction((tx) => addLink(tx, 'parent_child', parentId, childId, parentId));
      await playTranscript(
        t.bot.app,
        channel(),
        parent,
        spaced(t, [
          {
            user: '자녀 퀴즈 요약',
            expect: ['자녀가 아직 퀴즈 요약 공유를 켜지 않았어요'],
            reject: ['3문제'],
          },
        ]),
      );
      await playTranscript(
        t.bot.app,
        channel(),
        student,
        spaced(t, [{ user: '보호자 공유 켜기', expect: ['보호자께 주간 학습 요약을 보내 드릴게요'] }]),
      );
      await playTranscript(
        t.bot.app,
        channel(),
        parent,
        spaced(t, [
          {
            user: '자녀 퀴즈 요약',
            expect: [
              '자녀의 이번 주 서울런 퀴즈 요약',
              '이번 주 1일 퀴즈를 풀었고, 3문제 중 3문제를 맞혔어요',
              '연속 기록은 1일',
            ],
          },
        ]),
      );
    });
  });
});
