import type { Config } from '../../bot/config';
import type { Contacts } from '../../bot/contacts';
import { crashPoint } from '../../bot/crash-points';
import type { Queryable } from '../../bot/db/database';
import type { Logger } from '../../bot/logger';
import { card, text, type QuickReply, type Reply } from '../../bot/messages';
import type { Outbox, OutboxPurpose } from '../../bot/outbox';
import { audit, identitiesOf } from '../../bot/people-store';
import type { Language } from '../../bot/people';
import type { TextParams, Texts } from '../../bot/texts';
import type { TextsByLanguage } from '../../bot/texts-loader';
import { inHours, isAway, isOnDuty, loadStaff, nextOnDuty, type StaffMember, type Tier } from './roster';
import type { SupportMetrics } from './metrics';
import { followUpReply, sentLine } from './harm';
import { appendThread, recentStudentLines } from './thread';

/** Case levels (the risk levels that open a case). */
export type CaseLevel = 'concern' | 'high' | 'harm_by_others';
/** Ladder stages: 0 mentor (+ staff for high), 1 coordinator, 2 staff, 3 everyone on every channel. */
export const FINAL_STAGE = 3;
/** Acknowledged but no "연락함" note: page again after this long. */
export const CONTACT_NOTE_MS = 30 * 60_000;
/** Acknowledged helper silent this long after the student wrote (or after the ack): back up the ladder. */
export const HELPER_SILENCE_MS = 10 * 60_000;
/** Re-pages for a missing contact note, at most. */
const CONTACT_REPAGES = 3;
const EXCERPT_CHARS = 80;

/** A support_cases row. */
export interface CaseRow {
  id: string;
  person_id: string;
  status: 'open' | 'closed';
  level: CaseLevel;
  source: string;
  speaker: 'student' | 'parent' | 'unknown';
  excerpt: string | null;
  signals: string[];
  bot_sent: string;
  stage: number;
  wants: 'mentor' | 'staff' | null;
  assignee_id: string | null;
  assignee_tier: Tier | null;
  acked_at: Date | null;
  first_acked_at: Date | null;
  contacted_at: Date | null;
  relay_active: boolean;
  last_student_at: Date | null;
  last_helper_at: Date | null;
  crisis_resent_at: Date | null;
  opened_at: Date;
  closed_at: Date | null;
  /** Where the case came from (a keyed hash of the client address; web only), for grouping pages. */
  origin: string | null;
}

/** Everything the ladder needs; no clock (time is a parameter). */
export interface LadderDeps {
  config: Config;
  outbox: Outbox;
  texts: TextsByLanguage;
  contacts: Contacts;
  metrics: SupportMetrics;
  log: Logger;
}

const RANK: Readonly<Record<CaseLevel, number>> = { concern: 1, harm_by_others: 2, high: 3 };
/** True when `a` is a higher level than `b`. */
export const higher = (a: CaseLevel, b: CaseLevel): boolean => RANK[a] > RANK[b];
const urgent = (level: CaseLevel): boolean => level !== 'concern';
export const ackWindowMs = (deps: LadderDeps, level: CaseLevel): number =>
  (urgent(level) ? deps.config.escalation.ackHighS : deps.config.escalation.ackConcernS) * 1000;

/** A minimal excerpt: the masked text, one line, at most 80 characters. */
export const excerptOf = (masked: string): string => {
  const line = masked.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1)}…` : line;
};

/** Numbers the support texts use, from the contacts file. */
export function contactParams(contacts: Contacts): TextParams {
  const phone = (id: string): string => contacts.get(id).phone ?? id;
  return {
    n109: phone('suicide109'),
    madlen: contacts.get('suicide109').kakao ?? '마들랜',
    n1388: phone('youth1388'),
    n112: phone('police'),
    n119: phone('fire'),
    n0199: phone('mentalHealth'),
  };
}

/** `support.<key>` with the contact numbers filled in. */
export const say = (texts: Texts, contacts: Contacts, key: string, params: TextParams = {}): string =>
  texts.t(`support.${key}`, { ...contactParams(contacts), ...params });

// ---------------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------------

const CASE_COLUMNS = `id::text AS id, person_id, status, level, source, speaker, excerpt, signals, bot_sent, stage, wants,
  assignee_id, assignee_tier, acked_at, first_acked_at, contacted_at, relay_active, last_student_at, last_helper_at,
  crisis_resent_at, opened_at, closed_at, origin`;

/** Loads a case, optionally locking it for the rest of the transaction. */
export async function loadCase(db: Queryable, caseId: string, lock = false): Promise<CaseRow | null> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM support_cases WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [caseId],
  );
  return rows[0] ? normalise(rows[0]) : null;
}

/** The person's open case, if any. */
export async function openCaseOf(db: Queryable, personId: string, lock = false): Promise<CaseRow | null> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM support_cases WHERE person_id = $1 AND status = 'open' ${lock ? 'FOR UPDATE' : ''}`,
    [personId],
  );
  return rows[0] ? normalise(rows[0]) : null;
}

