import { addDays, seoulParts } from '../../bot/calendar';
import { matchChoice, normalizeTyped, numberedList, typedNumber } from '../../bot/choices';
import type { DialogState, TurnContext, TurnResult } from '../../bot/dialog';
import { parseCount, parseTimeOfDay, parseYesNo } from '../../bot/dialog/parsers';
import type { QuickReply, Reply } from '../../bot/messages';
import { DAILY_GRADES, SUBJECTS, type Grade, type Subject } from '../../knowledge/quiz/bank';
import { askAgeBand } from '../core/consent';
import { hasParent, subjectsWithItems, yesNo, type QuizKit } from './kit';
import { joinReplies, textReply } from './render';
import { quizState } from './session';
import {
  DEFAULT_MINUTE,
  formatMinute,
  isDeliveryMinute,
  parseGrade,
  parseSubjects,
  parseTime,
} from './settings';
import { saveSettings } from './store';

/**
 * The quiz set-up: grade → subjects → time → count → (share with a parent) → saved. Each step is a
 * named step of the `quiz` frame with its question in `askSetup` (the engine asks it again after a
 * digression). The same steps in mode `edit` change one setting of a saved profile (settings.ts).
 */

export type SetupMode = 'setup' | 'free' | 'edit';

export interface Draft {
  grade?: Grade;
  subjects?: Subject[];
  minute?: number | null;
  count?: 3 | 5;
}

export const draftOf = (state: DialogState | null): Draft =>
  (state?.answers.draft as Draft | undefined) ?? {};
export const modeOf = (state: DialogState | null): SetupMode =>
  state?.answers.mode === 'free' || state?.answers.mode === 'edit' ? state.answers.mode : 'setup';

const none: Reply = { messages: [], quickReplies: [] };

export const gradeOptions = (): QuickReply[] =>
  DAILY_GRADES.map((g) => ({ label: g, postback: `quiz:grade:${g}` }));

export function askGrade(ctx: TurnContext, mode: SetupMode, lead: Reply = none, retry = false): TurnResult {
  const options = gradeOptions();
  const text = `${ctx.texts.t(retry ? 'quiz.gradeNotUnderstood' : 'quiz.askGrade')}\n${numberedList(options)}`;
  return {
    reply: joinReplies(lead, textReply(text, options)),
    state: quizState('grade', { mode, draft: {} }),
  };
}

/** The subjects that have items for the draft's grade, then 전부 and 다 골랐어요. */
function subjectOptions(ctx: TurnContext, kit: QuizKit, grade: Grade | undefined): QuickReply[] {
  const offered = grade ? subjectsWithItems(kit.bank, grade) : [...SUBJECTS];
  return [
    ...offered.map((s) => ({ label: s, postback: `quiz:subject:${s}` })),
    { label: ctx.texts.t('quiz.subjectsAll'), postback: 'quiz:subjects:all' },
    { label: ctx.texts.t('quiz.subjectsDone'), postback: 'quiz:subjects:done' },
  ];
}

/** Subjects without items for the grade, said kindly before the choice (never a silent empty quiz). */
function missingNote(ctx: TurnContext, kit: QuizKit, grade: Grade | undefined): string | null {
  if (!grade) return null;
  const offered = subjectsWithItems(kit.bank, grade);
  const missing = SUBJECTS.filter((s) => !offered.includes(s));
  if (missing.length === 0) return null;
  return ctx.texts.t('quiz.subjectsMissing', {
    grade,
    missing: missing.join('·'),
    offered: offered.join('·'),
  });
}

