import { seoulParts } from '../../bot/calendar';
import { matchChoice, numberedList } from '../../bot/choices';
import type { DialogState, TurnContext, TurnResult } from '../../bot/dialog';
import type { Grade } from '../../knowledge/quiz/bank';
import { askAgeBand } from '../core/consent';
import { yesNo, type QuizKit } from './kit';
import { joinReplies, textReply } from './render';
import {
  ALL_SUBJECTS,
  freeGradeOf,
  newSession,
  pickSet,
  quizState,
  setNotes,
  showQuestion,
  todaysSession,
} from './session';
import { nextGrade } from './settings';
import { askGrade } from './setup';
import { loadDelivery, loadProfile, patchProfile, storePulledSet, type QuizProfile } from './store';

/**
 * Starting a quiz: today's (pushed or pulled, resumed where it was left), one more set, or a
 * quiz without saved history before a guardian's consent; and the yearly grade question on 1 March.
 */

const empty = (ctx: TurnContext): TurnResult => ({
  reply: textReply(ctx.texts.t('quiz.empty')),
  state: null,
});

/** "퀴즈", "퀴즈 풀고 싶어", "지금 풀기": today's quiz, resumed where it was left. */
export async function startQuiz(kit: QuizKit, ctx: TurnContext, gradeOverride?: Grade): Promise<TurnResult> {
  if (ctx.person.consent === 'unknown') {
    const ask = askAgeBand(ctx, 'quiz:start');
    if (ask) return ask;
  }
  if (!ctx.mayStoreHistory) return startFree(kit, ctx, freeGradeOf(ctx.state));
  const profile = await loadProfile(ctx.db, ctx.person.id);
  if (!profile) return askGrade(ctx, 'setup');
  if (!gradeOverride) {
    const ask = askGradeUp(ctx, profile, 'start');
    if (ask) return ask;
  }
  const grade = gradeOverride ?? profile.grade;
  const today = seoulParts(ctx.now).date;
  const delivery = await loadDelivery(ctx.db, ctx.person.id, today);
  if (delivery && delivery.items.length > 0) {
    if (delivery.position < delivery.items.length)
      return showQuestion(ctx, kit.session, todaysSession(today, delivery));
    return {
      reply: textReply(ctx.texts.t('quiz.doneToday'), [
        { label: ctx.texts.t('quiz.buttons.more'), postback: 'quiz:more' },
        { label: ctx.texts.t('quiz.buttons.myReport'), postback: 'quiz:learning' },
        { label: ctx.texts.t('common.menu'), postback: 'menu:open' },
      ]),
      state: quizState('finished', { lastItem: delivery.items.at(-1), items: delivery.items, stored: true }),
    };
  }
  const set = await pickSet(ctx, kit.session, {
    grade,
    subjects: profile.subjects,
    count: profile.questionCount,
    stored: true,
  });
  if (set.items.length === 0) return empty(ctx);
  ctx.defer((tx) => storePulledSet(tx, ctx.person.id, today, set.items, ctx.now));
  const session = newSession(`daily:${today}`, today, set.items, set.items.slice(0, set.reviews), true);
  return showQuestion(ctx, kit.session, session, [
    ctx.texts.t('quiz.introPulled', { count: set.items.length }),
    ...setNotes(ctx, set, grade),
  ]);
}

/** A quiz without saved history (before a guardian's consent): graded, never stored. */
export async function startFree(
  kit: QuizKit,
  ctx: TurnContext,
  grade: Grade | null,
  extra = false,
): Promise<TurnResult> {
  if (!grade) return askGrade(ctx, 'free');
  const set = await pickSet(ctx, kit.session, { grade, subjects: ALL_SUBJECTS, count: 3, stored: false });
  if (set.items.length === 0) return empty(ctx);
  const today = seoulParts(ctx.now).date;
  const session = newSession(`free:${ctx.now.getTime()}`, today, set.items, [], false);
  const lead = ctx.texts.t(extra ? 'quiz.introExtra' : 'quiz.introFree', { count: set.items.length });
  return showQuestion(ctx, kit.session, session, [lead], grade);
}

