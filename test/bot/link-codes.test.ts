import fc from 'fast-check';
import {
  CODE_ALPHABET,
  CODE_MAX_FAILURES,
  SOURCE_LIMITS,
  consumeLinkCode,
  createLinkCode,
  formatLinkCode,
  isWellFormedCode,
  newLinkCode,
  parseCodeCommand,
  redeemLinkCode,
  sweepLinkCodes,
  type CodeSource,
} from '../../bot/link-codes';
import { maskPersonalNumbers } from '../../bot/masking';
import { describeEachDatabase } from '../helpers/test-database';

const PREFIXES = ['멘토 등록', '선생님 등록', 'mentor link'];

describe('link code format', () => {
  it('draws 10 characters from an alphabet without look-alikes, with 2 to 6 digits', () => {
    expect(CODE_ALPHABET).not.toMatch(/[01OILU]/);
    for (let i = 0; i < 2000; i += 1) {
      const code = newLinkCode();
      expect(isWellFormedCode(code)).toBe(true);
      const digits = code.replace(/\D/g, '').length;
      expect(digits).toBeGreaterThanOrEqual(2);
      expect(digits).toBeLessThanOrEqual(6);
    }
  });

  it('shows a code grouped, and is never touched by the personal-number mask', () => {
    const code = newLinkCode();
    expect(formatLinkCode(code)).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}$/);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), () => {
        const shown = formatLinkCode(newLinkCode());
        const line = `동의 ${shown}`;
        expect(maskPersonalNumbers(line).text).toBe(line);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['멘토 등록 K7QF-M2XP-9D', 'K7QFM2XP9D'],
    ['멘토등록 k7qf m2xp 9d', 'K7QFM2XP9D'],
    ['멘토 등록: K7QFM2XP9D', 'K7QFM2XP9D'],
    ['멘토 등록 ：Ｋ７ＱＦ－Ｍ２ＸＰ－９Ｄ', 'K7QFM2XP9D'],
    ['멘토 등록 K7QF—M2XP—9D', 'K7QFM2XP9D'],
    ['  mentor link   k7qf-m2xp-9d ', 'K7QFM2XP9D'],
    // The old 6-digit shape is read as a (wrong) code attempt, so it gets the wrong-code answer.
    ['멘토 등록 123456', '123456'],
  ])('reads %j as a code attempt', (typed, attempt) => {
    expect(parseCodeCommand(typed, PREFIXES)).toBe(attempt);
  });

  it.each(['멘토 등록', '멘토 등록하고 싶어요', 'mentor link please', '멘토예요', '선생님 등록 방법 알려줘'])(
    'does not read %j as a code',
    (typed) => {
      expect(parseCodeCommand(typed, PREFIXES)).toBeNull();
    },
  );

  it('ignores "link my child" and long texts that happen to start with a prefix', () => {
    expect(parseCodeCommand('link my child', ['연결', 'link'])).toBeNull();
    expect(parseCodeCommand(`멘토 등록${' '.repeat(200_000)}K7QF-M2XP-9D`, PREFIXES)).toBeNull();
  });
});

