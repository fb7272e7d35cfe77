import request from 'supertest';
import { createQuizCapability } from '../../../dialogs/quiz';
import { describeEachDatabase } from '../../helpers/test-database';
import { startTestBot } from '../../helpers/test-bot';
import { addSubscriber, fixtureBank, kst, quizOn, textOf } from './helpers';
import type { Reply } from '../../../bot/messages';

describeEachDatabase('quiz weekly diagnosis, review list and a real pg-boss round', (getDb) => {
  const db = () => getDb().db;

  it('sends the Sunday 19:00 diagnosis once, and the parent only the quiz summary the student agreed to share', async () => {
    const quiz = quizOn(db());
    const student = await addSubscriber(db(), 'w-student');
    const optedOut = await addSubscriber(db(), 'w-optout');
    await db().query(`UPDATE quiz_profiles SET weekly_report = false WHERE person_id = $1`, [optedOut.id]);
    await db().query(
      `UPDATE quiz_profiles SET share_with_parent = true, streak = 4, best_streak = 4 WHERE person_id = $1`,
      [student.id],
    );
    const parent = await db().query<{ id: string }>(
      `INSERT INTO people (audience, consent, greeted) VALUES ('parent', 'adult_or_14plus', true) RETURNING id`,
    );
    const parentId = parent.rows[0]!.id;
    await db().query(
      `INSERT INTO identities (channel, channel_user_id, person_id) VALUES ('web', 'w-parent', $1)`,
      [parentId],
    );
    await db().query(
      `INSERT INTO links (kind, from_person, to_person, created_by) VALUES ('parent_child', $1, $2, 'test')`,
      [parentId, student.id],
    );
    for (const [person, i] of [
      [student.id, 0],
      [optedOut.id, 1],
    ] as const) {
      await db().query(
        `INSERT INTO quiz_answers (person_id, session_key, item_id, subject, unit, correct, quiz_date, answered_at)
         VALUES ($1, 'daily:2027-02-05', 'qt-m1-a', '수학', '정수와 유리수', true, '2027-02-05', $2),
                ($1, 'daily:2027-02-05', 'qt-m1-b', '수학', '좌표평면과 그래프', false, '2027-02-05', $2)`,
        [person, kst('2027-02-05', `16:0${i}`)],
      );
    }
    const sunday = kst('2027-02-07', '19:00');
    await quiz.runDue!(kst('2027-02-07', '18:59'));
    await quiz.runDue!(sunday);
    await quiz.runDue!(kst('2027-02-07', '19:05'));
    const { rows } = await db().query<{ person_id: string; reply: Reply }>(
      `SELECT person_id::text AS person_id, reply FROM outbox WHERE purpose = 'report' ORDER BY id`,
    );
    expect(rows.map((r) => r.person_id)).toEqual([student.id, parentId]);
    const own = textOf(rows[0]!.reply);
    expect(own).toContain('이번 주 학습 진단');
    expect(own).toContain('수학: 2문제 중 1개 (50%)');
    expect(own).toContain('주간 리포트 끄기');
    const parentText = textOf(rows[1]!.reply);
    expect(parentText).toContain('자녀의 이번 주');
    expect(parentText).toContain('2문제 중 1문제');
    expect(parentText).not.toMatch(/상담 내용|좌표평면/);
  });

  it('lists student problem reports for operators at GET /admin/quiz/reports', async () => {
    const bank = fixtureBank();
    const t = await startTestBot(getDb(), {
      env: { ADMIN_TOKENS: 'ops:quiz-admin-token-123456' },
      plugins: { capabilities: (deps) => [createQuizCapability(deps, { bank })] },
    });
    try {
      await db().query(
        `INSERT INTO quiz_reports (item_id, reason, created_at) VALUES ('qt-m1-c', 'wrong_answer', now()), ('qt-m1-c', 'unclear', now())`,
      );
      expect((await request(t.bot.app).get('/admin/quiz/reports')).status).toBe(401);
      const res = await request(t.bot.app)
        .get('/admin/quiz/reports')
        .set('authorization', 'Bearer quiz-admin-token-123456');
      expect(res.status).toBe(200);
      const entry = res.body.items.find((i: { itemId: string }) => i.itemId === 'qt-m1-c');
      expect(entry).toMatchObject({
        reports: 2,
        reasons: { wrong_answer: 1, unclear: 1 },
        retired: false,
        subject: '수학',
      });
    } finally {
      await t.close();
    }
  });

  it('delivers through one real pg-boss round (tick → fan-out job → outbox → web inbox)', async () => {
    const student = await addSubscriber(db(), 'w-boss', { minute: 10 * 60 });
    const t = await startTestBot(getDb(), {
      startJobs: true,
      plugins: { capabilities: (deps) => [createQuizCapability(deps, { bank: fixtureBank() })] },
    });
    t.clock.set(kst('2027-03-10', '10:00'));
    try {
      let found = 0;
      for (let waited = 0; waited < 25_000 && found === 0; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const { rows } = await db().query<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox WHERE person_id = $1 AND purpose = 'quiz'`,
          [student.id],
        );
        found = rows[0]!.n;
      }
      expect(found).toBe(1);
    } finally {
      await t.close();
    }
  }, 40_000);
});
