import pino from 'pino';
import { byUserInOrder, createLineUserQueue } from '../../../integrations/line/user-queue';
import type { LineInbound } from '../../../integrations/line/webhook-body';
import { lineText } from './line-items';

const item = lineText;
const ids = (items: LineInbound[] | undefined) => (items ?? []).map((i) => i.event.channelEventId);

describe('byUserInOrder', () => {
  it('groups by user in timestamp order, skipping queued events and repeats', () => {
    const grouped = byUserInOrder(
      [item('A', 'a2', 2), item('B', 'b1', 1), item('A', 'a1', 1), item('A', 'a2', 2), item('A', 'a3', 3)],
      new Set(['a3']),
    );
    expect(ids(grouped.get('A'))).toEqual(['a1', 'a2']);
    expect(ids(grouped.get('B'))).toEqual(['b1']);
  });
});

describe('createLineUserQueue', () => {
  const silent = pino({ level: 'silent' });

  it('runs one user’s events one at a time, behind that user’s earlier batch', async () => {
    const seen: string[] = [];
    const gates = new Map<string, () => void>();
    const queue = createLineUserQueue({
      log: silent,
      who: (u) => u,
      processOne: (i) =>
        new Promise<void>((resolve) => {
          seen.push(`start ${i.event.channelEventId}`);
          gates.set(i.event.channelEventId, () => {
            seen.push(`end ${i.event.channelEventId}`);
            resolve();
          });
        }),
    });
    queue.schedule([item('A', 'a1', 1)], true);
    queue.schedule([item('A', 'a2', 2)], true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['start a1']);
    expect(queue.queuedIds().sort()).toEqual(['a1', 'a2']);
    gates.get('a1')!();
    await new Promise((resolve) => setImmediate(resolve));
    gates.get('a2')!();
    await queue.idle();
    expect(seen).toEqual(['start a1', 'end a1', 'start a2', 'end a2']);
    expect(queue.queuedIds()).toEqual([]);
  });

  it('goes on after an event that failed (left for recovery)', async () => {
    const done: string[] = [];
    const queue = createLineUserQueue({
      log: silent,
      who: (u) => u,
      processOne: async (i) => {
        if (i.event.channelEventId === 'bad') throw new Error('database down');
        done.push(i.event.channelEventId);
      },
    });
    await Promise.all(queue.schedule([item('A', 'bad', 1), item('A', 'good', 2)], false));
    expect(done).toEqual(['good']);
  });
});
