import type { TurnContext, TurnResult } from '../../bot/dialog';
import { looksLikeQuestion } from '../../bot/dialog/engine';
import type { HarmKind } from '../../bot/risk';
import type { Reply } from '../../bot/messages';
import { addEvent, openCaseOf, say, type CaseRow } from './ladder';
import { supportState, textReply, type SupportContext } from './shared';
import { appendThread } from './thread';

/**
 * Support mode (DESIGN §2, issue 14): from the first risk reply until the case closes or the
 * student leaves, the student's messages belong to the case. Each one is kept in the case thread
 * and answered here — short, warm, reflective, with a way to reach someone in writing when the
 * phone is frightening — never by the knowledge pages or "잘 모르겠어요".
 */
export const MODE = 'mode';

/** What a message in support mode is about (several may apply; the reply takes them in order). */
export type SupportTopic = 'reportFear' | 'nowhere' | 'phoneFear' | 'home' | 'question' | 'general';

const PHONE = /(전화|통화|콜)/;
const AFRAID = /(무서|무섭|싫|못\s*하|못\s*하겠|어렵|어려워|겁|떨려|자신\s*(이\s*)?없|못\s*걸)/;
const REPORT = /(신고|117|일러|이르면|말하면|얘기하면|알리면)/;
const FOUND_OUT = /(알게|알아|알까|들키|들킬|보복|복수|모르게|비밀|익명|티\s*나|누군지|누가\s*했)/;
const NOWHERE = /(갈|있을|잘|머물)\s?(데|곳)(가|이|도)?\s?없|집에?\s?(못|안)\s?(가|들어가)|쫓겨/;
const OUTSIDE = /(놀이터|길에|길거리|거리에|편의점|공원|pc\s*방|피시방|밖이|밖에|집\s*앞|역에)/i;
const HOME = /(집|내\s*방|방이|방에|방이야|기숙사)/;

/** The topics of a message, most pressing first (pure: tested without a database). */
export function topicsOf(text: string): SupportTopic[] {
  const t = text.normalize('NFC').toLowerCase();
  const topics: SupportTopic[] = [];
  if (REPORT.test(t) && FOUND_OUT.test(t)) topics.push('reportFear');
  const outside = OUTSIDE.test(t);
  if (NOWHERE.test(t) || outside) topics.push('nowhere');
  if (!outside && !topics.includes('nowhere') && HOME.test(t)) topics.push('home');
  if (PHONE.test(t) && AFRAID.test(t)) topics.push('phoneFear');
  // Another question in the middle of a case: the helper will read it too (never the fallback card).
  if (topics.length === 0) topics.push(looksLikeQuestion(text) ? 'question' : 'general');
  return topics;
}

/** The harm subtype a support frame carries (from the risk result that opened support mode). */
export const harmOf = (ctx: TurnContext): HarmKind | undefined => {
  const harm = ctx.state?.flow === 'support' ? ctx.state.answers.harm : undefined;
  return typeof harm === 'string' ? (harm as HarmKind) : undefined;
};

/**
 * The reflective reply: one line that hears what was said, the one offer that fits (a way in
 * writing, a place to stay, how 117 keeps the reporter's name), and that they can keep writing.
 */
export function supportModeLines(ctx: TurnContext, sc: SupportContext, topics: SupportTopic[]): string[] {
  const s = (key: string) => say(ctx.texts, sc.deps.contacts, `mode.${key}`, modeParams(sc));
  // A parent is thanked and told who reads it; the student's lines are not theirs.
  if (ctx.person.audience === 'parent') return [s('parent')];
  const harm = harmOf(ctx);
  const violentHome = harm === 'home' || harm === 'sexual' || harm === 'neglect';
  const first = topics[0] ?? 'general';
  const lines: string[] = [];
  switch (first) {
    case 'reportFear':
      lines.push(s('lead.reportFear'), s('report117'));
      break;
    case 'nowhere':
      lines.push(s('lead.nowhere'), s(violentHome ? 'nowhereHarm' : 'nowhere'));
      break;
    case 'home':
      lines.push(s(violentHome ? 'lead.homeHarm' : 'lead.home'));
      if (violentHome) lines.push(s('home112'));
      break;
    case 'phoneFear':
      lines.push(s('lead.phoneFear'));
      break;
    case 'question':
      lines.push(s('lead.question'));
      break;
    default:
      lines.push(s('lead.general'));
  }
  if (topics.includes('phoneFear')) lines.push(s(violentHome ? 'phoneHarm' : 'phone'));
  lines.push(s('keepGoing'));
  return lines;
}

