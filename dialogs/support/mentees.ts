import type { Queryable } from '../../bot/db/database';
import type { Intent, TurnContext, TurnResult } from '../../bot/dialog';
import {
  consumeLinkCode,
  parseCodeCommand,
  redeemLinkCode,
  SOURCE_LIMITS,
  type CodeSource,
} from '../../bot/link-codes';
import { pseudonym } from '../../bot/logger';
import { addLink, audit } from '../../bot/people-store';
import { openCaseOf, tellHelper, type LadderDeps } from './ladder';
import { isHelper, textReply, typedOneOf } from './shared';

const MY_MENTOR = ['내 멘토 선생님', '내 멘토', '멘토 선생님', '내 멘토 선생님 누구야', 'my mentor'];
const DECLINE = [
  '멘토 연결 안 할래요',
  '멘토 연결 안 할래',
  '멘토 연결 안 해요',
  '멘토 연결 끊기',
  '멘토 싫어요',
  'no mentor',
];
const DECLINE_POSTBACK = 'support-helpers:decline';
const CODE_PREFIXES = ['멘토 코드', '멘토 연결', 'mentor code'];

const t = (ctx: TurnContext, key: string, params: Record<string, string | number> = {}): string =>
  ctx.texts.t(`support-helpers.mentor.${key}`, params);

/** The student's active mentors with names, oldest link first. */
export async function mentorsOf(
  db: Queryable,
  studentId: string,
): Promise<{ id: string; name: string; introduced: boolean }[]> {
  const { rows } = await db.query<{ id: string; name: string | null; introduced_at: Date | null }>(
    `SELECT p.id, p.display_name AS name, l.introduced_at FROM links l JOIN people p ON p.id = l.from_person
      WHERE l.kind = 'mentor_mentee' AND l.to_person = $1 AND l.status = 'active' ORDER BY l.created_at, p.id`,
    [studentId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name ?? '', introduced: r.introduced_at !== null }));
}

/** Links a mentor to a student (admin API, CSV import, or a code); the student hears of it at their next message. */
export async function linkMentee(
  tx: Queryable,
  mentorId: string,
  studentId: string,
  actor: string,
  introducedAt: Date | null,
): Promise<void> {
  await addLink(tx, 'mentor_mentee', mentorId, studentId, actor);
  await tx.query(
    `UPDATE links SET introduced_at = $3 WHERE kind = 'mentor_mentee' AND from_person = $1 AND to_person = $2`,
    [mentorId, studentId, introducedAt],
  );
  await audit(tx, actor, 'mentee_linked', studentId, { mentor: mentorId });
}

/** Ends a link; false when there was none. */
export async function unlinkMentee(
  tx: Queryable,
  mentorId: string,
  studentId: string,
  actor: string,
): Promise<boolean> {
  const ended = await tx.query(
    `UPDATE links SET status = 'ended' WHERE kind = 'mentor_mentee' AND from_person = $1 AND to_person = $2 AND status = 'active'`,
    [mentorId, studentId],
  );
  if (ended.rowCount === 0) return false;
  await audit(tx, actor, 'mentee_unlinked', studentId, { mentor: mentorId });
  return true;
}

/**
 * Before a student's turn is routed: a mentor linked since their last message is introduced
 * (once, as a message right after this turn's answer, with a way to decline). Never during a
 * disclosure or an open case: the case comes first. Returns nothing; the turn goes on.
 */
export async function introduceMentor(ctx: TurnContext, deps: LadderDeps): Promise<void> {
  if (isHelper(ctx.person) || ctx.risk.level !== 'none') return;
  const mentors = (await mentorsOf(ctx.db, ctx.person.id)).filter((m) => !m.introduced);
  const mentor = mentors[0];
  if (!mentor || (await openCaseOf(ctx.db, ctx.person.id))) return;
  const text = ctx.person.displayName
    ? t(ctx, 'intro', { name: mentor.name, student: ctx.person.displayName })
    : t(ctx, 'introNoName', { name: mentor.name });
  ctx.defer(async (tx) => {
    await tx.query(
      `UPDATE links SET introduced_at = $3 WHERE kind = 'mentor_mentee' AND from_person = $1 AND to_person = $2`,
      [mentor.id, ctx.person.id, ctx.now],
    );
    await deps.outbox.enqueue(tx, {
      personId: ctx.person.id,
      channel: ctx.person.channel,
      channelUserId: ctx.person.channelUserId,
      reply: textReply([text], [{ label: t(ctx, 'decline'), postback: DECLINE_POSTBACK }]),
      purpose: 'notice',
      idempotencyKey: `support-helpers:intro:${mentor.id}:${ctx.person.id}:${ctx.now.getTime()}`,
    });
  });
}

