import type { Contacts } from '../../bot/contacts';
import { card, text, type CardButton } from '../../bot/messages';
import type {
  CrisisLanguage,
  CrisisReplyBuilder,
  CrisisReplyFacts,
  HarmKind,
  RiskAssessment,
} from '../../bot/risk';
import type { TextsByLanguage } from '../../bot/texts-loader';
import type { TextParams, Texts } from '../../bot/texts';

/** Contact ids the crisis replies use; all must exist in knowledge/contacts.yaml. */
export const CRISIS_CONTACT_IDS = [
  'suicide109',
  'youth1388',
  'police',
  'fire',
  'schoolViolence',
  'mentalHealth',
  'women1366',
  'danuri',
] as const;

/** Numbers and channel names from the contacts file, as text placeholders. */
function contactParams(contacts: Contacts) {
  const phone = (id: string): string => {
    const number = contacts.get(id).phone;
    if (!number) throw new Error(`contact "${id}" has no phone (knowledge/contacts.yaml)`);
    return number;
  };
  const field = (id: string, key: 'kakao' | 'line' | 'text'): string => {
    const value = contacts.get(id)[key];
    if (!value) throw new Error(`contact "${id}" has no ${key} (knowledge/contacts.yaml)`);
    return value;
  };
  return {
    n109: phone('suicide109'),
    madlen: field('suicide109', 'kakao'),
    n1388: phone('youth1388'),
    line1388: field('youth1388', 'line'),
    n112: phone('police'),
    n119: phone('fire'),
    n117: phone('schoolViolence'),
    text117: field('schoolViolence', 'text'),
    n0199: phone('mentalHealth'),
    n1366: phone('women1366'),
    danuri: phone('danuri'),
  };
}
type Numbers = ReturnType<typeof contactParams>;
type NumberName = keyof Numbers & `n${string}`;

/** The lines (text keys under crisis.) and call buttons of one reply. */
interface Layout {
  lines: string[];
  buttons: Array<NumberName | 'danuri'>;
}

/** The subtype's lines (issue 12: home and sexual 112·1366·1388; school 117; cyber 117·1388; extortion 117·112; neglect 112·1388). */
const HARM_LAYOUT: Readonly<Record<Exclude<HarmKind, 'friend'>, Layout>> = {
  home: {
    lines: ['harm.first.home', 'harm.line112', 'harm.line1366', 'harm.line1388'],
    buttons: ['n112', 'n1366', 'n1388'],
  },
  sexual: {
    lines: ['harm.first.sexual', 'harm.line112', 'harm.line1366', 'harm.line1388'],
    buttons: ['n112', 'n1366', 'n1388'],
  },
  school: {
    lines: ['harm.first.school', 'harm.line117', 'harm.line1388', 'harm.line112'],
    buttons: ['n117', 'n1388', 'n112'],
  },
  cyber: {
    lines: ['harm.first.cyber', 'harm.line117', 'harm.line1388', 'harm.evidence'],
    buttons: ['n117', 'n1388', 'n112'],
  },
  extortion: {
    lines: ['harm.first.extortion', 'harm.line117', 'harm.line112', 'harm.line1388'],
    buttons: ['n117', 'n112', 'n1388'],
  },
  neglect: {
    lines: ['harm.first.neglect', 'harm.line112', 'harm.line1388', 'harm.neglectHelp'],
    buttons: ['n112', 'n1388', 'n119'],
  },
};
const FRIEND: Layout = {
  lines: ['friend.first', 'friend.tell', 'friend.adult', 'friend.line1388'],
  buttons: ['n112', 'n109', 'n1388'],
};
const HIGH: Layout = {
  lines: ['high.first', 'high.warm', 'high.line109', 'high.line1388', 'high.danger'],
  buttons: ['n109', 'n1388', 'n112'],
};
/** In progress: 119 and 112 first, then whether they are safe and an adult is near. */
const NOW: Layout = {
  lines: ['now.first', 'now.safe', 'now.stay', 'now.line109'],
  buttons: ['n119', 'n112', 'n109'],
};
const ADULT_HIGH: Layout = {
  lines: ['adult.stay', 'adult.line0199', 'adult.line1388', 'adult.danger'],
  buttons: ['n109', 'n0199', 'n112'],
};
const ADULT_NOW: Layout = {
  lines: ['adultNow.first', 'adultNow.stay', 'adult.line0199'],
  buttons: ['n119', 'n112', 'n109'],
};
const ADULT_HARM: Readonly<Record<HarmKind, string[]>> = {
  home: ['adultHarm.line112', 'adultHarm.line1366', 'adultHarm.line1388'],
  sexual: ['adultHarm.line112', 'adultHarm.line1366', 'adultHarm.line1388'],
  school: ['adultHarm.line117', 'adultHarm.line1388', 'adultHarm.line112'],
  cyber: ['adultHarm.line117', 'adultHarm.line1388'],
  extortion: ['adultHarm.line117', 'adultHarm.line112', 'adultHarm.line1388'],
  neglect: ['adultHarm.line112', 'adultHarm.line1388'],
  friend: ['adultHarm.line1388', 'adultHarm.line112'],
};
const ADULT_HARM_BUTTONS: Readonly<Record<HarmKind, Array<NumberName>>> = {
  home: ['n112', 'n1366', 'n1388'],
  sexual: ['n112', 'n1366', 'n1388'],
  school: ['n117', 'n1388', 'n112'],
  cyber: ['n117', 'n1388', 'n112'],
  extortion: ['n117', 'n112', 'n1388'],
  neglect: ['n112', 'n1388', 'n119'],
  friend: ['n109', 'n112', 'n1388'],
};

