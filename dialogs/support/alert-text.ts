import type { Contacts } from '../../bot/contacts';
import { card, text, type QuickReply, type Reply } from '../../bot/messages';
import type { TextParams, Texts } from '../../bot/texts';
import type { CaseRow } from './case-store';
import type { StaffMember } from './roster';
import { contactParams, say } from './support-texts';

/** What a helper's alert says (one case, or several from one address) and the crisis lines again. */

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
