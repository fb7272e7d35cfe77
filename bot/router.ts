import type { Capability } from './capability';
import type { Flow, Intent, TurnContext, TurnResult } from './dialog';
import { mayStoreHistory } from './people';

/** The host's own dialogs the router needs by role (dialogs/core provides them). */
export interface CoreDialogs {
  /** Global commands (처음으로, 도움말, 그만, 내 정보 삭제 …): tried right after risk. */
  commands: Intent[];
  /** Host flows (onboarding, consent, links, deletion confirmation). */
  flows: Flow[];
  /** Answer for high risk when no capability handles it: state unchanged, crisis reply only. */
  riskWithoutSupport(ctx: TurnContext): TurnResult;
  /** "잘 못 알아들었어요" with the menu. */
  notUnderstood(ctx: TurnContext): TurnResult;
  /** Wraps the first answer to someone new (AI notice, or the welcome when there is no question). */
  firstContact(ctx: TurnContext, answer: (ctx: TurnContext) => Promise<TurnResult>): Promise<TurnResult>;
}

const PASS_SCORE = 0.5;

/**
 * Builds the router in the fixed order of DESIGN.md §1: risk → global commands → the current
 * flow's step → intents → knowledge answer as the fallback (the lowest-scoring intent).
 */
export function createRouter(
  core: CoreDialogs,
  capabilities: Capability[],
): (ctx: TurnContext) => Promise<TurnResult> {
  const flows = [...core.flows, ...capabilities.flatMap((c) => c.flows ?? [])];
  const flowsByName = new Map(flows.map((f) => [f.name, f]));
  const intents = flows.flatMap((f) => f.intents ?? []);

  async function byIntent(ctx: TurnContext): Promise<TurnResult | null> {
    let best: { intent: Intent; score: number } | null = null;
    for (const intent of intents) {
      const score = intent.match(ctx);
      if (score > PASS_SCORE && (!best || score > best.score)) best = { intent, score };
    }
    return best ? best.intent.handle(ctx) : null;
  }

  async function answer(ctx: TurnContext): Promise<TurnResult> {
    for (const command of core.commands) {
      if (command.match(ctx) > PASS_SCORE) return command.handle(ctx);
    }
    if (ctx.state) {
      const flow = flowsByName.get(ctx.state.flow);
      if (flow && flow.acceptsVersion(ctx.state.v)) {
        const stepped = await flow.step(ctx);
        if (stepped) return stepped;
      } else {
        // A flow that no longer exists or a state version it cannot read: start afresh.
        return (await byIntent({ ...ctx, state: null })) ?? core.notUnderstood({ ...ctx, state: null });
      }
    }
    return (await byIntent(ctx)) ?? core.notUnderstood(ctx);
  }

  async function riskThenAnswer(ctx: TurnContext): Promise<TurnResult> {
    if (ctx.risk.level !== 'none') {
      for (const capability of capabilities) {
        const handled = await capability.onRisk?.(ctx);
        if (handled) return handled;
      }
      if (ctx.risk.level === 'high' || ctx.risk.level === 'harm_by_others')
        return core.riskWithoutSupport(ctx);
    }
    for (const capability of capabilities) {
      const claimed = await capability.intercept?.(ctx);
      if (claimed) return claimed;
    }
    return answer(ctx);
  }

  return async function route(ctx: TurnContext): Promise<TurnResult> {
    // Someone new hears that this is an AI first, whatever their first message leads to.
    const result = ctx.person.greeted
      ? await riskThenAnswer(ctx)
      : await core.firstContact(ctx, riskThenAnswer);
    return follow(ctx, result, 0);
  };

  /** Runs `then` chains (a typed menu choice, a resumed request), at most a few hops. */
  async function follow(ctx: TurnContext, result: TurnResult, hops: number): Promise<TurnResult> {
    if (!result.then || hops >= 3) return { reply: result.reply, state: result.state, forget: result.forget };
    const person = { ...ctx.person, ...result.then.person };
    const next: TurnContext = {
      ...ctx,
      person,
      state: result.state,
      mayStoreHistory: mayStoreHistory(person.consent),
      input: { text: '', postback: result.then.postback },
    };
    const continued = await answer(next);
    const joined: TurnResult = {
      reply: {
        messages: [...result.reply.messages, ...continued.reply.messages],
        quickReplies:
          continued.reply.quickReplies.length > 0 ? continued.reply.quickReplies : result.reply.quickReplies,
      },
      state: continued.state,
      then: continued.then,
    };
    return follow(next, joined, hops + 1);
  }
}
