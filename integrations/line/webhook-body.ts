import { z } from 'zod';
import type { InboundEvent } from '../../bot/events';
import { storableJson } from '../../bot/inbound';

/**
 * The LINE webhook body, parsed after the signature check. Schemas are loose on purpose: LINE
 * adds fields, event types and enum values without notice, so unknown keys pass through and an
 * event we do not understand is skipped (with a reason), never a reason to reject the request.
 */

const sourceSchema = z.looseObject({
  type: z.string(),
  userId: z.string().min(1).optional(),
  groupId: z.string().min(1).optional(),
  roomId: z.string().min(1).optional(),
});

const eventBaseSchema = z.looseObject({
  type: z.string(),
  mode: z.string().optional(),
  timestamp: z.number().finite().nonnegative(),
  source: sourceSchema.optional(),
  webhookEventId: z.string().min(1),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
  replyToken: z.string().min(1).optional(),
});

const messageSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string(),
  text: z.string().optional(),
  keywords: z.array(z.string()).optional(),
});

const messageEventSchema = eventBaseSchema.extend({ type: z.literal('message'), message: messageSchema });
const postbackEventSchema = eventBaseSchema.extend({
  type: z.literal('postback'),
  postback: z.looseObject({ data: z.string() }),
});
const unsendEventSchema = eventBaseSchema.extend({
  type: z.literal('unsend'),
  unsend: z.looseObject({ messageId: z.string().min(1) }),
});

/** The envelope: `destination` plus a list of events each checked on its own. */
export const lineWebhookBodySchema = z.looseObject({
  destination: z.string(),
  events: z.array(z.unknown()),
});

export type LineWebhookBody = z.infer<typeof lineWebhookBodySchema>;

/** Postback data longer than LINE allows is not ours (we never send more than 300). */
export const MAX_POSTBACK_DATA = 300;

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'file', 'location']);

/** One event translated for the host, plus what only the LINE adapter needs. */
export interface LineInbound {
  event: InboundEvent;
  /** Present only on events LINE lets us reply to (not on standby, unfollow, unsend). */
  replyToken?: string;
  source: 'user' | 'group' | 'room';
  groupOrRoomId?: string;
  isRedelivery: boolean;
  /** LINE's message id (message events): store it next to the text so `unsend` can find it. */
  messageId?: string;
  /** When our server got the webhook; the reply token is good for about a minute from here. */
  receivedAt: Date;
}

/** An event we skipped, and why (for logs and metrics; never contains message text). */
export interface IgnoredLineEvent {
  index: number;
  type: string;
  reason:
    'unknown_type' | 'standby' | 'malformed' | 'no_source' | 'unsupported_message' | 'postback_too_long';
}

export type ParseResult = { ok: true; body: LineWebhookBody } | { ok: false; error: string };

