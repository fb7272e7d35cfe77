import type { Queryable } from '../../bot/db/database';
import { maskPersonalNumbers } from '../../bot/masking';
import { audit } from '../../bot/people-store';
import type { Texts } from '../../bot/texts';
import { seoulTime } from './shared';

/**
 * The case thread (issue 14, support mode): every message the student writes from the first risk
 * reply until the case closes, and the lines the bot answered, so the helper who takes the case
 * reads what was said instead of asking again ("아까 말했는데.."). Minimal: masked, one message at
 * most THREAD_CHARS, deleted with the student (cascade) and by the retention sweep; reads audited.
 */

/** One message of a thread is cut to this many characters. */
export const THREAD_CHARS = 500;
/** The last this many student messages go into an alert. */
export const ALERT_LINES = 3;

export interface ThreadEntry {
  at: Date;
  author: 'student' | 'bot';
  text: string;
  /** The risk level the screen gave the student's message ('none' for the bot's lines). */
  level: string;
}

/** Masks again (the channel boundary already did: a second pass costs nothing) and cuts. */
export function threadText(text: string): string {
  const masked = maskPersonalNumbers(text.replace(/\s+/g, ' ').trim()).text;
  return masked.length > THREAD_CHARS ? `${masked.slice(0, THREAD_CHARS - 1)}…` : masked;
}

/** Adds one message to a case's thread (inside the turn's transaction). Empty text adds nothing. */
export async function appendThread(
  tx: Queryable,
  entry: {
    caseId: string;
    personId: string;
    author: 'student' | 'bot';
    text: string;
    level?: string;
    at: Date;
  },
): Promise<void> {
  const body = threadText(entry.text);
  if (!body) return;
  await tx.query(
    `INSERT INTO support_thread (case_id, person_id, author, body, level, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
    [entry.caseId, entry.personId, entry.author, body, entry.level ?? 'none', entry.at],
  );
}

/**
 * The whole thread of a case, oldest first — for the helper who takes the case and the console.
 * `reader` (a person id or `admin:<token name>`): the read is written to the audit log.
 */
export async function caseThread(db: Queryable, caseId: string, reader?: string): Promise<ThreadEntry[]> {
  const { rows } = await db.query<{ at: Date; author: 'student' | 'bot'; body: string; level: string }>(
    `SELECT created_at AS at, author, body, level FROM support_thread WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
  if (reader) await audit(db, reader, 'support_thread_read', null, { case: caseId, messages: rows.length });
  return rows.map((r) => ({ at: new Date(r.at), author: r.author, text: r.body, level: r.level }));
}

/** The student's last few messages, oldest first (what an alert quotes). */
export async function recentStudentLines(
  db: Queryable,
  caseId: string,
  limit = ALERT_LINES,
): Promise<string[]> {
  const { rows } = await db.query<{ body: string }>(
    `SELECT body FROM (SELECT id, body FROM support_thread WHERE case_id = $1 AND author = 'student'
        ORDER BY id DESC LIMIT $2) t ORDER BY id`,
    [caseId, limit],
  );
  return rows.map((r) => r.body);
}

/** The retention sweep statement (RETENTION_DAYS). */
export const THREAD_SWEEP = 'DELETE FROM support_thread WHERE created_at < $1';

/**
 * The thread as the helper reads it when they take the case (chat lines, oldest first):
 * "[11/28 16:02] 학생: …" and, for context, "[11/28 16:02] 봇: …". Empty thread → one line saying so.
 */
export function threadLines(texts: Texts, entries: readonly ThreadEntry[]): string[] {
  if (entries.length === 0) return [texts.t('support.thread.empty')];
  return [
    texts.t('support.thread.title', { count: entries.filter((e) => e.author === 'student').length }),
    ...entries.map((e) =>
      texts.t(e.author === 'student' ? 'support.thread.student' : 'support.thread.bot', {
        time: seoulTime(e.at),
        text: e.text,
      }),
    ),
  ];
}
