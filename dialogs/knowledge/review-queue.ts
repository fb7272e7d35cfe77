import type { Queryable } from '../../bot/db/database';
import type { Language } from '../../bot/people';

/** Longest question kept; longer ones are cut (the operator needs the gist, not an essay). */
export const MAX_QUEUED_CHARS = 500;

/** One question waiting for an operator. */
export interface UnansweredQuestion {
  id: string;
  question: string;
  language: Language;
  reason: 'below_threshold' | 'model_unsure';
  confidence: number;
  topDocId: string | null;
  createdAt: string;
}

/**
 * Records a masked question; runs inside the turn's transaction. The row belongs to the person who
 * asked, so deleting their data deletes it (the admin list never shows who asked).
 */
export async function recordUnanswered(
  tx: Queryable,
  entry: {
    personId: string;
    question: string;
    language: Language;
    reason: UnansweredQuestion['reason'];
    confidence: number;
    topDocId?: string;
    at: Date;
  },
): Promise<void> {
  const question = entry.question.trim().slice(0, MAX_QUEUED_CHARS);
  if (question === '') return;
  await tx.query(
    `INSERT INTO knowledge_unanswered (person_id, question, language, reason, confidence, top_doc_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.personId,
      question,
      entry.language,
      entry.reason,
      Math.min(1, Math.max(0, entry.confidence)),
      entry.topDocId ?? null,
      entry.at.toISOString(),
    ],
  );
}

interface Row {
  id: string | number;
  question: string;
  language: Language;
  reason: UnansweredQuestion['reason'];
  confidence: number;
  top_doc_id: string | null;
  created_at: Date | string;
}

/** The newest questions first, `limit` at most, older than `before` when paging. */
export async function listUnanswered(
  db: Queryable,
  options: { limit: number; before?: Date },
): Promise<UnansweredQuestion[]> {
  const { rows } = await db.query<Row>(
    `SELECT id, question, language, reason, confidence, top_doc_id, created_at
       FROM knowledge_unanswered
      WHERE ($1::timestamptz IS NULL OR created_at < $1::timestamptz)
      ORDER BY created_at DESC, id DESC
      LIMIT $2`,
    [options.before ? options.before.toISOString() : null, options.limit],
  );
  return rows.map((r) => ({
    id: String(r.id),
    question: r.question,
    language: r.language,
    reason: r.reason,
    confidence: Number(r.confidence),
    topDocId: r.top_doc_id,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** Deletes questions older than the retention period; returns how many went. */
export async function sweepUnanswered(db: Queryable, now: Date, retentionDays: number): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const { rowCount } = await db.query('DELETE FROM knowledge_unanswered WHERE created_at < $1', [
    cutoff.toISOString(),
  ]);
  return rowCount;
}
