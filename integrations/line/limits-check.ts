/**
 * LINE's message limits, written once from the Messaging API reference (message objects, action
 * objects, "text character count"), as a checker over the JSON we are about to send. The renderer's
 * property test and the fake LINE server both use it, so a renderer bug shows up as a 400 in tests
 * exactly where LINE would refuse the request.
 */

/** The numbers from the reference, in the units LINE counts them in. */
export const LINE_SPEC = {
  messagesPerRequest: 5,
  textUtf16: 5000,
  altTextUtf16: 1500,
  quickReplyItems: 13,
  quickReplyLabelGraphemes: 20,
  flexButtonLabelGraphemes: 40,
  postbackDataUtf16: 300,
  displayTextGraphemes: 300,
  uriLength: 1000,
  bubbleJsonBytes: 30_000,
  carouselJsonBytes: 50_000,
  carouselBubbles: 12,
  requestBytes: 2_000_000,
} as const;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Length in grapheme clusters (how LINE counts labels and display texts). */
export function graphemeLength(text: string): number {
  let n = 0;
  for (const _ of segmenter.segment(text)) n += 1;
  return n;
}

/** The grapheme clusters of a text. */
export function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

const URI_SCHEMES = /^(https?:\/\/|line:\/\/|tel:)/i;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const bytes = (v: unknown): number => Buffer.byteLength(JSON.stringify(v), 'utf8');

/**
 * Every way this request's `messages` break LINE's limits (empty = valid). With
 * `quickReplyOnlyOnLast` it also enforces our own rule that only the last message carries
 * quick replies (LINE shows only that one).
 */
export function checkLineMessages(
  messages: unknown,
  options: { quickReplyOnlyOnLast?: boolean } = {},
): string[] {
  const problems: string[] = [];
  if (!Array.isArray(messages)) return ['messages: not an array'];
  if (messages.length < 1 || messages.length > LINE_SPEC.messagesPerRequest)
    problems.push(`messages: ${messages.length} messages (1–${LINE_SPEC.messagesPerRequest} allowed)`);
  if (bytes(messages) > LINE_SPEC.requestBytes) problems.push('messages: request over 2 MB');
  messages.forEach((message, i) => {
    const at = `messages[${i}]`;
    if (!isObject(message)) {
      problems.push(`${at}: not an object`);
      return;
    }
    if (message.type === 'text') checkText(message.text, `${at}.text`, LINE_SPEC.textUtf16, problems);
    else if (message.type === 'flex') checkFlex(message, at, problems);
    else problems.push(`${at}: type ${String(message.type)} is not one we send`);
    if (message.quickReply !== undefined) {
      if (options.quickReplyOnlyOnLast && i !== messages.length - 1)
        problems.push(`${at}.quickReply: only the last message may carry quick replies`);
      checkQuickReply(message.quickReply, `${at}.quickReply`, problems);
    }
  });
  return problems;
}

function checkText(text: unknown, at: string, maxUtf16: number, problems: string[]): void {
  if (typeof text !== 'string' || text.trim() === '') problems.push(`${at}: empty`);
  else if (text.length > maxUtf16) problems.push(`${at}: ${text.length} UTF-16 units (max ${maxUtf16})`);
}

function checkQuickReply(quickReply: unknown, at: string, problems: string[]): void {
  if (!isObject(quickReply) || !Array.isArray(quickReply.items)) {
    problems.push(`${at}: items missing`);
    return;
  }
  if (quickReply.items.length < 1 || quickReply.items.length > LINE_SPEC.quickReplyItems)
    problems.push(`${at}.items: ${quickReply.items.length} items (1–${LINE_SPEC.quickReplyItems})`);
  quickReply.items.forEach((item, j) => {
    const itemAt = `${at}.items[${j}]`;
    if (!isObject(item) || item.type !== 'action') problems.push(`${itemAt}: type must be "action"`);
    else checkAction(item.action, `${itemAt}.action`, LINE_SPEC.quickReplyLabelGraphemes, problems);
  });
}

