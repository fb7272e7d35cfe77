import type { Database, Queryable } from './db/database';
import type { InboundEvent } from './events';
import type { Logger } from './logger';
import type { QuickReply, Reply } from './messages';
import type { ConversationState, Frame } from './dialog/state';
import type { Person } from './people';
import type { RiskAssessment } from './risk';
import type { Texts } from './texts';

export type { ConversationState, Frame } from './dialog/state';

/**
 * The active frame as a flow reads it: plain versioned JSON with named steps. Never a numeric cursor.
 * A flow that changes the shape of its `answers` bumps its own `v`; the host drops states whose
 * version the flow does not accept (see `Flow.acceptsVersion`).
 */
export interface DialogState {
  v: number;
  flow: string;
  step: string;
  answers: Record<string, unknown>;
}

/** What the user said this turn, already masked and normalised. */
export interface TurnInput {
  /** Masked text ('' for a pure postback). */
  text: string;
  /** Our button payload, when a button or quick reply carrying one was tapped. */
  postback?: string;
}

/** A write to commit with the turn: runs inside the turn's one short transaction. */
export type DeferredWrite = (tx: Queryable) => Promise<void>;

/**
 * Everything a dialog may use during one turn. Dialogs never see a platform, HTTP or a channel
 * name; they read with `db` (outside any transaction), and write only through `defer`, so a
 * turn's effects commit together with its state, exactly once, and only if the turn succeeded.
 */
export interface TurnContext {
  readonly now: Date;
  readonly input: TurnInput;
  readonly event: InboundEvent;
  readonly person: Person;
  /** The active flow's state (the top frame; null when no flow is in progress). */
  readonly state: DialogState | null;
  /** The whole stack of flows (the engine's; flows read `state`). */
  readonly conversation: ConversationState;
  readonly texts: Texts;
  readonly risk: RiskAssessment;
  readonly db: Database;
  readonly log: Logger;
  /** True when consent allows keeping history (adult/14+, or guardian confirmed). */
  readonly mayStoreHistory: boolean;
  /** Milliseconds this turn may still spend on slow work (LLM); 0 means "answer offline now". */
  readonly slowWorkBudgetMs: number;
  /** Registers a write to commit with the turn's state. */
  defer(write: DeferredWrite): void;
}

/**
 * A dialog's answer: what to say and what becomes of the flow stack.
 *
 * `state` from the active flow's own step: a state moves the step on, null ends the flow (the one
 * beneath resumes), absent keeps it. From an intent or command: absent or null answers only (the
 * stack is kept and the suspended question is asked again), a state of another flow starts it on
 * top of the stack, a state of the active flow moves it on. `clear` ends every flow.
 */
export interface TurnResult {
  reply: Reply;
  state?: DialogState | null;
  /** Ends every flow on the stack (처음으로, 그만, a finished deletion). */
  clear?: true;
  /** A numbered list ("혹시 이 중에…") the next message may pick from, by number or label; one turn only. */
  suggestions?: QuickReply[];
  /** The reply is the not-understood card (the engine never sends it twice in a row). */
  fallback?: true;
  /**
   * Continue routing in the same turn as if the user had tapped `postback` (a typed menu
   * choice, or resuming what the user asked for after a consent question). The replies are
   * joined. `person` carries what this turn changed about the person (their deferred writes
   * commit with the turn).
   */
  then?: { postback: string; person?: Partial<Person> };
  /** The person's data was deleted in this turn: save no state or history about them. */
  forget?: true;
}

/**
 * Something a flow recognises in free text or a postback when the user is not inside that flow
 * (or the flow's step passed). `match` says yes or no (a number above 0.5 is a yes); which intent
 * wins, and where it may run, is decided by its row in `bot/dialog/intent-table.ts`, not here.
 */
export interface Intent {
  name: string;
  match(ctx: TurnContext): number | boolean;
  handle(ctx: TurnContext): Promise<TurnResult>;
}

/** One conversation flow (eligibility, quiz, support, …). */
export interface Flow {
  /** Equals `DialogState.flow` for states this flow owns. */
  name: string;
  /** Whether a stored state version can still be continued (else the host drops it). */
  acceptsVersion(v: number): boolean;
  /**
   * Continues the flow for a user whose state belongs to it. Returns null when the input is not
   * for this flow (e.g. a new question): the router then tries the intents with the state kept.
   */
  step(ctx: TurnContext): Promise<TurnResult | null>;
  /**
   * The question of the step `frame` is at: in full, or `again` as one short line after a
   * digression was answered (the engine appends it). Null when the step asks nothing.
   */
  ask?(ctx: TurnContext, frame: Frame, mode: 'full' | 'again'): Reply | null;
  /**
   * Whether a frame of this flow ended outside the conversation (a support case closed by the
   * helper): the engine drops such a frame before the turn, so the message is routed as if the
   * flow were not there. Absent: a frame ends only through the flow's own results.
   */
  ended?(ctx: TurnContext, frame: Frame): Promise<boolean>;
  intents?: Intent[];
}

/** What the engine hands back to the pipeline for one turn. */
export interface RoutedTurn {
  reply: Reply;
  conversation: ConversationState;
  forget?: true;
}
