import type { Database } from '../../bot/db/database';
import type { Logger } from '../../bot/logger';
import { fromPayload, type StoredPayload } from './inbound-store';
import type { LineInbound } from './webhook-body';

/**
 * Events stored but never processed (a crash, a failed turn) are processed later and answered by
 * push, since their reply tokens are gone. Attempts are counted: an event whose processing keeps
 * failing is given up, not retried every tick.
 */

const RECOVERY_BATCH = 500;
export const MAX_RECOVERY_ATTEMPTS = 3;

export interface LineRecoveryDeps {
  db: Database;
  log: Logger;
  /** A stored event still unprocessed this long after it arrived is presumed orphaned. */
  recoverAfterMs: number;
  /** Event ids this process is working on now (never recovered under its feet). */
  queuedIds: () => string[];
  /** Processes recovered events (one user at a time); resolves when they are done. */
  schedule: (items: LineInbound[]) => Promise<void>[];
}

interface ClaimedRow {
  channel_event_id: string;
  payload: StoredPayload | null;
  attempts: number;
}

/** The rows to process now, oldest first: payload kept, attempts left, not queued meanwhile. */
export function recoverable(rows: ClaimedRow[], queued: ReadonlySet<string>): LineInbound[] {
  return rows
    .filter((r) => r.payload && r.attempts <= MAX_RECOVERY_ATTEMPTS && !queued.has(r.channel_event_id))
    .sort((x, y) => Date.parse(x.payload!.event.occurredAt) - Date.parse(y.payload!.event.occurredAt))
    .map((r) => fromPayload(r.payload!));
}

/** Returns `recover(now)`: how many orphaned events it processed. */
export function createLineRecovery(deps: LineRecoveryDeps): (now: Date) => Promise<number> {
  const { db, log } = deps;

  async function claim(now: Date): Promise<ClaimedRow[]> {
    const { rows } = await db.query<ClaimedRow>(
      `UPDATE inbound_events SET attempts = attempts + 1
        WHERE channel = 'line' AND channel_event_id IN (
          SELECT channel_event_id FROM inbound_events
           WHERE channel = 'line' AND status = 'received' AND payload ->> 'line' = '1'
             AND (payload ->> 'receivedAt')::timestamptz <= $1 AND NOT (channel_event_id = ANY($3::text[]))
           ORDER BY occurred_at LIMIT $2)
       RETURNING channel_event_id, payload, attempts`,
      [new Date(now.getTime() - deps.recoverAfterMs), RECOVERY_BATCH, deps.queuedIds()],
    );
    return rows;
  }

  async function giveUp(rows: ClaimedRow[]): Promise<void> {
    const abandoned = rows.filter((r) => r.attempts > MAX_RECOVERY_ATTEMPTS).map((r) => r.channel_event_id);
    if (abandoned.length === 0) return;
    await db.query(
      `UPDATE inbound_events SET status = 'failed', payload = NULL WHERE channel = 'line' AND channel_event_id = ANY($1::text[])`,
      [abandoned],
    );
    log.error({ events: abandoned.length }, 'LINE events given up after repeated recovery failures');
  }

  return async function recover(now) {
    const rows = await claim(now);
    await giveUp(rows);
    const items = recoverable(rows, new Set(deps.queuedIds()));
    if (items.length === 0) return 0;
    log.warn(
      { events: items.length },
      'recovering LINE events stored but not processed (reply tokens expired: push)',
    );
    await Promise.all(deps.schedule(items));
    return items.length;
  };
}
