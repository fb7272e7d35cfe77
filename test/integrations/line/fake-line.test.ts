import { randomUUID } from 'node:crypto';
import { startFakeLine, type FakeLine } from '../../fakes/fake-line';

const post = (fake: FakeLine, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${fake.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer t', ...headers },
    body: JSON.stringify(body),
  });
const messages = [{ type: 'text', text: '안녕' }];

describe('fake LINE API', () => {
  let fake: FakeLine;
  afterEach(() => fake.close());

  it('plays LINE: reply token once, retry key refused on reply, multicast answered {}', async () => {
    fake = await startFakeLine();
    expect((await post(fake, '/v2/bot/message/reply', { replyToken: 'r1', messages })).status).toBe(200);
    const again = await post(fake, '/v2/bot/message/reply', { replyToken: 'r1', messages });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({ message: 'Invalid reply token' });
    expect(
      (
        await post(
          fake,
          '/v2/bot/message/reply',
          { replyToken: 'r2', messages },
          { 'x-line-retry-key': randomUUID() },
        )
      ).status,
    ).toBe(400);
    const multicast = await post(
      fake,
      '/v2/bot/message/multicast',
      { to: ['U1'], messages },
      { 'x-line-retry-key': randomUUID() },
    );
    expect([multicast.status, await multicast.json()]).toEqual([200, {}]);
    fake.assertNoUnexpectedCalls();
  });

  it('an unknown path is answered 404 and reported loudly', async () => {
    fake = await startFakeLine();
    expect((await post(fake, '/v2/bot/message/broadcast', { messages })).status).toBe(404);
    expect(() => fake.assertNoUnexpectedCalls()).toThrow(/POST \/v2\/bot\/message\/broadcast/);
  });

  it('a wrong access token is a 401 and unexpected', async () => {
    fake = await startFakeLine({ channelAccessToken: 'right' });
    expect((await post(fake, '/v2/bot/message/push', { to: 'U1', messages })).status).toBe(401);
    expect(() => fake.assertNoUnexpectedCalls()).toThrow(/access token/);
  });

  it('rate limiting: a token bucket per endpoint answers 429 when empty', async () => {
    fake = await startFakeLine({ rateLimit: { perSecond: 1, burst: 3 } });
    const statuses = [];
    for (let i = 0; i < 5; i += 1)
      statuses.push(
        (
          await post(
            fake,
            '/v2/bot/message/push',
            { to: 'U1', messages },
            { 'x-line-retry-key': randomUUID() },
          )
        ).status,
      );
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await post(fake, '/v2/bot/message/reply', { replyToken: 'r', messages })).status).toBe(200);
  });

  it('waitForCalls resolves when the calls arrive', async () => {
    fake = await startFakeLine();
    const waiting = fake.waitForCalls('push', 2, 2_000);
    await post(fake, '/v2/bot/message/push', { to: 'U1', messages }, { 'x-line-retry-key': randomUUID() });
    await post(fake, '/v2/bot/message/push', { to: 'U1', messages }, { 'x-line-retry-key': randomUUID() });
    expect(await waiting).toHaveLength(2);
  });
});
