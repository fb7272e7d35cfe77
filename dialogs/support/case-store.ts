import type { Queryable } from '../../bot/db/database';
import type { Tier } from './roster';

/**
 * Support cases as rows: the case, its timeline of steps, its planned deadlines, and who may be
 * paged for it (the student's mentors, minus helpers who handed it over or went silent).
 */

/** Case levels (the risk levels that open a case). */
export type CaseLevel = 'concern' | 'high' | 'harm_by_others';
/** A support_cases row. */
export interface CaseRow {
  id: string;
  person_id: string;
  status: 'open' | 'closed';
  level: CaseLevel;
  source: string;
  speaker: 'student' | 'parent' | 'unknown';
  excerpt: string | null;
  signals: string[];
  bot_sent: string;
  stage: number;
  wants: 'mentor' | 'staff' | null;
  assignee_id: string | null;
  assignee_tier: Tier | null;
  acked_at: Date | null;
  first_acked_at: Date | null;
  contacted_at: Date | null;
  relay_active: boolean;
  last_student_at: Date | null;
  last_helper_at: Date | null;
  crisis_resent_at: Date | null;
  opened_at: Date;
  closed_at: Date | null;
  /** Where the case came from (a keyed hash of the client address; web only), for grouping pages. */
  origin: string | null;
}

const RANK: Readonly<Record<CaseLevel, number>> = { concern: 1, harm_by_others: 2, high: 3 };
/** True when `a` is a higher level than `b`. */
export const higher = (a: CaseLevel, b: CaseLevel): boolean => RANK[a] > RANK[b];
/** High risk and harm by others page at once and off hours; concern waits for hours. */
export const isUrgent = (level: CaseLevel): boolean => level !== 'concern';

/** The columns of a CaseRow, for statements that return cases. */
export const CASE_COLUMNS = `id::text AS id, person_id, status, level, source, speaker, excerpt, signals, bot_sent, stage, wants,
  assignee_id, assignee_tier, acked_at, first_acked_at, contacted_at, relay_active, last_student_at, last_helper_at,
  crisis_resent_at, opened_at, closed_at, origin`;

/** Loads a case, optionally locking it for the rest of the transaction. */
export async function loadCase(db: Queryable, caseId: string, lock = false): Promise<CaseRow | null> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM support_cases WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [caseId],
  );
  return rows[0] ? normalise(rows[0]) : null;
}

/** The person's open case, if any. */
export async function openCaseOf(db: Queryable, personId: string, lock = false): Promise<CaseRow | null> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM support_cases WHERE person_id = $1 AND status = 'open' ${lock ? 'FOR UPDATE' : ''}`,
    [personId],
  );
  return rows[0] ? normalise(rows[0]) : null;
}

/** Open cases a helper has taken, oldest first. */
export async function casesOf(db: Queryable, helperId: string): Promise<CaseRow[]> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM support_cases WHERE assignee_id = $1 AND status = 'open' ORDER BY acked_at, id`,
    [helperId],
  );
  return rows.map(normalise);
}

/** Dates as Date objects whatever the driver returned. */
export function normalise(row: CaseRow): CaseRow {
  const date = (v: Date | null): Date | null => (v ? new Date(v) : null);
  return {
    ...row,
    id: String(row.id),
    signals: Array.isArray(row.signals) ? row.signals : [],
    acked_at: date(row.acked_at),
    first_acked_at: date(row.first_acked_at),
    contacted_at: date(row.contacted_at),
    last_student_at: date(row.last_student_at),
    last_helper_at: date(row.last_helper_at),
    crisis_resent_at: date(row.crisis_resent_at),
    opened_at: new Date(row.opened_at),
    closed_at: date(row.closed_at),
  };
}

/** Appends a timestamped step to the case's timeline (ids only, never text). */
export async function addEvent(
  tx: Queryable,
  caseId: string,
  now: Date,
  kind: string,
  actor: string,
  detail: object = {},
): Promise<void> {
  await tx.query(
    'INSERT INTO support_case_events (case_id, at, kind, actor, detail) VALUES ($1, $2, $3, $4, $5)',
    [caseId, now, kind, actor, JSON.stringify(detail)],
  );
}

/** Plans a deadline; the key makes planning idempotent. */
export async function planDeadline(
  tx: Queryable,
  caseId: string,
  kind: 'ack' | 'contact' | 'silence' | 'retry',
  dueAt: Date,
  detail: Record<string, unknown>,
  keySuffix: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO support_deadlines (case_id, kind, key, due_at, detail) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING`,
    [caseId, kind, `${kind}:${caseId}:${keySuffix}`, dueAt, JSON.stringify(detail)],
  );
}

/** Marks open deadlines of a case done (all kinds, or the given ones). */
export async function finishDeadlines(
  tx: Queryable,
  caseId: string,
  now: Date,
  kinds?: string[],
): Promise<void> {
  await tx.query(
    `UPDATE support_deadlines SET done_at = $2 WHERE case_id = $1 AND done_at IS NULL ${kinds ? 'AND kind = ANY($3)' : ''}`,
    kinds ? [caseId, now, kinds] : [caseId, now],
  );
}

/** Mentors linked to the person (links kind mentor_mentee, mentor → mentee). */
export async function mentorIdsOf(db: Queryable, personId: string): Promise<string[]> {
  const { rows } = await db.query<{ from_person: string }>(
    `SELECT from_person FROM links WHERE kind = 'mentor_mentee' AND to_person = $1 AND status = 'active'`,
    [personId],
  );
  return rows.map((r) => r.from_person);
}

/** People who handed the case over or went silent: not paged again for it. */
export async function excludedHelpers(tx: Queryable, caseId: string): Promise<Set<string>> {
  const { rows } = await tx.query<{ helper: string | null }>(
    `SELECT detail->>'helper' AS helper FROM support_case_events WHERE case_id = $1 AND kind IN ('passed', 'silence_timeout')`,
    [caseId],
  );
  return new Set(rows.map((r) => r.helper).filter((h): h is string => Boolean(h)));
}
