import request from 'supertest';
import type { Express } from 'express';
import type { CardButton, OutboundMessage, QuickReply, Reply } from '../../../bot/messages';
import { KAKAO_MORE_POSTBACK } from '../../../integrations/kakao/render';
import type {
  KakaoButton,
  KakaoQuickReply,
  TemplateResponse,
} from '../../../integrations/kakao/response-schema';
import type { TranscriptChannel } from '../../helpers/transcript';
import type { FakeKakao } from '../../fakes/fake-kakao';
import { expectValidSkillResponse, fixture, type FixtureJson } from './helpers';

/** A realistic SkillPayload (the real-channel first message) for `userId` saying `utterance`. */
export function skillPayload(
  userId: string,
  utterance: string,
  options: {
    postback?: string;
    extra?: Record<string, unknown>;
    callbackUrl?: string;
    isFriend?: boolean;
    botId?: string;
  } = {},
): FixtureJson {
  const body = fixture('first-message');
  body.userRequest.utterance = utterance;
  body.userRequest.user.id = userId;
  body.userRequest.user.properties.botUserKey = userId;
  if (options.isFriend === false) delete body.userRequest.user.properties.isFriend;
  if (options.callbackUrl) body.userRequest.callbackUrl = options.callbackUrl;
  if (options.botId) body.bot.id = options.botId;
  body.action.clientExtra = options.extra ?? (options.postback ? { postback: options.postback } : {});
  if (options.postback) body.flow.trigger.type = 'QUICKREPLY_BUTTON_MESSAGE';
  return body;
}

const postbackOf = (extra: Record<string, unknown> | undefined): string | undefined =>
  typeof extra?.postback === 'string' ? extra.postback : undefined;

function toButton(b: KakaoButton): CardButton {
  if (b.action === 'webLink') return { label: b.label, url: b.webLinkUrl };
  if (b.action === 'phone') return { label: b.label, phone: b.phoneNumber };
  const postback = postbackOf(b.extra);
  return postback ? { label: b.label, postback } : { label: b.label };
}

/** Reads a rendered SkillResponse back into our own Reply (what the user sees). */
export function replyOf(response: TemplateResponse): Reply {
  const messages: OutboundMessage[] = response.template.outputs.map((o): OutboundMessage => {
    if ('simpleText' in o) return { type: 'text', text: o.simpleText.text };
    if ('textCard' in o) {
      return {
        type: 'card',
        title: o.textCard.title ?? '',
        text: o.textCard.description ?? '',
        buttons: (o.textCard.buttons ?? []).map(toButton),
      };
    }
    throw new Error(`unexpected output ${JSON.stringify(o)}`);
  });
  const quickReplies: QuickReply[] = (response.template.quickReplies ?? []).flatMap((q: KakaoQuickReply) => {
    const postback = postbackOf(q.extra);
    return postback ? [{ label: q.label, postback }] : [];
  });
  return { messages, quickReplies };
}

/** What a tap sends as the utterance: the button's `messageText`, as KakaoTalk does. */
function spokenTexts(response: TemplateResponse): Map<string, string> {
  const spoken = new Map<string, string>();
  for (const q of response.template.quickReplies ?? []) {
    const postback = postbackOf(q.extra);
    if (postback && q.messageText) spoken.set(postback, q.messageText);
  }
  for (const o of response.template.outputs) {
    if (!('textCard' in o)) continue;
    for (const b of o.textCard.buttons ?? []) {
      const postback = postbackOf(b.extra);
      if (postback && b.action === 'message' && b.messageText) spoken.set(postback, b.messageText);
    }
  }
  return spoken;
}

/**
 * The Kakao channel for the transcript runner: each line becomes a SkillPayload POSTed to
 * /webhooks/kakao with the secret header; the SkillResponse (checked against the schema) is read
 * back as a Reply, following "더 보기" pages until the whole answer is in.
 */
