import type { Flow, Intent, RoutedTurn, TurnContext, TurnResult } from '../../../bot/dialog';
import { createEngine, looksLikeQuestion, type CoreDialogs } from '../../../bot/dialog/engine';
import { choicesReply, textReply } from '../../../bot/dialog/reply';
import { EMPTY_CONVERSATION, readConversation, type ConversationState } from '../../../bot/dialog/state';
import type { RiskAssessment } from '../../../bot/risk';
import { fakeTurn } from '../../helpers/fake-turn';

/**
 * The engine on its own, without a database: a two-step form ("where do you live", "how many in the
 * household"), a second flow that can be pushed on top of it, a knowledge fallback and the commands.
 */
const form: Flow = {
  name: 'form',
  acceptsVersion: (v) => v === 1,
  ask(_ctx, frame, mode) {
    const question = frame.step === 'residence' ? '서울에 살아요?' : '가족은 몇 명이에요?';
    return mode === 'again' ? textReply(`(이어서) ${question}`) : choicesReply(question, []);
  },
  async step(ctx) {
    const state = ctx.state!;
    const typed = ctx.input.text.trim();
    if (state.step === 'residence') {
      if (!/^(네|응|아니)/.test(typed)) return null;
      return {
        reply: textReply('가족은 몇 명이에요?'),
        state: { ...state, step: 'household', answers: { ...state.answers, seoul: typed !== '아니' } },
      };
    }
    const count = /^(\d+)\s*명?/.exec(typed);
    if (!count) return null;
    return {
      reply: textReply(`다 됐어요: ${JSON.stringify({ ...state.answers, household: Number(count[1]) })}`),
      state: null,
    };
  },
  intents: [
    {
      name: 'test.formStart',
      match: (ctx) => ctx.input.text === '확인 시작',
      handle: async () => ({
        reply: textReply('서울에 살아요?'),
        state: { v: 1, flow: 'form', step: 'residence', answers: {} },
      }),
    },
  ],
};

const aside: Flow = {
  name: 'aside',
  acceptsVersion: () => true,
  ask: () => textReply('(이어서) 옆 질문에 답해 줘요'),
  async step(ctx) {
    return ctx.input.text === '끝' ? { reply: textReply('옆 이야기 끝'), state: null } : null;
  },
  intents: [
    {
      name: 'test.asideStart',
      match: (ctx) => ctx.input.text === '옆으로',
      handle: async () => ({
        reply: textReply('옆 이야기 시작'),
        state: { v: 1, flow: 'aside', step: 'one', answers: {} },
      }),
    },
  ],
};

const knowledge: Flow = {
  name: 'knowledge',
  acceptsVersion: () => true,
  step: async () => null,
  intents: [
    {
      name: 'knowledge.answer',
      match: (ctx) => ctx.input.text.length > 0,
      handle: async (ctx) =>
        ctx.input.text.includes('돈')
          ? { reply: textReply('서울런은 무료예요.') }
          : { reply: textReply('잘 모르겠어요 (도움 카드)'), fallback: true },
    },
    {
      name: 'test.suggest',
      match: (ctx) => ctx.input.text === '추천',
      handle: async () => ({
        reply: textReply('혹시 이 중에…\n1. 가\n2. 나'),
        suggestions: [
          { label: '가', postback: 'pick:a' },
          { label: '나', postback: 'pick:b' },
        ],
      }),
    },
    {
      name: 'test.picked',
      match: (ctx) => ctx.input.postback?.startsWith('pick:') ?? false,
      handle: async (ctx) => ({ reply: textReply(`고른 것: ${ctx.input.postback}`) }),
    },
  ],
};

const command = (name: string, text: string, handle: (ctx: TurnContext) => TurnResult): Intent => ({
  name,
  match: (ctx) => ctx.input.text === text,
  handle: async (ctx) => handle(ctx),
});

const core: CoreDialogs = {
  commands: [
    command('cancel', '그만', () => ({ reply: textReply('멈췄어요'), clear: true })),
    command('help', '도움말', () => ({ reply: textReply('도움말이에요') })),
  ],
  flows: [],
  riskWithoutSupport: () => ({ reply: textReply('위기 안내') }),
  unknownQuestion: () => ({ reply: textReply('그건 잘 몰라요') }),
  notUnderstood: (_ctx, again) => ({
    reply: textReply(again ? '한 번 더 써 줄래요?' : '잘 못 알아들었어요 + 메뉴'),
  }),
  missed: (_ctx, _frame, question, misses) =>
    misses < 2
      ? {
          reply: {
            messages: [{ type: 'text', text: '못 알아들었어요' }, ...(question?.messages ?? [])],
            quickReplies: [],
          },
        }
      : { reply: textReply('버튼을 누르거나 예처럼 써 주세요. 사람과 이야기하려면 …') },
  firstContact: (ctx, answer) => answer(ctx),
};

const route = createEngine(core, [{ name: 'test', flows: [form, aside, knowledge] }]);

/** A conversation: each line is sent, and the reply text and the stack are kept for the next. */
function conversation(start: ConversationState = EMPTY_CONVERSATION) {
  let state = start;
  return {
    get state() {
      return state;
    },
    async say(text: string, risk?: RiskAssessment): Promise<string> {
      const { ctx } = fakeTurn({ text, risk });
      const turned: RoutedTurn = await route({ ...ctx, conversation: state, state: null });
      state = turned.conversation;
      return turned.reply.messages.map((m) => (m.type === 'text' ? m.text : m.title)).join('\n');
    },
  };
}

