import type { Contacts } from '../../bot/contacts';
import type { TextParams, Texts } from '../../bot/texts';

/** The support texts' shared pieces: contact numbers from the contacts file, and the excerpt rule. */

const EXCERPT_CHARS = 80;

/** A minimal excerpt: the masked text, one line, at most 80 characters. */
export const excerptOf = (masked: string): string => {
  const line = masked.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT_CHARS ? `${line.slice(0, EXCERPT_CHARS - 1)}…` : line;
};

/** Numbers the support texts use, from the contacts file. */
export function contactParams(contacts: Contacts): TextParams {
  const phone = (id: string): string => contacts.get(id).phone ?? id;
  return {
    n109: phone('suicide109'),
    madlen: contacts.get('suicide109').kakao ?? '마들랜',
    n1388: phone('youth1388'),
    n112: phone('police'),
    n119: phone('fire'),
    n0199: phone('mentalHealth'),
  };
}

/** `support.<key>` with the contact numbers filled in. */
export const say = (texts: Texts, contacts: Contacts, key: string, params: TextParams = {}): string =>
  texts.t(`support.${key}`, { ...contactParams(contacts), ...params });