/** "더 풀기": another set of new items beside today's. */
export async function moreQuiz(kit: QuizKit, ctx: TurnContext): Promise<TurnResult> {
  if (ctx.person.consent === 'unknown') {
    const ask = askAgeBand(ctx, 'quiz:more');
    if (ask) return ask;
  }
  if (!ctx.mayStoreHistory) return startFree(kit, ctx, freeGradeOf(ctx.state), true);
  const profile = await loadProfile(ctx.db, ctx.person.id);
  if (!profile) return startQuiz(kit, ctx);
  const today = seoulParts(ctx.now).date;
  const delivery = await loadDelivery(ctx.db, ctx.person.id, today);
  const set = await pickSet(ctx, kit.session, {
    grade: profile.grade,
    subjects: profile.subjects,
    count: profile.questionCount,
    stored: true,
    exclude: new Set(delivery?.items ?? []),
  });
  if (set.items.length === 0) return empty(ctx);
  const session = newSession(
    `extra:${today}:${ctx.now.getTime()}`,
    today,
    set.items,
    set.items.slice(0, set.reviews),
    true,
  );
  return showQuestion(ctx, kit.session, session, [
    ctx.texts.t('quiz.introExtra', { count: set.items.length }),
    ...setNotes(ctx, set, profile.grade),
  ]);
}

/** After a stored quiz ends: on/after 1 March, ask once a year about the next grade. */
export async function withGradeUp(ctx: TurnContext, result: TurnResult): Promise<TurnResult> {
  if (result.state?.step !== 'finished' || result.state.answers.stored !== true) return result;
  const profile = await loadProfile(ctx.db, ctx.person.id);
  const ask = profile ? askGradeUp(ctx, profile, 'none') : null;
  return ask ? { reply: joinReplies(result.reply, ask.reply), state: ask.state } : result;
}

export function askGradeUp(
  ctx: TurnContext,
  profile: QuizProfile,
  resume: 'start' | 'none',
): TurnResult | null {
  const { month, year } = seoulParts(ctx.now);
  const next = nextGrade(profile.grade);
  if (month < 3 || (profile.gradeAskedYear ?? 0) >= year || !next) return null;
  const options = yesNo(ctx, 'quiz.gradeUpYes', 'quiz.gradeUpNo', 'quiz:gradeup', { next });
  return {
    reply: textReply(`${ctx.texts.t('quiz.askGradeUp', { next })}\n${numberedList(options)}`, options),
    state: quizState('gradeUp', { next, grade: profile.grade, resume }),
  };
}

/** The answer to the yearly grade question (button or typed); null when it is not one. */
export async function answerGradeUp(
  kit: QuizKit,
  ctx: TurnContext,
  state: DialogState | null,
): Promise<TurnResult | null> {
  const profile = await loadProfile(ctx.db, ctx.person.id);
  if (!profile) return null;
  const next = nextGrade(profile.grade);
  if (!next) return null;
  const options = [
    ...yesNo(ctx, 'quiz.gradeUpYes', 'quiz.gradeUpNo', 'quiz:gradeup', { next }),
    { label: '네', postback: 'quiz:gradeup:yes' },
    { label: '아니요', postback: 'quiz:gradeup:no' },
  ];
  const chosen = matchChoice(ctx.input, options);
  if (!chosen) return null;
  const up = chosen.postback === 'quiz:gradeup:yes';
  const year = seoulParts(ctx.now).year;
  ctx.defer((tx) =>
    patchProfile(
      tx,
      ctx.person.id,
      up ? { grade: next, gradeAskedYear: year } : { gradeAskedYear: year },
      ctx.now,
    ),
  );
  const said = textReply(
    up ? ctx.texts.t('quiz.gradeUpDone', { next }) : ctx.texts.t('quiz.gradeKept', { grade: profile.grade }),
  );
  if (state?.answers.resume === 'start') {
    const started = await startQuiz(kit, ctx, up ? next : profile.grade);
    return { ...started, reply: joinReplies(said, started.reply) };
  }
  return { reply: said, state: null };
}
