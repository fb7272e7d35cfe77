import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler, type Router } from 'express';
import { originOf } from './client-address';
import { z } from 'zod';
import type { Capability } from './capability';
import type { Database } from './db/database';
import { HttpError } from './http-errors';
import type { Logger } from './logger';
import { createFailureCounter, type FailureCounter } from './rate-limit';
import { pagePolicy, usePagePolicy } from './security-headers';
import type { HourWindow } from './people';
import { fromRoot } from './paths';
import { createLinkCode, formatLinkCode } from './link-codes';
import { audit, grantRole } from './people-store';

/** A staff code is handed over by a person (phone, e-mail): a week to use it. */
const STAFF_CODE_TTL_MINUTES = 7 * 24 * 60;

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Wrong admin tokens an address may send in ADMIN_FAILURE_WINDOW_MS before it is refused (429). */
export const ADMIN_FAILURE_LIMIT = 10;
export const ADMIN_FAILURE_WINDOW_MS = 15 * 60_000;

/**
 * Checks `Authorization: Bearer <token>` against ADMIN_TOKENS in constant time; sets
 * res.locals.operator. A wrong or missing token is logged (the address as a keyed hash, never the
 * token) and counted per address: at the limit, the address gets 429 until the window ends, even
 * with a right token, so guessing cannot go on.
 */
export function adminAuth(
  tokens: ReadonlyMap<string, string>,
  guard?: { log: Logger; secret: string; failures?: FailureCounter },
): RequestHandler {
  const known = [...tokens.entries()].map(([token, name]) => ({ hash: digest(token), name }));
  const failures =
    guard?.failures ??
    createFailureCounter({ limit: ADMIN_FAILURE_LIMIT, windowMs: ADMIN_FAILURE_WINDOW_MS });
  return (req, res, next) => {
    if (known.length === 0) throw new HttpError(404, 'the admin API is off (ADMIN_TOKENS is not set)');
    const origin = guard ? originOf(req, guard.secret) : 'unknown';
    if (failures.blocked(origin)) {
      res.setHeader('retry-after', String(Math.ceil(ADMIN_FAILURE_WINDOW_MS / 1000)));
      throw new HttpError(429, 'too many wrong admin tokens from this address; try again later');
    }
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const refuse = (status: 401 | 403, reason: string): never => {
      const count = failures.fail(origin);
      guard?.log.warn(
        { origin, failures: count, route: req.path.slice(0, 80), status },
        'admin token refused',
      );
      throw new HttpError(status, reason);
    };
    if (!token) return refuse(401, 'Authorization: Bearer <token> is required');
    const presented = digest(token);
    // Compare against every token so timing does not reveal which one nearly matched.
    let operator: string | null = null;
    for (const entry of known) if (timingSafeEqual(entry.hash, presented)) operator = entry.name;
    if (!operator) return refuse(403, 'this token is not allowed');
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
    /** The link code works only from this channel (and channel id, when given). */
    codeBoundTo: z
      .object({
        channel: z.enum(['web', 'kakao', 'line']),
        channelUserId: z.string().min(1).max(100).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => (b.channel === undefined) === (b.channelUserId === undefined), {
    message: 'give channel and channelUserId together, or neither',
  });

/**
 * A `?limit=` value: absent → `fallback`; a whole number from 1 to `max`, else 400 (a negative or
 * fractional limit reached the database and came back as a 500).
 */
export function queryLimit(value: unknown, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new HttpError(400, `limit: a whole number from 1 to ${max}`);
  return n;
}

/** The host's admin API; capabilities add their routes on the same router. */
export function createAdminRoutes(options: {
  db: Database;
  tokens: ReadonlyMap<string, string>;
  capabilities: Capability[];
  clock: () => Date;
  log?: Logger;
  /** Key of the pseudonymous addresses in the log (LOG_HASH_SECRET). */
  logHashSecret?: string;
}): Router {
  const { db } = options;
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  // The admin page itself holds no data (a browser cannot send a Bearer header to open it);
  // every call it makes carries the token. Registered here only, before the token check.
  const adminPage = fromRoot('integrations', 'alerts', 'public', 'admin.html');
  const adminPolicy = pagePolicy(adminPage);
  router.get('/ui', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    usePagePolicy(res, adminPolicy);
    res.sendFile(adminPage);
  });
  router.use(
    adminAuth(
      options.tokens,
      options.log ? { log: options.log, secret: options.logHashSecret ?? 'admin-origin' } : undefined,
    ),
  );

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
      const linkCode = await createLinkCode(
        tx,
        'staff_link',
        personId,
        null,
        now,
        STAFF_CODE_TTL_MINUTES,
        body.codeBoundTo,
      );
      await audit(tx, `admin:${operator}`, 'staff_registered', personId, {
        tier: body.tier,
        linked,
        codeBound: body.codeBoundTo ? body.codeBoundTo.channel : null,
      });
      return { id: personId, linkCode: formatLinkCode(linkCode), linked };
    });
    res.status(201).json(result);
  });

  router.get('/audit', async (req, res) => {
    const limit = queryLimit(req.query.limit, 100, 500);
    const { rows } = await db.query(
      'SELECT id, actor, action, subject, detail, at FROM audit_log ORDER BY id DESC LIMIT $1',
      [limit],
    );
    res.json({ entries: rows });
  });

  for (const capability of options.capabilities) capability.adminRoutes?.(router);
  return router;
}
