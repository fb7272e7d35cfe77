import type { Database } from '../../bot/db/database';
import { joinReplies, textReply } from '../../bot/dialog/reply';
import type { Logger } from '../../bot/logger';
import type { Reply } from '../../bot/messages';
import type { Metrics } from '../../bot/metrics';
import type { ChannelSender, OutboxRow, SendContext, SendResult } from '../../bot/outbox-worker';
import type { TextsByLanguage } from '../../bot/texts-loader';
import type { Composed } from './answer';
import {
  getKakaoTask,
  KAKAO_EVENT_MAX_USERS,
  KakaoEventApiError,
  sendKakaoEvent,
  type KakaoEventApi,
  type KakaoTaskStatus,
} from './event-api';
import type { KakaoHeldStore } from './held-store';
import type { KakaoRequestFacts } from './skill-payload';

/**
 * Proactive Kakao messages: an outbox row becomes an Event API send (at most 100 users a call);
 * Kakao then calls our event block, which serves what is queued. A row Kakao cannot deliver (not
 * a channel friend, refused, unserved) is held for the user's next message.
 */

export interface KakaoEventSenderDeps {
  db: Database;
  log: Logger;
  metrics: Metrics;
  texts: TextsByLanguage;
  clock: () => Date;
  store: Pick<KakaoHeldStore, 'hold' | 'takeHeld' | 'languageOf'>;
  /** Absent: no Event API configured, every proactive message is held. */
  eventApi?: KakaoEventApi;
  /** When to ask Kakao how an Event API send went. */
  taskCheckDelayMs: number;
  /** Another outbox row for the same user joins an Event API send made this recently. */
  eventJoinMs: number;
  who: (botUserKey: string) => string;
}

interface TaskRow {
  outbox_id: string;
  task_id: string;
  served_at: Date | null;
}

/** A send Kakao refused for good (a 4xx other than 429): retrying would be refused again. */
export const isRefusal = (error: unknown): boolean =>
  error instanceof KakaoEventApiError &&
  error.httpStatus !== null &&
  error.httpStatus >= 400 &&
  error.httpStatus < 500 &&
  error.httpStatus !== 429;

/**
 * What a task's status means for one row of it. With several users in one task, only the users
 * Kakao lists as failed failed (all, if it lists none).
 */
export function taskVerdict(
  channelUserId: string,
  served: boolean,
  status: KakaoTaskStatus,
): 'accepted' | 'unserved' | 'failed' | 'pending' {
  const failing = /FAIL/i.test(status.status) && !status.allSucceeded;
  const failedHere =
    failing && (status.failedUserIds.length === 0 || status.failedUserIds.includes(channelUserId));
  const reached = status.allSucceeded || (failing && !failedHere);
  if (reached) return served ? 'accepted' : 'unserved';
  return failedHere ? 'failed' : 'pending';
}

/** Users among `rows` the Event API can reach (channel friends). */
async function reachableUsers(db: Database, rows: OutboxRow[]): Promise<Set<string>> {
  // The worker's claim brings reachability; look up only rows that came without it.
  const reachable = new Set(rows.filter((r) => r.reachable === true).map((r) => r.channelUserId));
  const unknown = [...new Set(rows.filter((r) => r.reachable === undefined).map((r) => r.channelUserId))];
  if (unknown.length === 0) return reachable;
  const friends = await db.query<{ channel_user_id: string }>(
    `SELECT channel_user_id FROM identities WHERE channel = 'kakao' AND channel_user_id = ANY($1::text[]) AND reachable`,
    [unknown],
  );
  for (const r of friends.rows) reachable.add(r.channel_user_id);
  return reachable;
}

/** Sends not yet served, per user: one event serves everything queued for a user. */
async function joinableTasks(db: Database, users: string[], since: Date): Promise<Map<string, string>> {
  const pending = await db.query<{ channel_user_id: string; task_id: string }>(
    `SELECT DISTINCT ON (o.channel_user_id) o.channel_user_id, t.task_id
       FROM kakao_event_tasks t JOIN outbox o ON o.id = t.outbox_id
      WHERE o.channel = 'kakao' AND o.channel_user_id = ANY($1::text[]) AND t.served_at IS NULL AND t.sent_at > $2`,
    [users, since],
  );
  return new Map(pending.rows.map((r) => [r.channel_user_id, r.task_id]));
}

