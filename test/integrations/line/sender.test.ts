import { randomUUID } from 'node:crypto';
import type { messagingApi } from '@line/bot-sdk';
import {
  classifyLineError,
  createLineSender,
  LINE_RETRY_WINDOW_MS,
  mayRetry,
  retryDelayMs,
  type LineSender,
} from '../../../integrations/line/sender';
import { startFakeLine, type FakeLine } from '../../fakes/fake-line';

const TOKEN = 'test-channel-access-token';
const USER = 'U4af4980629a1b2c3d4e5f60718293a4b';
const hello: messagingApi.Message[] = [{ type: 'text', text: '안녕하세요' }];

let fake: FakeLine;
let sender: LineSender;

beforeEach(async () => {
  fake = await startFakeLine({ channelAccessToken: TOKEN });
  sender = createLineSender({ channelAccessToken: TOKEN, baseURL: fake.url, timeoutMs: 300 });
});

afterEach(async () => {
  fake.assertNoUnexpectedCalls();
  await fake.close();
});

describe('LINE sender against the fake LINE API', () => {
  it('a reply is accepted; the fake saw the token, the messages and our access token', async () => {
    const outcome = await sender.reply('38ef843bde154d9b91c21320ffd17a0f', hello);
    expect(outcome).toMatchObject({ kind: 'accepted', status: 200, duplicate: false });
    const [call] = fake.calls('reply');
    expect(call?.body).toEqual({ replyToken: '38ef843bde154d9b91c21320ffd17a0f', messages: hello });
    expect(call?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call?.retryKey).toBeUndefined();
    if (outcome.kind === 'accepted') expect(outcome.requestId).toBe(call?.requestId);
  });

  it('a reply token is used once: the second try is refused without calling LINE', async () => {
    await sender.reply('token-1', hello);
    expect(await sender.reply('token-1', hello)).toEqual({
      kind: 'invalid_reply_token',
      status: 400,
      local: true,
    });
    expect(fake.calls('reply')).toHaveLength(1);
  });

  it('an expired reply token → invalid_reply_token, so the caller pushes', async () => {
    fake.script('reply', 'invalid_reply_token');
    expect(await sender.reply('expired', hello)).toMatchObject({
      kind: 'invalid_reply_token',
      status: 400,
      local: false,
    });
    const key = randomUUID();
    expect(await sender.push(USER, hello, key)).toMatchObject({ kind: 'accepted' });
    expect(fake.calls('push')[0]).toMatchObject({ retryKey: key, body: { to: USER, messages: hello } });
  });

  it('push 500 twice then 200: retry, retry, accepted, with the same retry key each time', async () => {
    fake.script('push', 'server_error', 'server_error');
    const key = randomUUID();
    const outcomes = [];
    for (let i = 0; i < 3; i += 1) outcomes.push(await sender.push(USER, hello, key));
    expect(outcomes.map((o) => o.kind)).toEqual(['retry', 'retry', 'accepted']);
    expect(outcomes[0]).toMatchObject({ reason: 'server_error', status: 500 });
    expect(fake.calls('push').map((c) => c.retryKey)).toEqual([key, key, key]);
  });

  it('a repeated retry key is answered 409 by LINE and counts as accepted', async () => {
    const key = randomUUID();
    const first = await sender.push(USER, hello, key);
    const again = await sender.push(USER, hello, key);
    expect(first).toMatchObject({ kind: 'accepted', duplicate: false });
    expect(again).toMatchObject({ kind: 'accepted', status: 409, duplicate: true });
    if (again.kind === 'accepted' && first.kind === 'accepted')
      expect(again.acceptedRequestId).toBe(first.requestId);
  });

  it('429 monthly limit → failed (quota exhausted), never retried', async () => {
    fake.script('push', 'monthly_limit');
    expect(await sender.push(USER, hello, randomUUID())).toMatchObject({
      kind: 'failed',
      reason: 'quota_exhausted',
      status: 429,
    });
  });

  it('429 rate limit → retry, with the Retry-After hint when LINE sends one', async () => {
    fake.script('push', 'rate_limit', {
      status: 429,
      body: { message: 'The API rate limit has been exceeded. Try again later.' },
      headers: { 'retry-after': '3' },
    });
    expect(await sender.push(USER, hello, randomUUID())).toMatchObject({
      kind: 'retry',
      reason: 'rate_limited',
      status: 429,
    });
    const hinted = await sender.push(USER, hello, randomUUID());
    expect(hinted).toMatchObject({ kind: 'retry', reason: 'rate_limited', retryAfterMs: 3000 });
    expect(retryDelayMs(1, hinted, () => 0)).toBe(3000);
  });

  it('a hung call times out → retry class; the retry with the same key is then accepted', async () => {
    fake.script('push', 'hang');
    const key = randomUUID();
    const started = Date.now();
    expect(await sender.push(USER, hello, key)).toEqual({ kind: 'retry', reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await sender.push(USER, hello, key)).toMatchObject({ kind: 'accepted' });
    expect(fake.calls('push').map((c) => c.retryKey)).toEqual([key, key]);
  });

  it('other 4xx → failed (rejected), with LINE’s message', async () => {
    fake.script('push', { status: 400, body: { message: 'The request body has 1 error(s)' } });
    expect(await sender.push(USER, hello, randomUUID())).toMatchObject({
      kind: 'failed',
      reason: 'rejected',
      status: 400,
      detail: 'The request body has 1 error(s)',
    });
    // and the fake refuses messages over LINE's limits by itself
    expect(await sender.push(USER, [{ type: 'text', text: 'x'.repeat(5001) }], randomUUID())).toMatchObject({
      kind: 'failed',
      reason: 'rejected',
      status: 400,
    });
  });

  it('a 400 that is not about the reply token on a reply is a plain rejection', async () => {
    fake.script('reply', { status: 400, body: { message: 'The request body has 2 error(s)' } });
    expect(await sender.reply('t', hello)).toMatchObject({ kind: 'failed', reason: 'rejected' });
  });

  it('a refused connection → retry (network)', async () => {
    const closed = await startFakeLine();
    const url = closed.url;
    await closed.close();
    const offline = createLineSender({ channelAccessToken: TOKEN, baseURL: url, timeoutMs: 2_000 });
    expect(await offline.push(USER, hello, randomUUID())).toEqual({ kind: 'retry', reason: 'network' });
  });

  it('a push without a UUID retry key is a programming error', async () => {
    await expect(sender.push(USER, hello, 'not-a-uuid')).rejects.toThrow(/retry key/);
  });

  it('loading animation: 1:1 only, seconds rounded to LINE’s steps', async () => {
    expect(await sender.showLoading(USER, 7)).toMatchObject({ kind: 'accepted', status: 202 });
    expect(await sender.showLoading(USER, 600)).toMatchObject({ kind: 'accepted' });
    expect(fake.calls('loading').map((c) => c.body)).toEqual([
      { chatId: USER, loadingSeconds: 10 },
      { chatId: USER, loadingSeconds: 60 },
    ]);
    expect(await sender.showLoading('Ca56f94637c1a2b3c4d5e6f708192a3b4', 10)).toMatchObject({
      kind: 'failed',
      reason: 'rejected',
    });
    expect(fake.calls('loading')).toHaveLength(2);
  });

  it('a forbidden endpoint makes the fake fail loudly', async () => {
    fake.forbid('push');
    await sender.push(USER, hello, randomUUID());
    expect(() => fake.assertNoUnexpectedCalls()).toThrow(/forbidden/);
    await fake.close();
    fake = await startFakeLine(); // the afterEach checks and closes a clean one
  });
});

describe('LINE sender, pure parts', () => {
  it('mayRetry: never after ~23 h since the first attempt (LINE keeps the key 24 h)', () => {
    const first = new Date('2026-03-02T00:00:00Z');
    expect(mayRetry(first, new Date('2026-03-02T22:59:59Z'))).toBe(true);
    expect(mayRetry(first, new Date('2026-03-02T23:00:00Z'))).toBe(false);
    expect(mayRetry(first, new Date(first.getTime() + LINE_RETRY_WINDOW_MS - 1))).toBe(true);
  });

  it('backoff grows and stays bounded', () => {
    expect(retryDelayMs(1, undefined, () => 1)).toBe(2_000);
    expect(retryDelayMs(3, undefined, () => 1)).toBe(8_000);
    expect(retryDelayMs(30, undefined, () => 1)).toBe(15 * 60_000);
    expect(retryDelayMs(2, undefined, () => 0)).toBe(2_000);
  });

  it('classifies odd errors', () => {
    expect(classifyLineError(new TypeError('fetch failed'))).toEqual({ kind: 'retry', reason: 'network' });
    expect(classifyLineError(new SyntaxError('Unexpected token'))).toMatchObject({ kind: 'accepted' });
  });
});
