import { randomUUID } from 'node:crypto';
import type { ChannelDeps } from '../../bot/channel';
import type { InboundEvent } from '../../bot/events';
import { markCrisisSent } from '../../bot/turn-store';
import { lineRenderTexts, renderLineMessages, type LineRendered } from './render';
import type { LineSender } from './sender';
import type { LineInbound } from './webhook-body';

/**
 * Which events' crisis text already went out, in memory: when the database is down, step 0 still
 * answers a crisis once, and a redelivery of the same event must not send it again.
 */

const CACHE_LIMIT = 50_000;

export interface CrisisNotes {
  /** The crisis text for this event went out (or is going out). */
  has(channelEventId: string): boolean;
  /** The crisis text went out with a reply of ours: remembered here, in the pipeline and durably. */
  confirm(event: InboundEvent): void;
  /** Step 0 with the database down: the crisis text goes out with the reply token, once. */
  sendWithoutDatabase(item: LineInbound): Promise<void>;
}

export interface CrisisNotesDeps extends Pick<ChannelDeps, 'db' | 'pipeline' | 'log' | 'metrics' | 'texts'> {
  sender?: LineSender;
  who: (userId: string) => string;
}

/** Creates the bounded note of crisis texts sent, and the database-down crisis path. */
export function createCrisisNotes(deps: CrisisNotesDeps): CrisisNotes {
  const { pipeline, log } = deps;
  const noted = new Map<string, true>();
  const note = (id: string): void => {
    noted.set(id, true);
    if (noted.size > CACHE_LIMIT) noted.delete(noted.keys().next().value as string);
  };

  function confirm(event: InboundEvent): void {
    note(event.channelEventId);
    pipeline.noteCrisisSent(event);
    void markCrisisSent(deps.db, event).catch(() => undefined);
  }

  /** Reply first; losing the crisis text is worse than showing it twice: push with a fresh key if it failed. */
  async function sendBatches(
    sender: LineSender,
    item: LineInbound,
    batches: LineRendered['batches'],
  ): Promise<boolean> {
    let delivered = false;
    for (const [i, batch] of batches.entries()) {
      let outcome = i === 0 && item.replyToken ? await sender.reply(item.replyToken, batch) : undefined;
      if (outcome?.kind !== 'accepted') {
        outcome = await sender.push(item.event.channelUserId, batch, randomUUID());
      }
      if (outcome.kind === 'accepted') delivered = true;
    }
    return delivered;
  }

  async function sendWithoutDatabase(item: LineInbound): Promise<void> {
    const { event } = item;
    const sender = deps.sender;
    const screenable = event.kind === 'text' || event.kind === 'sticker';
    if (!sender || !item.replyToken || item.source !== 'user' || !screenable) return;
    if (noted.has(event.channelEventId)) return;
    const zero = pipeline.screen(event);
    if (!zero.crisisReply) return;
    note(event.channelEventId); // claimed before sending: a quick redelivery must not send it again
    const { batches } = renderLineMessages(zero.crisisReply, lineRenderTexts(deps.texts.ko));
    if (await sendBatches(sender, item, batches)) {
      pipeline.noteCrisisSent(event);
      deps.metrics.crisisReplies.inc({ channel: 'line' });
      log.warn({ user: deps.who(event.channelUserId) }, 'crisis reply sent with the database down');
    } else {
      noted.delete(event.channelEventId);
      log.error(
        { user: deps.who(event.channelUserId) },
        'crisis reply could not be sent (database and LINE failing)',
      );
    }
  }

  return { has: (id) => noted.has(id), confirm, sendWithoutDatabase };
}
