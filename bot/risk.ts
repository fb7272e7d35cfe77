import type { Reply } from './messages';

/**
 * Risk levels of the screen that runs first on every text, in memory, before any dialog, LLM or
 * network call: none; concern (a person is offered); ask (the direct question); harm by others (the
 * subtype's lines); high (the crisis reply).
 */
export type RiskLevel = 'none' | 'concern' | 'ask' | 'harm_by_others' | 'high';

/** Who hurts the student, or who else is in danger: chooses the lines of the first reply. */
export type HarmKind = 'home' | 'sexual' | 'school' | 'cyber' | 'extortion' | 'neglect' | 'friend';
export const HARM_KINDS: readonly HarmKind[] = [
  'home',
  'sexual',
  'school',
  'cyber',
  'extortion',
  'neglect',
  'friend',
];

/** Who is writing changes how a hit is read (a worried parent, a mentor relaying words). */
export type Speaker = 'student' | 'parent' | 'mentor' | 'unknown';

/** Languages the crisis reply exists in. */
export type CrisisLanguage = 'ko' | 'en' | 'vi' | 'zh';

export interface RiskAssessment {
  level: RiskLevel;
  /** Rule ids and model cues that fired (never the user's words). */
  signals: string[];
  /** Set when someone else hurts the writer or is in danger (also alongside a high level). */
  harm?: HarmKind;
  /** It is happening now (pills taken, at a height, bleeding): 119/112 come first. */
  inProgress?: boolean;
  /** An adult relays a child's words (the parent variant of the reply). */
  relayed?: boolean;
  /** The language the message is written in, when the screen could tell. */
  language?: CrisisLanguage;
  /** Self-risk probability of the classifier (0 when there is no model), for memory and reports. */
  score?: number;
}

export const NO_RISK: RiskAssessment = Object.freeze({ level: 'none', signals: [] }) as RiskAssessment;

/**
 * What the screen remembers of earlier turns (kept in dialog state; absent when the database is down).
 * After a flag, the next turns are read with lower thresholds, and cues add up across turns.
 */
export interface RiskMemory {
  /** Turns left during which the thresholds stay lowered. */
  watchTurns: number;
  /** Decaying sum of the self-risk scores of recent turns. */
  accumulated: number;
  /** The highest level seen while watching (a denial after a disclosure does not erase it). */
  highest: RiskLevel;
  /** The watch ends at this instant (ISO) whatever the turns: a flag three days ago says little today. */
  until: string;
}

/** The screen itself: pure, synchronous, sub-millisecond, linear in the text. */
export type RiskScreen = (text: string, speaker: Speaker, memory?: RiskMemory) => RiskAssessment;

/** The memory after a screened turn (pure; `now` is the turn's time). */
export type RiskMemoryUpdate = (
  memory: RiskMemory | undefined,
  assessment: RiskAssessment,
  now: Date,
) => RiskMemory | undefined;

/** The memory if it still applies at `now`. */
export const activeMemory = (memory: RiskMemory | undefined, now: Date): RiskMemory | undefined =>
  memory && Date.parse(memory.until) > now.getTime() ? memory : undefined;

/** Facts the crisis reply may use without touching the database (an in-memory roster snapshot). */
export interface CrisisReplyFacts {
  speaker: Speaker;
  language: CrisisLanguage;
  /** Someone trained is on duty right now and will be alerted. */
  personOnDuty: boolean;
  /** When a person will next see it, if nobody is on duty (e.g. "내일 오전 10시"). */
  nextPersonAt?: string;
}

/** Builds the crisis reply for a high or harm-by-others assessment: contacts file only, no I/O. */
export type CrisisReplyBuilder = (assessment: RiskAssessment, facts: CrisisReplyFacts) => Reply;

const RANK: Readonly<Record<RiskLevel, number>> = { none: 0, concern: 1, ask: 2, harm_by_others: 3, high: 4 };

/** True when `a` is a more urgent level than `b`. */
export const isHigherLevel = (a: RiskLevel, b: RiskLevel): boolean => RANK[a] > RANK[b];

/** The more urgent of two levels. */
export const higherLevel = (a: RiskLevel, b: RiskLevel): RiskLevel => (RANK[a] >= RANK[b] ? a : b);

/** True when the level needs the crisis reply at once (step 0). */
export const needsCrisisReply = (level: RiskLevel): boolean => level === 'high' || level === 'harm_by_others';
