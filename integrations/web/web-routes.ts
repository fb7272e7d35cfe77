import { createHash, randomBytes, randomUUID } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { isLoopbackAddress, originOf } from '../../bot/client-address';
import type { Config } from '../../bot/config';
import type { Database } from '../../bot/db/database';
import type { InboundEvent } from '../../bot/events';
import { HttpError } from '../../bot/http-errors';
import { boundInbound } from '../../bot/inbound';
import type { Reply } from '../../bot/messages';
import type { Metrics } from '../../bot/metrics';
import type { Pipeline } from '../../bot/pipeline';
import { createRateLimiter, type RateLimiter } from '../../bot/rate-limit';
import type { TextsByLanguage } from '../../bot/texts-loader';

const USER_ID = /^[A-Za-z0-9_-]{1,64}$/;
const SESSION_TTL_MS = 24 * 3_600_000;

/**
 * Limits per client address (its /64 for IPv6), generous enough for a school's computer room
 * behind one address: sessions (a burst of 60, then 2 a minute) and non-crisis messages (a burst
 * of 120, then 120 a minute). Crisis messages are never limited.
 */
/** Token buckets per client address: sessions created and messages sent. */
export interface WebAddressLimits {
  sessions: { perMinute: number; burst: number };
  messages: { perMinute: number; burst: number };
}

export const ADDRESS_LIMITS: WebAddressLimits = {
  sessions: { perMinute: 2, burst: 60 },
  messages: { perMinute: 120, burst: 120 },
};

const postSchema = z
  .object({
    userId: z.string().regex(USER_ID, 'userId: 1–64 letters, digits, "_" or "-"').optional(),
    // Any length the body limit lets through: the channel boundary cuts it to MAX_INBOUND_CHARS.
    text: z.string().min(1, 'text: must not be empty').optional(),
    postback: z.string().min(1).max(300, 'postback: at most 300 characters').optional(),
    /** Optional client id of this message: a retry with the same id is processed once. */
    messageId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'messageId: 1–64 letters, digits, "_" or "-"')
      .optional(),
  })
  .strict()
  .refine((b) => (b.text === undefined) !== (b.postback === undefined), {
    message: 'send exactly one of text or postback',
  });

export interface WebRoutesDeps {
  config: Config;
  db: Database;
  pipeline: Pipeline;
  limiter: RateLimiter;
  texts: TextsByLanguage;
  metrics?: Metrics;
  /** Per-address limiters (tests pass their own); created from ADDRESS_LIMITS when absent. */
  addressLimiters?: { sessions: RateLimiter; messages: RateLimiter };
}

/** What the web API answers: messages, the quick replies of the last one, and the inbox cursor. */
interface WebAnswer {
  messages: Reply['messages'];
  quickReplies: Reply['quickReplies'];
  cursor: string | null;
}

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid body';
  if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
  return issue.message;
}

