import { seoulDate } from '../../bot/calendar';
import type { DialogState, TurnContext, TurnResult } from '../../bot/dialog';
import type { QuickReply, Reply } from '../../bot/messages';
import type { Grade, QuestionBank, QuizItem, Subject } from '../../knowledge/quiz/bank';
import { SUBJECTS } from '../../knowledge/quiz/bank';
import { isCorrect, type GivenAnswer } from './grading';
import { joinReplies, questionReply, textReply, verdictMessage } from './render';
import { chooseDailySet, reviewCard, type DailySet } from './scheduler';
import { setNotes as notesFor } from './set-notes';
import {
  deliveryWithItem,
  excusedDays,
  loadCard,
  loadCards,
  loadProfile,
  recentAccuracy,
  recordAnswer,
  wasAnswered,
  type Delivery,
  type QuizProfile,
} from './store';
import { recordActiveDay } from './streak';

/**
 * A quiz session: the ordered items of one sitting and how far the student got. It lives in the
 * dialog state; for the daily quiz it can be rebuilt from the day's delivery row (a pushed
 * question's button arrives while the student is elsewhere). Answers of students whose consent
 * allows history are stored (cards, streak); the others are graded and forgotten.
 */

export const FLOW = 'quiz';
export const STATE_VERSION = 1;

export interface Session {
  /** `daily:<date>`, `extra:<date>:<ms>`, `free:<ms>`: answers are unique per session and item. */
  key: string;
  date: string;
  items: string[];
  /** Items that were due reviews (shown as such). */
  reviews: string[];
  index: number;
  correct: number;
  /** False before consent: nothing is written. */
  stored: boolean;
  /** Lines to show when the session ends (streak, freezes). */
  notes: string[];
}

export const quizState = (step: string, answers: Record<string, unknown>): DialogState => ({
  v: STATE_VERSION,
  flow: FLOW,
  step,
  answers,
});

const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The session in a quiz state, when there is a well-formed one. */
export function sessionOf(state: DialogState | null): Session | null {
  if (state?.flow !== FLOW || state.step !== 'question') return null;
  const s = state.answers.session as Partial<Session> | undefined;
  if (
    !s ||
    typeof s.key !== 'string' ||
    typeof s.date !== 'string' ||
    !isStringArray(s.items) ||
    typeof s.index !== 'number'
  )
    return null;
  return {
    key: s.key,
    date: s.date,
    items: s.items,
    reviews: isStringArray(s.reviews) ? s.reviews : [],
    index: s.index,
    correct: typeof s.correct === 'number' ? s.correct : 0,
    stored: s.stored === true,
    notes: isStringArray(s.notes) ? s.notes : [],
  };
}

/** The grade kept in the state for a quiz without saved settings (before consent). */
export const freeGradeOf = (state: DialogState | null): Grade | null =>
  state?.flow === FLOW && typeof state.answers.freeGrade === 'string'
    ? (state.answers.freeGrade as Grade)
    : null;

/** A new session over a freshly picked set, at its first item. */
export const newSession = (
  key: string,
  date: string,
  items: string[],
  reviews: string[],
  stored: boolean,
): Session => ({
  key,
  date,
  items,
  reviews,
  index: 0,
  correct: 0,
  stored,
  notes: [],
});

/** Today's delivered (or pulled) quiz, resumed where the student left it. */
export const todaysSession = (
  today: string,
  delivery: Pick<Delivery, 'items' | 'position' | 'correct'>,
): Session => ({
  ...newSession(`daily:${today}`, today, delivery.items, [], true),
  index: delivery.position,
  correct: delivery.correct,
});

export interface SessionDeps {
  bank: QuestionBank;
}

/** Picks a set for one student now (reads only). */
export async function pickSet(
  ctx: TurnContext,
  deps: SessionDeps,
  request: {
    grade: Grade;
    subjects: readonly Subject[];
    count: number;
    stored: boolean;
    exclude?: ReadonlySet<string>;
  },
): Promise<DailySet> {
  const personId = ctx.person.id;
  const cards = request.stored ? ((await loadCards(ctx.db, [personId])).get(personId) ?? []) : [];
  const accuracy = request.stored
    ? ((await recentAccuracy(ctx.db, [personId], ctx.now)).get(personId) ?? null)
    : null;
  return chooseDailySet({
    bank: deps.bank,
    grade: request.grade,
    subjects: request.subjects,
    count: request.count,
    cards,
    now: ctx.now,
    today: seoulDate(ctx.now),
    seed: request.stored ? personId : `${personId}:${ctx.now.getTime()}`,
    accuracy,
    exclude: request.exclude,
  });
}

