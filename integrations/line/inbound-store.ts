import type { Database } from '../../bot/db/database';
import type { InboundEvent } from '../../bot/events';
import type { Logger } from '../../bot/logger';
import { maskPersonalNumbers } from '../../bot/masking';
import { markCrisisSent, recordInbound } from '../../bot/turn-store';
import type { LineInbound } from './webhook-body';

/**
 * LINE's side of the inbound log: every webhook event is stored before the webhook answers 200,
 * and read back from the stored payload when recovery finishes it after a crash.
 */

/** What the inbound log's payload holds for a LINE event until it is processed (masked text, no token). */
export interface StoredPayload {
  line: 1;
  event: Omit<InboundEvent, 'occurredAt'> & { occurredAt: string };
  source: LineInbound['source'];
  groupOrRoomId?: string;
  messageId?: string;
  receivedAt: string;
}

/** exactOptionalPropertyTypes-friendly: no `key: undefined` in stored JSON. */
export function strip<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/** The payload stored for an event: masked, without its reply token, group text dropped. */
export function toPayload(item: LineInbound): StoredPayload {
  // Group text is never read, so never kept; 1:1 text is kept masked, only until processed.
  const text =
    item.source !== 'user' || item.event.text === undefined
      ? undefined
      : maskPersonalNumbers(item.event.text).text;
  const { occurredAt, text: _dropped, screenText: _screenOnly, ...rest } = item.event;
  // Postbacks are untrusted input too: masked like text before they are stored.
  const postback = rest.postback === undefined ? undefined : maskPersonalNumbers(rest.postback).text;
  return strip({
    line: 1 as const,
    event: strip({ ...rest, text, postback, occurredAt: occurredAt.toISOString() }),
    source: item.source,
    groupOrRoomId: item.groupOrRoomId,
    messageId: item.messageId,
    receivedAt: item.receivedAt.toISOString(),
  });
}

/** The event back from its stored payload (no reply token: a recovered event is answered by push). */
export function fromPayload(payload: StoredPayload): LineInbound {
  return strip({
    event: strip({ ...payload.event, occurredAt: new Date(payload.event.occurredAt) }) as InboundEvent,
    source: payload.source,
    groupOrRoomId: payload.groupOrRoomId,
    isRedelivery: false,
    messageId: payload.messageId,
    receivedAt: new Date(payload.receivedAt),
  });
}

export interface LineInboundStoreDeps {
  db: Database;
  log: Logger;
  /** True when the crisis text for this event already went out (while the database was down). */
  crisisSentFor: (channelEventId: string) => boolean;
}

/**
 * Returns `store(items)`: writes each event to the inbound log in its own short transaction, so
 * one event that cannot be stored never fails the others of its batch (a security review's NUL
 * failed a whole batch on every redelivery). Answers the events not seen before, and those that
 * could not be stored.
 */
export function createLineInboundStore(
  deps: LineInboundStoreDeps,
): (items: LineInbound[]) => Promise<{ fresh: LineInbound[]; failed: LineInbound[] }> {
  const { db, log } = deps;

  function storeOne(item: LineInbound): Promise<boolean> {
    return db.transaction(async (tx) => {
      const payload = toPayload(item);
      const stored: InboundEvent = { ...item.event, text: payload.event.text };
      if (!(await recordInbound(tx, stored, payload, item.receivedAt))) return false;
      // A crisis text sent while the database was down: remember it durably now.
      if (deps.crisisSentFor(item.event.channelEventId)) await markCrisisSent(tx, item.event);
      if (item.messageId && item.source === 'user' && item.event.kind === 'text') {
        await tx.query(
          `INSERT INTO line_message_ids (message_id, channel_user_id, channel_event_id, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (message_id) DO NOTHING`,
          [item.messageId, item.event.channelUserId, item.event.channelEventId, item.receivedAt],
        );
      }
      return true;
    });
  }

  return async function store(items) {
    const fresh: LineInbound[] = [];
    const failed: LineInbound[] = [];
    for (const item of items) {
      try {
        if (await storeOne(item)) fresh.push(item);
      } catch (error) {
        log.error({ err: error, kind: item.event.kind }, 'LINE event could not be stored');
        failed.push(item);
      }
    }
    return { fresh, failed };
  };
}
