import type { Database, Queryable } from '../../bot/db/database';
import { daysOffBetween, defaultHolidays, type HolidayCalendar, type PushDays } from '../../bot/holidays';
import type { Channel } from '../../bot/messages';
import type { Grade, Subject } from '../../knowledge/quiz/bank';
import { cardFromJson, cardToJson, type StudentCard } from './scheduler';
import type { StreakState } from './streak';
import type { Card } from 'ts-fsrs';

/** The quiz tables (migration 202611281230-quiz.sql). Dates travel as "YYYY-MM-DD" text. */

export type QuizStatus = 'active' | 'paused' | 'none';

/** A student's quiz settings and progress. */
export interface QuizProfile {
  personId: string;
  grade: Grade;
  subjects: Subject[];
  deliveryMinute: number;
  questionCount: 3 | 5;
  status: QuizStatus;
  startsOn: string;
  resumeOn: string | null;
  weeklyReport: boolean;
  shareWithParent: boolean;
  streak: StreakState;
  freezesJustUsed: number;
  unansweredRun: number;
  lastWeeklyDate: string | null;
  gradeAskedYear: number | null;
  /** School days only (default) or every day. */
  pushDays: PushDays;
}

interface ProfileRow {
  person_id: string;
  grade: Grade;
  subjects: Subject[];
  delivery_minute: number;
  question_count: number;
  status: QuizStatus;
  starts_on: string;
  resume_on: string | null;
  weekly_report: boolean;
  share_with_parent: boolean;
  streak: number;
  best_streak: number;
  last_active_date: string | null;
  active_days: number;
  freezes: number;
  freezes_just_used: number;
  unanswered_run: number;
  last_weekly_date: string | null;
  grade_asked_year: number | null;
  push_days: PushDays;
}

export const PROFILE_COLUMNS = `person_id, grade, subjects, delivery_minute, question_count, status, starts_on::text AS starts_on,
  resume_on::text AS resume_on, weekly_report, share_with_parent, streak, best_streak, last_active_date::text AS last_active_date,
  active_days, freezes, freezes_just_used, unanswered_run, last_weekly_date::text AS last_weekly_date, grade_asked_year, push_days`;

export const toProfile = (r: ProfileRow): QuizProfile => ({
  personId: r.person_id,
  grade: r.grade,
  subjects: r.subjects,
  deliveryMinute: r.delivery_minute,
  questionCount: r.question_count === 5 ? 5 : 3,
  status: r.status,
  startsOn: r.starts_on,
  resumeOn: r.resume_on,
  weeklyReport: r.weekly_report,
  shareWithParent: r.share_with_parent,
  streak: {
    streak: r.streak,
    best: r.best_streak,
    lastActiveDate: r.last_active_date,
    activeDays: r.active_days,
    freezes: r.freezes,
  },
  freezesJustUsed: r.freezes_just_used,
  unansweredRun: r.unanswered_run,
  lastWeeklyDate: r.last_weekly_date,
  gradeAskedYear: r.grade_asked_year,
  pushDays: r.push_days,
});

/** The profile of a person, or null when they never set the quiz up. */
export async function loadProfile(db: Queryable, personId: string): Promise<QuizProfile | null> {
  const { rows } = await db.query<ProfileRow>(
    `SELECT ${PROFILE_COLUMNS} FROM quiz_profiles WHERE person_id = $1`,
    [personId],
  );
  return rows[0] ? toProfile(rows[0]) : null;
}

/** Settings chosen in the subscription dialog. */
export interface QuizSettings {
  grade: Grade;
  subjects: Subject[];
  deliveryMinute: number;
  questionCount: 3 | 5;
  status: QuizStatus;
  startsOn: string;
  shareWithParent: boolean;
  gradeAskedYear: number;
}

