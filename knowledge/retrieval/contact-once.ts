import type { Contacts } from '../../bot/contacts';
import type { Reply } from '../../bot/messages';
import type { Language } from '../../bot/people';

/**
 * Each contact's hours once per reply. A page may name the help centre in two paragraphs and the
 * "this may have changed" note names it again; read out three times, "평일 10시~21시 …" buries
 * the answer. The first mention keeps the number with its hours, later ones keep the number only.
 */
export function contactHoursOnce(reply: Reply, contacts: Contacts, language: Language): Reply {
  const described = contacts
    .all()
    .map((contact) => ({ full: contacts.describe(contact.id, language), head: contact.phone ?? contact.web }))
    .filter((d): d is { full: string; head: string } => d.head !== undefined && d.full !== d.head);
  const seen = new Set<string>();
  const once = (text: string): string => {
    let out = text;
    for (const { full, head } of described) {
      let at = out.indexOf(full);
      if (at < 0) continue;
      if (!seen.has(full)) {
        seen.add(full);
        at = out.indexOf(full, at + full.length);
      }
      while (at >= 0) {
        out = out.slice(0, at) + head + out.slice(at + full.length);
        at = out.indexOf(full, at + head.length);
      }
    }
    return out;
  };
  return { ...reply, messages: reply.messages.map((m) => ({ ...m, text: once(m.text) })) };
}
