import { performance } from 'node:perf_hooks';
import { personLanguage } from '../knowledge/language/detect';
import { crashPoint } from './crash-points';
import type { Database } from './db/database';
import type { DeferredWrite, RoutedTurn, TurnContext } from './dialog';
import { joinReplies } from './dialog/reply';
import { frameAsState, topFrame } from './dialog/state';
import type { InboundEvent } from './events';
import { storableText } from './inbound';
import type { Logger } from './logger';
import { maskPersonalNumbers, type MaskResult } from './masking';
import type { Reply } from './messages';
import type { Metrics } from './metrics';
import type { Outbox } from './outbox';
import { mayStoreHistory, type Language, type Person } from './people';
import { resolvePerson, updatePerson } from './people-store';
import {
  activeMemory,
  isHigherLevel,
  type RiskAssessment,
  type RiskMemory,
  type RiskMemoryUpdate,
  type Speaker,
} from './risk';
import type { TextsByLanguage } from './texts-loader';
import {
  isStillReceived,
  logInboundText,
  markFailed,
  markProcessed,
  recordInbound,
  releaseLease,
  saveState,
  type LoadedState,
  type PipelinePayload,
} from './turn-store';
import type { HeldLease } from './user-lease';

/**
 * The steps of one turn (DESIGN.md §1): admit (store, dedupe, find the person), decide (route the
 * turn to a dialog with the state loaded under the lease), commit (one short transaction: the
 * processed mark, the dialog's writes, the state, the history line and the durable reply).
 */

/** Step 0's verdict: computed in memory before anything can fail. */
export interface StepZero {
  risk: RiskAssessment;
  /** The crisis reply, when the risk needs one now. */
  crisisReply: Reply | null;
}

/** What the steps need from the pipeline's memory (no I/O). */
export interface TurnMemory {
  /** Screens the text, with the memory of earlier turns when given. */
  screen(event: InboundEvent, memory?: RiskMemory): StepZero;
  /** The crisis text already went out for this event (a redelivery must not repeat it). */
  crisisSent(event: InboundEvent): boolean;
  /** Remembers who wrote (the next step 0 reads a parent's or mentor's words differently). */
  rememberSpeaker(event: InboundEvent, person: Person): void;
}

export interface TurnStepDeps {
  db: Database;
  texts: TextsByLanguage;
  outbox: Outbox;
  rememberRisk?: RiskMemoryUpdate;
  route: (ctx: TurnContext) => Promise<RoutedTurn>;
  clock: () => Date;
  metrics?: Metrics;
  unconsentedStateTtlMs?: number;
}

/** An event as it may be stored: personal numbers masked, unstorable characters cleaned. */
export interface MaskedEvent {
  event: InboundEvent;
  masked?: MaskResult;
  postback?: string;
}

/** An event admitted to a turn; `risk` and `crisisReply` only ever rise while it runs. */
export interface Admitted extends MaskedEvent {
  /** The event as it arrived (the risk screen reads its screenText). */
  original: InboundEvent;
  person: Person;
  /** The language the words are in, when it is not the person's yet. */
  switchTo: Language | null;
  risk: RiskAssessment;
  crisisReply: Reply | null;
}

export type AdmitResult = { status: 'admitted'; turn: Admitted } | { status: 'duplicate' };

/** What the dialog decided, ready to commit. */
export interface Decision {
  ctx: TurnContext;
  result: RoutedTurn;
  deferred: DeferredWrite[];
  /** The whole reply: crisis lines, notices, the dialog's answer. */
  reply: Reply;
  /** The dialog threw: its writes are dropped and the state stays as it was. */
  failed: boolean;
  riskMemory: RiskMemory | undefined;
}

/** One turn's commit, as one object. */
export interface Commit {
  decision: Decision;
  loaded: LoadedState;
  lease: HeldLease;
  /** Write the reply to the outbox, sent after this unless the adapter delivers it. */
  durableReplyGraceMs?: number;
}

/** The event was processed by another turn between our dedupe check and our commit. */
export class DuplicateTurnError extends Error {
  constructor() {
    super('event already processed');
    this.name = 'DuplicateTurnError';
  }
}

/** Who wrote, as the risk screen reads them. */
export const speakerOf = (person: Person): Speaker =>
  person.roles.some((r) => r === 'mentor' || r === 'coordinator' || r === 'staff')
    ? 'mentor'
    : person.audience === 'parent'
      ? 'parent'
      : person.audience === 'student'
        ? 'student'
        : 'unknown';

