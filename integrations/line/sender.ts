import { HTTPFetchError, messagingApi } from '@line/bot-sdk';

/**
 * A small client around the SDK's MessagingApiClient that never throws for an HTTP or network
 * problem: every call returns an outcome the caller (reply-then-push, the outbox worker) acts on.
 * The SDK has no timeout, so each call races a timer; a timed-out request may still complete at
 * LINE, which is why pushes always carry a retry key and replies are never retried.
 */

/** What happened to one call, in the terms the outbox needs. */
export type LineSendOutcome =
  /** LINE took the request (2xx), or a 409 says this retry key was already taken. Not "delivered". */
  | { kind: 'accepted'; status: number; requestId?: string; duplicate: boolean; acceptedRequestId?: string }
  /** Try again later with the same retry key (timeout, network error, 5xx, rate-limit 429). */
  | {
      kind: 'retry';
      reason: 'timeout' | 'network' | 'server_error' | 'rate_limited';
      status?: number;
      requestId?: string;
      retryAfterMs?: number;
    }
  /** Do not retry: the monthly message allowance is used up, or LINE refused the request itself. */
  | {
      kind: 'failed';
      reason: 'quota_exhausted' | 'rejected';
      status: number;
      requestId?: string;
      detail?: string;
    }
  /** The reply token is expired or used (or we used it already): push instead. */
  | { kind: 'invalid_reply_token'; status: number; requestId?: string; local: boolean };

export interface LineSenderOptions {
  channelAccessToken: string;
  /** LINE_API_BASE_URL; a path prefix is ignored by the SDK, so give a fake its own port. */
  baseURL?: string;
  /** Per-call limit (default 10 s): a hung call must not outlive the reply token or block the worker. */
  timeoutMs?: number;
  /** How many used reply tokens to remember so one is never sent twice (default 10,000). */
  rememberReplyTokens?: number;
}

export interface LineSender {
  /** Sends with a reply token, once: a token already used by this process is refused locally. */
  reply(replyToken: string, messages: messagingApi.Message[]): Promise<LineSendOutcome>;
  /** Pushes to a user, group or room with `X-Line-Retry-Key`; reuse the key for every retry. */
  push(to: string, messages: messagingApi.Message[], retryKey: string): Promise<LineSendOutcome>;
  /** Sends the same messages to up to 500 user ids with one `X-Line-Retry-Key` (409 on a repeat = accepted). */
  multicast(to: string[], messages: messagingApi.Message[], retryKey: string): Promise<LineSendOutcome>;
  /** Shows the typing indicator in a 1:1 chat (seconds rounded up to 5…60); groups are refused locally. */
  showLoading(userId: string, seconds: number): Promise<LineSendOutcome>;
}

/** LINE keeps a retry key 24 hours; after that the same key would send a duplicate. */
export const LINE_RETRY_WINDOW_MS = 23 * 60 * 60 * 1000;

/** LINE's limit of user ids per multicast request. */
export const LINE_MULTICAST_MAX = 500;

const DEFAULT_TIMEOUT_MS = 10_000;
const RETRY_KEY_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_ID_SHAPE = /^U[0-9a-f]{32}$/;

/** Whether a push first tried at `firstAttemptAt` may still be retried with its key at `now`. */
export function mayRetry(firstAttemptAt: Date, now: Date, windowMs: number = LINE_RETRY_WINDOW_MS): boolean {
  return now.getTime() - firstAttemptAt.getTime() < windowMs;
}

/** Exponential backoff with full jitter for retry attempt `attempt` (1-based), honouring Retry-After. */
export function retryDelayMs(
  attempt: number,
  outcome?: LineSendOutcome,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(15 * 60_000, 2_000 * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + random() * (ceiling / 2));
  const hinted = outcome?.kind === 'retry' ? (outcome.retryAfterMs ?? 0) : 0;
  return Math.max(jittered, hinted);
}

