import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Queryable } from './db/database';
import type { Channel } from './messages';

/**
 * One-time link codes (staff ↔ channel identity, guardian consent, parent ↔ child, and any later
 * mentor ↔ student code). A security review guessed 6-digit codes in minutes, so a code is now:
 *
 * - 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L, U): 30^10 ≈ 2^49;
 * - shown grouped (`K7QF-M2XP-9D`), typed with or without dashes and spaces, in any case;
 * - split into a selector (the first 5 characters, stored as is, to find the row) and a verifier
 *   (the other 5, stored only as a hash), so a wrong try against a real code is counted on that
 *   code and the code is burned after 5;
 * - tried only while the source (the channel user, and for the web the client address) has not
 *   failed too often: every try counts as a failure until it succeeds, so parallel guesses cannot
 *   slip past the count.
 *
 * A wrong, burned, used or expired code all read the same to the person who typed it.
 */

/** Symbols a person can read aloud and type without confusing them. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_LENGTH = 10;
const SELECTOR_LENGTH = 5;
/**
 * A code has 2 to 6 digits: never enough for a personal-number mask to read it as a number, and
 * always one, so "link my child" is never taken for a code.
 */
const MIN_DIGITS = 2;
const MAX_DIGITS = 6;

/** Failed tries after which a code is burned. */
export const CODE_MAX_FAILURES = 5;
/** Failures a source may have in a window before it is locked out until the window ends. */
export const SOURCE_LIMITS = { user: 5, address: 20 } as const;
export const SOURCE_WINDOW_MS = 3_600_000;

export type LinkCodePurpose = 'parent_child' | 'guardian_consent' | 'staff_link' | 'mentor_mentee';

/** Who may redeem a code: anyone, or only one channel (and optionally one channel id). */
export interface CodeBinding {
  channel: Channel;
  channelUserId?: string;
}

/** A fresh code in canonical form (10 characters, no dashes). */
export function newLinkCode(): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < CODE_LENGTH; i += 1) code += CODE_ALPHABET[randomInt(0, CODE_ALPHABET.length)];
    let digits = 0;
    for (const c of code) if (c >= '0' && c <= '9') digits += 1;
    if (digits >= MIN_DIGITS && digits <= MAX_DIGITS) return code;
  }
}

