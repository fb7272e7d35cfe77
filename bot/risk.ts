import type { Reply } from './messages';

/**
 * Risk levels of the screen that runs first on every text, in memory, before any dialog,
 * LLM or network call.
 */
export type RiskLevel = 'none' | 'concern' | 'high' | 'harm_by_others';

/** Who is writing changes how a hit is read (a worried parent, a mentor relaying words). */
export type Speaker = 'student' | 'parent' | 'mentor' | 'unknown';

export interface RiskAssessment {
  level: RiskLevel;
  /** Lexicon entry ids that fired (never the user's words). */
  signals: string[];
}

export const NO_RISK: RiskAssessment = Object.freeze({ level: 'none', signals: [] }) as RiskAssessment;

/** The screen itself: pure, synchronous, sub-millisecond. */
export type RiskScreen = (text: string, speaker: Speaker) => RiskAssessment;

/** Facts the crisis reply may use without touching the database (an in-memory roster snapshot). */
export interface CrisisReplyFacts {
  speaker: Speaker;
  language: 'ko' | 'en';
  /** Someone trained is on duty right now and will be alerted. */
  personOnDuty: boolean;
  /** When a person will next see it, if nobody is on duty (e.g. "내일 오전 10시"). */
  nextPersonAt?: string;
}

/** Builds the crisis reply for a high or harm-by-others assessment: contacts file only, no I/O. */
export type CrisisReplyBuilder = (assessment: RiskAssessment, facts: CrisisReplyFacts) => Reply;

/** True when the level needs the crisis reply at once (step 0). */
export const needsCrisisReply = (level: RiskLevel): boolean => level === 'high' || level === 'harm_by_others';
