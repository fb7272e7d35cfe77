import { join } from 'node:path';
import pino from 'pino';
import type { Capability } from '../../../bot/capability';
import { loadConfig } from '../../../bot/config';
import type { Database } from '../../../bot/db/database';
import { createMetrics } from '../../../bot/metrics';
import { createOutbox } from '../../../bot/outbox';
import type { Reply } from '../../../bot/messages';
import { loadQuestionBank, type QuestionBank } from '../../../knowledge/quiz/bank';
import { createQuizCapability, type QuizOptions } from '../../../dialogs/quiz';
import { testContacts, testTexts } from '../../helpers/fake-turn';

/** The tiny fixture bank (중1 ×3, 중2 ×2, 중3 ×1, 수학 only). */
export const fixtureBank = (): QuestionBank => loadQuestionBank(join(__dirname, 'fixtures', 'bank'));

/** A quiz capability on `db` without the rest of the bot (delivery tests drive runDue). */
export function quizOn(db: Database, options: QuizOptions = {}): Capability {
  return createQuizCapability(
    {
      config: loadConfig({ NODE_ENV: 'test', LOG_HASH_SECRET: 'test-log-hash-secret-1234' }),
      db,
      log: pino({ level: 'silent' }),
      texts: testTexts(),
      contacts: testContacts(),
      outbox: createOutbox(() => new Date('2026-11-28T00:00:00Z')),
      clock: () => new Date('2026-11-28T00:00:00Z'),
      metrics: createMetrics(),
    },
    { bank: options.bank ?? fixtureBank(), ...options },
  );
}

/** Seoul wall-clock instant: kst('2026-11-29', '16:00'). */
export const kst = (date: string, time: string): Date => new Date(`${date}T${time}:00+09:00`);

export interface Student {
  id: string;
  userId: string;
}

/** Creates a subscribed student (14+, web identity) straight in the tables. */
export async function addSubscriber(
  db: Database,
  userId: string,
  options: {
    minute?: number;
    grade?: string;
    subjects?: string[];
    count?: number;
    status?: string;
    startsOn?: string;
    reachable?: boolean;
    /** Default 'every' so tests of other rules may use any date; push-day tests pass 'school'. */
    pushDays?: 'school' | 'every';
  } = {},
): Promise<Student> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO people (audience, consent, age_band, greeted) VALUES ('student', 'adult_or_14plus', '14to18', true) RETURNING id`,
  );
  const id = rows[0]?.id as string;
  await db.query(
    'INSERT INTO identities (channel, channel_user_id, person_id, reachable) VALUES ($1, $2, $3, $4)',
    ['web', userId, id, options.reachable ?? true],
  );
  await db.query(
    `INSERT INTO quiz_profiles (person_id, grade, subjects, delivery_minute, question_count, status, starts_on, push_days)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      id,
      options.grade ?? '중1',
      options.subjects ?? ['수학'],
      options.minute ?? 960,
      options.count ?? 3,
      options.status ?? 'active',
      options.startsOn ?? '2026-01-01',
      options.pushDays ?? 'every',
    ],
  );
  return { id, userId };
}

/** Adds many subscribers in one statement (fan-out tests). */
export async function addManySubscribers(
  db: Database,
  prefix: string,
  n: number,
  minute = 960,
): Promise<void> {
  await db.query(
    `WITH made AS (
       INSERT INTO people (audience, consent, age_band, greeted, display_name)
       SELECT 'student', 'adult_or_14plus', '14to18', true, $1::text || g::text FROM generate_series(1, $2) g RETURNING id, display_name)
     , ids AS (INSERT INTO identities (channel, channel_user_id, person_id) SELECT 'web', display_name, id FROM made RETURNING person_id)
     INSERT INTO quiz_profiles (person_id, grade, subjects, delivery_minute, question_count, status, starts_on, push_days)
     SELECT person_id, '중1', ARRAY['수학'], $3, 3, 'active', '2026-01-01', 'every' FROM ids`,
    [prefix, n, minute],
  );
}

/** Outbox quiz rows per person (purpose quiz or nudge). */
export async function quizRows(
  db: Database,
  personId?: string,
): Promise<{ person_id: string; purpose: string; idempotency_key: string; reply: Reply }[]> {
  const { rows } = await db.query<{
    person_id: string;
    purpose: string;
    idempotency_key: string;
    reply: Reply;
  }>(
    `SELECT person_id::text AS person_id, purpose, idempotency_key, reply FROM outbox
      WHERE purpose IN ('quiz', 'nudge') ${personId ? 'AND person_id = $1' : ''} ORDER BY id`,
    personId ? [personId] : [],
  );
  return rows;
}

/** The visible text of a reply. */
export const textOf = (reply: Reply): string =>
  reply.messages.map((m) => (m.type === 'text' ? m.text : `${m.title}\n${m.text}`)).join('\n');
