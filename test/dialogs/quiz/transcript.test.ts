import request from 'supertest';
import type { Reply } from '../../../bot/messages';
import { buildQuestionBank } from '../../../knowledge/quiz/bank';
import { loadQuizBank } from '../../../knowledge/quiz/full-bank';
import { createQuizCapability } from '../../../dialogs/quiz';
import { describeEachDatabase } from '../../helpers/test-database';
import { startTestBot, type TestBot } from '../../helpers/test-bot';
import { playTranscript, visibleText, webChannel } from '../../helpers/transcript';
import { fixtureBank } from './helpers';

const realBank = loadQuizBank();

/** The right answer to the question shown in `reply`, as a postback (buttons) or typed text. */
function rightAnswer(reply: Reply, bank = realBank): { postback?: string; text?: string; itemId: string } {
  const button = reply.quickReplies.find((q) => q.postback.startsWith('quiz:answer:'));
  if (!button) throw new Error(`no question in:\n${visibleText(reply)}`);
  const itemId = button.postback.split(':')[2] as string;
  const item = bank.byId.get(itemId)!;
  return item.choices
    ? { postback: `quiz:answer:${itemId}:${item.answer}`, itemId }
    : { text: String(item.numericAnswer), itemId };
}

/** These transcripts test the quiz, not the per-user rate limit (10 messages in a burst). */
function allowFastTyping(t: TestBot): void {
  (t.bot.limiter as { allow: () => boolean }).allow = () => true;
}

async function inbox(t: TestBot, userId: string, after = '0'): Promise<{ reply: Reply; cursor: string }> {
  const res = await request(t.bot.app).get('/api/web/messages').query({ userId, after });
  expect(res.status).toBe(200);
  return {
    reply: { messages: res.body.messages, quickReplies: res.body.quickReplies },
    cursor: res.body.cursor,
  };
}

