import type { RecoveryHook } from '../../bot/pipeline';
import { fromPayload, type StoredPayload } from './inbound-store';
import type { LineInbound } from './webhook-body';

/**
 * LINE's hook into the pipeline's one recovery loop: events stored but never processed (a crash,
 * a failed turn) are read back from their stored payload and processed one user at a time, answered
 * by push since their reply tokens are gone. Claiming and giving up are the loop's (bot/turn-store.ts).
 */

const RECOVERY_BATCH = 500;

export interface LineRecoveryDeps {
  /** A stored event still unprocessed this long after it arrived is presumed orphaned. */
  recoverAfterMs: number;
  /** False once the channel is closed or not configured. */
  active: () => boolean;
  /** Event ids this process is working on now (never recovered under its feet). */
  queuedIds: () => string[];
  /** Processes recovered events (one user at a time); resolves when they are done. */
  schedule: (items: LineInbound[]) => Promise<void>[];
}

/** The events to process now, oldest first (the stored payloads, without reply tokens). */
export function recoverable(payloads: (StoredPayload | null)[]): LineInbound[] {
  return payloads
    .filter((p): p is StoredPayload => p !== null)
    .sort((x, y) => Date.parse(x.event.occurredAt) - Date.parse(y.event.occurredAt))
    .map(fromPayload);
}

/** Creates LINE's recovery hook (payloads marked `line: 1` in the inbound log). */
export function createLineRecovery(deps: LineRecoveryDeps): RecoveryHook {
  return {
    payloadKey: 'line',
    afterMs: deps.recoverAfterMs,
    batch: RECOVERY_BATCH,
    active: deps.active,
    busy: deps.queuedIds,
    async resume(payloads) {
      await Promise.all(deps.schedule(recoverable(payloads as (StoredPayload | null)[])));
    },
  };
}
