import { seoulParts } from '../../bot/calendar';
import { matchChoice, numberedList } from '../../bot/choices';
import type { TurnContext, TurnResult } from '../../bot/dialog';
import { matchOption } from '../../bot/dialog/parsers';
import type { QuickReply } from '../../bot/messages';
import { SUBJECTS } from '../../knowledge/quiz/bank';
import { hasParent, said, subjectsWithItems, type QuizKit } from './kit';
import { textReply } from './render';
import { quizState } from './session';
import { DEFAULT_MINUTE, formatMinute } from './settings';
import { askCount, askGrade, askShare, askSubjects, askTime, type SettingChange } from './setup';
import { loadProfile, patchProfile, type QuizProfile } from './store';

/**
 * "퀴즈 설정" once the quiz is set up: a list of the settings, one picked, its question asked, and
 * only that setting saved. Steering in words ("중3으로 낮춰줘", "3개만") saves through `applyEdit` too.
 */

const SETTINGS = ['grade', 'subjects', 'time', 'count', 'days', 'share'] as const;
type Setting = (typeof SETTINGS)[number];

function settingOptions(ctx: TurnContext, profile: QuizProfile, parent: boolean): QuickReply[] {
  const t = ctx.texts;
  const current: Record<Setting, string> = {
    grade: profile.grade,
    subjects: profile.subjects.join('·'),
    time: profile.status === 'none' ? t.t('quiz.timeNone') : formatMinute(t, profile.deliveryMinute),
    count: t.t('quiz.countN', { count: profile.questionCount }),
    days: t.t(profile.pushDays === 'every' ? 'quiz.daysEvery' : 'quiz.daysSchool'),
    share: t.t(profile.shareWithParent ? 'quiz.shareIsOn' : 'quiz.shareIsOff'),
  };
  return SETTINGS.filter((s) => s !== 'share' || parent).map((s) => ({
    label: t.t(`quiz.settingNames.${s}`, { value: current[s] }),
    postback: `quiz:edit:${s}`,
  }));
}

/** The list of settings with their current values. */
export async function settingsMenu(ctx: TurnContext, profile: QuizProfile): Promise<TurnResult> {
  const options = settingOptions(ctx, profile, await hasParent(ctx));
  return {
    reply: textReply(`${ctx.texts.t('quiz.askSetting')}\n${numberedList(options)}`, options),
    state: quizState('settings', { options }),
  };
}

/** The picked setting's question (mode `edit`), or the push-days toggle saved at once. */
export async function pickSetting(kit: QuizKit, ctx: TurnContext): Promise<TurnResult | null> {
  const profile = await loadProfile(ctx.db, ctx.person.id);
  if (!profile) return null;
  const options = settingOptions(ctx, profile, await hasParent(ctx));
  // "4", the whole label, or its name without the current value ("문제 수", "시간").
  const typed = ctx.input.postback
    ? null
    : matchOption(
        ctx.input.text,
        options.map((o) => o.label.replace(/\s*\(.*\)$/, '')),
      );
  const chosen = matchChoice(ctx.input, options) ?? (typed === null ? null : options[typed]);
  if (!chosen) return null;
  const setting = chosen.postback.split(':')[2] as Setting;
  const draft = { grade: profile.grade, subjects: [] };
  switch (setting) {
    case 'grade':
      return askGrade(ctx, 'edit');
    case 'subjects':
      return askSubjects(ctx, kit, draft, 'edit');
    case 'time':
      return askTime(ctx, draft, 'edit');
    case 'count':
      return askCount(ctx, draft, 'edit');
    case 'share':
      return askShare(ctx, draft, 'edit');
    case 'days': {
      const pushDays = profile.pushDays === 'every' ? 'school' : 'every';
      ctx.defer((tx) => patchProfile(tx, ctx.person.id, { pushDays }, ctx.now));
      return {
        reply: textReply(ctx.texts.t(pushDays === 'every' ? 'quiz.daysNowEvery' : 'quiz.daysNowSchool')),
        state: null,
      };
    }
  }
}

/** Saves one changed setting of a saved profile and says what it is now; the frame ends. */
export async function applyEdit(kit: QuizKit, ctx: TurnContext, change: SettingChange): Promise<TurnResult> {
  const profile = ctx.mayStoreHistory ? await loadProfile(ctx.db, ctx.person.id) : null;
  if (!profile) return { ...said(ctx, 'quiz.notSubscribed'), state: null };
  const t = ctx.texts;
  const save = (patch: Parameters<typeof patchProfile>[2]) =>
    ctx.defer((tx) => patchProfile(tx, ctx.person.id, patch, ctx.now));
  let line: string;
  switch (change.kind) {
    case 'grade': {
      save({ grade: change.grade, gradeAskedYear: seoulParts(ctx.now).year });
      line = t.t('quiz.changedGrade', { grade: change.grade });
      const offered = subjectsWithItems(kit.bank, change.grade);
      const missing = profile.subjects.filter((s) => !offered.includes(s));
      if (missing.length > 0)
        line += `\n${t.t('quiz.subjectNoItems', { grade: change.grade, subject: missing.join('·'), offered: offered.join('·') })}`;
      break;
    }
    case 'subjects':
      save({ subjects: SUBJECTS.filter((s) => change.subjects.includes(s)) });
      line = t.t('quiz.changedSubjects', { subjects: change.subjects.join('·') });
      break;
    case 'time':
      save(
        change.minute === null
          ? { status: 'none' }
          : { deliveryMinute: change.minute, status: 'active', resumeOn: null },
      );
      line =
        change.minute === null
          ? t.t('quiz.changedNoPush')
          : t.t('quiz.changedTime', { time: formatMinute(t, change.minute ?? DEFAULT_MINUTE) });
      break;
    case 'count':
      save({ questionCount: change.count });
      line = t.t('quiz.changedCount', { count: change.count });
      break;
    case 'share':
      save({ shareWithParent: change.share });
      line = t.t(change.share ? 'quiz.shareOn' : 'quiz.shareOff');
      break;
  }
  return { reply: textReply(line), state: null };
}
