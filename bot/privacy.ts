import type { Queryable } from './db/database';
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
    'DELETE FROM web_sessions WHERE expires_at < $1',
    'DELETE FROM link_codes WHERE expires_at < $1',
    ...extraStatements,
  ];
  for (const statement of statements) await db.query(statement, [cutoff]);
}
