import { addDays, isPushMinute, seoulInstant, seoulParts } from '../../bot/calendar';
import { defaultHolidays, type HolidayCalendar } from '../../bot/holidays';
import type { Database, Queryable } from '../../bot/db/database';
import type { Logger } from '../../bot/logger';
import type { Channel, Reply } from '../../bot/messages';
import type { Outbox, OutboxItem } from '../../bot/outbox';
import type { Language } from '../../bot/people';
import type { TextsByLanguage } from '../../bot/texts-loader';
import type { Grade, QuestionBank, QuizItem, Subject } from '../../knowledge/quiz/bank';
import { diagnose, renderDiagnosis, renderParentSummary } from './learning';
import { joinReplies, questionReply, textReply } from './render';
import { chooseDailySet, type DailySet } from './scheduler';
import { setNotes } from './set-notes';
import { END_MINUTE } from './settings';
import { loadCards, loadProfile, recentAccuracy } from './store';

/**
 * Daily delivery: `runDue(now)` finds who is due (their Seoul delivery time passed today and
 * nothing was decided for today), and each batch of ~500 claims its users with one INSERT into
 * quiz_deliveries keyed (person_id, quiz_date) and bulk-enqueues the outbox rows in the same
 * transaction. Whoever inserts the row sends; a restart or a second instance finds the key taken.
 */

export const BATCH_SIZE = 500;
/** Batches delivered at once by `deliverBatches` (two: one computing while the other commits). */
export const FANOUT_LANES = 2;
/** Nudge after this many ignored quizzes in a row; then at most once a week. */
export const IGNORED_BEFORE_NUDGE = 3;
const NUDGE_EVERY_DAYS = 7;
const WEEKLY_MINUTE = 19 * 60;
const WEEKLY_PER_TICK = 500;

export interface DeliveryDeps {
  db: Database;
  outbox: Outbox;
  texts: TextsByLanguage;
  log: Logger;
  bank: QuestionBank;
  /** Public holidays for push days (default: knowledge/calendar/holidays.yaml). */
  calendar?: HolidayCalendar;
  /** Test hook: runs inside each batch's transaction before it commits (a crash mid-fan-out). */
  beforeBatchCommit?: (personIds: string[]) => Promise<void> | void;
}

/** Whether the (future) support capability's table exists; until it lands nobody has a case. */
async function hasSupportCases(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ present: boolean }>(
    `SELECT to_regclass('support_cases') IS NOT NULL AS present`,
  );
  return rows[0]?.present === true;
}

/** People whose delivery time has passed today and who have no delivery row for today. */
export async function findDue(
  db: Queryable,
  today: string,
  minuteOfDay: number,
  limit: number,
  calendar: HolidayCalendar = defaultHolidays(),
): Promise<string[]> {
  const { rows } = await db.query<{ person_id: string }>(
    `SELECT p.person_id::text AS person_id FROM quiz_profiles p
      WHERE p.status = 'active' AND p.delivery_minute <= $2 AND p.starts_on <= $1::date
        AND (p.resume_on IS NULL OR p.resume_on <= $1::date) AND (p.push_days = 'every' OR $4::boolean)
        AND NOT EXISTS (SELECT 1 FROM quiz_deliveries d WHERE d.person_id = p.person_id AND d.quiz_date = $1::date)
      ORDER BY p.person_id LIMIT $3`,
    [today, minuteOfDay, limit, calendar.isSchoolDay(today)],
  );
  return rows.map((r) => r.person_id);
}

/**
 * Records "skipped by us" for subscribers who got nothing on `date` (21:00 passed, or the service
 * was down): never moved to the morning, never a broken streak, and an apology next time.
 */
export async function skipUndelivered(
  db: Queryable,
  date: string,
  now: Date,
  calendar: HolidayCalendar = defaultHolidays(),
): Promise<number> {
  // A day without a push for this student (weekend, holiday) is not a day we missed.
  const result = await db.query(
    `INSERT INTO quiz_deliveries (person_id, quiz_date, status, reason, created_at)
     SELECT p.person_id, $1::date, 'skipped', 'late', $2 FROM quiz_profiles p
      WHERE p.status = 'active' AND p.starts_on <= $1::date AND (p.resume_on IS NULL OR p.resume_on <= $1::date)
        AND (p.push_days = 'every' OR $3::boolean)
     ON CONFLICT (person_id, quiz_date) DO NOTHING`,
    [date, now, calendar.isSchoolDay(date)],
  );
  return result.rowCount;
}

