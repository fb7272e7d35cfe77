import { performance } from 'node:perf_hooks';
import request from 'supertest';
import type { Capability } from '../../../bot/capability';
import type { Database } from '../../../bot/db/database';
import type { TurnContext, TurnResult } from '../../../bot/dialog';
import type { Reply } from '../../../bot/messages';
import { createKakaoChannel } from '../../../integrations/kakao/kakao-channel';
import { KAKAO_MORE_POSTBACK } from '../../../integrations/kakao/render';
import type { TemplateResponse } from '../../../integrations/kakao/response-schema';
import { startFakeKakao, type FakeKakao } from '../../fakes/fake-kakao';
import { startTestBot, type TestBot } from '../../helpers/test-bot';
import { describeEachDatabase } from '../../helpers/test-database';
import { playTranscript, visibleText, webChannel, type Exchange } from '../../helpers/transcript';
import { expectValidSkillResponse, fixture, fixtureNames, type FixtureJson } from './helpers';
import { kakaoTranscriptChannel, replyOf, skillPayload } from './kakao-transcript';

const SECRET = 'kakao-skill-secret-for-tests';
const BOT_ID = '65f0a1b2c3d4e5f600000000';
const FIXTURE_USER = '9f2c0c5e0d1b4a7e8c3f6a1b2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071';

/**
 * A capability standing in for the knowledge answer: "느린 질문" uses the "LLM" only when the turn
 * has a slow-work budget (waiting on a gate the test opens), else answers offline at once;
 * "느린 실패" throws after the gate; "긴 답" answers with five bubbles (more than Kakao's three).
 */
