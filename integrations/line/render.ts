import type { messagingApi } from '@line/bot-sdk';
import type {
  CardButton,
  CardMessage,
  OutboundMessage,
  QuickReply,
  RenderLimits,
  Reply,
} from '../../bot/messages';
import type { Texts } from '../../bot/texts';
import { graphemeLength, graphemes, LINE_SPEC } from './limits-check';

/** What a LINE message set may hold (Messaging API reference); the renderer degrades to fit. */
export const LINE_LIMITS: RenderLimits = Object.freeze({
  maxMessages: LINE_SPEC.messagesPerRequest,
  maxQuickReplies: LINE_SPEC.quickReplyItems,
  maxTextLength: LINE_SPEC.textUtf16,
  // LINE never folds a text bubble.
  visibleTextLength: LINE_SPEC.textUtf16,
  // Our own cap for a card (a buttons template allows 4; more buttons crowd a phone screen).
  maxButtons: 4,
  maxButtonLabel: LINE_SPEC.flexButtonLabelGraphemes,
  maxQuickReplyLabel: LINE_SPEC.quickReplyLabelGraphemes,
  maxPostbackLength: LINE_SPEC.postbackDataUtf16,
});

/** The postback of the "더 보기" quick reply; the route answers it with the stored overflow. */
export const LINE_MORE_POSTBACK = 'line:more';

/** Catalogue sentences the renderer needs (`line.more`, `line.moreIntro`). */
export interface LineRenderTexts {
  moreLabel: string;
  /** Carries quick replies when a Reply has none of its own messages (LINE needs a message). */
  moreIntro: string;
}

/** The renderer's sentences from the text catalogue. */
export const lineRenderTexts = (texts: Texts): LineRenderTexts => ({
  moreLabel: texts.t('line.more'),
  moreIntro: texts.t('line.moreIntro'),
});

// Same as knowledge/texts/ko/line.yaml (a test keeps them equal); used when no catalogue is passed.
const DEFAULT_TEXTS: LineRenderTexts = { moreLabel: '더 보기', moreIntro: '다른 선택지도 있어요.' };

/** Rendered LINE messages: the first batch goes with the reply token, the rest are pushed in order. */
export interface LineRendered {
  batches: messagingApi.Message[][];
  /** Quick replies that did not fit, to send when the user taps "더 보기" (LINE_MORE_POSTBACK). */
  overflow?: Reply;
}

/** A message before it becomes LINE JSON; kept abstract so neighbours can still be merged. */
type Unit =
  { kind: 'text'; text: string } | { kind: 'flex'; bubbles: messagingApi.FlexBubble[]; altText: string };

const ALT_TEXT_MAX = LINE_SPEC.altTextUtf16;
// A card whose title is longer than this is not a title; it is shown as text instead.
const MAX_BUBBLE_TITLE = 200;
const URI_OK = /^(https?:\/\/|line:\/\/)/i;

/**
 * Renders a Reply as LINE messages within LINE's limits: batches of ≤ 5, texts ≤ 5,000 UTF-16
 * units split on paragraph and sentence boundaries, cards as Flex bubbles with a plain-text
 * altText, ≤ 13 quick replies on the very last message (the rest behind "더 보기").
 */
export function renderLineMessages(reply: Reply, texts: LineRenderTexts = DEFAULT_TEXTS): LineRendered {
  const { items, overflow } = quickReplyItems(reply.quickReplies, texts);
  let units = reply.messages.flatMap(toUnits);
  if (units.length === 0 && items.length > 0) units = [{ kind: 'text', text: texts.moreIntro }];
  units = mergeToFit(units, LINE_LIMITS.maxMessages);

  const messages = units.map(toLineMessage);
  const last = messages[messages.length - 1];
  if (last && items.length > 0) last.quickReply = { items };
  const batches: messagingApi.Message[][] = [];
  for (let i = 0; i < messages.length; i += LINE_LIMITS.maxMessages)
    batches.push(messages.slice(i, i + LINE_LIMITS.maxMessages));
  return overflow ? { batches, overflow } : { batches };
}

// ── quick replies ──────────────────────────────────────────────────────────

function quickReplyItems(
  quickReplies: QuickReply[],
  texts: LineRenderTexts,
): { items: messagingApi.QuickReplyItem[]; overflow?: Reply } {
  // A payload LINE would refuse cannot be a button; the choice stays typeable by its label.
  const usable = quickReplies.filter(
    (q) => q.label.trim() !== '' && q.postback !== '' && q.postback.length <= LINE_LIMITS.maxPostbackLength,
  );
  if (usable.length <= LINE_LIMITS.maxQuickReplies) return { items: usable.map(quickReplyItem) };
  const shown = usable.slice(0, LINE_LIMITS.maxQuickReplies - 1);
  const rest = usable.slice(LINE_LIMITS.maxQuickReplies - 1);
  return {
    items: [
      ...shown.map(quickReplyItem),
      quickReplyItem({ label: texts.moreLabel, postback: LINE_MORE_POSTBACK }),
    ],
    overflow: { messages: [{ type: 'text', text: texts.moreIntro }], quickReplies: rest },
  };
}

