import { seoulParts } from '../../bot/calendar';
import { matchChoice, numberedList, typedNumber } from '../../bot/choices';
import type { DialogState, Flow, TurnContext, TurnResult } from '../../bot/dialog';
import { frameAsState, topFrame, type Frame } from '../../bot/dialog/state';
import type { QuickReply, Reply } from '../../bot/messages';
import { pickSetting, applyEdit } from './edit-settings';
import { readTypedAnswer, typedNumeric } from './grading';
import { quizIntents } from './intents';
import { isDontKnow, type QuizKit } from './kit';
import { joinReplies, questionReply, textReply } from './render';
import {
  answerCurrent,
  FLOW,
  sessionOf,
  showQuestion,
  STATE_VERSION,
  todaysSession,
  type Session,
} from './session';
import { askSetup, setupStep } from './setup';
import { answerGradeUp, startFree, withGradeUp } from './start';
import { loadDelivery } from './store';

/**
 * The `quiz` flow on the dialog engine: its steps (a question of a session, the end of a quiz, the
 * yearly grade question, the settings list and the set-up steps), each step's question for the
 * engine to ask again after a digression, and the intercept that lets a typed answer reach a
 * pushed question while the student is in no other conversation.
 */

/** The question again after a digression: one short line (header and prompt) with its answer buttons. */
function questionAgain(ctx: TurnContext, kit: QuizKit, session: Session): Reply {
  const itemId = session.items[session.index] as string;
  const item = kit.bank.byId.get(itemId);
  if (!item) return { messages: [], quickReplies: [] };
  const full = questionReply(ctx.texts, item, session.index, session.items.length, false);
  const choices = item.choices ? ` ${item.choices.map((c, i) => `${i + 1}) ${c}`).join(' ')}` : '';
  const line = ctx.texts.t('quiz.again', {
    n: session.index + 1,
    total: session.items.length,
    prompt: item.prompt,
  });
  return textReply(`${line}${choices}`, full.quickReplies);
}

function gradeUpQuestion(ctx: TurnContext, next: string): Reply {
  const options: QuickReply[] = [
    { label: ctx.texts.t('quiz.gradeUpYes', { next }), postback: 'quiz:gradeup:yes' },
    { label: ctx.texts.t('quiz.gradeUpNo', { next }), postback: 'quiz:gradeup:no' },
  ];
  return textReply(`${ctx.texts.t('quiz.askGradeUp', { next })}\n${numberedList(options)}`, options);
}

function finishedOptions(ctx: TurnContext, state: DialogState): QuickReply[] {
  return [
    { label: ctx.texts.t('quiz.buttons.more'), postback: 'quiz:more' },
    ...(state.answers.stored === true
      ? [{ label: ctx.texts.t('quiz.buttons.myReport'), postback: 'quiz:learning' }]
      : []),
    { label: ctx.texts.t('quiz.buttons.report'), postback: 'quiz:problem' },
    { label: ctx.texts.t('common.menu'), postback: 'menu:open' },
  ];
}

/** A typed message at the question step: an answer, "모르겠어요", or a number out of range. */
async function questionStep(ctx: TurnContext, kit: QuizKit, state: DialogState): Promise<TurnResult | null> {
  const session = sessionOf(state);
  const item = session ? kit.bank.byId.get(session.items[session.index] as string) : undefined;
  if (!session || !item) return null;
  if (isDontKnow(ctx.input.text))
    return withGradeUp(ctx, await answerCurrent(ctx, kit.session, session, null));
  const given = readTypedAnswer(item, ctx.input.text);
  if (given) return withGradeUp(ctx, await answerCurrent(ctx, kit.session, session, given));
  if (item.choices && typedNumber(ctx.input.text) !== null)
    return {
      reply: joinReplies(
        textReply(ctx.texts.t('quiz.outOfRange', { max: item.choices.length })),
        showQuestion(ctx, kit.session, session).reply,
      ),
    };
  return null;
}

/** The quiz flow. */
export function quizFlow(kit: QuizKit): Flow {
  const hooks = {
    startFree: (ctx: TurnContext, grade: Parameters<typeof startFree>[2]) => startFree(kit, ctx, grade),
    applyEdit: (ctx: TurnContext, change: Parameters<typeof applyEdit>[2]) => applyEdit(kit, ctx, change),
  };
  return {
    name: FLOW,
    acceptsVersion: (v) => v === STATE_VERSION,
    intents: quizIntents(kit),
    ask(ctx, frame: Frame, mode) {
      const state = frameAsState(frame) as DialogState;
      const session = sessionOf(state);
      if (session)
        return mode === 'again'
          ? questionAgain(ctx, kit, session)
          : showQuestion(ctx, kit.session, session).reply;
      if (frame.step === 'gradeUp') return gradeUpQuestion(ctx, String(frame.slots.next ?? ''));
      if (frame.step === 'settings') {
        const options = (frame.slots.options as QuickReply[] | undefined) ?? [];
        return textReply(`${ctx.texts.t('quiz.askSetting')}\n${numberedList(options)}`, options);
      }
      return askSetup(ctx, kit, state, mode);
    },
    async step(ctx) {
      const state = ctx.state as DialogState;
      switch (state.step) {
        case 'question':
          // Answer buttons and other postbacks are intents (an old button grades its own item).
          return ctx.input.postback ? null : questionStep(ctx, kit, state);
        case 'finished': {
          if (ctx.input.postback) return null;
          const chosen = matchChoice(ctx.input, finishedOptions(ctx, state));
          return chosen
            ? { reply: { messages: [], quickReplies: [] }, then: { postback: chosen.postback } }
            : null;
        }
        case 'gradeUp':
          return answerGradeUp(kit, ctx, state);
        case 'settings':
          return pickSetting(kit, ctx);
        default:
          return setupStep(ctx, kit, state, hooks);
      }
    },
  };
}

/**
 * A typed answer right after a pushed quiz ("2", "17", "모르겠어요", or an option's own text such
 * as "금 모으기 운동"), while the student is in no other conversation: it answers today's quiz.
 * Short messages only, and never a question, so other turns cost no query.
 */
export async function interceptPushedAnswer(kit: QuizKit, ctx: TurnContext): Promise<TurnResult | null> {
  if (ctx.input.postback || !ctx.mayStoreHistory) return null;
  const top = topFrame(ctx.conversation);
  // The knowledge answer's frame is only conversation memory, and a finished quiz waits for nothing.
  const idle = !top || top.flow === 'knowledge' || (top.flow === FLOW && top.step === 'finished');
  const text = ctx.input.text.trim();
  if (!idle || !text || text.length > 40 || /[?？]/.test(text)) return null;
  const numberLike = typedNumber(text) !== null || typedNumeric(text) !== null || isDontKnow(text);
  const today = seoulParts(ctx.now).date;
  const delivery = await loadDelivery(ctx.db, ctx.person.id, today);
  if (!delivery || delivery.status !== 'sent' || delivery.position >= delivery.items.length) return null;
  const item = kit.bank.byId.get(delivery.items[delivery.position] as string);
  if (!item || (!numberLike && !item.choices)) return null;
  const given = isDontKnow(text) ? null : readTypedAnswer(item, text);
  if (!given && !isDontKnow(text)) return null;
  return withGradeUp(ctx, await answerCurrent(ctx, kit.session, todaysSession(today, delivery), given));
}
