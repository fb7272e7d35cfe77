import type { Contacts } from '../../bot/contacts';
import { card, text, type CardButton } from '../../bot/messages';
import type { CrisisReplyBuilder, CrisisReplyFacts, RiskAssessment } from '../../bot/risk';
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
] as const;

/** Signal the screen adds when a friend or sibling is the one at risk (knowledge/risk/lexicon.yaml). */
const FRIEND_SIGNAL = 'other.friend';
const isHarmSignal = (signal: string): boolean => signal.startsWith('harm.');

const MAX_BUTTONS = 3;

/** Numbers and channel names from the contacts file, as text placeholders. */
function contactParams(contacts: Contacts): TextParams {
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
  };
}

/** Which reply a case needs. */
type Variant = 'high' | 'harm' | 'friend' | 'adultHigh' | 'adultHarm';

function variantOf(assessment: RiskAssessment, facts: CrisisReplyFacts): Variant {
  const adult = facts.speaker === 'parent' || facts.speaker === 'mentor';
  if (assessment.level === 'harm_by_others') {
    if (adult) return 'adultHarm';
    return assessment.signals.includes(FRIEND_SIGNAL) ? 'friend' : 'harm';
  }
  // Anything else handed to the builder is answered as high: failing safe beats failing quiet.
  return adult ? 'adultHigh' : 'high';
}

/** The keys of each variant's body, in order, and the phone numbers on its card. */
const LAYOUT: Readonly<
  Record<Variant, { lines: string[]; buttons: Array<keyof ReturnType<typeof contactParams> & string> }>
> = {
  high: {
    lines: ['high.warm', 'high.line109', 'high.line1388', 'high.danger'],
    buttons: ['n109', 'n1388', 'n112'],
  },
  harm: { lines: ['harm.line117', 'harm.line1388', 'harm.line1366'], buttons: ['n112', 'n117', 'n1388'] },
  friend: { lines: ['friend.tell', 'friend.adult', 'friend.line1388'], buttons: ['n112', 'n109', 'n1388'] },
  adultHigh: {
    lines: ['adult.stay', 'adult.line0199', 'adult.line1388', 'adult.danger'],
    buttons: ['n109', 'n0199', 'n112'],
  },
  adultHarm: {
    lines: ['adultHarm.line117', 'adultHarm.line1366', 'adultHarm.line1388'],
    buttons: ['n112', 'n117', 'n1388'],
  },
};

function firstKey(variant: Variant, facts: CrisisReplyFacts): string {
  switch (variant) {
    case 'high':
    case 'harm':
    case 'friend':
      return `${variant}.first`;
    case 'adultHigh':
      return facts.speaker === 'mentor' ? 'adult.firstMentor' : 'adult.firstParent';
    case 'adultHarm':
      return facts.speaker === 'mentor' ? 'adultHarm.firstMentor' : 'adultHarm.firstParent';
  }
}

/** The honest line about people: who was told, and when a person will read it if nobody is on duty. */
function peopleLine(
  t: (key: string, extra?: TextParams) => string,
  variant: Variant,
  facts: CrisisReplyFacts,
): string {
  const staffOnly = variant !== 'high';
  if (facts.personOnDuty) return t(staffOnly ? 'people.staffOnDuty' : 'people.onDuty');
  if (facts.nextPersonAt) {
    return t(staffOnly ? 'people.staffLater' : 'people.later', { when: facts.nextPersonAt });
  }
  return t(staffOnly ? 'people.staffOnDuty' : 'people.unknown');
}

/**
 * Builds the crisis reply (high or harm by others) from the contacts file and crisis.yaml only:
 * no database, LLM or network. Checks every contact and text up front so a bad file fails at start.
 */
export function createCrisisReplyBuilder(contacts: Contacts, texts: TextsByLanguage): CrisisReplyBuilder {
  const params = contactParams(contacts);
  const keys = [
    'high.first',
    'harm.first',
    'friend.first',
    'adult.firstParent',
    'adult.firstMentor',
    'adultHarm.firstParent',
    'adultHarm.firstMentor',
    'high.alsoHarm',
    'people.onDuty',
    'people.later',
    'people.unknown',
    'people.staffOnDuty',
    'people.staffLater',
    'card.title',
    'card.text',
    'card.call',
    ...Object.values(LAYOUT).flatMap((l) => l.lines),
  ];
  for (const language of ['ko', 'en'] as const) {
    for (const key of keys) {
      if (!texts[language].has(`crisis.${key}`)) {
        throw new Error(`missing text "crisis.${key}" for language ${language}`);
      }
    }
  }

  return (assessment, facts) => {
    const catalogue: Texts = texts[facts.language] ?? texts.ko;
    const t = (key: string, extra: TextParams = {}): string =>
      catalogue.t(`crisis.${key}`, { ...params, ...extra });
    const variant = variantOf(assessment, facts);
    const layout = LAYOUT[variant];
    const lines = [t(firstKey(variant, facts)), ...layout.lines.map((key) => t(key))];
    if (variant === 'high' && assessment.signals.some(isHarmSignal)) lines.push(t('high.alsoHarm'));
    lines.push(peopleLine(t, variant, facts));
    const buttons: CardButton[] = layout.buttons.slice(0, MAX_BUTTONS).map((name) => {
      const number = String(params[name]);
      return { label: t('card.call', { number }), phone: number };
    });
    return {
      messages: [text(lines.join('\n')), card(t('card.title'), t('card.text'), buttons)],
      quickReplies: [],
    };
  };
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
