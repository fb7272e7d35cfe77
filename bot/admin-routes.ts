import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import type { Capability } from './capability';
import type { Database } from './db/database';
import { HttpError } from './http-errors';
import type { HourWindow } from './people';
import { fromRoot } from './paths';
import { audit, createLinkCode, grantRole } from './people-store';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Checks `Authorization: Bearer <token>` against ADMIN_TOKENS in constant time; sets res.locals.operator. */
export function adminAuth(tokens: ReadonlyMap<string, string>): RequestHandler {
  const known = [...tokens.entries()].map(([token, name]) => ({ hash: digest(token), name }));
  return (req, res, next) => {
    if (known.length === 0) throw new HttpError(404, 'the admin API is off (ADMIN_TOKENS is not set)');
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!token) throw new HttpError(401, 'Authorization: Bearer <token> is required');
    const presented = digest(token);
    // Compare against every token so timing does not reveal which one nearly matched.
    let operator: string | null = null;
    for (const entry of known) if (timingSafeEqual(entry.hash, presented)) operator = entry.name;
    if (!operator) throw new HttpError(403, 'this token is not allowed');
    res.locals.operator = operator;
    next();
  };
}

const hourWindow: z.ZodType<HourWindow> = z.object({
  days: z.array(z.number().int().min(0).max(6)).min(1),
  from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  to: z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/),
});

const mentorSchema = z
  .object({
    name: z.string().trim().min(1).max(40),
    tier: z.enum(['mentor', 'coordinator', 'staff']),
    channel: z.enum(['web', 'kakao', 'line']).optional(),
    channelUserId: z.string().min(1).max(100).optional(),
    hours: z.array(hourWindow).max(50).optional(),
  })
  .strict()
  .refine((b) => (b.channel === undefined) === (b.channelUserId === undefined), {
    message: 'give channel and channelUserId together, or neither',
  });

/** The host's admin API; capabilities add their routes on the same router. */
export function createAdminRoutes(options: {
  db: Database;
  tokens: ReadonlyMap<string, string>;
  capabilities: Capability[];
  clock: () => Date;
}): Router {
  const { db } = options;
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  // The admin page itself holds no data (a browser cannot send a Bearer header to open it);
  // every call it makes carries the token.
  router.get('/ui', (_req, res) => res.sendFile(fromRoot('integrations', 'alerts', 'public', 'admin.html')));
  router.use(adminAuth(options.tokens));

  router.post('/mentors', async (req, res) => {
    const parsed = mentorSchema.safeParse(req.body);
    if (!parsed.success)
      throw new HttpError(
        400,
        parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    const body = parsed.data;
    const operator = String(res.locals.operator);
    const now = options.clock();
    const result = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO people (display_name, greeted, consent) VALUES ($1, true, 'adult_or_14plus') RETURNING id`,
        [body.name],
      );
      const personId = rows[0]?.id as string;
      await grantRole(tx, personId, body.tier, `admin:${operator}`);
      await tx.query(
        'INSERT INTO staff_profiles (person_id, tier, hours, created_by) VALUES ($1, $2, $3, $4)',
        [personId, body.tier, body.hours ? JSON.stringify(body.hours) : null, operator],
      );
      let linked = false;
      if (body.channel && body.channelUserId) {
        // The identity moves to the staff record; an empty person left behind is removed.
        const previous = await tx.query<{ person_id: string }>(
          'SELECT person_id FROM identities WHERE channel = $1 AND channel_user_id = $2',
          [body.channel, body.channelUserId],
        );
        await tx.query(
          `INSERT INTO identities (channel, channel_user_id, person_id) VALUES ($1, $2, $3)
           ON CONFLICT (channel, channel_user_id) DO UPDATE SET person_id = EXCLUDED.person_id`,
          [body.channel, body.channelUserId, personId],
        );
        const old = previous.rows[0]?.person_id;
        if (old)
          await tx.query(
            'DELETE FROM people p WHERE p.id = $1 AND NOT EXISTS (SELECT 1 FROM identities i WHERE i.person_id = p.id)',
            [old],
          );
        linked = true;
      }
      const linkCode = await createLinkCode(tx, 'staff_link', personId, null, now, 7 * 24 * 60);
      await audit(tx, `admin:${operator}`, 'staff_registered', personId, { tier: body.tier, linked });
      return { id: personId, linkCode, linked };
    });
    res.status(201).json(result);
  });

  router.get('/audit', async (req, res) => {
    const limit = Math.min(Number(req.query.limit ?? 100) || 100, 500);
    const { rows } = await db.query(
      'SELECT id, actor, action, subject, detail, at FROM audit_log ORDER BY id DESC LIMIT $1',
      [limit],
    );
    res.json({ entries: rows });
  });

  for (const capability of options.capabilities) capability.adminRoutes?.(router);
  return router;
}