describeEachDatabase('quiz transcripts on the web channel', (getDb) => {
  let t: TestBot;
  beforeAll(async () => {
    t = await startTestBot(getDb(), { plugins: { capabilities: (deps) => [createQuizCapability(deps)] } });
    allowFastTyping(t);
  });
  afterAll(() => t.close());

  it('subscribe → next day’s pushed quiz → answer (tapped, typed, 모르겠어요) → my learning report', async () => {
    t.clock.set('2026-11-26T07:00:00Z'); // Thursday 16:00 in Seoul
    const user = 'quiz-sub-1';
    await playTranscript(t.bot.app, webChannel, user, [
      { user: '안녕하세요', expect: ['누가 이야기하고'] },
      { user: '1', expect: ['(오늘의 퀴즈)'] },
      { user: '퀴즈 설정', expect: ['나이가 어떻게'] },
      { user: '2', expect: ['몇 학년이에요', '(중2)'] },
      { user: '중학교 2학년', expect: ['어떤 과목', '지금 고른 것: 아직 없음'] },
      { tap: '수학', expect: ['지금 고른 것: 수학'] },
      { user: '과학', expect: ['지금 고른 것: 수학, 과학'] },
      { user: '다 골랐어요', expect: ['몇 시에 보내'] },
      { user: '밤 10시', expect: ['밤 9시 전까지만'] },
      { user: '4시', expect: ['몇 문제가 좋아요'] },
      { user: '3', expect: ['설정 끝!', '중2 · 수학·과학', '매일 오후 4시에 3문제', '첫 퀴즈는 내일'] },
      { user: '나중에', expect: ['멈췄어요'] },
    ]);
    // Today's 16:00 has passed when they subscribed: nothing today.
    await t.bot.runDue(t.clock.now());
    const { cursor } = await inbox(t, user);
    expect((await inbox(t, user, cursor ?? '0')).reply.messages).toHaveLength(0);

    t.clock.set('2026-11-27T07:00:00Z'); // Friday 16:00 (a school day: pushes go out)
    await t.bot.runDue(t.clock.now());
    const pushed = (await inbox(t, user, cursor ?? '0')).reply;
    expect(visibleText(pushed)).toContain('오늘의 퀴즈 왔어요! 3문제');
    expect(visibleText(pushed)).toMatch(/Q1\/3 · (수학|과학) 중2/);
    await t.bot.runDue(t.clock.now()); // a second tick sends nothing more
    expect((await inbox(t, user, (await inbox(t, user, cursor ?? '0')).cursor)).reply.messages).toHaveLength(
      0,
    );

    t.clock.advance(10 * 60_000);
    const first = rightAnswer(pushed);
    const second = await webChannel.send(
      t.bot.app,
      user,
      first.postback ? { postback: first.postback } : { text: first.text },
    );
    expect(visibleText(second)).toContain('정답이에요!');
    expect(visibleText(second)).toContain('Q2/3');
    const typed = rightAnswer(second);
    const item = realBank.byId.get(typed.itemId)!;
    const third = await webChannel.send(t.bot.app, user, {
      text: item.choices ? `${item.answer}번` : String(item.numericAnswer),
    });
    expect(visibleText(third)).toContain('정답이에요!');
    expect(visibleText(third)).toContain('Q3/3');
    const done = await webChannel.send(t.bot.app, user, { text: '모르겠어요' });
    expect(visibleText(done)).toContain('괜찮아요! 정답:');
    expect(visibleText(done)).toContain('끝! 3문제 중 2개 맞혔어요');
    expect(visibleText(done)).toContain('🔥 오늘부터 연속 기록 시작!');

    await playTranscript(t.bot.app, webChannel, user, [
      {
        user: '내 학습 리포트',
        expect: ['내 학습 리포트 (최근 7일)', /(수학|과학): \d문제 중/, '🔥 연속 1일', '추천:'],
      },
      { user: '퀴즈', expect: ['오늘의 퀴즈는 벌써 다 풀었어요'] },
    ]);
    const stored = await getDb().db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM quiz_cards c JOIN identities i ON i.person_id = c.person_id WHERE i.channel_user_id = $1`,
      [user],
    );
    expect(stored.rows[0]!.n).toBe(3);
  });

  it('an under-14 user before guardian consent: an on-demand quiz, graded but nothing stored, no subscription', async () => {
    t.clock.set('2026-11-30T06:00:00Z');
    const user = 'quiz-kid-1';
    const replies = await playTranscript(t.bot.app, webChannel, user, [
      { user: '안녕', expect: ['누가 이야기하고'] },
      { user: '학생이에요', expect: ['무엇을 도와줄까요'] },
      { user: '퀴즈 풀래', expect: ['나이가 어떻게'] },
      { user: '1', expect: ['보호자 동의', '몇 학년이에요'] },
      { user: '초6', expect: ['보호자 동의 전이라 푼 기록은 저장하지 않아요', 'Q1/3'] },
    ]);
    let last = replies[replies.length - 1]!;
    for (let i = 0; i < 3; i += 1) {
      const answer = rightAnswer(last);
      last = await webChannel.send(
        t.bot.app,
        user,
        answer.postback ? { postback: answer.postback } : { text: answer.text },
      );
      expect(visibleText(last)).toContain('정답이에요!');
    }
    expect(visibleText(last)).toContain('3문제 모두 맞혔어요');
    expect(visibleText(last)).toContain('(기록은 저장하지 않아요)');
    await playTranscript(t.bot.app, webChannel, user, [
      { user: '문제 신고', expect: ['어떤 점이 이상했어요'] },
      { user: '2', expect: ['알려 줘서 고마워요'] },
      { user: '퀴즈 설정', expect: ['보호자 동의 뒤에'], reject: ['몇 학년이에요'] },
    ]);
    const rows = await getDb().db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM quiz_answers a WHERE a.person_id = i.person_id)::int
            + (SELECT count(*) FROM quiz_cards c WHERE c.person_id = i.person_id)::int
            + (SELECT count(*) FROM quiz_profiles p WHERE p.person_id = i.person_id)::int AS n
         FROM identities i WHERE i.channel_user_id = $1`,
      [user],
    );
    expect(rows.rows[0]!.n).toBe(0);
  });
});

