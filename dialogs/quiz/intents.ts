import { addDays, seoulParts } from '../../bot/calendar';
import { normalizeTyped } from '../../bot/choices';
import type { Intent, TurnContext, TurnResult } from '../../bot/dialog';
import type { GivenAnswer } from './grading';
import { parseAnswerPostback } from './grading';
import { applyEdit, pickSetting, settingsMenu } from './edit-settings';
import { hasParent, said, type QuizKit } from './kit';
import { askProblem, childSummary, explain, hint, learningReport, quizFrameOf, streakReply } from './reports';
import { textReply } from './render';
import { answerButton, FLOW, freeGradeOf, sessionOf, showQuestion } from './session';
import { formatMinute } from './settings';
import { subscribe } from './setup';
import { answerGradeUp, moreQuiz, startQuiz, withGradeUp } from './start';
import { loadProfile, patchProfile, type QuizProfile } from './store';
import { readSteering, type Steering } from './words';

/**
 * The quiz's intents: its own buttons, its fixed phrases ("퀴즈 그만", "내일 다시") and steering in
 * words (`quiz.steer`, read by words.ts). Where each may run and which wins is in
 * bot/dialog/intent-table.ts. An intent that only answers returns no state: the engine keeps the
 * stack and asks a suspended question again.
 */

/** An intent matched by typed phrases (spacing and case ignored) or exact postbacks. */
function phrases(
  name: string,
  typed: string[],
  postbacks: string[],
  handle: (ctx: TurnContext) => Promise<TurnResult> | TurnResult,
): Intent {
  const set = new Set(typed.map(normalizeTyped));
  return {
    name,
    match: (ctx) =>
      (ctx.input.postback !== undefined && postbacks.includes(ctx.input.postback)) ||
      (!ctx.input.postback && set.has(normalizeTyped(ctx.input.text))),
    handle: async (ctx) => handle(ctx),
  };
}

/** A command that needs saved settings (else: how to set them up). */
const withProfile =
  (fn: (ctx: TurnContext, profile: QuizProfile) => TurnResult | Promise<TurnResult>) =>
  async (ctx: TurnContext): Promise<TurnResult> => {
    const profile = ctx.mayStoreHistory ? await loadProfile(ctx.db, ctx.person.id) : null;
    if (!profile)
      return {
        reply: textReply(ctx.texts.t('quiz.notSubscribed'), [
          { label: ctx.texts.t('quiz.buttons.settings'), postback: 'quiz:subscribe' },
        ]),
      };
    return fn(ctx, profile);
  };

/** Only the words, never the stack: a setting changed from anywhere leaves the flows where they were. */
const answerOnly = (result: TurnResult): TurnResult => ({ reply: result.reply });

const inQuiz = (ctx: TurnContext): boolean => ctx.conversation.frames.some((f) => f.flow === FLOW);

function pause(ctx: TurnContext): TurnResult {
  ctx.defer((tx) => patchProfile(tx, ctx.person.id, { status: 'paused', resumeOn: null }, ctx.now));
  return { reply: textReply(ctx.texts.t('quiz.paused')), state: null };
}

/** "퀴즈 계속": the quiz on the stack where it was, else today's. */
function continueQuiz(kit: QuizKit, ctx: TurnContext): Promise<TurnResult> | TurnResult {
  const state = quizFrameOf(ctx.conversation);
  const session = sessionOf(state);
  return session ? showQuestion(ctx, kit.session, session, [], freeGradeOf(state)) : startQuiz(kit, ctx);
}

