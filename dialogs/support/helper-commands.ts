import type { Queryable } from '../../bot/db/database';
import type { TurnContext, TurnResult } from '../../bot/dialog';
import { formatLinkCode, insertLinkCode, newLinkCode } from '../../bot/link-codes';
import { audit } from '../../bot/people-store';
import { coveredTiers } from './permissions';
import type { StaffMember } from './roster';
import { seoulTime, textReply, typedOneOf } from './shared';

/** A mentee code is handed over in person or by phone: a week to use it. */
export const MENTEE_CODE_TTL_MS = 7 * 86_400_000;

const HELP = ['도움말', '도움', '사용법', 'help'];
const MY_STUDENTS = ['내 학생', '내 학생 목록', '내 멘티', '멘티 목록', 'my students'];
const OPEN_CASES = ['열린 케이스', '열린 상담', '케이스 목록', 'open cases'];
const ADD_STUDENT = ['내 학생 추가', '학생 추가', '멘티 추가', 'add student'];

const t = (ctx: TurnContext, key: string, params: Record<string, string | number> = {}): string =>
  ctx.texts.t(`support-helpers.${key}`, params);

/** A helper's own commands: their help, their students, their open cases, a code for a new student. */
export async function helperCommand(ctx: TurnContext, helper: StaffMember): Promise<TurnResult | null> {
  if (ctx.input.postback) {
    if (ctx.input.postback === 'core:help') return helpReply(ctx, helper);
    return null;
  }
  if (typedOneOf(ctx, HELP)) return helpReply(ctx, helper);
  if (typedOneOf(ctx, MY_STUDENTS)) return { reply: await menteesReply(ctx, helper) };
  if (typedOneOf(ctx, OPEN_CASES)) return { reply: await openCasesReply(ctx, helper) };
  if (typedOneOf(ctx, ADD_STUDENT)) return addStudent(ctx, helper);
  return null;
}

function helpReply(ctx: TurnContext, helper: StaffMember): TurnResult {
  return {
    reply: textReply(
      [t(ctx, helper.tier === 'mentor' ? 'help.mentor' : 'help.staff')],
      [
        { label: t(ctx, 'labels.myStudents'), postback: 'support-helpers:mentees' },
        { label: t(ctx, 'labels.openCases'), postback: 'support-helpers:cases' },
        { label: t(ctx, 'labels.addStudent'), postback: 'support-helpers:add' },
      ],
    ),
  };
}

/** Postbacks of the help's quick replies. */
export async function helperPostback(ctx: TurnContext, helper: StaffMember): Promise<TurnResult | null> {
  switch (ctx.input.postback) {
    case 'support-helpers:mentees':
      return { reply: await menteesReply(ctx, helper) };
    case 'support-helpers:cases':
      return { reply: await openCasesReply(ctx, helper) };
    case 'support-helpers:add':
      return addStudent(ctx, helper);
    default:
      return null;
  }
}

/** The helper's mentees (active links), with an open case marked. */
export async function menteesOf(
  db: Queryable,
  mentorId: string,
): Promise<{ id: string; name: string | null; since: Date; openCase: string | null }[]> {
  const { rows } = await db.query<{ id: string; name: string | null; since: Date; open_case: string | null }>(
    `SELECT p.id, p.display_name AS name, l.created_at AS since,
            (SELECT c.id::text FROM support_cases c WHERE c.person_id = p.id AND c.status = 'open') AS open_case
       FROM links l JOIN people p ON p.id = l.to_person
      WHERE l.kind = 'mentor_mentee' AND l.from_person = $1 AND l.status = 'active'
      ORDER BY l.created_at, p.id`,
    [mentorId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, since: new Date(r.since), openCase: r.open_case }));
}

async function menteesReply(ctx: TurnContext, helper: StaffMember) {
  const mentees = await menteesOf(ctx.db, helper.personId);
  if (mentees.length === 0) return textReply([t(ctx, 'mentees.none')]);
  const lines = mentees.map((m, i) =>
    t(ctx, m.openCase ? 'mentees.lineOpen' : 'mentees.line', {
      n: i + 1,
      name: m.name ?? t(ctx, 'mentees.noName'),
      since: seoulTime(m.since),
      case: m.openCase ?? '',
    }),
  );
  return textReply([t(ctx, 'mentees.title', { count: mentees.length }), ...lines]);
}

/** Open cases this helper holds or may act on (paged to them or to a tier they cover). */
export async function openCasesFor(
  db: Queryable,
  helper: Pick<StaffMember, 'personId' | 'tier'>,
): Promise<{ id: string; level: string; opened_at: Date; assignee_id: string | null }[]> {
  const { rows } = await db.query<{ id: string; level: string; opened_at: Date; assignee_id: string | null }>(
    `SELECT c.id::text AS id, c.level, c.opened_at, c.assignee_id FROM support_cases c
      WHERE c.status = 'open' AND (c.assignee_id = $1 OR EXISTS (
        SELECT 1 FROM support_alerts a LEFT JOIN staff_profiles s ON s.person_id = a.recipient_id
         WHERE a.case_id = c.id AND (a.recipient_id = $1 OR s.tier = ANY($2::text[]))))
      ORDER BY c.opened_at LIMIT 30`,
    [helper.personId, coveredTiers(helper.tier)],
  );
  return rows.map((r) => ({ ...r, opened_at: new Date(r.opened_at) }));
}

async function openCasesReply(ctx: TurnContext, helper: StaffMember) {
  const cases = await openCasesFor(ctx.db, helper);
  if (cases.length === 0) return textReply([t(ctx, 'cases.none')]);
  const lines = cases.map((c) =>
    t(ctx, 'cases.line', {
      case: c.id,
      level: ctx.texts.t(`support.levels.${c.level}`),
      time: seoulTime(c.opened_at),
      who: t(
        ctx,
        c.assignee_id === helper.personId ? 'cases.mine' : c.assignee_id ? 'cases.taken' : 'cases.waiting',
      ),
    }),
  );
  const waiting = cases.filter((c) => !c.assignee_id).slice(0, 5);
  return textReply(
    [t(ctx, 'cases.title', { count: cases.length }), ...lines],
    waiting.map((c) => ({ label: t(ctx, 'cases.ack', { case: c.id }), postback: `support:ack:${c.id}` })),
  );
}

/** "내 학생 추가": a one-time code (bot/link-codes.ts) the mentor gives the student. */
function addStudent(ctx: TurnContext, helper: StaffMember): TurnResult {
  const code = newLinkCode();
  ctx.defer(async (tx) => {
    const expires = new Date(ctx.now.getTime() + MENTEE_CODE_TTL_MS);
    if (!(await insertLinkCode(tx, code, 'mentor_mentee', helper.personId, null, expires)))
      throw new Error('mentee code selector taken; the turn is retried by the person');
    await audit(tx, `person:${helper.personId}`, 'mentee_code_created', helper.personId, {});
  });
  return {
    reply: textReply([t(ctx, 'addStudent', { code: formatLinkCode(code) })]),
  };
}
