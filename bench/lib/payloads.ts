import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Queryable } from '../../bot/db/database';

/**
 * Request bodies of the three channels for bench user number `i`, and the SQL that seeds those
 * users. Ids are derived from `i` the same way in SQL and here, so a seeded person is found by
 * every channel without a lookup.
 */

export type ChannelName = 'web' | 'kakao' | 'line';
export type TurnKind = 'menu' | 'quiz';

export const BENCH_KAKAO_SECRET = 'bench-kakao-skill-secret-0123456789';
export const BENCH_KAKAO_BOT_ID = '65f0a1b2c3d4e5f600000000';
export const BENCH_LINE_SECRET = 'bench0line0channel0secret0000000';
export const BENCH_LINE_TOKEN = 'bench-line-channel-access-token';
export const BENCH_KAKAO_REST_KEY = 'bench-kakao-rest-api-key';

export const webUserId = (i: number): string => `bw${i}`;
export const kakaoUserId = (i: number): string => `bk${i}`;
/** LINE user ids are U + 32 hex; md5 gives the same value in SQL. */
export const lineUserId = (i: number): string =>
  `U${createHash('md5').update(`bench-line-${i}`).digest('hex')}`;

/** What the user taps: the menu, or the answer to a quiz question. */
export function postbackFor(
  kind: TurnKind,
  itemId: string,
  choice: number,
): { postback: string; spoken: string } {
  return kind === 'menu'
    ? { postback: 'menu:open', spoken: '처음으로' }
    : { postback: `quiz:answer:${itemId}:${choice}`, spoken: String(choice) };
}

/** The web API body. */
export const webBody = (i: number, postback: string): string =>
  JSON.stringify({ userId: webUserId(i), postback });

/** A Kakao SkillPayload for a quick-reply tap (as KakaoTalk sends it: the label as utterance, the postback in clientExtra). */
export function kakaoBody(i: number, postback: string, spoken: string): string {
  const user = kakaoUserId(i);
  return JSON.stringify({
    intent: { id: '65f0a1b2c3d4e5f600000003', name: '폴백 블록' },
    userRequest: {
      timezone: 'Asia/Seoul',
      params: { surface: 'Kakaotalk.plusfriend' },
      block: { id: '65f0a1b2c3d4e5f600000003', name: '폴백 블록' },
      utterance: spoken,
      lang: 'ko',
      user: {
        id: user,
        type: 'botUserKey',
        properties: { botUserKey: user, plusfriendUserKey: `pf${i}`, isFriend: true },
      },
    },
    bot: { id: BENCH_KAKAO_BOT_ID, name: '서울런 도우미' },
    action: {
      id: '65f0a1b2c3d4e5f6000000aa',
      name: 'seoulrun-skill',
      params: {},
      detailParams: {},
      clientExtra: { postback },
    },
    contexts: [],
    flow: { trigger: { type: 'QUICKREPLY_BUTTON_MESSAGE' } },
  });
}

/** A LINE webhook with one postback event, signed; every call gets a fresh event id and reply token. */
export function lineRequest(i: number, postback: string): { body: string; signature: string } {
  const body = JSON.stringify({
    destination: 'U8e742f61d673b39c7fff3cecb7536ef0',
    events: [
      {
        type: 'postback',
        postback: { data: postback },
        webhookEventId: `01BENCH${randomBytes(10).toString('hex').toUpperCase()}`,
        deliveryContext: { isRedelivery: false },
        timestamp: Date.now(),
        source: { type: 'user', userId: lineUserId(i) },
        replyToken: randomBytes(16).toString('hex'),
        mode: 'active',
      },
    ],
  });
  return { body, signature: createHmac('sha256', BENCH_LINE_SECRET).update(body).digest('base64') };
}

/**
 * Seeds `count` students (consented, greeted, with a quiz profile due at 16:00) in bulk.
 * `channels` decides which identities each gets; `split` gives person i only the channel
 * `channels[i % channels.length]` (fan-out: one reachable identity each).
 */
export async function seedStudents(
  db: Queryable,
  count: number,
  channels: ChannelName[],
  options: { split?: boolean; from?: number } = {},
): Promise<void> {
  const from = options.from ?? 1;
  const to = from + count - 1;
  const person = `md5('bench-person-' || i)::uuid`;
  await db.query(
    `INSERT INTO people (id, audience, consent, age_band, language, greeted)
     SELECT ${person}, 'student', 'adult_or_14plus', '14to18', 'ko', true FROM generate_series($1::int, $2::int) i
     ON CONFLICT DO NOTHING`,
    [from, to],
  );
  const idOf: Record<ChannelName, string> = {
    web: `'bw' || i`,
    kakao: `'bk' || i`,
    line: `'U' || md5('bench-line-' || i)`,
  };
  for (const [k, channel] of channels.entries()) {
    const only = options.split ? `AND i % ${channels.length} = ${k}` : '';
    await db.query(
      `INSERT INTO identities (channel, channel_user_id, person_id, reachable)
       SELECT '${channel}', ${idOf[channel]}, ${person}, true FROM generate_series($1::int, $2::int) i WHERE true ${only}
       ON CONFLICT DO NOTHING`,
      [from, to],
    );
  }
  await db.query(
    `INSERT INTO quiz_profiles (person_id, grade, subjects, delivery_minute, question_count, status, starts_on)
     SELECT ${person}, (ARRAY['중1','중2','중3','고1'])[1 + i % 4], ARRAY['수학','영어'], 960, 3, 'active', '2026-01-01'
       FROM generate_series($1::int, $2::int) i
     ON CONFLICT DO NOTHING`,
    [from, to],
  );
}
