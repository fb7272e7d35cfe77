import { describeEachDatabase } from '../helpers/test-database';
import { playTranscript } from '../helpers/transcript';
import { startTranscriptBot, type TranscriptBot } from './channels';
import type { Reply } from '../../bot/messages';
import {
  aboutItemScript,
  crisisScript,
  guardianCodeForChild,
  menuItemScript,
  parentOpensWithCode,
  questionsAtHostQuestions,
  socialTurnsScript,
  welcomeScript,
} from './host';

const textOf = (reply: Reply | undefined): string =>
  (reply?.messages ?? []).map((m) => (m.type === 'text' ? m.text : `${m.title}\n${m.text}`)).join('\n');

describeEachDatabase('host transcripts on every channel', (getDb) => {
  let t: TranscriptBot;
  beforeAll(async () => {
    t = await startTranscriptBot(getDb());
    t.clock.set('2026-11-25T05:00:00Z'); // Wednesday 14:00 in Seoul
  });
  afterEach(() => t.assertNoSurprises());
  afterAll(() => t?.close());

  describe.each(['web', 'kakao', 'line'])('on %s', (name) => {
    const channel = () => t.channels.find((c) => c.name === name)!;
    it('welcome, who is writing, menu, help, stop', async () => {
      await playTranscript(t.bot.app, channel(), `host-welcome-${name}`, welcomeScript);
    });
    it('a menu item, tapped', async () => {
      await playTranscript(t.bot.app, channel(), `host-item-${name}`, menuItemScript);
    });
    it('the "서울런 안내" menu item answers about Seoul Run', async () => {
      await playTranscript(t.bot.app, channel(), `host-about-${name}`, aboutItemScript);
    });
    it('a question at "who is writing" and at "지울까요?": answered, asked again, then taken (issue 13)', async () => {
      await playTranscript(t.bot.app, channel(), `host-questions-${name}`, questionsAtHostQuestions);
    });
    it('thanks, a second hello, goodbye and "사람이야?" (issue 13)', async () => {
      await playTranscript(t.bot.app, channel(), `host-social-${name}`, socialTurnsScript);
    });
    it('a parent whose first message is the guardian code (issue 13)', async () => {
      const replies = await playTranscript(t.bot.app, channel(), `host-kid-${name}`, guardianCodeForChild);
      const code = /동의 ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2})/.exec(textOf(replies.at(-1)))?.[1];
      expect(code).toBeDefined();
      await playTranscript(t.bot.app, channel(), `host-guardian-${name}`, parentOpensWithCode(code!));
      const kid = await t.bot.db.query<{ consent: string }>(
        `SELECT p.consent FROM people p JOIN identities i ON i.person_id = p.id WHERE i.channel_user_id = $1`,
        [t.channelUserId(channel(), `host-kid-${name}`)],
      );
      expect(kid.rows[0]?.consent).toBe('guardian_confirmed');
    });
    it('the crisis reply, whatever flow the user was in', async () => {
      await playTranscript(t.bot.app, channel(), `host-crisis-${name}`, crisisScript);
    });
  });
});
