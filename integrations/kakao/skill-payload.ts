import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { InboundEvent } from '../../bot/events';
import type { Language } from '../../bot/people';

/**
 * The SkillPayload Kakao i Open Builder POSTs to our skill (../shared/reference/kakao.md §1).
 * Loose objects everywhere (Kakao adds keys: `flow`, snake_case duplicates …), strict on the few
 * fields we read. The request has no `version`; only responses do.
 */

/** The `userRequest.params` / `event.params` key our Event API sends carry, so the event block is recognisable. */
export const KAKAO_EVENT_PARAM = 'seoulrunEvent';

const text = z.string();
const looseRecord = z.record(z.string(), z.unknown());

/** `isFriend` is true only for channel friends; absent (or anything else) means not a friend. */
const isFriend = z
  .union([z.boolean(), z.string(), z.null()])
  .optional()
  .transform((v) => v === true || v === 'true');

/** Ids sometimes arrive as numbers in hand-made payloads; we keep strings. */
const idText = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v) => (v === undefined || v === '' ? undefined : String(v)));

/** `clientExtra` was seen as a map, `{}`, `null` and (v1) the string "null": normalised to a map or null. */
const clientExtra = z
  .union([looseRecord, z.string(), z.null()])
  .optional()
  .transform((v): Record<string, unknown> | null => {
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') return v;
    try {
      const parsed: unknown = JSON.parse(v);
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, unknown>)
        : null;
    } catch {
      return null;
    }
  });

const block = z.looseObject({ id: text, name: text.optional() });

export const skillPayloadSchema = z.looseObject({
  intent: z.looseObject({ id: text.optional(), name: text.optional() }).optional(),
  userRequest: z.looseObject({
    timezone: text.optional(),
    params: looseRecord.nullish().transform((v) => v ?? {}),
    block: block.optional(),
    // Read whole: facts (and risk) are read from it, so it is never cut here.
    utterance: text,
    lang: text.nullish(),
    user: z.looseObject({
      id: text.min(1).max(70),
      type: text.optional(),
      properties: z
        .looseObject({
          plusfriendUserKey: idText,
          appUserId: idText,
          isFriend,
        })
        .nullish()
        .transform((v) => v ?? { plusfriendUserKey: undefined, appUserId: undefined, isFriend: false }),
    }),
    callbackUrl: text.min(1).optional(),
  }),
  bot: z.looseObject({ id: text.min(1), name: text.optional() }),
  action: z
    .looseObject({
      id: text.optional(),
      name: text.optional(),
      params: looseRecord.nullish(),
      detailParams: looseRecord.nullish(),
      clientExtra,
    })
    .optional(),
  contexts: z.array(z.unknown()).nullish(),
});

export type SkillPayload = z.infer<typeof skillPayloadSchema>;

