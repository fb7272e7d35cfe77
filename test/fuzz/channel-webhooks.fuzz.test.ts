import fc from 'fast-check';
import request from 'supertest';
import { createKakaoChannel } from '../../integrations/kakao/kakao-channel';
import { createLineChannel, type LineChannel } from '../../integrations/line/line-channel';
import { startFakeLine, type FakeLine } from '../fakes/fake-line';
import { lineFixture, signLineBody, TEST_LINE_CHANNEL_SECRET } from '../fakes/line-webhook';
import { skillPayload } from '../integrations/kakao/kakao-transcript';
import { startTestBot, type TestBot } from '../helpers/test-bot';
import { databaseTargets, type TestDatabase } from '../helpers/test-database';
import {
  CANARY,
  CANARY_TEXT,
  FUZZ_RUNS,
  FUZZ_SEED,
  deepNesting,
  mutateAt,
  nastyKey,
  pathsOf,
  prototypeIsClean,
  rawBody,
  watchUnhandledRejections,
  weirdValue,
} from './arbitraries';

/**
 * Fuzzing the Kakao skill and the LINE webhook (issue 9): real payloads with any field replaced by
 * a malformed, oversized, wrongly typed or unicode-heavy value, and free-form JSON. LINE bodies are
 * signed (so they reach the parser) and also sent unsigned. Never a 5xx, never an unhandled
 * rejection, always a clear 4xx with an `error` reason or a valid answer.
 */
const pglite = databaseTargets()[0]!;
const KAKAO_SECRET = 'kakao-skill-secret-for-fuzzing';
const LINE_TOKEN = 'line-token-for-fuzzing';

/** A real payload with one to three fields (anywhere in the tree) replaced by nasty values. */
function mutatedPayload(base: () => unknown): fc.Arbitrary<unknown> {
  const paths = pathsOf(base());
  const mutation = fc.tuple(
    fc.constantFrom(...paths),
    fc.oneof(weirdValue, deepNesting, fc.constant(undefined)),
  );
  return fc
    .array(mutation, { minLength: 1, maxLength: 3 })
    .map((changes) => changes.reduce<unknown>((body, [path, value]) => mutateAt(body, path, value), base()));
}

const freeForm: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue().map((v) => ({ canary: CANARY_TEXT, v })),
  fc.object({ key: nastyKey, values: [weirdValue] }),
  weirdValue,
);

describe('fuzzing the channel webhooks', () => {
  let database: TestDatabase;
  let fakeLine: FakeLine;
  let line: LineChannel | undefined;
  let t: TestBot;
  let rejections: ReturnType<typeof watchUnhandledRejections>;

  beforeAll(async () => {
    database = await pglite.open();
    fakeLine = await startFakeLine({ channelAccessToken: LINE_TOKEN });
    t = await startTestBot(database, {
      rateLimitPerMinute: 1_000_000,
      env: {
        KAKAO_SKILL_SECRET: KAKAO_SECRET,
        KAKAO_SYNC_BUDGET_MS: '1500',
        LINE_CHANNEL_SECRET: TEST_LINE_CHANNEL_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
        LINE_API_BASE_URL: fakeLine.url,
      },
      plugins: {
        channels: (d) => [
          createKakaoChannel(d, { settleMs: 10, syncBudgetMs: 60_000 }),
          (line = createLineChannel(d)),
        ],
      },
    });
    rejections = watchUnhandledRejections();
  }, 60_000);
  afterAll(async () => {
    rejections?.stop();
    await t?.close();
    await fakeLine?.close();
    await database?.dispose();
  });

  const expectClear = (res: request.Response) => {
    expect(res.status).toBeLessThan(500);
    if (res.status >= 400) {
      expect(typeof res.body.error).toBe('string');
      expect(res.body.error.length).toBeGreaterThan(0);
    }
  };

  it(`Kakao skill: ${FUZZ_RUNS} payloads, never a 5xx, a valid SkillResponse or an error reason`, async () => {
    const base = () => skillPayload(`kakao-${CANARY}`, CANARY_TEXT);
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(
        rawBody(fc.oneof({ weight: 4, arbitrary: mutatedPayload(base) }, { weight: 1, arbitrary: freeForm })),
        fc.nat(9),
        async (body, secret) => {
          const req = request(t.bot.app).post('/webhooks/kakao').set('content-type', 'application/json');
          if (secret > 0) req.set('x-skill-secret', KAKAO_SECRET);
          const res = await req.send(body);
          expectClear(res);
          if (res.status === 200) {
            expect(res.body.version).toBe('2.0');
            answered += 1;
          }
        },
      ),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    expect(answered).toBeGreaterThan(FUZZ_RUNS / 20);
    expect(prototypeIsClean()).toBe(true);
  }, 300_000);

  it(`LINE webhook: ${FUZZ_RUNS} bodies, signed and unsigned, never a 5xx`, async () => {
    const base = () =>
      JSON.parse(lineFixture('text').replace(/"text": ?"[^"]*"/, `"text":"${CANARY_TEXT}"`)) as unknown;
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(
        rawBody(fc.oneof({ weight: 4, arbitrary: mutatedPayload(base) }, { weight: 1, arbitrary: freeForm })),
        fc.nat(9),
        async (body, signing) => {
          const req = request(t.bot.app).post('/webhooks/line').set('content-type', 'application/json');
          // Mostly signed (the parser is what is fuzzed); sometimes unsigned or signed for other bytes.
          if (signing >= 2) req.set('x-line-signature', signLineBody(body));
          else if (signing === 1) req.set('x-line-signature', signLineBody(`${body} `));
          const res = await req.send(body);
          expectClear(res);
          // Unsigned (or signed for other bytes): refused; an oversized body is refused before reading it.
          if (signing < 2) expect([401, 413]).toContain(res.status);
          if (res.status === 200) accepted += 1;
        },
      ),
      { numRuns: FUZZ_RUNS, seed: FUZZ_SEED, endOnFailure: true },
    );
    expect(accepted).toBeGreaterThan(FUZZ_RUNS / 20);
    expect(prototypeIsClean()).toBe(true);
  }, 300_000);

  it('left no unhandled rejection behind (LINE work after the 200 included)', async () => {
    await line?.idle();
    await t.bot.pipeline.drain();
    await new Promise((r) => setTimeout(r, 200));
    expect(rejections.seen).toEqual([]);
  }, 60_000);

  // A signed body may name any event type ("message/<text>"): an ignored event is logged with a
  // known type or 'other', never the type as sent.
  it('never writes the canary into the logs', () => {
    expect(t.logs.join('')).not.toContain(CANARY);
  });
});
