import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fake OpenAI-compatible server: a real HTTP server on 127.0.0.1 (port 0) for every test that
 * reaches an LLM. Each endpoint answers only what the test scripted, in order; any other call gets
 * a 500 and is recorded in `errors`, which `assertClean()` turns into a test failure.
 *
 *   const fake = await startFakeOpenAI();
 *   fake.expectChat({ reply: '안녕하세요' });            // next chat completion (JSON or SSE)
 *   fake.expectChat({ status: 500 }, { hang: true });  // then a 500, then a hang
 *   fake.expectChat({ reply: (req) => '…' }, { times: Infinity });
 *   new ChatOpenAI({ apiKey: 'test', configuration: { baseURL: fake.baseUrl } });
 *   …
 *   fake.assertClean(); await fake.close();
 */

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, e.g. "/v1/chat/completions". */
  path: string;
  headers: IncomingMessage['headers'];
  /** Parsed JSON body (undefined when empty or not JSON). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary request JSON
  body: any;
  /** The raw body text, for "does this secret appear anywhere" assertions. */
  raw: string;
  receivedAt: Date;
  /** True when the client closed the connection before we answered (e.g. its deadline passed). */
  aborted: boolean;
}

/** What a chat completion returns. */
export type ChatScript =
  | {
      /** The assistant's text, or a function of the request (e.g. echo the system prompt). */
      reply: string | ((request: RecordedRequest) => string);
      delayMs?: number;
      usage?: { prompt_tokens: number; completion_tokens: number };
      finishReason?: 'stop' | 'length';
    }
  | { toolCalls: { name: string; arguments: Record<string, unknown> }[]; delayMs?: number }
  | { status: number; body?: unknown; delayMs?: number }
  | { hang: true };

/** What an embeddings call returns; vectors default to a deterministic hash of each input. */
export type EmbeddingsScript =
  | { vector?: (input: string) => number[]; dimensions?: number; delayMs?: number }
  | { status: number; body?: unknown; delayMs?: number }
  | { hang: true };

/** What a moderation call returns. */
export type ModerationScript =
  | {
      flagged: boolean;
      categories?: Record<string, boolean>;
      scores?: Record<string, number>;
      delayMs?: number;
    }
  | { status: number; body?: unknown; delayMs?: number }
  | { hang: true };

export interface ExpectOptions {
  /** How many calls this script answers (default 1; Infinity = every later call). */
  times?: number;
}

export interface FakeOpenAI {
  /** Give this to clients as baseURL: "http://127.0.0.1:<port>/v1". */
  readonly baseUrl: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Unexpected calls and other faults; `assertClean` fails the test when not empty. */
  readonly errors: string[];
  expectChat(script: ChatScript, options?: ExpectOptions): void;
  expectEmbeddings(script?: EmbeddingsScript, options?: ExpectOptions): void;
  expectModeration(script: ModerationScript, options?: ExpectOptions): void;
  /** Requests to /v1/chat/completions. */
  chatRequests(): RecordedRequest[];
  /** The messages of the last chat request (throws when there was none). */
  lastChatMessages(): { role: string; content: unknown }[];
  /** Scripts not used yet (finite ones). */
  pending(): string[];
  /** Throws when an unexpected call happened or a finite script was never used. */
  assertClean(): void;
  /** Closes the server, dropping hanging requests. */
  close(): Promise<void>;
}

interface Queued<S> {
  script: S;
  remaining: number;
}

const ENDPOINTS = {
  chat: '/v1/chat/completions',
  embeddings: '/v1/embeddings',
  moderation: '/v1/moderations',
} as const;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** A deterministic unit-ish vector for a text: tests can rely on equal text → equal vector. */
export function hashVector(input: string, dimensions = 8): number[] {
  const digest = createHash('sha256').update(input).digest();
  return Array.from({ length: dimensions }, (_, i) => ((digest[i % digest.length] ?? 0) - 128) / 128);
}

const approxTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 3));

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const errors: string[] = [];
  const queues = {
    chat: [] as Queued<ChatScript>[],
    embeddings: [] as Queued<EmbeddingsScript>[],
    moderation: [] as Queued<ModerationScript>[],
  };
  const sockets = new Set<Socket>();
  let counter = 0;

  function take<S>(queue: Queued<S>[]): S | undefined {
    const head = queue[0];
    if (!head) return undefined;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.script;
  }

  const wait = (ms: number | undefined) => (ms ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

  function unexpected(res: ServerResponse, what: string): void {
    errors.push(`fake-openai: unexpected call ${what}`);
    sendJson(res, 500, {
      error: {
        message: `fake-openai: unexpected call ${what} (script it with expect…)`,
        type: 'fake_unexpected_call',
      },
    });
  }

  function answerChat(record: RecordedRequest, res: ServerResponse, script: ChatScript): void {
    const model = typeof record.body?.model === 'string' ? record.body.model : 'fake-model';
    const id = `chatcmpl-fake-${(counter += 1)}`;
    const created = Math.floor(Date.now() / 1000);
    if ('status' in script)
      return sendJson(
        res,
        script.status,
        script.body ?? { error: { message: `fake-openai: scripted ${script.status}`, type: 'server_error' } },
      );
    if ('toolCalls' in script) {
      const tool_calls = script.toolCalls.map((call, i) => ({
        id: `call_${i}`,
        type: 'function',
        function: { name: call.name, arguments: JSON.stringify(call.arguments) },
      }));
      return sendJson(res, 200, {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: null, tool_calls, refusal: null },
            finish_reason: 'tool_calls',
            logprobs: null,
          },
        ],
        usage: {
          prompt_tokens: approxTokens(record.raw),
          completion_tokens: 10,
          total_tokens: approxTokens(record.raw) + 10,
        },
      });
    }
    if ('hang' in script) return;
    const content = typeof script.reply === 'function' ? script.reply(record) : script.reply;
    const usage = script.usage ?? {
      prompt_tokens: approxTokens(record.raw),
      completion_tokens: approxTokens(content),
    };
    const usageBlock = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
    const finish = script.finishReason ?? 'stop';
    if (record.body?.stream === true) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
      });
      const chunk = (delta: object, finish_reason: string | null) =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason, logprobs: null }] })}\n\n`;
      res.write(chunk({ role: 'assistant', content: '' }, null));
      const pieces = content.match(/[\s\S]{1,12}/g) ?? [''];
      for (const piece of pieces) res.write(chunk({ content: piece }, null));
      res.write(chunk({}, finish));
      if (record.body?.stream_options?.include_usage)
        res.write(
          `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage: usageBlock })}\n\n`,
        );
      res.end('data: [DONE]\n\n');
      return;
    }
    sendJson(res, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content, refusal: null },
          finish_reason: finish,
          logprobs: null,
        },
      ],
      usage: usageBlock,
    });
  }

  function answerEmbeddings(record: RecordedRequest, res: ServerResponse, script: EmbeddingsScript): void {
    if ('status' in script)
      return sendJson(
        res,
        script.status,
        script.body ?? { error: { message: `fake-openai: scripted ${script.status}` } },
      );
    if ('hang' in script) return;
    const raw = record.body?.input;
    const inputs: string[] = Array.isArray(raw) ? raw.map(String) : [String(raw ?? '')];
    const dimensions =
      script.dimensions ?? (typeof record.body?.dimensions === 'number' ? record.body.dimensions : 8);
    const base64 = record.body?.encoding_format === 'base64';
    const data = inputs.map((input, index) => {
      const vector = script.vector ? script.vector(input) : hashVector(input, dimensions);
      const embedding = base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
      return { object: 'embedding', index, embedding };
    });
    const tokens = inputs.reduce((n, i) => n + approxTokens(i), 0);
    sendJson(res, 200, {
      object: 'list',
      data,
      model: record.body?.model ?? 'fake-embedding',
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  function answerModeration(record: RecordedRequest, res: ServerResponse, script: ModerationScript): void {
    if ('status' in script)
      return sendJson(
        res,
        script.status,
        script.body ?? { error: { message: `fake-openai: scripted ${script.status}` } },
      );
    if ('hang' in script) return;
    const raw = record.body?.input;
    const inputs = Array.isArray(raw) ? raw : [raw];
    sendJson(res, 200, {
      id: `modr-fake-${(counter += 1)}`,
      model: record.body?.model ?? 'omni-moderation-latest',
      results: inputs.map(() => ({
        flagged: script.flagged,
        categories: script.categories ?? {},
        category_scores: script.scores ?? {},
      })),
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed request JSON of any shape
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      headers: req.headers,
      body,
      raw,
      receivedAt: new Date(),
      aborted: false,
    };
    requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) record.aborted = true;
    });
    const what = `${record.method} ${path}`;
    if (record.method !== 'POST') return unexpected(res, what);
    if (path === ENDPOINTS.chat) {
      const script = take(queues.chat);
      if (!script) return unexpected(res, what);
      if (!('hang' in script)) await wait(script.delayMs);
      return answerChat(record, res, script);
    }
    if (path === ENDPOINTS.embeddings) {
      const script = take(queues.embeddings);
      if (!script) return unexpected(res, what);
      if (!('hang' in script)) await wait(script.delayMs);
      return answerEmbeddings(record, res, script);
    }
    if (path === ENDPOINTS.moderation) {
      const script = take(queues.moderation);
      if (!script) return unexpected(res, what);
      if (!('hang' in script)) await wait(script.delayMs);
      return answerModeration(record, res, script);
    }
    return unexpected(res, what);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      errors.push(`fake-openai: handler failed: ${error instanceof Error ? error.message : String(error)}`);
      sendJson(res, 500, { error: { message: 'fake-openai: handler failed' } });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const push = <S>(queue: Queued<S>[], script: S, options?: ExpectOptions) =>
    queue.push({ script, remaining: options?.times ?? 1 });
  const describePending = (name: string, queue: Queued<unknown>[]) =>
    queue
      .filter((q) => Number.isFinite(q.remaining))
      .map((q) => `${name}: ${JSON.stringify(q.script)} (${q.remaining} left)`);

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    errors,
    expectChat: (script, options) => push(queues.chat, script, options),
    expectEmbeddings: (script = {}, options) => push(queues.embeddings, script, options),
    expectModeration: (script, options) => push(queues.moderation, script, options),
    chatRequests: () => requests.filter((r) => r.path === ENDPOINTS.chat),
    lastChatMessages() {
      const last = requests.filter((r) => r.path === ENDPOINTS.chat).at(-1);
      if (!last) throw new Error('fake-openai: no chat request was made');
      return last.body?.messages ?? [];
    },
    pending: () => [
      ...describePending('chat', queues.chat),
      ...describePending('embeddings', queues.embeddings),
      ...describePending('moderation', queues.moderation),
    ],
    assertClean() {
      const problems = [
        ...errors,
        ...describePending('unused chat script', queues.chat),
        ...describePending('unused embeddings script', queues.embeddings),
        ...describePending('unused moderation script', queues.moderation),
      ];
      if (problems.length > 0) throw new Error(`fake-openai:\n${problems.join('\n')}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
