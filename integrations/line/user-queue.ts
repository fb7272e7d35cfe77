import type { Logger } from '../../bot/logger';
import type { LineInbound } from './webhook-body';

/**
 * LINE events run one user at a time in `timestamp` order, after the webhook answered: each user's
 * events queue behind that user's earlier ones in this process.
 */

export interface LineUserQueue {
  /** Queues events behind earlier ones of the same user; resolves per user when they are done. */
  schedule(items: LineInbound[], live: boolean): Promise<void>[];
  /** Keeps background work in view for idle() (its failure is logged, never thrown). */
  track(work: Promise<void>): void;
  /** Event ids queued or running now (recovery leaves them alone). */
  queuedIds(): string[];
  /** Resolves once every tracked piece of work has settled. */
  idle(): Promise<void>;
}

export interface LineUserQueueDeps {
  log: Logger;
  who: (userId: string) => string;
  /** Processes one event; a throw leaves it 'received' for recovery. */
  processOne: (item: LineInbound, live: boolean) => Promise<void>;
}

/** Groups events by user, oldest first, skipping those already queued (and repeats). */
export function byUserInOrder(items: LineInbound[], queued: ReadonlySet<string>): Map<string, LineInbound[]> {
  const byUser = new Map<string, LineInbound[]>();
  const seen = new Set<string>();
  for (const item of items) {
    const id = item.event.channelEventId;
    if (queued.has(id) || seen.has(id)) continue;
    seen.add(id);
    const list = byUser.get(item.event.channelUserId) ?? [];
    list.push(item);
    byUser.set(item.event.channelUserId, list);
  }
  for (const list of byUser.values()) {
    list.sort((a, b) => a.event.occurredAt.getTime() - b.event.occurredAt.getTime());
  }
  return byUser;
}

/** Creates the per-user queue of LINE events. */
export function createLineUserQueue(deps: LineUserQueueDeps): LineUserQueue {
  const { log } = deps;
  const chains = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  const queued = new Set<string>();

  function track(work: Promise<void>): void {
    const guarded = work.catch((error: unknown) => log.error({ err: error }, 'LINE processing failed'));
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
  }

  async function runInOrder(userId: string, list: LineInbound[], live: boolean): Promise<void> {
    for (const item of list) {
      try {
        await deps.processOne(item, live);
      } catch (error) {
        // Left 'received': recovery tries again later (by push).
        log.error(
          { err: error, user: deps.who(userId), kind: item.event.kind },
          'LINE event not processed; left for recovery',
        );
      } finally {
        queued.delete(item.event.channelEventId);
      }
    }
  }

  function schedule(items: LineInbound[], live: boolean): Promise<void>[] {
    const byUser = byUserInOrder(items, queued);
    const done: Promise<void>[] = [];
    for (const [userId, list] of byUser) {
      for (const item of list) queued.add(item.event.channelEventId);
      const previous = chains.get(userId) ?? Promise.resolve();
      const mine = previous.then(() => runInOrder(userId, list, live));
      chains.set(userId, mine);
      void mine.finally(() => {
        if (chains.get(userId) === mine) chains.delete(userId);
      });
      track(mine);
      done.push(mine);
    }
    return done;
  }

  async function idle(): Promise<void> {
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
  }

  return { schedule, track, queuedIds: () => [...queued], idle };
}