/** Open cases a helper has taken, oldest first. */
export async function casesOf(db: Queryable, helperId: string): Promise<CaseRow[]> {
  const { rows } = await db.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM support_cases WHERE assignee_id = $1 AND status = 'open' ORDER BY acked_at, id`,
    [helperId],
  );
  return rows.map(normalise);
}

function normalise(row: CaseRow): CaseRow {
  const date = (v: Date | null): Date | null => (v ? new Date(v) : null);
  return {
    ...row,
    id: String(row.id),
    signals: Array.isArray(row.signals) ? row.signals : [],
    acked_at: date(row.acked_at),
    first_acked_at: date(row.first_acked_at),
    contacted_at: date(row.contacted_at),
    last_student_at: date(row.last_student_at),
    last_helper_at: date(row.last_helper_at),
    crisis_resent_at: date(row.crisis_resent_at),
    opened_at: new Date(row.opened_at),
    closed_at: date(row.closed_at),
  };
}

/** Appends a timestamped step to the case's timeline (ids only, never text). */
export async function addEvent(
  tx: Queryable,
  caseId: string,
  now: Date,
  kind: string,
  actor: string,
  detail: object = {},
): Promise<void> {
  await tx.query(
    'INSERT INTO support_case_events (case_id, at, kind, actor, detail) VALUES ($1, $2, $3, $4, $5)',
    [caseId, now, kind, actor, JSON.stringify(detail)],
  );
}

/** Plans a deadline; the key makes planning idempotent. */
export async function planDeadline(
  tx: Queryable,
  caseId: string,
  kind: 'ack' | 'contact' | 'silence' | 'retry',
  dueAt: Date,
  detail: Record<string, unknown>,
  keySuffix: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO support_deadlines (case_id, kind, key, due_at, detail) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (key) DO NOTHING`,
    [caseId, kind, `${kind}:${caseId}:${keySuffix}`, dueAt, JSON.stringify(detail)],
  );
}

/** Marks open deadlines of a case done (all kinds, or the given ones). */
export async function finishDeadlines(
  tx: Queryable,
  caseId: string,
  now: Date,
  kinds?: string[],
): Promise<void> {
  await tx.query(
    `UPDATE support_deadlines SET done_at = $2 WHERE case_id = $1 AND done_at IS NULL ${kinds ? 'AND kind = ANY($3)' : ''}`,
    kinds ? [caseId, now, kinds] : [caseId, now],
  );
}

// ---------------------------------------------------------------------------------------------
// Who to page
// ---------------------------------------------------------------------------------------------

/** Mentors linked to the person (links kind mentor_mentee, mentor → mentee). */
export async function mentorIdsOf(db: Queryable, personId: string): Promise<string[]> {
  const { rows } = await db.query<{ from_person: string }>(
    `SELECT from_person FROM links WHERE kind = 'mentor_mentee' AND to_person = $1 AND status = 'active'`,
    [personId],
  );
  return rows.map((r) => r.from_person);
}

const reachableIdentities = (m: StaffMember) => m.identities.filter((i) => i.reachable);

/** The people to page at `stage`, given the roster and the case. */
export function recipientsAt(
  stage: number,
  c: Pick<CaseRow, 'level' | 'wants' | 'speaker'>,
  staff: readonly StaffMember[],
  mentorIds: readonly string[],
  excluded: ReadonlySet<string>,
  now: Date,
): StaffMember[] {
  const usable = staff.filter((m) => !excluded.has(m.personId) && reachableIdentities(m).length > 0);
  const onDuty = (tier: Tier) => usable.filter((m) => m.tier === tier && isOnDuty(m, now));
  switch (stage) {
    case 0: {
      // High risk pages the mentor even off hours (not when away); concern respects hours.
      const mentors =
        c.wants === 'staff' || c.speaker === 'parent'
          ? []
          : usable.filter(
              (m) =>
                mentorIds.includes(m.personId) &&
                !isAway(m, now) &&
                (urgent(c.level) || inHours(m.hours, now)),
            );
      const staffNow = urgent(c.level) ? onDuty('staff').filter((m) => !mentors.includes(m)) : [];
      return [...mentors, ...staffNow];
    }
    case 1:
      return onDuty('coordinator');
    case 2:
      return onDuty('staff');
    default:
      return usable.filter((m) => (m.tier === 'staff' || m.tier === 'coordinator') && !isAway(m, now));
  }
}

