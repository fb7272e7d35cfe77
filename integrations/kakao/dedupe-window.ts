import { createHash } from 'node:crypto';

/**
 * Kakao has no event id, and a double tap sends the same request twice within a second or two.
 * This window remembers, for ~3 s after each user's latest request, the promise of its answer,
 * keyed on (botUserKey, utterance, clientExtra), so a second identical request gets the same answer
 * and runs no turn. Only the user's latest request counts: "ㅋㅋ", "네", "ㅋㅋ" is three messages. Quiz buttons carry the question id in their extra, so "1" for two different
 * questions are two keys. The caller must not consult it for a risk hit: a repeated cry for help
 * is always answered as such.
 *
 * In memory, per process: behind a load balancer a double tap landing on two instances runs twice
 * (the turn pipeline's own idempotency is the backstop).
 */

export interface DedupeWindowOptions {
  /** How long after the first request a repeat counts as a double tap (3000). */
  windowMs?: number;
  /** Memory bound: the oldest entries go first when it is reached (10 000). */
  maxEntries?: number;
  /** Injectable clock (ms). */
  now?: () => number;
}

export interface DedupeWindow<T> {
  /** The answer of `user`'s latest request when it had this key and is inside the window. */
  lookup(user: string, key: string): Promise<T> | undefined;
  /** Remembers `user`'s latest request; a rejected answer is forgotten so a retry runs. */
  remember(user: string, key: string, answer: Promise<T>): void;
  /** Entries currently held (expired ones are dropped lazily). */
  size(): number;
}

/** Stable JSON: object keys sorted, so {a,b} and {b,a} are the same extra. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The key of a request; hashed, so the window holds no message text. */
export function dedupeKey(
  botUserKey: string,
  utterance: string,
  clientExtra: Record<string, unknown> | null | undefined,
): string {
  const empty = !clientExtra || Object.keys(clientExtra).length === 0;
  return createHash('sha256')
    .update(JSON.stringify([botUserKey, utterance, empty ? null : stable(clientExtra)]))
    .digest('base64url');
}

/** The window's name for a user (hashed: the window holds no ids). */
export function dedupeUser(botUserKey: string): string {
  return createHash('sha256').update(botUserKey).digest('base64url');
}

/** Creates a window; entries live `windowMs` from the first request (repeats do not extend them). */
export function createDedupeWindow<T>(options: DedupeWindowOptions = {}): DedupeWindow<T> {
  const windowMs = options.windowMs ?? 3000;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  // Map keeps insertion order, which is also expiry order because entries are never refreshed.
  const entries = new Map<string, { key: string; at: number; answer: Promise<T> }>();

  const evictExpired = (t: number): void => {
    for (const [key, entry] of entries) {
      if (t - entry.at < windowMs) break;
      entries.delete(key);
    }
  };

  return {
    lookup(user, key) {
      const t = now();
      evictExpired(t);
      const entry = entries.get(user);
      return entry && entry.key === key && t - entry.at < windowMs ? entry.answer : undefined;
    },
    remember(user, key, answer) {
      const t = now();
      evictExpired(t);
      entries.delete(user);
      entries.set(user, { key, at: t, answer });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
      answer.catch(() => {
        if (entries.get(user)?.answer === answer) entries.delete(user);
      });
    },
    size() {
      evictExpired(now());
      return entries.size;
    },
  };
}