/** The note about exhausted subjects, widened grades or early review (never a silent repeat). */
export function setNotes(ctx: TurnContext, set: DailySet, grade: Grade): string[] {
  return notesFor(ctx.texts, set, grade);
}

/** Shows the current question of a session. */
export function showQuestion(
  ctx: TurnContext,
  deps: SessionDeps,
  session: Session,
  lead: string[] = [],
  freeGrade = freeGradeOf(ctx.state),
): TurnResult {
  const itemId = session.items[session.index] as string;
  const item = deps.bank.byId.get(itemId) as QuizItem;
  const question = questionReply(
    ctx.texts,
    item,
    session.index,
    session.items.length,
    session.reviews.includes(itemId),
  );
  return {
    reply: joinReplies(
      lead.length > 0 ? textReply(lead.join('\n')) : { messages: [], quickReplies: [] },
      question,
    ),
    state: quizState('question', freeGrade ? { session, freeGrade } : { session }),
  };
}

/** Buttons after a finished quiz. */
export function afterQuizButtons(ctx: TurnContext, stored: boolean): QuickReply[] {
  const t = ctx.texts;
  const buttons: QuickReply[] = [
    { label: t.t('quiz.buttons.more'), postback: 'quiz:more' },
    { label: t.t('quiz.buttons.report'), postback: 'quiz:problem' },
  ];
  if (stored) buttons.splice(1, 0, { label: t.t('quiz.buttons.myReport'), postback: 'quiz:learning' });
  buttons.push({ label: t.t('common.menu'), postback: 'menu:open' });
  return buttons;
}

interface Graded {
  verdict: Reply;
  correct: boolean;
  /** Streak lines when this was the day's first answer. */
  notes: string[];
}

/**
 * Grades `given` (null = "모르겠어요") against `item` and, for stored sessions, defers the answer
 * with its card and streak. Returns null for the write when it was already answered.
 */
async function gradeAndRecord(
  ctx: TurnContext,
  item: QuizItem,
  given: GivenAnswer | null,
  record: { sessionKey: string; quizDate: string; deliveryPosition?: number } | null,
): Promise<Graded> {
  const correct = given ? isCorrect(item, given) : false;
  const messages = [verdictMessage(ctx.texts, item, correct, given === null)];
  const notes: string[] = [];
  if (record) {
    const personId = ctx.person.id;
    const today = seoulDate(ctx.now);
    const card = reviewCard(await loadCard(ctx.db, personId, item.id), correct, ctx.now);
    const profile = await loadProfile(ctx.db, personId);
    let streak: QuizProfile['streak'] | undefined;
    if (profile) {
      const excused = await excusedDays(ctx.db, personId, profile.streak.lastActiveDate, today);
      const update = recordActiveDay(profile.streak, today, excused);
      if (update.newDay) {
        streak = update.state;
        if (update.usedFreezes > 0) notes.push(ctx.texts.t('quiz.freezeUsed', { n: update.usedFreezes }));
        if (update.restarted) notes.push(ctx.texts.t('quiz.streakRestart'));
        else
          notes.push(
            ctx.texts.t(update.state.streak === 1 ? 'quiz.streakFirst' : 'quiz.streakDay', {
              streak: update.state.streak,
            }),
          );
        if (update.earnedFreeze) notes.push(ctx.texts.t('quiz.freezeEarned'));
      }
    }
    ctx.defer(async (tx) => {
      await recordAnswer(tx, {
        personId,
        sessionKey: record.sessionKey,
        itemId: item.id,
        subject: item.subject,
        unit: item.unit,
        correct,
        quizDate: record.quizDate,
        at: ctx.now,
        card,
        streak,
        deliveryPosition: record.deliveryPosition,
      });
    });
    if (!correct) messages.push({ type: 'text', text: ctx.texts.t('quiz.comesBack') });
  }
  return { verdict: { messages, quickReplies: [] }, correct, notes };
}

/** Grades the session's current question and moves on (next question or the end). */
export async function answerCurrent(
  ctx: TurnContext,
  deps: SessionDeps,
  session: Session,
  given: GivenAnswer | null,
): Promise<TurnResult> {
  const item = deps.bank.byId.get(session.items[session.index] as string) as QuizItem;
  const graded = await gradeAndRecord(
    ctx,
    item,
    given,
    session.stored
      ? {
          sessionKey: session.key,
          quizDate: session.date,
          deliveryPosition: session.key.startsWith('daily:') ? session.index + 1 : undefined,
        }
      : null,
  );
  const next: Session = {
    ...session,
    index: session.index + 1,
    correct: session.correct + (graded.correct ? 1 : 0),
    notes: [...session.notes, ...graded.notes],
  };
  if (next.index < next.items.length) {
    const shown = showQuestion(ctx, deps, next);
    return { reply: joinReplies(graded.verdict, shown.reply), state: shown.state };
  }
  const t = ctx.texts;
  const total = next.items.length;
  const lines = [
    next.correct === total
      ? t.t('quiz.finishedAll', { total })
      : t.t('quiz.finished', { total, correct: next.correct }),
    ...next.notes,
  ];
  if (!next.stored) lines.push(t.t('quiz.notStored'));
  return {
    reply: joinReplies(graded.verdict, textReply(lines.join('\n'), afterQuizButtons(ctx, next.stored))),
    state: quizState('finished', {
      lastItem: item.id,
      items: next.items,
      stored: next.stored,
      freeGrade: freeGradeOf(ctx.state),
    }),
  };
}

