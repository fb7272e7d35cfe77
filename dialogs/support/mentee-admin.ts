import type { AdminRouter } from '../../bot/admin-router';
import { z } from 'zod';
import type { Database, Queryable } from '../../bot/db/database';
import { HttpError } from '../../bot/http-errors';
import { linkMentee, unlinkMentee } from './mentees';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const linkSchema = z
  .object({
    mentorId: z.string().regex(uuid),
    studentId: z.string().regex(uuid).optional(),
    channel: z.enum(['web', 'kakao', 'line']).optional(),
    channelUserId: z.string().min(1).max(100).optional(),
  })
  .strict()
  .refine((b) => Boolean(b.studentId) !== Boolean(b.channel && b.channelUserId), {
    message: 'give studentId, or channel and channelUserId',
  });

const importSchema = z.object({ csv: z.string().min(1).max(200_000) }).strict();

const badRequest = (error: z.ZodError): HttpError =>
  new HttpError(400, error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));

/** Finds the student: by person id or by a channel identity; never a helper. */
async function studentOf(
  db: Queryable,
  ref: { studentId?: string; channel?: string; channelUserId?: string },
): Promise<string | null> {
  const { rows } = ref.studentId
    ? await db.query<{ id: string }>('SELECT id FROM people WHERE id = $1', [ref.studentId])
    : await db.query<{ id: string }>(
        'SELECT person_id AS id FROM identities WHERE channel = $1 AND channel_user_id = $2',
        [ref.channel, ref.channelUserId],
      );
  const id = rows[0]?.id;
  if (!id) return null;
  const helper = await db.query('SELECT 1 FROM staff_profiles WHERE person_id = $1', [id]);
  return helper.rows.length > 0 ? null : id;
}

async function isMentor(db: Queryable, id: string): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM staff_profiles WHERE person_id = $1', [id]);
  return rows.length > 0;
}

/** One CSV line: `mentor_id,student_id` or `mentor_id,channel,channel_user_id`. */
function csvRow(
  line: string,
): { mentorId: string; studentId?: string; channel?: string; channelUserId?: string } | null {
  const cells = line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
  if (cells.length === 2 && cells[0] && cells[1]) return { mentorId: cells[0], studentId: cells[1] };
  if (cells.length === 3 && cells[0] && cells[1] && cells[2])
    return { mentorId: cells[0], channel: cells[1], channelUserId: cells[2] };
  return null;
}

/** Admin routes for mentor ↔ mentee links: list, link, unlink, CSV import. Every change audited. */
export function menteeAdminRoutes(router: AdminRouter, options: { db: Database; clock: () => Date }): void {
  const { db } = options;
  const operator = (res: { locals: Record<string, unknown> }) => `admin:${String(res.locals.operator)}`;

  router.get('/mentees', async (req, res) => {
    const mentor = typeof req.query.mentor === 'string' ? req.query.mentor : null;
    if (mentor !== null && !uuid.test(mentor)) throw new HttpError(400, 'mentor: a person id (uuid)');
    const { rows } = await db.query(
      `SELECT l.from_person AS "mentorId", m.display_name AS "mentorName", l.to_person AS "studentId",
              s.display_name AS "studentName", l.created_at AS since, l.introduced_at AS "introducedAt",
              (SELECT c.id::text FROM support_cases c WHERE c.person_id = l.to_person AND c.status = 'open') AS "openCase"
         FROM links l JOIN people m ON m.id = l.from_person JOIN people s ON s.id = l.to_person
        WHERE l.kind = 'mentor_mentee' AND l.status = 'active' AND ($1::uuid IS NULL OR l.from_person = $1)
        ORDER BY m.display_name, l.created_at LIMIT 1000`,
      [mentor],
    );
    res.json({ mentees: rows });
  });

  router.post('/mentees', async (req, res) => {
    const parsed = linkSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw badRequest(parsed.error);
    const body = parsed.data;
    if (!(await isMentor(db, body.mentorId)))
      throw new HttpError(404, 'no mentor or staff member with this id');
    const student = await studentOf(db, body);
    if (!student) throw new HttpError(404, 'no student with this id');
    await db.transaction((tx) => linkMentee(tx, body.mentorId, student, operator(res), null));
    res.status(201).json({ mentorId: body.mentorId, studentId: student });
  });

  router.delete('/mentees/:mentorId/:studentId', async (req, res) => {
    const { mentorId, studentId } = req.params;
    if (!uuid.test(String(mentorId)) || !uuid.test(String(studentId)))
      throw new HttpError(400, 'mentorId, studentId: person ids (uuid)');
    const ended = await db.transaction((tx) =>
      unlinkMentee(tx, String(mentorId), String(studentId), operator(res)),
    );
    if (!ended) throw new HttpError(404, 'no active link between these two');
    res.json({ mentorId, studentId, status: 'ended' });
  });

  router.post('/mentees/import', async (req, res) => {
    const parsed = importSchema.safeParse(req.body ?? {});
    if (!parsed.success) throw badRequest(parsed.error);
    const lines = parsed.data.csv.split(/\r?\n/).map((l) => l.trim());
    const results: { line: number; ok: boolean; error?: string }[] = [];
    for (const [index, line] of lines.entries()) {
      if (!line || line.startsWith('#') || /^mentor/i.test(line)) continue;
      const row = csvRow(line);
      const fail = (error: string) => results.push({ line: index + 1, ok: false, error });
      if (!row || !uuid.test(row.mentorId) || (row.studentId && !uuid.test(row.studentId))) {
        fail('expected mentor_id,student_id or mentor_id,channel,channel_user_id');
        continue;
      }
      if (row.channel && !['web', 'kakao', 'line'].includes(row.channel)) {
        fail('channel: web, kakao or line');
        continue;
      }
      if (!(await isMentor(db, row.mentorId))) {
        fail('no mentor or staff member with this id');
        continue;
      }
      const student = await studentOf(db, row);
      if (!student) {
        fail('no student with this id');
        continue;
      }
      await db.transaction((tx) => linkMentee(tx, row.mentorId, student, operator(res), null));
      results.push({ line: index + 1, ok: true });
    }
    res.json({
      linked: results.filter((r) => r.ok).length,
      failed: results.filter((r) => !r.ok).length,
      results,
    });
  });
}