export function askSubjects(
  ctx: TurnContext,
  kit: QuizKit,
  draft: Draft,
  mode: SetupMode,
  lead?: string,
): TurnResult {
  const options = subjectOptions(ctx, kit, draft.grade);
  const chosen = draft.subjects?.length ? draft.subjects.join(', ') : ctx.texts.t('quiz.subjectsNone');
  const text = [
    lead ?? missingNote(ctx, kit, draft.grade),
    `${ctx.texts.t('quiz.askSubjects', { chosen })}\n${numberedList(options)}`,
  ]
    .filter(Boolean)
    .join('\n');
  return { reply: textReply(text, options), state: quizState('subjects', { mode, draft }) };
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

export function askTime(ctx: TurnContext, draft: Draft, mode: SetupMode, lead?: string): TurnResult {
  const options = timeOptions(ctx);
  const text = [lead, `${ctx.texts.t('quiz.askTime')}\n${numberedList(options)}`].filter(Boolean).join('\n');
  return {
    reply: textReply(
      text,
      options.map(({ label, postback }) => ({ label, postback })),
    ),
    state: quizState('time', { mode, draft }),
  };
}

const countOptions = (ctx: TurnContext): QuickReply[] => [
  { label: ctx.texts.t('quiz.count3'), postback: 'quiz:count:3' },
  { label: ctx.texts.t('quiz.count5'), postback: 'quiz:count:5' },
];

export function askCount(ctx: TurnContext, draft: Draft, mode: SetupMode, leadKey?: string): TurnResult {
  const options = countOptions(ctx);
  const lead = leadKey ? `${ctx.texts.t(leadKey)}\n` : '';
  return {
    reply: textReply(`${lead}${ctx.texts.t('quiz.askCount')}\n${numberedList(options)}`, options),
    state: quizState('count', { mode, draft }),
  };
}

const shareOptions = (ctx: TurnContext): QuickReply[] =>
  yesNo(ctx, 'quiz.shareYes', 'quiz.shareNo', 'quiz:share');

export function askShare(ctx: TurnContext, draft: Draft, mode: SetupMode): TurnResult {
  const options = shareOptions(ctx);
  return {
    reply: textReply(`${ctx.texts.t('quiz.askShare')}\n${numberedList(options)}`, options),
    state: quizState('share', { mode, draft }),
  };
}

/** Saves a finished set-up and offers to try a quiz now. */
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
  const options = tryNowOptions(ctx);
  return {
    reply: textReply(`${summary}\n${t.t('quiz.tryNow')}\n${numberedList(options)}`, options),
    state: quizState('tryNow', {}),
  };
}

const tryNowOptions = (ctx: TurnContext): QuickReply[] => [
  { label: ctx.texts.t('quiz.buttons.now'), postback: 'quiz:start' },
  { label: ctx.texts.t('quiz.buttons.later'), postback: 'quiz:later' },
];

/** "퀴즈 설정" for someone without settings: the age band first when unknown, then the grade. */
export function subscribe(ctx: TurnContext): TurnResult {
  if (ctx.person.consent === 'unknown') {
    const ask = askAgeBand(ctx, 'quiz:subscribe');
    if (ask) return ask;
  }
  if (!ctx.mayStoreHistory)
    return {
      reply: textReply(ctx.texts.t('quiz.under14'), [
        { label: ctx.texts.t('quiz.buttons.start'), postback: 'quiz:start' },
      ]),
      state: null,
    };
  return askGrade(ctx, 'setup');
}

/** What a set-up step does with a value it read: the next question, or (editing) the change saved. */
export interface SetupHooks {
  startFree(ctx: TurnContext, grade: Grade): Promise<TurnResult>;
  /** Editing one setting: saves it and ends the frame. */
  applyEdit(ctx: TurnContext, change: SettingChange): Promise<TurnResult>;
}

export type SettingChange =
  | { kind: 'grade'; grade: Grade }
  | { kind: 'subjects'; subjects: Subject[] }
  | { kind: 'time'; minute: number | null }
  | { kind: 'count'; count: 3 | 5 }
  | { kind: 'share'; share: boolean };

/** The typed form of the subjects' done button: "다 골랐어", "됐어요", "이제 됐어". */
const TYPED_DONE = /^(이제)?(다)?(골랐|됐|했|완료|끝|done)(어|어요|음|습니다|다|요)?$/;
const TYPED_ALL = ['전부', '모두', '다', '전과목', 'all'].map(normalizeTyped);

