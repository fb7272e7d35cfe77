import { checkCallbackUrl, hostMatches, postCallback } from '../../../integrations/kakao/callback';
import { renderKakaoApology, renderKakaoResponse } from '../../../integrations/kakao/render';
import { text } from '../../../bot/messages';
import { startFakeKakao, type FakeKakao } from '../../fakes/fake-kakao';
import { expectValidSkillResponse } from './helpers';

const answer = renderKakaoResponse({
  messages: [text('서울런 멘토링은 홈페이지에서 신청할 수 있어요.')],
  quickReplies: [],
}).response;
const testHosts = ['*.kakao.com', '127.0.0.1'];

describe('callback host checks', () => {
  it.each([
    ['bot-api.kakao.com', '*.kakao.com', true],
    ['a.b.kakao.com', '*.kakao.com', true],
    ['kakao.com', '*.kakao.com', false],
    ['evilkakao.com', '*.kakao.com', false],
    ['bot-api.kakao.com.evil.example', '*.kakao.com', false],
    ['127.0.0.1', '127.0.0.1', true],
  ])('%s vs %s → %s', (host, pattern, expected) => {
    expect(hostMatches(host, pattern)).toBe(expected);
  });

  it.each([
    ['https://bot-api.kakao.com/v1/bots/b/callback/t', true],
    ['http://bot-api.kakao.com/v1/bots/b/callback/t', false],
    ['https://evil.example/v1/bots/b/callback/t', false],
    ['https://user:pw@bot-api.kakao.com/x', false],
    ['http://127.0.0.1:9/x', true],
    ['not a url', false],
    // Security review: any port of *.kakao.com was accepted; Kakao calls back on 443 only.
    ['https://bot-api.kakao.com:8443/v1/bots/b/callback/t', false],
    ['https://bot-api.kakao.com:443/v1/bots/b/callback/t', true],
  ])('%s allowed: %s', (url, ok) => {
    expect(checkCallbackUrl(url, testHosts).ok).toBe(ok);
  });

  it('http to 127.0.0.1 only when 127.0.0.1 is listed', () => {
    expect(checkCallbackUrl('http://127.0.0.1:9/x', ['*.kakao.com'])).toEqual({
      ok: false,
      reason: 'host-not-allowed',
    });
  });
});

describe('postCallback against the fake Kakao', () => {
  let kakao: FakeKakao;
  beforeEach(async () => {
    kakao = await startFakeKakao();
  });
  afterEach(async () => {
    await kakao.close();
  });

  it("POSTs the response once to the URL exactly as received and returns Kakao's verdict", async () => {
    const url = kakao.callbackUrl('AbC-_~.tok%3Den');
    expectValidSkillResponse(answer);
    const outcome = await postCallback(url, answer, { allowedHosts: testHosts, timeoutMs: 2000 });
    expect(outcome).toEqual({
      ok: true,
      posted: true,
      reply: { taskId: 'task-cb-AbC-_~.tok%3Den', status: 'SUCCESS', message: 'OK' },
    });
    expect(kakao.callbacks()).toHaveLength(1);
    const [sent] = kakao.callbacks();
    expect(sent?.url).toBe(new URL(url).pathname);
    expect(sent?.body).toEqual(answer);
    expect(sent?.headers['content-type']).toMatch(/application\/json/);
    kakao.assertNoSurprises();
  });

  it('reports FAIL so the host can keep the answer for the next message', async () => {
    const url = kakao.callbackUrl('tok-fail', {
      status: 'FAIL',
      message: 'Invalid callback token. Check your callback token.',
    });
    const outcome = await postCallback(url, renderKakaoApology('ko'), {
      allowedHosts: testHosts,
      timeoutMs: 2000,
    });
    expect(outcome).toMatchObject({ ok: false, posted: true, reason: 'rejected', reply: { status: 'FAIL' } });
    expect(kakao.callbacks()).toHaveLength(1);
  });

  it('sends nothing to a host outside the list', async () => {
    const url = kakao.callbackUrl('tok-host');
    const calls: unknown[] = [];
    const spy = ((...args: unknown[]) => {
      calls.push(args);
      return Promise.reject(new Error('must not be called'));
    }) as typeof fetch;
    const outcome = await postCallback(url, answer, {
      allowedHosts: ['*.kakao.com'],
      timeoutMs: 2000,
      fetch: spy,
    });
    expect(outcome).toEqual({ ok: false, posted: false, reason: 'host-not-allowed' });
    const direct = await postCallback(url, answer, { allowedHosts: ['*.kakao.com'], timeoutMs: 2000 });
    expect(direct.posted).toBe(false);
    expect(calls).toHaveLength(0);
    expect(kakao.requests).toHaveLength(0);
  });

  it('does not follow a redirect', async () => {
    const target = kakao.callbackUrl('tok-target');
    const url = kakao.callbackUrl('tok-redirect', { redirectTo: target });
    const outcome = await postCallback(url, answer, { allowedHosts: testHosts, timeoutMs: 2000 });
    expect(outcome).toMatchObject({ ok: false, posted: true, reason: 'redirect', httpStatus: 302 });
    expect(kakao.callbacks().map((r) => r.url)).toEqual([new URL(url).pathname]);
  });

  it('gives up at the timeout without retrying', async () => {
    const url = kakao.callbackUrl('tok-slow', { status: 'SUCCESS', delayMs: 1000 });
    const outcome = await postCallback(url, answer, { allowedHosts: testHosts, timeoutMs: 100 });
    expect(outcome).toMatchObject({ ok: false, posted: true, reason: 'timeout' });
    expect(kakao.callbacks()).toHaveLength(1);
  });

  it("reports an HTTP error with Kakao's reply", async () => {
    const url = kakao.callbackUrl('tok-500', {
      status: 'ERROR',
      httpStatus: 500,
      message: 'Internal server error',
    });
    const outcome = await postCallback(url, answer, { allowedHosts: testHosts, timeoutMs: 2000 });
    expect(outcome).toMatchObject({
      ok: false,
      posted: true,
      reason: 'http-error',
      httpStatus: 500,
      reply: { status: 'ERROR' },
    });
  });

  it('the fake flags a second use of a token loudly', async () => {
    const url = kakao.callbackUrl('tok-twice');
    await postCallback(url, answer, { allowedHosts: testHosts, timeoutMs: 2000 });
    const second = await postCallback(url, answer, { allowedHosts: testHosts, timeoutMs: 2000 });
    expect(second.ok).toBe(false);
    expect(() => kakao.assertNoSurprises()).toThrow(/used twice/);
  });
});