function quickReplyItem(q: QuickReply): messagingApi.QuickReplyItem {
  return { type: 'action', action: postbackAction(q.label, q.postback, LINE_LIMITS.maxQuickReplyLabel) };
}

function postbackAction(label: string, data: string, maxLabel: number): messagingApi.PostbackAction {
  const full = label.trim();
  // displayText is echoed into the chat as the user's own words: the whole label, not the cut one.
  return {
    type: 'postback',
    label: shorten(full, maxLabel),
    data,
    displayText: shorten(full, LINE_SPEC.displayTextGraphemes),
  };
}

/** Cuts to at most `max` grapheme clusters, ending in "…" when cut (never splits an emoji). */
export function shorten(text: string, max: number): string {
  if (graphemeLength(text) <= max) return text;
  return `${graphemes(text)
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}

// ── texts ──────────────────────────────────────────────────────────────────

const BOUNDARIES: RegExp[] = [/\n\s*\n/g, /\n/g, /[.!?。…！？](?=\s)|다\.(?=\S)/g, /\s/g];

/**
 * Splits a text into pieces of at most `max` UTF-16 units, preferring a paragraph break, then a
 * line break, a sentence end, a space, and only then a grapheme boundary. Whitespace at a cut is
 * dropped; nothing else is.
 */
export function splitText(text: string, max: number = LINE_LIMITS.maxTextLength): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const cut = cutPoint(rest, max);
    const piece = rest.slice(0, cut).trimEnd();
    if (piece !== '') pieces.push(piece);
    rest = rest.slice(cut).trimStart();
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}

function cutPoint(text: string, max: number): number {
  const window = text.slice(0, max + 1);
  const lastBoundary = (pattern: RegExp): number => {
    let best = -1;
    for (const match of window.matchAll(pattern)) {
      const end = match.index + (pattern === BOUNDARIES[2] ? match[0].length : 0);
      if (end <= max) best = end;
    }
    return best;
  };
  // A boundary in the first half would leave a stub message: try a finer boundary first, and
  // settle for an early one only when the alternative is cutting inside a word.
  for (const minimum of [max / 2, 1]) {
    for (const pattern of BOUNDARIES) {
      const best = lastBoundary(pattern);
      if (best >= minimum) return best;
    }
  }
  // No boundary: cut at the last whole grapheme that fits.
  let end = 0;
  for (const g of graphemes(text.slice(0, max + 40))) {
    if (end + g.length > max) break;
    end += g.length;
  }
  return end > 0 ? end : Math.min(max, text.length);
}

// ── cards ──────────────────────────────────────────────────────────────────

function toUnits(message: OutboundMessage): Unit[] {
  if (message.type === 'text') return splitText(message.text).map((text) => ({ kind: 'text', text }));
  return cardUnits(message);
}

function cardUnits(card: CardMessage): Unit[] {
  const title = card.title.trim();
  const lines: string[] = [];
  const buttons: messagingApi.FlexButton[] = [];
  for (const button of card.buttons) {
    const action = buttons.length < LINE_LIMITS.maxButtons ? buttonAction(button) : undefined;
    if (action)
      buttons.push({
        type: 'button',
        style: buttons.length === 0 ? 'primary' : 'secondary',
        height: 'sm',
        action,
      });
    else lines.push(buttonAsText(button));
    // A phone number stays readable in the text: PC clients and screen readers cannot "tap" tel:.
    if (button.phone && action && !`${card.text}\n${lines.join('\n')}`.includes(button.phone))
      lines.push(`${button.label.trim()}: ${button.phone}`);
  }
  const body = [card.text.trim(), ...lines].filter((s) => s !== '').join('\n');
  const altText = [title, body].filter((s) => s !== '').join('\n');

  if (altText.length <= ALT_TEXT_MAX && title.length <= MAX_BUBBLE_TITLE) {
    if (altText === '' && buttons.length === 0) return [];
    return [
      { kind: 'flex', bubbles: [bubble(title, body, buttons)], altText: altText || buttonLabels(buttons) },
    ];
  }
  // Too long for a bubble's altText: the words go as text, the buttons in a short bubble after.
  const units: Unit[] = splitText(altText.replace(/^(.*?)\n/, '$1\n\n')).map((text) => ({
    kind: 'text',
    text,
  }));
  if (buttons.length > 0) {
    const shortTitle = shorten(title, 40);
    units.push({
      kind: 'flex',
      bubbles: [bubble(shortTitle, '', buttons)],
      altText: shortTitle || buttonLabels(buttons),
    });
  }
  return units;
}

function buttonAction(button: CardButton): messagingApi.Action | undefined {
  const label = shorten(button.label.trim(), LINE_LIMITS.maxButtonLabel);
  if (label === '') return undefined;
  if (button.postback !== undefined) {
    return button.postback !== '' && button.postback.length <= LINE_LIMITS.maxPostbackLength
      ? postbackAction(button.label, button.postback, LINE_LIMITS.maxButtonLabel)
      : undefined;
  }
  if (button.url !== undefined)
    return URI_OK.test(button.url) && button.url.length <= LINE_SPEC.uriLength
      ? { type: 'uri', label, uri: button.url }
      : undefined;
  if (button.phone !== undefined) {
    const digits = button.phone.replace(/[^\d+]/g, '');
    return digits.length >= 3 ? { type: 'uri', label, uri: `tel:${digits}` } : undefined;
  }
  return undefined;
}

/** A button that cannot be a LINE button (over 4, or a value LINE refuses) is kept as a line of text. */
function buttonAsText(button: CardButton): string {
  const value = button.url ?? button.phone;
  return value ? `${button.label.trim()}: ${value}` : `• ${button.label.trim()}`;
}

function buttonLabels(buttons: messagingApi.FlexButton[]): string {
  return (
    buttons
      .map((b) => b.action.label ?? '')
      .join(' · ')
      .slice(0, ALT_TEXT_MAX) || '…'
  );
}

function bubble(title: string, body: string, buttons: messagingApi.FlexButton[]): messagingApi.FlexBubble {
  const contents: messagingApi.FlexComponent[] = [];
  if (title !== '') contents.push({ type: 'text', text: title, weight: 'bold', size: 'md', wrap: true });
  if (body !== '')
    contents.push({ type: 'text', text: body, size: 'sm', wrap: true, margin: title ? 'md' : undefined });
  const result: messagingApi.FlexBubble = { type: 'bubble' };
  if (contents.length > 0) result.body = { type: 'box', layout: 'vertical', contents };
  if (buttons.length > 0)
    result.footer = { type: 'box', layout: 'vertical', spacing: 'sm', contents: buttons };
  return JSON.parse(JSON.stringify(result)) as messagingApi.FlexBubble; // drops `margin: undefined`
}

// ── fitting into five ──────────────────────────────────────────────────────

/**
 * Each message beyond five is a push, which costs quota: merge neighbouring texts (shortest pair
 * first), then neighbouring cards into carousels, until the set fits or nothing more can merge.
 * Order never changes, so a verdict's first line stays at the start of the first text.
 */
function mergeToFit(units: Unit[], max: number): Unit[] {
  const result = [...units];
  while (result.length > max) {
    const i = bestMerge(result);
    if (i < 0) break;
    const a = result[i]!;
    const b = result[i + 1]!;
    result.splice(i, 2, merge(a, b));
  }
  return result;
}

function bestMerge(units: Unit[]): number {
  let best = -1;
  let bestSize = Infinity;
  for (let i = 0; i + 1 < units.length; i += 1) {
    const a = units[i]!;
    const b = units[i + 1]!;
    if (a.kind !== b.kind) continue;
    const size =
      a.kind === 'text' && b.kind === 'text' ? a.text.length + 2 + b.text.length : mergedFlexSize(a, b);
    const fits =
      a.kind === 'text'
        ? size <= LINE_LIMITS.maxTextLength
        : a.kind === 'flex' &&
          b.kind === 'flex' &&
          a.bubbles.length + b.bubbles.length <= LINE_SPEC.carouselBubbles &&
          a.altText.length + 1 + b.altText.length <= ALT_TEXT_MAX &&
          size <= LINE_SPEC.carouselJsonBytes - 2_000;
    // Texts merge before cards: a swipeable carousel is easier to miss than bubbles one under another.
    const rank = a.kind === 'text' ? size : 1_000_000 + size;
    if (fits && rank < bestSize) {
      best = i;
      bestSize = rank;
    }
  }
  return best;
}

function mergedFlexSize(a: Unit, b: Unit): number {
  if (a.kind !== 'flex' || b.kind !== 'flex') return Infinity;
  return Buffer.byteLength(
    JSON.stringify({ type: 'carousel', contents: [...a.bubbles, ...b.bubbles] }),
    'utf8',
  );
}

function merge(a: Unit, b: Unit): Unit {
  if (a.kind === 'text' && b.kind === 'text') return { kind: 'text', text: `${a.text}\n\n${b.text}` };
  if (a.kind === 'flex' && b.kind === 'flex')
    return { kind: 'flex', bubbles: [...a.bubbles, ...b.bubbles], altText: `${a.altText}\n${b.altText}` };
  throw new Error('only units of one kind merge');
}

function toLineMessage(unit: Unit): messagingApi.Message {
  if (unit.kind === 'text') return { type: 'text', text: unit.text };
  const contents: messagingApi.FlexContainer =
    unit.bubbles.length === 1 ? unit.bubbles[0]! : { type: 'carousel', contents: unit.bubbles };
  return { type: 'flex', altText: unit.altText, contents };
}
