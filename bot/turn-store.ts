import type { Database, Queryable } from './db/database';
import { readConversation, storedConversation, type ConversationState } from './dialog/state';
import type { InboundEvent } from './events';
import type { RiskMemory } from './risk';

/** Thrown when another turn saved the state first (optimistic concurrency); the turn is retried. */
export class StateConflictError extends Error {
  constructor(readonly personId: string) {
    super('dialog state changed underneath this turn');
    this.name = 'StateConflictError';
  }
}

export interface LoadedState {
  /** The flow stack (v1 rows read as one frame; expired or malformed rows as an empty stack). */
  state: ConversationState;
  /** The risk screen's memory of earlier turns (absent: nothing flagged lately). */
  riskMemory?: RiskMemory;
  /** Row version read (null: no row yet). */
  rowVersion: number | null;
}

const isRiskMemory = (value: unknown): value is RiskMemory => {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.watchTurns === 'number' &&
    typeof m.accumulated === 'number' &&
    typeof m.highest === 'string' &&
    typeof m.until === 'string'
  );
};

/** Loads a person's dialog state; an expired or malformed state reads as none. */
export async function loadState(db: Queryable, personId: string, now: Date): Promise<LoadedState> {
  const { rows } = await db.query<{
    state: unknown;
    risk_memory: unknown;
    row_version: number;
    expires_at: Date | null;
  }>('SELECT state, risk_memory, row_version, expires_at FROM dialog_states WHERE person_id = $1', [
    personId,
  ]);
  const row = rows[0];
  if (!row) return { state: readConversation(null), rowVersion: null };
  const expired = row.expires_at !== null && row.expires_at.getTime() <= now.getTime();
  const loaded: LoadedState = {
    state: readConversation(expired ? null : row.state),
    rowVersion: row.row_version,
  };
  if (!expired && isRiskMemory(row.risk_memory)) loaded.riskMemory = row.risk_memory;
  return loaded;
}

/** Saves the state if nobody saved since we read it; throws StateConflictError otherwise. */
export async function saveState(
  tx: Queryable,
  personId: string,
  loaded: LoadedState,
  next: ConversationState,
  expiresAt: Date | null,
  riskMemory?: RiskMemory,
): Promise<void> {
  const stored = storedConversation(next);
  const json = stored === null ? null : JSON.stringify(stored);
  const memory = riskMemory === undefined ? null : JSON.stringify(riskMemory);
  const result =
    loaded.rowVersion === null
      ? await tx.query(
          `INSERT INTO dialog_states (person_id, state, risk_memory, row_version, expires_at) VALUES ($1, $2, $3, 1, $4)
           ON CONFLICT (person_id) DO NOTHING`,
          [personId, json, memory, expiresAt],
        )
      : await tx.query(
          `UPDATE dialog_states SET state = $3, risk_memory = $5, row_version = row_version + 1, expires_at = $4, updated_at = now()
            WHERE person_id = $1 AND row_version = $2`,
          [personId, loaded.rowVersion, json, expiresAt, memory],
        );
  if (result.rowCount !== 1) throw new StateConflictError(personId);
}

/** Records an inbound event; false when the same channel event id was seen before. */
export async function recordInbound(
  db: Queryable,
  event: InboundEvent,
  payload: object | null,
  receivedAt?: Date,
): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO inbound_events (channel, channel_event_id, channel_user_id, payload, occurred_at, received_at)
     VALUES ($1, $2, $3, $4, $5, coalesce($6, now())) ON CONFLICT (channel, channel_event_id) DO NOTHING`,
    [
      event.channel,
      event.channelEventId,
      event.channelUserId,
      payload === null ? null : JSON.stringify(payload),
      event.occurredAt,
      receivedAt ?? null,
    ],
  );
  return result.rowCount === 1;
}

/** True when the event is stored but not yet processed (or being processed right now). */
export async function isStillReceived(db: Queryable, event: InboundEvent): Promise<boolean> {
  const { rows } = await db.query<{ status: string }>(
    'SELECT status FROM inbound_events WHERE channel = $1 AND channel_event_id = $2',
    [event.channel, event.channelEventId],
  );
  return rows[0]?.status === 'received';
}

/** Marks an event processed inside the turn's transaction; false if someone else already did. */
export async function markProcessed(tx: Queryable, event: InboundEvent, now: Date): Promise<boolean> {
  const result = await tx.query(
    `UPDATE inbound_events SET status = 'processed', processed_at = $3, payload = NULL, attempts = attempts + 1
      WHERE channel = $1 AND channel_event_id = $2 AND status = 'received'`,
    [event.channel, event.channelEventId, now],
  );
  return result.rowCount === 1;
}

/** Marks an event whose dialog failed (inside the turn's transaction; its state is left unchanged). */
export async function markFailed(tx: Queryable, event: InboundEvent): Promise<void> {
  await tx.query(`UPDATE inbound_events SET status = 'failed' WHERE channel = $1 AND channel_event_id = $2`, [
    event.channel,
    event.channelEventId,
  ]);
}

/** Keeps an inbound text in the message history (only for people whose consent allows it). */
export async function logInboundText(
  tx: Queryable,
  entry: { personId: string; event: InboundEvent; flow: string | null; text: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO message_log (person_id, channel, channel_message_id, direction, flow, text) VALUES ($1, $2, $3, 'in', $4, $5)`,
    [entry.personId, entry.event.channel, entry.event.channelEventId, entry.flow, entry.text],
  );
}

