import type { Config } from '../../bot/config';
import type { Contacts } from '../../bot/contacts';
import type { Queryable } from '../../bot/db/database';
import type { Logger } from '../../bot/logger';
import type { Language } from '../../bot/people';
import type { Reply } from '../../bot/messages';
import type { Outbox, OutboxPurpose } from '../../bot/outbox';
import { audit, identitiesOf } from '../../bot/people-store';
import type { TextsByLanguage } from '../../bot/texts-loader';
import { alertReply, groupAlertReply } from './alert-text';
import { addEvent, CASE_COLUMNS, normalise, type CaseRow } from './case-store';
import { sentLine } from './harm';
import type { SupportMetrics } from './metrics';
import { reachableIdentities } from './paging-order';
import type { StaffMember } from './roster';
import { recentStudentLines } from './thread';

/**
 * Paging and telling: an alert to one helper on one channel (grouped when a flood comes from one
 * address), and a message to the student or to a helper through the outbox.
 */

/** Everything the ladder needs; no clock (time is a parameter). */
export interface LadderDeps {
  config: Config;
  outbox: Outbox;
  texts: TextsByLanguage;
  contacts: Contacts;
  metrics: SupportMetrics;
  log: Logger;
}

/** Pages about cases from one address within this window go out as one grouped alert. */
export const GROUP_WINDOW_MS = 10 * 60_000;
/** A grouped alert waits this long for more cases before it is sent (the first case paged at once). */
export const GROUP_DELAY_MS = 30_000;
/**
 * When the member was already paged within the window about another case from the same address,
 * this page joins a grouped alert instead of going out on its own: the pending grouped alert is
 * rewritten to list every case, or a new one is planned GROUP_DELAY_MS ahead. Every case is still
 * recorded as alerted to the member (so they may act on it). Returns the outbox key used, or null
 * when the page should go out on its own.
 */
async function groupedPage(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  member: StaffMember,
  identity: { channel: StaffMember['identities'][number]['channel']; channelUserId: string },
  language: Language,
  now: Date,
): Promise<string | null> {
  if (!c.origin) return null;
  const since = new Date(now.getTime() - GROUP_WINDOW_MS);
  const earlier = await tx.query(
    `SELECT 1 FROM support_alerts a JOIN support_cases s ON s.id = a.case_id
      WHERE a.recipient_id = $1 AND s.origin = $2 AND a.case_id <> $3 AND a.created_at > $4 LIMIT 1`,
    [member.personId, c.origin, c.id, since],
  );
  if (earlier.rows.length === 0) return null;
  const { rows } = await tx.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM support_cases s
      WHERE s.origin = $1 AND s.status = 'open' AND (s.id = $3 OR EXISTS (
        SELECT 1 FROM support_alerts a WHERE a.case_id = s.id AND a.recipient_id = $2 AND a.created_at > $4))
      ORDER BY s.id LIMIT 200`,
    [c.origin, member.personId, c.id, since],
  );
  const cases = rows.map(normalise);
  const reply = groupAlertReply(deps.texts[language], cases, now);
  const prefix = `support:group:${c.origin}:${member.personId}:${identity.channel}:`;
  const pending = await tx.query<{ id: string; idempotency_key: string }>(
    `SELECT id::text AS id, idempotency_key FROM outbox
      WHERE person_id = $1 AND purpose = 'alert' AND status = 'pending' AND starts_with(idempotency_key, $2)
      ORDER BY id DESC LIMIT 1 FOR UPDATE`,
    [member.personId, prefix],
  );
  const open = pending.rows[0];
  if (open) {
    await tx.query('UPDATE outbox SET reply = $2 WHERE id = $1', [open.id, JSON.stringify(reply)]);
    return open.idempotency_key;
  }
  const key = `${prefix}${now.getTime()}`;
  await deps.outbox.enqueue(tx, {
    personId: member.personId,
    channel: identity.channel,
    channelUserId: identity.channelUserId,
    reply,
    purpose: 'alert',
    idempotencyKey: key,
    notBefore: new Date(now.getTime() + GROUP_DELAY_MS),
  });
  return key;
}

/** Pages one person on one of their channels (0 = the one they used last). Returns false if none left. */
export async function pageMember(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  member: StaffMember,
  stage: number,
  reason: string,
  now: Date,
  mentorIds: readonly string[],
  options: {
    identity?: { channel: StaffMember['identities'][number]['channel']; channelUserId: string };
    language?: Language;
  } = {},
): Promise<boolean> {
  const identity = options.identity ?? reachableIdentities(member)[0];
  if (!identity) return false;
  const language = options.language ?? member.language ?? 'ko';
  const texts = deps.texts[language];
  let key = await groupedPage(tx, deps, c, member, identity, language, now);
  const grouped = key !== null;
  const said = await recentStudentLines(tx, c.id);
  if (key === null) {
    key = `support:alert:${c.id}:${stage}:${reason}:${member.personId}:${identity.channel}:${now.getTime()}`;
    await deps.outbox.enqueue(tx, {
      personId: member.personId,
      channel: identity.channel,
      channelUserId: identity.channelUserId,
      reply: alertReply(texts, c, member, mentorIds, reason, now, {
        said,
        sent: sentLine(texts, deps.contacts, c.bot_sent),
      }),
      purpose: 'alert',
      idempotencyKey: key,
      subjectId: c.person_id,
    });
  }
  await tx.query(
    `INSERT INTO support_alerts (case_id, recipient_id, channel, channel_user_id, stage, reason, outbox_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (outbox_key, case_id) DO NOTHING`,
    [c.id, member.personId, identity.channel, identity.channelUserId, stage, reason, key, now],
  );
  if (c.excerpt || said.length > 0)
    await audit(tx, 'bot', 'support_excerpt_shared', member.personId, {
      case: c.id,
      channel: identity.channel,
    });
  await addEvent(tx, c.id, now, 'alerted', 'bot', {
    helper: member.personId,
    tier: member.tier,
    channel: identity.channel,
    stage,
    reason,
    grouped,
  });
  return true;
}

/** Sends a message to the person the case is about, on the channel they used last. */
export async function tellPerson(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  reply: Reply,
  purpose: OutboxPurpose,
  tag: string,
  now: Date,
): Promise<string | null> {
  const identity = (await identitiesOf(tx, c.person_id))[0];
  if (!identity) return null;
  const key = `support:${purpose}:${c.id}:${tag}:${now.getTime()}`;
  await deps.outbox.enqueue(tx, {
    personId: c.person_id,
    channel: identity.channel,
    channelUserId: identity.channelUserId,
    reply,
    purpose,
    idempotencyKey: key,
  });
  return key;
}

/**
 * Sends a message to a helper on the channel they used last. `subjectId`: the student it is
 * about (their words go when they are deleted).
 */
export async function tellHelper(
  tx: Queryable,
  deps: LadderDeps,
  helperId: string,
  reply: Reply,
  purpose: OutboxPurpose,
  tag: string,
  now: Date,
  subjectId: string | null = null,
): Promise<string | null> {
  const identity = (await identitiesOf(tx, helperId)).find((i) => i.reachable);
  if (!identity) return null;
  const key = `support:${purpose}:${helperId}:${tag}:${now.getTime()}`;
  await deps.outbox.enqueue(tx, {
    personId: helperId,
    channel: identity.channel,
    channelUserId: identity.channelUserId,
    reply,
    purpose,
    idempotencyKey: key,
    subjectId,
  });
  return key;
}
