import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Light fakes of the LINE Messaging API and the Kakao Event API for load: they count instead of
 * recording bodies (a 100,000-message fan-out would otherwise hold every body in memory), and the
 * LINE side enforces a token bucket per endpoint like LINE does (429 when empty).
 */

export interface FakeApiStats {
  line: {
    accepted: Record<string, number>;
    limited: Record<string, number>;
    duplicates: number;
    /** Distinct users that got at least one accepted push or multicast. */
    pushedUsers: number;
    /** Recipients over all accepted pushes and multicasts. */
    pushedRecipients: number;
    firstAcceptedAt: number | null;
    lastAcceptedAt: number | null;
    /** Wall-clock ms of the last accepted push/multicast (the fan-out's "last quiz accepted"). */
    lastPushAcceptedAt: number | null;
  };
  kakao: {
    eventCalls: number;
    eventUsers: number;
    taskChecks: number;
    firstAt: number | null;
    lastAt: number | null;
  };
}

export interface FakeApis {
  url: string;
  stats(): FakeApiStats;
  reset(): void;
  close(): Promise<void>;
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const LINE_ROUTES: Record<string, string> = {
  '/v2/bot/message/reply': 'reply',
  '/v2/bot/message/push': 'push',
  '/v2/bot/message/multicast': 'multicast',
  '/v2/bot/chat/loading/start': 'loading',
};

/** Starts both fakes on one 127.0.0.1 port. `lineRate`: requests/s per LINE endpoint (burst = one second's worth). */
export async function startFakeApis(options: { lineRate?: number; lineToken: string }): Promise<FakeApis> {
  let stats: FakeApiStats;
  let buckets: Map<string, { tokens: number; at: number }>;
  let retryKeys: Set<string>;
  let pushedUsers: Set<string>;
  let eventUsers: Set<string>;
  const reset = (): void => {
    stats = {
      line: {
        accepted: {},
        limited: {},
        duplicates: 0,
        pushedUsers: 0,
        pushedRecipients: 0,
        firstAcceptedAt: null,
        lastAcceptedAt: null,
        lastPushAcceptedAt: null,
      },
      kakao: { eventCalls: 0, eventUsers: 0, taskChecks: 0, firstAt: null, lastAt: null },
    };
    buckets = new Map();
    retryKeys = new Set();
    pushedUsers = new Set();
    eventUsers = new Set();
  };
  reset();

  const take = (endpoint: string): boolean => {
    if (!options.lineRate) return true;
    const now = performance.now();
    const rate = options.lineRate;
    const b = buckets.get(endpoint) ?? { tokens: rate, at: now };
    b.tokens = Math.min(rate, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    buckets.set(endpoint, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
  const json = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  async function line(req: IncomingMessage, res: ServerResponse, endpoint: string): Promise<void> {
    const raw = await readBody(req);
    if (req.headers.authorization !== `Bearer ${options.lineToken}`)
      return json(res, 401, { message: 'Authentication failed' });
    if (!take(endpoint)) {
      stats.line.limited[endpoint] = (stats.line.limited[endpoint] ?? 0) + 1;
      return json(res, 429, { message: 'The API rate limit has been exceeded. Try again later.' });
    }
    const retryKey = req.headers['x-line-retry-key'];
    if (typeof retryKey === 'string') {
      if (retryKeys.has(retryKey)) {
        stats.line.duplicates += 1;
        return json(
          res,
          409,
          { message: 'The retry key is already accepted', sentMessages: [] },
          { 'x-line-accepted-request-id': randomUUID() },
        );
      }
      retryKeys.add(retryKey);
    }
    let body: { to?: unknown; messages?: unknown[] } = {};
    try {
      body = JSON.parse(raw) as typeof body;
    } catch {
      return json(res, 400, { message: 'The request body has 1 error(s)' });
    }
    const now = Date.now();
    stats.line.accepted[endpoint] = (stats.line.accepted[endpoint] ?? 0) + 1;
    stats.line.firstAcceptedAt ??= now;
    stats.line.lastAcceptedAt = now;
    if (endpoint === 'push' || endpoint === 'multicast') {
      const to = Array.isArray(body.to) ? body.to.map(String) : [String(body.to)];
      for (const user of to) pushedUsers.add(user);
      stats.line.pushedRecipients += to.length;
      stats.line.pushedUsers = pushedUsers.size;
      stats.line.lastPushAcceptedAt = now;
    }
    const sentMessages = (body.messages ?? []).map(() => ({
      id: String(Math.floor(Math.random() * 1e17)),
      quoteToken: randomUUID(),
    }));
    return json(res, 200, endpoint === 'multicast' ? {} : { sentMessages }, {
      'x-line-request-id': randomUUID(),
    });
  }

  async function kakao(req: IncomingMessage, res: ServerResponse, url: string): Promise<void> {
    const raw = await readBody(req);
    if (!String(req.headers.authorization ?? '').startsWith('KakaoAK '))
      return json(res, 401, { status: 'FAIL', message: 'missing KakaoAK authorization' });
    if (req.method === 'POST' && /^\/v2\/bots\/[^/]+\/talk$/.test(url)) {
      const body = JSON.parse(raw) as { user?: { id: string }[] };
      const now = Date.now();
      stats.kakao.eventCalls += 1;
      for (const u of body.user ?? []) eventUsers.add(u.id);
      stats.kakao.eventUsers = eventUsers.size;
      stats.kakao.firstAt ??= now;
      stats.kakao.lastAt = now;
      return json(res, 200, { taskId: `task-${randomUUID()}`, status: 'SUCCESS', timestamp: now });
    }
    const task = /^\/v1\/tasks\/([^/?]+)$/.exec(url);
    if (req.method === 'GET' && task) {
      stats.kakao.taskChecks += 1;
      return json(res, 200, { taskId: task[1], status: 'ALL SUCCESS', allRequestCount: 1, successCount: 1 });
    }
    return json(res, 404, { status: 'FAIL', message: 'unknown path' });
  }

  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const endpoint = LINE_ROUTES[path];
    const work = endpoint ? line(req, res, endpoint) : kakao(req, res, path);
    work.catch(() => {
      if (!res.headersSent) json(res, 500, { message: 'fake crashed' });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => structuredClone(stats),
    reset,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
