import { performance } from 'node:perf_hooks';
import type { Reply } from '../../../bot/messages';
import type { Composed } from '../../../integrations/kakao/answer';
import { createDeadline, within, type Delivery } from '../../../integrations/kakao/deadline';
import type { TemplateResponse } from '../../../integrations/kakao/response-schema';
import type { KakaoRequestFacts } from '../../../integrations/kakao/skill-payload';
import { testTexts } from '../../helpers/fake-turn';

const texts = testTexts();
const textOf = (body: string): Reply => ({ messages: [{ type: 'text', text: body }], quickReplies: [] });
const composed = (...bodies: string[]): Composed => ({
  reply: { messages: bodies.map((text) => ({ type: 'text' as const, text })), quickReplies: [] },
  crisisMessages: 0,
  language: 'ko',
});

/** A deadline with recording fakes: what was rendered, what was held, what runs in the background. */
function setup(syncBudgetMs: number) {
  const finished: Composed[] = [];
  const held: { reply: Reply; reason: string }[] = [];
  const background: Promise<unknown>[] = [];
  const deliver = createDeadline({
    texts,
    log: { info: () => undefined, warn: () => undefined, error: () => undefined } as never,
    store: {
      hold: async (_user, reply, reason) => {
        held.push({ reply, reason });
        return true;
      },
    },
    finish: async (_user, c) => {
      finished.push(c);
      return { version: '2.0', template: { outputs: [] } } as TemplateResponse;
    },
    inBackground: (work) => void background.push(work),
    who: (user) => user,
    syncBudgetMs,
    callbackWindowMs: 50_000,
    settleMs: 0,
    callbackHosts: [],
  });
  const delivery = (over: Partial<Delivery> = {}): Delivery => ({
    facts: { botUserKey: 'user-1', language: 'ko' } as KakaoRequestFacts,
    arrival: performance.now(),
    crisisReply: null,
    holdOnMiss: true,
    ...over,
  });
  return { deliver, delivery, finished, held, settle: () => Promise.all(background) };
}

/** A piece of work the test finishes by hand: nothing here depends on how fast the machine is. */
function pending(): { work: Promise<Composed>; finish: (c: Composed) => void } {
  let finish!: (c: Composed) => void;
  return { work: new Promise<Composed>((resolve) => (finish = resolve)), finish };
}

describe('within', () => {
  it('gives the value of work that is already done', async () => {
    await expect(within(Promise.resolve(7), 60_000)).resolves.toEqual({ done: true, value: 7 });
  });

  it('does not wait at all with no budget left', async () => {
    await expect(within(new Promise(() => undefined), 0)).resolves.toEqual({ done: false });
  });

  it('passes a failure on', async () => {
    await expect(within(Promise.reject(new Error('boom')), 60_000)).rejects.toThrow('boom');
  });
});

describe('createDeadline', () => {
  it('answers with the finished work when it is ready in time', async () => {
    const t = setup(60_000);
    await t.deliver(Promise.resolve(composed('안녕하세요')), t.delivery());
    expect(t.finished).toEqual([composed('안녕하세요')]);
    expect(t.held).toEqual([]);
  });

  it('sends the crisis reply at once and holds the rest of the turn for the next message', async () => {
    const t = setup(0);
    const { work, finish } = pending();
    const crisis = textOf('109에 전화할 수 있어요');
    await t.deliver(work, t.delivery({ crisisReply: crisis }));
    expect(t.finished[0]?.reply).toEqual(crisis);
    finish({ ...composed('109에 전화할 수 있어요', '이야기해 줘서 고마워요'), crisisMessages: 1 });
    await t.settle();
    expect(t.held).toEqual([{ reply: textOf('이야기해 줘서 고마워요'), reason: 'crisis-rest' }]);
  });

  it('says it is still working and holds the late answer', async () => {
    const t = setup(0);
    const { work, finish } = pending();
    await t.deliver(work, t.delivery());
    expect(t.finished[0]?.reply).toEqual(textOf(texts.ko.t('kakao.stillWorking')));
    finish(composed('늦은 답'));
    await t.settle();
    expect(t.held).toEqual([{ reply: textOf('늦은 답'), reason: 'sync-late' }]);
  });

  it('holds nothing for a double tap: the first request keeps what misses its window', async () => {
    const t = setup(0);
    const { work, finish } = pending();
    await t.deliver(work, t.delivery({ holdOnMiss: false }));
    finish(composed('늦은 답'));
    await t.settle();
    expect(t.held).toEqual([]);
  });

  it('turns a failed turn into the apology', async () => {
    const t = setup(60_000);
    await t.deliver(Promise.reject(new Error('database down')), t.delivery());
    expect(t.finished[0]?.reply).toEqual(textOf(texts.ko.t('kakao.apology')));
  });
});