/** People who handed the case over or went silent: not paged again for it. */
export async function excludedHelpers(tx: Queryable, caseId: string): Promise<Set<string>> {
  const { rows } = await tx.query<{ helper: string | null }>(
    `SELECT detail->>'helper' AS helper FROM support_case_events WHERE case_id = $1 AND kind IN ('passed', 'silence_timeout')`,
    [caseId],
  );
  return new Set(rows.map((r) => r.helper).filter((h): h is string => Boolean(h)));
}

/** What a stage walk would do now: the first stage from `from` with someone to page. */
export interface PagePlan {
  stage: number;
  recipients: StaffMember[];
  staff: StaffMember[];
  mentorIds: string[];
}

/** Finds the stage to page from `from` on (read only). */
export async function planPage(
  db: Queryable,
  c: Pick<CaseRow, 'person_id' | 'level' | 'wants' | 'speaker'> & { id: string | null },
  from: number,
  now: Date,
): Promise<PagePlan> {
  const staff = await loadStaff(db);
  const mentorIds = await mentorIdsOf(db, c.person_id);
  const excluded = c.id ? await excludedHelpers(db, c.id) : new Set<string>();
  for (let stage = from; stage < FINAL_STAGE; stage += 1) {
    const recipients = recipientsAt(stage, c, staff, mentorIds, excluded, now);
    if (recipients.length > 0) return { stage, recipients, staff, mentorIds };
  }
  return {
    stage: FINAL_STAGE,
    recipients: recipientsAt(FINAL_STAGE, c, staff, mentorIds, excluded, now),
    staff,
    mentorIds,
  };
}

// ---------------------------------------------------------------------------------------------
// Alerts
// ---------------------------------------------------------------------------------------------

/** The alert's one-tap actions (also typed: number or label). */
export function alertActions(texts: Texts, caseId: string): QuickReply[] {
  return [
    { label: texts.t('support.actions.ack'), postback: `support:ack:${caseId}` },
    { label: texts.t('support.actions.resend'), postback: `support:resend:${caseId}` },
    { label: texts.t('support.actions.coordinator'), postback: `support:coord:${caseId}` },
    { label: texts.t('support.actions.pass'), postback: `support:pass:${caseId}` },
    { label: texts.t('support.actions.close'), postback: `support:close:${caseId}` },
  ];
}

/** What an alert quotes beyond the case row: the student's last words (thread) and what they were sent. */
export interface AlertContext {
  said?: readonly string[];
  sent?: string;
}

/** The alert content: who, level, what the bot sent, minutes elapsed, what the student said, the actions. */
export function alertReply(
  texts: Texts,
  c: CaseRow,
  member: StaffMember,
  mentorIds: readonly string[],
  reason: string,
  now: Date,
  context: AlertContext = {},
): Reply {
  const t = (key: string, params?: TextParams) => texts.t(`support.${key}`, params);
  const level = t(`levels.${c.level}`);
  const who =
    c.speaker === 'parent'
      ? t('alert.whoParent')
      : mentorIds.includes(member.personId)
        ? t('alert.whoMentee')
        : t('alert.whoOther');
  const minutes = Math.max(0, Math.floor((now.getTime() - c.opened_at.getTime()) / 60_000));
  const actions = alertActions(texts, c.id);
  const body = [
    t(`alert.reasons.${reason}`),
    who,
    t('alert.level', { level }),
    t('alert.botSent', { sent: context.sent ?? t(`sent.${c.bot_sent}`) }),
    t('alert.elapsed', { minutes }),
    ...saidLines(t, c, context.said ?? []),
    '',
    t('alert.hint'),
    actions.map((a, i) => `${i + 1}. ${a.label}`).join('\n'),
  ].join('\n');
  return {
    messages: [
      card(
        t('alert.title', { level, case: c.id }),
        body,
        actions.slice(0, 3).map((a) => ({ label: a.label, postback: a.postback })),
      ),
    ],
    quickReplies: actions,
  };
}

/** The student's own words: the thread's last messages, else the excerpt, else why there are none. */
function saidLines(
  t: (key: string, params?: TextParams) => string,
  c: CaseRow,
  said: readonly string[],
): string[] {
  if (said.length > 0) return [t('alert.said'), ...said.map((text) => t('alert.saidLine', { text }))];
  return [c.excerpt ? t('alert.excerpt', { excerpt: c.excerpt }) : t('alert.noExcerpt')];
}

/** Pages about cases from one address within this window go out as one grouped alert. */
export const GROUP_WINDOW_MS = 10 * 60_000;
/** A grouped alert waits this long for more cases before it is sent (the first case paged at once). */
export const GROUP_DELAY_MS = 30_000;
/** Cases listed by name in a grouped alert; the rest are counted. */
const GROUP_LISTED = 10;

/**
 * The grouped alert: how many cases came from one address, each with level and age, and an ack
 * each. No excerpt: the row is shared by several students and must hold none of their words.
 */
