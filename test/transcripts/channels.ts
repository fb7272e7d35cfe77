import { defaultPlugins } from '../../bot/plugins';
import { createKakaoChannel } from '../../integrations/kakao/kakao-channel';
import type { LineChannel } from '../../integrations/line/line-channel';
import { startFakeKakao, type FakeKakao } from '../fakes/fake-kakao';
import { startFakeLine, type FakeLine } from '../fakes/fake-line';
import { TEST_LINE_CHANNEL_SECRET } from '../fakes/line-webhook';
import { kakaoTranscriptChannel } from '../integrations/kakao/kakao-transcript';
import { lineTranscriptChannel, lineUserId } from '../integrations/line/line-transcript';
import { startTestBot, type FakeClock, type TestBot } from '../helpers/test-bot';
import type { TestDatabase } from '../helpers/test-database';
import { webChannel, type TranscriptChannel } from '../helpers/transcript';

const KAKAO_SECRET = 'kakao-skill-secret-for-transcripts';
const LINE_TOKEN = 'line-transcript-access-token';

/** The whole deployment (bot/plugins.ts) with every channel wired to fakes, and one transcript channel each. */
export interface TranscriptBot extends TestBot {
  web: TranscriptChannel;
  kakao: TranscriptChannel;
  line: TranscriptChannel;
  /** web, kakao, line: what `describe.each` runs a script through. */
  channels: TranscriptChannel[];
  fakeKakao: FakeKakao;
  fakeLine: FakeLine;
  /** The `identities.channel_user_id` a transcript's user name becomes on `channel`. */
  channelUserId(channel: TranscriptChannel, userId: string): string;
  /** Throws if a fake saw a call it was not told to expect. */
  assertNoSurprises(): void;
}

/**
 * Starts the deployment's capabilities and risk screen on `database`, with the Kakao channel (Event
 * API on the fake Kakao) and the LINE channel (on the fake LINE API) beside the web chat. The
 * LINE channel is the one bot/plugins.ts registers; the test holds its `idle()` (its reply is sent
 * after the webhook answered).
 */
export async function startTranscriptBot(
  database: TestDatabase,
  options: { env?: Record<string, string>; clock?: FakeClock; rateLimitPerMinute?: number } = {},
): Promise<TranscriptBot> {
  const fakeKakao = await startFakeKakao();
  const fakeLine = await startFakeLine({ channelAccessToken: LINE_TOKEN });
  let lineChannel: LineChannel | undefined;
  const t = await startTestBot(database, {
    clock: options.clock,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
    env: {
      KAKAO_SKILL_SECRET: KAKAO_SECRET,
      KAKAO_BOT_ID: '65f0a1b2c3d4e5f600000000',
      KAKAO_CALLBACK_HOSTS: '*.kakao.com,127.0.0.1',
      KAKAO_REST_API_KEY: 'rest-api-key-for-transcripts',
      KAKAO_API_BASE_URL: fakeKakao.baseUrl,
      LINE_CHANNEL_SECRET: TEST_LINE_CHANNEL_SECRET,
      LINE_CHANNEL_ACCESS_TOKEN: LINE_TOKEN,
      LINE_API_BASE_URL: fakeLine.url,
      ...options.env,
    },
    plugins: {
      ...defaultPlugins(),
      channels: (deps) => {
        // The channels as bot/plugins.ts registers them, except Kakao's double-tap window: it runs
        // on wall-clock time, not the injected clock, so a script that moves the clock a day and
        // types "3" again within 3 real seconds would get yesterday's answer replayed. Double taps
        // are tested in test/integrations/kakao, not here.
        const registered = defaultPlugins().channels?.(deps) ?? [];
        lineChannel = registered.find((c) => c.channel === 'line') as LineChannel | undefined;
        if (!lineChannel) throw new Error('bot/plugins.ts registers no LINE channel');
        return [
          createKakaoChannel(deps, { settleMs: 50, dedupeWindowMs: 0, syncBudgetMs: 60_000 }),
          ...registered.filter((c) => c.channel !== 'kakao'),
        ];
      },
    },
  });
  const line = () => {
    if (!lineChannel) throw new Error('the LINE channel was not created');
    return lineChannel;
  };
  const kakao = kakaoTranscriptChannel(KAKAO_SECRET, { fake: fakeKakao, clock: t.clock });
  const lineT = lineTranscriptChannel(fakeLine, line, () => t.clock.now().getTime());
  return {
    ...t,
    web: webChannel,
    kakao,
    line: lineT,
    channels: [webChannel, kakao, lineT],
    fakeKakao,
    fakeLine,
    channelUserId: (channel, userId) => (channel.name === 'line' ? lineUserId(userId) : userId),
    assertNoSurprises() {
      fakeKakao.assertNoSurprises();
      fakeLine.assertNoUnexpectedCalls();
    },
    async close() {
      await lineChannel?.idle();
      await t.close();
      await fakeKakao.close();
      await fakeLine.close();
    },
  };
}
