import { parseAgeGrade } from '../../bot/dialog/parsers';
import { text, type OutboundMessage, type QuickReply } from '../../bot/messages';
import type { GroupId, SchoolYear } from '../../knowledge/eligibility/types';
import { describeChild, type Voice } from './render';
import type { EligibilityAnswers, Step } from './state';

/** The groups in the order they are listed (and numbered for typed answers). */
export const ORDER: GroupId[] = [
  'basic_livelihood',
  'near_poverty',
  'single_parent',
  'multicultural',
  'defector_youth',
  'defector_child',
  'veteran_family',
  'out_of_school',
  'young_carer',
  'health_disability',
  'welfare_facility_outside_seoul',
  'multi_child',
  'local_childrens_centre',
  'veteran_grandchild',
  'care_leaver',
];

/** One reply: messages plus the quick replies under them. */
export const reply = (messages: OutboundMessage[], quickReplies: QuickReply[] = []) => ({
  messages,
  quickReplies,
});

/** The school-level choices of the age question (the last one is "잘 모르겠어요"). */
export function ageOptions(v: Voice): { label: string; postback: string; year: SchoolYear | null }[] {
  return [
    ...(['e', 'm', 'h', 'kindergarten', 'university'] as const).map((y) => ({
      label: v.t(`option.${y}`),
      postback: `eligibility:age:${y}`,
      year: y as SchoolYear,
    })),
    { label: v.t('option.dontKnow'), postback: 'eligibility:age:unknown', year: null },
  ];
}

/** A grade or an age typed for "which school": 중2 → 중학생, 16살 → 고등학생 (Korean school ages). */
export function schoolLevelOf<T extends { year: SchoolYear | null }>(
  opts: T[],
  typed: string,
): T | undefined {
  const found = typed ? parseAgeGrade(typed) : null;
  if (!found) return undefined;
  const level = found.grade?.[0];
  const byLevel: Record<string, SchoolYear> = { 초: 'e', 중: 'm', 고: 'h' };
  let year: SchoolYear | undefined = level ? byLevel[level] : undefined;
  if (!year && found.age !== undefined) {
    const man = found.ageKind === 'korean' ? found.age - 1 : found.age;
    year = man < 7 ? 'kindergarten' : man < 13 ? 'e' : man < 16 ? 'm' : man < 19 ? 'h' : 'university';
  }
  return year ? opts.find((o) => o.year === year) : undefined;
}

/** The household-size choices (the last one reads "5명 이상"; typed numbers are taken as they are). */
export function sizeOptions(v: Voice): { label: string; postback: string; size: number }[] {
  return [2, 3, 4, 5].map((n) => ({
    label: v.t(`option.size${n}`),
    postback: `eligibility:size:${n}`,
    size: n,
  }));
}

const common = (v: Voice): QuickReply[] => [
  { label: v.t('option.dontKnow'), postback: 'eligibility:dontknow' },
  { label: v.t('option.what'), postback: 'eligibility:what' },
];

/** The question for `step`, with quick replies and the typed fallback in the text. */
export function question(
  v: Voice,
  step: Step,
  answers: EligibilityAnswers,
  incomeHint?: string,
): { messages: OutboundMessage[]; quickReplies: QuickReply[] } {
  switch (step) {
    case 'ask_residence':
      return reply(
        [text(v.t('ask.residence'))],
        [
          { label: v.t('option.yes'), postback: 'eligibility:res:yes' },
          { label: v.t('option.no'), postback: 'eligibility:res:no' },
          ...common(v),
        ],
      );
    case 'ask_age':
      return ageQuestion(v, answers);
    case 'ask_groups':
      return groupQuestion(v, answers);
    case 'ask_size': {
      const opts = sizeOptions(v);
      return reply(
        [text(`${v.t('ask.size')}\n${opts.map((o, i) => `${i + 1}. ${o.label}`).join('\n')}`)],
        [...opts.map(({ label, postback }) => ({ label, postback })), ...common(v)],
      );
    }
    case 'ask_income':
      return reply([text(incomeHint ? `${v.t('ask.income')}\n${incomeHint}` : v.t('ask.income'))], common(v));
    default:
      return reply([]);
  }
}

function ageQuestion(v: Voice, answers: EligibilityAnswers) {
  const opts = ageOptions(v);
  const child = answers.children[answers.childIndex];
  const several = answers.children.length > 1;
  const ask =
    child && (child.schoolYear || child.birthYear !== undefined)
      ? v.t('ask.ageMore')
      : several
        ? v.t('ask.ageChild', {
            label: v.t('childLabel', { n: answers.childIndex + 1, desc: describeChild(v, child ?? {}) }),
          })
        : v.t('ask.age');
  return reply(
    [text(`${ask}\n${opts.map((o, i) => `${i + 1}. ${o.label}`).join('\n')}\n${v.t('ask.typeHint')}`)],
    [
      ...opts.map(({ label, postback }) => ({ label, postback })),
      { label: v.t('option.what'), postback: 'eligibility:what' },
    ],
  );
}

/** The group list; groups the person already denied stay numbered (typed numbers keep meaning) but are not offered as buttons. */
function groupQuestion(v: Voice, answers: EligibilityAnswers) {
  const denied = new Set(answers.household.deniedGroups ?? []);
  const list = ORDER.map((g, i) => `${i + 1}. ${v.t(`group.${g}`)}`).join('\n');
  const buttons = [...ORDER.slice(0, 5), 'out_of_school' as const].filter((g) => !denied.has(g));
  return reply(
    [
      text(
        `${v.t('ask.groups')}\n${list}\n${ORDER.length + 1}. ${v.t('option.none')}\n${v.t('ask.typeHint')}`,
      ),
    ],
    [
      ...buttons.map((g) => ({ label: v.t(`group.${g}`), postback: `eligibility:grp:${g}` })),
      { label: v.t('option.none'), postback: 'eligibility:grp:none' },
      ...common(v),
    ],
  );
}
