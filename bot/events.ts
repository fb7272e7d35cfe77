import type { Channel } from './messages';

/**
 * What every channel adapter translates its platform payload into. Nothing platform-specific
 * crosses this line except `channelEventId` (for dedupe) and the opaque reply handle the
 * adapter keeps for itself.
 */
export type InboundKind =
  | 'text' // the user typed (or a quick reply sent) text
  | 'postback' // the user tapped one of our buttons; `postback` carries our payload
  | 'follow' // the user added the bot (LINE follow)
  | 'unfollow' // the user blocked or removed the bot
  | 'unsend' // the user unsent an earlier message (`unsentEventId`)
  | 'media' // image, file, video, audio: never stored
  | 'sticker'; // a sticker or emoticon; `text` holds its keywords when the platform gives any

export interface InboundEvent {
  channel: Channel;
  /** The platform's id for this user (LINE userId, Kakao botUserKey, web userId). */
  channelUserId: string;
  /** Unique per channel; the inbound event log dedupes on (channel, channelEventId). */
  channelEventId: string;
  kind: InboundKind;
  /**
   * User text; for stickers the platform's keywords joined by spaces. Cut by the adapter at
   * MAX_INBOUND_CHARS (see `truncated` and `screenText`).
   */
  text?: string;
  /** The text was cut at the channel boundary: the user is told only the start was read. */
  truncated?: boolean;
  /**
   * When the text was cut: what the risk screen reads instead (the head and the tail of the
   * original), so a disclosure at the end of a long message is still seen. Never stored.
   */
  screenText?: string;
  /**
   * Where the request came from, for per-source limits: a keyed hash of the client's network
   * address (web only; never the address itself). Absent on channels whose requests come from
   * the platform's servers.
   */
  origin?: string;
  /** Our own button payload. */
  postback?: string;
  /** When the platform says the event happened. */
  occurredAt: Date;
  /** LINE unsend: the message id that was unsent. */
  unsentMessageId?: string;
  /** Extra facts an adapter learned (Kakao isFriend, LINE group source …), never shown to dialogs as platform data. */
  reachable?: boolean;
}
