import { parseCount, parseTimeOfDay } from '../../bot/dialog/parsers';
import { frameAsState } from '../../bot/dialog/state';
import { Counter } from 'prom-client';
import { addDays, seoulParts } from '../../bot/calendar';
import type { Capability, HostDeps } from '../../bot/capability';
import { matchChoice, normalizeTyped, numberedList, typedNumber } from '../../bot/choices';
import { crashPoint } from '../../bot/crash-points';
import type { DialogState, Flow, Intent, TurnContext, TurnResult } from '../../bot/dialog';
import type { JobQueue } from '../../bot/jobs';
import type { QuickReply } from '../../bot/messages';
import type { Metrics } from '../../bot/metrics';
import { loadQuizBank } from '../../knowledge/quiz/full-bank';
import { linksOf } from '../../bot/people-store';
import { askAgeBand } from '../core/consent';
import {
  DAILY_GRADES,
  SUBJECTS,
  type Grade,
  type QuestionBank,
  type Subject,
} from '../../knowledge/quiz/bank';
import {
  batches,
  BATCH_SIZE,
  deliverBatch,
  deliverBatches,
  findDue,
  sendWeekly,
  skipUndelivered,
  type DeliveryDeps,
} from './delivery';
import { parseAnswerPostback, readTypedAnswer, typedNumeric, type GivenAnswer } from './grading';
import { diagnose, renderDiagnosis } from './learning';
import { joinReplies, textReply } from './render';
import {
  ALL_SUBJECTS,
  FLOW,
  STATE_VERSION,
  answerButton,
  answerCurrent,
  freeGradeOf,
  newSession,
  pickSet,
  quizState,
  sessionOf,
  setNotes,
  showQuestion,
  todaysSession,
  type SessionDeps,
} from './session';
import {
  DEFAULT_MINUTE,
  END_MINUTE,
  FIRST_MINUTE,
  formatMinute,
  isDeliveryMinute,
  nextGrade,
  parseGrade,
  parseSubjects,
  parseTime,
} from './settings';
import {
  listReports,
  loadDelivery,
  loadProfile,
  patchProfile,
  saveSettings,
  storePulledSet,
  storeReport,
  type QuizProfile,
} from './store';

/** Options for tests and operators. */
export interface QuizOptions {
  /** The question bank (default: knowledge/quiz/bank, retired items from knowledge/quiz/retired.yaml). */
  bank?: QuestionBank;
  /** Test hook: runs inside each delivery batch's transaction before it commits. */
  beforeBatchCommit?: DeliveryDeps['beforeBatchCommit'];
}

const FANOUT_QUEUE = 'quiz-fanout';
const REPORT_REASONS = ['wrong_answer', 'unclear', 'too_hard', 'other'] as const;

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
      (ctx.input.postback && postbacks.includes(ctx.input.postback)) ||
      (!ctx.input.postback && set.has(normalizeTyped(ctx.input.text)))
        ? 1
        : 0,
    handle: async (ctx) => handle(ctx),
  };
}

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