/** Masks text and postback (anyone can craft a postback: it is untrusted input too). */
export function maskEvent(event: InboundEvent): MaskedEvent {
  const masked = event.text === undefined ? undefined : maskPersonalNumbers(storableText(event.text));
  const postback =
    event.postback === undefined ? undefined : maskPersonalNumbers(storableText(event.postback)).text;
  const { screenText: _screenOnly, ...kept } = event;
  return { event: { ...kept, text: masked?.text, postback }, masked, postback };
}

/** The apology for a turn that failed, with the menu button. */
export const apologyReply = (texts: TextsByLanguage, language: Language): Reply => ({
  messages: [{ type: 'text', text: texts[language].t('core.apology') }],
  quickReplies: [{ label: texts[language].t('common.menu'), postback: 'menu:open' }],
});

/**
 * Admit: stores the event (unless the adapter did), drops a duplicate, finds the person, notes the
 * language they write in, and screens again now that the speaker is known. Throws when the
 * database fails.
 */
export async function admit(
  deps: TurnStepDeps,
  memory: TurnMemory,
  input: {
    original: InboundEvent;
    masked: MaskedEvent;
    /** Step 0, with the crisis reply dropped when it already went out. */
    zero: StepZero;
    alreadyRecorded: boolean;
    /** The adapter ran step 0 itself (and may have sent its crisis reply): not screened again. */
    screenedByAdapter: boolean;
  },
): Promise<AdmitResult> {
  const { original, masked: m } = input;
  if (!input.alreadyRecorded) {
    const payload: PipelinePayload = {
      pipelineEvent: { ...m.event, occurredAt: m.event.occurredAt.toISOString() },
    };
    const isNew = await recordInbound(deps.db, m.event, payload, deps.clock());
    // A retry of an event stored but never finished (its first attempt lost the database or
    // the process) is processed now; `markProcessed` still lets only one attempt commit.
    if (!isNew && !(await isStillReceived(deps.db, original))) return { status: 'duplicate' };
  }
  crashPoint('after-store');
  let person = await resolvePerson(deps.db, original.channel, original.channelUserId);
  // Someone new who writes English gets English from the first answer on.
  // A Vietnamese or Chinese message keeps that language, through "네" and "4" (knowledge/language).
  const spoken = personLanguage(person.language, person.greeted, m.masked?.text ?? '');
  const switchTo = spoken !== person.language ? spoken : null;
  if (switchTo) person = { ...person, language: switchTo };
  memory.rememberSpeaker(original, person);
  const turn: Admitted = { ...m, original, person, switchTo, ...input.zero };
  // The screen at step 0 did not know the speaker; a parent's or mentor's words read differently.
  if (original.text && !input.screenedByAdapter && speakerOf(person) !== 'unknown') {
    const rescreened = memory.screen(original);
    turn.risk = rescreened.risk;
    turn.crisisReply = memory.crisisSent(original) ? null : rescreened.crisisReply;
  }
  return { status: 'admitted', turn };
}

/** With the memory of earlier turns the screen may see more than step 0 did (never less). */
function raiseWithMemory(memory: TurnMemory, turn: Admitted, remembered: RiskMemory | undefined): void {
  if (!remembered || !turn.original.text) return;
  const again = memory.screen(turn.original, remembered);
  if (!isHigherLevel(again.risk.level, turn.risk.level)) return;
  turn.risk = again.risk;
  if (!turn.crisisReply && !memory.crisisSent(turn.original)) turn.crisisReply = again.crisisReply;
}

/** Tells the user what was not read or not kept, before the answer itself. */
function withNotices(turn: Admitted, ctx: TurnContext, reply: Reply): Reply {
  const notices = [
    ...(turn.original.truncated ? [ctx.texts.t('core.truncated')] : []),
    ...(turn.masked && turn.masked.masked.length > 0 ? [ctx.texts.t('core.masked')] : []),
  ];
  if (notices.length === 0) return reply;
  const notice: Reply = {
    messages: notices.map((text) => ({ type: 'text' as const, text })),
    quickReplies: [],
  };
  return joinReplies(notice, reply);
}