function subjectsStep(ctx: TurnContext, kit: QuizKit, draft: Draft, mode: SetupMode, hooks: SetupHooks) {
  const input = ctx.input;
  const offered = draft.grade ? subjectsWithItems(kit.bank, draft.grade) : [...SUBJECTS];
  const done = async (subjects: Subject[], note?: string): Promise<TurnResult> => {
    const result =
      mode === 'edit'
        ? await hooks.applyEdit(ctx, { kind: 'subjects', subjects })
        : askTime(ctx, { ...draft, subjects }, mode);
    return note ? { ...result, reply: joinReplies(textReply(note), result.reply) } : result;
  };
  const current = new Set(draft.subjects ?? []);
  const options = subjectOptions(ctx, kit, draft.grade);
  const numbers = input.postback ? [] : (input.text.match(/\d+/g) ?? []).map(Number);
  if (numbers.length > 1) {
    if (numbers.includes(offered.length + 1)) return done(offered);
    const picked = numbers.map((n) => offered[n - 1]).filter((s): s is Subject => s !== undefined);
    if (picked.length > 0) return done(offered.filter((s) => picked.includes(s) || current.has(s)));
  }
  const chosen = matchChoice(input, options);
  if (
    chosen?.postback === 'quiz:subjects:all' ||
    (!input.postback && TYPED_ALL.includes(normalizeTyped(input.text)))
  )
    return done(offered);
  if (
    chosen?.postback === 'quiz:subjects:done' ||
    (!input.postback && TYPED_DONE.test(normalizeTyped(input.text)))
  ) {
    if (current.size === 0) return askSubjects(ctx, kit, draft, mode, ctx.texts.t('quiz.subjectsNeedOne'));
    return done(SUBJECTS.filter((s) => current.has(s)));
  }
  const named = chosen?.postback.startsWith('quiz:subject:')
    ? [chosen.label as Subject]
    : input.postback
      ? []
      : parseSubjects(input.text);
  if (named.length === 0) return null;
  const unavailable = named.filter((s) => !offered.includes(s));
  const note =
    unavailable.length > 0
      ? ctx.texts.t('quiz.subjectNoItems', {
          grade: draft.grade ?? '',
          subject: unavailable.join('·'),
          offered: offered.join('·'),
        })
      : undefined;
  const available = named.filter((s) => offered.includes(s));
  // Only subjects without items for the grade: say so kindly and offer the ones that have items.
  if (available.length === 0) return askSubjects(ctx, kit, draft, mode, note);
  if (named.length > 1)
    return done(
      offered.filter((s) => available.includes(s) || current.has(s)),
      note,
    );
  const subject = available[0] as Subject;
  if (current.has(subject) && chosen) current.delete(subject);
  else current.add(subject);
  return askSubjects(ctx, kit, { ...draft, subjects: SUBJECTS.filter((s) => current.has(s)) }, mode);
}

/** A typed or tapped delivery time: undefined when the message gives none, 'outside' when it is outside the window. */
export function readMinute(ctx: TurnContext): number | null | undefined | 'outside' {
  const input = ctx.input;
  const options = timeOptions(ctx);
  const chosen = input.postback || typedNumber(input.text) !== null ? matchChoice(input, options) : null;
  const label =
    chosen ??
    (input.postback
      ? null
      : (options.find((o) => normalizeTyped(o.label) === normalizeTyped(input.text)) ?? null));
  if (label) return label.minute;
  if (input.postback) return undefined;
  const spoken = parseTimeOfDay(input.text, { bareHourIsAfternoon: true });
  const minute = parseTime(input.text) ?? (spoken ? spoken.hour * 60 + spoken.minute : null);
  if (minute === null) return undefined;
  return isDeliveryMinute(minute) ? minute : 'outside';
}

/** "3", "3개만", "세 문제요", "다섯 개": the number itself (3 and 5 are also the options' values). */
export function readCount(ctx: TurnContext): 3 | 5 | 'other' | null {
  const typed = ctx.input.postback ? null : parseCount(ctx.input.text, { subject: 'items', max: 10 });
  if (typed === 3 || typed === 5) return typed;
  if (typed !== null) return 'other';
  const chosen = matchChoice(ctx.input, countOptions(ctx));
  return chosen ? (chosen.postback.endsWith('5') ? 5 : 3) : null;
}

