import { randomUUID } from 'node:crypto';
import type { Database } from './db/database';
import type { Logger } from './logger';
import { releaseLease, renewLease, tryLease } from './turn-store';

/**
 * Per-user order: turns of one person run one at a time in this process (a promise chain), and
 * across processes through the lease row, taken and released in short transactions.
 */

const LEASE_TTL_MS = 30_000;
const LEASE_WAIT_MS = 20_000;

/** The lease a turn holds; `released` once the turn's commit deleted it. */
export interface HeldLease {
  personId: string;
  holder: string;
  released: boolean;
}

export interface UserLeaseDeps {
  db: Database;
  log: Logger;
  instanceId: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Returns `withLease(personId, work)`: runs `work` holding the person's lease, after their earlier turns. */
export function createUserLeases(
  deps: UserLeaseDeps,
): <T>(personId: string, work: (lease: HeldLease) => Promise<T>) => Promise<T> {
  const chains = new Map<string, Promise<unknown>>();

  async function take(personId: string, holder: string): Promise<void> {
    // Turns of one person run one at a time in this process, so a lease of ours still in the
    // table here was left behind by a turn that lost the database: take it over.
    const options = { holder, ttlMs: LEASE_TTL_MS, ownPrefix: `${deps.instanceId}:` };
    const deadline = Date.now() + LEASE_WAIT_MS;
    let wait = 10;
    while (!(await tryLease(deps.db, personId, options))) {
      if (Date.now() > deadline) throw new Error('user lease busy for too long');
      await sleep(wait);
      wait = Math.min(wait * 2, 200);
    }
  }

  async function holding<T>(personId: string, work: (lease: HeldLease) => Promise<T>): Promise<T> {
    const holder = `${deps.instanceId}:${randomUUID()}`;
    await take(personId, holder);
    const options = { holder, ttlMs: LEASE_TTL_MS };
    const heartbeat = setInterval(
      () => void renewLease(deps.db, personId, options).catch(() => undefined),
      LEASE_TTL_MS / 3,
    );
    heartbeat.unref();
    const lease: HeldLease = { personId, holder, released: false };
    try {
      return await work(lease);
    } finally {
      clearInterval(heartbeat);
      if (!lease.released) {
        await releaseLease(deps.db, personId, holder).catch((error: unknown) =>
          deps.log.warn({ err: error }, 'lease release failed; it will expire'),
        );
      }
    }
  }

  return async function withLease<T>(personId: string, work: (lease: HeldLease) => Promise<T>): Promise<T> {
    const previous = chains.get(personId) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => holding(personId, work));
    chains.set(personId, mine);
    try {
      return await mine;
    } finally {
      if (chains.get(personId) === mine) chains.delete(personId);
    }
  };
}
