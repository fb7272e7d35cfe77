import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkLineMessages } from '../../integrations/line/limits-check';

/**
 * A fake LINE Messaging API: a real HTTP server on 127.0.0.1 that records every request and
 * answers the way LINE does (reply tokens usable once, retry keys answered 409 on a repeat,
 * messages checked against LINE's limits), or the way a test scripts it. A call to any other
 * path is recorded as unexpected and `assertNoUnexpectedCalls()` throws about it.
 */

export type FakeLineEndpoint = 'reply' | 'push' | 'multicast' | 'loading';

/** One scripted answer. `hang` never answers (until the server closes). */
export type FakeLineStep =
  | 'ok'
  | 'invalid_reply_token'
  | 'conflict'
  | 'rate_limit'
  | 'monthly_limit'
  | 'server_error'
  | 'hang'
  | { status: number; body?: unknown; headers?: Record<string, string> };

export interface FakeLineRequest {
  endpoint: FakeLineEndpoint | 'unexpected';
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  retryKey?: string;
  body: unknown;
  /** What the fake answered (undefined while hanging). */
  status?: number;
  requestId: string;
}

export interface FakeLineOptions {
  /** When set, requests without `Authorization: Bearer <token>` get 401. */
  channelAccessToken?: string;
  /** Token bucket per endpoint (LINE limits per endpoint): `perSecond` refill, `burst` capacity. */
  rateLimit?: { perSecond: number; burst?: number };
  /** Check messages against LINE's limits and answer 400 like LINE (default true). */
  validate?: boolean;
}

export interface FakeLine {
  /** `http://127.0.0.1:<port>`, for LINE_API_BASE_URL / the SDK's baseURL. */
  readonly url: string;
  readonly requests: FakeLineRequest[];
  /** Requests to one endpoint, in arrival order. */
  calls(endpoint: FakeLineEndpoint): FakeLineRequest[];
  /** Queues answers for the next calls to `endpoint`; after the queue, calls behave like LINE. */
  script(endpoint: FakeLineEndpoint, ...steps: FakeLineStep[]): void;
  /** Makes any call to `endpoint` unexpected (e.g. "this path must never push"). */
  forbid(endpoint: FakeLineEndpoint): void;
  /** Throws listing every unexpected call (unknown path, forbidden endpoint, bad auth). */
  assertNoUnexpectedCalls(): void;
  /** Waits until `n` requests reached `endpoint` (for work done after a webhook answered). */
  waitForCalls(endpoint: FakeLineEndpoint, n: number, timeoutMs?: number): Promise<FakeLineRequest[]>;
  close(): Promise<void>;
}

const ROUTES: Record<string, FakeLineEndpoint> = {
  'POST /v2/bot/message/reply': 'reply',
  'POST /v2/bot/message/push': 'push',
  'POST /v2/bot/message/multicast': 'multicast',
  'POST /v2/bot/chat/loading/start': 'loading',
};

const CANNED: Record<
  Exclude<FakeLineStep, 'ok' | 'hang' | 'conflict' | object>,
  { status: number; body: unknown }
> = {
  invalid_reply_token: { status: 400, body: { message: 'Invalid reply token' } },
  rate_limit: { status: 429, body: { message: 'The API rate limit has been exceeded. Try again later.' } },
  monthly_limit: { status: 429, body: { message: 'You have reached your monthly limit.' } },
  server_error: { status: 500, body: { message: 'An error occurred in the backend server.' } },
};