describeEachDatabase('link code redemption', (getDb) => {
  const now = new Date('2026-12-01T03:00:00Z');
  let seq = 0;
  const person = async (): Promise<string> => {
    const { rows } = await getDb().db.query<{ id: string }>('INSERT INTO people DEFAULT VALUES RETURNING id');
    return rows[0]?.id as string;
  };
  const user = (limit: number = SOURCE_LIMITS.user): CodeSource => ({
    key: `user:test-${(seq += 1)}`,
    limit,
  });
  const redeem = (
    attempt: string,
    sources: CodeSource[],
    extra: Partial<{ channelUserId: string; at: Date }> = {},
  ) =>
    redeemLinkCode(getDb().db, {
      attempt,
      purposes: ['staff_link'],
      channel: 'kakao',
      channelUserId: extra.channelUserId ?? 'kakao-user',
      sources,
      now: extra.at ?? now,
    });
  const staffCode = async (binding?: { channel: 'kakao'; channelUserId?: string }): Promise<string> =>
    createLinkCode(getDb().db, 'staff_link', await person(), null, now, 7 * 24 * 60, binding);

  it('redeems a right code once, and stores no code in the clear', async () => {
    const code = await staffCode();
    const ok = await redeem(code, [user()]);
    expect(ok.ok).toBe(true);
    const { rows } = await getDb().db.query<{ selector: string; verifier_hash: string }>(
      'SELECT selector, verifier_hash FROM link_codes',
    );
    expect(JSON.stringify(rows)).not.toContain(code);
    if (!ok.ok) throw new Error('unreachable');
    expect(await consumeLinkCode(getDb().db, ok.code.id, now)).toBe(true);
    expect(await consumeLinkCode(getDb().db, ok.code.id, now)).toBe(false);
    expect(await redeem(code, [user()])).toEqual({ ok: false, reason: 'invalid' });
  });

  it('burns a code after 5 wrong tries against it, even from different sources', async () => {
    const code = await staffCode();
    const wrong = (i: number) => `${code.slice(0, 5)}${'23456'.slice(i % 5)}${'ZZZZZ'.slice(0, i % 5)}`;
    for (let i = 0; i < CODE_MAX_FAILURES; i += 1) {
      const guess = wrong(i) === code ? `${code.slice(0, 5)}WWWWW` : wrong(i);
      expect(await redeem(guess, [user()])).toEqual({ ok: false, reason: 'invalid' });
    }
    // The right code now gets exactly the answer a wrong one gets.
    expect(await redeem(code, [user()])).toEqual({ ok: false, reason: 'invalid' });
  });

  it('locks a source out after its failures, even for a right code, until the window ends', async () => {
    const code = await staffCode();
    const source = user();
    for (let i = 0; i < SOURCE_LIMITS.user; i += 1)
      expect((await redeem('ABCDE23456', [source])).ok).toBe(false);
    expect(await redeem(code, [source])).toEqual({ ok: false, reason: 'locked' });
    const later = new Date(now.getTime() + 3_600_001);
    expect((await redeem(code, [source], { at: later })).ok).toBe(true);
  });

  it('counts parallel tries: no more than the limit reach the codes', async () => {
    const code = await staffCode();
    const source = user();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        redeem(`${code.slice(0, 5)}${'2345678'.slice(i % 3, (i % 3) + 5)}`, [source]),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === 'locked').length).toBeGreaterThanOrEqual(
      12 - SOURCE_LIMITS.user,
    );
  });

  it('answers a wrong, a used, a burned and an expired code the same way', async () => {
    const expired = await staffCode();
    const later = new Date(now.getTime() + 8 * 86_400_000);
    const used = await staffCode();
    const ok = await redeem(used, [user()]);
    if (!ok.ok) throw new Error('expected the code to work');
    await consumeLinkCode(getDb().db, ok.code.id, now);
    const answers = [
      await redeem('QQQQQ22222', [user()]),
      await redeem(used, [user()]),
      await redeem(expired, [user()], { at: later }),
    ];
    for (const answer of answers) expect(answer).toEqual({ ok: false, reason: 'invalid' });
  });

  it('accepts a bound staff code only from the expected channel id, and counts the others', async () => {
    const code = await staffCode({ channel: 'kakao', channelUserId: 'the-coordinator' });
    for (let i = 0; i < CODE_MAX_FAILURES - 1; i += 1)
      expect(await redeem(code, [user()], { channelUserId: `attacker-${i}` })).toEqual({
        ok: false,
        reason: 'invalid',
      });
    expect((await redeem(code, [user()], { channelUserId: 'the-coordinator' })).ok).toBe(true);
    const burned = await staffCode({ channel: 'kakao', channelUserId: 'someone' });
    for (let i = 0; i < CODE_MAX_FAILURES; i += 1)
      await redeem(burned, [user()], { channelUserId: 'attacker' });
    expect((await redeem(burned, [user()], { channelUserId: 'someone' })).ok).toBe(false);
  });

  it('sweeps failure windows that ended and codes a day after they stopped working', async () => {
    await redeem('ABCDE23456', [{ key: 'user:sweep-me', limit: 5 }]);
    await sweepLinkCodes(getDb().db, new Date(now.getTime() + 3_600_001));
    const left = await getDb().db.query(`SELECT 1 FROM link_code_attempts WHERE source = 'user:sweep-me'`);
    expect(left.rows).toHaveLength(0);
    await sweepLinkCodes(getDb().db, new Date(now.getTime() + 9 * 86_400_000));
    const codes = await getDb().db.query('SELECT 1 FROM link_codes');
    expect(codes.rows).toHaveLength(0);
  });
});
