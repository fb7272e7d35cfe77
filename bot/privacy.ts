import type { Queryable } from './db/database';
import { sweepLinkCodes } from './link-codes';
import { pseudonym } from './logger';

/**
 * Deletes everything about a person across all their channel identities ("내 정보 삭제").
 * Capability tables reference people with ON DELETE CASCADE; rows keyed by channel ids are
 * removed here. An audit stub without personal data remains.
 */
export async function deletePersonData(
  tx: Queryable,
  personId: string,
  actor: string,
  logHashSecret: string,
): Promise<void> {
  const { rows } = await tx.query<{ channel: string; channel_user_id: string }>(
    'SELECT channel, channel_user_id FROM identities WHERE person_id = $1',
    [personId],
  );
  for (const identity of rows) {
    await tx.query('DELETE FROM inbound_events WHERE channel = $1 AND channel_user_id = $2', [
      identity.channel,
      identity.channel_user_id,
    ]);
    if (identity.channel === 'web') {
      await tx.query('DELETE FROM web_inbox WHERE channel_user_id = $1', [identity.channel_user_id]);
      await tx.query('DELETE FROM web_sessions WHERE channel_user_id = $1', [identity.channel_user_id]);
    }
  }
  await tx.query('DELETE FROM outbox WHERE person_id = $1', [personId]);
  // Kakao answers that joined several messages list every person they are about.
  await tx.query('DELETE FROM kakao_held WHERE $1::uuid = ANY(subject_ids)', [personId]);
  await tx.query('DELETE FROM kakao_overflow WHERE $1::uuid = ANY(subject_ids)', [personId]);
  await tx.query('DELETE FROM people WHERE id = $1', [personId]);
  await tx.query('INSERT INTO audit_log (actor, action, subject, detail) VALUES ($1, $2, $3, $4)', [
    actor,
    'person_deleted',
    pseudonym(logHashSecret, personId),
    JSON.stringify({ identities: rows.length }),
  ]);
}

/**
 * Retention sweep: removes message text older than `retentionDays` from every table that holds
 * text. Capabilities register their own statements (each `DELETE … WHERE created_at < $1`).
 */
export async function sweepRetention(
  db: Queryable,
  now: Date,
  retentionDays: number,
  extraStatements: string[] = [],
): Promise<void> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const statements = [
    'DELETE FROM message_log WHERE created_at < $1',
    'DELETE FROM web_inbox WHERE created_at < $1',
    `DELETE FROM inbound_events WHERE received_at < $1 AND status <> 'received'`,
    `DELETE FROM outbox WHERE created_at < $1 AND status IN ('sent', 'failed', 'cancelled')`,
    ...extraStatements,
  ];
  for (const statement of statements) await db.query(statement, [cutoff]);
}

/**
 * Sweeps what is worthless once it expires, whatever RETENTION_DAYS says: web sessions past
 * their end (a flood of sessions must not pile up), link codes and their failure counts.
 */
export async function sweepExpired(db: Queryable, now: Date): Promise<void> {
  await db.query('DELETE FROM web_sessions WHERE expires_at < $1', [now]);
  await sweepLinkCodes(db, now);
}

/** Someone who wrote once and never again is swept this long after they first wrote. */
export const TRANSIENT_AFTER_MS = 86_400_000;
const TRANSIENT_BATCH = 1000;

/**
 * Deletes people who never got past their first message (a flood of anonymous sessions leaves
 * thousands): no audience chosen, no consent, no role, no link, at most one message ever, first
 * seen more than a day ago, and nothing a capability keeps them for (`retains`: SQL conditions on
 * `p`, e.g. an open support case). Their inbound log and web rows go with them. Returns how many.
 */
export async function sweepTransientPeople(
  db: Queryable,
  now: Date,
  retains: string[] = [],
): Promise<number> {
  const kept = retains.map((condition) => `AND NOT (${condition})`).join(' ');
  let total = 0;
  for (;;) {
    const { rows } = await db.query<{ id: string }>(
      `SELECT p.id FROM people p
        WHERE p.audience IS NULL AND p.consent = 'unknown' AND p.created_at < $1
          AND NOT EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = p.id)
          AND NOT EXISTS (SELECT 1 FROM links l WHERE l.from_person = p.id OR l.to_person = p.id)
          AND (SELECT count(*) FROM inbound_events e JOIN identities i
                  ON e.channel = i.channel AND e.channel_user_id = i.channel_user_id
                WHERE i.person_id = p.id) <= 1
          ${kept}
        LIMIT ${TRANSIENT_BATCH}`,
      [new Date(now.getTime() - TRANSIENT_AFTER_MS)],
    );
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return total;
    await db.query(
      `DELETE FROM inbound_events e USING identities i
        WHERE i.person_id = ANY($1::uuid[]) AND e.channel = i.channel AND e.channel_user_id = i.channel_user_id`,
      [ids],
    );
    await db.query(
      `DELETE FROM web_inbox w USING identities i
        WHERE i.person_id = ANY($1::uuid[]) AND i.channel = 'web' AND w.channel_user_id = i.channel_user_id`,
      [ids],
    );
    await db.query(
      `DELETE FROM web_sessions s USING identities i
        WHERE i.person_id = ANY($1::uuid[]) AND i.channel = 'web' AND s.channel_user_id = i.channel_user_id`,
      [ids],
    );
    await db.query('DELETE FROM people WHERE id = ANY($1::uuid[])', [ids]);
    total += ids.length;
    if (ids.length < TRANSIENT_BATCH) return total;
  }
}
