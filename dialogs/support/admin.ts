import type { AdminRouter } from '../../bot/admin-router';
import { z } from 'zod';
import type { Database } from '../../bot/db/database';
import { queryLimit } from '../../bot/admin-routes';
import { HttpError } from '../../bot/http-errors';
import { audit } from '../../bot/people-store';
import { isAway, isOnDuty, loadStaff, uncoveredRanges, type DutyRoster } from './roster';

const DAY_NAMES = ['일', '월', '화', '수', '목', '금', '토'];

const awaySchema = z
  .object({
    from: z.iso.datetime({ offset: true }).nullable().optional(),
    until: z.iso.datetime({ offset: true }).nullable(),
  })
  .strict();

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Admin routes (already behind the admin token): cases with timelines, staff, away, coverage (the page is the host's). */
export function supportAdminRoutes(
  router: AdminRouter,
  options: { db: Database; roster: DutyRoster; clock: () => Date },
): void {
  const { db } = options;

  router.get('/cases', async (req, res) => {
    const status =
      req.query.status === 'closed' ? ['closed'] : req.query.status === 'all' ? ['open', 'closed'] : ['open'];
    const limit = queryLimit(req.query.limit, 50, 200);
    const cases = await db.query<Record<string, unknown> & { id: string }>(
      `SELECT c.id::text AS id, c.person_id, c.status, c.level, c.source, c.speaker, c.excerpt, c.signals, c.bot_sent, c.stage,
              c.assignee_id, a.display_name AS assignee_name, c.assignee_tier, c.acked_at, c.first_acked_at, c.contacted_at,
              c.relay_active, c.opened_at, c.closed_at, c.close_note
         FROM support_cases c LEFT JOIN people a ON a.id = c.assignee_id
        WHERE c.status = ANY($1) ORDER BY c.opened_at DESC LIMIT $2`,
      [status, limit],
    );
    const ids = cases.rows.map((c) => c.id);
    const events = ids.length
      ? await db.query<{ case_id: string; at: Date; kind: string; actor: string; detail: unknown }>(
          'SELECT case_id::text AS case_id, at, kind, actor, detail FROM support_case_events WHERE case_id = ANY($1) ORDER BY id',
          [ids],
        )
      : { rows: [] };
    // Excerpts are sensitive data: every read is audited with the operator's name.
    await audit(db, `admin:${String(res.locals.operator)}`, 'support_cases_viewed', null, {
      cases: ids,
      status,
    });
    res.json({
      cases: cases.rows.map((c) => ({
        ...c,
        timeline: events.rows.filter((e) => e.case_id === c.id).map(({ case_id: _c, ...e }) => e),
      })),
    });
  });

  router.get('/staff', async (_req, res) => {
    const now = options.clock();
    const staff = await loadStaff(db);
    res.json({
      staff: staff.map((m) => ({
        id: m.personId,
        name: m.name,
        tier: m.tier,
        hours: m.hours,
        awayFrom: m.awayFrom,
        awayUntil: m.awayUntil,
        away: isAway(m, now),
        onDutyNow: isOnDuty(m, now),
        channels: m.identities.map((i) => ({ channel: i.channel, reachable: i.reachable })),
      })),
    });
  });

  router.post('/staff/:id/away', async (req, res) => {
    const id = String(req.params.id);
    if (!uuid.test(id)) throw new HttpError(400, 'id: a staff person id (uuid)');
    const parsed = awaySchema.safeParse(req.body ?? {});
    if (!parsed.success)
      throw new HttpError(
        400,
        parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    const from = parsed.data.from ? new Date(parsed.data.from) : null;
    const until = parsed.data.until ? new Date(parsed.data.until) : null;
    if (from && until && until.getTime() <= from.getTime())
      throw new HttpError(400, 'until: must be after from');
    const updated = await db.query(
      'UPDATE staff_profiles SET away_from = $2, away_until = $3 WHERE person_id = $1',
      [id, until ? from : null, until],
    );
    if (updated.rowCount === 0) throw new HttpError(404, 'no mentor or staff member with this id');
    await audit(db, `admin:${String(res.locals.operator)}`, 'staff_away_set', id, { from, until });
    await options.roster.refresh();
    res.json({ id, awayFrom: until ? from : null, awayUntil: until });
  });

  router.get('/coverage', async (_req, res) => {
    const staff = await loadStaff(db);
    const describe = (ranges: ReturnType<typeof uncoveredRanges>) =>
      ranges.map((r) => `${DAY_NAMES[r.day]} ${r.from}–${r.to}`);
    const trained = uncoveredRanges(staff, ['coordinator', 'staff']);
    const anyone = uncoveredRanges(staff, ['mentor', 'coordinator', 'staff']);
    res.json({
      timeZone: 'Asia/Seoul',
      uncoveredByStaff: trained,
      uncoveredByAnyone: anyone,
      text: { byStaff: describe(trained), byAnyone: describe(anyone) },
    });
  });
}
