import { checkKakaoAuth, normaliseBotId } from '../../../integrations/kakao/auth';

const kakao = { skillSecret: 's3cret-header-value-0123456789', botId: '65f0a1b2c3d4e5f600000000' };

describe('checkKakaoAuth', () => {
  it('accepts the right secret and bot id', () => {
    expect(checkKakaoAuth({ secretHeader: kakao.skillSecret, botId: kakao.botId }, kakao)).toEqual({
      ok: true,
      secretChecked: true,
    });
  });

  it("accepts the development channel's bot id with a trailing !", () => {
    expect(checkKakaoAuth({ secretHeader: kakao.skillSecret, botId: `${kakao.botId}!` }, kakao).ok).toBe(
      true,
    );
    expect(
      checkKakaoAuth(
        { secretHeader: kakao.skillSecret, botId: kakao.botId },
        { ...kakao, botId: `${kakao.botId}!` },
      ).ok,
    ).toBe(true);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['wrong', 'nope'],
    ['a prefix of the secret', kakao.skillSecret.slice(0, 10)],
    ['the secret plus one character', `${kakao.skillSecret}x`],
    ['sent twice', [kakao.skillSecret, kakao.skillSecret]],
  ])('refuses a %s secret with 401', (_name, secretHeader) => {
    const result = checkKakaoAuth({ secretHeader, botId: kakao.botId }, kakao);
    expect(result).toMatchObject({ ok: false, status: 401 });
    if (!result.ok) expect(result.reason).not.toContain(kakao.skillSecret.slice(0, 6));
  });

  it('refuses another bot with 403, and a missing bot id when one is configured', () => {
    expect(checkKakaoAuth({ secretHeader: kakao.skillSecret, botId: 'someone-else' }, kakao)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkKakaoAuth({ secretHeader: kakao.skillSecret, botId: undefined }, kakao)).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('checks the secret before the bot id', () => {
    expect(checkKakaoAuth({ secretHeader: 'wrong', botId: 'someone-else' }, kakao)).toMatchObject({
      status: 401,
    });
  });

  it('lets requests through without a configured secret (local trials), saying so', () => {
    expect(checkKakaoAuth({ secretHeader: undefined, botId: 'anything' }, {})).toEqual({
      ok: true,
      secretChecked: false,
    });
  });

  it('normalises bot ids', () => {
    expect(normaliseBotId(' abc! ')).toBe('abc');
    expect(normaliseBotId('abc')).toBe('abc');
  });
});