/** Remembers which task each row was sent with (the status check asks about it later). */
async function recordTasks(
  db: Database,
  rows: OutboxRow[],
  taskFor: Map<string, string>,
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO kakao_event_tasks (outbox_id, task_id, sent_at)
     SELECT x.outbox_id, x.task_id, $3 FROM unnest($1::bigint[], $2::text[]) AS x(outbox_id, task_id)
     ON CONFLICT (outbox_id) DO NOTHING`,
    [rows.map((r) => r.id), rows.map((r) => taskFor.get(r.channelUserId)!), now],
  );
}

/** The event block: Kakao runs it because our Event API send asked it to; serve what is queued. */
export async function serveEventBlock(
  deps: KakaoEventSenderDeps,
  facts: KakaoRequestFacts,
): Promise<Composed> {
  const served = await deps.db.query<{ id: string | number; reply: Reply; subject_id: string | null }>(
    `UPDATE kakao_event_tasks t SET served_at = $2 FROM outbox o
      WHERE o.id = t.outbox_id AND o.channel = 'kakao' AND o.channel_user_id = $1
        AND o.status IN ('pending', 'sending') AND t.served_at IS NULL
     RETURNING o.id, o.reply, o.subject_id`,
    [facts.botUserKey, deps.clock()],
  );
  const replies = served.rows.sort((a, b) => Number(a.id) - Number(b.id)).map((r) => r.reply);
  const held = await deps.store.takeHeld(facts.botUserKey);
  replies.push(...held.replies);
  const subjects = [...served.rows.flatMap((r) => (r.subject_id ? [r.subject_id] : [])), ...held.subjects];
  const language = await deps.store.languageOf(facts.botUserKey, facts.language ?? 'ko');
  const reply =
    replies.length > 0 ? joinReplies(...replies) : textReply(deps.texts[language].t('kakao.nothingNew'));
  deps.log.info({ user: deps.who(facts.botUserKey), served: served.rows.length }, 'kakao event block served');
  return { reply, crisisMessages: 0, language, subjects };
}

/** Creates the Kakao outbox sender and the event block's server. */
export function createKakaoEventSender(deps: KakaoEventSenderDeps): {
  sender: ChannelSender;
  serveEventBlock: (facts: KakaoRequestFacts) => Promise<Composed>;
} {
  const { db, metrics, store, taskCheckDelayMs } = deps;
  const waitForTask = (error: string): SendResult => ({
    status: 'retry',
    error,
    retryAfterMs: taskCheckDelayMs,
  });
  const sentWaiting = waitForTask('kakao event sent; waiting for the task status');

  async function holdRow(row: OutboxRow, reason: string): Promise<SendResult> {
    const kept = await store.hold(row.channelUserId, row.reply, reason, row.subjectId ? [row.subjectId] : []);
    return kept
      ? { status: 'accepted', receipt: `kakao:held:${reason}` }
      : { status: 'failed', reason: 'kakao: no such user to hold the message for' };
  }

  async function afterTask(row: OutboxRow, task: TaskRow, status: KakaoTaskStatus): Promise<SendResult> {
    const verdict = taskVerdict(row.channelUserId, task.served_at !== null, status);
    if (verdict === 'accepted') return { status: 'accepted', receipt: `kakao-task:${task.task_id}` };
    // Reached Kakao but not served by our event block, or Kakao reports a failure: next message.
    if (verdict === 'unserved' || verdict === 'failed') return holdRow(row, `event-${verdict}`);
    return waitForTask(`kakao task ${status.status}`);
  }

  /** One task-status check per task, answering every row sent with it. */
  async function checkTasks(
    api: KakaoEventApi,
    byTask: Map<string, { row: OutboxRow; task: TaskRow }[]>,
    context: SendContext,
    results: Map<string, SendResult>,
  ): Promise<void> {
    for (const [taskId, waiting] of byTask) {
      await context.pace();
      let status: KakaoTaskStatus;
      try {
        status = await getKakaoTask(api, taskId);
      } catch (error) {
        const retry = waitForTask(`kakao task status: ${error instanceof Error ? error.message : 'error'}`);
        for (const { row } of waiting) results.set(row.id, retry);
        continue;
      }
      for (const { row, task } of waiting) results.set(row.id, await afterTask(row, task, status));
    }
  }

  /** Event API calls of up to 100 users; a failed call answers for each of its users. */
  async function sendEvents(
    api: KakaoEventApi,
    users: string[],
    context: SendContext,
    taskFor: Map<string, string>,
  ): Promise<Map<string, SendResult | 'refused'>> {
    const failures = new Map<string, SendResult | 'refused'>();
    for (let i = 0; i < users.length; i += KAKAO_EVENT_MAX_USERS) {
      const chunk = users.slice(i, i + KAKAO_EVENT_MAX_USERS);
      await context.pace();
      try {
        const { taskId } = await sendKakaoEvent(api, chunk);
        metrics.kakaoProactive.inc(chunk.length);
        for (const user of chunk) taskFor.set(user, taskId);
      } catch (error) {
        const result: SendResult | 'refused' = isRefusal(error)
          ? 'refused'
          : { status: 'retry', error: error instanceof Error ? error.message : 'kakao event send failed' };
        for (const user of chunk) failures.set(user, result);
      }
    }
    return failures;
  }

  /** Rows never sent: held (not a friend), joined to a send not yet served, or sent now. */
  async function sendFresh(
    api: KakaoEventApi,
    fresh: OutboxRow[],
    now: Date,
    context: SendContext,
    results: Map<string, SendResult>,
  ): Promise<void> {
    const reachable = await reachableUsers(db, fresh);
    const since = new Date(now.getTime() - deps.eventJoinMs);
    const taskFor = await joinableTasks(db, [...new Set(fresh.map((r) => r.channelUserId))], since);
    const toSend = new Set<string>();
    for (const row of fresh) {
      // Only channel friends can be reached by the Event API.
      if (!reachable.has(row.channelUserId)) results.set(row.id, await holdRow(row, 'not-a-friend'));
      else if (!taskFor.has(row.channelUserId)) toSend.add(row.channelUserId);
    }
    const failures = await sendEvents(api, [...toSend], context, taskFor);
    await recordTasks(
      db,
      fresh.filter((r) => !results.has(r.id) && taskFor.has(r.channelUserId)),
      taskFor,
      now,
    );
    for (const row of fresh) {
      if (results.has(row.id)) continue;
      const failure = failures.get(row.channelUserId);
      if (failure === 'refused') results.set(row.id, await holdRow(row, 'event-refused'));
      else results.set(row.id, failure ?? sentWaiting);
    }
  }

  /**
   * Many rows at once (the quiz fan-out): one task-status check per task, and new sends batched
   * up to 100 botUserKeys per Event API call. A call that fails leaves every row of it to retry.
   */
  async function sendMany(
    rows: OutboxRow[],
    now: Date,
    context: SendContext,
  ): Promise<Map<string, SendResult>> {
    const results = new Map<string, SendResult>();
    const api = deps.eventApi;
    if (!api) {
      for (const row of rows) results.set(row.id, await holdRow(row, 'proactive'));
      return results;
    }
    const tasks = await db.query<TaskRow>(
      'SELECT outbox_id::text AS outbox_id, task_id, served_at FROM kakao_event_tasks WHERE outbox_id = ANY($1::bigint[])',
      [rows.map((r) => r.id)],
    );
    const taskOf = new Map(tasks.rows.map((t) => [t.outbox_id, t]));
    const byTask = new Map<string, { row: OutboxRow; task: TaskRow }[]>();
    const fresh: OutboxRow[] = [];
    for (const row of rows) {
      const task = taskOf.get(String(row.id));
      if (!task) fresh.push(row);
      else byTask.set(task.task_id, [...(byTask.get(task.task_id) ?? []), { row, task }]);
    }
    await checkTasks(api, byTask, context, results);
    if (fresh.length > 0) await sendFresh(api, fresh, now, context, results);
    return results;
  }

  // The worker paced the one request a single row costs (a status check or a send).
  const unpaced: SendContext = { pace: async () => undefined };

  const sender: ChannelSender = {
    sendMany,
    groupBy: 'purpose',
    async send(row, now) {
      const results = await sendMany([row], now, unpaced);
      return results.get(row.id) ?? sentWaiting;
    },
  };

  return { sender, serveEventBlock: (facts) => serveEventBlock(deps, facts) };
}