/** `K7QFM2XP9D` → `K7QF-M2XP-9D`, the way every code is shown. */
export const formatLinkCode = (code: string): string =>
  `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;

/** Separators people put inside or before a code: every kind of space, dash, minus and colon. */
const SEPARATORS = /[\s\-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D:\uFF1A.]+/g;

/** What a typed line becomes before it is compared: NFKC, no separators, upper case. */
const squashed = (text: string): string => text.normalize('NFKC').replace(SEPARATORS, '').toUpperCase();

const PREFIX_MAX_CHARS = 40;
const ATTEMPT_MIN = 4;
const ATTEMPT_MAX = 16;

const isAlphanumeric = (c: string): boolean => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');

/**
 * Reads "<prefix> <code>" ("멘토 등록 K7QF-M2XP-9D", "동의 k7qfm2xp9d", "연결: K7QF M2XP 9D").
 * Returns the typed code (upper case, separators removed; possibly malformed: the caller treats
 * it as a wrong code) or null when the line is not this command. Linear in the input: one
 * normalisation, one character-class pass, a prefix comparison and a bounded scan.
 */
export function parseCodeCommand(text: string, prefixes: readonly string[]): string | null {
  // A command is short; a long text is a message, whatever it starts with.
  if (text.length > PREFIX_MAX_CHARS + ATTEMPT_MAX * 3) return null;
  const typed = squashed(text);
  for (const prefix of prefixes) {
    const p = squashed(prefix);
    if (!typed.startsWith(p)) continue;
    const rest = typed.slice(p.length);
    if (rest.length < ATTEMPT_MIN || rest.length > ATTEMPT_MAX) continue;
    let ok = true;
    let digit = false;
    for (const c of rest) {
      if (!isAlphanumeric(c)) ok = false;
      if (c >= '0' && c <= '9') digit = true;
    }
    if (ok && digit) return rest;
  }
  return null;
}

/** True when `attempt` has the shape of a real code (10 characters of the alphabet). */
export function isWellFormedCode(attempt: string): boolean {
  if (attempt.length !== CODE_LENGTH) return false;
  for (const c of attempt) if (!CODE_ALPHABET.includes(c)) return false;
  return true;
}

const verifierHash = (code: string): string =>
  createHash('sha256')
    .update(`link-code:${code.slice(0, SELECTOR_LENGTH)}:${code.slice(SELECTOR_LENGTH)}`)
    .digest('hex');

/** Stores one code; false when its selector is already taken (the caller draws another). */
export async function insertLinkCode(
  tx: Queryable,
  code: string,
  purpose: LinkCodePurpose,
  personId: string,
  side: 'child' | 'parent' | null,
  expiresAt: Date,
  binding?: CodeBinding,
): Promise<boolean> {
  const inserted = await tx.query(
    `INSERT INTO link_codes (selector, verifier_hash, purpose, person_id, side, expires_at, bound_channel, bound_channel_user_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (selector) DO NOTHING`,
    [
      code.slice(0, SELECTOR_LENGTH),
      verifierHash(code),
      purpose,
      personId,
      side,
      expiresAt,
      binding?.channel ?? null,
      binding?.channelUserId ?? null,
    ],
  );
  return inserted.rowCount === 1;
}

/** Creates a one-time code for `purpose`, valid for `ttlMinutes`; returns it in canonical form. */
export async function createLinkCode(
  tx: Queryable,
  purpose: LinkCodePurpose,
  personId: string,
  side: 'child' | 'parent' | null,
  now: Date,
  ttlMinutes: number,
  binding?: CodeBinding,
): Promise<string> {
  const expiresAt = new Date(now.getTime() + ttlMinutes * 60_000);
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const code = newLinkCode();
    if (await insertLinkCode(tx, code, purpose, personId, side, expiresAt, binding)) return code;
  }
  throw new Error('could not create a unique link code');
}

/** A source whose failures are counted: a keyed hash of a channel user or of a client address. */
export interface CodeSource {
  key: string;
  limit: number;
}

/** The code a redemption found: who asked for it, and its id (to consume it in the turn). */
export interface RedeemedCode {
  id: string;
  purpose: LinkCodePurpose;
  personId: string;
  side: 'child' | 'parent' | null;
}

export type RedeemResult = { ok: true; code: RedeemedCode } | { ok: false; reason: 'invalid' | 'locked' };

interface CodeRow {
  id: string;
  purpose: LinkCodePurpose;
  person_id: string;
  side: 'child' | 'parent' | null;
  verifier_hash: string;
  expires_at: Date;
  used_at: Date | null;
  burned_at: Date | null;
  bound_channel: string | null;
  bound_channel_user_id: string | null;
}

/**
 * Counts one try against a source and returns the failures in its window (this try included).
 * Written at once, outside the turn's transaction, on purpose: a try must count even when the
 * turn later fails, and two parallel tries must both be seen.
 */
async function countTry(db: Queryable, source: string, now: Date): Promise<number> {
  const { rows } = await db.query<{ failures: number }>(
    `INSERT INTO link_code_attempts (source, window_started_at, failures) VALUES ($1, $2, 1)
     ON CONFLICT (source) DO UPDATE SET
       failures = CASE WHEN link_code_attempts.window_started_at <= $3 THEN 1 ELSE link_code_attempts.failures + 1 END,
       window_started_at = CASE WHEN link_code_attempts.window_started_at <= $3 THEN $2 ELSE link_code_attempts.window_started_at END
     RETURNING failures`,
    [source, now, new Date(now.getTime() - SOURCE_WINDOW_MS)],
  );
  return Number(rows[0]?.failures ?? 1);
}

/** A successful try was counted as a failure in advance: take it back. */
async function uncountTry(db: Queryable, source: string): Promise<void> {
  await db.query('UPDATE link_code_attempts SET failures = greatest(failures - 1, 0) WHERE source = $1', [
    source,
  ]);
}

/** Counts a wrong try against the code itself and burns it at the limit. */
async function countCodeFailure(db: Queryable, id: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE link_codes SET failed_tries = failed_tries + 1,
            burned_at = CASE WHEN failed_tries + 1 >= $2 THEN coalesce(burned_at, $3) ELSE burned_at END
      WHERE id = $1`,
    [id, CODE_MAX_FAILURES, now],
  );
}