/** Creates the daily quiz capability: subscription, delivery, grading, FSRS, streaks, reports. */
export function createQuizCapability(
  deps: HostDeps & { jobs?: JobQueue; metrics: Metrics },
  options: QuizOptions = {},
): Capability {
  const bank = options.bank ?? loadQuizBank();
  const sessionDeps: SessionDeps = { bank };
  const deliveryDeps: DeliveryDeps = {
    db: deps.db,
    outbox: deps.outbox,
    texts: deps.texts,
    log: deps.log,
    bank,
    beforeBatchCommit: options.beforeBatchCommit,
  };
  const delivered = new Counter({
    name: 'bot_quiz_pushes_total',
    help: 'Daily quizzes and nudges enqueued',
    registers: [deps.metrics.registry],
  });
  let jobsReady = false;
  let skippedFor = '';
  let lateSkippedFor = '';

  // ── entry points ────────────────────────────────────────────────────────────────────────────

  async function startQuiz(ctx: TurnContext, gradeOverride?: Grade): Promise<TurnResult> {
    if (ctx.person.consent === 'unknown') {
      const ask = askAgeBand(ctx, 'quiz:start');
      if (ask) return ask;
    }
    if (!ctx.mayStoreHistory) return startFree(ctx, freeGradeOf(ctx.state));
    const profile = await loadProfile(ctx.db, ctx.person.id);
    if (!profile) return askGrade(ctx, 'setup', { messages: [], quickReplies: [] });
    if (!gradeOverride) {
      const ask = askGradeUp(ctx, profile, 'start');
      if (ask) return ask;
    }
    const grade = gradeOverride ?? profile.grade;
    const today = seoulParts(ctx.now).date;
    const delivery = await loadDelivery(ctx.db, ctx.person.id, today);
    if (delivery && delivery.items.length > 0) {
      if (delivery.position < delivery.items.length) {
        const session = todaysSession(today, delivery);
        return showQuestion(ctx, sessionDeps, session);
      }
      return {
        reply: textReply(ctx.texts.t('quiz.doneToday'), [
          { label: ctx.texts.t('quiz.buttons.more'), postback: 'quiz:more' },
          { label: ctx.texts.t('quiz.buttons.myReport'), postback: 'quiz:learning' },
          { label: ctx.texts.t('common.menu'), postback: 'menu:open' },
        ]),
        state: quizState('finished', { lastItem: delivery.items[delivery.items.length - 1], stored: true }),
      };
    }
    const set = await pickSet(ctx, sessionDeps, {
      grade,
      subjects: profile.subjects,
      count: profile.questionCount,
      stored: true,
    });
    if (set.items.length === 0) return { reply: textReply(ctx.texts.t('quiz.empty')), state: null };
    ctx.defer((tx) => storePulledSet(tx, ctx.person.id, today, set.items, ctx.now));
    const session = newSession(`daily:${today}`, today, set.items, set.items.slice(0, set.reviews), true);
    return showQuestion(ctx, sessionDeps, session, [
      ctx.texts.t('quiz.introPulled', { count: set.items.length }),
      ...setNotes(ctx, set, grade),
    ]);
  }

  /** A quiz without saved history (before a guardian's consent): graded, never stored. */
  async function startFree(ctx: TurnContext, grade: Grade | null, extra = false): Promise<TurnResult> {
    if (!grade) return askGrade(ctx, 'free', { messages: [], quickReplies: [] });
    const set = await pickSet(ctx, sessionDeps, { grade, subjects: ALL_SUBJECTS, count: 3, stored: false });
    if (set.items.length === 0) return { reply: textReply(ctx.texts.t('quiz.empty')), state: null };
    const today = seoulParts(ctx.now).date;
    const session = newSession(`free:${ctx.now.getTime()}`, today, set.items, [], false);
    const lead = extra
      ? ctx.texts.t('quiz.introExtra', { count: set.items.length })
      : ctx.texts.t('quiz.introFree', { count: set.items.length });
    return showQuestion(ctx, sessionDeps, session, [lead], grade);
  }

  async function moreQuiz(ctx: TurnContext): Promise<TurnResult> {
    if (ctx.person.consent === 'unknown') {
      const ask = askAgeBand(ctx, 'quiz:more');
      if (ask) return ask;
    }
    if (!ctx.mayStoreHistory) return startFree(ctx, freeGradeOf(ctx.state), true);
    const profile = await loadProfile(ctx.db, ctx.person.id);
    if (!profile) return startQuiz(ctx);
    const today = seoulParts(ctx.now).date;
    const delivery = await loadDelivery(ctx.db, ctx.person.id, today);
    const set = await pickSet(ctx, sessionDeps, {
      grade: profile.grade,
      subjects: profile.subjects,
      count: profile.questionCount,
      stored: true,
      exclude: new Set(delivery?.items ?? []),
    });
    if (set.items.length === 0) return { reply: textReply(ctx.texts.t('quiz.empty')), state: null };
    const session = newSession(
      `extra:${today}:${ctx.now.getTime()}`,
      today,
      set.items,
      set.items.slice(0, set.reviews),
      true,
    );
    return showQuestion(ctx, sessionDeps, session, [
      ctx.texts.t('quiz.introExtra', { count: set.items.length }),
      ...setNotes(ctx, set, profile.grade),
    ]);
  }

  /** After a stored quiz ends: on/after 1 March, ask once a year about the next grade. */
  async function withGradeUp(ctx: TurnContext, result: TurnResult): Promise<TurnResult> {
    if (result.state?.step !== 'finished' || result.state.answers.stored !== true) return result;
    const profile = await loadProfile(ctx.db, ctx.person.id);
    const ask = profile ? askGradeUp(ctx, profile, 'none') : null;
    return ask ? { reply: joinReplies(result.reply, ask.reply), state: ask.state } : result;
  }

  // ── subscription dialog ─────────────────────────────────────────────────────────────────────

  const gradeOptions = (): QuickReply[] =>
    DAILY_GRADES.map((g) => ({ label: g, postback: `quiz:grade:${g}` }));

  function askGrade(
    ctx: TurnContext,
    mode: 'setup' | 'free',
    lead: { messages: TurnResult['reply']['messages']; quickReplies: QuickReply[] },
    retry = false,
  ): TurnResult {
    const options = gradeOptions();
    const text = `${ctx.texts.t(retry ? 'quiz.gradeNotUnderstood' : 'quiz.askGrade')}\n${numberedList(options)}`;
    return {
      reply: joinReplies(lead, textReply(text, options)),
      state: quizState('grade', { mode, draft: {} }),
    };
  }

  interface Draft {
    grade?: Grade;
    subjects?: Subject[];
    minute?: number | null;
    count?: 3 | 5;
  }

  const draftOf = (state: DialogState | null): Draft => (state?.answers.draft as Draft | undefined) ?? {};

  function subjectOptions(ctx: TurnContext): QuickReply[] {
    return [
      ...SUBJECTS.map((s) => ({ label: s, postback: `quiz:subject:${s}` })),
      { label: ctx.texts.t('quiz.subjectsAll'), postback: 'quiz:subjects:all' },
      { label: ctx.texts.t('quiz.subjectsDone'), postback: 'quiz:subjects:done' },
    ];
  }

  function askSubjects(ctx: TurnContext, draft: Draft, lead?: string): TurnResult {
    const options = subjectOptions(ctx);
    const chosen = draft.subjects?.length ? draft.subjects.join(', ') : ctx.texts.t('quiz.subjectsNone');
    const text = [lead, `${ctx.texts.t('quiz.askSubjects', { chosen })}\n${numberedList(options)}`]
      .filter(Boolean)
      .join('\n');
    return { reply: textReply(text, options), state: quizState('subjects', { mode: 'setup', draft }) };
  }

  function timeOptions(ctx: TurnContext): (QuickReply & { minute: number | null })[] {
    return [
      {
        label: ctx.texts.t('quiz.timeDefault'),
        postback: `quiz:time:${DEFAULT_MINUTE}`,
        minute: DEFAULT_MINUTE,
      },
      { label: ctx.texts.t('quiz.time18'), postback: 'quiz:time:1080', minute: 1080 },
      { label: ctx.texts.t('quiz.time20'), postback: 'quiz:time:1200', minute: 1200 },
      { label: ctx.texts.t('quiz.timeNone'), postback: 'quiz:time:none', minute: null },
    ];
  }

  function askTime(ctx: TurnContext, draft: Draft, leadKey?: string): TurnResult {
    const options = timeOptions(ctx);
    const text = [
      leadKey ? ctx.texts.t(leadKey) : null,
      `${ctx.texts.t('quiz.askTime')}\n${numberedList(options)}`,
    ]
      .filter(Boolean)
      .join('\n');
    return {
      reply: textReply(
        text,
        options.map(({ label, postback }) => ({ label, postback })),
      ),
      state: quizState('time', { mode: 'setup', draft }),
    };
  }

  function countOptions(ctx: TurnContext): QuickReply[] {
    return [
      { label: ctx.texts.t('quiz.count3'), postback: 'quiz:count:3' },
      { label: ctx.texts.t('quiz.count5'), postback: 'quiz:count:5' },
    ];
  }

  function askCount(ctx: TurnContext, draft: Draft): TurnResult {
    const options = countOptions(ctx);
    return {
      reply: textReply(`${ctx.texts.t('quiz.askCount')}\n${numberedList(options)}`, options),
      state: quizState('count', { mode: 'setup', draft }),
    };
  }

  const yesNo = (
    ctx: TurnContext,
    yesKey: string,
    noKey: string,
    prefix: string,
    params?: Record<string, string>,
  ): QuickReply[] => [
    { label: ctx.texts.t(yesKey, params), postback: `${prefix}:yes` },
    { label: ctx.texts.t(noKey, params), postback: `${prefix}:no` },
  ];

  async function afterCount(ctx: TurnContext, draft: Draft): Promise<TurnResult> {
    const hasParent = (await linksOf(ctx.db, ctx.person.id)).some(
      (l) => l.kind === 'parent_child' && l.to === ctx.person.id,
    );
    if (!hasParent) return saveDraft(ctx, draft, false);
    const options = yesNo(ctx, 'quiz.shareYes', 'quiz.shareNo', 'quiz:share');
    return {
      reply: textReply(`${ctx.texts.t('quiz.askShare')}\n${numberedList(options)}`, options),
      state: quizState('share', { mode: 'setup', draft }),
    };
  }

  function saveDraft(ctx: TurnContext, draft: Draft, share: boolean): TurnResult {
    const { date: today, minuteOfDay, year, month } = seoulParts(ctx.now);
    const grade = draft.grade as Grade;
    const subjects = draft.subjects ?? [...SUBJECTS];
    const minute = draft.minute ?? null;
    const count = draft.count ?? 3;
    const startsToday = minute !== null && minute > minuteOfDay;
    const settings = {
      grade,
      subjects,
      deliveryMinute: minute ?? DEFAULT_MINUTE,
      questionCount: count,
      status: minute === null ? ('none' as const) : ('active' as const),
      startsOn: startsToday ? today : addDays(today, 1),
      shareWithParent: share,
      gradeAskedYear: month >= 3 ? year : year - 1,
    };
    ctx.defer((tx) => saveSettings(tx, ctx.person.id, settings, ctx.now));
    const t = ctx.texts;
    const summary =
      minute === null
        ? t.t('quiz.savedNoPush', { grade, subjects: subjects.join('·'), count })
        : t.t('quiz.saved', {
            grade,
            subjects: subjects.join('·'),
            count,
            time: formatMinute(t, minute),
            first: t.t(startsToday ? 'quiz.firstToday' : 'quiz.firstTomorrow'),
          });
    const options = [
      { label: t.t('quiz.buttons.now'), postback: 'quiz:start' },
      { label: t.t('quiz.buttons.later'), postback: 'quiz:later' },
    ];
    return {
      reply: textReply(`${summary}\n${t.t('quiz.tryNow')}\n${numberedList(options)}`, options),
      state: quizState('tryNow', {}),
    };
  }

  async function subscribe(ctx: TurnContext): Promise<TurnResult> {
    if (ctx.person.consent === 'unknown') {
      const ask = askAgeBand(ctx, 'quiz:subscribe');
      if (ask) return ask;
    }
    if (!ctx.mayStoreHistory) {
      return {
        reply: textReply(ctx.texts.t('quiz.under14'), [
          { label: ctx.texts.t('quiz.buttons.start'), postback: 'quiz:start' },
        ]),
        state: null,
      };
    }
    return askGrade(ctx, 'setup', { messages: [], quickReplies: [] });
  }

  async function subscriptionStep(ctx: TurnContext, state: DialogState): Promise<TurnResult | null> {
    const draft = draftOf(state);
    const input = ctx.input;
    switch (state.step) {
      case 'grade': {
        const chosen = matchChoice(input, gradeOptions());
        const grade =
          (chosen?.label as Grade | undefined) ?? (input.postback ? null : parseGrade(input.text));
        // Not a grade: the engine answers it as a digression or asks again (a third miss offers help).
        if (!grade) return null;
        if (state.answers.mode === 'free') return startFree(ctx, grade);
        return askSubjects(ctx, { ...draft, grade, subjects: [] });
      }
      case 'subjects': {
        const options = subjectOptions(ctx);
        const current = new Set(draft.subjects ?? []);
        const numbers = input.postback ? [] : (input.text.match(/\d+/g) ?? []).map(Number);
        if (numbers.length > 1) {
          const picked = numbers.map((n) => SUBJECTS[n - 1]).filter((s): s is Subject => s !== undefined);
          if (numbers.includes(SUBJECTS.length + 1))
            return askTime(ctx, { ...draft, subjects: [...SUBJECTS] });
          if (picked.length > 0)
            return askTime(ctx, {
              ...draft,
              subjects: SUBJECTS.filter((s) => picked.includes(s) || current.has(s)),
            });
        }
        const chosen = matchChoice(input, options);
        const typedAll =
          !input.postback &&
          ['전부', '모두', '다', '전과목', 'all'].map(normalizeTyped).includes(normalizeTyped(input.text));
        if (chosen?.postback === 'quiz:subjects:all' || typedAll)
          return askTime(ctx, { ...draft, subjects: [...SUBJECTS] });
        // "다 골랐어", "다골랐음", "됐어", "이제 됐어요": the typed form of the done button, with any ending.
        const typedDone =
          !input.postback &&
          /^(이제)?(다)?(골랐|됐|했|완료|끝|done)(어|어요|음|습니다|다|요)?$/.test(
            normalizeTyped(input.text),
          );
        if (chosen?.postback === 'quiz:subjects:done' || typedDone) {
          if (current.size === 0) return askSubjects(ctx, draft, ctx.texts.t('quiz.subjectsNeedOne'));
          return askTime(ctx, draft);
        }
        if (chosen?.postback.startsWith('quiz:subject:')) {
          const subject = chosen.label as Subject;
          if (current.has(subject)) current.delete(subject);
          else current.add(subject);
          return askSubjects(ctx, { ...draft, subjects: SUBJECTS.filter((s) => current.has(s)) });
        }
        const named = input.postback ? [] : parseSubjects(input.text);
        if (named.length > 1)
          return askTime(ctx, {
            ...draft,
            subjects: SUBJECTS.filter((s) => named.includes(s) || current.has(s)),
          });
        if (named.length === 1)
          return askSubjects(ctx, {
            ...draft,
            subjects: SUBJECTS.filter((s) => named.includes(s) || current.has(s)),
          });
        return null;
      }
      case 'time': {
        const options = timeOptions(ctx);
        const chosen =
          input.postback || typedNumber(input.text) !== null ? matchChoice(input, options) : null;
        const typedLabel =
          chosen ??
          (input.postback
            ? null
            : (options.find((o) => normalizeTyped(o.label) === normalizeTyped(input.text)) ?? null));
        let minute: number | null | undefined = typedLabel ? typedLabel.minute : undefined;
        if (minute === undefined && !input.postback) {
          const said = parseTimeOfDay(input.text, { bareHourIsAfternoon: true });
          const parsed = parseTime(input.text) ?? (said ? said.hour * 60 + said.minute : null);
          if (parsed !== null && !isDeliveryMinute(parsed)) return askTime(ctx, draft, 'quiz.timeOutOfRange');
          if (parsed !== null) minute = parsed;
        }
        if (minute === undefined) return null;
        return askCount(ctx, { ...draft, minute });
      }
      case 'count': {
        // "3", "3개만", "세 문제요", "다섯 개": the number itself (3 and 5 are also the options' values).
        const typed = input.postback ? null : parseCount(input.text, { subject: 'items', max: 10 });
        const chosen = typed === null ? matchChoice(input, countOptions(ctx)) : null;
        const count =
          typed === 3 || typed === 5 ? typed : chosen ? (chosen.postback.endsWith('5') ? 5 : 3) : null;
        if (!count) return null;
        return afterCount(ctx, { ...draft, count });
      }
      case 'share': {
        const chosen = matchChoice(input, [
          ...yesNo(ctx, 'quiz.shareYes', 'quiz.shareNo', 'quiz:share'),
          { label: '네', postback: 'quiz:share:yes' },
          { label: '응', postback: 'quiz:share:yes' },
          { label: 'yes', postback: 'quiz:share:yes' },
          { label: 'no', postback: 'quiz:share:no' },
        ]);
        if (!chosen) return null;
        return saveDraft(ctx, draft, chosen.postback === 'quiz:share:yes');
      }
      case 'tryNow': {
        const chosen = matchChoice(input, [
          { label: ctx.texts.t('quiz.buttons.now'), postback: 'quiz:start' },
          { label: ctx.texts.t('quiz.buttons.later'), postback: 'quiz:later' },
        ]);
        if (!chosen || input.postback) return null;
        return {
          reply: { messages: [], quickReplies: [] },
          state: null,
          then: { postback: chosen.postback },
        };
      }
      default:
        return null;
    }
  }

  // ── grade change on 1 March ─────────────────────────────────────────────────────────────────

  function askGradeUp(ctx: TurnContext, profile: QuizProfile, resume: 'start' | 'none'): TurnResult | null {
    const { month, year } = seoulParts(ctx.now);
    const next = nextGrade(profile.grade);
    if (month < 3 || (profile.gradeAskedYear ?? 0) >= year || !next) return null;
    const options = yesNo(ctx, 'quiz.gradeUpYes', 'quiz.gradeUpNo', 'quiz:gradeup', { next });
    return {
      reply: textReply(`${ctx.texts.t('quiz.askGradeUp', { next })}\n${numberedList(options)}`, options),
      state: quizState('gradeUp', { next, grade: profile.grade, resume }),
    };
  }

  async function answerGradeUp(ctx: TurnContext, state: DialogState | null): Promise<TurnResult | null> {
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
      up
        ? ctx.texts.t('quiz.gradeUpDone', { next })
        : ctx.texts.t('quiz.gradeKept', { grade: profile.grade }),
    );
    if (state?.answers.resume === 'start') {
      const started = await startQuiz(ctx, up ? next : profile.grade);
      return { ...started, reply: joinReplies(said, started.reply) };
    }
    return { reply: said, state: null };
  }

  // ── problem reports, learning report, settings commands ─────────────────────────────────────

  /** The item a "문제 신고" is about: the one just answered (or being shown). */
  function lastItemOf(state: DialogState | null): string | null {
    const session = sessionOf(state);
    if (session) return session.items[Math.max(session.index - 1, 0)] ?? null;
    if (state?.flow === FLOW && typeof state.answers.lastItem === 'string') return state.answers.lastItem;
    return null;
  }

  function reasonOptions(ctx: TurnContext, itemId: string): QuickReply[] {
    return REPORT_REASONS.map((r) => ({
      label: ctx.texts.t(`quiz.reportReasons.${r}`),
      postback: `quiz:problem:${itemId}:${r}`,
    }));
  }

  function askProblem(ctx: TurnContext): TurnResult {
    const itemId = lastItemOf(ctx.state);
    if (!itemId || !bank.byId.has(itemId))
      return { reply: textReply(ctx.texts.t('quiz.reportNothing')), state: ctx.state };
    const options = reasonOptions(ctx, itemId);
    return {
      reply: textReply(`${ctx.texts.t('quiz.askReportReason')}\n${numberedList(options)}`, options),
      state: quizState('problem', { itemId, back: ctx.state }),
    };
  }

  function storeProblem(
    ctx: TurnContext,
    itemId: string,
    reason: string,
    back: DialogState | null,
  ): TurnResult {
    const personId = ctx.mayStoreHistory ? ctx.person.id : null;
    ctx.defer((tx) => storeReport(tx, personId, itemId, reason, ctx.now));
    ctx.log.info({ event: 'quiz.problem_reported', item: itemId, reason }, 'quiz item reported');
    const session = sessionOf(back);
    const thanks = textReply(ctx.texts.t('quiz.reportThanks'));
    if (session) {
      const shown = showQuestion(ctx, sessionDeps, session, [], freeGradeOf(back));
      return { reply: joinReplies(thanks, shown.reply), state: shown.state };
    }
    return { reply: thanks, state: back };
  }

  async function learningReport(ctx: TurnContext): Promise<TurnResult> {
    const t = ctx.texts;
    if (!ctx.mayStoreHistory)
      return { reply: textReply(`${t.t('quiz.learning.title')}\n${t.t('quiz.under14')}`), state: ctx.state };
    const [d, profile] = [
      await diagnose(ctx.db, ctx.person.id, ctx.now),
      await loadProfile(ctx.db, ctx.person.id),
    ];
    const buttons = [
      { label: t.t('quiz.buttons.start'), postback: 'quiz:start' },
      { label: t.t('common.menu'), postback: 'menu:open' },
    ];
    return {
      reply: textReply(renderDiagnosis(t, d, profile, t.t('quiz.learning.title')), buttons),
      state: ctx.state,
    };
  }

  /** A settings command that needs a profile. */
  function withProfile(fn: (ctx: TurnContext, profile: QuizProfile) => TurnResult | Promise<TurnResult>) {
    return async (ctx: TurnContext): Promise<TurnResult> => {
      const profile = ctx.mayStoreHistory ? await loadProfile(ctx.db, ctx.person.id) : null;
      if (!profile)
        return {
          reply: textReply(ctx.texts.t('quiz.notSubscribed'), [
            { label: ctx.texts.t('quiz.buttons.settings'), postback: 'quiz:subscribe' },
          ]),
          state: ctx.state,
        };
      return fn(ctx, profile);
    };
  }

  const kept = (ctx: TurnContext, key: string, params?: Record<string, string>): TurnResult => ({
    reply: textReply(ctx.texts.t(key, params)),
    state: ctx.state,
  });

  // ── intents ─────────────────────────────────────────────────────────────────────────────────

  const answerIntent: Intent = {
    name: 'quiz.answer',
    match: (ctx) => (parseAnswerPostback(ctx.input.postback) ? 1 : 0),
    async handle(ctx) {
      const parsed = parseAnswerPostback(ctx.input.postback) as { itemId: string; choice: number };
      const item = bank.byId.get(parsed.itemId);
      const given: GivenAnswer | null =
        parsed.choice === 0 || !item?.choices ? null : { kind: 'choice', choice: parsed.choice };
      return withGradeUp(ctx, await answerButton(ctx, sessionDeps, parsed.itemId, given));
    },
  };

  const problemReasonIntent: Intent = {
    name: 'quiz.problemReason',
    match: (ctx) => (/^quiz:problem:[a-z0-9-]+:[a-z_]+$/.test(ctx.input.postback ?? '') ? 1 : 0),
    handle: async (ctx) => {
      const [, , itemId, reason] = (ctx.input.postback as string).split(':');
      if (!itemId || !bank.byId.has(itemId) || !REPORT_REASONS.includes(reason as never))
        return kept(ctx, 'quiz.reportNothing');
      const back =
        ctx.state?.flow === FLOW && ctx.state.step === 'problem'
          ? ((ctx.state.answers.back as DialogState | null) ?? null)
          : ctx.state;
      return storeProblem(ctx, itemId, reason as string, back);
    },
  };

  const intents: Intent[] = [
    answerIntent,
    problemReasonIntent,
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
        'quiz',
        "today's quiz",
        'daily quiz',
      ],
      ['quiz:start'],
      (ctx) => startQuiz(ctx),
    ),
    phrases(
      'quiz.more',
      ['더 풀기', '더 풀래', '더 풀래요', '한 번 더', 'more quiz'],
      ['quiz:more'],
      moreQuiz,
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
      subscribe,
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
      withProfile((ctx) => {
        ctx.defer((tx) => patchProfile(tx, ctx.person.id, { status: 'paused', resumeOn: null }, ctx.now));
        return { reply: textReply(ctx.texts.t('quiz.paused')), state: null };
      }),
    ),
    phrases(
      'quiz.tomorrow',
      ['내일 다시', '내일 할래', '오늘은 쉴래', '오늘 쉴래', '내일 해요', 'tomorrow'],
      ['quiz:tomorrow'],
      withProfile((ctx, profile) => {
        const tomorrow = addDays(seoulParts(ctx.now).date, 1);
        ctx.defer((tx) => patchProfile(tx, ctx.person.id, { status: 'active', resumeOn: tomorrow }, ctx.now));
        return {
          reply: textReply(
            ctx.texts.t('quiz.pausedTomorrow', { time: formatMinute(ctx.texts, profile.deliveryMinute) }),
          ),
          state: null,
        };
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
      askProblem,
    ),
    phrases(
      'quiz.weeklyOff',
      ['주간 리포트 끄기', '주간 리포트 그만', 'weekly report off'],
      [],
      withProfile((ctx) => {
        ctx.defer((tx) => patchProfile(tx, ctx.person.id, { weeklyReport: false }, ctx.now));
        return kept(ctx, 'quiz.weeklyOff');
      }),
    ),
    phrases(
      'quiz.weeklyOn',
      ['주간 리포트 켜기', 'weekly report on'],
      [],
      withProfile((ctx) => {
        ctx.defer((tx) => patchProfile(tx, ctx.person.id, { weeklyReport: true }, ctx.now));
        return kept(ctx, 'quiz.weeklyOn');
      }),
    ),
    phrases(
      'quiz.shareOn',
      ['보호자 공유 켜기', '부모님 공유 켜기', 'share with parent'],
      [],
      withProfile(async (ctx) => {
        const hasParent = (await linksOf(ctx.db, ctx.person.id)).some(
          (l) => l.kind === 'parent_child' && l.to === ctx.person.id,
        );
        if (!hasParent) return kept(ctx, 'quiz.shareNoParent');
        ctx.defer((tx) => patchProfile(tx, ctx.person.id, { shareWithParent: true }, ctx.now));
        return kept(ctx, 'quiz.shareOn');
      }),
    ),
    phrases(
      'quiz.shareOff',
      ['보호자 공유 끄기', '부모님 공유 끄기', 'stop sharing with parent'],
      [],
      withProfile((ctx) => {
        ctx.defer((tx) => patchProfile(tx, ctx.person.id, { shareWithParent: false }, ctx.now));
        return kept(ctx, 'quiz.shareOff');
      }),
    ),
    {
      name: 'quiz.gradeUp',
      match: (ctx) =>
        ctx.input.postback === 'quiz:gradeup:yes' || ctx.input.postback === 'quiz:gradeup:no' ? 1 : 0,
      handle: async (ctx) => (await answerGradeUp(ctx, ctx.state)) ?? kept(ctx, 'quiz.staleQuiz'),
    },
    {
      // Setup-dialog buttons tapped after the dialog moved on: start the setup again.
      name: 'quiz.staleSetup',
      match: (ctx) =>
        /^quiz:(grade|subject|subjects|time|count|share):/.test(ctx.input.postback ?? '') ? 0.6 : 0,
      handle: subscribe,
    },
  ];

  // ── the flow ────────────────────────────────────────────────────────────────────────────────

  const flow: Flow = {
    name: FLOW,
    acceptsVersion: (v) => v === STATE_VERSION,
    intents,
    // The set-up's questions, asked again after a digression or a miss.
    ask(ctx, frame) {
      const state = frameAsState(frame) as DialogState;
      const draft = draftOf(state);
      switch (frame.step) {
        case 'grade':
          return askGrade(
            ctx,
            state.answers.mode === 'free' ? 'free' : 'setup',
            { messages: [], quickReplies: [] },
            false,
          ).reply;
        case 'subjects':
          return askSubjects(ctx, draft).reply;
        case 'time':
          return askTime(ctx, draft).reply;
        case 'count':
          return askCount(ctx, draft).reply;
        default:
          return null;
      }
    },
    async step(ctx) {
      const state = ctx.state as DialogState;
      // Our own buttons and commands are intents; a step only reads typed text.
      if (
        ctx.input.postback &&
        state.step !== 'grade' &&
        state.step !== 'subjects' &&
        state.step !== 'time' &&
        state.step !== 'count' &&
        state.step !== 'share' &&
        state.step !== 'problem' &&
        state.step !== 'gradeUp'
      )
        return null;
      // Only a sure match (not the stale set-up buttons' 0.6, which are this step's own buttons).
      if (intents.some((i) => i.match(ctx) === true || Number(i.match(ctx)) >= 1)) return null;
      switch (state.step) {
        case 'question': {
          const session = sessionOf(state);
          if (!session) return null;
          const item = bank.byId.get(session.items[session.index] as string);
          if (!item) return null;
          if (DONT_KNOW.has(normalizeTyped(ctx.input.text)))
            return withGradeUp(ctx, await answerCurrent(ctx, sessionDeps, session, null));
          const given = readTypedAnswer(item, ctx.input.text);
          if (given) return withGradeUp(ctx, await answerCurrent(ctx, sessionDeps, session, given));
          const number = typedNumber(ctx.input.text);
          if (item.choices && number !== null)
            return {
              reply: joinReplies(
                textReply(ctx.texts.t('quiz.outOfRange', { max: item.choices.length })),
                showQuestion(ctx, sessionDeps, session).reply,
              ),
              state,
            };
          return null;
        }
        case 'finished': {
          const chosen = matchChoice(ctx.input, [
            { label: ctx.texts.t('quiz.buttons.more'), postback: 'quiz:more' },
            ...(state.answers.stored === true
              ? [{ label: ctx.texts.t('quiz.buttons.myReport'), postback: 'quiz:learning' }]
              : []),
            { label: ctx.texts.t('quiz.buttons.report'), postback: 'quiz:problem' },
            { label: ctx.texts.t('common.menu'), postback: 'menu:open' },
          ]);
          return chosen
            ? { reply: { messages: [], quickReplies: [] }, state, then: { postback: chosen.postback } }
            : null;
        }
        case 'problem': {
          const itemId = String(state.answers.itemId ?? '');
          const chosen = matchChoice(ctx.input, reasonOptions(ctx, itemId));
          if (!chosen) return null;
          return storeProblem(
            ctx,
            itemId,
            chosen.postback.split(':')[3] as string,
            (state.answers.back as DialogState | null) ?? null,
          );
        }
        case 'gradeUp':
          return answerGradeUp(ctx, state);
        default:
          return subscriptionStep(ctx, state);
      }
    },
  };

  /**
   * A typed answer ("2", "17") right after a pushed quiz, while the student is in no other
   * conversation: it answers today's quiz. Only number-like text is considered, so this costs a
   * query only on such turns.
   */
  async function intercept(ctx: TurnContext): Promise<TurnResult | null> {
    // The knowledge answer's state is only conversation memory: a typed answer still belongs to the quiz.
    const idle = ctx.state === null || ctx.state.flow === 'knowledge';
    if (ctx.input.postback || !idle || !ctx.mayStoreHistory) return null;
    const text = ctx.input.text.trim();
    if (
      !text ||
      (typedNumber(text) === null && typedNumeric(text) === null && !DONT_KNOW.has(normalizeTyped(text)))
    )
      return null;
    const today = seoulParts(ctx.now).date;
    const delivery = await loadDelivery(ctx.db, ctx.person.id, today);
    if (!delivery || delivery.status !== 'sent' || delivery.position >= delivery.items.length) return null;
    const itemId = delivery.items[delivery.position] as string;
    const item = bank.byId.get(itemId);
    if (!item) return null;
    const given = DONT_KNOW.has(normalizeTyped(text)) ? null : readTypedAnswer(item, text);
    if (!given && !DONT_KNOW.has(normalizeTyped(text))) return null;
    const session = todaysSession(today, delivery);
    return withGradeUp(ctx, await answerCurrent(ctx, sessionDeps, session, given));
  }

  // ── due work ────────────────────────────────────────────────────────────────────────────────

  async function fanOut(now: Date): Promise<void> {
    const { date: today, minuteOfDay } = seoulParts(now);
    if (deps.jobs) {
      const due = await findDue(deps.db, today, minuteOfDay, 100 * BATCH_SIZE);
      for (const batch of batches(due)) {
        await deps.jobs.send(
          FANOUT_QUEUE,
          { ids: batch, now: now.toISOString() },
          { singletonKey: `quiz:${today}:${batch[0]}`, singletonSeconds: 60 },
        );
      }
      return;
    }
    for (;;) {
      const due = await findDue(deps.db, today, minuteOfDay, 20 * BATCH_SIZE);
      const { claimed } = await deliverBatches(deliveryDeps, due, now, (result) => {
        crashPoint('mid-fanout');
        delivered.inc(result.enqueued);
      });
      if (due.length < 20 * BATCH_SIZE || claimed === 0) return;
    }
  }

  type AdminRouter = Parameters<NonNullable<Capability['adminRoutes']>>[0];

  return {
    name: 'quiz',
    flows: [flow],
    intercept,
    async runDue(now) {
      if (deps.jobs && !jobsReady) {
        jobsReady = true;
        await deps.jobs.work<{ ids: string[]; now: string }>(FANOUT_QUEUE, async (data) => {
          const result = await deliverBatch(deliveryDeps, data.ids, new Date(data.now));
          delivered.inc(result.enqueued);
        });
      }
      const { date: today, minuteOfDay } = seoulParts(now);
      const yesterday = addDays(today, -1);
      if (skippedFor !== yesterday) {
        // A day the service missed entirely (down at 21:00) is ours to own too.
        await skipUndelivered(deps.db, yesterday, now);
        skippedFor = yesterday;
      }
      if (minuteOfDay >= END_MINUTE) {
        if (lateSkippedFor !== today) {
          const skipped = await skipUndelivered(deps.db, today, now);
          if (skipped > 0)
            deps.log.warn(
              { event: 'quiz.skipped_late', count: skipped },
              'quizzes not sent by 21:00 were skipped',
            );
          lateSkippedFor = today;
        }
      } else if (minuteOfDay >= FIRST_MINUTE) {
        await fanOut(now);
        await sendWeekly(deliveryDeps, now);
      }
    },
    adminRoutes(router: AdminRouter) {
      router.get('/quiz/reports', async (req, res) => {
        const limitParam = Number(req.query.limit ?? 100);
        const limit = Number.isInteger(limitParam) && limitParam > 0 ? Math.min(limitParam, 500) : 100;
        const reports = await listReports(deps.db, limit);
        res.json({
          items: reports.map((r) => {
            const item = bank.byId.get(r.itemId);
            return {
              ...r,
              retired: bank.isRetired(r.itemId),
              subject: item?.subject ?? null,
              grade: item?.grade ?? null,
              prompt: item?.prompt ?? null,
            };
          }),
          howToRetire: 'add { id, reason, date } to knowledge/quiz/retired.yaml and redeploy',
        });
      });
    },
  };
}
