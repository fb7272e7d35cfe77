import { isSeoulResidence, matchOption, parseCount, parseMoney, parseYesNo } from '../../bot/dialog/parsers';
import type { TurnContext } from '../../bot/dialog';
import type { FactKey, GroupId } from '../../knowledge/eligibility/types';
import { ageOptions, ORDER, schoolLevelOf, sizeOptions } from './questions';
import type { Voice } from './render';
import type { EligibilityAnswers, Step } from './state';

const NONE = /해당\s*없|없어요|없습니다|없음|none|^no$/i;

/** Groups that belong to the child, not to the household. */
const PERSONAL = new Set<GroupId>([
  'out_of_school',
  'health_disability',
  'young_carer',
  'defector_youth',
  'welfare_facility_outside_seoul',
  'care_leaver',
  'local_childrens_centre',
]);

/** The fact a question step asks for. */
export function factOfStep(step: Step): FactKey | null {
  if (step === 'ask_residence') return 'residence';
  if (step === 'ask_age') return 'age';
  if (step === 'ask_groups') return 'groups';
  if (step === 'ask_size' || step === 'ask_income') return 'income';
  return null;
}

/** "잘 모르겠어요" to the question on screen: the verdict says what stays unknown. */
export function markDontKnow(answers: EligibilityAnswers, step: Step): void {
  const key = factOfStep(step);
  if (key && !answers.dontKnow.includes(key)) answers.dontKnow.push(key);
}

const norm = (s: string) => s.replace(/[\s.,!?~()]/g, '').toLowerCase();

/** A bare choice: "3", "1, 3", "2번". Such a message is the number of an option, never a fact to extract. */
export const isBareChoice = (typed: string): boolean => /^[\d\s,번와과및and]+$/.test(typed.trim());

/** A typed or tapped answer to the question on screen, written into `answers`; false when it is not one. */
export function answerChoice(v: Voice, ctx: TurnContext, answers: EligibilityAnswers, step: Step): boolean {
  const pb = ctx.input.postback ?? '';
  const typed = ctx.input.text.trim();
  if (step === 'ask_residence') return answerResidence(v, pb, typed, answers);
  if (step === 'ask_age') return answerAge(v, pb, typed, answers);
  if (step === 'ask_groups') return answerGroups(v, pb, typed, answers);
  if (step === 'ask_size') {
    const chosen = sizeOptions(v).find((o) => o.postback === pb);
    // "4" is a household of four, never option 4: a bare number here is the value itself.
    const count = chosen ? chosen.size : typed ? parseCount(typed, { subject: 'household', max: 20 }) : null;
    if (count === null || count < 1) return false;
    answers.household.householdSize = count;
    return true;
  }
  if (step === 'ask_income') {
    const money = typed ? parseMoney(typed) : null;
    if (money) return ((answers.household.monthlyIncome = money.monthlyWon), true);
    // A bare "300" to "한 달 소득은 얼마인가요? (예: 300만원)" means 만원.
    const bare = /^(\d{2,4})$/.exec(typed.replace(/[\s,]/g, ''));
    if (bare) return ((answers.household.monthlyIncome = Number(bare[1]) * 10_000), true);
    return false;
  }
  return false;
}

function answerResidence(v: Voice, pb: string, typed: string, answers: EligibilityAnswers): boolean {
  const number = /^(\d)(?:\s*번)?$/.exec(typed);
  // A district ("송파 살아요") or a city outside Seoul answers it; then a plain yes or no.
  const residence = typed
    ? (isSeoulResidence(typed) ?? parseYesNo(typed, { question: v.t('ask.residence') }))
    : null;
  if (
    pb === 'eligibility:res:yes' ||
    number?.[1] === '1' ||
    residence === 'yes' ||
    norm(typed) === norm(v.t('option.yes'))
  )
    return ((answers.household.livesInSeoul = true), true);
  if (pb === 'eligibility:res:no' || number?.[1] === '2' || residence === 'no')
    return ((answers.household.livesInSeoul = false), true);
  return false;
}

function answerAge(v: Voice, pb: string, typed: string, answers: EligibilityAnswers): boolean {
  const opts = ageOptions(v);
  const picked = pb
    ? -1
    : matchOption(
        typed,
        opts.map((o) => o.label),
      );
  const chosen =
    opts.find((o) => o.postback === pb) ??
    (picked !== null && picked >= 0 ? opts[picked] : undefined) ??
    schoolLevelOf(opts, typed);
  if (!chosen) return false;
  const i = answers.childIndex;
  if (chosen.year === null) markDontKnow(answers, 'ask_age');
  else
    answers.children[i] = {
      ...(answers.children[i]?.groups ? { groups: answers.children[i]?.groups } : {}),
      schoolYear: chosen.year,
    };
  return true;
}

function answerGroups(v: Voice, pb: string, typed: string, answers: EligibilityAnswers): boolean {
  const number = /^(\d{1,2})(?:\s*번)?$/.exec(typed);
  if (pb === 'eligibility:grp:none' || NONE.test(typed) || (number && Number(number[1]) === ORDER.length + 1))
    return ((answers.household.groups = answers.household.groups ?? []), true);
  const fromPostback = pb.startsWith('eligibility:grp:')
    ? (pb.slice('eligibility:grp:'.length) as GroupId)
    : null;
  const numbers = isBareChoice(typed) ? [...typed.matchAll(/\d{1,2}/g)].map((m) => Number(m[0])) : [];
  const picked = [
    ...(fromPostback && ORDER.includes(fromPostback) ? [fromPostback] : []),
    ...numbers.map((n) => ORDER[n - 1]).filter((g): g is GroupId => g !== undefined),
    ...ORDER.filter((g) => norm(typed) !== '' && norm(v.t(`group.${g}`)) === norm(typed)),
  ];
  if (!picked.length) return false;
  addGroups(answers, picked);
  return true;
}

/** Adds chosen groups: household ones to the household, personal ones to the child asked about. */
export function addGroups(answers: EligibilityAnswers, groups: GroupId[]): void {
  const household = groups.filter((g) => !PERSONAL.has(g));
  answers.household.groups = [...new Set([...(answers.household.groups ?? []), ...household])];
  const own = groups.filter((g) => PERSONAL.has(g));
  if (own.length) {
    const i = answers.childIndex;
    const child = answers.children[i] ?? {};
    answers.children[i] = { ...child, groups: [...new Set([...(child.groups ?? []), ...own])] };
  }
}