function createSlowCapability() {
  let open: () => void = () => undefined;
  let gate = Promise.resolve();
  const reply = (...texts: string[]): Reply => ({
    messages: texts.map((text) => ({ type: 'text' as const, text })),
    quickReplies: [],
  });
  async function handle(ctx: TurnContext): Promise<TurnResult> {
    const text = ctx.input.text;
    if (text.startsWith('긴 답')) {
      return { reply: reply('첫째 말', '둘째 말', '셋째 말', '넷째 말', '다섯째 말'), state: ctx.state };
    }
    if (ctx.slowWorkBudgetMs <= 0) {
      return { reply: reply('오프라인 답: 학습상담센터에 물어보세요.'), state: ctx.state };
    }
    await gate;
    if (text.startsWith('느린 실패')) throw new Error('the LLM failed after the deadline');
    return { reply: reply('LLM 답: 멘토링은 홈페이지에서 신청해요.'), state: ctx.state };
  }
  const capability: Capability = {
    name: 'slow-test',
    flows: [
      {
        name: 'slow-test',
        acceptsVersion: () => true,
        step: async () => null,
        intents: [
          {
            name: 'test.slow',
            match: (ctx) => (/^(느린 질문|느린 실패|긴 답)/.test(ctx.input.text) ? 1 : 0),
            handle,
          },
        ],
      },
    ],
  };
  return {
    capability,
    /** Closes the gate: slow turns wait until `release()`. */
    hold() {
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    release: () => open(),
  };
}

/** Rows in every table a request could write to. */
async function countRows(db: Database): Promise<Record<string, number>> {
  const tables = [
    'people',
    'identities',
    'inbound_events',
    'message_log',
    'dialog_states',
    'outbox',
    'kakao_overflow',
    'kakao_held',
    'kakao_event_tasks',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = rows[0]?.n ?? -1;
  }
  return counts;
}

async function waitFor(condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const post = (t: TestBot, body: unknown) =>
  request(t.bot.app)
    .post('/webhooks/kakao')
    .set('x-skill-secret', SECRET)
    .send(body as object);

/** Posts, checks HTTP 200 and the response schema, returns the body. */
async function say(t: TestBot, body: FixtureJson): Promise<TemplateResponse> {
  const res = await post(t, body);
  expect(res.status).toBe(200);
  expectValidSkillResponse(res.body);
  return res.body as TemplateResponse;
}

const textOf = (response: TemplateResponse): string => visibleText(replyOf(response));

/** The host's transcripts (same scripts as test/integrations/web). */
const hostScripts: Record<string, Exchange[]> = {
  welcome: [
    {
      user: '안녕하세요',
      expect: ['AI 도우미', '주민등록번호·비밀번호·돈', '누가 이야기하고', '(학부모예요)'],
    },
    { user: '2', expect: ['학부모님', '1. 자격 확인', '(자녀 퀴즈 요약)'] },
    { user: '처음으로', expect: ['무엇을 도와드릴까요'] },
    { user: '도움말', expect: ['내 정보 삭제'] },
    { user: '그만', expect: ['하던 이야기는 없어요'] },
  ],
  tapping: [
    { user: '안녕하세요', expect: ['누가 이야기하고'] },
    { tap: '학부모', expect: ['학부모님'] },
    { tap: '서울런 안내' },
  ],
  crisis: [{ user: '요즘 너무 힘들어서 죽고 싶어', expect: ['109', '1388', '112'] }],
};

describeEachDatabase('Kakao channel through the app', (getDb) => {
  let t: TestBot;
  let fast: TestBot;
  let events: TestBot;
  let kakao: FakeKakao;
  const slow = createSlowCapability();
  const env = {
    KAKAO_SKILL_SECRET: SECRET,
    KAKAO_BOT_ID: BOT_ID,
    KAKAO_CALLBACK_HOSTS: '*.kakao.com,127.0.0.1',
  };

  beforeAll(async () => {
    kakao = await startFakeKakao();
    t = await startTestBot(getDb(), {
      env,
      plugins: {
        capabilities: () => [slow.capability],
        // Not a deadline test: a loaded machine must not push ordinary answers to "still working".
        channels: (d) => [createKakaoChannel(d, { settleMs: 50, syncBudgetMs: 60_000 })],
      },
    });
    // A short sync budget: the deadline is tested without waiting seconds.
    fast = await startTestBot(getDb(), {
      env: { ...env, KAKAO_SYNC_BUDGET_MS: '300' },
      plugins: {
        capabilities: () => [slow.capability],
        channels: (d) => [createKakaoChannel(d, { settleMs: 50, callbackWindowMs: 3000 })],
      },
    });
    events = await startTestBot(getDb(), {
      env: { ...env, KAKAO_REST_API_KEY: 'rest-api-key-for-tests', KAKAO_API_BASE_URL: kakao.baseUrl },
      plugins: { channels: (d) => [createKakaoChannel(d, { settleMs: 50, syncBudgetMs: 60_000 })] },
    });
  });
  afterEach(() => {
    slow.release();
    kakao.assertNoSurprises();
  });
  afterAll(async () => {
    slow.release();
    for (const bot of [t, fast, events]) await bot?.close();
    await kakao?.close();
  });

  describe('fixtures', () => {
    it.each(fixtureNames())('%s: HTTP 200 and a valid SkillResponse', async (name) => {
      const body = fixture(name);
      // Never let a test reach the real Kakao: the callback URL points at the fake.
      if (body.userRequest.callbackUrl) body.userRequest.callbackUrl = kakao.callbackUrl(`fixture-${name}`);
      const response = await say(t, body);
      expect(JSON.stringify(response)).not.toContain('useCallback');
      expect(response.template.outputs.length).toBeGreaterThan(0);
    });

    it('an upload gets the media sentence and nothing is stored', async () => {
      const body = fixture('image-message');
      body.userRequest.user.id = 'kakao-media-user';
      const before = await countRows(getDb().db);
      const response = await say(t, body);
      expect(textOf(response)).toContain(t.bot.texts.ko.t('kakao.media.image'));
      expect(await countRows(getDb().db)).toEqual(before);
    });

    it('a user who is not a channel friend is marked unreachable', async () => {
      const body = fixture('not-a-friend');
      await say(t, body);
      const { rows } = await getDb().db.query<{ reachable: boolean }>(
        `SELECT reachable FROM identities WHERE channel = 'kakao' AND channel_user_id = $1`,
        [body.userRequest.user.id],
      );
      expect(rows).toEqual([{ reachable: false }]);
    });

    it('the dev channel bot id with "!" passes the bot check', async () => {
      await say(t, fixture('dev-channel'));
    });
  });

  describe('refused requests: 4xx with a reason, no turn, no database write', () => {
    const cases: [string, (b: FixtureJson) => request.Test, number, RegExp][] = [
      ['no secret header', (b) => request(t.bot.app).post('/webhooks/kakao').send(b), 401, /X-Skill-Secret/],
      [
        'a wrong secret',
        (b) => request(t.bot.app).post('/webhooks/kakao').set('x-skill-secret', 'wrong').send(b),
        401,
        /X-Skill-Secret/,
      ],
      ['another bot', (b) => post(t, { ...b, bot: { id: 'someone-elses-bot' } }), 403, /bot\.id/],
      [
        'malformed JSON',
        () =>
          request(t.bot.app)
            .post('/webhooks/kakao')
            .set('x-skill-secret', SECRET)
            .set('content-type', 'application/json')
            .send('{"userRequest": '),
        400,
        /JSON/,
      ],
      ['a 2 MB body', (b) => post(t, { ...b, padding: 'x'.repeat(2 * 1024 * 1024) }), 413, /too large/],
      ['a payload missing userRequest', (b) => post(t, { ...b, userRequest: undefined }), 400, /userRequest/],
      ['a JSON array', () => post(t, [1, 2]), 400, /JSON object/],
    ];
    it.each(cases)('%s', async (_name, send, status, reason) => {
      const body = skillPayload('kakao-refused-user', '서울런 신청 방법 알려주세요');
      const before = await countRows(getDb().db);
      const res = await send(body);
      expect(res.status).toBe(status);
      expect(res.body.error).toMatch(reason);
      expect(await countRows(getDb().db)).toEqual(before);
    });
  });

  describe('host transcripts pass through Kakao unchanged', () => {
    const kakaoChannel = kakaoTranscriptChannel(SECRET);
    it.each(Object.keys(hostScripts))('%s', async (name) => {
      const script = hostScripts[name] as Exchange[];
      const onWeb = await playTranscript(t.bot.app, webChannel, `web-${name}`, script);
      const onKakao = await playTranscript(t.bot.app, kakaoChannel, `kakao-${name}`, script);
      // Same words: Kakao may split or fold (and adds visible ☎ lines for PC KakaoTalk), but loses nothing.
      const words = (replies: Reply[]) =>
        replies.map((r) =>
          r.messages
            .map((m) => (m.type === 'text' ? m.text : `${m.title}${m.text}`))
            .join('')
            .replace(/☎\s*[0-9-]+/g, '')
            .replace(/\s+/g, ''),
        );
      expect(words(onKakao)).toEqual(words(onWeb));
    });
  });

  describe('"더 보기"', () => {
    it('an answer longer than three bubbles continues behind 더 보기, typed or tapped', async () => {
      const user = 'kakao-more-user';
      await say(t, skillPayload(user, '안녕하세요'));
      const first = await say(t, skillPayload(user, '긴 답 주세요'));
      expect(first.template.outputs).toHaveLength(3);
      const more = first.template.quickReplies?.find((q) => q.extra?.postback === KAKAO_MORE_POSTBACK);
      expect(more).toBeDefined();
      const second = await say(t, skillPayload(user, '더 보기'));
      expect(textOf(second)).toContain('넷째 말');
      expect(textOf(second)).toContain('다섯째 말');
      // Nothing left: "더 보기" typed again is an ordinary turn, not an old page.
      const third = await say(
        t,
        skillPayload(user, '더 보기', { extra: { postback: KAKAO_MORE_POSTBACK, page: 'x' } }),
      );
      expect(textOf(third)).not.toContain('넷째 말');
    });
  });

  describe('double taps', () => {
    it('a second identical request inside the window gets the first answer and runs no turn', async () => {
      const user = 'kakao-double-tap';
      await say(t, skillPayload(user, '안녕하세요'));
      const body = skillPayload(user, '1', { postback: 'core:audience:student' });
      const [a, b] = await Promise.all([say(t, body), say(t, body)]);
      expect(b).toEqual(a);
      const { rows } = await getDb().db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM inbound_events WHERE channel = 'kakao' AND channel_user_id = $1`,
        [user],
      );
      expect(rows[0]?.n).toBe(2);
    });

    it('never suppresses a risk hit', async () => {
      const user = 'kakao-double-crisis';
      const body = skillPayload(user, '죽고 싶어');
      const first = await say(t, body);
      const second = await say(t, body);
      expect(textOf(first)).toContain('109');
      expect(textOf(second)).toContain('109');
    });
  });

  describe('the deadline (sync budget 300 ms, fake callback server on 127.0.0.1)', () => {
    it('a slow LLM turn answers useCallback inside the budget, then exactly one POST with a valid template', async () => {
      slow.hold();
      const url = kakao.callbackUrl('slow-ok');
      const started = performance.now();
      const res = await post(
        fast,
        skillPayload('kakao-slow-1', '느린 질문: 멘토링 신청은?', { callbackUrl: url }),
      );
      const elapsed = performance.now() - started;
      expect(res.status).toBe(200);
      expectValidSkillResponse(res.body);
      expect(res.body).toEqual({
        version: '2.0',
        useCallback: true,
        data: { text: fast.bot.texts.ko.t('kakao.waiting') },
      });
      expect(elapsed).toBeLessThan(1000);
      expect(kakao.callbacks()).toHaveLength(0);
      slow.release();
      await waitFor(() => kakao.callbacks().some((c) => c.url.endsWith('/slow-ok'))).catch((e) => {
        console.log(fast.logs.join(''), JSON.stringify(kakao.requests.map((r) => r.url)));
        throw e;
      });
      await new Promise((r) => setTimeout(r, 200));
      const posted = kakao.callbacks().filter((c) => c.url.endsWith('/slow-ok'));
      expect(posted).toHaveLength(1);
      expectValidSkillResponse(posted[0]?.body);
      expect(JSON.stringify(posted[0]?.body)).toContain('LLM 답');
      expect(posted[0]?.url).toBe(new URL(url).pathname);
    });

    it('a turn that throws after the deadline: the callback carries an apology', async () => {
      slow.hold();
      const url = kakao.callbackUrl('slow-throw');
      const res = await post(fast, skillPayload('kakao-slow-2', '느린 실패 질문', { callbackUrl: url }));
      expect(res.body.useCallback).toBe(true);
      slow.release();
      await waitFor(() => kakao.callbacks().some((c) => c.url.endsWith('/slow-throw')));
      const [posted] = kakao.callbacks().filter((c) => c.url.endsWith('/slow-throw'));
      expectValidSkillResponse(posted?.body);
      expect(JSON.stringify(posted?.body)).toContain(fast.bot.texts.ko.t('core.apology'));
    });

    it('a callback host outside the list: no POST, the offline answer at once', async () => {
      slow.hold();
      const allowed = kakao.callbackUrl('not-allowed');
      const foreign = allowed.replace('127.0.0.1', 'localhost');
      const res = await post(fast, skillPayload('kakao-slow-3', '느린 질문 하나', { callbackUrl: foreign }));
      expectValidSkillResponse(res.body);
      expect(textOf(res.body)).toContain('오프라인 답');
      await new Promise((r) => setTimeout(r, 300));
      expect(kakao.callbacks().filter((c) => c.url.endsWith('/not-allowed'))).toHaveLength(0);
    });

    it('no callbackUrl: the LLM is not started, the offline answer comes inside the budget', async () => {
      slow.hold();
      const started = performance.now();
      const response = await say(fast, skillPayload('kakao-slow-4', '느린 질문 둘'));
      expect(performance.now() - started).toBeLessThan(1000);
      expect(textOf(response)).toContain('오프라인 답');
    });

    it('Kakao refuses the callback: the answer is kept and shown at the next message', async () => {
      slow.hold();
      const user = 'kakao-slow-5';
      const url = kakao.callbackUrl('slow-fail', {
        status: 'FAIL',
        message: 'Invalid callback token. Check your callback token.',
      });
      const res = await post(fast, skillPayload(user, '느린 질문 셋', { callbackUrl: url }));
      expect(res.body.useCallback).toBe(true);
      slow.release();
      await waitFor(async () => {
        const { rows } = await getDb().db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM kakao_held WHERE channel_user_id = $1',
          [user],
        );
        return rows[0]?.n === 1;
      });
      const next = replyOf(await say(fast, skillPayload(user, '처음으로')));
      expect(visibleText(next)).toContain('놓친 메시지가 있어요');
      // The held answer may continue behind "더 보기": nothing is lost.
      const seen = await kakaoTranscriptChannel(SECRET).send(fast.bot.app, user, {
        postback: KAKAO_MORE_POSTBACK,
      });
      expect(`${visibleText(next)}\n${visibleText(seen)}`).toContain('LLM 답');
      expect(kakao.callbacks().filter((c) => c.url.endsWith('/slow-fail'))).toHaveLength(1);
    });

    it('the crisis reply is in the synchronous answer even with a callback URL', async () => {
      const url = kakao.callbackUrl('crisis-unused');
      const response = await say(
        fast,
        skillPayload('kakao-slow-6', '너무 힘들어 죽고 싶어', { callbackUrl: url }),
      );
      expect(textOf(response)).toContain('109');
      await new Promise((r) => setTimeout(r, 200));
      expect(kakao.callbacks().filter((c) => c.url.endsWith('/crisis-unused'))).toHaveLength(0);
    });
  });

  describe('proactive messages', () => {
    const queued: Reply = {
      messages: [{ type: 'text', text: '오늘의 퀴즈가 준비됐어요.' }],
      quickReplies: [],
    };
    async function enqueue(bot: TestBot, user: string, key: string): Promise<void> {
      const { rows } = await getDb().db.query<{ person_id: string }>(
        `SELECT person_id FROM identities WHERE channel = 'kakao' AND channel_user_id = $1`,
        [user],
      );
      await getDb().db.transaction((tx) =>
        bot.bot.outbox.enqueue(tx, {
          personId: rows[0]?.person_id ?? null,
          channel: 'kakao',
          channelUserId: user,
          reply: queued,
          purpose: 'quiz',
          idempotencyKey: key,
        }),
      );
    }
    const outboxRow = async (key: string) =>
      (
        await getDb().db.query<{ status: string; receipt: string | null }>(
          'SELECT status, receipt FROM outbox WHERE idempotency_key = $1',
          [key],
        )
      ).rows[0];

    it('with the Event API: event sent, the event block serves the row, the task confirms it', async () => {
      const user = 'kakao-proactive-friend';
      await say(events, skillPayload(user, '안녕하세요'));
      await enqueue(events, user, 'quiz:kakao-proactive-friend:1');
      kakao.expectEventSend({ body: { taskId: 'task-proactive-1', status: 'SUCCESS', timestamp: 1 } });
      await events.bot.runDue(events.clock.now());
      expect(kakao.eventSends()).toHaveLength(1);
      expect(kakao.eventSends()[0]?.body).toMatchObject({ user: [{ type: 'botUserKey', id: user }] });
      expect((await outboxRow('quiz:kakao-proactive-friend:1'))?.status).toBe('pending');

      const block = fixture('event-block');
      block.userRequest.user.id = user;
      const served = await say(events, block);
      expect(textOf(served)).toContain('오늘의 퀴즈가 준비됐어요.');

      kakao.setTask('task-proactive-1', {
        taskId: 'task-proactive-1',
        status: 'ALL SUCCESS',
        allRequestCount: 1,
        successCount: 1,
      });
      events.clock.advance(15_000);
      await events.bot.runDue(events.clock.now());
      expect(await outboxRow('quiz:kakao-proactive-friend:1')).toEqual({
        status: 'sent',
        receipt: 'kakao-task:task-proactive-1',
      });
      expect((await events.bot.metrics.kakaoProactive.get()).values[0]?.value).toBe(1);
      // A second event-block request has nothing left to serve.
      expect(textOf(await say(events, block))).toContain(events.bot.texts.ko.t('kakao.nothingNew'));
    });

    it('a non-friend is not sent an event: the message waits for the next message', async () => {
      const user = 'kakao-proactive-stranger';
      await say(events, skillPayload(user, '안녕하세요', { isFriend: false }));
      await enqueue(events, user, 'quiz:kakao-proactive-stranger:1');
      await events.bot.runDue(events.clock.now());
      expect(kakao.eventSends().filter((s) => JSON.stringify(s.body).includes(user))).toHaveLength(0);
      const next = await say(events, skillPayload(user, '처음으로', { isFriend: false }));
      expect(textOf(next)).toContain('놓친 메시지가 있어요');
    });

    it('without the Event API: shown at the next message', async () => {
      const user = 'kakao-proactive-no-api';
      await say(t, skillPayload(user, '안녕하세요'));
      await enqueue(t, user, 'quiz:kakao-proactive-no-api:1');
      await t.bot.runDue(t.clock.now());
      expect((await outboxRow('quiz:kakao-proactive-no-api:1'))?.receipt).toBe('kakao:held:proactive');
      const next = await say(t, skillPayload(user, '처음으로'));
      expect(textOf(next)).toContain('놓친 메시지가 있어요');
      expect(textOf(next)).toContain('오늘의 퀴즈가 준비됐어요.');
      // Shown once.
      expect(textOf(await say(t, skillPayload(user, '도움말')))).not.toContain('놓친 메시지가 있어요');
    });
  });

  it('logs carry neither the message text nor the botUserKey', () => {
    const all = [...t.logs, ...fast.logs, ...events.logs].join('\n');
    expect(all).not.toContain('멘토링 신청은');
    expect(all).not.toContain(FIXTURE_USER);
    expect(all).not.toContain('kakao-slow-1');
  });
});