describe('dialog engine', () => {
  it('answers a question in the middle of a form and asks the suspended question again, answers kept', async () => {
    const c = conversation();
    expect(await c.say('확인 시작')).toBe('서울에 살아요?');
    expect(await c.say('네')).toBe('가족은 몇 명이에요?');
    expect(await c.say('근데 서울런은 돈 내야 돼요?')).toBe(
      '서울런은 무료예요.\n(이어서) 가족은 몇 명이에요?',
    );
    expect(c.state.frames).toEqual([{ flow: 'form', step: 'household', slots: { seoul: true }, v: 1 }]);
    expect(await c.say('4명')).toBe('다 됐어요: {"seoul":true,"household":4}');
    expect(c.state.frames).toEqual([]);
  });

  it('keeps the form through a command that only answers (도움말)', async () => {
    const c = conversation();
    await c.say('확인 시작');
    expect(await c.say('도움말')).toBe('도움말이에요\n(이어서) 서울에 살아요?');
    expect(c.state.frames).toHaveLength(1);
  });

  it('pushes a flow on top, and resumes the one beneath when it ends', async () => {
    const c = conversation();
    await c.say('확인 시작');
    expect(await c.say('옆으로')).toBe('옆 이야기 시작');
    expect(c.state.frames.map((f) => f.flow)).toEqual(['form', 'aside']);
    expect(await c.say('끝')).toBe('옆 이야기 끝\n(이어서) 서울에 살아요?');
    expect(c.state.frames.map((f) => f.flow)).toEqual(['form']);
  });

  it('clears the stack on 그만', async () => {
    const c = conversation();
    await c.say('확인 시작');
    await c.say('옆으로');
    expect(await c.say('그만')).toBe('멈췄어요');
    expect(c.state.frames).toEqual([]);
  });

  it('never asks the same question three times in a row: the third miss offers a way out', async () => {
    const c = conversation();
    await c.say('확인 시작');
    expect(await c.say('ㅁㄴㅇㄹ')).toBe('못 알아들었어요\n서울에 살아요?\n');
    const third = await c.say('ㅁㄴㅇㄹ');
    expect(third).toContain('사람과 이야기하려면');
    expect(third).not.toContain('서울에 살아요?');
    // An answer after that is still taken, and the misses start again.
    expect(await c.say('네')).toBe('가족은 몇 명이에요?');
    expect(c.state.frames[0]?.misses).toBeUndefined();
  });

  it('inside a form, a non-question miss is the step reprompt, never a knowledge page', async () => {
    const c = conversation();
    await c.say('확인 시작');
    const reply = await c.say('초3');
    expect(reply).not.toContain('도움 카드');
    expect(reply).toContain('서울에 살아요?');
  });

  it('a question no page answers, in the middle of a form: said briefly, then the question again', async () => {
    const c = conversation();
    await c.say('확인 시작');
    expect(await c.say('퀴즈는 몇 시에 와요?')).toBe('그건 잘 몰라요\n(이어서) 서울에 살아요?');
    expect(c.state.frames[0]?.misses).toBeUndefined();
  });

  it('a numbered list lives for one turn only', async () => {
    const c = conversation();
    await c.say('추천');
    expect(await c.say('2')).toBe('고른 것: pick:b');
    await c.say('추천');
    await c.say('고마워');
    expect(await c.say('2')).not.toContain('고른 것');
  });

  it('never sends the not-understood card twice in a row', async () => {
    const c = conversation();
    expect(await c.say('ㅁㄴㅇㄹ')).toContain('도움 카드');
    expect(await c.say('ㅂㅈㄷㄱ')).toBe('한 번 더 써 줄래요?');
    expect(await c.say('ㅋㅌㅊㅍ')).toBe('한 번 더 써 줄래요?');
    // A turn that was understood resets it.
    await c.say('근데 서울런은 돈 내야 돼요?');
    expect(await c.say('ㅁㄴㅇㄹ')).toContain('도움 카드');
  });

  it('stacks at most three flows', async () => {
    const flows = ['a', 'b', 'c', 'd'].map((flow) => ({ flow, step: 's', slots: {}, v: 1 }));
    expect(readConversation({ v: 2, frames: flows }).frames.map((f) => f.flow)).toEqual(['b', 'c', 'd']);
  });

  it('reads a v1 state as a stack of one frame', () => {
    expect(readConversation({ v: 1, flow: 'form', step: 'household', answers: { seoul: true } })).toEqual({
      v: 2,
      frames: [{ flow: 'form', step: 'household', slots: { seoul: true }, v: 1 }],
    });
    expect(readConversation(null)).toEqual({ v: 2, frames: [] });
    expect(readConversation({ nonsense: true })).toEqual({ v: 2, frames: [] });
  });

  it('lets the active step take its answer before a classifier-only "ask"', async () => {
    const c = conversation();
    await c.say('확인 시작');
    const modelOnly: RiskAssessment = { level: 'ask', signals: ['model:ask'] };
    expect(await c.say('네', modelOnly)).toBe('가족은 몇 명이에요?');
  });

  it('gives the crisis reply at high risk whatever the flow, and keeps the flow', async () => {
    const c = conversation();
    await c.say('확인 시작');
    const high: RiskAssessment = { level: 'high', signals: ['rule:direct'] };
    expect(await c.say('죽고 싶어', high)).toBe('위기 안내');
    expect(c.state.frames).toHaveLength(1);
  });
});

describe('looksLikeQuestion', () => {
  it.each(['근데 서울런은 돈 내야 돼요?', '몇 살까지 돼요', '신청은 어떻게 해요', '서류 알려주세요'])(
    '%s',
    (text) => expect(looksLikeQuestion(text)).toBe(true),
  );
  it.each(['초3', '네', '4명이요', '서울 송파'])('%s is an answer', (text) =>
    expect(looksLikeQuestion(text)).toBe(false),
  );
});
