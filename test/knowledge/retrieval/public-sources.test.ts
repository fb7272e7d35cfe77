import { docReply, notSureReply } from '../../../knowledge/retrieval/offline-answer';
import { realRetriever } from '../../../knowledge/eval-knowledge';
import { testContacts, testTexts } from '../../helpers/fake-turn';

/**
 * What users see as a source is public (a site or outlet, with a date); internal names never
 * reach them: design sections, issue numbers, file names, the reference notes, site-code paths.
 */
const INTERNAL =
  /design\s*§|§\s*\d|issue\s*\d|\.md\b|\.vue\b|\.ts\b|\breference\b|seoulrun\.md|slearn_html|quiz-safety|pages\/|companion bot/i;

describe('sources shown to users (every real document, rendered)', () => {
  const retriever = realRetriever();
  const deps = { texts: testTexts(), contacts: testContacts() };

  it.each(['ko', 'en'] as const)('shows no internal name in any rendered answer (%s)', (language) => {
    for (const doc of retriever.docs) {
      const version = language === 'en' && doc.en ? doc.en : doc.ko;
      // The title as question makes the whole page the passage; the card carries the source line.
      const reply = docReply(doc, version.title, deps, language);
      // The whole body too: another question may show a paragraph this passage left out.
      for (const message of [...reply.messages, { title: version.title, text: version.body }]) {
        const shown = `${'title' in message ? message.title : ''}\n${message.text}`;
        expect({ id: doc.id, shown: INTERNAL.test(shown) ? shown : 'clean' }).toEqual({
          id: doc.id,
          shown: 'clean',
        });
      }
    }
  });

  it('names a public source with a date on every fact page, and none on the bot’s own pages', () => {
    for (const doc of retriever.docs) {
      const card = docReply(doc, doc.ko.title, deps, 'ko').messages[1]!;
      if (doc.id.startsWith('bot-'))
        expect({ id: doc.id, line: card.text.includes('출처') }).toEqual({ id: doc.id, line: false });
      else if (doc.ko.publicSource)
        expect(card.text).toContain(`출처: ${doc.ko.publicSource} (${doc.asOf} 기준)`);
      if (doc.en?.publicSource)
        expect(docReply(doc, doc.en.title, deps, 'en').messages[1]!.text).toContain(
          `Source: ${doc.en.publicSource} (as of ${doc.asOf})`,
        );
    }
    const withoutSource = retriever.docs
      .filter((d) => !d.id.startsWith('bot-') && !d.ko.publicSource)
      .map((d) => d.id);
    // Pages that say no public source was found (an English camp) or whose figure has no named outlet.
    expect(withoutSource.sort()).toEqual(['english-camp', 'intensive-class']);
  });

  it('says each contact’s hours once per reply, without brackets inside brackets', () => {
    const hours = [
      deps.contacts.get('helpCentre').note?.ko ?? '',
      deps.contacts.get('helpCentre').note?.en ?? '',
    ];
    for (const language of ['ko', 'en'] as const) {
      const replies = [
        ...retriever.docs.map((doc) => docReply(doc, doc.ko.title, deps, language)),
        notSureReply(deps, language, retriever.docs.slice(0, 3)),
      ];
      for (const reply of replies) {
        const all = reply.messages.map((m) => m.text).join('\n');
        for (const note of hours) expect(all.split(note).length - 1).toBeLessThanOrEqual(1);
        expect(all).not.toMatch(/\([^()]*\([^()]*\)[^()]*\)/);
      }
    }
  });
});
