import type { ChannelAdapter, ChannelDeps } from '../../bot/channel';
import { createKakaoChannel } from '../../integrations/kakao/kakao-channel';
import { createLineChannel, type LineChannel } from '../../integrations/line/line-channel';

/**
 * The channels the benchmark server mounts: the deployment's own (bot/plugins.ts) first, plus any
 * channel it does not register yet, so every endpoint can be measured as it would run in production.
 */
export function benchChannels(
  deps: ChannelDeps,
  registered: ChannelAdapter[],
): { channels: ChannelAdapter[]; added: string[]; idle: () => Promise<void> } {
  const channels = [...registered];
  const added: string[] = [];
  if (!channels.some((c) => c.channel === 'kakao')) {
    channels.push(createKakaoChannel(deps));
    added.push('kakao');
  }
  if (!channels.some((c) => c.channel === 'line')) {
    channels.push(createLineChannel(deps, { recoverOnStart: false }));
    added.push('line');
  }
  const line = channels.find(
    (c): c is LineChannel => c.channel === 'line' && typeof (c as Partial<LineChannel>).idle === 'function',
  );
  return { channels, added, idle: () => line?.idle() ?? Promise.resolve() };
}

/** Whether the LINE channel is part of this build. */
export const LINE_AVAILABLE = true;