export function kakaoTranscriptChannel(
  secret: string,
  options: {
    fake?: FakeKakao;
    /**
     * The bot's (fake) clock. Kakao requests carry no id, so the bot names one from (user, text,
     * arrival ms): under a clock that stands still, a user who says "안녕하세요" twice would be taken
     * for a redelivery of the first. People do not type in the same millisecond twice, so a request
     * that would repeat an earlier one's name moves the clock by 1 ms first (only then, so scripts
     * that time deadlines to the minute are not shifted).
     */
    clock?: { now(): Date; advance(ms: number): void };
  } = {},
): TranscriptChannel {
  const spokenByUser = new Map<string, Map<string, string>>();
  const requestNames = new Set<string>();
  const fake = options.fake;
  // The fake Kakao fails loudly on a send it was not told to expect: keep answers (and task
  // statuses: everyone reached) armed ahead of the outbox worker.
  let armed = 0;
  const eventsSeen = new Map<string, number>();
  function arm(): void {
    if (!fake) return;
    const used = fake.eventSends().length;
    while (armed < used + 20) {
      armed += 1;
      const taskId = `transcript-task-${armed}`;
      fake.expectEventSend({ body: { taskId, status: 'SUCCESS', timestamp: Date.now() } });
      fake.setTask(taskId, { taskId, status: 'ALL SUCCESS', allRequestCount: 1, successCount: 1 });
    }
  }
  arm();
  async function post(app: Express, body: FixtureJson): Promise<TemplateResponse> {
    const res = await request(app).post('/webhooks/kakao').set('x-skill-secret', secret).send(body);
    if (res.status !== 200) throw new Error(`kakao answered ${res.status}: ${JSON.stringify(res.body)}`);
    expectValidSkillResponse(res.body);
    if (!('template' in res.body)) {
      throw new Error(`expected a template answer, got ${JSON.stringify(res.body)}`);
    }
    return res.body as TemplateResponse;
  }
  /** Reads an answer and every "더 보기" page behind it, as the user would by tapping it. */
  async function readAll(app: Express, userId: string, first: TemplateResponse): Promise<Reply> {
    let response = first;
    let reply = replyOf(response);
    const all: OutboundMessage[] = [...reply.messages];
    const nextSpoken = spokenTexts(response);
    for (let page = 0; reply.quickReplies.some((q) => q.postback === KAKAO_MORE_POSTBACK); page += 1) {
      if (page > 10) throw new Error('more than 10 "더 보기" pages');
      const more = (response.template.quickReplies ?? []).find(
        (q) => q.extra?.postback === KAKAO_MORE_POSTBACK,
      ) as KakaoQuickReply;
      response = await post(app, skillPayload(userId, more.messageText ?? more.label, { extra: more.extra }));
      reply = replyOf(response);
      all.push(...reply.messages);
      for (const [k, v] of spokenTexts(response)) nextSpoken.set(k, v);
    }
    spokenByUser.set(userId, nextSpoken);
    return { messages: all, quickReplies: reply.quickReplies };
  }
  return {
    name: 'kakao',
    async send(app, userId, input) {
      const spoken = spokenByUser.get(userId) ?? new Map<string, string>();
      const utterance = input.postback ? (spoken.get(input.postback) ?? input.postback) : (input.text ?? '');
      if (options.clock) {
        const name = () => `${userId}|${utterance}|${input.postback ?? ''}|${options.clock!.now().getTime()}`;
        if (requestNames.has(name())) options.clock.advance(1);
        requestNames.add(name());
      }
      return readAll(
        app,
        userId,
        await post(app, skillPayload(userId, utterance, { postback: input.postback })),
      );
    },
    /**
     * Proactive messages through the Event API: for each event Kakao was asked to send this user
     * since the last look, Kakao runs our event block, whose answer is what the user sees.
     * Without a fake Kakao (no Event API) they wait for the user's next message instead.
     */
    async pushed(app, userId) {
      if (!fake) throw new Error('kakao: pushed messages need kakaoTranscriptChannel(secret, { fake })');
      const sends = fake
        .eventSends()
        .filter((r) =>
          (r.body as { user?: { id: string }[] } | undefined)?.user?.some((u) => u.id === userId),
        );
      const fresh = sends.slice(eventsSeen.get(userId) ?? 0);
      eventsSeen.set(userId, sends.length);
      arm();
      const messages: OutboundMessage[] = [];
      let quickReplies: QuickReply[] = [];
      for (const _send of fresh) {
        const block = fixture('event-block');
        block.userRequest.user.id = userId;
        block.userRequest.user.properties.botUserKey = userId;
        const reply = await readAll(app, userId, await post(app, block));
        messages.push(...reply.messages);
        quickReplies = reply.quickReplies;
      }
      return { messages, quickReplies };
    },
  };
}