/** Starts a fake LINE API on 127.0.0.1 (port 0). */
export async function startFakeLine(options: FakeLineOptions = {}): Promise<FakeLine> {
  const requests: FakeLineRequest[] = [];
  const unexpected: string[] = [];
  const scripts = new Map<FakeLineEndpoint, FakeLineStep[]>();
  const forbidden = new Set<FakeLineEndpoint>();
  const acceptedKeys = new Map<string, { requestId: string; sentMessages: unknown[] }>();
  const usedReplyTokens = new Set<string>();
  const buckets = new Map<FakeLineEndpoint, { tokens: number; at: number }>();
  const waiters: (() => void)[] = [];
  const validate = options.validate ?? true;

  const takeToken = (endpoint: FakeLineEndpoint): boolean => {
    if (!options.rateLimit) return true;
    const { perSecond, burst = perSecond } = options.rateLimit;
    const now = performance.now();
    const bucket = buckets.get(endpoint) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    buckets.set(endpoint, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const endpoint = ROUTES[`${req.method} ${path}`];
    const retryKey = header(req, 'x-line-retry-key');
    const record: FakeLineRequest = {
      endpoint: endpoint ?? 'unexpected',
      method: req.method ?? '?',
      path,
      headers: { ...req.headers },
      retryKey,
      body: parseJson(raw),
      requestId: randomUUID(),
    };
    requests.push(record);
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      record.status = status;
      res.writeHead(status, {
        'content-type': 'application/json',
        'x-line-request-id': record.requestId,
        ...headers,
      });
      res.end(JSON.stringify(body));
      waiters.splice(0).forEach((wake) => wake());
    };

    if (!endpoint || forbidden.has(endpoint)) {
      unexpected.push(`${req.method} ${path}${endpoint ? ' (forbidden in this test)' : ''}`);
      return answer(404, { message: 'Not found' });
    }
    if (
      options.channelAccessToken &&
      header(req, 'authorization') !== `Bearer ${options.channelAccessToken}`
    ) {
      unexpected.push(`${req.method} ${path} with a wrong access token`);
      return answer(401, { message: 'Authentication failed due to the following reason: invalid token.' });
    }
    if (!takeToken(endpoint)) return answer(429, CANNED.rate_limit.body);

    const step = scripts.get(endpoint)?.shift() ?? 'ok';
    if (step === 'hang') {
      waiters.splice(0).forEach((wake) => wake());
      return; // the socket stays open until close()
    }
    if (typeof step === 'object') return answer(step.status, step.body ?? {}, step.headers);
    if (step !== 'ok' && step !== 'conflict') {
      const canned = CANNED[step];
      return answer(canned.status, canned.body);
    }
    // From here on the fake behaves like LINE.
    const body = record.body as { messages?: unknown; replyToken?: unknown; to?: unknown } | undefined;
    if (endpoint === 'reply' && retryKey !== undefined)
      return answer(400, { message: 'The retry key header is not supported for this endpoint' });
    if (
      retryKey !== undefined &&
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(retryKey)
    )
      return answer(400, { message: 'The value of the X-Line-Retry-Key header is invalid' });
    const previous = retryKey !== undefined ? acceptedKeys.get(retryKey) : undefined;
    if (step === 'conflict' || previous) {
      return answer(
        409,
        { message: 'The retry key is already accepted', sentMessages: previous?.sentMessages ?? [] },
        { 'x-line-accepted-request-id': previous?.requestId ?? randomUUID() },
      );
    }
    if (endpoint === 'loading') {
      const seconds = (record.body as { loadingSeconds?: unknown })?.loadingSeconds ?? 20;
      if (typeof seconds !== 'number' || seconds % 5 !== 0 || seconds < 5 || seconds > 60)
        return answer(400, {
          message: 'The request body has 1 error(s)',
          details: [{ message: 'must be a multiple of five', property: 'loadingSeconds' }],
        });
      return answer(202, {});
    }
    if (validate) {
      const problems = checkLineMessages(body?.messages);
      if (problems.length > 0)
        return answer(400, {
          message: 'The request body has 1 error(s)',
          details: problems.map((message) => ({ message })),
        });
    }
    if (endpoint === 'reply') {
      const token = typeof body?.replyToken === 'string' ? body.replyToken : '';
      if (token === '' || usedReplyTokens.has(token)) return answer(400, { message: 'Invalid reply token' });
      usedReplyTokens.add(token);
    }
    const sentMessages = Array.isArray(body?.messages)
      ? body.messages.map(() => ({ id: String(Math.floor(Math.random() * 1e17)), quoteToken: randomUUID() }))
      : [];
    if (retryKey !== undefined) acceptedKeys.set(retryKey, { requestId: record.requestId, sentMessages });
    return answer(200, endpoint === 'multicast' ? {} : { sentMessages });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      unexpected.push(`fake LINE crashed: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const calls = (endpoint: FakeLineEndpoint) => requests.filter((r) => r.endpoint === endpoint);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    calls,
    script: (endpoint, ...steps) => scripts.set(endpoint, [...(scripts.get(endpoint) ?? []), ...steps]),
    forbid: (endpoint) => forbidden.add(endpoint),
    assertNoUnexpectedCalls() {
      if (unexpected.length > 0)
        throw new Error(`fake LINE got unexpected calls:\n  ${unexpected.join('\n  ')}`);
    },
    async waitForCalls(endpoint, n, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (calls(endpoint).length < n) {
        if (Date.now() > deadline)
          throw new Error(`fake LINE: expected ${n} ${endpoint} call(s), got ${calls(endpoint).length}`);
        await new Promise<void>((resolve) => {
          const wake = () => resolve();
          waiters.push(wake);
          setTimeout(wake, 50);
        });
      }
      return calls(endpoint);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