describeEachDatabase('quiz grading of old, replaced and stale questions', (getDb) => {
  let t: TestBot;
  // The fixture bank plus three more 중1 items, so "더 풀기" has new 중1 questions to replace the
  // quiz with (neighbouring grades come in only after every 중1 item is really answered).
  const fixture = fixtureBank();
  const bank = buildQuestionBank([
    ...fixture.items,
    ...fixture.itemsFor('수학', '중1').map((item, i) => ({ ...item, id: `${item.id}-more-${i + 1}` })),
  ]);
  beforeAll(async () => {
    t = await startTestBot(getDb(), {
      plugins: { capabilities: (deps) => [createQuizCapability(deps, { bank })] },
    });
    allowFastTyping(t);
  });
  afterAll(() => t.close());

  it('grades each button against its own question; a finished quiz’s button changes nothing', async () => {
    t.clock.set('2026-12-01T01:00:00Z'); // 10:00 Seoul
    const user = 'quiz-old-1';
    await playTranscript(t.bot.app, webChannel, user, [
      { user: '안녕', expect: ['누가'] },
      { user: '1' },
      { user: '퀴즈 설정', expect: ['나이가'] },
      { user: '만 14~18세', expect: ['몇 학년'] },
      { user: '중1' },
      { user: '수학 과학', expect: ['몇 시에'] },
      { user: '3', expect: ['몇 문제'] }, // the third button: 오후 8시
      { user: '3문제', expect: ['설정 끝!', '오후 8시'] },
    ]);
    const start = await webChannel.send(t.bot.app, user, { text: '지금 풀기' });
    expect(visibleText(start)).toContain('Q1/3');
    const q1 = rightAnswer(start, bank);
    const afterQ1 = await webChannel.send(
      t.bot.app,
      user,
      q1.postback ? { postback: q1.postback } : { text: q1.text },
    );
    expect(visibleText(afterQ1)).toContain('Q2/3');
    const q2 = rightAnswer(afterQ1, bank);

    // The first question's button again: graded against it, recorded once, current question kept.
    const again = await webChannel.send(t.bot.app, user, { postback: `quiz:answer:${q1.itemId}:1` });
    expect(visibleText(again)).toContain('이미 답했어요');
    expect(visibleText(again)).toContain('Q2/3');

    // The quiz is replaced by "더 풀기" before question 2 was answered …
    const replaced = await webChannel.send(t.bot.app, user, { postback: 'quiz:more' });
    expect(visibleText(replaced)).toContain('더 가 볼까요');
    // 중1 is not used up (two of its items are still unanswered): no other grade, no praise.
    expect(visibleText(replaced)).not.toContain('중2');
    expect(visibleText(replaced)).not.toMatch(/풀었어요|대단해요/);
    // … and question 2's button still grades question 2, not the current one.
    const item2 = bank.byId.get(q2.itemId)!;
    const late = await webChannel.send(
      t.bot.app,
      user,
      item2.choices
        ? { postback: `quiz:answer:${q2.itemId}:${item2.answer}` }
        : { postback: `quiz:answer:${q2.itemId}:0` },
    );
    expect(visibleText(late)).toContain('지난 문제에 답했네요');
    expect(visibleText(late)).toContain(item2.explanation);
    expect(visibleText(late)).toContain('하던 문제로 돌아가요');

    // Pressed again: that quiz is finished for this question — verdict only, nothing changes.
    const before = await getDb().db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM quiz_answers a JOIN identities i ON i.person_id = a.person_id WHERE i.channel_user_id = $1`,
      [user],
    );
    const stale = await webChannel.send(t.bot.app, user, { postback: `quiz:answer:${q2.itemId}:1` });
    expect(visibleText(stale)).toContain('이 퀴즈는 이미 끝났어요');
    const afterStale = await getDb().db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM quiz_answers a JOIN identities i ON i.person_id = a.person_id WHERE i.channel_user_id = $1`,
      [user],
    );
    expect(afterStale.rows[0]!.n).toBe(before.rows[0]!.n);
    expect(before.rows[0]!.n).toBe(2);

    // "문제 신고" reaches the operators' review list.
    await playTranscript(t.bot.app, webChannel, user, [
      { user: '문제 신고', expect: ['어떤 점이 이상했어요'] },
      { user: '1', expect: ['알려 줘서 고마워요'] },
    ]);
  });
});
