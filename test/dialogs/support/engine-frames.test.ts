import type { Capability } from '../../../bot/capability';
import type { Flow, RoutedTurn } from '../../../bot/dialog';
import { createEngine, type CoreDialogs } from '../../../bot/dialog/engine';
import { textReply } from '../../../bot/dialog/reply';
import { EMPTY_CONVERSATION, type ConversationState } from '../../../bot/dialog/state';
import type { RiskAssessment } from '../../../bot/risk';
import { fakeTurn } from '../../helpers/fake-turn';

/**
 * Support mode on the engine, without a database: a risk reply pushes a support frame over the
 * flow in progress; the student's next messages go to its step (never the fallback); an aside of
 * the capability that ends its own frame ("그만" in a relay) pops only that frame; a frame whose
 * case closed outside the conversation is dropped before the turn (`Flow.ended`).
 */
let caseOpen = true;
let intercepts = 0;
const support: Flow = {
  name: 'support',
  acceptsVersion: () => true,
  ask: (_ctx, frame) => (frame.step === 'mode' ? textReply('여기에 계속 이야기해도 돼요.') : null),
  async step(ctx) {
    return { reply: textReply(`들었어요: ${ctx.input.text}`), state: ctx.state };
  },
  ended: async (_ctx, frame) => frame.step === 'mode' && !caseOpen,
};
const form: Flow = {
  name: 'form',
  acceptsVersion: () => true,
  ask: (_ctx, _frame, mode) => textReply(mode === 'again' ? '(이어서) 몇 학년이에요?' : '몇 학년이에요?'),
  async step(ctx) {
    return /^\d/.test(ctx.input.text) ? { reply: textReply('고마워요'), state: null } : null;
  },
  intents: [
    {
      name: 'test.formStart',
      match: (ctx) => ctx.input.text === '시작',
      handle: async () => ({
        reply: textReply('몇 학년이에요?'),
        state: { v: 1, flow: 'form', step: 'grade', answers: {} },
      }),
    },
  ],
};
const fallbackFlow: Flow = {
  name: 'knowledge',
  acceptsVersion: () => true,
  step: async () => null,
  intents: [
    {
      name: 'knowledge.answer',
      match: () => true,
      handle: async () => ({ reply: textReply('잘 모르겠어요 (도움 카드)'), fallback: true }),
    },
  ],
};
const capability: Capability = {
  name: 'support',
  flows: [support],
  async onRisk() {
    return {
      reply: textReply('지금 안전한 곳에 있어요?'),
      state: { v: 1, flow: 'support', step: 'mode', answers: {} },
    };
  },
  async intercept(ctx) {
    intercepts += 1;
    // A relay: the helper reads the words, whatever the screen found in them.
    if (ctx.input.text.startsWith('선생님,')) return { reply: textReply('선생님께 전달했어요') };
    return ctx.input.text === '그만' && ctx.state?.flow === 'support'
      ? { reply: textReply('전달을 멈췄어요'), state: null }
      : null;
  },
};
const core: CoreDialogs = {
  commands: [],
  flows: [],
  riskWithoutSupport: () => ({ reply: textReply('위기 안내') }),
  unknownQuestion: () => ({ reply: textReply('그건 잘 몰라요') }),
  notUnderstood: () => ({ reply: textReply('잘 못 알아들었어요') }),
  missed: () => ({ reply: textReply('못 알아들었어요') }),
  firstContact: (ctx, answer) => answer(ctx),
};
const route = createEngine(core, [capability, { name: 'test', flows: [form, fallbackFlow] }]);
const HIGH: RiskAssessment = { level: 'high', signals: ['test'] };

function conversation(start: ConversationState = EMPTY_CONVERSATION) {
  let state = start;
  return {
    get flows() {
      return state.frames.map((f) => f.flow);
    },
    async say(text: string, risk?: RiskAssessment): Promise<string> {
      const { ctx } = fakeTurn({ text, risk });
      const turned: RoutedTurn = await route({ ...ctx, conversation: state, state: null });
      state = turned.conversation;
      return turned.reply.messages.map((m) => (m.type === 'text' ? m.text : '')).join('\n');
    },
  };
}

describe('support mode as a frame on the engine', () => {
  beforeEach(() => {
    caseOpen = true;
    intercepts = 0;
  });

  it('a risk reply pushes support mode over a form; the next answers belong to the case, not the fallback', async () => {
    const c = conversation();
    await c.say('시작');
    expect(await c.say('너무 힘들어', HIGH)).toBe('지금 안전한 곳에 있어요?');
    expect(c.flows).toEqual(['form', 'support']);
    const answer = await c.say('집이에요. 전화는 무서워서 못하겠어요');
    expect(answer).toBe('들었어요: 집이에요. 전화는 무서워서 못하겠어요');
    expect(answer).not.toContain('잘 모르겠어요');
  });

  it('"그만" from the capability ends support mode only: the form beneath asks its question again', async () => {
    const c = conversation();
    await c.say('시작');
    await c.say('너무 힘들어', HIGH);
    expect(await c.say('그만')).toBe('전달을 멈췄어요\n(이어서) 몇 학년이에요?');
    expect(c.flows).toEqual(['form']);
  });

  it('a flagged message goes to the intercept first (a relay to the helper), then onRisk, once a turn', async () => {
    const c = conversation();
    expect(await c.say('선생님, 너무 힘들어요', HIGH)).toBe('선생님께 전달했어요');
    expect(intercepts).toBe(1);
    expect(await c.say('너무 힘들어', HIGH)).toBe('지금 안전한 곳에 있어요?');
    expect(intercepts).toBe(2);
    const modelOnly: RiskAssessment = { level: 'ask', signals: ['model:ask'] };
    await c.say('음', modelOnly);
    expect(intercepts).toBe(3);
  });

  it('a case closed outside the conversation drops the frame before the turn', async () => {
    const c = conversation();
    await c.say('시작');
    await c.say('너무 힘들어', HIGH);
    caseOpen = false;
    expect(await c.say('3학년')).toBe('고마워요');
    expect(c.flows).toEqual([]);
  });
});