/** Remembers that the crisis text went out for this event (a redelivery must not send it twice). */
export async function markCrisisSent(db: Queryable, event: InboundEvent): Promise<boolean> {
  const result = await db.query(
    `UPDATE inbound_events SET crisis_sent = true WHERE channel = $1 AND channel_event_id = $2 AND NOT crisis_sent`,
    [event.channel, event.channelEventId],
  );
  return result.rowCount === 1;
}

/**
 * Per-user order across processes: a lease row taken and released in short transactions,
 * never held across a network or LLM call. An expired lease (crashed holder) is taken over.
 */
export interface LeaseOptions {
  holder: string;
  ttlMs: number;
  /** Holders starting with this prefix are ours and may be taken over (see the pipeline). */
  ownPrefix?: string;
}

/** Tries once to take the lease; true when we hold it. */
export async function tryLease(db: Database, personId: string, options: LeaseOptions): Promise<boolean> {
  const { rows } = await db.query<{ holder: string }>(
    `INSERT INTO user_leases (person_id, holder, expires_at) VALUES ($1, $2, now() + $3 * interval '1 millisecond')
     ON CONFLICT (person_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
       WHERE user_leases.expires_at < now() OR user_leases.holder = EXCLUDED.holder
          OR ($4::text IS NOT NULL AND starts_with(user_leases.holder, $4::text))
     RETURNING holder`,
    [personId, options.holder, options.ttlMs, options.ownPrefix ?? null],
  );
  return rows[0]?.holder === options.holder;
}

/** Extends a lease we hold (heartbeat during a long turn). */
export async function renewLease(db: Database, personId: string, options: LeaseOptions): Promise<void> {
  await db.query(
    `UPDATE user_leases SET expires_at = now() + $3 * interval '1 millisecond' WHERE person_id = $1 AND holder = $2`,
    [personId, options.holder, options.ttlMs],
  );
}

/** Releases a lease we hold (inside the turn's commit, to save a round trip and a flush). */
export async function releaseLease(db: Queryable, personId: string, holder: string): Promise<void> {
  await db.query('DELETE FROM user_leases WHERE person_id = $1 AND holder = $2', [personId, holder]);
}

/** The pipeline's own payload format for an inbound event (masked), used for crash recovery. */
export interface PipelinePayload {
  pipelineEvent: Omit<InboundEvent, 'occurredAt'> & { occurredAt: string };
}

/** Recovery attempts an event gets before it is given up (marked failed, its text dropped). */
export const MAX_RECOVERY_ATTEMPTS = 3;

/** A stored event claimed for one more processing attempt. */
export interface ClaimedInbound<P> {
  channel: string;
  channelEventId: string;
  payload: P;
  /** Attempts so far, this one included. */
  attempts: number;
}

/**
 * Claims events stored but never processed (a crash, a failed turn) whose payload has
 * `payloadKey` (the pipeline's own format, or a channel's): each claim counts an attempt, and an
 * event past MAX_RECOVERY_ATTEMPTS is given up here rather than retried every tick. Oldest first.
 */
export async function claimStaleInbound<P>(
  db: Queryable,
  claim: { payloadKey: string; olderThan: Date; limit: number; exclude?: readonly string[] },
): Promise<{ claimed: ClaimedInbound<P>[]; abandoned: number }> {
  const { rows } = await db.query<{
    channel: string;
    channel_event_id: string;
    payload: P;
    attempts: number;
    occurred_at: Date;
  }>(
    `UPDATE inbound_events SET attempts = attempts + 1
      WHERE (channel, channel_event_id) IN (
        SELECT channel, channel_event_id FROM inbound_events
         WHERE status = 'received' AND received_at <= $1 AND payload ? $3
           AND NOT (channel_event_id = ANY($4::text[]))
         ORDER BY occurred_at LIMIT $2)
     RETURNING channel, channel_event_id, payload, attempts, occurred_at`,
    [claim.olderThan, claim.limit, claim.payloadKey, [...(claim.exclude ?? [])]],
  );
  const tired = rows.filter((r) => r.attempts > MAX_RECOVERY_ATTEMPTS);
  if (tired.length > 0) {
    await db.query(
      `UPDATE inbound_events SET status = 'failed', payload = NULL
        WHERE (channel, channel_event_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [tired.map((r) => r.channel), tired.map((r) => r.channel_event_id)],
    );
  }
  const claimed = rows
    .filter((r) => r.attempts <= MAX_RECOVERY_ATTEMPTS)
    .sort((a, b) => new Date(a.occurred_at).getTime() - new Date(b.occurred_at).getTime())
    .map((r) => ({
      channel: r.channel,
      channelEventId: r.channel_event_id,
      payload: r.payload,
      attempts: r.attempts,
    }));
  return { claimed, abandoned: tired.length };
}

/** The pipeline's own payload back as the event it was stored from (text already masked). */
export const pipelineEventOf = (payload: PipelinePayload): InboundEvent => ({
  ...payload.pipelineEvent,
  occurredAt: new Date(payload.pipelineEvent.occurredAt),
});
