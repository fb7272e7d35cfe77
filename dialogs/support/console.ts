import type { AdminRouter } from '../../bot/admin-router';
import { z } from 'zod';
import type { Database, Queryable } from '../../bot/db/database';
import { HttpError } from '../../bot/http-errors';
import type { Reply } from '../../bot/messages';
import { audit } from '../../bot/people-store';
import { acknowledge, closeCase } from './helper';
import { FOLLOW_UP_MS } from './helper-follow-up';
import { transferTo } from './helper-transfer';
import { addEvent, loadCase, tellPerson, type CaseRow } from './ladder';
import { loadStaff, type StaffMember } from './roster';
import { textReply, type SupportContext } from './shared';

/** One entry of a case's thread as the console shows it. */
export interface ThreadEntry {
  at: Date;
  /** 'student' (their words), 'helper', 'console', 'bot' (what the bot sent), 'event' (a step). */
  from: 'student' | 'helper' | 'console' | 'bot' | 'event';
  text: string;
}

/**
 * The thread since the case opened, from what the case already stores: the masked excerpt, every
 * relayed message (its text lives in the outbox row until the host sweeps it) and the timeline.
 * SEAM: the student half adds dialogs/support/thread.ts with `caseThread(db, caseId)` (every
 * student message in support mode); when it lands, merge its entries here instead of the excerpt.
 */
export async function caseThreadFromStore(db: Queryable, c: CaseRow): Promise<ThreadEntry[]> {
  const entries: ThreadEntry[] = [];
  if (c.excerpt) entries.push({ at: c.opened_at, from: 'student', text: c.excerpt });
  const relays = await db.query<{
    direction: string;
    helper_id: string | null;
    created_at: Date;
    reply: Reply | null;
  }>(
    `SELECT r.direction, r.helper_id, r.created_at, o.reply FROM support_relays r
       LEFT JOIN outbox o ON o.idempotency_key = r.outbox_key WHERE r.case_id = $1 ORDER BY r.id`,
    [c.id],
  );
  for (const r of relays.rows) {
    const text = (r.reply?.messages ?? [])
      .map((m) => ('text' in m && typeof m.text === 'string' ? m.text : ''))
      .join('\n');
    const from = r.direction === 'to_helper' ? 'student' : r.helper_id ? 'helper' : 'console';
    entries.push({ at: new Date(r.created_at), from, text: text || '(보낸 기록만 남아 있어요)' });
  }
  const events = await db.query<{ at: Date; kind: string }>(
    'SELECT at, kind FROM support_case_events WHERE case_id = $1 ORDER BY id',
    [c.id],
  );
  for (const e of events.rows) entries.push({ at: new Date(e.at), from: 'event', text: e.kind });
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}

const idParam = (value: unknown): string => {
  const id = String(value);
  if (!/^\d{1,18}$/.test(id)) throw new HttpError(400, 'id: a case number');
  return id;
};
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const replySchema = z.object({ text: z.string().trim().min(1).max(1000) }).strict();
const helperSchema = z.object({ helperId: uuid }).strict();
const closeSchema = z
  .object({
    helperId: uuid.optional(),
    note: z
      .object({
        reached: z.enum(['yes', 'no']),
        safe: z.enum(['yes', 'no', 'unknown']),
        referred: z.enum(['109', '112', 'both', 'none']),
        followUp: z.enum(['yes', 'no']),
      })
      .strict(),
  })
  .strict();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success)
    throw new HttpError(
      400,
      parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  return parsed.data;
}

async function helperById(db: Queryable, id: string): Promise<StaffMember> {
  const member = (await loadStaff(db)).find((m) => m.personId === id);
  if (!member) throw new HttpError(404, 'no mentor or staff member with this id');
  return member;
}

async function caseOr404(db: Queryable, id: string): Promise<CaseRow> {
  const c = await loadCase(db, id);
  if (!c) throw new HttpError(404, 'no case with this number');
  return c;
}

/**
 * The helpers' web console API (behind the admin token): a case's thread (every read audited
 * with the token's name), a reply delivered through the student's channel by the outbox,
 * acknowledge / transfer / close on behalf of a registered helper.
 */
