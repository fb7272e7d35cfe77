import type { Reply } from '../../bot/messages';
import { describeEachDatabase } from '../helpers/test-database';
import { playTranscript } from '../helpers/transcript';
import { startTranscriptBot, type TranscriptBot } from './channels';
import {
  about4050,
  answerWithQuestion,
  chineseParent,
  corrects,
  correctsYoungerChild,
  digressionAndShortAnswers,
  factQuestion,
  knowsEverything,
  helpCentreNumber,
  householdAndIncomeInWords,
  knowsNothing,
  medianIncomeQuestion,
  ruleQuestions,
  severalFactsAtOnce,
  studentShortAnswers,
  sundayNight,
  twoChildren,
  vietnameseMother,
  vietnameseMotherTypes,
} from './eligibility';

/** Lines of a reply that start with a verdict mark. */
const verdictLines = (reply: Reply | undefined): string[] =>
  (reply?.messages ?? [])
    .flatMap((m) => (m.type === 'text' ? m.text : `${m.title}\n${m.text}`).split('\n'))
    .filter((l) => /^[✅❓❌]/u.test(l));

describeEachDatabase('eligibility transcripts on every channel (issue 5)', (getDb) => {
  let t: TranscriptBot;
  beforeAll(async () => {
    t = await startTranscriptBot(getDb());
  });
  // Wednesday 2026-11-25 14:00 in Seoul: the help centre is open (the Sunday script moves it).
  beforeEach(() => t.clock.set('2026-11-25T05:00:00Z'));
  afterEach(() => t.assertNoSurprises());
  afterAll(() => t?.close());

  describe.each(['web', 'kakao', 'line'])('on %s', (name) => {
    const channel = () => t.channels.find((c) => c.name === name)!;
    const user = (story: string) => `elig-${story}-${name}`;

    it('a parent who knows everything', async () => {
      await playTranscript(t.bot.app, channel(), user('knows'), knowsEverything);
    });
    it('a parent who knows nothing', async () => {
      await playTranscript(t.bot.app, channel(), user('nothing'), knowsNothing);
    });
    it('a question in the middle of the check, then short answers (issue 13)', async () => {
      await playTranscript(t.bot.app, channel(), user('digress'), digressionAndShortAnswers);
    });
    it('a student with short answers who asks if it is a person (issue 13)', async () => {
      await playTranscript(t.bot.app, channel(), user('short'), studentShortAnswers);
    });
    it('a question about a rule gets the rule and the offer to check (issue 15)', async () => {
      await playTranscript(t.bot.app, channel(), user('fact'), factQuestion);
    });
    it('an answer and a question in one message', async () => {
      await playTranscript(t.bot.app, channel(), user('answer-question'), answerWithQuestion);
    });
    it('a parent who corrects an answer', async () => {
      await playTranscript(t.bot.app, channel(), user('correct'), corrects);
    });
    it('two children: one verdict each, in one reply', async () => {
      const replies = await playTranscript(t.bot.app, channel(), user('two'), twoChildren);
      expect(verdictLines(replies[replies.length - 1])).toHaveLength(2);
    });
    it('several facts in one message: only what is open is asked, then a verdict (issue 15)', async () => {
      await playTranscript(t.bot.app, channel(), user('several'), severalFactsAtOnce);
    });
    it('a correction about the younger child changes that child only (issue 15)', async () => {
      const replies = await playTranscript(t.bot.app, channel(), user('younger'), correctsYoungerChild);
      expect(verdictLines(replies[replies.length - 1])).toHaveLength(2);
    });
    it('the median income for a household size, from the table (issue 15)', async () => {
      await playTranscript(t.bot.app, channel(), user('median'), medianIncomeQuestion);
    });
    it('questions about rules are answered, then the check is offered (issue 15)', async () => {
      await playTranscript(t.bot.app, channel(), user('rules'), ruleQuestions);
    });
    it('asking for a person or the number gets the help centre (issue 15)', async () => {
      await playTranscript(t.bot.app, channel(), user('helpline'), helpCentreNumber);
    });
    it('a Vietnamese mother keeps Vietnamese through the check (issue 15)', async () => {
      await playTranscript(t.bot.app, channel(), user('vi'), vietnameseMother);
    });
    it('a Chinese parent keeps Chinese (issue 15)', async () => {
      await playTranscript(t.bot.app, channel(), user('zh'), chineseParent);
    });
    it('서울런 4050', async () => {
      await playTranscript(t.bot.app, channel(), user('4050'), about4050);
    });
    it('Sunday 23:10, the help centre closed', async () => {
      await playTranscript(t.bot.app, channel(), user('sunday'), sundayNight(t.clock));
    });
  });

  // Web only: the words are the channel-independent part (every channel runs the scripts above).
  it('a Vietnamese mother types a grade and an income in Vietnamese (web)', async () => {
    await playTranscript(t.bot.app, t.web, 'elig-vi-typed', vietnameseMotherTypes);
  });

  it('a household and an income said in words, a miss on the way (issue 13, web)', async () => {
    await playTranscript(t.bot.app, t.web, 'elig-words-web', householdAndIncomeInWords);
  });
});