export function groupAlertReply(texts: Texts, cases: CaseRow[], now: Date): Reply {
  const t = (key: string, params?: TextParams) => texts.t(`support.${key}`, params);
  const listed = cases.slice(0, GROUP_LISTED);
  const lines = listed.map((c) =>
    t('group.line', {
      case: c.id,
      level: t(`levels.${c.level}`),
      minutes: Math.max(0, Math.floor((now.getTime() - c.opened_at.getTime()) / 60_000)),
    }),
  );
  if (cases.length > listed.length) lines.push(t('group.more', { count: cases.length - listed.length }));
  const actions = listed.map((c) => ({
    label: t('group.ack', { case: c.id }),
    postback: `support:ack:${c.id}`,
  }));
  return {
    messages: [
      card(
        t('group.title', { count: cases.length }),
        [t('group.intro', { count: cases.length }), '', ...lines, '', t('group.hint')].join('\n'),
        actions.slice(0, 3),
      ),
    ],
    quickReplies: actions,
  };
}

/**
 * When the member was already paged within the window about another case from the same address,
 * this page joins a grouped alert instead of going out on its own: the pending grouped alert is
 * rewritten to list every case, or a new one is planned GROUP_DELAY_MS ahead. Every case is still
 * recorded as alerted to the member (so they may act on it). Returns the outbox key used, or null
 * when the page should go out on its own.
 */
async function groupedPage(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  member: StaffMember,
  identity: { channel: StaffMember['identities'][number]['channel']; channelUserId: string },
  language: Language,
  now: Date,
): Promise<string | null> {
  if (!c.origin) return null;
  const since = new Date(now.getTime() - GROUP_WINDOW_MS);
  const earlier = await tx.query(
    `SELECT 1 FROM support_alerts a JOIN support_cases s ON s.id = a.case_id
      WHERE a.recipient_id = $1 AND s.origin = $2 AND a.case_id <> $3 AND a.created_at > $4 LIMIT 1`,
    [member.personId, c.origin, c.id, since],
  );
  if (earlier.rows.length === 0) return null;
  const { rows } = await tx.query<CaseRow>(
    `SELECT ${CASE_COLUMNS} FROM support_cases s
      WHERE s.origin = $1 AND s.status = 'open' AND (s.id = $3 OR EXISTS (
        SELECT 1 FROM support_alerts a WHERE a.case_id = s.id AND a.recipient_id = $2 AND a.created_at > $4))
      ORDER BY s.id LIMIT 200`,
    [c.origin, member.personId, c.id, since],
  );
  const cases = rows.map(normalise);
  const reply = groupAlertReply(deps.texts[language], cases, now);
  const prefix = `support:group:${c.origin}:${member.personId}:${identity.channel}:`;
  const pending = await tx.query<{ id: string; idempotency_key: string }>(
    `SELECT id::text AS id, idempotency_key FROM outbox
      WHERE person_id = $1 AND purpose = 'alert' AND status = 'pending' AND starts_with(idempotency_key, $2)
      ORDER BY id DESC LIMIT 1 FOR UPDATE`,
    [member.personId, prefix],
  );
  const open = pending.rows[0];
  if (open) {
    await tx.query('UPDATE outbox SET reply = $2 WHERE id = $1', [open.id, JSON.stringify(reply)]);
    return open.idempotency_key;
  }
  const key = `${prefix}${now.getTime()}`;
  await deps.outbox.enqueue(tx, {
    personId: member.personId,
    channel: identity.channel,
    channelUserId: identity.channelUserId,
    reply,
    purpose: 'alert',
    idempotencyKey: key,
    notBefore: new Date(now.getTime() + GROUP_DELAY_MS),
  });
  return key;
}

/** Pages one person on one of their channels (0 = the one they used last). Returns false if none left. */
export async function pageMember(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  member: StaffMember,
  stage: number,
  reason: string,
  now: Date,
  mentorIds: readonly string[],
  options: {
    identity?: { channel: StaffMember['identities'][number]['channel']; channelUserId: string };
    language?: Language;
  } = {},
): Promise<boolean> {
  const identity = options.identity ?? reachableIdentities(member)[0];
  if (!identity) return false;
  const language = options.language ?? member.language ?? 'ko';
  const texts = deps.texts[language];
  let key = await groupedPage(tx, deps, c, member, identity, language, now);
  const grouped = key !== null;
  const said = await recentStudentLines(tx, c.id);
  if (key === null) {
    key = `support:alert:${c.id}:${stage}:${reason}:${member.personId}:${identity.channel}:${now.getTime()}`;
    await deps.outbox.enqueue(tx, {
      personId: member.personId,
      channel: identity.channel,
      channelUserId: identity.channelUserId,
      reply: alertReply(texts, c, member, mentorIds, reason, now, {
        said,
        sent: sentLine(texts, deps.contacts, c.bot_sent),
      }),
      purpose: 'alert',
      idempotencyKey: key,
      subjectId: c.person_id,
    });
  }
  await tx.query(
    `INSERT INTO support_alerts (case_id, recipient_id, channel, channel_user_id, stage, reason, outbox_key, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (outbox_key, case_id) DO NOTHING`,
    [c.id, member.personId, identity.channel, identity.channelUserId, stage, reason, key, now],
  );
  if (c.excerpt || said.length > 0)
    await audit(tx, 'bot', 'support_excerpt_shared', member.personId, {
      case: c.id,
      channel: identity.channel,
    });
  await addEvent(tx, c.id, now, 'alerted', 'bot', {
    helper: member.personId,
    tier: member.tier,
    channel: identity.channel,
    stage,
    reason,
    grouped,
  });
  return true;
}