const isAdult = (facts: CrisisReplyFacts): boolean =>
  facts.speaker === 'parent' || facts.speaker === 'mentor';
const adultFirst = (facts: CrisisReplyFacts, kind: 'adult' | 'adultHarm'): string =>
  `${kind}.${facts.speaker === 'mentor' ? 'firstMentor' : 'firstParent'}`;

/** The lines and buttons of the reply a screened message needs. */
export function layoutFor(assessment: RiskAssessment, facts: CrisisReplyFacts): Layout {
  const harm = assessment.harm;
  if (isAdult(facts)) {
    if (assessment.level === 'high' && assessment.inProgress) return ADULT_NOW;
    if (assessment.level === 'high')
      return { lines: [adultFirst(facts, 'adult'), ...ADULT_HIGH.lines], buttons: ADULT_HIGH.buttons };
    const kind = harm ?? 'home';
    return {
      lines: [adultFirst(facts, 'adultHarm'), ...ADULT_HARM[kind]],
      buttons: ADULT_HARM_BUTTONS[kind],
    };
  }
  if (assessment.level === 'high') {
    const base = assessment.inProgress ? NOW : HIGH;
    if (!harm) return base;
    // A friend in danger too: tell an adult, and do not keep it secret.
    if (harm === 'friend') return { lines: [...base.lines, 'friend.adult'], buttons: base.buttons };
    // Someone hurts them as well: their subtype's lines follow (without a second greeting).
    const extra = HARM_LAYOUT[harm].lines.slice(1).filter((l) => !base.lines.includes(l));
    return { lines: [...base.lines, ...extra], buttons: base.buttons };
  }
  // Anything else handed to the builder is answered as harm: failing safe beats failing quiet.
  if (harm === 'friend') return FRIEND;
  return HARM_LAYOUT[harm ?? 'home'];
}

/** The honest line about people: who was told, and when a person will read it if nobody is on duty. */
function peopleLine(
  t: (key: string, extra?: TextParams) => string,
  staffOnly: boolean,
  facts: CrisisReplyFacts,
): string {
  if (facts.personOnDuty) return t(staffOnly ? 'people.staffOnDuty' : 'people.onDuty');
  if (facts.nextPersonAt)
    return t(staffOnly ? 'people.staffLater' : 'people.later', { when: facts.nextPersonAt });
  return t(staffOnly ? 'people.staffOnDuty' : 'people.unknown');
}

