import { describeEachDatabase } from '../helpers/test-database';
import { playConversation, playTranscript } from '../helpers/transcript';
import { startTranscriptBot, type TranscriptBot } from './channels';
import { consentMidSetup, subscribeAnswerReport, tapsTheRightAnswer, underFourteen } from './quiz';

const WEEK = 7 * 86_400_000;

describeEachDatabase('quiz transcripts on every channel (issue 7)', (getDb) => {
  let t: TranscriptBot;
  beforeAll(async () => {
    t = await startTranscriptBot(getDb());
  });
  afterEach(() => t.assertNoSurprises());
  afterAll(() => t?.close());

  /** Rows the quiz keeps about a channel user. */
  const kept = async (channel: string, channelUserId: string) =>
    (
      await t.bot.db.query<{ answers: number; cards: number; profiles: number }>(
        `SELECT (SELECT count(*) FROM quiz_answers a WHERE a.person_id = i.person_id)::int AS answers,
                (SELECT count(*) FROM quiz_cards c WHERE c.person_id = i.person_id)::int AS cards,
                (SELECT count(*) FROM quiz_profiles p WHERE p.person_id = i.person_id)::int AS profiles
           FROM identities i WHERE i.channel = $1 AND i.channel_user_id = $2`,
        [channel, channelUserId],
      )
    ).rows[0];

  // Each channel gets its own week, so the clock only moves forward through the suite.
  describe.each([
    ['web', 0],
    ['kakao', 1],
    ['line', 2],
  ] as const)('on %s', (name, week) => {
    const channel = () => t.channels.find((c) => c.name === name)!;

    it('subscribe → the next day’s quiz pushed (clock moved, runDue) → answers → my report', async () => {
      const user = `quiz-sub-${name}`;
      // Thursday 16:00 in Seoul.
      await playTranscript(
        t.bot.app,
        channel(),
        user,
        subscribeAnswerReport(t, new Date(Date.parse('2026-11-26T07:00:00Z') + week * WEEK)),
      );
      expect(await kept(name, t.channelUserId(channel(), user))).toMatchObject({ cards: 3, profiles: 1 });
    });

    it('an under-14 student before guardian consent: on-demand quiz, nothing kept', async () => {
      const user = `quiz-kid-${name}`;
      // Monday 15:00 in Seoul.
      await playTranscript(
        t.bot.app,
        channel(),
        user,
        underFourteen(t, new Date(Date.parse('2026-11-30T06:00:00Z') + week * WEEK)),
      );
      expect(await kept(name, t.channelUserId(channel(), user))).toEqual({
        answers: 0,
        cards: 0,
        profiles: 0,
      });
    });
  });

  it('on Kakao, a pushed quiz the student did not open arrives with their next message', async () => {
    const user = 'quiz-unopened-kakao';
    const firstDay = new Date(Date.parse('2026-11-26T07:00:00Z') + 3 * WEEK);
    const nextDay = new Date(firstDay.getTime() + 86_400_000);
    const tick = async (at: Date) => {
      t.clock.set(at);
      await t.bot.runDue(t.clock.now());
    };
    // The same subscription as above, up to "나중에"; then the quiz goes out while they are away.
    const subscribe = subscribeAnswerReport(t, firstDay).slice(0, 13);
    await playTranscript(t.bot.app, t.kakao, user, [
      ...subscribe,
      { before: () => tick(nextDay) },
      { before: () => tick(new Date(nextDay.getTime() + 60_000)) },
      { user: '안녕', expect: ['놓친 메시지가 있어요', '오늘의 퀴즈 왔어요! 3문제', 'Q1/3'] },
      { respond: tapsTheRightAnswer, expect: ['정답이에요!', 'Q2/3'] },
    ]);
    expect(t.fakeKakao.eventSends().filter((r) => JSON.stringify(r.body).includes(user))).toHaveLength(1);
  });

  it('the guardian consents while the grade is asked: the set-up that keeps history, not "보호자 동의 전이라"', async () => {
    // Monday 15:00 in Seoul, in a week of its own.
    const at = new Date(Date.parse('2026-11-30T06:00:00Z') + 4 * WEEK);
    await playConversation(
      t.bot.app,
      {
        student: { channel: t.web, userId: 'quiz-consent-kid' },
        parent: { channel: t.web, userId: 'quiz-consent-parent' },
      },
      consentMidSetup(t, at),
    );
    expect(await kept('web', 'quiz-consent-kid')).toMatchObject({ profiles: 1 });
  });
});