function checkAction(action: unknown, at: string, maxLabel: number, problems: string[]): void {
  if (!isObject(action)) {
    problems.push(`${at}: missing`);
    return;
  }
  const label = action.label;
  if (typeof label !== 'string' || label.trim() === '') problems.push(`${at}.label: empty`);
  else if (graphemeLength(label) > maxLabel)
    problems.push(`${at}.label: ${graphemeLength(label)} characters (max ${maxLabel})`);
  if (action.type === 'postback') {
    if (typeof action.data !== 'string' || action.data === '') problems.push(`${at}.data: empty`);
    else if (action.data.length > LINE_SPEC.postbackDataUtf16)
      problems.push(`${at}.data: ${action.data.length} characters (max ${LINE_SPEC.postbackDataUtf16})`);
    if (action.displayText !== undefined) {
      if (typeof action.displayText !== 'string' || action.displayText.trim() === '')
        problems.push(`${at}.displayText: empty`);
      else if (graphemeLength(action.displayText) > LINE_SPEC.displayTextGraphemes)
        problems.push(`${at}.displayText: too long`);
    }
  } else if (action.type === 'uri') {
    if (typeof action.uri !== 'string' || !URI_SCHEMES.test(action.uri))
      problems.push(`${at}.uri: not http(s), line or tel`);
    else if (action.uri.length > LINE_SPEC.uriLength)
      problems.push(`${at}.uri: ${action.uri.length} characters (max ${LINE_SPEC.uriLength})`);
  } else problems.push(`${at}: action type ${String(action.type)} is not one we send`);
}

function checkFlex(message: Json, at: string, problems: string[]): void {
  checkText(message.altText, `${at}.altText`, LINE_SPEC.altTextUtf16, problems);
  const contents = message.contents;
  if (!isObject(contents)) {
    problems.push(`${at}.contents: missing`);
    return;
  }
  if (contents.type === 'bubble') {
    if (bytes(contents) > LINE_SPEC.bubbleJsonBytes) problems.push(`${at}.contents: bubble over 30 KB`);
    checkBubble(contents, `${at}.contents`, problems);
  } else if (contents.type === 'carousel' && Array.isArray(contents.contents)) {
    if (bytes(contents) > LINE_SPEC.carouselJsonBytes) problems.push(`${at}.contents: carousel over 50 KB`);
    if (contents.contents.length < 1 || contents.contents.length > LINE_SPEC.carouselBubbles)
      problems.push(`${at}.contents: ${contents.contents.length} bubbles (1–12)`);
    contents.contents.forEach((bubble, k) =>
      isObject(bubble)
        ? checkBubble(bubble, `${at}.contents.contents[${k}]`, problems)
        : problems.push(`${at}.contents.contents[${k}]: not a bubble`),
    );
  } else problems.push(`${at}.contents: neither bubble nor carousel`);
}

function checkBubble(bubble: Json, at: string, problems: string[]): void {
  if (bubble.type !== 'bubble') problems.push(`${at}: not a bubble`);
  if (bubble.body === undefined && bubble.footer === undefined) problems.push(`${at}: empty bubble`);
  for (const part of ['body', 'footer'] as const)
    if (bubble[part] !== undefined) checkComponent(bubble[part], `${at}.${part}`, problems);
}

function checkComponent(component: unknown, at: string, problems: string[]): void {
  if (!isObject(component)) {
    problems.push(`${at}: not a component`);
    return;
  }
  if (component.type === 'box') {
    if (!Array.isArray(component.contents) || component.contents.length === 0)
      problems.push(`${at}.contents: an empty box`);
    else component.contents.forEach((child, k) => checkComponent(child, `${at}.contents[${k}]`, problems));
  } else if (component.type === 'text') {
    if (typeof component.text !== 'string' || component.text.trim() === '')
      problems.push(`${at}.text: empty`);
  } else if (component.type === 'button') {
    checkAction(component.action, `${at}.action`, LINE_SPEC.flexButtonLabelGraphemes, problems);
  } else problems.push(`${at}: component type ${String(component.type)} is not one we send`);
}