/** One set-up step: the value read moves on (or is saved when editing), null when it is not an answer. */
export async function setupStep(
  ctx: TurnContext,
  kit: QuizKit,
  state: DialogState,
  hooks: SetupHooks,
): Promise<TurnResult | null> {
  const draft = draftOf(state);
  const mode = modeOf(state);
  const input = ctx.input;
  switch (state.step) {
    case 'grade': {
      const chosen = matchChoice(input, gradeOptions());
      const grade = (chosen?.label as Grade | undefined) ?? (input.postback ? null : parseGrade(input.text));
      if (!grade) return null;
      if (mode === 'free' && ctx.mayStoreHistory) return consentedMidSetup(ctx, kit, grade);
      if (mode === 'free') return hooks.startFree(ctx, grade);
      if (mode === 'edit') return hooks.applyEdit(ctx, { kind: 'grade', grade });
      return askSubjects(ctx, kit, { ...draft, grade, subjects: [] }, mode);
    }
    case 'subjects':
      return subjectsStep(ctx, kit, draft, mode, hooks);
    case 'time': {
      const minute = readMinute(ctx);
      if (minute === undefined) return null;
      if (minute === 'outside') return askTime(ctx, draft, mode, ctx.texts.t('quiz.timeOutOfRange'));
      if (mode === 'edit') return hooks.applyEdit(ctx, { kind: 'time', minute });
      return askCount(ctx, { ...draft, minute }, mode);
    }
    case 'count': {
      const count = readCount(ctx);
      if (count === null) return null;
      if (count === 'other') return askCount(ctx, draft, mode, 'quiz.countOnly');
      if (mode === 'edit') return hooks.applyEdit(ctx, { kind: 'count', count });
      if (!(await hasParent(ctx))) return saveDraft(ctx, { ...draft, count }, false);
      return askShare(ctx, { ...draft, count }, mode);
    }
    case 'share': {
      const chosen = matchChoice(input, shareOptions(ctx));
      const said = chosen
        ? chosen.postback.endsWith(':yes')
          ? 'yes'
          : 'no'
        : input.postback
          ? null
          : parseYesNo(input.text);
      if (said !== 'yes' && said !== 'no') return null;
      const share = said === 'yes';
      if (mode === 'edit') return hooks.applyEdit(ctx, { kind: 'share', share });
      return saveDraft(ctx, draft, share);
    }
    case 'tryNow': {
      if (input.postback) return null;
      // "지금 풀기" typed, its number, or a plain yes/no to "지금 풀어 볼까요?" ("ㄱㄱ", "응", "아니").
      const chosen = matchChoice(input, tryNowOptions(ctx));
      const said = chosen ? null : parseYesNo(input.text);
      const postback =
        chosen?.postback ?? (said === 'yes' ? 'quiz:start' : said === 'no' ? 'quiz:later' : null);
      return postback ? { reply: none, state: null, then: { postback } } : null;
    }
    default:
      return null;
  }
}

/**
 * The guardian consented while the grade was being asked for a quiz without history: the history may
 * be kept now, so the grade goes on into the set-up that keeps it (never "보호자 동의 전이라…").
 */
function consentedMidSetup(ctx: TurnContext, kit: QuizKit, grade: Grade): TurnResult {
  const lead = [ctx.texts.t('core.guardianConfirmedChild'), missingNote(ctx, kit, grade)].filter(Boolean);
  return askSubjects(ctx, kit, { grade, subjects: [] }, 'setup', lead.join('\n'));
}

/** A set-up question again after a digression: one short line, its choices inline, the same buttons. */
function again(ctx: TurnContext, full: Reply, key: string, params?: Record<string, string>): Reply {
  const inline = full.quickReplies.map((o, i) => `${i + 1}) ${o.label}`).join(' ');
  return textReply(`↩️ ${ctx.texts.t(key, params)} ${inline}`, full.quickReplies);
}

const AGAIN_KEYS: Record<string, string> = {
  grade: 'quiz.againGrade',
  subjects: 'quiz.againSubjects',
  time: 'quiz.againTime',
  count: 'quiz.againCount',
  share: 'quiz.againShare',
};

/** The set-up step's question, in full or (after a digression) again; null for steps that ask nothing. */
export function askSetup(
  ctx: TurnContext,
  kit: QuizKit,
  state: DialogState,
  mode: 'full' | 'again',
): Reply | null {
  const full = fullSetupQuestion(ctx, kit, state);
  const key = AGAIN_KEYS[state.step];
  if (!full || mode === 'full' || !key) return full;
  const chosen = draftOf(state).subjects?.join(', ') || ctx.texts.t('quiz.subjectsNone');
  return again(ctx, full, key, { chosen });
}

function fullSetupQuestion(ctx: TurnContext, kit: QuizKit, state: DialogState): Reply | null {
  const draft = draftOf(state);
  const mode = modeOf(state);
  switch (state.step) {
    case 'grade':
      return askGrade(ctx, mode).reply;
    case 'subjects':
      return askSubjects(ctx, kit, draft, mode).reply;
    case 'time':
      return askTime(ctx, draft, mode).reply;
    case 'count':
      return askCount(ctx, draft, mode).reply;
    case 'share':
      return askShare(ctx, draft, mode).reply;
    default:
      return null;
  }
}