async function steer(kit: QuizKit, ctx: TurnContext, steering: Steering): Promise<TurnResult> {
  switch (steering.kind) {
    case 'start':
      return startQuiz(kit, ctx);
    case 'continue':
      return continueQuiz(kit, ctx);
    case 'hint':
      return hint(kit, ctx);
    case 'explain':
      return explain(kit, ctx, steering.n);
    case 'streak':
      return streakReply(ctx);
    case 'report':
      return learningReport(ctx);
    case 'stop':
      return withProfile(pause)(ctx);
    case 'later':
      // "퀴즈 안 풀래": the quiz on screen ends for now; settings and pushes stay as they are.
      return { reply: textReply(ctx.texts.t('quiz.notNow')), state: null };
    case 'subjects':
      return answerOnly(await applyEdit(kit, ctx, { kind: 'subjects', subjects: steering.subjects }));
    case 'grade':
      return answerOnly(await applyEdit(kit, ctx, { kind: 'grade', grade: steering.grade }));
    case 'time':
      return answerOnly(await applyEdit(kit, ctx, { kind: 'time', minute: steering.minute }));
    case 'count':
      if (steering.count !== 3 && steering.count !== 5) return said(ctx, 'quiz.countOnly');
      return answerOnly(await applyEdit(kit, ctx, { kind: 'count', count: steering.count }));
  }
}

