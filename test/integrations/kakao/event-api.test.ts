import { KAKAO_EVENT_PARAM } from '../../../integrations/kakao/skill-payload';
import {
  getKakaoTask,
  KakaoEventApiError,
  sendKakaoEvent,
  type KakaoEventApi,
} from '../../../integrations/kakao/event-api';
import { startFakeKakao, type FakeKakao } from '../../fakes/fake-kakao';

describe('Kakao Event API against the fake', () => {
  let kakao: FakeKakao;
  let api: KakaoEventApi;
  beforeEach(async () => {
    kakao = await startFakeKakao();
    api = {
      baseUrl: `${kakao.baseUrl}/`,
      restApiKey: 'rest-api-key-for-tests',
      botId: '65f0a1b2c3d4e5f600000000',
      eventName: 'outbox',
      timeoutMs: 2000,
    };
  });
  afterEach(async () => {
    await kakao.close();
  });

  it('POSTs /v2/bots/{botId}/talk with KakaoAK, our event and marker, and returns the taskId', async () => {
    kakao.expectEventSend({ body: { taskId: 'task-42', status: 'SUCCESS', timestamp: 1 } });
    const result = await sendKakaoEvent(api, ['user-a', 'user-b', 'user-a'], { reason: 'quiz' });
    expect(result).toEqual({ taskId: 'task-42' });
    const [sent] = kakao.eventSends();
    expect(sent?.method).toBe('POST');
    expect(sent?.url).toBe('/v2/bots/65f0a1b2c3d4e5f600000000/talk');
    expect(sent?.headers.authorization).toBe('KakaoAK rest-api-key-for-tests');
    expect(sent?.body).toEqual({
      event: { name: 'outbox' },
      user: [
        { type: 'botUserKey', id: 'user-a' },
        { type: 'botUserKey', id: 'user-b' },
      ],
      params: { reason: 'quiz', [KAKAO_EVENT_PARAM]: 'outbox' },
    });
    kakao.assertNoSurprises();
  });

  it('keeps the dev channel "!" in the path when the bot id carries it', async () => {
    kakao.expectEventSend();
    await sendKakaoEvent({ ...api, botId: 'bot!' }, ['u']);
    expect(kakao.eventSends()[0]?.url).toBe('/v2/bots/bot!/talk');
  });

  it('refuses more than 100 users or none, before calling Kakao', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    await expect(sendKakaoEvent(api, many)).rejects.toThrow(RangeError);
    await expect(sendKakaoEvent(api, [])).rejects.toThrow(RangeError);
    expect(kakao.requests).toHaveLength(0);
  });

  it('throws KakaoEventApiError with evidence when Kakao says FAIL', async () => {
    kakao.expectEventSend({
      httpStatus: 400,
      body: { taskId: 'task-x', status: 'FAIL', message: 'event not found' },
    });
    const error = await sendKakaoEvent(api, ['u']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KakaoEventApiError);
    expect(error).toMatchObject({ httpStatus: 400, kakaoStatus: 'FAIL', taskId: 'task-x' });
    expect((error as Error).message).toContain('event not found');
  });

  it('throws when Kakao is unreachable', async () => {
    await kakao.close();
    await expect(sendKakaoEvent(api, ['u'])).rejects.toBeInstanceOf(KakaoEventApiError);
    kakao = await startFakeKakao();
  });

  it('reads a task that reached everyone', async () => {
    kakao.setTask('task-42', {
      taskId: 'task-42',
      status: 'ALL SUCCESS',
      allRequestCount: 2,
      successCount: 2,
      fail: { count: 0, list: [] },
    });
    const task = await getKakaoTask(api, 'task-42');
    expect(task).toEqual({
      taskId: 'task-42',
      status: 'ALL SUCCESS',
      allSucceeded: true,
      requested: 2,
      succeeded: 2,
      failedUserIds: [],
    });
    expect(kakao.requests[0]).toMatchObject({ method: 'GET', url: '/v1/tasks/task-42' });
    expect(kakao.requests[0]?.headers.authorization).toBe('KakaoAK rest-api-key-for-tests');
  });

  it('reads a partly failed task with the users it did not reach', async () => {
    kakao.setTask('task-43', {
      taskId: 'task-43',
      status: '1 FAIL',
      allRequestCount: 2,
      successCount: 1,
      fail: {
        count: 1,
        list: [
          {
            userId: 'user-b',
            reqUserType: 'botUserKey',
            createdAt: 1,
            errorMsg: { errorType: 201, msg: 'Bot skill server responded with an HTTP error.' },
          },
        ],
      },
    });
    const task = await getKakaoTask(api, 'task-43');
    expect(task).toMatchObject({ allSucceeded: false, failedUserIds: ['user-b'] });
  });

  it('the fake fails loudly on an unknown task', async () => {
    await expect(getKakaoTask(api, 'nope')).rejects.toBeInstanceOf(KakaoEventApiError);
    expect(() => kakao.assertNoSurprises()).toThrow(/task status request/);
  });
});