/** Parses the raw (already signature-checked) body; a JSON or shape error is a 400, not a crash. */
export function parseLineWebhookBody(raw: Buffer | string): ParseResult {
  let json: unknown;
  try {
    json = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
  // A NUL or a lone surrogate (valid JSON escapes) cannot be stored: cleaned in every string first.
  const parsed = lineWebhookBodySchema.safeParse(storableJson(json));
  if (!parsed.success)
    return {
      ok: false,
      error: `body is not a LINE webhook: ${parsed.error.issues.map((i) => i.path.join('.') || i.message).join(', ')}`,
    };
  return { ok: true, body: parsed.data };
}

/** Every event of the body translated, plus the ones skipped with their reason. */
export function classifyLineEvents(
  body: LineWebhookBody,
  receivedAt: Date,
): { inbound: LineInbound[]; ignored: IgnoredLineEvent[] } {
  const inbound: LineInbound[] = [];
  const ignored: IgnoredLineEvent[] = [];
  body.events.forEach((raw, index) => {
    const result = translateEvent(raw, receivedAt);
    if ('reason' in result) ignored.push({ index, ...result });
    else inbound.push(result);
  });
  return { inbound, ignored };
}

/** The body's events as InboundEvents with their reply handle, in body order; the rest skipped. */
export function toInboundEvents(body: LineWebhookBody, receivedAt: Date): LineInbound[] {
  return classifyLineEvents(body, receivedAt).inbound;
}

type Skip = Omit<IgnoredLineEvent, 'index'>;

function translateEvent(raw: unknown, receivedAt: Date): LineInbound | Skip {
  const base = eventBaseSchema.safeParse(raw);
  const type =
    typeof (raw as { type?: unknown })?.type === 'string' ? String((raw as { type: string }).type) : '?';
  if (!base.success) return { type, reason: 'malformed' };
  // Standby events belong to another module channel: we must not answer them.
  if (base.data.mode !== undefined && base.data.mode !== 'active') return { type, reason: 'standby' };
  const where = sourceOf(base.data.source);
  if (where === undefined) return { type, reason: 'no_source' };

  const common = {
    channel: 'line' as const,
    channelUserId: where.userId,
    channelEventId: base.data.webhookEventId,
    occurredAt: new Date(base.data.timestamp),
  };
  const envelope = {
    replyToken: base.data.replyToken,
    source: where.source,
    groupOrRoomId: where.groupOrRoomId,
    isRedelivery: base.data.deliveryContext?.isRedelivery ?? false,
    receivedAt,
  };
  const done = (event: InboundEvent, messageId?: string): LineInbound =>
    dropUndefined({ ...envelope, event: dropUndefined(event), messageId });

  switch (base.data.type) {
    case 'message': {
      const parsed = messageEventSchema.safeParse(raw);
      if (!parsed.success) return { type, reason: 'malformed' };
      const message = parsed.data.message;
      if (message.type === 'text') {
        if (typeof message.text !== 'string') return { type, reason: 'malformed' };
        return done({ ...common, kind: 'text', text: message.text }, message.id);
      }
      if (message.type === 'sticker') {
        // Keywords (and the text of message stickers) feed the risk screen: "슬퍼", "help" …
        const words = [...(message.keywords ?? []), ...(message.text ? [message.text] : [])]
          .map((w) => w.trim())
          .filter(Boolean);
        return done(
          { ...common, kind: 'sticker', text: words.length > 0 ? words.join(' ') : undefined },
          message.id,
        );
      }
      // Never keep content: no content URL, provider or coordinates leave this function.
      if (MEDIA_TYPES.has(message.type)) return done({ ...common, kind: 'media' }, message.id);
      return { type: `message/${message.type}`, reason: 'unsupported_message' };
    }
    case 'postback': {
      const parsed = postbackEventSchema.safeParse(raw);
      if (!parsed.success) return { type, reason: 'malformed' };
      // Untrusted input: anyone can craft a postback. Only length is checked here; the router
      // validates the payload against the user's current step.
      if (parsed.data.postback.data.length > MAX_POSTBACK_DATA) return { type, reason: 'postback_too_long' };
      return done({ ...common, kind: 'postback', postback: parsed.data.postback.data });
    }
    case 'follow':
      return done({ ...common, kind: 'follow' });
    case 'unfollow':
      return done({ ...common, kind: 'unfollow' });
    case 'unsend': {
      const parsed = unsendEventSchema.safeParse(raw);
      if (!parsed.success) return { type, reason: 'malformed' };
      return done({ ...common, kind: 'unsend', unsentMessageId: parsed.data.unsend.messageId });
    }
    default:
      return { type, reason: 'unknown_type' };
  }
}

function sourceOf(
  source: z.infer<typeof sourceSchema> | undefined,
): { userId: string; source: LineInbound['source']; groupOrRoomId?: string } | undefined {
  if (!source) return undefined;
  if (source.type === 'user') return source.userId ? { userId: source.userId, source: 'user' } : undefined;
  const id = source.type === 'group' ? source.groupId : source.type === 'room' ? source.roomId : undefined;
  if (!id) return undefined;
  // In groups LINE gives userId only on message events; the group itself stands in otherwise.
  return { userId: source.userId ?? id, source: source.type as 'group' | 'room', groupOrRoomId: id };
}

// exactOptionalPropertyTypes-friendly: keep the objects free of `key: undefined`.
function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
