import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Kakao's side for tests, as a real HTTP server on 127.0.0.1: the one-time callback URLs and the
 * Event API (`POST /v2/bots/:botId/talk`, `GET /v1/tasks/:taskId`). It records every request and
 * fails loudly (HTTP 599, and `assertNoSurprises()` throws) on anything it was not told to expect.
 */

export interface RecordedRequest {
  method: string;
  /** The path and query exactly as they arrived on the wire. */
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  rawBody: string;
}

/** How a scripted callback answers. */
export type CallbackScript =
  | { status: 'SUCCESS' | 'FAIL' | 'ERROR'; message?: string; delayMs?: number; httpStatus?: number }
  | { redirectTo: string };

export interface EventScript {
  httpStatus?: number;
  body: unknown;
}

export interface FakeKakao {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** A one-time callback URL (scripted SUCCESS unless `script` says otherwise). */
  callbackUrl(token: string, script?: CallbackScript): string;
  /** Queues the answer to the next `POST /v2/bots/:id/talk`. */
  expectEventSend(script?: EventScript): void;
  /** Makes `GET /v1/tasks/:taskId` answer `body`. */
  setTask(taskId: string, body: unknown): void;
  requests: RecordedRequest[];
  /** Requests to callback URLs. */
  callbacks(): RecordedRequest[];
  /** Requests to the Event API send endpoint. */
  eventSends(): RecordedRequest[];
  /** Problems seen: unexpected calls, a callback token used twice. */
  surprises: string[];
  /** Throws listing every surprise. */
  assertNoSurprises(): void;
  close(): Promise<void>;
}

const BOT_ID = '65f0a1b2c3d4e5f600000000';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** Starts the fake on an ephemeral port. */
export async function startFakeKakao(): Promise<FakeKakao> {
  const requests: RecordedRequest[] = [];
  const surprises: string[] = [];
  const callbackScripts = new Map<string, CallbackScript>();
  const usedTokens = new Set<string>();
  const eventScripts: EventScript[] = [];
  const tasks = new Map<string, unknown>();
  let taskCounter = 0;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      let body: unknown;
      try {
        body = rawBody ? JSON.parse(rawBody) : null;
      } catch {
        body = undefined; // not JSON: recorded as undefined, the raw text stays in rawBody
      }
      const url = req.url ?? '';
      const method = req.method ?? '';
      requests.push({ method, url, headers: req.headers, body, rawBody });

      const surprise = (what: string): void => {
        surprises.push(what);
        json(res, 599, { error: `fake Kakao did not expect ${what}` });
      };

      const callback = /^\/v1\/bots\/[^/]+\/callback\/([^/?]+)$/.exec(url);
      if (callback && method === 'POST') {
        const token = callback[1] ?? '';
        const script = callbackScripts.get(token);
        if (!script) return surprise(`a callback POST for unknown token ${token}`);
        if (usedTokens.has(token)) {
          surprises.push(`callback token ${token} used twice`);
          return json(res, 400, {
            taskId: null,
            status: 'FAIL',
            message: 'Invalid callback token. Check your callback token.',
          });
        }
        usedTokens.add(token);
        if ('redirectTo' in script) {
          res.writeHead(302, { location: script.redirectTo });
          return res.end();
        }
        if (script.delayMs) await new Promise((r) => setTimeout(r, script.delayMs));
        return json(res, script.httpStatus ?? 200, {
          taskId: `task-cb-${token}`,
          status: script.status,
          message:
            script.message ?? (script.status === 'SUCCESS' ? 'OK' : 'Invalid json response from bot-skill.'),
          timestamp: Date.now(),
        });
      }

      if (/^\/v2\/bots\/[^/]+\/talk$/.test(url) && method === 'POST') {
        if (!String(req.headers.authorization ?? '').startsWith('KakaoAK ')) {
          return json(res, 401, { status: 'FAIL', message: 'missing KakaoAK authorization' });
        }
        const script = eventScripts.shift();
        if (!script) return surprise(`an Event API send (${url})`);
        return json(res, script.httpStatus ?? 200, script.body);
      }

      const task = /^\/v1\/tasks\/([^/?]+)$/.exec(url);
      if (task && method === 'GET') {
        const found = tasks.get(decodeURIComponent(task[1] ?? ''));
        if (found === undefined) return surprise(`a task status request for ${task[1]}`);
        return json(res, 200, found);
      }

      return surprise(`${method} ${url}`);
    })().catch((error: unknown) => {
      surprises.push(`fake Kakao crashed: ${String(error)}`);
      if (!res.headersSent) json(res, 500, { error: 'fake crashed' });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  return {
    baseUrl,
    requests,
    surprises,
    callbackUrl(token, script = { status: 'SUCCESS' }) {
      callbackScripts.set(token, script);
      return `${baseUrl}/v1/bots/${BOT_ID}/callback/${token}`;
    },
    expectEventSend(script) {
      taskCounter += 1;
      eventScripts.push(
        script ?? { body: { taskId: `task-${taskCounter}`, status: 'SUCCESS', timestamp: Date.now() } },
      );
    },
    setTask(taskId, body) {
      tasks.set(taskId, body);
    },
    callbacks: () => requests.filter((r) => r.url.includes('/callback/')),
    eventSends: () => requests.filter((r) => r.url.endsWith('/talk')),
    assertNoSurprises() {
      if (surprises.length > 0) throw new Error(`fake Kakao saw surprises:\n  ${surprises.join('\n  ')}`);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
