import fc from 'fast-check';
import request from 'supertest';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import { databaseTargets, type TestDatabase } from '../helpers/test-database';
import {
  CANARY,
  CANARY_TEXT,
  FUZZ_RUNS,
  FUZZ_SEED,
  canaryString,
  deepNesting,
  nastyKey,
  prototypeIsClean,
  rawBody,
  watchUnhandledRejections,
  weirdValue,
} from './arbitraries';

/**
 * Fuzzing POST/GET /api/web/messages (issue 9): malformed, oversized, wrongly typed and
 * unicode-heavy bodies never give a 5xx or an unhandled rejection; every answer is a clear 4xx
 * with an `error` reason or a kind reply; the canary in every input never reaches the logs.
 */
const pglite = databaseTargets()[0]!;

/** Near-valid bodies: the right field names with valid or nasty values, sometimes extra keys. */
const webBody: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.record(
      {
        userId: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(`u-${CANARY}`, `v-${CANARY}`, `w-${CANARY}`) },
          { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/) },
          { weight: 1, arbitrary: weirdValue },
        ),
        text: fc.oneof(
          { weight: 4, arbitrary: canaryString() },
          { weight: 1, arbitrary: canaryString(400) },
          { weight: 1, arbitrary: weirdValue },
        ),
        postback: fc.oneof(
          fc.constantFrom(
            'menu:open',
            'quiz:start',
            'eligibility:start',
            'support:start',
            `quiz:answer:${CANARY}:9`,
          ),
          canaryString(),
          weirdValue,
        ),
        messageId: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), weirdValue),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(nastyKey, weirdValue, { maxKeys: 2 }),
    fc.nat(9),
  )
  // Mostly the shape a client sends ({ userId, text } or { userId, postback }), so inputs reach
  // the pipeline; sometimes every field at once, or unknown keys beside them.
  .map(([known, extra, shape]) => {
    if (shape <= 4) return { userId: known.userId, text: known.text };
    if (shape === 5) return { userId: known.userId, postback: known.postback };
    if (shape === 6) return { userId: known.userId, text: known.text, messageId: known.messageId };
    if (shape === 7) return { ...extra, ...known };
    return known;
  });

const anyBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: webBody },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ canary: CANARY_TEXT, v })) },
  { weight: 1, arbitrary: fc.object({ key: nastyKey, values: [weirdValue] }) },
  { weight: 1, arbitrary: deepNesting.map((d) => ({ userId: `u-${CANARY}`, text: d })) },
  { weight: 1, arbitrary: weirdValue },
);

describe('fuzzing the web API', () => {
  let database: TestDatabase;
  let t: TestBot;
  let rejections: ReturnType<typeof watchUnhandledRejections>;
  const seenMessageIds = new Set<string>();

  beforeAll(async () => {
    database = await pglite.open();
    t = await startTestBot(database, { rateLimitPerMinute: 1_000_000 });
    rejections = watchUnhandledRejections();
  }, 60_000);
  afterAll(async () => {
    rejections?.stop();
    await t?.close();
    await database?.dispose();
  });

  it(`POST /api/web/messages: ${FUZZ_RUNS} inputs, never a 5xx, always an error reason or a kind reply`, async () => {
    let replies = 0;
    await fc.assert(
      fc.asyncProperty(
        rawBody(anyBody),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
        async (body, type) => {
          const res = await request(t.bot.app).post('/api/web/messages').set('content-type', type).send(body);
          expect(res.status).toBeLessThan(500);
          if (res.status >= 400) {
            expect(typeof res.body.error).toBe('string');
            expect(res.body.error.length).toBeGreaterThan(0);
            return;
          }
          expect(res.status).toBe(200);
          expect(Array.isArray(res.body.messages)).toBe(true);
          // Only a retried messageId may come back empty (processed once already).
          const parsed = (() => {
            try {
              return JSON.parse(body) as { userId?: string; messageId?: string };
            } catch {
              return {};
            }
          })();
          const key = `${parsed.userId}:${parsed.messageId}`;
          if (res.body.messages.length === 0)
            expect(parsed.messageId !== undefined && seenMessageIds.has(key)).toBe(true);
          else replies += 1;
          if (parsed.messageId !== undefined) seenMessageIds.add(key);
        },
      ),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    // The generator must reach the pipeline, not only the validator.
    expect(replies).toBeGreaterThan(FUZZ_RUNS / 20);
    expect(prototypeIsClean()).toBe(true);
  }, 240_000);

  it(`GET /api/web/messages: ${FUZZ_RUNS / 2} query strings, never a 5xx`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc.oneof(fc.constantFrom('userId', 'after', '__proto__'), nastyKey),
          fc.oneof(canaryString(), fc.array(canaryString(8), { maxLength: 3 }), fc.constant(`u-${CANARY}`)),
        ),
        async (query) => {
          const res = await request(t.bot.app).get('/api/web/messages').query(query);
          expect(res.status).toBeLessThan(500);
          // 431/414: Node's HTTP parser refuses an oversized URL before Express sees it (no JSON body).
          if (res.status === 431 || res.status === 414) return;
          if (res.status >= 400) expect(typeof res.body.error).toBe('string');
          else expect(Array.isArray(res.body.messages)).toBe(true);
        },
      ),
      { numRuns: FUZZ_RUNS / 2, seed: FUZZ_SEED, endOnFailure: true },
    );
  }, 120_000);

  it('left no unhandled rejection behind', async () => {
    await t.bot.pipeline.drain();
    await new Promise((r) => setTimeout(r, 100));
    expect(rejections.seen).toEqual([]);
  });

  // Drivers' errors carry the statement's parameters (PGlite: `query`, `params`; PostgreSQL:
  // `where`, `detail`), i.e. message text and ids: the logger's `err` serializer keeps only type,
  // code, message and stack, and the test bot logs through the production logger.
  it('never writes the canary (message text or user id) into the logs', () => {
    const logs = t.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).not.toContain(CANARY);
  });

  // PostgreSQL's text and jsonb refuse U+0000 and lone UTF-16 surrogates; the inbound boundary
  // cleans them, or such a message would fail at storage and get the apology for ever.
  it('a text holding a null byte or a lone surrogate gets a real answer, not the apology', async () => {
    for (const text of ['안녕\u0000하세요', '서울런이 뭐예요?\uD800']) {
      const res = await request(t.bot.app).post('/api/web/messages').send({ userId: 'fuzz-nul', text });
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body.messages)).not.toContain('잠깐 문제가 생겼어요');
    }
  });
});