/** Builds the sender over `messagingApi.MessagingApiClient`. */
export function createLineSender(options: LineSenderOptions): LineSender {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: options.channelAccessToken,
    baseURL: options.baseURL,
  });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const usedTokens = new Set<string>();
  const remember = options.rememberReplyTokens ?? 10_000;

  return {
    async reply(replyToken, messages) {
      if (usedTokens.has(replyToken)) return { kind: 'invalid_reply_token', status: 400, local: true };
      usedTokens.add(replyToken);
      // Oldest first: a Set iterates in insertion order.
      if (usedTokens.size > remember) usedTokens.delete(usedTokens.values().next().value as string);
      return call(() => client.replyMessageWithHttpInfo({ replyToken, messages }), timeoutMs, 'reply');
    },
    async push(to, messages, retryKey) {
      // A malformed key makes LINE answer 400 forever; that is our bug, so fail loudly.
      if (!RETRY_KEY_SHAPE.test(retryKey))
        throw new Error('push needs a UUID retry key (crypto.randomUUID())');
      return call(() => client.pushMessageWithHttpInfo({ to, messages }, retryKey), timeoutMs, 'push');
    },
    async multicast(to, messages, retryKey) {
      if (!RETRY_KEY_SHAPE.test(retryKey)) throw new Error('multicast needs a UUID retry key');
      if (to.length === 0 || to.length > LINE_MULTICAST_MAX)
        throw new RangeError(`multicast takes 1…${LINE_MULTICAST_MAX} user ids, got ${to.length}`);
      return call(() => client.multicastWithHttpInfo({ to, messages }, retryKey), timeoutMs, 'push');
    },
    async showLoading(userId, seconds) {
      if (!USER_ID_SHAPE.test(userId))
        return {
          kind: 'failed',
          reason: 'rejected',
          status: 400,
          detail: 'loading animation works in 1:1 chats only',
        };
      const loadingSeconds = Math.min(60, Math.max(5, Math.ceil(seconds / 5) * 5));
      return call(
        () => client.showLoadingAnimationWithHttpInfo({ chatId: userId, loadingSeconds }),
        timeoutMs,
        'loading',
      );
    },
  };
}

class LineTimeout extends Error {
  constructor(ms: number) {
    super(`LINE call took longer than ${ms} ms`);
    this.name = 'LineTimeout';
  }
}

async function call(
  send: () => Promise<{ httpResponse: Response }>,
  timeoutMs: number,
  endpoint: 'reply' | 'push' | 'loading',
): Promise<LineSendOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LineTimeout(timeoutMs)), timeoutMs);
  });
  const attempt = send();
  // The losing promise may still reject later; swallow it so it never becomes unhandled.
  attempt.catch(() => undefined);
  try {
    const { httpResponse } = await Promise.race([attempt, timeout]);
    return {
      kind: 'accepted',
      status: httpResponse.status,
      requestId: httpResponse.headers.get('x-line-request-id') ?? undefined,
      duplicate: false,
    };
  } catch (error) {
    return classifyLineError(error, endpoint);
  } finally {
    clearTimeout(timer);
  }
}

/** Turns what the SDK threw into an outcome; exported for the route's own calls and for tests. */
export function classifyLineError(
  error: unknown,
  endpoint: 'reply' | 'push' | 'loading' = 'push',
): LineSendOutcome {
  if (error instanceof LineTimeout) return { kind: 'retry', reason: 'timeout' };
  if (error instanceof HTTPFetchError) {
    const status = error.status;
    const requestId = error.headers.get('x-line-request-id') ?? undefined;
    const message = errorMessage(error.body);
    if (status === 409) {
      return {
        kind: 'accepted',
        status,
        requestId,
        duplicate: true,
        acceptedRequestId: error.headers.get('x-line-accepted-request-id') ?? undefined,
      };
    }
    if (status === 429) {
      // Message strings may change, but this one is the only way to tell quota from rate limit.
      if (/monthly limit/i.test(message))
        return { kind: 'failed', reason: 'quota_exhausted', status, requestId, detail: message };
      return {
        kind: 'retry',
        reason: 'rate_limited',
        status,
        requestId,
        retryAfterMs: retryAfter(error.headers.get('retry-after')),
      };
    }
    if (status >= 500) return { kind: 'retry', reason: 'server_error', status, requestId };
    if (status === 400 && endpoint === 'reply' && /invalid reply token/i.test(message))
      return { kind: 'invalid_reply_token', status, requestId, local: false };
    return { kind: 'failed', reason: 'rejected', status, requestId, detail: message };
  }
  // A 2xx whose body was not JSON: LINE accepted it, only the response was odd.
  if (error instanceof SyntaxError) return { kind: 'accepted', status: 200, duplicate: false };
  // fetch's TypeError ("fetch failed"), a reset socket, DNS …: the request may or may not have arrived.
  return { kind: 'retry', reason: 'network' };
}

function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : '';
  } catch {
    return body.slice(0, 200);
  }
}

function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