interface DueRow {
  person_id: string;
  grade: Grade;
  subjects: Subject[];
  question_count: number;
  unanswered_run: number;
  language: Language;
  channel: Channel | null;
  channel_user_id: string | null;
  y_status: string | null;
  y_reason: string | null;
  y_outbox: string | null;
  last_push: string | null;
  case_open: boolean;
}

type Decision =
  | { kind: 'quiz'; set: DailySet }
  | { kind: 'nudge' }
  | { kind: 'skipped'; reason: 'support_case' | 'unreachable' | 'empty' }
  | { kind: 'rested' };

/** What today holds for one due student. */
function decide(row: DueRow, today: string, set: () => DailySet): Decision {
  if (row.case_open) return { kind: 'skipped', reason: 'support_case' };
  if (!row.channel || !row.channel_user_id) return { kind: 'skipped', reason: 'unreachable' };
  if (row.unanswered_run >= IGNORED_BEFORE_NUDGE) {
    const quietLongEnough = !row.last_push || row.last_push <= addDays(today, -NUDGE_EVERY_DAYS);
    return row.unanswered_run === IGNORED_BEFORE_NUDGE || quietLongEnough
      ? { kind: 'nudge' }
      : { kind: 'rested' };
  }
  const chosen = set();
  return chosen.items.length > 0 ? { kind: 'quiz', set: chosen } : { kind: 'skipped', reason: 'empty' };
}

/** The pushed quiz: greeting (with yesterday's apology), notes, and the first question. */
function quizReply(deps: DeliveryDeps, row: DueRow, set: DailySet, apology: boolean): Reply {
  const t = deps.texts[row.language];
  const lead = [t.t('quiz.intro', { count: set.items.length })];
  if (apology) lead.unshift(t.t('quiz.apologyMissed'));
  lead.push(...setNotes(t, set, row.grade));
  const first = deps.bank.byId.get(set.items[0] as string) as QuizItem;
  return joinReplies(
    textReply(lead.join('\n')),
    questionReply(t, first, 0, set.items.length, set.reviews > 0),
  );
}

function nudgeReply(deps: DeliveryDeps, row: DueRow, apology: boolean): Reply {
  const t = deps.texts[row.language];
  const lines = [t.t('quiz.nudge')];
  if (apology) lines.unshift(t.t('quiz.apologyMissed'));
  return textReply(lines.join('\n'), [
    { label: t.t('core.menuItems.quiz'), postback: 'quiz:start' },
    { label: t.t('quiz.buttons.later'), postback: 'quiz:later' },
  ]);
}

/**
 * Delivers one batch in one transaction: re-checks who is still due, chooses each set, claims the
 * day with INSERT … ON CONFLICT DO NOTHING, and enqueues only the rows it claimed.
 * Returns how many days it claimed and how many quizzes (and nudges) it enqueued.
 */