/** Sends a message to the person the case is about, on the channel they used last. */
export async function tellPerson(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  reply: Reply,
  purpose: OutboxPurpose,
  tag: string,
  now: Date,
): Promise<string | null> {
  const identity = (await identitiesOf(tx, c.person_id))[0];
  if (!identity) return null;
  const key = `support:${purpose}:${c.id}:${tag}:${now.getTime()}`;
  await deps.outbox.enqueue(tx, {
    personId: c.person_id,
    channel: identity.channel,
    channelUserId: identity.channelUserId,
    reply,
    purpose,
    idempotencyKey: key,
  });
  return key;
}

/**
 * Sends a message to a helper on the channel they used last. `subjectId`: the student it is
 * about (their words go when they are deleted).
 */
export async function tellHelper(
  tx: Queryable,
  deps: LadderDeps,
  helperId: string,
  reply: Reply,
  purpose: OutboxPurpose,
  tag: string,
  now: Date,
  subjectId: string | null = null,
): Promise<string | null> {
  const identity = (await identitiesOf(tx, helperId)).find((i) => i.reachable);
  if (!identity) return null;
  const key = `support:${purpose}:${helperId}:${tag}:${now.getTime()}`;
  await deps.outbox.enqueue(tx, {
    personId: helperId,
    channel: identity.channel,
    channelUserId: identity.channelUserId,
    reply,
    purpose,
    idempotencyKey: key,
    subjectId,
  });
  return key;
}

/** The crisis lines again, as a text plus call buttons (contacts file only). */
export function crisisAgainReply(texts: Texts, contacts: Contacts): Reply {
  const p = contactParams(contacts);
  const numbers = [p.n109, p.n1388, p.n112].map(String);
  return {
    messages: [
      text(say(texts, contacts, 'again')),
      card(
        texts.t('support.againTitle'),
        '',
        numbers.map((number) => ({ label: texts.t('support.call', { number }), phone: number })),
      ),
    ],
    quickReplies: [],
  };
}

/** The person's language (the case is about them). */
async function languageOf(tx: Queryable, personId: string): Promise<Language> {
  const { rows } = await tx.query<{ language: Language }>('SELECT language FROM people WHERE id = $1', [
    personId,
  ]);
  return rows[0]?.language ?? 'ko';
}

// ---------------------------------------------------------------------------------------------
// Walking the ladder
// ---------------------------------------------------------------------------------------------

/**
 * Pages the first stage from `from` that has someone and plans its acknowledgement deadline.
 * With nobody left, alerts every staff member on every channel they have; the person gets the
 * crisis lines again once a full deadline passed without anyone, and a retry is planned for
 * when someone comes on duty.
 */
export async function advance(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  from: number,
  reason: string,
  now: Date,
): Promise<PagePlan> {
  const plan = await planPage(tx, c, Math.min(from, FINAL_STAGE), now);
  await finishDeadlines(tx, c.id, now, ['ack']);
  await tx.query('UPDATE support_cases SET stage = $2 WHERE id = $1', [c.id, plan.stage]);
  const current = { ...c, stage: plan.stage };
  if (plan.stage < FINAL_STAGE) {
    for (const member of plan.recipients)
      await pageMember(tx, deps, current, member, plan.stage, reason, now, plan.mentorIds);
    await planDeadline(
      tx,
      c.id,
      'ack',
      new Date(now.getTime() + ackWindowMs(deps, c.level)),
      { stage: plan.stage },
      `${plan.stage}:${now.getTime()}`,
    );
    await addEvent(tx, c.id, now, 'stage', 'bot', {
      stage: plan.stage,
      reason,
      paged: plan.recipients.length,
    });
    return plan;
  }
  await exhaust(tx, deps, current, plan, reason, now);
  return plan;
}

