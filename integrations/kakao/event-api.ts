import { z } from 'zod';
import type { FetchLike } from './callback';
import { KAKAO_EVENT_PARAM } from './skill-payload';

/**
 * The Event API (reference/kakao.md §4.1): we ask Kakao to run our event block for some users; Kakao
 * then calls our skill for that block and the skill serves the queued outbox messages in its answer.
 * Each message costs money (15 KRW, dev channel included) and reaches channel friends only.
 */

export interface KakaoEventApi {
  /** `KAKAO_API_BASE_URL` (https://bot-api.kakao.com; tests point it at the fake). */
  baseUrl: string;
  restApiKey: string;
  /** Our bot id. The development channel needs the trailing `!` here (unconfirmed for 1:1 bots). */
  botId: string;
  eventName: string;
  timeoutMs?: number;
  fetch?: FetchLike;
}

/** Kakao's limit per request. */
export const KAKAO_EVENT_MAX_USERS = 100;

/** A failed Event API call, with the evidence needed to decide on a retry. */
export class KakaoEventApiError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number | null,
    readonly kakaoStatus: string | null,
    readonly taskId: string | null,
  ) {
    super(message);
    this.name = 'KakaoEventApiError';
  }
}

const sendReplySchema = z.looseObject({
  taskId: z.string().nullish(),
  status: z.string(),
  message: z.string().nullish(),
});

const taskSchema = z.looseObject({
  taskId: z.string().nullish(),
  status: z.string(),
  allRequestCount: z.number().nullish(),
  successCount: z.number().nullish(),
  userKeyResolvingFailCount: z.number().nullish(),
  fail: z
    .looseObject({
      count: z.number().nullish(),
      list: z
        .array(
          z.looseObject({
            userId: z.string().nullish(),
            reqUserType: z.string().nullish(),
            createdAt: z.unknown().optional(),
            errorMsg: z
              .looseObject({ errorType: z.unknown().optional(), msg: z.string().nullish() })
              .nullish(),
          }),
        )
        .nullish(),
    })
    .nullish(),
});

/** The status of a send, as `GET /v1/tasks/{taskId}` reports it. */
export interface KakaoTaskStatus {
  taskId: string;
  /** Kakao's words: "ALL SUCCESS", "<n> FAIL", … */
  status: string;
  allSucceeded: boolean;
  requested: number | null;
  succeeded: number | null;
  failedUserIds: string[];
}

function endpoint(api: KakaoEventApi, path: string): string {
  return `${api.baseUrl.replace(/\/+$/, '')}${path}`;
}

async function call(
  api: KakaoEventApi,
  path: string,
  init: RequestInit,
): Promise<{ status: number; body: unknown }> {
  const doFetch = api.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(endpoint(api, path), {
      ...init,
      headers: {
        authorization: `KakaoAK ${api.restApiKey}`,
        accept: 'application/json',
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      redirect: 'error',
      signal: AbortSignal.timeout(api.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw new KakaoEventApiError(
      `Kakao Event API unreachable: ${error instanceof Error ? error.name : 'error'}`,
      null,
      null,
      null,
    );
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Reported below with the HTTP status.
  }
  return { status: response.status, body };
}

/**
 * Asks Kakao to run the event block for up to 100 users (botUserKeys, duplicates dropped: one event
 * serves everything queued for a user). Resolves with the taskId once Kakao *accepted* the request;
 * delivery is only known from `getKakaoTask`.
 */
export async function sendKakaoEvent(
  api: KakaoEventApi,
  users: readonly string[],
  params: Record<string, string> = {},
): Promise<{ taskId: string }> {
  const unique = [...new Set(users)];
  if (unique.length === 0) throw new RangeError('sendKakaoEvent needs at least one user');
  if (unique.length > KAKAO_EVENT_MAX_USERS) {
    throw new RangeError(`sendKakaoEvent takes at most ${KAKAO_EVENT_MAX_USERS} users, got ${unique.length}`);
  }
  const body = {
    event: { name: api.eventName },
    user: unique.map((id) => ({ type: 'botUserKey', id })),
    // The marker lets the skill tell the event block's request from a user's message.
    params: { ...params, [KAKAO_EVENT_PARAM]: api.eventName },
  };
  const { status, body: reply } = await call(
    api,
    `/v2/bots/${encodeURIComponent(api.botId).replace(/%21/g, '!')}/talk`,
    {
      method: 'POST',
      body: JSON.stringify(body),
    },
  );
  const parsed = sendReplySchema.safeParse(reply);
  const taskId = parsed.success ? (parsed.data.taskId ?? null) : null;
  const kakaoStatus = parsed.success ? parsed.data.status : null;
  if (status < 200 || status >= 300 || kakaoStatus !== 'SUCCESS' || !taskId) {
    const why = parsed.success && parsed.data.message ? `: ${parsed.data.message}` : '';
    throw new KakaoEventApiError(
      `Kakao Event API refused the send (HTTP ${status}, ${kakaoStatus ?? 'no status'})${why}`,
      status,
      kakaoStatus,
      taskId,
    );
  }
  return { taskId };
}

/** Reads how a send went; only "ALL SUCCESS" means every user was reached. */
export async function getKakaoTask(api: KakaoEventApi, taskId: string): Promise<KakaoTaskStatus> {
  const { status, body } = await call(api, `/v1/tasks/${encodeURIComponent(taskId)}`, { method: 'GET' });
  const parsed = taskSchema.safeParse(body);
  if (status < 200 || status >= 300 || !parsed.success) {
    throw new KakaoEventApiError(
      `Kakao task status unavailable (HTTP ${status})`,
      status,
      parsed.success ? parsed.data.status : null,
      taskId,
    );
  }
  const t = parsed.data;
  const failedUserIds = (t.fail?.list ?? [])
    .map((f) => f.userId)
    .filter((id): id is string => typeof id === 'string');
  return {
    taskId: t.taskId ?? taskId,
    status: t.status,
    allSucceeded:
      t.status.toUpperCase() === 'ALL SUCCESS' ||
      (typeof t.allRequestCount === 'number' &&
        t.successCount === t.allRequestCount &&
        failedUserIds.length === 0),
    requested: t.allRequestCount ?? null,
    succeeded: t.successCount ?? null,
    failedUserIds,
  };
}
