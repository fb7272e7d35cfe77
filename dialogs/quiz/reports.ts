import { seoulParts } from '../../bot/calendar';
import { matchChoice, numberedList } from '../../bot/choices';
import type { DialogState, Flow, Intent, TurnContext, TurnResult } from '../../bot/dialog';
import { frameAsState, type ConversationState } from '../../bot/dialog/state';
import type { QuickReply, Reply } from '../../bot/messages';
import type { QuizItem } from '../../knowledge/quiz/bank';
import { circled, rightAnswerLabel } from './grading';
import { REPORT_REASONS, said, type QuizKit } from './kit';
import { diagnose, renderDiagnosis, renderParentSummary } from './learning';
import { textReply } from './render';
import { FLOW, sessionOf } from './session';
import { daysBetween } from './streak';
import { excusedDays, loadDelivery, loadProfile, storeReport } from './store';

/**
 * What the quiz tells about itself: a problem report on the question on screen (its own small flow,
 * pushed on the quiz so the question comes back when it ends), the learning report, the streak, why
 * an answer is right, a hint, and a parent's view of their child's week.
 */

export const REPORT_FLOW = 'quizReport';
const REPORT_V = 1;

/** The quiz frame nearest the top of the stack, as a state. */
export function quizFrameOf(conversation: ConversationState): DialogState | null {
  const frame = [...conversation.frames].reverse().find((f) => f.flow === FLOW) ?? null;
  return frameAsState(frame);
}

/** The item on screen: the question being asked, or the last one of a finished quiz. */
export function itemOnScreen(conversation: ConversationState): string | null {
  const state = quizFrameOf(conversation);
  const session = sessionOf(state);
  if (session) return session.items[session.index] ?? null;
  return typeof state?.answers.lastItem === 'string' ? state.answers.lastItem : null;
}

const reasonOptions = (ctx: TurnContext, itemId: string): QuickReply[] =>
  REPORT_REASONS.map((r) => ({
    label: ctx.texts.t(`quiz.reportReasons.${r}`),
    postback: `quiz:problem:${itemId}:${r}`,
  }));

const reasonQuestion = (ctx: TurnContext, itemId: string): Reply => {
  const options = reasonOptions(ctx, itemId);
  return textReply(`${ctx.texts.t('quiz.askReportReason')}\n${numberedList(options)}`, options);
};

/** "문제 신고": asks why, about the question on screen; the quiz beneath waits. */
export function askProblem(kit: QuizKit, ctx: TurnContext): TurnResult {
  const itemId = itemOnScreen(ctx.conversation);
  if (!itemId || !kit.bank.byId.has(itemId)) return said(ctx, 'quiz.reportNothing');
  return {
    reply: reasonQuestion(ctx, itemId),
    state: { v: REPORT_V, flow: REPORT_FLOW, step: 'reason', answers: { itemId } },
  };
}

/** Stores a report and ends the report frame (the quiz question beneath is asked again by the engine). */
function storeProblem(ctx: TurnContext, itemId: string, reason: string): TurnResult {
  const personId = ctx.mayStoreHistory ? ctx.person.id : null;
  ctx.defer((tx) => storeReport(tx, personId, itemId, reason, ctx.now));
  ctx.log.info({ event: 'quiz.problem_reported', item: itemId, reason }, 'quiz item reported');
  return { reply: textReply(ctx.texts.t('quiz.reportThanks')), state: null };
}

/** The problem report as a flow: one step (the reason), its question, and the tapped reason as an intent. */
export function reportFlow(kit: QuizKit): Flow {
  const reasonIntent: Intent = {
    name: 'quiz.problemReason',
    match: (ctx) => /^quiz:problem:[a-z0-9-]+:[a-z_]+$/.test(ctx.input.postback ?? ''),
    handle: async (ctx) => {
      const [, , itemId, reason] = (ctx.input.postback as string).split(':');
      if (!itemId || !kit.bank.byId.has(itemId) || !REPORT_REASONS.includes(reason as never))
        return said(ctx, 'quiz.reportNothing');
      return storeProblem(ctx, itemId, reason as string);
    },
  };
  return {
    name: REPORT_FLOW,
    acceptsVersion: (v) => v === REPORT_V,
    intents: [reasonIntent],
    ask: (ctx, frame) => reasonQuestion(ctx, String(frame.slots.itemId ?? '')),
    async step(ctx) {
      const itemId = String(ctx.state?.answers.itemId ?? '');
      const chosen = matchChoice(ctx.input, reasonOptions(ctx, itemId));
      if (!chosen) return null;
      return storeProblem(ctx, itemId, chosen.postback.split(':')[3] as string);
    },
  };
}

/** "내 기록 보여줘", "내 학습 리포트": the last 7 days. */
export async function learningReport(ctx: TurnContext): Promise<TurnResult> {
  const t = ctx.texts;
  if (!ctx.mayStoreHistory)
    return { reply: textReply(`${t.t('quiz.learning.title')}\n${t.t('quiz.under14')}`) };
  const d = await diagnose(ctx.db, ctx.person.id, ctx.now);
  const profile = await loadProfile(ctx.db, ctx.person.id);
  const buttons = [
    { label: t.t('quiz.buttons.start'), postback: 'quiz:start' },
    { label: t.t('common.menu'), postback: 'menu:open' },
  ];
  return { reply: textReply(renderDiagnosis(t, d, profile, t.t('quiz.learning.title')), buttons) };
}