async function exhaust(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  plan: PagePlan,
  reason: string,
  now: Date,
): Promise<void> {
  let paged = 0;
  // Each person gets the final alert once per channel, however often the ladder runs out.
  const finals = await tx.query<{ who: string }>(
    `SELECT recipient_id || ':' || channel || ':' || channel_user_id AS who FROM support_alerts WHERE case_id = $1 AND stage = $2`,
    [c.id, FINAL_STAGE],
  );
  const alerted = new Set(finals.rows.map((r) => r.who));
  for (const member of plan.recipients) {
    for (const identity of reachableIdentities(member)) {
      if (alerted.has(`${member.personId}:${identity.channel}:${identity.channelUserId}`)) continue;
      if (
        await pageMember(
          tx,
          deps,
          c,
          member,
          FINAL_STAGE,
          reason === 'new' ? 'new' : 'final',
          now,
          plan.mentorIds,
          { identity },
        )
      )
        paged += 1;
    }
  }
  await addEvent(tx, c.id, now, 'stage', 'bot', { stage: FINAL_STAGE, reason, paged });
  const waited = now.getTime() - c.opened_at.getTime() >= ackWindowMs(deps, c.level);
  if (waited) await resendCrisisLines(tx, deps, c, 'bot', now, true);
  else
    await planDeadline(
      tx,
      c.id,
      'ack',
      new Date(c.opened_at.getTime() + ackWindowMs(deps, c.level)),
      { stage: FINAL_STAGE },
      `${FINAL_STAGE}:${now.getTime()}`,
    );
  // The crisis reply promised when a person will see it: page them when their hours start.
  // Only people whose hours start later: someone on duty now (a 24-hour member) was just alerted.
  const next = plan.staff
    .filter((m) => (m.tier === 'staff' || m.tier === 'coordinator') && !isOnDuty(m, now))
    .map((m) => nextOnDuty(m, new Date(now.getTime() + 1000)))
    .filter((d): d is Date => d !== null && d.getTime() > now.getTime())
    .sort((a, b) => a.getTime() - b.getTime())[0];
  if (next) await planDeadline(tx, c.id, 'retry', next, {}, String(next.getTime()));
}

/** Sends the crisis lines to the person again (at most once automatically). */
export async function resendCrisisLines(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  actor: string,
  now: Date,
  automatic: boolean,
): Promise<void> {
  if (automatic && c.crisis_resent_at) return;
  const language = await languageOf(tx, c.person_id);
  await tellPerson(
    tx,
    deps,
    c,
    followUpReply(deps.texts[language], deps.contacts, c.bot_sent),
    'crisis',
    automatic ? 'again' : `again-${actor}`,
    now,
  );
  await tx.query('UPDATE support_cases SET crisis_resent_at = $2 WHERE id = $1', [c.id, now]);
  await addEvent(tx, c.id, now, 'crisis_resent', actor, { automatic });
}

/** Input for a new case. */
export interface NewCase {
  personId: string;
  level: CaseLevel;
  source: 'screen' | 'request' | 'pattern' | 'moderation';
  speaker: 'student' | 'parent' | 'unknown';
  excerpt: string | null;
  signals: string[];
  botSent: string;
  wants: 'mentor' | 'staff' | null;
  startStage: number;
  /** Where the disclosure came from (InboundEvent.origin), to group pages in a flood. */
  origin?: string | null;
  /** The student's message (masked), kept in the case thread before anyone is paged; null when not kept. */
  said?: string | null;
}

/**
 * Opens a case and pages its first stage, or, when the person already has an open case, raises
 * its level (never lowers it). Returns the case id and whether it is new.
 */