/** Every key the layouts use, so a missing sentence fails at start-up, not in a crisis. */
function allKeys(): string[] {
  const layouts = [HIGH, NOW, FRIEND, ADULT_HIGH, ADULT_NOW, ...Object.values(HARM_LAYOUT)];
  return [
    ...layouts.flatMap((l) => l.lines),
    ...Object.values(ADULT_HARM).flat(),
    'adult.firstParent',
    'adult.firstMentor',
    'adultHarm.firstParent',
    'adultHarm.firstMentor',
    'danuri',
    'people.onDuty',
    'people.later',
    'people.unknown',
    'people.staffOnDuty',
    'people.staffLater',
    'card.title',
    'card.text',
    'card.call',
  ];
}

const CRISIS_LANGUAGES: readonly CrisisLanguage[] = ['ko', 'en', 'vi', 'zh'];
const MAX_BUTTONS = 3;

/**
 * Builds the crisis reply (self, in progress, harm by subtype, a friend, an adult relaying) from the
 * contacts file and crisis.yaml only: no database, LLM or network. Every contact and sentence is
 * checked up front in every language, so a bad file fails at start.
 */
export function createCrisisReplyBuilder(contacts: Contacts, texts: TextsByLanguage): CrisisReplyBuilder {
  const params = contactParams(contacts);
  for (const language of CRISIS_LANGUAGES) {
    const catalogue = texts[language];
    for (const key of allKeys()) {
      if (!catalogue.has(`crisis.${key}`))
        throw new Error(`missing text "crisis.${key}" for language ${language}`);
    }
  }

  return (assessment, facts) => {
    const catalogue: Texts = texts[facts.language] ?? texts.ko;
    const t = (key: string, extra: TextParams = {}): string =>
      catalogue.t(`crisis.${key}`, { ...params, ...extra });
    const layout = layoutFor(assessment, facts);
    const lines = layout.lines.map((key) => t(key));
    // Families writing in another language also get Danuri, which answers in 13 languages.
    if (facts.language !== 'ko') lines.push(t('danuri'));
    const selfRisk = assessment.level === 'high' && !isAdult(facts);
    lines.push(peopleLine(t, !selfRisk, facts));
    const buttonNames =
      facts.language === 'ko' ? layout.buttons : [...layout.buttons.slice(0, 2), 'danuri' as const];
    const buttons: CardButton[] = buttonNames.slice(0, MAX_BUTTONS).map((name) => {
      const number = String(params[name]);
      return { label: t('card.call', { number }), phone: number };
    });
    return {
      messages: [text(lines.join('\n')), card(t('card.title'), t('card.text'), buttons)],
      quickReplies: [],
    };
  };
}

/**
 * The direct question (ASQ style) for the ask level: reflect, ask plainly, and keep the emergency numbers
 * in sight. The support flow adds the answer buttons; `npm run eval:risk` reads the same lines.
 */
export function askLines(contacts: Contacts, texts: Texts): string[] {
  const params = contactParams(contacts);
  return ['reflect', 'question', 'danger'].map((key) => texts.t(`support.asq.${key}`, params));
}

/** Sentences the support flow uses for the concern level: empathy, the question and three choices. */
export interface ConcernReplyTexts {
  empathy: string;
  question: string;
  choices: { mentor: string; staff: string; line: string };
  /** What to say when they pick the 1388 line now. */
  lineNow: string;
}

/** The concern-level sentences from crisis.yaml, with 1388 filled from the contacts file. */
export function concernReplyTexts(contacts: Contacts, texts: Texts): ConcernReplyTexts {
  const params = contactParams(contacts);
  const t = (key: string): string => texts.t(`crisis.concern.${key}`, params);
  return {
    empathy: t('empathy'),
    question: t('question'),
    choices: { mentor: t('choiceMentor'), staff: t('choiceStaff'), line: t('choiceLine') },
    lineNow: t('lineNow'),
  };
}