/** "스트릭", "연속 며칠째야?": the streak as it stands today (a gap no freeze covers reads as 0). */
export async function streakReply(ctx: TurnContext): Promise<TurnResult> {
  const profile = ctx.mayStoreHistory ? await loadProfile(ctx.db, ctx.person.id) : null;
  if (!profile) return said(ctx, 'quiz.streakNone');
  const today = seoulParts(ctx.now).date;
  const { streak, best, freezes, lastActiveDate } = profile.streak;
  const excused = await excusedDays(ctx.db, ctx.person.id, lastActiveDate, today);
  const missed = daysBetween(lastActiveDate, today).filter((d) => !excused.has(d)).length;
  const alive = streak > 0 && missed <= freezes;
  if (!alive) return said(ctx, 'quiz.streakNone');
  const key = lastActiveDate === today ? 'quiz.streakNow' : 'quiz.streakWaiting';
  return said(ctx, key, { streak, best, freezes });
}

/** The items of the quiz the student is on or just finished, in order (for "1번 문제"). */
async function itemsInView(ctx: TurnContext): Promise<string[]> {
  const state = quizFrameOf(ctx.conversation);
  const session = sessionOf(state);
  if (session) return session.items;
  const items = state?.answers.items;
  if (Array.isArray(items) && items.every((i) => typeof i === 'string')) return items as string[];
  if (!ctx.mayStoreHistory) return [];
  const delivery = await loadDelivery(ctx.db, ctx.person.id, seoulParts(ctx.now).date);
  return delivery ? delivery.items.slice(0, delivery.position) : [];
}

/** "1번 문제 왜 13이에요? 자세히 설명해줘": the right answer and the explanation of question n. */
export async function explain(kit: QuizKit, ctx: TurnContext, n: number | null): Promise<TurnResult> {
  const items = await itemsInView(ctx);
  const session = sessionOf(quizFrameOf(ctx.conversation));
  // Without a number: the last question answered (never the one still open: that would give it away).
  const index = n !== null ? n - 1 : (session ? session.index : items.length) - 1;
  const open = session !== null && index >= session.index;
  const item = index >= 0 ? kit.bank.byId.get(items[index] ?? '') : undefined;
  if (!item) return said(ctx, 'quiz.explainNothing');
  if (open) return said(ctx, 'quiz.explainAfter', { n: index + 1 });
  return said(ctx, 'quiz.explainItem', {
    n: index + 1,
    answer: rightAnswerLabel(item),
    text: item.explanation,
  });
}

/** A hint that does not give the answer away: one wrong choice ruled out, or the unit and the answer's shape. */
export function hintFor(ctx: TurnContext, item: QuizItem): string {
  if (item.choices && item.answer !== undefined) {
    const wrong = item.choices.length - (item.answer === item.choices.length ? 1 : 0);
    return ctx.texts.t('quiz.hintNotThis', { unit: item.unit, choice: circled(wrong) });
  }
  const value = item.numericAnswer ?? 0;
  const shape = Number.isInteger(value)
    ? ctx.texts.t('quiz.hintInteger', { digits: String(Math.abs(value)).length })
    : ctx.texts.t('quiz.hintFraction');
  return ctx.texts.t('quiz.hintNumber', { unit: item.unit, shape });
}

/** "힌트 줘": a hint for the question on screen (the engine then asks it again). */
export function hint(kit: QuizKit, ctx: TurnContext): TurnResult {
  const session = sessionOf(quizFrameOf(ctx.conversation));
  const item = session ? kit.bank.byId.get(session.items[session.index] ?? '') : undefined;
  if (!item) return said(ctx, 'quiz.hintNothing');
  return { reply: textReply(hintFor(ctx, item)) };
}

/** A parent's "자녀 퀴즈 요약": each linked child's week, where the child agreed to share it. */
export async function childSummary(ctx: TurnContext): Promise<TurnResult> {
  const { rows } = await ctx.db.query<{ child: string }>(
    `SELECT to_person::text AS child FROM links WHERE kind = 'parent_child' AND status = 'active' AND from_person = $1`,
    [ctx.person.id],
  );
  if (rows.length === 0) return said(ctx, 'quiz.childNone');
  const parts: string[] = [];
  for (const { child } of rows) {
    const profile = await loadProfile(ctx.db, child);
    if (!profile?.shareWithParent) {
      parts.push(ctx.texts.t('quiz.childNotShared'));
      continue;
    }
    const d = await diagnose(ctx.db, child, ctx.now);
    parts.push(
      d.total === 0
        ? `${ctx.texts.t('quiz.weekly.parentTitle')}\n${ctx.texts.t('quiz.weekly.parentNone')}`
        : renderParentSummary(ctx.texts, d, profile),
    );
  }
  return { reply: textReply(parts.join('\n\n')) };
}
