import { z } from 'zod';
import type { SkillResponse } from './response-schema';

/**
 * The AI-chatbot callback (reference/kakao.md §3): one POST of the finished SkillResponse to the
 * one-time `userRequest.callbackUrl`. The URL comes from the request body, so it is an SSRF vector:
 * only https hosts matching `KAKAO_CALLBACK_HOSTS` are called, never a redirect, never twice.
 */

export type FetchLike = typeof fetch;

export interface CallbackOptions {
  /** `config.kakao.callbackHosts`: exact hosts or `*.suffix` wildcards. */
  allowedHosts: readonly string[];
  /** Abort after this long (the whole callback must land within ~50 s of the request's arrival). */
  timeoutMs: number;
  fetch?: FetchLike;
}

/** Kakao's answer to a callback POST. */
export interface CallbackReply {
  taskId: string | null;
  status: 'SUCCESS' | 'FAIL' | 'ERROR';
  message: string | null;
}

export type CallbackFailure =
  | 'bad-url'
  | 'host-not-allowed'
  | 'redirect'
  | 'http-error'
  | 'timeout'
  | 'network'
  | 'bad-reply'
  | 'rejected';

/** `posted` says whether the one-time URL was spent: never POST it again either way. */
export type CallbackOutcome =
  | { ok: true; posted: true; reply: CallbackReply }
  | { ok: false; posted: boolean; reason: CallbackFailure; httpStatus?: number; reply?: CallbackReply };

const replySchema = z.looseObject({
  taskId: z.string().nullish(),
  status: z.enum(['SUCCESS', 'FAIL', 'ERROR']),
  message: z.string().nullish(),
});

/** Plain-http is tolerated only for the loopback fake in tests, and only when it is listed. */
const LOOPBACK = new Set(['127.0.0.1', '[::1]', '::1']);

/** Whether `hostname` matches a pattern: exact, or `*.example.com` (any depth of subdomain, not the bare domain). */
export function hostMatches(hostname: string, pattern: string): boolean {
  const host = hostname.toLowerCase();
  const p = pattern.trim().toLowerCase();
  if (p.startsWith('*.')) return host.endsWith(p.slice(1)) && host.length > p.length - 1;
  return host === p;
}

/**
 * Checks a callback URL before anything is sent: https on port 443 (or http to a listed loopback,
 * any port: the test fakes), allowed host, no credentials.
 */
export function checkCallbackUrl(
  raw: string,
  allowedHosts: readonly string[],
): { ok: true } | { ok: false; reason: 'bad-url' | 'host-not-allowed' } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'bad-url' };
  }
  if (url.username || url.password) return { ok: false, reason: 'bad-url' };
  const allowed = allowedHosts.some((pattern) => hostMatches(url.hostname, pattern));
  if (!allowed) return { ok: false, reason: 'host-not-allowed' };
  // Kakao's callback servers listen on 443 only; another port on a matching host is not Kakao.
  if (url.protocol === 'https:')
    return url.port === '' ? { ok: true } : { ok: false, reason: 'host-not-allowed' };
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return { ok: true };
  return { ok: false, reason: 'host-not-allowed' };
}

/**
 * POSTs `body` to the callback URL exactly as received (the string is handed to fetch untouched;
 * re-encoding the token made Kakao answer "Invalid callback token"), once, without following
 * redirects, and returns Kakao's verdict. Never throws.
 */
export async function postCallback(
  url: string,
  body: SkillResponse,
  options: CallbackOptions,
): Promise<CallbackOutcome> {
  const check = checkCallbackUrl(url, options.allowedHosts);
  if (!check.ok) return { ok: false, posted: false, reason: check.reason };
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', accept: 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    // DOMException is not always an `instanceof Error` (other realms, jest), so read the name.
    const name = typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';
    return {
      ok: false,
      posted: true,
      reason: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network',
    };
  }
  // With redirect 'manual', undici hands back the 3xx itself (browsers give an opaque 0).
  if ((response.status >= 300 && response.status < 400) || response.type === 'opaqueredirect') {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, posted: true, reason: 'redirect', httpStatus: response.status };
  }
  let parsedBody: unknown;
  try {
    parsedBody = await response.json();
  } catch {
    return {
      ok: false,
      posted: true,
      reason: response.ok ? 'bad-reply' : 'http-error',
      httpStatus: response.status,
    };
  }
  const parsed = replySchema.safeParse(parsedBody);
  if (!parsed.success) {
    return {
      ok: false,
      posted: true,
      reason: response.ok ? 'bad-reply' : 'http-error',
      httpStatus: response.status,
    };
  }
  const reply: CallbackReply = {
    taskId: parsed.data.taskId ?? null,
    status: parsed.data.status,
    message: parsed.data.message ?? null,
  };
  if (!response.ok) {
    return { ok: false, posted: true, reason: 'http-error', httpStatus: response.status, reply };
  }
  if (reply.status !== 'SUCCESS') {
    return { ok: false, posted: true, reason: 'rejected', httpStatus: response.status, reply };
  }
  return { ok: true, posted: true, reply };
}