export async function deliverBatch(
  deps: DeliveryDeps,
  personIds: string[],
  now: Date,
): Promise<{ claimed: number; enqueued: number }> {
  const none = { claimed: 0, enqueued: 0 };
  if (personIds.length === 0) return none;
  const { date: today, minuteOfDay } = seoulParts(now);
  if (!isPushMinute(minuteOfDay)) return none;
  const yesterday = addDays(today, -1);
  const ids = [...personIds].sort();
  const support = await hasSupportCases(deps.db);
  const caseColumn = support
    ? `EXISTS (SELECT 1 FROM support_cases c WHERE c.person_id = p.person_id AND c.status = 'open')`
    : 'false';
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<DueRow>(
      `SELECT p.person_id::text AS person_id, p.grade, p.subjects, p.question_count, p.unanswered_run, pe.language,
              i.channel, i.channel_user_id, y.status AS y_status, y.reason AS y_reason, yo.status AS y_outbox,
              (SELECT max(l.quiz_date)::text FROM quiz_deliveries l WHERE l.person_id = p.person_id AND l.status IN ('sent', 'nudge')) AS last_push,
              ${caseColumn} AS case_open
         FROM quiz_profiles p
         JOIN people pe ON pe.id = p.person_id
         LEFT JOIN LATERAL (SELECT channel, channel_user_id FROM identities
                             WHERE person_id = p.person_id AND reachable ORDER BY last_seen_at DESC LIMIT 1) i ON true
         LEFT JOIN quiz_deliveries y ON y.person_id = p.person_id AND y.quiz_date = $3::date
         LEFT JOIN outbox yo ON yo.idempotency_key = 'quiz:' || p.person_id::text || ':' || $3::text
        WHERE p.person_id = ANY($1::uuid[]) AND p.status = 'active' AND p.starts_on <= $2::date
          AND (p.resume_on IS NULL OR p.resume_on <= $2::date) AND (p.push_days = 'every' OR $4::boolean)
          AND NOT EXISTS (SELECT 1 FROM quiz_deliveries d WHERE d.person_id = p.person_id AND d.quiz_date = $2::date)
        ORDER BY p.person_id`,
      [ids, today, yesterday, (deps.calendar ?? defaultHolidays()).isSchoolDay(today)],
    );
    if (rows.length === 0) return none;
    const candidates = rows.map((r) => r.person_id);
    const cards = await loadCards(tx, candidates);
    const accuracy = await recentAccuracy(tx, candidates, now);

    const decisions = rows.map((row) => ({
      row,
      decision: decide(row, today, () =>
        chooseDailySet({
          bank: deps.bank,
          grade: row.grade,
          subjects: row.subjects,
          count: row.question_count,
          cards: cards.get(row.person_id) ?? [],
          now,
          today,
          seed: row.person_id,
          accuracy: accuracy.get(row.person_id) ?? null,
        }),
      ),
    }));
    const status = (d: Decision) => (d.kind === 'quiz' ? 'sent' : d.kind);
    const claimed = await tx.query<{ person_id: string }>(
      `INSERT INTO quiz_deliveries (person_id, quiz_date, status, reason, items, created_at)
       SELECT x.person_id::uuid, $1::date, x.status, x.reason,
              CASE WHEN x.items = '' THEN '{}'::text[] ELSE string_to_array(x.items, ',') END, $2
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS x(person_id, status, reason, items)
       ON CONFLICT (person_id, quiz_date) DO NOTHING
       RETURNING person_id::text AS person_id`,
      [
        today,
        now,
        decisions.map((d) => d.row.person_id),
        decisions.map((d) => status(d.decision)),
        decisions.map((d) => (d.decision.kind === 'skipped' ? d.decision.reason : null)),
        decisions.map((d) => (d.decision.kind === 'quiz' ? d.decision.set.items.join(',') : '')),
      ],
    );
    const ours = new Set(claimed.rows.map((r) => r.person_id));
    const items: OutboxItem[] = [];
    const pushed: string[] = [];
    const expiresAt = seoulInstant(today, '21:00');
    for (const { row, decision } of decisions) {
      if (!ours.has(row.person_id) || (decision.kind !== 'quiz' && decision.kind !== 'nudge')) continue;
      const apology =
        (row.y_status === 'skipped' && row.y_reason === 'late') ||
        row.y_outbox === 'failed' ||
        row.y_outbox === 'cancelled';
      items.push({
        personId: row.person_id,
        channel: row.channel as Channel,
        channelUserId: row.channel_user_id as string,
        reply:
          decision.kind === 'quiz'
            ? quizReply(deps, row, decision.set, apology)
            : nudgeReply(deps, row, apology),
        purpose: decision.kind === 'quiz' ? 'quiz' : 'nudge',
        idempotencyKey: `quiz:${row.person_id}:${today}`,
        // Not accepted by 21:00 → given up: a quiz is never pushed at night or moved to the morning.
        expiresAt,
      });
      pushed.push(row.person_id);
    }
    if (pushed.length > 0) {
      await tx.query(
        'UPDATE quiz_profiles SET unanswered_run = unanswered_run + 1 WHERE person_id = ANY($1::uuid[])',
        [pushed],
      );
      await deps.outbox.enqueueMany(tx, items);
    }
    await deps.beforeBatchCommit?.(ids);
    return { claimed: ours.size, enqueued: items.length };
  });
}

/**
 * Delivers `ids` batch by batch with `lanes` batches in flight: one batch chooses its sets (CPU)
 * while another waits for its statements and commit, so the outbox fills (and the worker can start
 * sending) sooner. Each batch is its own transaction, exactly as `deliverBatch`; `afterBatch` runs
 * after each one committed.
 */
export async function deliverBatches(
  deps: DeliveryDeps,
  ids: readonly string[],
  now: Date,
  afterBatch: (result: { claimed: number; enqueued: number }) => void = () => undefined,
  lanes = FANOUT_LANES,
): Promise<{ claimed: number; enqueued: number }> {
  const all = batches(ids);
  const total = { claimed: 0, enqueued: 0 };
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    for (let batch = all[next++]; batch !== undefined && !failed; batch = all[next++]) {
      try {
        const result = await deliverBatch(deps, batch, now);
        total.claimed += result.claimed;
        total.enqueued += result.enqueued;
        afterBatch(result);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  // When one batch fails, the others finish the batch they hold (commit or roll back) and take no
  // new one; only then does the tick fail, so no transaction is left running behind the caller.
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(lanes, all.length) }, lane));
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure) throw failure.reason;
  return total;
}

