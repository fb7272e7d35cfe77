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

/** A form whose steps take only a whole answer ("중1이요"), never a message that merely starts with one. */
const school: Flow = {
  name: 'school',
  acceptsVersion: () => true,
  ask: (_ctx, frame, mode) => {
    const question = frame.step === 'grade' ? '몇 학년이에요?' : '해당하는 게 있나요?';
    return textReply(mode === 'again' ? `(이어서) ${question}` : question);
  },
  async step(ctx) {
    const state = ctx.state!;
    const typed = ctx.input.text.trim();
    ctx.defer(async () => undefined);
    if (state.step === 'grade') {
      const grade = /^([초중고][1-6])(이요|요|학년)?$/.exec(typed);
      if (!grade) return null;
      return {
        reply: textReply('해당하는 게 있나요?'),
        state: { ...state, step: 'groups', answers: { grade: grade[1] } },
      };
    }
    return /^해당\s*없어요$/.test(typed)
      ? { reply: textReply(`다 됐어요: ${JSON.stringify(state.answers)}`), state: null }
      : null;
  },
  intents: [
    {
      name: 'test.schoolStart',
      match: (ctx) => ctx.input.text === '학교 확인',
      handle: async () => ({
        reply: textReply('몇 학년이에요?'),
        state: { v: 1, flow: 'school', step: 'grade', answers: {} },
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
          : ctx.input.text.includes('강의')
            ? { reply: textReply('검정고시 강의도 있어요.') }
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
  isProgrammeQuestion: (text) => /서울런|돈|강의/.test(text),
};

const route = createEngine(core, [{ name: 'test', flows: [form, school, aside, knowledge] }]);

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

describe('an answer and a question in one message', () => {
  const schoolAt = (slots: Record<string, unknown>, step: string) => [{ flow: 'school', step, slots, v: 1 }];

  it('keeps the answer, answers the question, and asks the next question (not the same one again)', async () => {
    const c = conversation();
    expect(await c.say('학교 확인')).toBe('몇 학년이에요?');
    expect(await c.say('중1이요 근데 서울런 강의도 있어요?')).toBe(
      '검정고시 강의도 있어요.\n해당하는 게 있나요?',
    );
    expect(c.state.frames).toEqual(schoolAt({ grade: '중1' }, 'groups'));
    expect(await c.say('해당 없어요')).toBe('다 됐어요: {"grade":"중1"}');
  });

  it('takes them in either order, after a full stop or a comma as well', async () => {
    for (const message of [
      '서울런은 돈 내야 돼요? 중2요',
      '중2요. 서울런은 돈 내야 돼요?',
      '중2요, 서울런 돈 내야 돼요?',
    ]) {
      const c = conversation();
      await c.say('학교 확인');
      expect(await c.say(message)).toBe('서울런은 무료예요.\n해당하는 게 있나요?');
      expect(c.state.frames).toEqual(schoolAt({ grade: '중2' }, 'groups'));
    }
  });

  it('when the step does not take the other part, the whole message is a digression and the question is asked again', async () => {
    const c = conversation();
    await c.say('학교 확인');
    expect(await c.say('글쎄요 근데 서울런은 돈 내야 돼요?')).toBe(
      '서울런은 무료예요.\n(이어서) 몇 학년이에요?',
    );
    expect(c.state.frames).toEqual(schoolAt({}, 'grade'));
  });

  it('only for a question about the programme: another question leaves the step where it was', async () => {
    const c = conversation();
    await c.say('학교 확인');
    expect(await c.say('중1이요 근데 너는 몇 살이야?')).toBe('그건 잘 몰라요\n(이어서) 몇 학년이에요?');
    expect(c.state.frames).toEqual(schoolAt({}, 'grade'));
  });

  it('a question no page answers is said briefly, and the answer is still kept', async () => {
    const route2 = createEngine({ ...core, isProgrammeQuestion: () => true }, [
      { name: 'test', flows: [school, knowledge] },
    ]);
    const { ctx } = fakeTurn({ text: '중1이요 근데 퀴즈는 몇 시에 와요?' });
    const started: ConversationState = { v: 2, frames: schoolAt({}, 'grade') };
    const turned = await route2({ ...ctx, conversation: started, state: null });
    expect(turned.reply.messages.map((m) => (m.type === 'text' ? m.text : ''))).toEqual([
      '그건 잘 몰라요',
      '해당하는 게 있나요?',
    ]);
    expect(turned.conversation.frames).toEqual(schoolAt({ grade: '중1' }, 'groups'));
  });

  it("the step's writes count only when it takes the answer part", async () => {
    const started: ConversationState = { v: 2, frames: schoolAt({}, 'grade') };
    const taken = fakeTurn({ text: '중1이요 근데 서울런 강의도 있어요?' });
    await route({ ...taken.ctx, conversation: started, state: null });
    expect(taken.deferred).toHaveLength(2);
    const rejected = fakeTurn({ text: '글쎄요 근데 서울런은 돈 내야 돼요?' });
    await route({ ...rejected.ctx, conversation: started, state: null });
    // The whole message's try only: the part it did not take leaves nothing behind.
    expect(rejected.deferred).toHaveLength(1);
  });

  it('a message the risk screen flags takes the risk path whole: nothing is kept as an answer', async () => {
    const c = conversation();
    await c.say('학교 확인');
    const high: RiskAssessment = { level: 'high', signals: ['rule:direct'] };
    expect(await c.say('중1이요 근데 서울런 강의도 있어요?', high)).toBe('위기 안내');
    expect(c.state.frames).toEqual(schoolAt({}, 'grade'));
    const ask: RiskAssessment = { level: 'ask', signals: ['rule:indirect'] };
    await c.say('중1이요 근데 서울런 강의도 있어요?', ask);
    expect(c.state.frames).toEqual(schoolAt({}, 'grade'));
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