/** Parses a request body; the reason names the first wrong field, never its value. */
export function parseSkillPayload(
  body: unknown,
): { ok: true; payload: SkillPayload } | { ok: false; reason: string } {
  const parsed = skillPayloadSchema.safeParse(body);
  if (parsed.success) return { ok: true, payload: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(body)';
  return { ok: false, reason: `invalid SkillPayload at ${where}: ${issue?.message ?? 'not an object'}` };
}

/** The facts the host keeps from a request besides the InboundEvent. */
export interface KakaoRequestFacts {
  botUserKey: string;
  plusfriendUserKey?: string;
  appUserId?: string;
  isFriend: boolean;
  botId: string;
  /** `bot.id` without the development channel's trailing `!`. */
  botIdNormalised: string;
  devChannel: boolean;
  callbackUrl?: string;
  blockId?: string;
  language?: Language;
  clientExtra: Record<string, unknown> | null;
  /** Set when this request is Kakao calling the event block after our Event API send. */
  event: KakaoEventTrigger | null;
}

/** An event-block request: Kakao runs the block because we sent an event, not because the user spoke. */
export interface KakaoEventTrigger {
  eventName: string;
  params: Record<string, unknown>;
}

/** Kakao writes "ko"; the callback guide and v1 wrote "kr". English is our only other language. */
function languageOf(lang: string | null | undefined): Language | undefined {
  const l = lang?.trim().toLowerCase();
  if (l === 'ko' || l === 'kr' || l === 'ko-kr') return 'ko';
  if (l === 'en' || l?.startsWith('en-')) return 'en';
  return undefined;
}

/**
 * Detects an event-block request: our Event API sends always carry `KAKAO_EVENT_PARAM` in `params`,
 * which Kakao hands to the triggered skill in `userRequest.params`. When the host also knows the
 * event block's id, a request for that block counts even if the params were lost.
 */
export function detectEventTrigger(
  payload: SkillPayload,
  options: { eventBlockId?: string; eventName?: string } = {},
): KakaoEventTrigger | null {
  const params = payload.userRequest.params;
  const marker = params[KAKAO_EVENT_PARAM];
  if (typeof marker === 'string' && marker.length > 0) return { eventName: marker, params };
  if (options.eventBlockId && payload.userRequest.block?.id === options.eventBlockId) {
    return { eventName: options.eventName ?? 'outbox', params };
  }
  return null;
}

/** The facts of a parsed request, normalised. */
export function readKakaoRequest(
  payload: SkillPayload,
  options: { eventBlockId?: string; eventName?: string } = {},
): KakaoRequestFacts {
  const { user } = payload.userRequest;
  const botId = payload.bot.id;
  return {
    botUserKey: user.id,
    plusfriendUserKey: user.properties.plusfriendUserKey,
    appUserId: user.properties.appUserId,
    isFriend: user.properties.isFriend,
    botId,
    botIdNormalised: botId.replace(/!$/, ''),
    devChannel: botId.endsWith('!'),
    callbackUrl: payload.userRequest.callbackUrl,
    blockId: payload.userRequest.block?.id,
    language: languageOf(payload.userRequest.lang),
    clientExtra: payload.action?.clientExtra ?? null,
    event: detectEventTrigger(payload, options),
  };
}

/** Our postback, which our buttons and quick replies put in `extra.postback`. */
export function postbackOf(payload: SkillPayload): string | undefined {
  const postback = payload.action?.clientExtra?.postback;
  return typeof postback === 'string' && postback.length > 0 ? postback : undefined;
}

// ——— media ———

/** Hosts Kakao serves user uploads from (observed in public code; see the report's weak points). */
const KAKAO_MEDIA_HOST = /(^|\.)kakaocdn\.net$|(^|\.)talk\.kakao\.com$|^dn-m\.talk\.kakao\.com$/i;
const IMAGE_PATH = /\.(jpe?g|png|gif|webp|heic|heif|bmp)$/i;
const FILE_PATH = /\.(pdf|hwpx?|docx?|xlsx?|pptx?|zip|txt|csv|mp4|mov|avi|m4a|mp3|wav|3gp)$/i;
/** Placeholder utterances some Kakao clients send for an emoticon or an upload. */
const STICKER_UTTERANCE = /^\(?(이모티콘|emoticon|sticker)\)?$|^이모티콘을 보냈습니다\.?$/i;
const MEDIA_UTTERANCE = /^(사진|동영상|파일|음성메시지)을? 보냈습니다\.?$|^\((사진|동영상|파일)\)$/;

function asUrl(value: string): URL | null {
  if (!/^https?:\/\/\S+$/i.test(value)) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** Whether a lone URL is an upload (Kakao's CDN, or a path that names an image or a file). */
function isUploadUrl(value: string): boolean {
  const url = asUrl(value.trim());
  if (!url) return false;
  return KAKAO_MEDIA_HOST.test(url.hostname) || IMAGE_PATH.test(url.pathname) || FILE_PATH.test(url.pathname);
}

/** Whether a params value describes an upload: a URL, `{ type, url }`, or the secure-image plugin's JSON. */
function isUploadParam(value: unknown): boolean {
  if (typeof value === 'string') {
    if (isUploadUrl(value)) return true;
    if (/secureUrls|imageQuantity/.test(value)) return true;
    return /^List\(https?:\/\//.test(value.trim());
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const url = record.url ?? record.imageUrl ?? record.secureUrls;
    return typeof url === 'string' && (isUploadUrl(url) || /^List\(/.test(url));
  }
  return false;
}

const MEDIA_PARAM_KEYS =
  /^(image|images|photo|file|video|media|attachment|secureimage|sys_plugin_secureimage|sys\.plugin\.secureimage)$/i;

/** What kind of message the utterance is: a sticker, an upload (never stored) or words. */
export function messageKindOf(payload: SkillPayload): 'text' | 'media' | 'sticker' {
  const utterance = payload.userRequest.utterance.trim();
  if (STICKER_UTTERANCE.test(utterance)) return 'sticker';
  if (MEDIA_UTTERANCE.test(utterance) || isUploadUrl(utterance)) return 'media';
  const params = { ...payload.userRequest.params, ...(payload.action?.params ?? {}) };
  for (const [key, value] of Object.entries(params)) {
    if (MEDIA_PARAM_KEYS.test(key) && isUploadParam(value)) return 'media';
    if (key !== 'surface' && isUploadParam(value) && typeof value !== 'string') return 'media';
  }
  return 'text';
}

/**
 * Kakao gives a request no id and no timestamp, so the id is synthetic. With a `callbackUrl` the
 * one-time callback token identifies exactly this request (a redelivery would carry the same one).
 * Otherwise it is a hash of (user, utterance, extra, arrival time in ms): unique per request, and
 * two identical taps in the same millisecond collapse into one, which is what we want. Real
 * double taps are caught by the ~3 s dedupe window (dedupe-window.ts), not by this id.
 */
export function syntheticEventId(payload: SkillPayload, receivedAt: Date): string {
  const callback = payload.userRequest.callbackUrl;
  const material = callback
    ? `cb|${callback}`
    : [
        'req',
        payload.userRequest.user.id,
        payload.userRequest.utterance,
        JSON.stringify(payload.action?.clientExtra ?? null),
        receivedAt.getTime(),
      ].join('|');
  return `kakao:${createHash('sha256').update(material).digest('hex').slice(0, 40)}`;
}

/** Translates a parsed request into the one InboundEvent every adapter produces. */
export function toInboundEvent(payload: SkillPayload, receivedAt: Date): InboundEvent {
  const postback = postbackOf(payload);
  const kind = postback !== undefined ? 'postback' : messageKindOf(payload);
  const event: InboundEvent = {
    channel: 'kakao',
    channelUserId: payload.userRequest.user.id,
    channelEventId: syntheticEventId(payload, receivedAt),
    kind,
    occurredAt: receivedAt,
    reachable: payload.userRequest.user.properties.isFriend,
  };
  // Uploads and stickers are never stored: their "utterance" is a CDN URL or a placeholder.
  if (kind === 'text' || kind === 'postback') event.text = payload.userRequest.utterance;
  if (postback !== undefined) event.postback = postback;
  return event;
}