const sameHash = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Checks a typed code for one of `purposes`, counting the try against every source and, when it
 * names a real code with the wrong rest, against that code. Does not consume the code: the turn
 * does that with `consumeLinkCode` in its own transaction.
 */
export async function redeemLinkCode(
  db: Queryable,
  input: {
    attempt: string;
    purposes: readonly LinkCodePurpose[];
    channel: Channel;
    channelUserId: string;
    sources: readonly CodeSource[];
    now: Date;
  },
): Promise<RedeemResult> {
  const { now } = input;
  let locked = false;
  for (const source of input.sources) {
    if ((await countTry(db, source.key, now)) > source.limit) locked = true;
  }
  if (locked) return { ok: false, reason: 'locked' };
  if (!isWellFormedCode(input.attempt)) return { ok: false, reason: 'invalid' };
  const { rows } = await db.query<CodeRow>(
    `SELECT id::text AS id, purpose, person_id, side, verifier_hash, expires_at, used_at, burned_at,
            bound_channel, bound_channel_user_id
       FROM link_codes WHERE selector = $1`,
    [input.attempt.slice(0, SELECTOR_LENGTH)],
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: 'invalid' };
  if (!sameHash(row.verifier_hash, verifierHash(input.attempt))) {
    await countCodeFailure(db, row.id, now);
    return { ok: false, reason: 'invalid' };
  }
  const usable =
    row.used_at === null && row.burned_at === null && new Date(row.expires_at).getTime() > now.getTime();
  if (!usable || !input.purposes.includes(row.purpose)) return { ok: false, reason: 'invalid' };
  const boundElsewhere =
    (row.bound_channel !== null && row.bound_channel !== input.channel) ||
    (row.bound_channel_user_id !== null && row.bound_channel_user_id !== input.channelUserId);
  if (boundElsewhere) {
    // The right code from the wrong account: someone else has it. Counted, and burned at the limit.
    await countCodeFailure(db, row.id, now);
    return { ok: false, reason: 'invalid' };
  }
  for (const source of input.sources) await uncountTry(db, source.key);
  return { ok: true, code: { id: row.id, purpose: row.purpose, personId: row.person_id, side: row.side } };
}

/** Consumes a code exactly once inside the turn's transaction; false when it is no longer usable. */
export async function consumeLinkCode(tx: Queryable, id: string, now: Date): Promise<boolean> {
  const result = await tx.query(
    `UPDATE link_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND burned_at IS NULL AND expires_at > $2`,
    [id, now],
  );
  return result.rowCount === 1;
}

/**
 * Forgets failure counts whose window ended, and codes a day after they expired, were used or
 * burned (they are worth nothing then, and a smaller table keeps selectors free). Hourly.
 */
export async function sweepLinkCodes(db: Queryable, now: Date): Promise<void> {
  await db.query('DELETE FROM link_code_attempts WHERE window_started_at < $1', [
    new Date(now.getTime() - SOURCE_WINDOW_MS),
  ]);
  await db.query('DELETE FROM link_codes WHERE expires_at < $1 OR used_at < $1 OR burned_at < $1', [
    new Date(now.getTime() - 86_400_000),
  ]);
}
