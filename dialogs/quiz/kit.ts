import { normalizeTyped } from '../../bot/choices';
import type { TurnContext, TurnResult } from '../../bot/dialog';
import type { QuickReply } from '../../bot/messages';
import { linksOf } from '../../bot/people-store';
import type { Grade, QuestionBank, Subject } from '../../knowledge/quiz/bank';
import { SUBJECTS } from '../../knowledge/quiz/bank';
import { textReply } from './render';
import type { SessionDeps } from './session';

/** What every part of the quiz dialog shares: the bank and the session helpers' deps. */
export interface QuizKit {
  bank: QuestionBank;
  session: SessionDeps;
}

export const REPORT_REASONS = ['wrong_answer', 'unclear', 'too_hard', 'other'] as const;

/** Two buttons `<prefix>:yes` / `<prefix>:no` with the quiz's own labels. */
export const yesNo = (
  ctx: TurnContext,
  yesKey: string,
  noKey: string,
  prefix: string,
  params?: Record<string, string>,
): QuickReply[] => [
  { label: ctx.texts.t(yesKey, params), postback: `${prefix}:yes` },
  { label: ctx.texts.t(noKey, params), postback: `${prefix}:no` },
];

const DONT_KNOW = new Set(
  [
    '모르겠어요',
    '모르겠어',
    '몰라',
    '몰라요',
    '모름',
    '패스',
    'pass',
    'idk',
    'idontknow',
    '잘모르겠어요',
  ].map(normalizeTyped),
);

/** "모르겠어요", "패스": the student gives up on the question on screen. */
export const isDontKnow = (text: string): boolean => DONT_KNOW.has(normalizeTyped(text));

/** A line said without touching the flow stack (the engine asks a suspended question again). */
export const said = (
  ctx: TurnContext,
  key: string,
  params?: Record<string, string | number>,
): TurnResult => ({
  reply: textReply(ctx.texts.t(key, params)),
});

/** Whether the student has a linked parent (who could get the weekly summary). */
export async function hasParent(ctx: TurnContext): Promise<boolean> {
  return (await linksOf(ctx.db, ctx.person.id)).some(
    (l) => l.kind === 'parent_child' && l.to === ctx.person.id,
  );
}

/** Subjects that have at least one active item for `grade` (a subject without items is never offered silently). */
export const subjectsWithItems = (bank: QuestionBank, grade: Grade): Subject[] =>
  SUBJECTS.filter((s) => bank.itemsFor(s, grade).length > 0);
