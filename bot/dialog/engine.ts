import type { Capability } from '../capability';
import { matchChoice } from '../choices';
import type { DeferredWrite, Flow, Intent, RoutedTurn, TurnContext, TurnResult } from '../dialog';
import { mayStoreHistory } from '../people';
import { needsCrisisReply } from '../risk';
import { rowOf, type IntentRow } from './intent-table';
import { splitAnswerAndQuestion } from './answer-and-question';
import { joinReplies } from './reply';
import {
  frameAsState,
  popFrame,
  pushFrame,
  replaceTop,
  stateAsFrame,
  topFrame,
  type ConversationState,
  type Frame,
} from './state';
import { looksLikeQuestion } from './question-shape';

/** The host's own dialogs the engine needs by role (dialogs/core provides them). */
export interface CoreDialogs {
  /** Global commands (처음으로, 도움말, 그만, 내 정보 삭제, codes…), ordered by the intent table. */
  commands: Intent[];
  /** Host flows (onboarding, consent, deletion confirmation) and their intents (small talk). */
  flows: Flow[];
  /** Answer for high risk when no capability handles it: the crisis reply only, the stack kept. */
  riskWithoutSupport(ctx: TurnContext): TurnResult;
  /** "잘 못 알아들었어요" with the menu; `again` is the shorter form for a second miss in a row. */
  notUnderstood(ctx: TurnContext, again: boolean): TurnResult;
  /** A question no page answers, asked in the middle of a flow (the flow's question follows). */
  unknownQuestion(ctx: TurnContext): TurnResult;
  /** A step's question went unanswered: say so and ask it again, or (third time) offer a way out. */
  missed(ctx: TurnContext, frame: Frame, question: TurnResult['reply'] | null, misses: number): TurnResult;
  /** Wraps the first answer to someone new (AI notice, or the welcome when there is no question). */
  firstContact(ctx: TurnContext, answer: (ctx: TurnContext) => Promise<TurnResult>): Promise<TurnResult>;
  /** A question about the programme itself ("서울런은 유료인가요?"): answered, never met with the direct question. */
  isProgrammeQuestion?(text: string): boolean;
}

/** A turn's result with the stack it leaves behind (what the engine passes between its stages). */
type Decided = TurnResult & { conversation: ConversationState };

/** How a result came about decides what its `state` means for the stack (see `TurnResult`). */
/** Risk replies and capability intercepts (support mode, a pushed quiz answer) are asides: nothing is asked again after them. */
/** `owns`: the flows of the capability that answered an aside (its null state ends its own frame). */
type Origin =
  | { kind: 'step'; flow: string }
  | { kind: 'intent'; flow?: string }
  | { kind: 'aside'; owns?: readonly string[] };

interface RankedIntent {
  intent: Intent;
  row: IntentRow;
  /** The flow that registered it (none for the global commands). */
  flow?: string;
}

/** The capabilities whose intercept already ran this turn (each runs at most once). */
type Ran = Set<Capability>;

interface Matched {
  result: TurnResult;
  origin: Origin;
}

const matches = (intent: Intent, ctx: TurnContext): boolean => {
  const m = intent.match(ctx);
  return m === true || (typeof m === 'number' && m > 0.5);
};

export { looksLikeQuestion };

/** Whether a step's result took the message as its answer (moved on, changed its answers, or ended). */
function tookAnswer(frame: Frame, result: TurnResult): boolean {
  if (result.clear) return false;
  if (result.state === null || result.then) return true;
  if (!result.state) return false;
  const { flow, step, answers } = result.state;
  return (
    flow !== frame.flow || step !== frame.step || JSON.stringify(answers) !== JSON.stringify(frame.slots)
  );
}

/**
 * Builds the dialog engine (DESIGN §2 "Dialog engine"), in this order: the one-turn list → risk →
 * capability intercepts → global commands → the active frame's step → scoped intents → a fallback
 * that knows where it is. Flows stack (at most 3); an answer to a digression keeps the stack and
 * asks the suspended question again in one short line.
 */