/** Decide: routes the turn to its dialog with the state loaded under the lease. Never throws for a dialog. */
export async function decide(
  deps: TurnStepDeps,
  memory: TurnMemory,
  turn: Admitted,
  loaded: LoadedState,
  run: { now: Date; log: Logger; slowWorkBudgetMs: number },
): Promise<Decision> {
  const { person } = turn;
  const remembered = activeMemory(loaded.riskMemory, run.now);
  raiseWithMemory(memory, turn, remembered);
  const riskMemory = turn.original.text
    ? deps.rememberRisk?.(remembered, turn.risk, run.now)
    : loaded.riskMemory;
  const deferred: DeferredWrite[] = [];
  const ctx: TurnContext = {
    now: run.now,
    input: { text: turn.masked?.text ?? '', postback: turn.postback },
    event: turn.event,
    person,
    state: frameAsState(topFrame(loaded.state)),
    conversation: loaded.state,
    texts: deps.texts[person.language],
    risk: turn.risk,
    db: deps.db,
    log: run.log,
    mayStoreHistory: mayStoreHistory(person.consent),
    slowWorkBudgetMs: run.slowWorkBudgetMs,
    defer: (write) => void deferred.push(write),
  };
  const switchTo = turn.switchTo;
  if (switchTo) deferred.push((tx) => updatePerson(tx, person.id, { language: switchTo }));
  let result: RoutedTurn;
  let failed = false;
  const dialogStarted = performance.now();
  try {
    result = await deps.route(ctx);
  } catch (error) {
    run.log.error({ err: error }, 'dialog failed; state left unchanged');
    failed = true;
    deferred.length = 0;
    result = { reply: apologyReply(deps.texts, person.language), conversation: loaded.state };
  }
  deps.metrics?.dialogSeconds.observe((performance.now() - dialogStarted) / 1000);
  result = { ...result, reply: withNotices(turn, ctx, result.reply) };
  const reply = turn.crisisReply ? joinReplies(turn.crisisReply, result.reply) : result.reply;
  return { ctx, result, deferred, reply, failed, riskMemory };
}

/** True when neither the conversation nor the screen's memory changed (nothing to save). */
const unchanged = (decision: Decision, loaded: LoadedState): boolean =>
  JSON.stringify(decision.result.conversation) === JSON.stringify(loaded.state) &&
  JSON.stringify(decision.riskMemory) === JSON.stringify(loaded.riskMemory);

/**
 * Commit: one short transaction through the turn store and the outbox. Throws DuplicateTurnError
 * when another attempt processed the event first, StateConflictError when the state moved.
 * Returns the durable reply's outbox row id, when one was written.
 */
export async function commit(deps: TurnStepDeps, c: Commit): Promise<string | undefined> {
  const { ctx, result, failed, reply } = c.decision;
  const { person, now, event } = ctx;
  const outboxId = await deps.db.transaction(async (tx) => {
    if (!(await markProcessed(tx, event, now))) throw new DuplicateTurnError();
    // Releasing the lease with the turn's own commit saves a round trip and a flush per turn.
    await releaseLease(tx, c.lease.personId, c.lease.holder);
    if (failed) await markFailed(tx, event);
    for (const write of c.decision.deferred) await write(tx);
    if (result.forget) return undefined;
    if (!failed && !unchanged(c.decision, c.loaded)) {
      const expiresAt = ctx.mayStoreHistory
        ? null
        : new Date(now.getTime() + (deps.unconsentedStateTtlMs ?? 86_400_000));
      await saveState(tx, person.id, c.loaded, result.conversation, expiresAt, c.decision.riskMemory);
    }
    const flow = topFrame(result.conversation)?.flow ?? null;
    // A support case keeps its own thread; the general history does not copy it.
    if (ctx.mayStoreHistory && ctx.input.text && flow !== 'support') {
      await logInboundText(tx, { personId: person.id, event, flow, text: ctx.input.text });
    }
    if (c.durableReplyGraceMs === undefined || reply.messages.length === 0) return undefined;
    const row = await deps.outbox.enqueueRow(tx, {
      personId: person.id,
      channel: event.channel,
      channelUserId: event.channelUserId,
      purpose: 'reply',
      reply,
      idempotencyKey: `reply:${event.channel}:${event.channelEventId}`,
      notBefore: new Date(now.getTime() + c.durableReplyGraceMs),
    });
    return row?.id;
  });
  c.lease.released = true;
  return outboxId;
}