/** Every intent of the quiz flow. */
export function quizIntents(kit: QuizKit): Intent[] {
  const answer: Intent = {
    name: 'quiz.answer',
    match: (ctx) => parseAnswerPostback(ctx.input.postback) !== null,
    async handle(ctx) {
      const parsed = parseAnswerPostback(ctx.input.postback) as { itemId: string; choice: number };
      const item = kit.bank.byId.get(parsed.itemId);
      const given: GivenAnswer | null =
        parsed.choice === 0 || !item?.choices ? null : { kind: 'choice', choice: parsed.choice };
      return withGradeUp(ctx, await answerButton(ctx, kit.session, parsed.itemId, given));
    },
  };
  const steering: Intent = {
    name: 'quiz.steer',
    match: (ctx) => !ctx.input.postback && readSteering(ctx.input.text, inQuiz(ctx)) !== null,
    handle: (ctx) => steer(kit, ctx, readSteering(ctx.input.text, inQuiz(ctx)) as Steering),
  };
  const weekly = (on: boolean) =>
    withProfile((ctx) => {
      ctx.defer((tx) => patchProfile(tx, ctx.person.id, { weeklyReport: on }, ctx.now));
      return said(ctx, on ? 'quiz.weeklyOn' : 'quiz.weeklyOff');
    });
  return [
    answer,
    phrases(
      'quiz.start',
      [
        '퀴즈',
        '오늘의 퀴즈',
        '오늘 퀴즈',
        '퀴즈 풀래',
        '퀴즈 풀래요',
        '퀴즈 풀기',
        '퀴즈 할래',
        '퀴즈 줘',
        '문제 풀래',
        '지금 풀기',
        'quiz',
        "today's quiz",
        'daily quiz',
      ],
      ['quiz:start'],
      (ctx) => startQuiz(kit, ctx),
    ),
    phrases('quiz.more', ['더 풀기', '더 풀래', '더 풀래요', '한 번 더', 'more quiz'], ['quiz:more'], (ctx) =>
      moreQuiz(kit, ctx),
    ),
    phrases(
      'quiz.subscribe',
      [
        '퀴즈 설정',
        '퀴즈 구독',
        '매일 퀴즈',
        '퀴즈 받기',
        '퀴즈 매일 받기',
        'quiz settings',
        'subscribe quiz',
      ],
      ['quiz:subscribe'],
      async (ctx) => {
        const profile = ctx.mayStoreHistory ? await loadProfile(ctx.db, ctx.person.id) : null;
        return profile ? settingsMenu(ctx, profile) : subscribe(ctx);
      },
    ),
    phrases(
      'quiz.pause',
      [
        '퀴즈 그만',
        '퀴즈 그만할래',
        '퀴즈 멈춰',
        '퀴즈 중지',
        '퀴즈 끄기',
        '퀴즈 안 받을래',
        'stop quiz',
        'pause quiz',
      ],
      ['quiz:pause'],
      withProfile(pause),
    ),
    phrases(
      'quiz.tomorrow',
      ['내일 다시', '내일 할래', '오늘은 쉴래', '오늘 쉴래', '내일 해요', 'tomorrow'],
      ['quiz:tomorrow'],
      withProfile((ctx, profile) => {
        const tomorrow = addDays(seoulParts(ctx.now).date, 1);
        ctx.defer((tx) => patchProfile(tx, ctx.person.id, { status: 'active', resumeOn: tomorrow }, ctx.now));
        const time = formatMinute(ctx.texts, profile.deliveryMinute);
        return { reply: textReply(ctx.texts.t('quiz.pausedTomorrow', { time })), state: null };
      }),
    ),
    phrases(
      'quiz.resume',
      ['퀴즈 다시 시작', '퀴즈 다시', '퀴즈 재개', '퀴즈 다시 받기', 'resume quiz'],
      ['quiz:resume'],
      withProfile((ctx, profile) => {
        ctx.defer((tx) => patchProfile(tx, ctx.person.id, { status: 'active', resumeOn: null }, ctx.now));
        return {
          reply: textReply(
            ctx.texts.t('quiz.resumed', { time: formatMinute(ctx.texts, profile.deliveryMinute) }),
            [{ label: ctx.texts.t('quiz.buttons.start'), postback: 'quiz:start' }],
          ),
          state: null,
        };
      }),
    ),
    phrases('quiz.later', ['나중에'], ['quiz:later'], (ctx) => ({
      reply: textReply(ctx.texts.t('core.cancelled')),
      state: null,
    })),
    phrases(
      'quiz.learning',
      [
        '내 학습 리포트',
        '학습 리포트',
        '내 리포트',
        '리포트',
        '학습 진단',
        'my report',
        'my learning report',
      ],
      ['quiz:learning'],
      learningReport,
    ),
    phrases(
      'quiz.problem',
      ['문제 신고', '문제신고할래', '신고', '오류 신고', 'report a problem'],
      ['quiz:problem'],
      (ctx) => askProblem(kit, ctx),
    ),
    phrases(
      'quiz.child',
      ['자녀 퀴즈', '자녀 퀴즈 요약', '자녀 학습 요약', '우리 아이 퀴즈', '아이 퀴즈 요약', "child's quiz"],
      ['quiz:child'],
      childSummary,
    ),
    phrases(
      'quiz.weeklyOff',
      ['주간 리포트 끄기', '주간 리포트 그만', 'weekly report off'],
      [],
      weekly(false),
    ),
    phrases('quiz.weeklyOn', ['주간 리포트 켜기', 'weekly report on'], [], weekly(true)),
    phrases(
      'quiz.shareOn',
      ['보호자 공유 켜기', '부모님 공유 켜기', 'share with parent'],
      [],
      withProfile(async (ctx) => {
        if (!(await hasParent(ctx))) return said(ctx, 'quiz.shareNoParent');
        ctx.defer((tx) => patchProfile(tx, ctx.person.id, { shareWithParent: true }, ctx.now));
        return said(ctx, 'quiz.shareOn');
      }),
    ),
    phrases(
      'quiz.shareOff',
      ['보호자 공유 끄기', '부모님 공유 끄기', 'stop sharing with parent'],
      [],
      withProfile((ctx) => {
        ctx.defer((tx) => patchProfile(tx, ctx.person.id, { shareWithParent: false }, ctx.now));
        return said(ctx, 'quiz.shareOff');
      }),
    ),
    {
      name: 'quiz.gradeUp',
      match: (ctx) => ctx.input.postback === 'quiz:gradeup:yes' || ctx.input.postback === 'quiz:gradeup:no',
      handle: async (ctx) => (await answerGradeUp(kit, ctx, ctx.state)) ?? said(ctx, 'quiz.staleQuiz'),
    },
    steering,
    {
      // Set-up buttons tapped after the set-up moved on: the setting picked (or the list of settings)
      // for someone with saved settings, the set-up from the start for someone without.
      name: 'quiz.staleSetup',
      match: (ctx) => /^quiz:(grade|subject|subjects|time|count|share|edit):/.test(ctx.input.postback ?? ''),
      handle: async (ctx) => {
        const profile = ctx.mayStoreHistory ? await loadProfile(ctx.db, ctx.person.id) : null;
        if (!profile) return subscribe(ctx);
        return (await pickSetting(kit, ctx)) ?? settingsMenu(ctx, profile);
      },
    },
  ];
}
