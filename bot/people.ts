import type { Channel } from './messages';

/** Roles a person can hold at once. Power roles come only from the admin API plus a link code. */
export type Role = 'student' | 'parent' | 'mentor' | 'coordinator' | 'staff';
export const POWER_ROLES: readonly Role[] = ['mentor', 'coordinator', 'staff'];

/** Consent states (PIPA Art. 22-2). Only `adult_or_14plus` and `guardian_confirmed` allow history. */
export type ConsentState = 'unknown' | 'adult_or_14plus' | 'under14_pending' | 'guardian_confirmed';

/** Age band, the only personal fact kept before consent. */
export type AgeBand = 'under14' | '14to18' | 'adult';

/** Languages the bot answers in (vi and zh fall back to English where a sentence is missing). */
export type Language = 'ko' | 'en' | 'vi' | 'zh';
export const LANGUAGES: readonly Language[] = ['ko', 'en', 'vi', 'zh'];

/** The complete catalogue behind a language: Korean, or English for every other language. */
export const baseLanguage = (language: Language): 'ko' | 'en' => (language === 'ko' ? 'ko' : 'en');

/**
 * One on-duty window of a mentor or staff member, in Asia/Seoul (0 = Sunday); `to` ≤ `from`
 * wraps past midnight. Written by the admin API, read by the support roster.
 */
export interface HourWindow {
  days: number[];
  from: string;
  to: string;
}

/** A person as a turn sees them. */
export interface Person {
  id: string;
  roles: Role[];
  /** Who they said they are at the start (student or parent); null until they chose. */
  audience: 'student' | 'parent' | null;
  consent: ConsentState;
  ageBand: AgeBand | null;
  language: Language;
  /** First name for mentors/staff, shown to students at handoff. Null for users. */
  displayName: string | null;
  /** The channel identity this turn came through. */
  channel: Channel;
  channelUserId: string;
  /** Whether we have greeted them (welcome + AI disclosure) already. */
  greeted: boolean;
}

/** True when consent allows storing history about this person. */
export const mayStoreHistory = (consent: ConsentState): boolean =>
  consent === 'adult_or_14plus' || consent === 'guardian_confirmed';
