import { Counter } from 'prom-client';
import { addDays, seoulParts } from '../../bot/calendar';
import type { Capability, HostDeps } from '../../bot/capability';
import { crashPoint } from '../../bot/crash-points';
import type { JobQueue } from '../../bot/jobs';
import type { Metrics } from '../../bot/metrics';
import type { QuestionBank } from '../../knowledge/quiz/bank';
import { loadQuizBank } from '../../knowledge/quiz/full-bank';
import {
  batches,
  BATCH_SIZE,
  deliverBatch,
  deliverBatches,
  findDue,
  sendWeekly,
  skipUndelivered,
  type DeliveryDeps,
} from './delivery';
import { interceptPushedAnswer, quizFlow } from './flow';
import type { QuizKit } from './kit';
import { reportFlow } from './reports';
import { END_MINUTE, FIRST_MINUTE } from './settings';
import { listReports } from './store';

/** Options for tests and operators. */
export interface QuizOptions {
  /** The question bank (default: knowledge/quiz/bank, retired items from knowledge/quiz/retired.yaml). */
  bank?: QuestionBank;
  /** Test hook: runs inside each delivery batch's transaction before it commits. */
  beforeBatchCommit?: DeliveryDeps['beforeBatchCommit'];
}

const FANOUT_QUEUE = 'quiz-fanout';

/**
 * Creates the daily quiz capability: the quiz and problem-report flows (flow.ts, reports.ts), the
 * typed answer to a pushed question, and the due work (fan-out, weekly summaries, skipped days).
 */
export function createQuizCapability(
  deps: HostDeps & { jobs?: JobQueue; metrics: Metrics },
  options: QuizOptions = {},
): Capability {
  const bank = options.bank ?? loadQuizBank();
  const kit: QuizKit = { bank, session: { bank } };
  const deliveryDeps: DeliveryDeps = {
    db: deps.db,
    outbox: deps.outbox,
    texts: deps.texts,
    log: deps.log,
    bank,
    beforeBatchCommit: options.beforeBatchCommit,
  };
  const delivered = new Counter({
    name: 'bot_quiz_pushes_total',
    help: 'Daily quizzes and nudges enqueued',
    registers: [deps.metrics.registry],
  });
  let jobsReady = false;
  let skippedFor = '';
  let lateSkippedFor = '';

  // ── due work ────────────────────────────────────────────────────────────────────────────────

  async function fanOut(now: Date): Promise<void> {
    const { date: today, minuteOfDay } = seoulParts(now);
    if (deps.jobs) {
      const due = await findDue(deps.db, today, minuteOfDay, 100 * BATCH_SIZE);
      for (const batch of batches(due)) {
        await deps.jobs.send(
          FANOUT_QUEUE,
          { ids: batch, now: now.toISOString() },
          { singletonKey: `quiz:${today}:${batch[0]}`, singletonSeconds: 60 },
        );
      }
      return;
    }
    for (;;) {
      const due = await findDue(deps.db, today, minuteOfDay, 20 * BATCH_SIZE);
      const { claimed } = await deliverBatches(deliveryDeps, due, now, (result) => {
        crashPoint('mid-fanout');
        delivered.inc(result.enqueued);
      });
      if (due.length < 20 * BATCH_SIZE || claimed === 0) return;
    }
  }

  type AdminRouter = Parameters<NonNullable<Capability['adminRoutes']>>[0];

  return {
    name: 'quiz',
    flows: [quizFlow(kit), reportFlow(kit)],
    intercept: (ctx) => interceptPushedAnswer(kit, ctx),
    async runDue(now) {
      if (deps.jobs && !jobsReady) {
        jobsReady = true;
        await deps.jobs.work<{ ids: string[]; now: string }>(FANOUT_QUEUE, async (data) => {
          const result = await deliverBatch(deliveryDeps, data.ids, new Date(data.now));
          delivered.inc(result.enqueued);
        });
      }
      const { date: today, minuteOfDay } = seoulParts(now);
      const yesterday = addDays(today, -1);
      if (skippedFor !== yesterday) {
        // A day the service missed entirely (down at 21:00) is ours to own too.
        await skipUndelivered(deps.db, yesterday, now);
        skippedFor = yesterday;
      }
      if (minuteOfDay >= END_MINUTE) {
        if (lateSkippedFor !== today) {
          const skipped = await skipUndelivered(deps.db, today, now);
          if (skipped > 0)
            deps.log.warn(
              { event: 'quiz.skipped_late', count: skipped },
              'quizzes not sent by 21:00 were skipped',
            );
          lateSkippedFor = today;
        }
      } else if (minuteOfDay >= FIRST_MINUTE) {
        await fanOut(now);
        await sendWeekly(deliveryDeps, now);
      }
    },
    adminRoutes(router: AdminRouter) {
      router.get('/quiz/reports', async (req, res) => {
        const limitParam = Number(req.query.limit ?? 100);
        const limit = Number.isInteger(limitParam) && limitParam > 0 ? Math.min(limitParam, 500) : 100;
        const reports = await listReports(deps.db, limit);
        res.json({
          items: reports.map((r) => {
            const item = bank.byId.get(r.itemId);
            return {
              ...r,
              retired: bank.isRetired(r.itemId),
              subject: item?.subject ?? null,
              grade: item?.grade ?? null,
              prompt: item?.prompt ?? null,
            };
          }),
          howToRetire: 'add { id, reason, date } to knowledge/quiz/retired.yaml and redeploy',
        });
      });
    },
  };
}
