import { createHash, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../bot/config';

/**
 * Kakao does not sign skill requests (reference/kakao.md §5). Our boundary is a shared secret the
 * skill settings send in a custom header, plus the bot id of the payload.
 */

/** The header the skill settings in 챗봇 관리자센터 are configured to send. */
export const KAKAO_SECRET_HEADER = 'x-skill-secret';

export type KakaoAuthResult =
  | {
      ok: true;
      /** false when no secret is configured (local trials only; production refuses to start). */ secretChecked: boolean;
    }
  | { ok: false; status: 401 | 403; reason: string };

/** What the route hands over: the header value(s) and the payload's `bot.id`, if it parsed. */
export interface KakaoAuthInput {
  secretHeader: string | string[] | undefined;
  botId: string | undefined;
}

/** Hashing both sides first makes the comparison constant-time whatever the lengths are. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/** Strips the development channel's trailing `!` (and surrounding blanks) from a bot id. */
export const normaliseBotId = (id: string): string => id.trim().replace(/!$/, '');

/** Checks the secret header (401) and the bot id (403). Reasons never echo what was sent. */
export function checkKakaoAuth(
  input: KakaoAuthInput,
  kakao: Pick<Config['kakao'], 'skillSecret' | 'botId'>,
): KakaoAuthResult {
  let secretChecked = false;
  if (kakao.skillSecret !== undefined) {
    const header = input.secretHeader;
    if (header === undefined || header === '') {
      return { ok: false, status: 401, reason: 'missing X-Skill-Secret header' };
    }
    if (Array.isArray(header)) {
      return { ok: false, status: 401, reason: 'X-Skill-Secret header sent more than once' };
    }
    if (!sameSecret(header, kakao.skillSecret)) {
      return { ok: false, status: 401, reason: 'wrong X-Skill-Secret header' };
    }
    secretChecked = true;
  }
  if (kakao.botId !== undefined) {
    if (input.botId === undefined) return { ok: false, status: 403, reason: 'missing bot.id' };
    if (normaliseBotId(input.botId) !== normaliseBotId(kakao.botId)) {
      return { ok: false, status: 403, reason: 'bot.id is not this bot' };
    }
  }
  return { ok: true, secretChecked };
}