/**
 * A tapped answer button `quiz:answer:<itemId>:<choice>`: graded against that item whatever the
 * current question is. The current question advances; an unanswered old question is graded and
 * stored; a button from a finished quiz gets its verdict without changing anything.
 */
export async function answerButton(
  ctx: TurnContext,
  deps: SessionDeps,
  itemId: string,
  given: GivenAnswer | null,
): Promise<TurnResult> {
  const item = deps.bank.byId.get(itemId);
  if (!item) return { reply: textReply(ctx.texts.t('quiz.unknownItem')) };
  const session = sessionOf(ctx.state);
  if (session && session.items[session.index] === itemId) return answerCurrent(ctx, deps, session, given);
  const stale = (key: string): TurnResult => {
    const correct = given ? isCorrect(item, given) : false;
    return {
      reply: joinReplies(
        { messages: [verdictMessage(ctx.texts, item, correct, given === null)], quickReplies: [] },
        textReply(ctx.texts.t(key)),
      ),
    };
  };
  if (session && session.items.indexOf(itemId) >= 0 && session.items.indexOf(itemId) < session.index)
    return stale('quiz.alreadyAnswered');
  if (!ctx.mayStoreHistory) return stale('quiz.oldQuestion');

  const today = seoulDate(ctx.now);
  const delivery = await deliveryWithItem(ctx.db, ctx.person.id, itemId);
  if (delivery) {
    const key = `daily:${delivery.quizDate}`;
    if (await wasAnswered(ctx.db, ctx.person.id, key, itemId)) return stale('quiz.staleQuiz');
    const at = delivery.items.indexOf(itemId);
    // Today's pushed quiz while no other quiz is open: continue it from this question.
    if (!session && delivery.quizDate === today && at === delivery.position) {
      const profile = await loadProfile(ctx.db, ctx.person.id);
      const rebuilt: Session = {
        key,
        date: today,
        items: delivery.items,
        reviews: await reviewsAmong(ctx, delivery.items),
        index: at,
        correct: delivery.correct,
        stored: true,
        notes: [],
      };
      if (profile) return answerCurrent(ctx, deps, rebuilt, given);
    }
    const graded = await gradeAndRecord(ctx, item, given, {
      sessionKey: key,
      quizDate: delivery.quizDate,
      deliveryPosition: at + 1,
    });
    return {
      reply: joinReplies(textReply(ctx.texts.t('quiz.oldQuestion')), graded.verdict),
    };
  }
  // An extra set's question from a quiz that was replaced: graded once, against its own item.
  const key = `late:${today}`;
  if (await answeredRecently(ctx, itemId)) return stale('quiz.staleQuiz');
  const graded = await gradeAndRecord(ctx, item, given, { sessionKey: key, quizDate: today });
  return {
    reply: joinReplies(textReply(ctx.texts.t('quiz.oldQuestion')), graded.verdict),
  };
}

/** Items of a rebuilt session that already had a card (they are reviews). */
async function reviewsAmong(ctx: TurnContext, items: string[]): Promise<string[]> {
  const { rows } = await ctx.db.query<{ item_id: string }>(
    `SELECT item_id FROM quiz_answers WHERE person_id = $1 AND item_id = ANY($2::text[]) AND quiz_date < $3 GROUP BY item_id`,
    [ctx.person.id, items, seoulDate(ctx.now)],
  );
  return rows.map((r) => r.item_id);
}

/** Whether the item got an answer in the last two days (so a replaced quiz's button is stale). */
async function answeredRecently(ctx: TurnContext, itemId: string): Promise<boolean> {
  const { rows } = await ctx.db.query(
    'SELECT 1 FROM quiz_answers WHERE person_id = $1 AND item_id = $2 AND answered_at > $3 LIMIT 1',
    [ctx.person.id, itemId, new Date(ctx.now.getTime() - 2 * 86_400_000)],
  );
  return rows.length > 0;
}

/** All subjects, for a quiz without saved settings. */
export const ALL_SUBJECTS: readonly Subject[] = SUBJECTS;