/** Numbers the support-mode texts use beyond the ladder's (contacts file only). */
function modeParams(sc: SupportContext): Record<string, string> {
  const c = sc.deps.contacts;
  return {
    n117: c.get('schoolViolence').phone ?? '117',
    text117: c.get('schoolViolence').text ?? '',
    n1366: c.get('women1366').phone ?? '1366',
    kakao1388: c.get('youth1388').kakao ?? '',
    text109: c.get('suicide109').text ?? '',
  };
}

/** Alerts of this case the outbox gave up on, the newest first. */
async function failedPages(ctx: TurnContext, c: CaseRow): Promise<number> {
  const { rows } = await ctx.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM support_alerts a JOIN outbox o ON o.idempotency_key = a.outbox_key
      WHERE a.case_id = $1 AND o.status = 'failed'`,
    [c.id],
  );
  return rows[0]?.n ?? 0;
}

/**
 * A page that failed since the student last heard about it: say so at this turn (once per
 * failure), with the lines; the ladder already moved on (runFailedAlerts).
 */
async function failureLine(
  ctx: TurnContext,
  sc: SupportContext,
  c: CaseRow,
): Promise<{ line: string | null; failed: number }> {
  const told = Number(ctx.state?.answers.failedTold ?? 0);
  if (c.assignee_id) return { line: null, failed: told };
  const failed = await failedPages(ctx, c);
  return {
    line: failed > told ? say(ctx.texts, sc.deps.contacts, 'mode.pageFailed') : null,
    failed: Math.max(failed, told),
  };
}

/** Keeps a student's message (and the bot's answer) in the case thread, with the case's timeline. */
export function keepInThread(
  ctx: TurnContext,
  c: Pick<CaseRow, 'id' | 'person_id' | 'level'>,
  answer: Reply | null,
): void {
  const text = ctx.input.text.trim();
  // Concern is kept with consent only; high risk and harm under the protection-of-life exception.
  if (!text || (c.level === 'concern' && !ctx.mayStoreHistory)) return;
  ctx.defer(async (tx) => {
    await appendThread(tx, {
      caseId: c.id,
      personId: c.person_id,
      author: 'student',
      text,
      level: ctx.risk.level,
      at: ctx.now,
    });
    const said = answer?.messages.map((m) => ('text' in m ? m.text : '')).join('\n') ?? '';
    if (said)
      await appendThread(tx, { caseId: c.id, personId: c.person_id, author: 'bot', text: said, at: ctx.now });
    await tx.query('UPDATE support_cases SET last_student_at = $2 WHERE id = $1', [c.id, ctx.now]);
    await addEvent(tx, c.id, ctx.now, 'student_message', `person:${ctx.person.id}`, {
      level: ctx.risk.level,
    });
  });
}

/** Words that leave support mode for another flow: the flow runs (support stays beneath it). */
const LEAVING = /^(퀴즈|오늘의?\s*퀴즈|퀴즈\s*(풀래|풀기|할래|줘)요?|quiz)$/i;

/**
 * A message in support mode: kept in the thread and answered reflectively. Null for a tapped
 * button of another flow or a word that starts another flow (퀴즈): the engine routes those.
 */
export async function supportModeStep(ctx: TurnContext, sc: SupportContext): Promise<TurnResult | null> {
  const text = ctx.input.text.trim();
  if (ctx.input.postback || !text || LEAVING.test(text)) return null;
  const c = await openCaseOf(ctx.db, ctx.person.id);
  if (!c) return null;
  const lines = supportModeLines(ctx, sc, topicsOf(text));
  const failure = await failureLine(ctx, sc, c);
  if (failure.line) lines.unshift(failure.line);
  const reply = textReply(lines);
  keepInThread(ctx, c, reply);
  const answers = { ...(ctx.state?.answers ?? {}), failedTold: failure.failed };
  return { reply, state: supportState(MODE, answers) };
}

/** Support mode ends when the case is no longer open (the helper closed it, or it was swept). */
export async function supportModeEnded(ctx: TurnContext): Promise<boolean> {
  return (await openCaseOf(ctx.db, ctx.person.id)) === null;
}

/**
 * The state that enters (or stays in) support mode, carrying the harm subtype. Once in support mode,
 * the subtype changes only on the grammar's evidence: the classifier alone reads fear or home words
 * in a frightened student's answers ("집이에요. 전화는 무서워서…") as harm at home.
 */
export const supportModeState = (ctx: TurnContext, extra: Record<string, unknown> = {}) => {
  const current = harmOf(ctx);
  const byRules = ctx.risk.signals.some((s) => !s.startsWith('model:') && s !== 'memory');
  const harm =
    ctx.risk.harm && (byRules || (current === undefined && ctx.state?.flow !== 'support'))
      ? ctx.risk.harm
      : current;
  return supportState(MODE, { ...(harm ? { harm } : {}), ...extra });
};
