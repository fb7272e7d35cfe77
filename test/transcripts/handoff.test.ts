import type { Database } from '../../bot/db/database';
import { addLink } from '../../bot/people-store';
import { ENV, registerHelper } from '../dialogs/support/support-bot';
import { describeEachDatabase } from '../helpers/test-database';
import { playConversation, webChannel } from '../helpers/transcript';
import { startTranscriptBot, type TranscriptBot } from './channels';
import { mentorSilence, relayStopCloseResume, vietnameseHandOff, type HandoffStage } from './handoff';
import { mentorCodeLinkDecline } from './mentors';
import { commandsInRelay } from './support-mode';

const DAY = 86_400_000;

async function personOf(db: Database, channel: string, channelUserId: string): Promise<string> {
  const { rows } = await db.query<{ person_id: string }>(
    'SELECT person_id FROM identities WHERE channel = $1 AND channel_user_id = $2',
    [channel, channelUserId],
  );
  if (!rows[0]) throw new Error(`no ${channel} identity ${channelUserId}`);
  return rows[0].person_id;
}

describeEachDatabase(
  'support handoff transcripts: the student on any channel, the mentor on the web (issue 8)',
  (getDb) => {
    let t: TranscriptBot;
    // Saturday 16:00 in Seoul; every conversation starts a day after the last, so the clock only moves forward.
    let day = Date.parse('2026-11-28T07:00:00Z');
    beforeAll(async () => {
      t = await startTranscriptBot(getDb(), { env: ENV });
      t.clock.set(new Date(day));
      await registerHelper(t.bot.app, { name: '민호', tier: 'coordinator', channelUserId: 'handoff-coord' });
    });
    afterEach(() => t.assertNoSurprises());
    afterAll(() => t?.close());

    /** A fresh mentor and student for one story on one channel. */
    async function stage(story: string, name: string, mentorOn = 'web') {
      day += DAY;
      const start = day;
      t.clock.set(new Date(start));
      const channel = t.channels.find((c) => c.name === name)!;
      const student = `handoff-${story}-${name}`;
      const mentor = `mentor-${story}-${name}`;
      const mentorChannel = t.channels.find((c) => c.name === mentorOn)!;
      const mentorId = await registerHelper(t.bot.app, {
        name: '지수',
        tier: 'mentor',
        channel: mentorOn,
        channelUserId: t.channelUserId(mentorChannel, mentor),
      });
      await t.bot.runDue(t.clock.now());
      const studentPerson = () => personOf(t.bot.db, name, t.channelUserId(channel, student));
      const s: HandoffStage = {
        async at(ms) {
          t.clock.set(new Date(start + ms));
          await t.bot.runDue(t.clock.now());
        },
        tick: () => t.bot.runDue(t.clock.now()),
        async linkToMentor() {
          const person = await studentPerson();
          await t.bot.db.transaction((tx) => addLink(tx, 'mentor_mentee', mentorId, person, 'test'));
          // A 14+ student: history (and so a concern excerpt) may be kept.
          await t.bot.db.query(
            `UPDATE people SET consent = 'adult_or_14plus', age_band = '14to18' WHERE id = $1`,
            [person],
          );
          await t.bot.runDue(t.clock.now());
        },
        async caseStatus() {
          const { rows } = await t.bot.db.query<{ status: string }>(
            'SELECT status FROM support_cases WHERE person_id = $1 ORDER BY id DESC LIMIT 1',
            [await studentPerson()],
          );
          return rows[0]?.status;
        },
      };
      const cast = {
        student: { channel, userId: student },
        mentor: { channel: mentorChannel, userId: mentor },
        coordinator: { channel: webChannel, userId: 'handoff-coord' },
      };
      return { s, cast, studentPerson };
    }

    describe.each(['web', 'kakao', 'line'])('the student on %s', (name) => {
      it('relay both ways, the student stops it, the mentor closes with a note, the bot resumes', async () => {
        const { s, cast, studentPerson } = await stage('relay', name);
        await playConversation(t.bot.app, cast, relayStopCloseResume(s));
        const closed = await t.bot.db.query<{ status: string; close_note: unknown }>(
          'SELECT status, close_note FROM support_cases WHERE person_id = $1',
          [await studentPerson()],
        );
        expect(closed.rows).toEqual([
          { status: 'closed', close_note: { reached: 'yes', safe: 'yes', referred: 'none', followUp: 'no' } },
        ]);
      });

      it('the mentor is silent for 10 minutes: the student is told and the case climbs to the coordinator', async () => {
        const { s, cast } = await stage('silence', name);
        await playConversation(t.bot.app, cast, mentorSilence(s));
      });

      it("a Vietnamese student is told in Vietnamese who takes over, gets the mentor's words and stops the relay (issue 15)", async () => {
        const { s, cast } = await stage('vi', name);
        await playConversation(t.bot.app, cast, vietnameseHandOff(s));
      });

      it('during the relay 도움말, 퀴즈 and 내 정보 삭제 run; the mentor is told the student left, then deleted their data', async () => {
        const { s, cast, studentPerson } = await stage('commands', name);
        let person = '';
        await playConversation(
          t.bot.app,
          cast,
          commandsInRelay(s, async () => {
            person = await studentPerson();
          }),
        );
        // Deleted with the student: their case, its thread, the alerts quoting them.
        const left = await t.bot.db.query(
          `SELECT (SELECT count(*)::int FROM support_cases WHERE person_id = $1) AS cases,
                  (SELECT count(*)::int FROM support_thread WHERE person_id = $1) AS thread,
                  (SELECT count(*)::int FROM outbox WHERE subject_id = $1) AS quoted`,
          [person],
        );
        expect(left.rows).toEqual([{ cases: 0, thread: 0, quoted: 0 }]);
      });

      it('the mentor gives a code from "내 학생 추가"; the student links, asks for their mentor, declines (issue 14)', async () => {
        const { s, cast } = await stage('code', name);
        await playConversation(t.bot.app, cast, mentorCodeLinkDecline(s));
      });
    });

    it('both on Kakao: the mentor gets the alert through the Event API and talks from KakaoTalk too', async () => {
      const { s, cast, studentPerson } = await stage('both-kakao', 'kakao', 'kakao');
      await playConversation(t.bot.app, cast, relayStopCloseResume(s));
      const closed = await t.bot.db.query<{ status: string }>(
        'SELECT status FROM support_cases WHERE person_id = $1',
        [await studentPerson()],
      );
      expect(closed.rows).toEqual([{ status: 'closed' }]);
    });
  },
);
