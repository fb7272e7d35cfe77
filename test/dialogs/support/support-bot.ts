import request from 'supertest';
import type { Express } from 'express';
import type { Capability, HostDeps } from '../../../bot/capability';
import type { ChannelAdapter } from '../../../bot/channel';
import type { Database } from '../../../bot/db/database';
import type { Reply } from '../../../bot/messages';
import { fromRoot } from '../../../bot/paths';
import { addLink } from '../../../bot/people-store';
import {
  createHelpersCapability,
  createSupportCapability,
  type SupportCapability,
} from '../../../dialogs/support';
import type { ModerationCheck } from '../../../dialogs/support';
import { createCrisisReplyBuilder } from '../../../knowledge/risk/crisis-reply';
import { loadRiskScreen, updateRiskMemory } from '../../../knowledge/risk/screen';
import { fakeClock, startTestBot, type FakeClock, type TestBot } from '../../helpers/test-bot';
import type { TestDatabase } from '../../helpers/test-database';
import { visibleText } from '../../helpers/transcript';

export const ADMIN_TOKEN = 'support-admin-token-0123456789';
export const ENV = {
  ADMIN_TOKENS: `ops:${ADMIN_TOKEN}`,
  ESCALATION_ACK_HIGH_S: '300',
  ESCALATION_ACK_CONCERN_S: '1800',
};
const screen = loadRiskScreen(fromRoot());

export interface SupportBot extends TestBot {
  support: SupportCapability;
}

/** The whole bot with the support capability, the real risk screen and the duty roster wired as the host will. */
export async function startSupportBot(
  database: TestDatabase,
  clock: FakeClock,
  extra: {
    channels?: ChannelAdapter[];
    env?: Record<string, string>;
    moderation?: ModerationCheck;
    /** Other capabilities beside support (a flow a helper may be in when a case arrives). */
    more?: (deps: HostDeps) => Capability[];
  } = {},
): Promise<SupportBot> {
  let support: SupportCapability | undefined;
  const t = await startTestBot(database, {
    clock,
    env: { ...ENV, ...extra.env },
    plugins: {
      capabilities: (d) => {
        support = createSupportCapability(d, { clock: clock.now, moderation: extra.moderation });
        return [support, createHelpersCapability(d, { roster: support.roster }), ...(extra.more?.(d) ?? [])];
      },
      risk: ({ texts, contacts }) => ({
        screen,
        remember: updateRiskMemory,
        crisisReply: createCrisisReplyBuilder(contacts, texts),
      }),
      dutyStatus: () => (support ? support.roster.dutyStatus() : { personOnDuty: false }),
      channels: extra.channels ? () => extra.channels as ChannelAdapter[] : undefined,
    },
  });
  // Scripted mentors type faster than any person: the per-user rate limit is not under test here.
  (t.bot.limiter as { allow: (key: string) => boolean }).allow = () => true;
  return { ...t, support: support as SupportCapability };
}

/** Saturday 16:00 in Seoul: where a support scene's clock starts unless a suite names another time. */
export const SATURDAY_4PM = Date.parse('2026-11-28T07:00:00Z');

/** Extra wiring for the bot of a scene (a channel that fails, moderation, env). */
export type SupportBotExtra = Parameters<typeof startSupportBot>[2];

/** The running test's bot and clock, renewed before every test of the suite. */
export interface SupportScene {
  readonly t: SupportBot;
  readonly clock: FakeClock;
  /** The bot's express app and database (shortcuts for `t.bot.app` and `t.bot.db`). */
  readonly app: Express;
  readonly db: Database;
  /** Runs the due work at the clock's time. */
  runDue(): Promise<void>;
  /** Moves the clock to `ms` after the scene's start and runs the due work. */
  at(ms: number): Promise<void>;
}

/**
 * A fresh support bot for every test of a suite: the data emptied, the inbox cursors forgotten,
 * the fake clock at `start`, the bot started before each test (on the database `database()`
 * gives, when a suite wraps it) and closed after.
 */
export function useSupportBot(
  getDb: () => TestDatabase,
  options: { start?: number; database?: () => TestDatabase; extra?: SupportBotExtra } = {},
): SupportScene {
  const start = options.start ?? SATURDAY_4PM;
  let bot: SupportBot | undefined;
  let clock: FakeClock | undefined;
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the support bot starts in beforeEach');
    return value;
  };
  beforeEach(async () => {
    await resetData(getDb().db);
    forgetCursors();
    clock = fakeClock(new Date(start));
    bot = await startSupportBot(options.database?.() ?? getDb(), clock, options.extra);
  });
  afterEach(() => bot?.close());
  return {
    get t() {
      return ready(bot);
    },
    get clock() {
      return ready(clock);
    },
    get app() {
      return ready(bot).bot.app;
    },
    get db() {
      return ready(bot).bot.db;
    },
    runDue: () => ready(bot).bot.runDue(ready(clock).now()),
    async at(ms) {
      ready(clock).set(new Date(start + ms));
      await ready(bot).bot.runDue(ready(clock).now());
    },
  };
}

