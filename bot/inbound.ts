import type { InboundEvent } from './events';

/**
 * What every channel adapter does to a request before anything else reads it: strings made
 * storable, and text cut to MAX_INBOUND_CHARS. A security review froze the process with one
 * request of 200,000 spaces and failed a LINE batch for good with one NUL, so both happen at the
 * channel boundary, the same way on every channel.
 */

/** PostgreSQL text and jsonb cannot hold U+0000 or an unpaired surrogate; nobody means to send them. */
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text a person wrote: NUL removed, a lone surrogate replaced by U+FFFD. Linear. */
export const storableText = (text: string): string => text.replace(NUL, '').replace(LONE_SURROGATE, '\uFFFD');

/** An identifier: nothing removed (two ids must not become one), bad characters replaced by U+FFFD. */
export const storableId = (id: string): string => id.replace(NUL, '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');

/** Every string in a parsed JSON value (keys too) made storable; the shape is kept. */
export function storableJson<T>(value: T): T {
  return clean(value, 0) as T;
}

const MAX_DEPTH = 64;

function clean(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return storableText(value);
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => clean(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[storableText(key)] = clean(v, depth + 1);
  return out;
}

/** How much of the original the risk screen reads when a text is cut: its head and its tail. */
export const SCREEN_HEAD_SHARE = 0.75;

/** A text cut to `maxChars`, and what the risk screen should read when it was cut. */
export interface CappedText {
  text: string;
  truncated: boolean;
  /** Head and tail of the original (only when cut): a disclosure at the end is still seen. */
  screenText?: string;
}

/** Cuts a text at `maxChars` (never inside a surrogate pair). Constant work beyond the slice. */
export function capText(text: string, maxChars: number): CappedText {
  if (text.length <= maxChars) return { text, truncated: false };
  const head = Math.floor(maxChars * SCREEN_HEAD_SHARE);
  const tail = maxChars - head;
  return {
    text: sliceWhole(text, 0, maxChars),
    truncated: true,
    screenText: `${sliceWhole(text, 0, head)}\n${sliceWhole(text, text.length - tail, text.length)}`,
  };
}

/** `text.slice(from, to)` moved inwards so that no surrogate pair is split. */
function sliceWhole(text: string, from: number, to: number): string {
  let start = from;
  let end = to;
  if (start > 0 && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1))) start += 1;
  if (end < text.length && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1))) end -= 1;
  return text.slice(start, end);
}

const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/**
 * The event as the rest of the host may see it: ids, text and postback storable, text cut to
 * `maxChars` with `truncated` and `screenText` set when it was cut.
 */
export function boundInbound(event: InboundEvent, maxChars: number): InboundEvent {
  const bounded: InboundEvent = {
    ...event,
    channelUserId: storableId(event.channelUserId),
    channelEventId: storableId(event.channelEventId),
  };
  if (event.postback !== undefined) bounded.postback = storableText(event.postback);
  if (event.unsentMessageId !== undefined) bounded.unsentMessageId = storableId(event.unsentMessageId);
  if (event.text !== undefined) {
    const capped = capText(storableText(event.text), maxChars);
    bounded.text = capped.text;
    if (capped.truncated) {
      bounded.truncated = true;
      bounded.screenText = capped.screenText;
    }
  }
  return bounded;
}