/** Creates or updates the settings; progress (streak, cards) is kept. */
export async function saveSettings(
  tx: Queryable,
  personId: string,
  s: QuizSettings,
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO quiz_profiles (person_id, grade, subjects, delivery_minute, question_count, status, starts_on, share_with_parent, grade_asked_year, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (person_id) DO UPDATE SET grade = $2, subjects = $3, delivery_minute = $4, question_count = $5, status = $6,
       starts_on = $7, share_with_parent = $8, grade_asked_year = $9, resume_on = NULL, updated_at = $10`,
    [
      personId,
      s.grade,
      s.subjects,
      s.deliveryMinute,
      s.questionCount,
      s.status,
      s.startsOn,
      s.shareWithParent,
      s.gradeAskedYear,
      now,
    ],
  );
}

/** Changes a few profile fields. */
export async function patchProfile(
  tx: Queryable,
  personId: string,
  patch: Partial<{
    status: QuizStatus;
    resumeOn: string | null;
    weeklyReport: boolean;
    shareWithParent: boolean;
    grade: Grade;
    gradeAskedYear: number;
    pushDays: PushDays;
    subjects: Subject[];
    deliveryMinute: number;
    questionCount: 3 | 5;
  }>,
  now: Date,
): Promise<void> {
  const columns: [string, unknown][] = [];
  if (patch.status !== undefined) columns.push(['status', patch.status]);
  if (patch.resumeOn !== undefined) columns.push(['resume_on', patch.resumeOn]);
  if (patch.weeklyReport !== undefined) columns.push(['weekly_report', patch.weeklyReport]);
  if (patch.shareWithParent !== undefined) columns.push(['share_with_parent', patch.shareWithParent]);
  if (patch.grade !== undefined) columns.push(['grade', patch.grade]);
  if (patch.gradeAskedYear !== undefined) columns.push(['grade_asked_year', patch.gradeAskedYear]);
  if (patch.pushDays !== undefined) columns.push(['push_days', patch.pushDays]);
  if (patch.subjects !== undefined) columns.push(['subjects', patch.subjects]);
  if (patch.deliveryMinute !== undefined) columns.push(['delivery_minute', patch.deliveryMinute]);
  if (patch.questionCount !== undefined) columns.push(['question_count', patch.questionCount]);
  if (columns.length === 0) return;
  const sets = columns.map(([c], i) => `${c} = $${i + 3}`).join(', ');
  await tx.query(`UPDATE quiz_profiles SET ${sets}, updated_at = $2 WHERE person_id = $1`, [
    personId,
    now,
    ...columns.map(([, v]) => v),
  ]);
}

interface CardRow {
  person_id: string;
  item_id: string;
  card: Record<string, unknown>;
  right_count: number;
  wrong_count: number;
}

/** Cards of several students, keyed by person. */
export async function loadCards(
  db: Queryable,
  personIds: string[],
): Promise<Map<string, (StudentCard & { right: number; wrong: number })[]>> {
  const byPerson = new Map<string, (StudentCard & { right: number; wrong: number })[]>();
  if (personIds.length === 0) return byPerson;
  const { rows } = await db.query<CardRow>(
    'SELECT person_id, item_id, card, right_count, wrong_count FROM quiz_cards WHERE person_id = ANY($1::uuid[])',
    [personIds],
  );
  for (const r of rows) {
    const list = byPerson.get(r.person_id) ?? [];
    list.push({ itemId: r.item_id, card: cardFromJson(r.card), right: r.right_count, wrong: r.wrong_count });
    byPerson.set(r.person_id, list);
  }
  return byPerson;
}

/** One student's card for one item (null when never answered). */
export async function loadCard(db: Queryable, personId: string, itemId: string): Promise<Card | null> {
  const { rows } = await db.query<{ card: Record<string, unknown> }>(
    'SELECT card FROM quiz_cards WHERE person_id = $1 AND item_id = $2',
    [personId, itemId],
  );
  return rows[0] ? cardFromJson(rows[0].card) : null;
}

/** Share of right answers over the last 14 days, when there are at least 6 answers. */
export async function recentAccuracy(
  db: Queryable,
  personIds: string[],
  now: Date,
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (personIds.length === 0) return result;
  const { rows } = await db.query<{ person_id: string; accuracy: number; n: number }>(
    `SELECT person_id, avg(CASE WHEN correct THEN 1.0 ELSE 0.0 END)::float8 AS accuracy, count(*)::int AS n
       FROM quiz_answers WHERE person_id = ANY($1::uuid[]) AND answered_at > $2 GROUP BY person_id`,
    [personIds, new Date(now.getTime() - 14 * 86_400_000)],
  );
  for (const r of rows) if (r.n >= 6) result.set(r.person_id, Number(r.accuracy));
  return result;
}

/** One graded answer to store with its consequences (card, streak, delivery position). */
export interface AnswerRecord {
  personId: string;
  sessionKey: string;
  itemId: string;
  subject: string;
  unit: string;
  correct: boolean;
  quizDate: string;
  at: Date;
  card: Card;
  /** The new streak, when this is the first answer of the day. */
  streak?: StreakState;
  /** Position reached in the day's delivery (daily sessions). */
  deliveryPosition?: number;
}

/** Writes an answer once per session and item; the card and streak only when the answer is new. */
export async function recordAnswer(tx: Queryable, r: AnswerRecord): Promise<boolean> {
  const inserted = await tx.query(
    `INSERT INTO quiz_answers (person_id, session_key, item_id, subject, unit, correct, quiz_date, answered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (person_id, session_key, item_id) DO NOTHING`,
    [r.personId, r.sessionKey, r.itemId, r.subject, r.unit, r.correct, r.quizDate, r.at],
  );
  if (inserted.rowCount === 0) return false;
  await tx.query(
    `INSERT INTO quiz_cards (person_id, item_id, card, due, right_count, wrong_count, last_answer_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (person_id, item_id) DO UPDATE SET card = $3, due = $4, right_count = quiz_cards.right_count + $5,
       wrong_count = quiz_cards.wrong_count + $6, last_answer_at = $7`,
    [
      r.personId,
      r.itemId,
      JSON.stringify(cardToJson(r.card)),
      r.card.due,
      r.correct ? 1 : 0,
      r.correct ? 0 : 1,
      r.at,
    ],
  );
  if (r.streak) {
    const s = r.streak;
    await tx.query(
      `UPDATE quiz_profiles SET streak = $2, best_streak = $3, last_active_date = $4, active_days = $5, freezes = $6,
         unanswered_run = 0, freezes_just_used = 0 WHERE person_id = $1`,
      [r.personId, s.streak, s.best, s.lastActiveDate, s.activeDays, s.freezes],
    );
  } else {
    await tx.query(
      'UPDATE quiz_profiles SET unanswered_run = 0 WHERE person_id = $1 AND unanswered_run <> 0',
      [r.personId],
    );
  }
  if (r.deliveryPosition !== undefined) {
    await tx.query(
      `UPDATE quiz_deliveries SET position = greatest(position, $3), correct = correct + $4,
         finished_at = CASE WHEN greatest(position, $3) >= cardinality(items) THEN coalesce(finished_at, $5) ELSE finished_at END
       WHERE person_id = $1 AND quiz_date = $2`,
      [r.personId, r.quizDate, r.deliveryPosition, r.correct ? 1 : 0, r.at],
    );
  }
  return true;
}

/** Whether an item was already answered in a session. */
export async function wasAnswered(
  db: Queryable,
  personId: string,
  sessionKey: string,
  itemId: string,
): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM quiz_answers WHERE person_id = $1 AND session_key = $2 AND item_id = $3',
    [personId, sessionKey, itemId],
  );
  return rows.length > 0;
}

/** A day's delivery row. */
export interface Delivery {
  quizDate: string;
  status: 'sent' | 'pulled' | 'nudge' | 'skipped' | 'rested';
  reason: string | null;
  items: string[];
  position: number;
  correct: number;
}

interface DeliveryRow {
  quiz_date: string;
  status: Delivery['status'];
  reason: string | null;
  items: string[];
  position: number;
  correct: number;
}

const toDelivery = (r: DeliveryRow): Delivery => ({
  quizDate: r.quiz_date,
  status: r.status,
  reason: r.reason,
  items: r.items ?? [],
  position: r.position,
  correct: r.correct,
});

const DELIVERY_COLUMNS = 'quiz_date::text AS quiz_date, status, reason, items, position, correct';

/** The delivery of one Korean day. */
export async function loadDelivery(db: Queryable, personId: string, date: string): Promise<Delivery | null> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM quiz_deliveries WHERE person_id = $1 AND quiz_date = $2`,
    [personId, date],
  );
  return rows[0] ? toDelivery(rows[0]) : null;
}

/** The most recent delivery that held `itemId` (an old button's own quiz). */
export async function deliveryWithItem(
  db: Queryable,
  personId: string,
  itemId: string,
): Promise<Delivery | null> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM quiz_deliveries WHERE person_id = $1 AND $2 = ANY(items) ORDER BY quiz_date DESC LIMIT 1`,
    [personId, itemId],
  );
  return rows[0] ? toDelivery(rows[0]) : null;
}

/**
 * Stores the day's set the student asked for before the push ("pulled"); an existing row keeps
 * its status and takes the items only if it had none (a late skip or a nudge).
 */
export async function storePulledSet(
  tx: Queryable,
  personId: string,
  date: string,
  items: string[],
  now: Date,
): Promise<void> {
  await tx.query(
    `INSERT INTO quiz_deliveries (person_id, quiz_date, status, items, created_at) VALUES ($1, $2, 'pulled', $3, $4)
     ON CONFLICT (person_id, quiz_date) DO UPDATE SET items = $3, position = 0, correct = 0
       WHERE cardinality(quiz_deliveries.items) = 0`,
    [personId, date, items, now],
  );
}

/** Days in (from, to) we did not deliver on (too late, a support case, a failed send): never a broken streak. */
export async function excusedDays(
  db: Queryable,
  personId: string,
  from: string | null,
  to: string,
  calendar: HolidayCalendar = defaultHolidays(),
): Promise<Set<string>> {
  if (!from || from >= to) return new Set();
  // Days without a push (weekends, holidays) never break a school-days student's streak.
  const profile = await db.query<{ push_days: PushDays }>(
    'SELECT push_days FROM quiz_profiles WHERE person_id = $1',
    [personId],
  );
  const daysOff =
    (profile.rows[0]?.push_days ?? 'school') === 'school' ? daysOffBetween(from, to, calendar) : [];
  const { rows } = await db.query<{ quiz_date: string }>(
    `SELECT d.quiz_date::text AS quiz_date FROM quiz_deliveries d
       LEFT JOIN outbox o ON o.idempotency_key = 'quiz:' || d.person_id::text || ':' || d.quiz_date::text
      WHERE d.person_id = $1 AND d.quiz_date > $2 AND d.quiz_date < $3
        AND ((d.status = 'skipped' AND d.reason IN ('late', 'support_case')) OR o.status IN ('failed', 'cancelled'))`,
    [personId, from, to],
  );
  return new Set([...daysOff, ...rows.map((r) => r.quiz_date)]);
}

/** Stores a "문제 신고". */
export async function storeReport(
  tx: Queryable,
  personId: string | null,
  itemId: string,
  reason: string,
  now: Date,
): Promise<void> {
  await tx.query(
    'INSERT INTO quiz_reports (person_id, item_id, reason, created_at) VALUES ($1, $2, $3, $4)',
    [personId, itemId, reason, now],
  );
}

/** The operators' review list: open reports grouped by item, most reported first. */
export async function listReports(
  db: Database,
  limit: number,
): Promise<{ itemId: string; reports: number; reasons: Record<string, number>; lastAt: string }[]> {
  const { rows } = await db.query<{ item_id: string; reason: string; n: number; last_at: Date }>(
    `SELECT item_id, reason, count(*)::int AS n, max(created_at) AS last_at FROM quiz_reports WHERE status = 'open' GROUP BY item_id, reason`,
  );
  const byItem = new Map<
    string,
    { itemId: string; reports: number; reasons: Record<string, number>; lastAt: string }
  >();
  for (const r of rows) {
    const entry = byItem.get(r.item_id) ?? {
      itemId: r.item_id,
      reports: 0,
      reasons: {},
      lastAt: new Date(0).toISOString(),
    };
    entry.reports += r.n;
    entry.reasons[r.reason] = r.n;
    const at = new Date(r.last_at).toISOString();
    if (at > entry.lastAt) entry.lastAt = at;
    byItem.set(r.item_id, entry);
  }
  return [...byItem.values()]
    .sort((a, b) => b.reports - a.reports || a.itemId.localeCompare(b.itemId))
    .slice(0, limit);
}

/** The reachable identity to push to (most recently used), or null. */
export interface PushTarget {
  channel: Channel;
  channelUserId: string;
}
