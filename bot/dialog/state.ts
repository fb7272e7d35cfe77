import type { DialogState } from '../dialog';
import type { QuickReply } from '../messages';

/**
 * One flow in progress: which flow, which named step, the answers so far (`slots`), the flow's own
 * state version `v`, and how many times in a row the step's question went unanswered (`misses`).
 */
export interface Frame {
  flow: string;
  step: string;
  slots: Record<string, unknown>;
  v: number;
  misses?: number;
}

/**
 * Dialog state v2: a stack of frames (the top one is active; the ones beneath are suspended and
 * resume when it ends), plus two things that live for exactly one turn: a numbered suggestion list
 * ("혹시 이 중에…") and whether the last reply was the help-centre card.
 */
export interface ConversationState {
  v: 2;
  frames: Frame[];
  /** A numbered list the user may answer with "2" or a label on the very next turn only. */
  list?: QuickReply[];
  /** The last reply was the not-understood card: the next miss says less. */
  lastFallback?: true;
}

/** At most this many flows are stacked; pushing a fourth drops the oldest. */
export const MAX_DEPTH = 3;

export const EMPTY_CONVERSATION: ConversationState = Object.freeze({ v: 2, frames: [] }) as ConversationState;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function readFrame(value: unknown): Frame | null {
  if (!isRecord(value)) return null;
  const { flow, step, v } = value;
  const slots = value.slots ?? value.answers;
  if (typeof flow !== 'string' || typeof step !== 'string' || typeof v !== 'number' || !isRecord(slots))
    return null;
  const frame: Frame = { flow, step, slots, v };
  if (typeof value.misses === 'number' && value.misses > 0) frame.misses = value.misses;
  return frame;
}

/**
 * Reads a stored state: v2 as it is, a v1 state (`{ v, flow, step, answers }`, where `v` was the
 * flow's own version) as a stack of one frame, anything else as an empty conversation.
 */
export function readConversation(raw: unknown): ConversationState {
  if (!isRecord(raw)) return EMPTY_CONVERSATION;
  if (Array.isArray(raw.frames)) {
    const frames = raw.frames
      .map(readFrame)
      .filter((f): f is Frame => f !== null)
      .slice(-MAX_DEPTH);
    const state: ConversationState = { v: 2, frames };
    if (Array.isArray(raw.list)) {
      const list = raw.list.filter(
        (o): o is QuickReply => isRecord(o) && typeof o.label === 'string' && typeof o.postback === 'string',
      );
      if (list.length > 0) state.list = list;
    }
    if (raw.lastFallback === true) state.lastFallback = true;
    return state;
  }
  const frame = readFrame(raw);
  return frame ? { v: 2, frames: [frame] } : EMPTY_CONVERSATION;
}

/** What is stored: null when nothing is in progress, so idle people have no row content. */
export const storedConversation = (state: ConversationState): ConversationState | null =>
  state.frames.length === 0 && !state.list && !state.lastFallback ? null : state;

export const topFrame = (state: ConversationState): Frame | null => state.frames.at(-1) ?? null;

/** The active frame as the older single-state shape flows read (`ctx.state`). */
export const frameAsState = (frame: Frame | null): DialogState | null =>
  frame ? { v: frame.v, flow: frame.flow, step: frame.step, answers: frame.slots } : null;

export const stateAsFrame = (state: DialogState, misses?: number): Frame => {
  const frame: Frame = { flow: state.flow, step: state.step, slots: state.answers, v: state.v };
  if (misses) frame.misses = misses;
  return frame;
};

export const withFrames = (state: ConversationState, frames: Frame[]): ConversationState => ({
  v: 2,
  frames: frames.slice(-MAX_DEPTH),
});

/** Replaces the active frame (a step moved on); a new step starts with no misses. */
export function replaceTop(state: ConversationState, next: Frame): ConversationState {
  const below = state.frames.slice(0, -1);
  const top = topFrame(state);
  const sameStep = top && top.flow === next.flow && top.step === next.step;
  const frame = { ...next };
  if (!sameStep) delete frame.misses;
  return withFrames(state, [...below, frame]);
}

/** Starts a flow on top of the others; the same flow already on the stack moves to the top. */
export function pushFrame(state: ConversationState, next: Frame): ConversationState {
  return withFrames(state, [...state.frames.filter((f) => f.flow !== next.flow), next]);
}

export const popFrame = (state: ConversationState): ConversationState =>
  withFrames(state, state.frames.slice(0, -1));