export function createEngine(
  core: CoreDialogs,
  capabilities: Capability[],
): (ctx: TurnContext) => Promise<RoutedTurn> {
  const flows = [...core.flows, ...capabilities.flatMap((c) => c.flows ?? [])];
  const flowsByName = new Map(flows.map((f) => [f.name, f]));
  const ranked = (list: { intent: Intent; flow?: string }[]): RankedIntent[] =>
    list
      .map(({ intent, flow }) => {
        const row = rowOf(intent.name);
        if (!row) throw new Error(`intent ${intent.name} has no row in bot/dialog/intent-table.ts`);
        return { intent, row, flow };
      })
      .sort((a, b) => a.row.priority - b.row.priority);
  const commands = ranked(core.commands.map((intent) => ({ intent })));
  const intents = ranked(flows.flatMap((f) => (f.intents ?? []).map((intent) => ({ intent, flow: f.name }))));
  const fallbacks = intents.filter((r) => r.row.scope === 'fallback');

  const view = (ctx: TurnContext, conversation: ConversationState): TurnContext => ({
    ...ctx,
    conversation,
    state: frameAsState(topFrame(conversation)),
  });

  /** The stack after a result, read by where the result came from. */
  function apply(conversation: ConversationState, result: TurnResult, origin: Origin): ConversationState {
    if (result.clear) return { v: 2, frames: [] };
    const top = topFrame(conversation);
    const next = result.state;
    if (origin.kind === 'step') {
      if (next === undefined) return conversation;
      if (next === null) return popFrame(conversation);
      // The step took the message: its question is answered, the misses start again.
      return replaceTop(conversation, stateAsFrame(next));
    }
    // An intent of the active flow that ends it (퀴즈 "나중에") ends the frame; any other only answered.
    if (next === null && origin.kind === 'intent' && origin.flow === top?.flow) return popFrame(conversation);
    // A capability's aside that ends its own active frame (support mode left with "그만") ends it.
    if (next === null && origin.kind === 'aside' && top && origin.owns?.includes(top.flow))
      return popFrame(conversation);
    if (!next) return conversation;
    if (top && next.flow === top.flow) return replaceTop(conversation, stateAsFrame(next, top.misses));
    return pushFrame(conversation, stateAsFrame(next));
  }

  /** The suspended (or resumed) question, asked again in one short line after another answer. */
  function askAgain(ctx: TurnContext, conversation: ConversationState): TurnResult['reply'] | null {
    const frame = topFrame(conversation);
    if (!frame) return null;
    return flowsByName.get(frame.flow)?.ask?.(view(ctx, conversation), frame, 'again') ?? null;
  }

  /**
   * Settles a result: applies it to the stack and, when the active flow did not speak itself but
   * is still waiting for an answer (a digression answered, or a flow beneath resumed), asks its
   * question again.
   */
  function settle(ctx: TurnContext, result: TurnResult, origin: Origin): Decided {
    const conversation = withOneTurnFields(apply(ctx.conversation, result, origin), result);
    const top = topFrame(conversation);
    // The flow on top spoke itself (its step, or an intent of its own that started or moved it).
    const fromTop =
      top !== null && (origin.kind === 'step' ? top.flow === origin.flow : result.state?.flow === top.flow);
    // An aside asks nothing again, unless it ended its own frame and a flow beneath resumes.
    const resumed = origin.kind === 'aside' && conversation.frames.length < ctx.conversation.frames.length;
    if (!top || fromTop || (origin.kind === 'aside' && !resumed) || result.then || result.forget)
      return { ...result, conversation };
    const again = askAgain(ctx, conversation);
    return again
      ? { ...result, reply: joinReplies(result.reply, again), conversation }
      : { ...result, conversation };
  }

  const withOneTurnFields = (conversation: ConversationState, result: TurnResult): ConversationState => {
    const next: ConversationState = { v: 2, frames: conversation.frames };
    if (result.suggestions && result.suggestions.length > 0) next.list = result.suggestions;
    if (result.fallback) next.lastFallback = true;
    return next;
  };

  async function firstIntent(ctx: TurnContext, list: RankedIntent[]): Promise<Matched | null> {
    for (const { intent, flow } of list)
      if (matches(intent, ctx)) return { result: await intent.handle(ctx), origin: { kind: 'intent', flow } };
    return null;
  }

  /** The active frame's step; a frame whose flow is gone or whose version it cannot read is dropped. */
  async function activeStep(ctx: TurnContext): Promise<Decided | null> {
    const frame = topFrame(ctx.conversation);
    if (!frame) return null;
    const flow = flowsByName.get(frame.flow);
    if (!flow || !flow.acceptsVersion(frame.v)) return null;
    const stepped = await flow.step(ctx);
    if (stepped) return settle(ctx, stepped, { kind: 'step', flow: frame.flow });
    return answerWithQuestion(ctx, flow, frame);
  }

  /**
   * A message the step rejected that is its answer and a programme question at once ("중1이요 근데
   * 검정고시 강의도 있어요?"): the step takes the answer part and moves on, and the question is answered
   * before the next question. Only for a message the risk screen left alone: anything it flags takes
   * the risk path whole. Null (the message goes on to the intents whole) unless both parts are taken.
   */
  async function answerWithQuestion(ctx: TurnContext, flow: Flow, frame: Frame): Promise<Decided | null> {
    if (ctx.risk.level !== 'none' || ctx.input.postback || !core.isProgrammeQuestion) return null;
    const parts = splitAnswerAndQuestion(ctx.input.text);
    if (!parts || !core.isProgrammeQuestion(parts.question)) return null;
    // The step's writes count only if it takes the answer part.
    const writes: DeferredWrite[] = [];
    const trial: TurnContext = { ...ctx, input: { text: parts.answer }, defer: (w) => writes.push(w) };
    const stepped = await flow.step(trial);
    if (!stepped || !tookAnswer(frame, stepped)) return null;
    const asked: TurnContext = { ...ctx, input: { text: parts.question } };
    const answered = await firstIntent(asked, fallbacks);
    if (!answered) return null;
    for (const write of writes) ctx.defer(write);
    // A question the pages cannot answer, or one answered with a list to pick from (the step's own
    // choices follow, and a "2" must mean one of those): said briefly.
    const plain = !answered.result.fallback && !answered.result.suggestions?.length;
    const aside = plain ? answered.result.reply : core.unknownQuestion(asked).reply;
    return settle(
      ctx,
      { ...stepped, reply: joinReplies(aside, stepped.reply) },
      { kind: 'step', flow: frame.flow },
    );
  }

  const dropUnreadable = (conversation: ConversationState): ConversationState => ({
    ...conversation,
    frames: conversation.frames.filter((f) => flowsByName.get(f.flow)?.acceptsVersion(f.v) ?? false),
  });

  /** Nothing took the message: the step's question again, the support check-in, or the menu. */
  async function fallback(ctx: TurnContext, ran: Ran): Promise<Decided> {
    if (ctx.risk.level === 'concern') {
      const handled = await onRisk(ctx, ran);
      if (handled) return settle(ctx, handled.result, handled.origin);
    }
    const frame = topFrame(ctx.conversation);
    const typed = ctx.input.text.trim();
    if (!frame || (typed && looksLikeQuestion(typed))) {
      const answered = await firstIntent(ctx, fallbacks);
      if (answered && !(frame && answered.result.fallback))
        return settle(ctx, unrepeated(ctx, answered.result), answered.origin);
      // A question the pages cannot answer, in the middle of a flow: say so briefly, then ask again.
      if (answered && frame) return settle(ctx, core.unknownQuestion(ctx), { kind: 'intent' });
    }
    if (frame) {
      const misses = (frame.misses ?? 0) + 1;
      const question = flowsByName.get(frame.flow)?.ask?.(ctx, frame, 'full') ?? null;
      const conversation = replaceTop(ctx.conversation, { ...frame, misses });
      const missed = core.missed(ctx, frame, question, misses);
      return { ...missed, conversation: withOneTurnFields(conversation, missed) };
    }
    const card = core.notUnderstood(ctx, ctx.conversation.lastFallback === true);
    return settle(ctx, { ...card, fallback: true }, { kind: 'intent' });
  }

  /** The help-centre card never twice in a row: the second time, the short not-understood line. */
  const unrepeated = (ctx: TurnContext, result: TurnResult): TurnResult =>
    result.fallback && ctx.conversation.lastFallback
      ? { ...core.notUnderstood(ctx, true), fallback: true }
      : result;

  const flowsOf = (capability: Capability): string[] => (capability.flows ?? []).map((f) => f.name);

  /**
   * The risk path. A capability that answers risk is offered the turn through its intercept first,
   * unless that already ran this turn: for someone in a relay the helper who reads the words is the
   * risk path, and a helper's own turn is theirs. Then its `onRisk`.
   */
  async function onRisk(ctx: TurnContext, ran: Ran): Promise<Matched | null> {
    for (const capability of capabilities) {
      if (!capability.onRisk) continue;
      const origin: Origin = { kind: 'aside', owns: flowsOf(capability) };
      if (capability.intercept && !ran.has(capability)) {
        ran.add(capability);
        const claimed = await capability.intercept(ctx);
        if (claimed) return { result: claimed, origin };
      }
      const handled = await capability.onRisk(ctx);
      if (handled) return { result: handled, origin };
    }
    return null;
  }

  /** Everything after the risk screen and the intercepts, up to (not including) the fallback. */
  async function understood(ctx: TurnContext): Promise<Decided | { unanswered: TurnContext }> {
    const command = await firstIntent(ctx, commands);
    if (command) return settle(ctx, command.result, command.origin);
    const stepped = await activeStep(ctx);
    if (stepped) return stepped;
    const conversation = dropUnreadable(ctx.conversation);
    const current = conversation === ctx.conversation ? ctx : view(ctx, conversation);
    const idle = topFrame(conversation) === null;
    const scoped = intents.filter((r) => r.row.scope === 'global' || (r.row.scope === 'idle' && idle));
    const intent = await firstIntent(current, scoped);
    if (intent) return settle(current, unrepeated(current, intent.result), intent.origin);
    return { unanswered: current };
  }

  async function answer(ctx: TurnContext, ran: Ran): Promise<Decided> {
    const found = await understood(ctx);
    return 'unanswered' in found ? fallback(found.unanswered, ran) : found;
  }

  /**
   * The classifier alone asking the direct question must not take a message the bot understands
   * otherwise (an answer to the active step, a command, "사람이야?"): the question is asked only
   * when nothing else took the message. Rule-based levels and every crisis level go first, always.
   */
  const modelOnlyAsk = (ctx: TurnContext): boolean =>
    ctx.risk.level === 'ask' && ctx.risk.signals.every((s) => s.startsWith('model:') || s === 'memory');

  async function riskThenAnswer(ctx: TurnContext): Promise<Decided> {
    // Understood once: when nothing takes it, the same result goes on to the fallback below.
    let unanswered: TurnContext | null = null;
    // Intercepts run once a turn (some start work: a second opinion on the message).
    const ran: Ran = new Set();
    if (modelOnlyAsk(ctx)) {
      // A relay to a helper or an answer to a pushed quiz question comes first, as always: the
      // helper reads the words.
      const claimed = await intercepted(ctx, ran);
      if (claimed) return claimed;
      const found = await understood(pickFromList(ctx, ctx.conversation.list));
      if (!('unanswered' in found)) return found;
      unanswered = found.unanswered;
      // The classifier's low bar for the direct question catches programme questions asked in the
      // middle of a flow ("근데 서울런은 유료인가요?"): those get their answer, as any digression.
      const typed = ctx.input.text ?? '';
      if (looksLikeQuestion(typed) && core.isProgrammeQuestion?.(typed)) return fallback(unanswered, ran);
    }
    if (ctx.risk.level !== 'none' && ctx.risk.level !== 'concern') {
      const handled = await onRisk(ctx, ran);
      if (handled) return settle(ctx, handled.result, handled.origin);
      if (needsCrisisReply(ctx.risk.level))
        return settle(ctx, core.riskWithoutSupport(ctx), { kind: 'aside' });
    }
    const claimed = await intercepted(ctx, ran);
    if (claimed) return claimed;
    return unanswered ? fallback(unanswered, ran) : answer(pickFromList(ctx, ctx.conversation.list), ran);
  }

  /**
   * The first capability intercept that claims the turn (a relay, a pushed quiz answer), settled;
   * those that already ran this turn (on the risk path) are not asked again.
   */
  async function intercepted(ctx: TurnContext, ran: Ran): Promise<Decided | null> {
    for (const capability of capabilities) {
      if (ran.has(capability)) continue;
      ran.add(capability);
      const claimed = await capability.intercept?.(ctx);
      if (claimed) return settle(ctx, claimed, { kind: 'aside', owns: flowsOf(capability) });
    }
    return null;
  }

  /**
   * A numbered list lives for one turn: "2" or a label now picks from it (after the intercepts, so
   * an answer to a pushed quiz question is never taken for a pick), and then it is gone.
   */
  function pickFromList(ctx: TurnContext, list: ConversationState['list']): TurnContext {
    const chosen = list && !ctx.input.postback ? matchChoice(ctx.input, list) : null;
    return chosen ? { ...ctx, input: { text: '', postback: chosen.postback } } : ctx;
  }

  /** Runs `then` chains (a typed menu choice, a resumed request), at most a few hops. */
  async function follow(ctx: TurnContext, result: Decided, hops: number): Promise<Decided> {
    if (!result.then || hops >= 3) return result;
    const person = { ...ctx.person, ...result.then.person };
    const next: TurnContext = {
      ...view(ctx, result.conversation),
      person,
      mayStoreHistory: mayStoreHistory(person.consent),
      input: { text: '', postback: result.then.postback },
    };
    // A continued request is no new message: no intercept runs for it.
    const continued = await answer(next, new Set(capabilities));
    const joined: Decided = {
      ...continued,
      reply: joinReplies(result.reply, continued.reply),
      forget: result.forget ?? continued.forget,
    };
    return follow(next, joined, hops + 1);
  }

  /** Drops frames on top whose flow says they ended outside the conversation (a closed case). */
  async function withoutEnded(ctx: TurnContext): Promise<ConversationState> {
    let conversation = ctx.conversation;
    for (let top = topFrame(conversation); top; top = topFrame(conversation)) {
      const flow = flowsByName.get(top.flow);
      if (!flow?.ended || !(await flow.ended(view(ctx, conversation), top))) break;
      conversation = popFrame(conversation);
    }
    return conversation;
  }

  return async function route(ctx: TurnContext): Promise<RoutedTurn> {
    // The list and the not-understood mark of the last turn are read here and not carried over:
    // `settle` builds the next stack from the frames and this turn's own result.
    const start = view(ctx, await withoutEnded(ctx));
    // Someone new hears that this is an AI first, whatever their first message leads to.
    const first = start.person.greeted
      ? await riskThenAnswer(start)
      : await core.firstContact(start, riskThenAnswer);
    const decided: Decided =
      'conversation' in first ? (first as Decided) : settle(start, first, { kind: 'intent' });
    const done = await follow(start, decided, 0);
    const routed: RoutedTurn = { reply: done.reply, conversation: done.conversation };
    if (done.forget) routed.forget = true;
    return routed;
  };
}
