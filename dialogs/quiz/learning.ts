import type { Queryable } from '../../bot/db/database';
import type { Texts } from '../../bot/texts';
import { loadCards, type QuizProfile } from './store';
import { retrievability } from './scheduler';

/**
 * The learning diagnosis ("내 학습 리포트" and the Sunday summary): accuracy per subject and unit
 * over the last 7 days, what is being forgotten (FSRS retrievability), the streak, and which
 * Seoul Run help fits next. Counts only, with a warning when there are few answers — never a
 * label on a child.
 */

export const FORGETTING_BELOW = 0.7;
const WEAK_BELOW = 0.6;
const FEW_ANSWERS = 10;

export interface UnitStat {
  subject: string;
  unit: string;
  total: number;
  right: number;
}

export interface Diagnosis {
  total: number;
  right: number;
  activeDays: number;
  units: UnitStat[];
  forgetting: number;
}

/** Computes the last 7 days' diagnosis of one student. */
export async function diagnose(db: Queryable, personId: string, now: Date): Promise<Diagnosis> {
  const since = new Date(now.getTime() - 7 * 86_400_000);
  const { rows } = await db.query<{ subject: string; unit: string; total: number; n_right: number }>(
    `SELECT subject, unit, count(*)::int AS total, sum(CASE WHEN correct THEN 1 ELSE 0 END)::int AS n_right
       FROM quiz_answers WHERE person_id = $1 AND answered_at > $2 GROUP BY subject, unit ORDER BY subject, unit`,
    [personId, since],
  );
  const days = await db.query<{ n: number }>(
    'SELECT count(DISTINCT quiz_date)::int AS n FROM quiz_answers WHERE person_id = $1 AND answered_at > $2',
    [personId, since],
  );
  const cards = (await loadCards(db, [personId])).get(personId) ?? [];
  const forgetting = cards.filter(
    (c) => c.card.reps > 0 && retrievability(c.card, now) < FORGETTING_BELOW,
  ).length;
  const units = rows.map((r) => ({
    subject: r.subject,
    unit: r.unit,
    total: Number(r.total),
    right: Number(r.n_right),
  }));
  return {
    total: units.reduce((n, u) => n + u.total, 0),
    right: units.reduce((n, u) => n + u.right, 0),
    activeDays: Number(days.rows[0]?.n ?? 0),
    units,
    forgetting,
  };
}

const percent = (right: number, total: number): number =>
  total === 0 ? 0 : Math.round((100 * right) / total);

/** Per-subject lines. */
function subjectLines(texts: Texts, d: Diagnosis): string[] {
  const bySubject = new Map<string, { total: number; right: number }>();
  for (const u of d.units) {
    const s = bySubject.get(u.subject) ?? { total: 0, right: 0 };
    s.total += u.total;
    s.right += u.right;
    bySubject.set(u.subject, s);
  }
  return [...bySubject.entries()].map(([subject, s]) =>
    texts.t('quiz.learning.subjectLine', {
      subject,
      total: s.total,
      right: s.right,
      percent: percent(s.right, s.total),
    }),
  );
}

/** The student's report text (empty-state when nothing was answered this week). */
export function renderDiagnosis(
  texts: Texts,
  d: Diagnosis,
  profile: QuizProfile | null,
  title: string,
): string {
  if (d.total === 0) return [title, texts.t('quiz.learning.empty')].join('\n');
  const lines = [title, ...subjectLines(texts, d)];
  const weak = d.units.filter((u) => u.total >= 2 && u.right / u.total < WEAK_BELOW);
  const strong = d.units.filter((u) => u.total >= 2 && u.right === u.total);
  if (weak.length > 0)
    lines.push(
      texts.t('quiz.learning.weakUnits', { units: weak.map((u) => `${u.subject} ${u.unit}`).join(', ') }),
    );
  if (strong.length > 0)
    lines.push(
      texts.t('quiz.learning.strongUnits', { units: strong.map((u) => `${u.subject} ${u.unit}`).join(', ') }),
    );
  lines.push(
    d.forgetting > 0
      ? texts.t('quiz.learning.forgetting', { n: d.forgetting })
      : texts.t('quiz.learning.noForgetting'),
  );
  if (profile)
    lines.push(
      texts.t('quiz.learning.streak', {
        streak: profile.streak.streak,
        best: profile.streak.best,
        freezes: profile.streak.freezes,
      }),
    );
  const first = weak[0];
  if (weak.length >= 3) lines.push(texts.t('quiz.learning.suggestMentor'));
  else if (first)
    lines.push(texts.t('quiz.learning.suggestLecture', { subject: first.subject, unit: first.unit }));
  else lines.push(texts.t('quiz.learning.suggestKeepGoing'));
  if (d.total < FEW_ANSWERS) lines.push(texts.t('quiz.learning.smallSample'));
  return lines.join('\n');
}

/** The parent's summary: quiz numbers only, nothing else about the child. */
export function renderParentSummary(texts: Texts, d: Diagnosis, profile: QuizProfile): string {
  return [
    texts.t('quiz.weekly.parentTitle'),
    texts.t('quiz.weekly.parentBody', {
      days: d.activeDays,
      total: d.total,
      right: d.right,
      streak: profile.streak.streak,
    }),
    ...subjectLines(texts, d),
    texts.t('quiz.weekly.parentFooter'),
  ].join('\n');
}