/** A student who said who they are, linked to their mentor, with the roster loaded. */
export async function menteeOf(
  scene: Pick<SupportScene, 'app' | 'db' | 'runDue'>,
  mentorId: string,
  student: string,
): Promise<string> {
  await onboardStudent(scene.app, student);
  await linkMentee(scene.db, mentorId, student);
  await scene.runDue();
  return student;
}

/** Empties every table a test writes (cases cascade from people). */
export async function resetData(db: Database): Promise<void> {
  await db.query('TRUNCATE people, outbox, web_inbox, inbound_events, user_leases, audit_log CASCADE');
}

/** POST /admin/mentors, linked at once to a web (or other) identity. */
export async function registerHelper(
  app: Express,
  body: {
    name: string;
    tier: 'mentor' | 'coordinator' | 'staff';
    channelUserId: string;
    channel?: string;
    hours?: unknown;
  },
): Promise<string> {
  const res = await request(app)
    .post('/admin/mentors')
    .set('authorization', `Bearer ${ADMIN_TOKEN}`)
    .send({ channel: 'web', ...body });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

/** Sends as a web user; returns what they see. */
export async function say(
  app: Express,
  userId: string,
  input: string | { postback: string },
): Promise<string> {
  const body = typeof input === 'string' ? { userId, text: input } : { userId, ...input };
  const res = await request(app).post('/api/web/messages').send(body);
  if (res.status !== 200) throw new Error(`web answered ${res.status}: ${JSON.stringify(res.body)}`);
  return visibleText({ messages: res.body.messages, quickReplies: res.body.quickReplies });
}

/** Raw reply for a web user (to find postbacks). */
export async function send(
  app: Express,
  userId: string,
  input: string | { postback: string },
): Promise<Reply> {
  const body = typeof input === 'string' ? { userId, text: input } : { userId, ...input };
  const res = await request(app).post('/api/web/messages').send(body);
  return { messages: res.body.messages, quickReplies: res.body.quickReplies };
}

const cursors = new Map<string, string>();
/** New proactive messages for a web user since the last call. */
export async function inbox(app: Express, userId: string): Promise<string> {
  const res = await request(app)
    .get('/api/web/messages')
    .query({ userId, after: cursors.get(userId) ?? '0' });
  if (res.body.cursor) cursors.set(userId, res.body.cursor);
  return visibleText({ messages: res.body.messages, quickReplies: res.body.quickReplies });
}
export const forgetCursors = (): void => cursors.clear();

/** A student who said who they are (so the screen knows the speaker). */
export async function onboardStudent(app: Express, userId: string): Promise<string> {
  await say(app, userId, '안녕하세요');
  await say(app, userId, '1');
  return userId;
}

export async function personIdOf(db: Database, channelUserId: string, channel = 'web'): Promise<string> {
  const { rows } = await db.query<{ person_id: string }>(
    'SELECT person_id FROM identities WHERE channel = $1 AND channel_user_id = $2',
    [channel, channelUserId],
  );
  if (!rows[0]) throw new Error(`no identity ${channelUserId}`);
  return rows[0].person_id;
}

export async function linkMentee(db: Database, mentorId: string, studentUserId: string): Promise<void> {
  const student = await personIdOf(db, studentUserId);
  await db.transaction((tx) => addLink(tx, 'mentor_mentee', mentorId, student, 'test'));
}

/** Alert rows sent to a helper's channel user id. */
export async function alertsTo(
  db: Database,
  channelUserId: string,
): Promise<{ reason: string; stage: number }[]> {
  const { rows } = await db.query<{ reason: string; stage: number }>(
    'SELECT reason, stage FROM support_alerts WHERE channel_user_id = $1 ORDER BY id',
    [channelUserId],
  );
  return rows;
}

export async function openCaseId(db: Database, studentUserId: string): Promise<string> {
  const student = await personIdOf(db, studentUserId);
  const { rows } = await db.query<{ id: string }>(
    `SELECT id::text AS id FROM support_cases WHERE person_id = $1 AND status = 'open'`,
    [student],
  );
  if (!rows[0]) throw new Error('no open case');
  return rows[0].id;
}

export const MIN = 60_000;