export async function openOrRaise(
  tx: Queryable,
  deps: LadderDeps,
  input: NewCase,
  now: Date,
): Promise<{ caseId: string; created: boolean }> {
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO support_cases (person_id, level, source, speaker, excerpt, signals, bot_sent, wants, opened_at, origin)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (person_id) WHERE status = 'open' DO NOTHING RETURNING id::text AS id`,
    [
      input.personId,
      input.level,
      input.source,
      input.speaker,
      input.excerpt,
      JSON.stringify(input.signals),
      input.botSent,
      input.wants,
      now,
      input.origin ?? null,
    ],
  );
  const newId = inserted.rows[0]?.id;
  if (newId) {
    const c = (await loadCase(tx, newId, true)) as CaseRow;
    await addEvent(tx, newId, now, 'opened', 'bot', {
      level: input.level,
      source: input.source,
      speaker: input.speaker,
      botSent: input.botSent,
      signals: input.signals,
    });
    deps.metrics.casesOpened.inc({ level: input.level });
    await keepSaid(tx, newId, input, now);
    await advance(tx, deps, c, input.startStage, 'new', now);
    return { caseId: newId, created: true };
  }
  const existing = await openCaseOf(tx, input.personId, true);
  if (!existing) throw new Error('open case vanished');
  await keepSaid(tx, existing.id, input, now);
  await addEvent(tx, existing.id, now, 'disclosure', 'bot', {
    level: input.level,
    source: input.source,
    signals: input.signals,
  });
  if (higher(input.level, existing.level)) {
    await tx.query(
      'UPDATE support_cases SET level = $2, excerpt = coalesce($3, excerpt), bot_sent = $4 WHERE id = $1',
      [existing.id, input.level, input.excerpt, input.botSent],
    );
    await addEvent(tx, existing.id, now, 'raised', 'bot', { from: existing.level, to: input.level });
    const raised = {
      ...existing,
      level: input.level,
      excerpt: input.excerpt ?? existing.excerpt,
      bot_sent: input.botSent,
    };
    if (raised.assignee_id) {
      // Someone has it: tell them, and bring trained staff in too (mentors are not clinicians).
      const plan = await planPage(tx, raised, 2, now);
      const helper = plan.staff.find((m) => m.personId === raised.assignee_id);
      if (helper) await pageMember(tx, deps, raised, helper, raised.stage, 'raised', now, plan.mentorIds);
      if (plan.stage < FINAL_STAGE) {
        for (const m of plan.recipients.filter((r) => r.personId !== raised.assignee_id))
          await pageMember(tx, deps, raised, m, plan.stage, 'raised', now, plan.mentorIds);
      }
    } else {
      await advance(tx, deps, raised, 0, 'raised', now);
    }
  }
  return { caseId: existing.id, created: false };
}

/** The message that opened or raised a case goes into its thread first, so the page quotes it. */
async function keepSaid(tx: Queryable, caseId: string, input: NewCase, now: Date): Promise<void> {
  if (!input.said) return;
  await appendThread(tx, {
    caseId,
    personId: input.personId,
    author: 'student',
    text: input.said,
    level: input.level,
    at: now,
  });
}

/** Next stage after a helper of `tier` (for silence and handover). */
export const stageAfter = (tier: Tier | null): number =>
  tier === 'mentor' || tier === null ? 1 : tier === 'coordinator' ? 2 : FINAL_STAGE;

// ---------------------------------------------------------------------------------------------
// Due work
// ---------------------------------------------------------------------------------------------

interface DeadlineRow {
  id: string;
  case_id: string;
  kind: 'ack' | 'contact' | 'silence' | 'retry';
  due_at: Date;
  detail: Record<string, unknown>;
}

/**
 * Processes due deadlines one at a time, each in its own short transaction with the deadline
 * row locked (SKIP LOCKED: another instance takes the next one) and the case row locked.
 */
export async function runDeadlines(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  deps: LadderDeps,
  now: Date,
): Promise<number> {
  let handled = 0;
  for (let i = 0; i < 500; i += 1) {
    const did = await db.transaction(async (tx) => {
      const { rows } = await tx.query<DeadlineRow>(
        `SELECT id::text AS id, case_id::text AS case_id, kind, due_at, detail FROM support_deadlines
          WHERE done_at IS NULL AND due_at <= $1 ORDER BY due_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [now],
      );
      const deadline = rows[0];
      if (!deadline) return false;
      await tx.query('UPDATE support_deadlines SET done_at = $2 WHERE id = $1', [deadline.id, now]);
      const c = await loadCase(tx, deadline.case_id, true);
      if (c && c.status === 'open') await onDeadline(tx, deps, c, deadline, now);
      return true;
    });
    if (!did) break;
    crashPoint('mid-ladder');
    handled += 1;
  }
  return handled;
}

async function onDeadline(
  tx: Queryable,
  deps: LadderDeps,
  c: CaseRow,
  d: DeadlineRow,
  now: Date,
): Promise<void> {
  switch (d.kind) {
    case 'ack': {
      if (c.assignee_id || Number(d.detail.stage) !== c.stage) return;
      if (c.stage >= FINAL_STAGE) {
        await resendCrisisLines(tx, deps, c, 'bot', now, true);
        await addEvent(tx, c.id, now, 'unacknowledged', 'bot', {});
        return;
      }
      await addEvent(tx, c.id, now, 'ack_deadline_passed', 'bot', { stage: c.stage });
      await advance(tx, deps, c, c.stage + 1, 'escalated', now);
      return;
    }
    case 'retry': {
      if (c.assignee_id) return;
      await advance(tx, deps, c, 1, 'retry', now);
      return;
    }
    case 'contact': {
      if (!c.assignee_id || c.contacted_at || c.assignee_id !== d.detail.helper) return;
      const round = Number(d.detail.round ?? 1);
      const plan = await planPage(tx, c, 2, now);
      const helper = plan.staff.find((m) => m.personId === c.assignee_id);
      if (helper) await pageMember(tx, deps, c, helper, c.stage, 'no_contact', now, plan.mentorIds);
      if (plan.stage < FINAL_STAGE) {
        for (const m of plan.recipients.filter((r) => r.personId !== c.assignee_id))
          await pageMember(tx, deps, c, m, plan.stage, 'no_contact', now, plan.mentorIds);
      }
      await addEvent(tx, c.id, now, 'no_contact_note', 'bot', { helper: c.assignee_id, round });
      if (round < CONTACT_REPAGES) {
        await planDeadline(
          tx,
          c.id,
          'contact',
          new Date(now.getTime() + CONTACT_NOTE_MS),
          { helper: c.assignee_id, round: round + 1 },
          `${c.assignee_id}:${round + 1}`,
        );
      }
      return;
    }
    case 'silence': {
      const since = new Date(String(d.detail.since));
      if (!c.assignee_id || c.assignee_id !== d.detail.helper || !c.relay_active) return;
      if (c.last_helper_at && c.last_helper_at.getTime() >= since.getTime()) return;
      await helperTimedOut(tx, deps, c, now);
      return;
    }
  }
}

