import { describeEachDatabase } from '../helpers/test-database';
import { playTranscript } from '../helpers/transcript';
import { startTranscriptBot, type TranscriptBot } from './channels';
import { aboutItemScript, crisisScript, menuItemScript, welcomeScript } from './host';

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
    // Bug: no capability claims the menu postback `knowledge:about`, so the item answers the
    // host's "곧 열려요" placeholder. Flip to `it` once dialogs/knowledge claims it.
    it('the "서울런 안내" menu item answers about Seoul Run', async () => {
      await playTranscript(t.bot.app, channel(), `host-about-${name}`, aboutItemScript);
    });
    it('the crisis reply, whatever flow the user was in', async () => {
      await playTranscript(t.bot.app, channel(), `host-crisis-${name}`, crisisScript);
    });
  });
});
