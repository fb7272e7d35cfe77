import { KakaoEventApiError, type KakaoTaskStatus } from '../../../integrations/kakao/event-api';
import { isRefusal, taskVerdict } from '../../../integrations/kakao/event-sender';

const status = (over: Partial<KakaoTaskStatus>): KakaoTaskStatus => ({
  taskId: 'task-1',
  status: 'ALL SUCCESS',
  allSucceeded: false,
  requested: null,
  succeeded: null,
  failedUserIds: [],
  ...over,
});

describe('taskVerdict', () => {
  it('accepts a row once the task succeeded and our event block served it', () => {
    expect(taskVerdict('u1', true, status({ allSucceeded: true }))).toBe('accepted');
  });

  it('calls a task that reached Kakao but was never served unserved (held for the next message)', () => {
    expect(taskVerdict('u1', false, status({ allSucceeded: true }))).toBe('unserved');
  });

  it('fails only the users Kakao lists as failed in a task of several', () => {
    const failed = status({ status: '1 FAIL', failedUserIds: ['u2'] });
    expect(taskVerdict('u2', false, failed)).toBe('failed');
    expect(taskVerdict('u1', true, failed)).toBe('accepted');
    expect(taskVerdict('u1', false, failed)).toBe('unserved');
  });

  it('fails everyone when a failed task lists no one', () => {
    expect(taskVerdict('u1', false, status({ status: '1 FAIL' }))).toBe('failed');
  });

  it('keeps waiting while the task is still running', () => {
    expect(taskVerdict('u1', false, status({ status: 'PROCESSING' }))).toBe('pending');
  });
});

describe('isRefusal', () => {
  const apiError = (httpStatus: number | null) =>
    new KakaoEventApiError('kakao said no', httpStatus, null, null);

  it('is a 4xx other than 429: retrying would be refused again', () => {
    expect(isRefusal(apiError(400))).toBe(true);
    expect(isRefusal(apiError(403))).toBe(true);
  });

  it('is not a rate limit, a server error, a timeout or any other error', () => {
    expect(isRefusal(apiError(429))).toBe(false);
    expect(isRefusal(apiError(503))).toBe(false);
    expect(isRefusal(apiError(null))).toBe(false);
    expect(isRefusal(new Error('socket hang up'))).toBe(false);
  });
});