/** The helper went quiet: the person is told and the case climbs from the next tier. */
async function helperTimedOut(tx: Queryable, deps: LadderDeps, c: CaseRow, now: Date): Promise<void> {
  const helperId = c.assignee_id as string;
  const language = await languageOf(tx, c.person_id);
  await tellPerson(
    tx,
    deps,
    c,
    { messages: [text(say(deps.texts[language], deps.contacts, 'silence.toStudent'))], quickReplies: [] },
    'relay',
    'silence',
    now,
  );
  await tellHelper(
    tx,
    deps,
    helperId,
    { messages: [text(deps.texts.ko.t('support.silence.toHelper', { case: c.id }))], quickReplies: [] },
    'notice',
    `silence-${c.id}`,
    now,
    c.person_id,
  );
  await tx.query(
    `UPDATE support_cases SET assignee_id = NULL, assignee_tier = NULL, acked_at = NULL, relay_active = false WHERE id = $1`,
    [c.id],
  );
  await tx.query('DELETE FROM support_helper_focus WHERE case_id = $1', [c.id]);
  await finishDeadlines(tx, c.id, now, ['contact', 'silence']);
  await addEvent(tx, c.id, now, 'silence_timeout', 'bot', { helper: helperId });
  await advance(
    tx,
    deps,
    { ...c, assignee_id: null, relay_active: false },
    stageAfter(c.assignee_tier),
    'silence',
    now,
  );
}

interface FailedAlertRow {
  id: string;
  case_id: string;
  recipient_id: string;
  channel: string;
  stage: number;
}

/** An alert the outbox gave up on: the next channel of that person at once, else the next tier. */
export async function runFailedAlerts(
  db: { transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> },
  deps: LadderDeps,
  now: Date,
): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    const did = await db.transaction(async (tx) => {
      const { rows } = await tx.query<FailedAlertRow>(
        `SELECT a.id::text AS id, a.case_id::text AS case_id, a.recipient_id, a.channel, a.stage
           FROM support_alerts a JOIN outbox o ON o.idempotency_key = a.outbox_key
          WHERE o.status = 'failed' AND a.failure_handled_at IS NULL
          ORDER BY a.id LIMIT 1 FOR UPDATE OF a SKIP LOCKED`,
      );
      const failed = rows[0];
      if (!failed) return false;
      await tx.query('UPDATE support_alerts SET failure_handled_at = $2 WHERE id = $1', [failed.id, now]);
      const c = await loadCase(tx, failed.case_id, true);
      if (!c || c.status !== 'open' || c.assignee_id) return true;
      await addEvent(tx, c.id, now, 'alert_failed', 'bot', {
        helper: failed.recipient_id,
        channel: failed.channel,
      });
      const tried = await tx.query<{ channel: string; channel_user_id: string }>(
        'SELECT channel, channel_user_id FROM support_alerts WHERE case_id = $1 AND recipient_id = $2 AND stage = $3',
        [c.id, failed.recipient_id, failed.stage],
      );
      const used = new Set(tried.rows.map((r) => `${r.channel}:${r.channel_user_id}`));
      const staff = await loadStaff(tx);
      const member = staff.find((m) => m.personId === failed.recipient_id);
      const next = member
        ? reachableIdentities(member).find((i) => !used.has(`${i.channel}:${i.channelUserId}`))
        : undefined;
      if (member && next) {
        await pageMember(
          tx,
          deps,
          c,
          member,
          failed.stage,
          'failed_channel',
          now,
          await mentorIdsOf(tx, c.person_id),
          { identity: next },
        );
        return true;
      }
      if (failed.stage === c.stage && c.stage < FINAL_STAGE)
        await advance(tx, deps, c, c.stage + 1, 'failed_channel', now);
      return true;
    });
    if (!did) return;
  }
}
