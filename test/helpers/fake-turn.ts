import { readConversation } from '../../bot/dialog/state';
import { join } from 'node:path';
import pino from 'pino';
import { loadContacts, type Contacts } from '../../bot/contacts';
import type { Database, Queryable } from '../../bot/db/database';
import type { DeferredWrite, DialogState, TurnContext } from '../../bot/dialog';
import type { InboundEvent } from '../../bot/events';
import { mayStoreHistory, type Person } from '../../bot/people';
import { NO_RISK, type RiskAssessment } from '../../bot/risk';
import { loadTexts, type TextsByLanguage } from '../../bot/texts-loader';

const root = join(__dirname, '..', '..');

let cachedTexts: TextsByLanguage | undefined;
let cachedContacts: Contacts | undefined;

/** The real text catalogue (knowledge/texts), loaded once per test file. */
export const testTexts = (): TextsByLanguage => (cachedTexts ??= loadTexts(join(root, 'knowledge', 'texts')));
/** The real contacts file. */
export const testContacts = (): Contacts =>
  (cachedContacts ??= loadContacts(join(root, 'knowledge', 'contacts.yaml')));

/** A database that fails loudly: unit tests of pure dialog steps must not touch it. */
export const noDatabase: Database = {
  kind: 'pglite',
  query: () => Promise.reject(new Error('this test did not expect a database query')),
  transaction: () => Promise.reject(new Error('this test did not expect a transaction')),
  exec: () => Promise.reject(new Error('this test did not expect exec')),
  close: () => Promise.resolve(),
};

export interface FakeTurnOptions {
  text?: string;
  postback?: string;
  now?: Date;
  person?: Partial<Person>;
  state?: DialogState | null;
  risk?: RiskAssessment;
  db?: Database;
  slowWorkBudgetMs?: number;
}

/** A TurnContext for unit tests of dialog steps, plus the writes the dialog deferred. */
export function fakeTurn(options: FakeTurnOptions = {}): { ctx: TurnContext; deferred: DeferredWrite[] } {
  const person: Person = {
    id: '00000000-0000-4000-8000-000000000001',
    roles: ['student'],
    audience: 'student',
    consent: 'adult_or_14plus',
    ageBand: '14to18',
    language: 'ko',
    displayName: null,
    channel: 'web',
    channelUserId: 'test-user',
    greeted: true,
    ...options.person,
  };
  const now = options.now ?? new Date('2026-11-28T07:00:00Z');
  const event: InboundEvent = {
    channel: person.channel,
    channelUserId: person.channelUserId,
    channelEventId: `evt-${Math.random().toString(36).slice(2)}`,
    kind: options.postback ? 'postback' : 'text',
    text: options.text,
    postback: options.postback,
    occurredAt: now,
  };
  const deferred: DeferredWrite[] = [];
  const ctx: TurnContext = {
    now,
    input: { text: options.text ?? '', postback: options.postback },
    event,
    person,
    state: options.state ?? null,
    conversation: readConversation(options.state ?? null),
    texts: testTexts()[person.language],
    risk: options.risk ?? NO_RISK,
    db: options.db ?? noDatabase,
    log: pino({ level: 'silent' }),
    mayStoreHistory: mayStoreHistory(person.consent),
    slowWorkBudgetMs: options.slowWorkBudgetMs ?? 0,
    defer: (write) => void deferred.push(write),
  };
  return { ctx, deferred };
}

/** Runs deferred writes against a real database (in one transaction, as the host does). */
export async function commitDeferred(db: Database, deferred: DeferredWrite[]): Promise<void> {
  await db.transaction(async (tx: Queryable) => {
    for (const write of deferred) await write(tx);
  });
}
