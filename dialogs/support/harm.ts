import type { Contacts } from '../../bot/contacts';
import { card, text, type Reply } from '../../bot/messages';
import type { HarmKind, RiskAssessment } from '../../bot/risk';
import type { Texts } from '../../bot/texts';
import { contactParams } from './support-texts';

/**
 * Harm subtypes carried from the risk result into the case (issue 14): the case's `bot_sent` names
 * exactly which first reply the person got (`crisis_home`, `crisis_school`, …), the alert says
 * which lines that reply gave, and the follow-up after an unanswered page leads with the lines
 * that fit (112·1366 for violence at home, 117 for school, 109 for self-risk), not one template.
 */

/** Which follow-up a kind of first reply gets. */
type FollowUp = 'self' | 'home' | 'school' | 'neglect' | 'friend';

const FOLLOW_UP: Readonly<Record<HarmKind, FollowUp>> = {
  home: 'home',
  sexual: 'home',
  school: 'school',
  cyber: 'school',
  extortion: 'school',
  neglect: 'neglect',
  friend: 'friend',
};

/** The case's `bot_sent` for a crisis reply built from `risk` (its subtype, or self, or "right now"). */
export function crisisSent(risk: Pick<RiskAssessment, 'harm' | 'inProgress'>): string {
  if (risk.inProgress) return 'crisis_now';
  return risk.harm ? `crisis_${risk.harm}` : 'crisis_reply';
}

/** The harm subtype a `bot_sent` value names, if any. */
export function harmOfSent(botSent: string): HarmKind | undefined {
  const kind = botSent.startsWith('crisis_') ? botSent.slice('crisis_'.length) : '';
  return kind in FOLLOW_UP ? (kind as HarmKind) : undefined;
}

/** Numbers the harm texts use (contacts file only). */
export function harmParams(contacts: Contacts): Record<string, string | number> {
  return {
    ...contactParams(contacts),
    n117: contacts.get('schoolViolence').phone ?? '117',
    text117: contacts.get('schoolViolence').text ?? '',
    n1366: contacts.get('women1366').phone ?? '1366',
    kakao1388: contacts.get('youth1388').kakao ?? '',
  };
}

/** "봇이 보낸 것": exactly which reply and which lines the person got. */
export function sentLine(texts: Texts, contacts: Contacts, botSent: string): string {
  const key = `support.sent.${botSent}`;
  return texts.has(key) ? texts.t(key, harmParams(contacts)) : botSent;
}

/** The follow-up's first line and its call buttons, by what the case is about. */
const LAYOUT: Readonly<Record<FollowUp, { key: string; buttons: string[] }>> = {
  self: { key: 'again', buttons: ['n109', 'n1388', 'n112'] },
  home: { key: 'againHarm.home', buttons: ['n112', 'n1366', 'n1388'] },
  school: { key: 'againHarm.school', buttons: ['n117', 'n1388', 'n112'] },
  neglect: { key: 'againHarm.neglect', buttons: ['n112', 'n1388', 'n119'] },
  friend: { key: 'againHarm.friend', buttons: ['n112', 'n109', 'n1388'] },
};

/**
 * The lines again after nobody took the case in time: for violence at home 112 and 1366 first,
 * for school 117, for self-risk 109 (`botSent` of the case; absent → self-risk).
 */
export function followUpReply(texts: Texts, contacts: Contacts, botSent?: string): Reply {
  const harm = botSent ? harmOfSent(botSent) : undefined;
  const layout = LAYOUT[harm ? FOLLOW_UP[harm] : 'self'];
  const params = harmParams(contacts);
  const numbers = layout.buttons.map((b) => String(params[b]));
  return {
    messages: [
      text(texts.t(`support.${layout.key}`, params)),
      card(
        texts.t('support.againTitle'),
        '',
        numbers.map((number) => ({ label: texts.t('support.call', { number }), phone: number })),
      ),
    ],
    quickReplies: [],
  };
}
