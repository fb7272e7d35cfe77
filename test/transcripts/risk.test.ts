import { describeEachDatabase } from '../helpers/test-database';
import { playTranscript } from '../helpers/transcript';
import { startTranscriptBot, type TranscriptBot } from './channels';
import {
  askedJoke,
  askedNo,
  askedYes,
  costIsNotHarm,
  cyberbullying,
  disclosureThenJoke,
  inProgress,
} from './risk';

describeEachDatabase('risk screen transcripts on every channel (issue 12)', (getDb) => {
  let t: TranscriptBot;
  beforeAll(async () => {
    t = await startTranscriptBot(getDb());
  });
  // Thursday 2026-12-03 15:00 in Seoul.
  beforeEach(() => t.clock.set('2026-12-03T06:00:00Z'));
  afterEach(() => t.assertNoSurprises());
  afterAll(() => t?.close());

  describe.each(['web', 'kakao', 'line'])('on %s', (name) => {
    const channel = () => t.channels.find((c) => c.name === name)!;
    const user = (story: string) => `risk-${story}-${name}`;
    const stage = {
      async after(ms: number) {
        t.clock.set(new Date(t.clock.now().getTime() + ms));
        await t.bot.runDue(t.clock.now());
      },
    };

    it('the direct question, answered yes', async () => {
      await playTranscript(t.bot.app, channel(), user('yes'), askedYes);
    });
    it('the direct question, answered no', async () => {
      await playTranscript(t.bot.app, channel(), user('no'), askedNo);
    });
    it('the direct question, answered "농담이야", asked once more later', async () => {
      await playTranscript(t.bot.app, channel(), user('joke'), askedJoke(stage));
    });
    it('in progress: 119 and 112 first', async () => {
      await playTranscript(t.bot.app, channel(), user('now'), inProgress);
    });
    it('cyberbullying gets its own lines', async () => {
      await playTranscript(t.bot.app, channel(), user('cyber'), cyberbullying);
    });
    it('a disclosure then "장난이야" keeps the lines in sight', async () => {
      await playTranscript(t.bot.app, channel(), user('prank'), disclosureThenJoke);
    });
    it('the price of joining is a programme question, not harm', async () => {
      await playTranscript(t.bot.app, channel(), user('cost'), costIsNotHarm);
    });
  });
});