export function consoleRoutes(
  router: AdminRouter,
  options: { db: Database; sc: SupportContext; clock: () => Date },
): void {
  const { db, sc } = options;
  const actor = (res: { locals: Record<string, unknown> }) => `admin:${String(res.locals.operator)}`;

  router.get('/console/cases/:id/thread', async (req, res) => {
    const c = await caseOr404(db, idParam(req.params.id));
    const thread = await caseThreadFromStore(db, c);
    await audit(db, actor(res), 'support_thread_viewed', c.person_id, { case: c.id });
    res.json({ case: { id: c.id, level: c.level, status: c.status, assigneeId: c.assignee_id }, thread });
  });

  router.post('/console/cases/:id/reply', async (req, res) => {
    const id = idParam(req.params.id);
    const { text } = parse(replySchema, req.body);
    const now = options.clock();
    const result = await db.transaction(async (tx) => {
      const c = await loadCase(tx, id, true);
      if (!c) throw new HttpError(404, 'no case with this number');
      if (c.status === 'closed' && (!c.closed_at || now.getTime() - c.closed_at.getTime() > FOLLOW_UP_MS))
        throw new HttpError(409, 'the case closed more than 7 days ago');
      const { rows } = await tx.query<{ language: 'ko' | 'en' }>(
        'SELECT language FROM people WHERE id = $1',
        [c.person_id],
      );
      const texts = sc.deps.texts[rows[0]?.language ?? 'ko'];
      const labelled = texts.t('support-helpers.console.fromConsole', { text });
      const key = await tellPerson(
        tx,
        sc.deps,
        c,
        textReply([labelled]),
        'relay',
        `console-${now.getTime()}`,
        now,
      );
      if (!key) throw new HttpError(409, 'the student has no channel to reach');
      await tx.query(
        `INSERT INTO support_relays (case_id, direction, helper_id, outbox_key, created_at) VALUES ($1, 'to_student', NULL, $2, $3)`,
        [c.id, key, now],
      );
      await addEvent(tx, c.id, now, 'console_message', actor(res), {});
      await audit(tx, actor(res), 'support_console_reply', c.person_id, { case: c.id });
      return { case: c.id, queued: true };
    });
    res.status(202).json(result);
  });

  router.post('/console/cases/:id/ack', async (req, res) => {
    const id = idParam(req.params.id);
    const { helperId } = parse(helperSchema, req.body);
    const helper = await helperById(db, helperId);
    const now = options.clock();
    const taken = await db.transaction(async (tx) => {
      const ok = await acknowledge(tx, sc, id, helper, now);
      if (ok) await audit(tx, actor(res), 'support_console_ack', helper.personId, { case: id });
      return ok;
    });
    if (!taken) {
      const c = await caseOr404(db, id);
      const holder = c.assignee_id
        ? (await loadStaff(db)).find((m) => m.personId === c.assignee_id)
        : undefined;
      throw new HttpError(409, holder ? `already taken by ${holder.name}` : 'the case is closed');
    }
    res.json({ case: id, assigneeId: helper.personId });
  });

  router.post('/console/cases/:id/transfer', async (req, res) => {
    const id = idParam(req.params.id);
    const { helperId } = parse(helperSchema, req.body);
    const to = await helperById(db, helperId);
    if (!to.identities.some((i) => i.reachable))
      throw new HttpError(409, 'nobody was paged: this helper has no reachable channel');
    const now = options.clock();
    await db.transaction(async (tx) => {
      const c = await loadCase(tx, id, true);
      if (!c || c.status !== 'open') throw new HttpError(409, 'the case is not open');
      const from = c.assignee_id ? await helperById(tx, c.assignee_id) : to;
      await transferTo(tx, sc, c.id, from, to, now);
      await audit(tx, actor(res), 'support_console_transfer', to.personId, { case: c.id });
    });
    res.json({ case: id, pagedTo: to.personId });
  });

  router.post('/console/cases/:id/close', async (req, res) => {
    const id = idParam(req.params.id);
    const body = parse(closeSchema, req.body);
    const c = await caseOr404(db, id);
    if (c.status !== 'open') throw new HttpError(409, 'the case is not open');
    const helperId = body.helperId ?? c.assignee_id;
    if (!helperId) throw new HttpError(400, 'helperId: who closes it (nobody holds the case)');
    const helper = await helperById(db, helperId);
    const now = options.clock();
    await db.transaction(async (tx) => {
      await closeCase(tx, sc, id, helper, body.note, now);
      await audit(tx, actor(res), 'support_console_close', c.person_id, { case: id });
    });
    res.json({ case: id, status: 'closed' });
  });
}