/** Splits ids into batches of `size`. */
export function batches<T>(ids: readonly T[], size = BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

interface WeeklyRow {
  person_id: string;
  language: Language;
  channel: Channel | null;
  channel_user_id: string | null;
  share_with_parent: boolean;
  case_open: boolean;
}

/**
 * The Sunday 19:00 diagnosis to students who kept it on and answered something this week, and
 * the quiz summary to linked parents the student agreed to share with. Each student once a
 * week (last_weekly_date in the same transaction as the outbox rows).
 */
export async function sendWeekly(deps: DeliveryDeps, now: Date): Promise<number> {
  const { date: today, weekday, minuteOfDay } = seoulParts(now);
  if (weekday !== 0 || minuteOfDay < WEEKLY_MINUTE || minuteOfDay >= END_MINUTE) return 0;
  const support = await hasSupportCases(deps.db);
  const caseColumn = support
    ? `EXISTS (SELECT 1 FROM support_cases c WHERE c.person_id = p.person_id AND c.status = 'open')`
    : 'false';
  const expiresAt = seoulInstant(today, '21:00');
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<WeeklyRow>(
      `SELECT p.person_id::text AS person_id, pe.language, i.channel, i.channel_user_id, p.share_with_parent, ${caseColumn} AS case_open
         FROM quiz_profiles p JOIN people pe ON pe.id = p.person_id
         LEFT JOIN LATERAL (SELECT channel, channel_user_id FROM identities
                             WHERE person_id = p.person_id AND reachable ORDER BY last_seen_at DESC LIMIT 1) i ON true
        WHERE p.weekly_report AND (p.last_weekly_date IS NULL OR p.last_weekly_date < $1::date)
        ORDER BY p.person_id LIMIT $2 FOR UPDATE OF p SKIP LOCKED`,
      [today, WEEKLY_PER_TICK],
    );
    const items: OutboxItem[] = [];
    for (const row of rows) {
      if (row.case_open || !row.channel || !row.channel_user_id) continue;
      const d = await diagnose(tx, row.person_id, now);
      if (d.total === 0) continue;
      const profile = await loadProfile(tx, row.person_id);
      const t = deps.texts[row.language];
      items.push({
        personId: row.person_id,
        channel: row.channel,
        channelUserId: row.channel_user_id,
        reply: textReply(
          `${renderDiagnosis(t, d, profile, t.t('quiz.weekly.title'))}\n${t.t('quiz.weekly.optOut')}`,
          [{ label: t.t('quiz.buttons.start'), postback: 'quiz:start' }],
        ),
        purpose: 'report',
        idempotencyKey: `quiz-week:${row.person_id}:${today}`,
        expiresAt,
      });
      if (!row.share_with_parent || !profile) continue;
      const parents = await tx.query<{
        parent: string;
        language: Language;
        channel: Channel;
        channel_user_id: string;
      }>(
        `SELECT l.from_person::text AS parent, pe.language, i.channel, i.channel_user_id
           FROM links l JOIN people pe ON pe.id = l.from_person
           JOIN LATERAL (SELECT channel, channel_user_id FROM identities
                          WHERE person_id = l.from_person AND reachable ORDER BY last_seen_at DESC LIMIT 1) i ON true
          WHERE l.kind = 'parent_child' AND l.status = 'active' AND l.to_person = $1`,
        [row.person_id],
      );
      for (const parent of parents.rows) {
        const pt = deps.texts[parent.language];
        items.push({
          personId: parent.parent,
          channel: parent.channel,
          channelUserId: parent.channel_user_id,
          reply: textReply(renderParentSummary(pt, d, profile)),
          purpose: 'report',
          idempotencyKey: `quiz-week-parent:${parent.parent}:${row.person_id}:${today}`,
          expiresAt,
        });
      }
    }
    if (rows.length > 0) {
      await tx.query(
        'UPDATE quiz_profiles SET last_weekly_date = $2::date WHERE person_id = ANY($1::uuid[])',
        [rows.map((r) => r.person_id), today],
      );
    }
    await deps.outbox.enqueueMany(tx, items);
    return items.length;
  });
}
