/**
 * The one internal message vocabulary. Dialogs speak only this; each channel renderer
 * (integrations/<channel>/render-*.ts) translates it and degrades it to fit the platform.
 */

/** A channel we talk through. Dialogs never branch on it; only adapters and the outbox do. */
export type Channel = 'web' | 'kakao' | 'line';
export const CHANNELS: readonly Channel[] = ['web', 'kakao', 'line'];

/** A button on a card. Exactly one of postback, url, phone is set. */
export interface CardButton {
  label: string;
  /** Our own payload, delivered back as `InboundEvent.postback` when tapped. */
  postback?: string;
  url?: string;
  /** Digits and dashes only, e.g. "1533-0909"; renderers also keep it visible in text. */
  phone?: string;
}

/** A tappable suggestion shown under the last message. */
export interface QuickReply {
  label: string;
  postback: string;
}

export interface TextMessage {
  type: 'text';
  text: string;
}

export interface CardMessage {
  type: 'card';
  title: string;
  text: string;
  buttons: CardButton[];
}

export type OutboundMessage = TextMessage | CardMessage;

/** What a turn (or a proactive send) hands to a channel: messages plus quick replies. */
export interface Reply {
  messages: OutboundMessage[];
  quickReplies: QuickReply[];
}

export const emptyReply = (): Reply => ({ messages: [], quickReplies: [] });

/** Builds a plain text message. */
export const text = (body: string): TextMessage => ({ type: 'text', text: body });

/** Builds a card. */
export const card = (title: string, body: string, buttons: CardButton[]): CardMessage => ({
  type: 'card',
  title,
  text: body,
  buttons,
});

/** Platform limits a renderer declares; renderers degrade (split, truncate, move to "더 보기") to fit. */
export interface RenderLimits {
  maxMessages: number;
  maxQuickReplies: number;
  maxTextLength: number;
  /** Characters visible before the platform folds the bubble (Kakao: 500). */
  visibleTextLength: number;
  maxButtons: number;
  maxButtonLabel: number;
  maxQuickReplyLabel: number;
  maxPostbackLength: number;
}
