import type { Capability } from '../../bot/capability';
import type { TurnContext, TurnResult } from '../../bot/dialog';
import { askAgeBand } from '../../dialogs/core/consent';

/**
 * A capability for host tests: "probe add <x>" appends x to its state, "probe count" writes a
 * row per processed turn, "probe throw" throws, "probe slow" waits until the test releases it.
 */
export function createProbeCapability(): Capability & { releaseSlow(): void; slowStarted: Promise<void> } {
  let release: () => void = () => undefined;
  let started: () => void = () => undefined;
  const slowGate = new Promise<void>((resolve) => (release = resolve));
  const slowStarted = new Promise<void>((resolve) => (started = resolve));

  async function handle(ctx: TurnContext): Promise<TurnResult> {
    const [, verb, arg] =
      ctx.input.postback === 'probe:save' ? ['probe', 'save'] : ctx.input.text.split(/\s+/);
    const items = Array.isArray(ctx.state?.answers.items) ? (ctx.state?.answers.items as string[]) : [];
    switch (verb) {
      case 'add':
        return {
          reply: { messages: [{ type: 'text', text: `added ${arg}` }], quickReplies: [] },
          state: { v: 1, flow: 'probe', step: 'collecting', answers: { items: [...items, arg ?? ''] } },
        };
      case 'count':
        ctx.defer((tx) =>
          tx
            .query('INSERT INTO audit_log (actor, action) VALUES ($1, $2)', ['probe', 'counted'])
            .then(() => undefined),
        );
        return {
          reply: { messages: [{ type: 'text', text: 'counted' }], quickReplies: [] },
          state: ctx.state,
        };
      case 'save': {
        const ask = askAgeBand(ctx, 'probe:save');
        if (ask) return ask;
        if (!ctx.mayStoreHistory)
          return {
            reply: { messages: [{ type: 'text', text: 'not saved' }], quickReplies: [] },
            state: null,
          };
        ctx.defer((tx) =>
          tx
            .query('INSERT INTO audit_log (actor, action) VALUES ($1, $2)', [ctx.person.id, 'probe-saved'])
            .then(() => undefined),
        );
        return {
          reply: { messages: [{ type: 'text', text: 'saved' }], quickReplies: [] },
          state: { v: 1, flow: 'probe', step: 'saved', answers: {} },
        };
      }
      case 'throw':
        ctx.defer(() => Promise.reject(new Error('must never run')));
        throw new Error('probe dialog failed on purpose');
      case 'slow':
        started();
        await slowGate;
        return {
          reply: { messages: [{ type: 'text', text: 'slow done' }], quickReplies: [] },
          state: ctx.state,
        };
      default:
        return {
          reply: { messages: [{ type: 'text', text: `items: ${items.join(',')}` }], quickReplies: [] },
          state: ctx.state,
        };
    }
  }

  return {
    name: 'probe',
    releaseSlow: () => release(),
    slowStarted,
    flows: [
      {
        name: 'probe',
        acceptsVersion: (v) => v === 1,
        step: async (ctx) => (ctx.input.text.startsWith('probe') ? handle(ctx) : null),
        intents: [
          {
            name: 'test.probe',
            match: (ctx) =>
              ctx.input.text.startsWith('probe') || ctx.input.postback === 'probe:save' ? 1 : 0,
            handle,
          },
        ],
      },
    ],
  };
}
