import { performance } from 'node:perf_hooks';
import { migrate, readMigrations } from '../../../bot/db/migrate';
import { describeEachDatabase } from '../../helpers/test-database';
import { addManySubscribers, addSubscriber, kst, quizOn, quizRows, textOf } from './helpers';

describeEachDatabase('quiz delivery through runDue', (getDb, target) => {
  const db = () => getDb().db;

  it('sends at each delivery time, 20:59 still sent, 21:00 skipped (not moved to the morning) with an apology next day', async () => {
    const quiz = quizOn(db());
    const morning = await addSubscriber(db(), 'd-morning', { minute: 8 * 60 });
    const afternoon = await addSubscriber(db(), 'd-afternoon', { minute: 16 * 60 + 30 });
    const evening = await addSubscriber(db(), 'd-evening', { minute: 20 * 60 + 59 });
    const late = await addSubscriber(db(), 'd-late', { minute: 20 * 60 + 30 });
    const day = '2026-12-01';

    await quiz.runDue!(kst(day, '07:59'));
    expect(await quizRows(db(), morning.id)).toHaveLength(0);
    await quiz.runDue!(kst(day, '08:00'));
    expect(await quizRows(db(), morning.id)).toHaveLength(1);
    expect(await quizRows(db(), afternoon.id)).toHaveLength(0);
    await quiz.runDue!(kst(day, '16:30'));
    expect(await quizRows(db(), afternoon.id)).toHaveLength(1);
    // The service is down from 20:00; at 20:59 the evening subscriber is due and sent …
    await db().query(`UPDATE quiz_profiles SET status = 'paused' WHERE person_id = $1`, [late.id]);
    await quiz.runDue!(kst(day, '20:59'));
    expect(await quizRows(db(), evening.id)).toHaveLength(1);
    await db().query(`UPDATE quiz_profiles SET status = 'active' WHERE person_id = $1`, [late.id]);
    // … but at 21:00 the 20:30 subscriber who was not sent yet is skipped, not queued.
    await quiz.runDue!(kst(day, '21:00'));
    await quiz.runDue!(kst('2026-12-02', '07:30'));
    expect(await quizRows(db(), late.id)).toHaveLength(0);
    const skipped = await db().query<{ status: string; reason: string }>(
      `SELECT status, reason FROM quiz_deliveries WHERE person_id = $1 AND quiz_date = $2`,
      [late.id, day],
    );
    expect(skipped.rows[0]).toEqual({ status: 'skipped', reason: 'late' });
    // Each row expires at 21:00 Seoul time: the worker gives up rather than push at night.
    const expiry = await db().query<{ expires_at: Date }>(
      `SELECT expires_at FROM outbox WHERE person_id = $1`,
      [evening.id],
    );
    expect(new Date(expiry.rows[0]!.expires_at).toISOString()).toBe(kst(day, '21:00').toISOString());

    await quiz.runDue!(kst('2026-12-02', '20:30'));
    const next = await quizRows(db(), late.id);
    expect(next).toHaveLength(1);
    expect(textOf(next[0]!.reply)).toContain('어제 퀴즈를 못 보냈어요, 미안해요');
    expect(next[0]!.idempotency_key).toBe(`quiz:${late.id}:2026-12-02`);
  });

  it('sends nothing to paused, unreachable or "내일 다시" users, nor while a support case is open', async () => {
    const quiz = quizOn(db());
    const paused = await addSubscriber(db(), 'd-paused', { status: 'paused' });
    const unreachable = await addSubscriber(db(), 'd-blocked', { reachable: false });
    const tomorrow = await addSubscriber(db(), 'd-tomorrow');
    await db().query(`UPDATE quiz_profiles SET resume_on = '2026-12-11' WHERE person_id = $1`, [tomorrow.id]);
    const withCase = await addSubscriber(db(), 'd-case');
    const control = await addSubscriber(db(), 'd-control');

    await db().query(
      `INSERT INTO support_cases (person_id, status, level, source, bot_sent, opened_at)
       VALUES ($1, 'open', 'concern', 'request', 'concern_choice', now()), ($2, 'closed', 'concern', 'request', 'concern_choice', now())`,
      [withCase.id, control.id],
    );
    await quiz.runDue!(kst('2026-12-11', '16:00'));
    expect(await quizRows(db(), paused.id)).toHaveLength(0);
    expect(await quizRows(db(), unreachable.id)).toHaveLength(0);
    expect(await quizRows(db(), withCase.id)).toHaveLength(0);
    expect(await quizRows(db(), control.id)).toHaveLength(1);
    expect(await quizRows(db(), tomorrow.id)).toHaveLength(1);
    const reasons = await db().query<{ reason: string }>(
      `SELECT reason FROM quiz_deliveries WHERE quiz_date = '2026-12-11' AND person_id = ANY($1::uuid[]) ORDER BY reason`,
      [[unreachable.id, withCase.id]],
    );
    expect(reasons.rows.map((r) => r.reason)).toEqual(['support_case', 'unreachable']);
    await db().query(`UPDATE support_cases SET status = 'closed' WHERE person_id = $1`, [withCase.id]);
    await quiz.runDue!(kst('2026-12-12', '16:00'));
    expect(await quizRows(db(), withCase.id)).toHaveLength(1);
  });

  it('works before the support_cases table exists (schema up to the quiz migration only)', async () => {
    const fresh = await target.open({ migrate: false });
    try {
      await migrate(
        fresh.db,
        readMigrations().filter(
          (m) => m.name <= '202611281230-quiz.sql' || m.name === '202612031300-quiz-push-days.sql',
        ),
      );
      const student = await addSubscriber(fresh.db, 'd-early');
      await quizOn(fresh.db).runDue!(kst('2026-12-10', '16:00'));
      expect(await quizRows(fresh.db, student.id)).toHaveLength(1);
    } finally {
      await fresh.dispose();
    }
  });

  it('nudges once after 3 ignored days, then at most weekly, and a reply resets it', async () => {
    const quiz = quizOn(db());
    const student = await addSubscriber(db(), 'd-ignores', { minute: 9 * 60 });
    await db().query(`UPDATE quiz_profiles SET starts_on = '2027-01-01' WHERE person_id = $1`, [student.id]);
    const kinds: string[] = [];
    for (let day = 1; day <= 12; day += 1) {
      const date = `2027-01-${String(day).padStart(2, '0')}`;
      await quiz.runDue!(kst(date, '09:00'));
      const row = await db().query<{ status: string }>(
        `SELECT status FROM quiz_deliveries WHERE person_id = $1 AND quiz_date = $2`,
        [student.id, date],
      );
      kinds.push(row.rows[0]?.status ?? '-');
    }
    expect(kinds).toEqual([
      'sent',
      'sent',
      'sent',
      'nudge',
      'rested',
      'rested',
      'rested',
      'rested',
      'rested',
      'rested',
      'nudge',
      'rested',
    ]);
    const nudges = await quizRows(db(), student.id);
    const nudge = nudges.find((r) => r.purpose === 'nudge');
    expect(textOf(nudge!.reply)).toContain('1분이면 돼요');
    expect(textOf(nudge!.reply)).not.toMatch(/왜|실망|포기/);
  });

  it('a restart in the middle of the fan-out and two workers at once still give each due user exactly one quiz', async () => {
    await addManySubscribers(db(), 'fan-', 1200, 15 * 60);
    let batchesSeen = 0;
    const crashing = quizOn(db(), {
      beforeBatchCommit: () => {
        batchesSeen += 1;
        if (batchesSeen === 2) throw new Error('killed mid-fan-out');
      },
    });
    const now = kst('2026-12-20', '15:00');
    await expect(crashing.runDue!(now)).rejects.toThrow('killed mid-fan-out');
    const partial = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox o JOIN people p ON p.id = o.person_id AND p.display_name LIKE 'fan-%'
        WHERE o.idempotency_key LIKE 'quiz:%:2026-12-20'`,
    );
    // The first batch committed, the second died with its transaction: nothing half-done.
    expect(partial.rows[0]!.n).toBeGreaterThan(400);
    // Two batches of 500 may be in flight when the process dies (one choosing sets, one committing).
    expect(partial.rows[0]!.n).toBeLessThanOrEqual(1000);

    // "Restarted": two fresh instances (a second pool on PostgreSQL) run the same tick together.
    const other = getDb().openAnother?.() ?? db();
    const started = performance.now();
    await Promise.all([quizOn(db()).runDue!(now), quizOn(other).runDue!(now)]);
    const ms = performance.now() - started;
    const counts = await db().query<{ person_id: string; n: number }>(
      `SELECT p.person_id::text AS person_id, count(o.id)::int AS n FROM quiz_profiles p
         JOIN people pe ON pe.id = p.person_id AND pe.display_name LIKE 'fan-%'
         LEFT JOIN outbox o ON o.person_id = p.person_id AND o.idempotency_key LIKE 'quiz:%:2026-12-20'
        GROUP BY p.person_id`,
    );
    expect(counts.rows).toHaveLength(1200);
    expect(counts.rows.filter((r) => r.n !== 1)).toEqual([]);
    const deliveries = await db().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM quiz_deliveries WHERE quiz_date = '2026-12-20' AND status = 'sent'`,
    );
    expect(deliveries.rows[0]!.n).toBeGreaterThanOrEqual(1200);
    console.log(`quiz fan-out: 700 remaining users by two workers in ${Math.round(ms)} ms on ${target.name}`);
  });
});