/** The web chat API of DESIGN.md §2 in the three WEB_CHAT modes. */
export function createWebRoutes(deps: WebRoutesDeps): Router {
  const router = express.Router();
  const { config, db, pipeline } = deps;
  const addressLimiters = deps.addressLimiters ?? {
    sessions: createRateLimiter(ADDRESS_LIMITS.sessions),
    messages: createRateLimiter(ADDRESS_LIMITS.messages),
  };
  if (config.webChat === 'off') {
    router.use(() => {
      throw new HttpError(404, 'web chat is turned off on this server (WEB_CHAT=off)');
    });
    return router;
  }
  // WEB_CHAT unset outside production: the emulator names its own users, so only this machine may use it.
  if (config.webChatLoopbackOnly) {
    router.use((req, _res, next) => {
      if (!isLoopbackAddress(req.socket.remoteAddress))
        throw new HttpError(
          403,
          'the web chat emulator serves this machine only (set WEB_CHAT=public to open it)',
        );
      next();
    });
  }
  // A text longer than MAX_INBOUND_CHARS is cut below, not refused: the body may hold it (escaped).
  router.use(express.json({ limit: Math.max(65_536, config.maxInboundChars * 6 + 4096), type: () => true }));

  /** In public mode the user id comes from the server-issued session, never from the client. */
  async function userIdOf(req: Request, claimed: string | undefined): Promise<string> {
    if (config.webChat === 'dev') {
      if (!claimed) throw new HttpError(400, 'userId is required');
      return claimed;
    }
    const header = req.get('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw new HttpError(401, 'a session token is required (POST /api/web/sessions)');
    const { rows } = await db.query<{ channel_user_id: string }>(
      'SELECT channel_user_id FROM web_sessions WHERE token_hash = $1 AND expires_at > now()',
      [hashToken(token)],
    );
    const session = rows[0];
    if (!session) throw new HttpError(401, 'the session token is unknown or expired');
    if (claimed && claimed !== session.channel_user_id)
      throw new HttpError(403, 'userId does not belong to this session');
    return session.channel_user_id;
  }

  async function latestCursor(userId: string): Promise<string | null> {
    try {
      const { rows } = await db.query<{ id: string | null }>(
        'SELECT max(id)::text AS id FROM web_inbox WHERE channel_user_id = $1',
        [userId],
      );
      return rows[0]?.id ?? null;
    } catch {
      return null;
    }
  }

  router.post('/sessions', async (req, res) => {
    if (config.webChat !== 'public') throw new HttpError(404, 'sessions exist only with WEB_CHAT=public');
    if (!addressLimiters.sessions.allow(`sessions:${originOf(req, config.logHashSecret)}`)) {
      deps.metrics?.rateLimited.inc({ channel: 'web' });
      res.setHeader('retry-after', '60');
      res.status(429).json({
        error: 'too many new sessions from this address; wait a moment',
        messages: [{ type: 'text', text: deps.texts.ko.t('core.rateLimited') }],
      });
      return;
    }
    const token = randomBytes(32).toString('base64url');
    const userId = `w-${randomUUID()}`;
    await db.query('INSERT INTO web_sessions (token_hash, channel_user_id, expires_at) VALUES ($1, $2, $3)', [
      hashToken(token),
      userId,
      new Date(Date.now() + SESSION_TTL_MS),
    ]);
    res.status(201).json({ token, userId, expiresInSeconds: SESSION_TTL_MS / 1000 });
  });

  router.post('/messages', async (req, res) => {
    if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body))
      throw new HttpError(400, 'body must be a JSON object');
    const parsed = postSchema.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, firstIssue(parsed.error));
    const body = parsed.data;
    const userId = await userIdOf(req, body.userId);
    const origin = originOf(req, config.logHashSecret);
    const event: InboundEvent = boundInbound(
      {
        channel: 'web',
        channelUserId: userId,
        channelEventId: body.messageId ? `${userId}:${body.messageId}` : randomUUID(),
        kind: body.postback ? 'postback' : 'text',
        text: body.text,
        postback: body.postback,
        occurredAt: new Date(),
        origin,
      },
      config.maxInboundChars,
    );
    const zero = pipeline.screen(event);
    // The crisis path never waits for (or is refused by) the rate limiters.
    const limited =
      !zero.crisisReply &&
      (!deps.limiter.allow(`web:${userId}`) || !addressLimiters.messages.allow(`messages:${origin}`));
    if (limited) {
      deps.metrics?.rateLimited.inc({ channel: 'web' });
      res.status(429).json({
        error: 'too many messages; wait a moment',
        messages: [{ type: 'text', text: deps.texts.ko.t('core.rateLimited') }],
        quickReplies: [],
        cursor: null,
      });
      return;
    }
    const outcome = await pipeline.run(event, { slowWorkBudgetMs: 8000, zero });
    if (outcome.status === 'duplicate') {
      // A retry of a message we already have: its answer went out (or comes through the cursor).
      outcome.reply = {
        messages: [{ type: 'text', text: deps.texts.ko.t('core.duplicate') }],
        quickReplies: [],
      };
    }
    const answer: WebAnswer = {
      messages: outcome.reply.messages,
      quickReplies: outcome.reply.quickReplies,
      cursor: await latestCursor(userId),
    };
    res.status(outcome.status === 'failed' && outcome.reply.messages.length === 0 ? 503 : 200).json(answer);
  });

  router.get('/messages', async (req, res) => {
    const claimed = typeof req.query.userId === 'string' ? req.query.userId : undefined;
    if (claimed !== undefined && !USER_ID.test(claimed))
      throw new HttpError(400, 'userId: 1–64 letters, digits, "_" or "-"');
    const after = typeof req.query.after === 'string' && req.query.after !== '' ? req.query.after : '0';
    if (!/^\d{1,18}$/.test(after)) throw new HttpError(400, 'after: a cursor returned by this API');
    const userId = await userIdOf(req, claimed);
    const { rows } = await db.query<{ id: string; reply: Reply }>(
      'SELECT id::text AS id, reply FROM web_inbox WHERE channel_user_id = $1 AND id > $2 ORDER BY id LIMIT 50',
      [userId, after],
    );
    const last = rows[rows.length - 1];
    const answer: WebAnswer = {
      messages: rows.flatMap((r) => r.reply.messages),
      quickReplies: last?.reply.quickReplies ?? [],
      cursor: last?.id ?? (after === '0' ? await latestCursor(userId) : after),
    };
    res.json(answer);
  });

  return router;
}
