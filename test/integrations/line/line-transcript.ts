import { createHash, randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { CardButton, OutboundMessage, QuickReply, Reply } from '../../../bot/messages';
import type { LineChannel } from '../../../integrations/line/line-channel';
import { LINE_MORE_POSTBACK } from '../../../integrations/line/render';
import type { FakeLine, FakeLineRequest } from '../../fakes/fake-line';
import { signedLineRequest, TEST_LINE_CHANNEL_SECRET } from '../../fakes/line-webhook';
import type { TranscriptChannel } from '../../helpers/transcript';

/** The bot's own id in webhook bodies (LINE's `destination`). */
export const DESTINATION = 'U8e742f61d673b39c7fff3cecb7536ef0';

/** A LINE-shaped user id (`U` + 32 hex) standing for a transcript's user name. */
export function lineUserId(name: string): string {
  return `U${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
}

const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A fresh webhookEventId (ULID-shaped). */
export function eventId(): string {
  return `01${Array.from(randomBytes(24), (b) => ULID_ALPHABET[b % 32]).join('')}`;
}

/** A fresh reply token (32 hex). */
export const replyToken = (): string => randomBytes(16).toString('hex');

export interface EventOptions {
  id?: string;
  token?: string;
  timestamp?: number;
  redelivery?: boolean;
}

function base(userId: string, o: EventOptions) {
  return {
    webhookEventId: o.id ?? eventId(),
    deliveryContext: { isRedelivery: o.redelivery ?? false },
    timestamp: o.timestamp ?? Date.now(),
    source: { type: 'user', userId },
    replyToken: o.token ?? replyToken(),
    mode: 'active',
  };
}

/** A text message event as LINE sends it. */
export function textEvent(userId: string, text: string, o: EventOptions & { messageId?: string } = {}) {
  return {
    type: 'message',
    message: {
      type: 'text',
      id: o.messageId ?? String(Date.now()) + String(Math.floor(Math.random() * 1e6)),
      quoteToken: 'q',
      text,
    },
    ...base(userId, o),
  };
}

/** A postback event (a tapped button of ours). */
export function postbackEvent(userId: string, data: string, o: EventOptions = {}) {
  return { type: 'postback', postback: { data }, ...base(userId, o) };
}

/** A sticker event with LINE's keywords. */
export function stickerEvent(userId: string, keywords: string[], o: EventOptions = {}) {
  return {
    type: 'message',
    message: {
      type: 'sticker',
      id: String(Date.now()),
      packageId: '446',
      stickerId: '1988',
      stickerResourceType: 'STATIC',
      keywords,
    },
    ...base(userId, o),
  };
}

/** The raw body LINE would POST (the bytes that get signed). */
export const webhookBody = (events: object[]): string => JSON.stringify({ destination: DESTINATION, events });

/** POSTs a signed body to /webhooks/line. */
export function postLine(app: Express, body: string, secret: string = TEST_LINE_CHANNEL_SECRET) {
  const signed = signedLineRequest(body, secret);
  return request(app).post('/webhooks/line').set(signed.headers).send(signed.body);
}

/** Reads LINE message objects back into our own Reply (what the user sees). */
export function replyFromLine(messages: unknown[]): Reply {
  const out: OutboundMessage[] = [];
  let quickReplies: QuickReply[] = [];
  for (const raw of messages) {
    const m = raw as {
      type: string;
      text?: string;
      contents?: Bubble | { type: 'carousel'; contents: Bubble[] };
      quickReply?: { items: { action: Action }[] };
    };
    if (m.type === 'text') out.push({ type: 'text', text: m.text ?? '' });
    else if (m.type === 'flex' && m.contents) {
      const bubbles = m.contents.type === 'carousel' ? m.contents.contents : [m.contents as Bubble];
      for (const b of bubbles) out.push(cardOf(b));
    }
    if (m.quickReply) {
      quickReplies = m.quickReply.items.flatMap((i) =>
        i.action.type === 'postback' && i.action.data
          ? [{ label: i.action.label, postback: i.action.data }]
          : [],
      );
    }
  }
  return { messages: out, quickReplies };
}

interface Action {
  type: string;
  label: string;
  data?: string;
  uri?: string;
}
interface Bubble {
  type: 'bubble';
  body?: { contents: { type: string; text?: string; weight?: string }[] };
  footer?: { contents: { action: Action }[] };
}

function cardOf(b: Bubble): OutboundMessage {
  const texts = b.body?.contents ?? [];
  const title = texts.find((c) => c.weight === 'bold')?.text ?? '';
  const body = texts
    .filter((c) => c.weight !== 'bold')
    .map((c) => c.text ?? '')
    .join('\n');
  const buttons: CardButton[] = (b.footer?.contents ?? []).map(({ action }) => {
    if (action.type === 'postback') return { label: action.label, postback: action.data ?? '' };
    if (action.uri?.startsWith('tel:')) return { label: action.label, phone: action.uri.slice(4) };
    return { label: action.label, url: action.uri ?? '' };
  });
  return { type: 'card', title, text: body, buttons };
}

/** Calls to the fake LINE that answered the given event: its reply token, or pushes to the user. */
export function callsFor(fake: FakeLine, since: number, userId: string, token?: string): FakeLineRequest[] {
  return fake.requests.slice(since).filter((r) => {
    const body = r.body as { replyToken?: string; to?: string } | undefined;
    return (
      (r.endpoint === 'reply' && token !== undefined && body?.replyToken === token) ||
      (r.endpoint === 'push' && body?.to === userId)
    );
  });
}

/** What the user saw from accepted calls, as one Reply. */
export function seenReply(calls: FakeLineRequest[]): Reply {
  const accepted = calls.filter((c) => c.status !== undefined && c.status < 300);
  return replyFromLine(accepted.flatMap((c) => (c.body as { messages?: unknown[] }).messages ?? []));
}

/**
 * The LINE channel for the transcript runner: each line becomes a signed webhook (a text or a
 * postback event), the test waits until the adapter processed it, and the reply/push calls the
 * fake recorded are read back as a Reply ("더 보기" pages followed, so nothing is hidden).
 */
export function lineTranscriptChannel(
  fake: FakeLine,
  line: () => LineChannel,
  now: () => number = Date.now,
): TranscriptChannel {
  async function once(
    app: Express,
    userId: string,
    input: { text?: string; postback?: string },
  ): Promise<Reply> {
    const since = fake.requests.length;
    const token = replyToken();
    const event =
      input.postback !== undefined
        ? postbackEvent(userId, input.postback, { token, timestamp: now() })
        : textEvent(userId, input.text ?? '', { token, timestamp: now() });
    const res = await postLine(app, webhookBody([event]));
    if (res.status !== 200) {
      throw new Error(`LINE webhook answered ${res.status}: ${JSON.stringify(res.body)}`);
    }
    await line().idle();
    const calls = callsFor(fake, since, userId, token);
    lookedUpTo.set(userId, fake.requests.length);
    return seenReply(calls);
  }
  /** Up to where each user's pushes were already read (with a reply or by `pushed`). */
  const lookedUpTo = new Map<string, number>();
  return {
    name: 'line',
    async send(app, name, input) {
      const userId = lineUserId(name);
      const reply = await once(app, userId, input);
      if (!reply.quickReplies.some((q) => q.postback === LINE_MORE_POSTBACK)) return reply;
      const more = await once(app, userId, { postback: LINE_MORE_POSTBACK });
      return {
        messages: reply.messages,
        quickReplies: [
          ...reply.quickReplies.filter((q) => q.postback !== LINE_MORE_POSTBACK),
          ...more.quickReplies,
        ],
      };
    },
    /** Push calls the outbox sent this user since the last look (a quiz, a mentor's words). */
    async pushed(_app, name) {
      const userId = lineUserId(name);
      await line().idle();
      const since = lookedUpTo.get(userId) ?? 0;
      lookedUpTo.set(userId, fake.requests.length);
      return seenReply(callsFor(fake, since, userId));
    },
  };
}