/** The student's intents: "내 멘토 선생님", declining the link, and a mentor's code. */
export function studentMentorIntents(deps: LadderDeps, logHashSecret: string): Intent[] {
  const mine: Intent = {
    name: 'support-helpers.myMentor',
    match: (ctx) => (!isHelper(ctx.person) && typedOneOf(ctx, MY_MENTOR) ? 1 : 0),
    handle: async (ctx) => {
      const mentors = await mentorsOf(ctx.db, ctx.person.id);
      const names = mentors.map((m) => m.name).join(', ');
      return { reply: textReply([mentors.length > 0 ? t(ctx, 'mine', { name: names }) : t(ctx, 'none')]) };
    },
  };
  const decline: Intent = {
    name: 'support-helpers.decline',
    match: (ctx) =>
      !isHelper(ctx.person) && (ctx.input.postback === DECLINE_POSTBACK || typedOneOf(ctx, DECLINE)) ? 1 : 0,
    handle: async (ctx) => declineTurn(ctx, deps),
  };
  const code: Intent = {
    name: 'support-helpers.code',
    match: (ctx) => (!ctx.input.postback && parseCodeCommand(ctx.input.text, CODE_PREFIXES) !== null ? 1 : 0),
    handle: async (ctx) => codeTurn(ctx, deps, logHashSecret),
  };
  return [mine, decline, code];
}

async function declineTurn(ctx: TurnContext, deps: LadderDeps): Promise<TurnResult> {
  const mentors = await mentorsOf(ctx.db, ctx.person.id);
  if (mentors.length === 0) return { reply: textReply([t(ctx, 'none')]) };
  ctx.defer(async (tx) => {
    for (const m of mentors) {
      await unlinkMentee(tx, m.id, ctx.person.id, `person:${ctx.person.id}`);
      await tellHelper(
        tx,
        deps,
        m.id,
        textReply([deps.texts.ko.t('support-helpers.mentor.toMentorDeclined')]),
        'notice',
        `declined-${ctx.person.id}`,
        ctx.now,
      );
    }
  });
  return { reply: textReply([t(ctx, 'declined', { name: mentors.map((m) => m.name).join(', ') })]) };
}

async function codeTurn(ctx: TurnContext, deps: LadderDeps, logHashSecret: string): Promise<TurnResult> {
  if (isHelper(ctx.person)) return { reply: textReply([t(ctx, 'notStudent')]) };
  const user = pseudonym(logHashSecret, `code-user:${ctx.person.channel}:${ctx.person.channelUserId}`);
  const sources: CodeSource[] = [{ key: `user:${user}`, limit: SOURCE_LIMITS.user }];
  if (ctx.event.origin) sources.push({ key: `addr:${ctx.event.origin}`, limit: SOURCE_LIMITS.address });
  const redeemed = await redeemLinkCode(ctx.db, {
    attempt: parseCodeCommand(ctx.input.text, CODE_PREFIXES) as string,
    purposes: ['mentor_mentee'],
    channel: ctx.person.channel,
    channelUserId: ctx.person.channelUserId,
    sources,
    now: ctx.now,
  });
  if (!redeemed.ok) return { reply: textReply([t(ctx, 'codeInvalid')]) };
  const mentorId = redeemed.code.personId;
  const { rows } = await ctx.db.query<{ name: string | null }>(
    'SELECT display_name AS name FROM people WHERE id = $1',
    [mentorId],
  );
  const name = rows[0]?.name ?? '';
  ctx.defer(async (tx) => {
    if (!(await consumeLinkCode(tx, redeemed.code.id, ctx.now)))
      throw new Error('mentee code used concurrently');
    // The student typed the code themselves: they already know who their mentor is.
    await linkMentee(tx, mentorId, ctx.person.id, `person:${ctx.person.id}`, ctx.now);
    await tellHelper(
      tx,
      deps,
      mentorId,
      textReply([deps.texts.ko.t('support-helpers.mentor.toMentorLinked')]),
      'notice',
      `linked-${ctx.person.id}`,
      ctx.now,
    );
  });
  return { reply: textReply([t(ctx, 'linked', { name })]) };
}
