import type { Contacts } from '../../bot/contacts';
import { card, text, type CardButton, type QuickReply, type Reply } from '../../bot/messages';
import type { Language } from '../../bot/people';
import type { TextsByLanguage } from '../../bot/texts-loader';
import { contactHoursOnce } from './contact-once';
import type { KnowledgeDoc } from './docs';
import type { SearchResult } from './korean-retriever';
import { hasHangul } from './korean-text';
import { bestPassage, PASSAGE_MAX_CHARS, shorten } from './passage';

/** Confidence below which we say we are not sure (calibrated on the tune split). */
export const ANSWER_THRESHOLD = 0.6;
/** Below the threshold but above this, the closest documents are offered as choices. */
export const SUGGEST_THRESHOLD = 0.45;
export const MENU_POSTBACK = 'menu:open';
/** `knowledge:doc:<id>`: show that document (offered when we were not sure). */
export const DOC_POSTBACK_PREFIX = 'knowledge:doc:';

/** What an answer needs besides the question. */
export interface AnswerDeps {
  texts: TextsByLanguage;
  contacts: Contacts;
}

/** An answer plus what the review queue needs to know about it. */
export interface KnowledgeAnswer {
  reply: Reply;
  answered: boolean;
  confidence: number;
  topDocId?: string;
  /** Documents offered as choices when not sure (in order). */
  suggestions: string[];
  /** How the answer was made: retrieval only, or the LLM over retrieved passages. */
  via: 'offline' | 'llm';
}

/** The language to answer in: Hangul → Korean, plain English text → English, else the person's. */
export function answerLanguage(question: string, personLanguage: Language): Language {
  if (hasHangul(question)) return 'ko';
  if ((question.match(/[a-zA-Z]/g) ?? []).length >= 3) return 'en';
  return personLanguage;
}

const menuQuickReply = (deps: AnswerDeps, language: Language): QuickReply => ({
  label: deps.texts[language].t('common.menu'),
  postback: MENU_POSTBACK,
});

/** The source line and "더 알아보기" card of a document. */
export function sourceCard(
  doc: KnowledgeDoc,
  deps: AnswerDeps,
  language: Language,
  titlePrefixKey?: string,
): Reply['messages'][number] {
  const t = deps.texts[language];
  const version = language === 'en' && doc.en ? doc.en : doc.ko;
  const title = titlePrefixKey ? t.t(titlePrefixKey, { title: version.title }) : version.title;
  // Public sources only, with their date; the bot's own pages name none.
  const lines = version.publicSource
    ? [t.t('knowledge.source', { source: version.publicSource, asOf: doc.asOf })]
    : [];
  if (doc.verification !== 'confirmed')
    lines.push(
      t.t('knowledge.uncertainNote', { helpCentre: deps.contacts.describe('helpCentre', language) }),
    );
  return card(title, lines.join('\n'), [{ label: t.t('knowledge.learnMore'), url: doc.link }]);
}

/** The confident offline answer: the best passage, then its source card. */
export function docReply(doc: KnowledgeDoc, question: string, deps: AnswerDeps, language: Language): Reply {
  const t = deps.texts[language];
  const version = language === 'en' && doc.en ? doc.en : doc.ko;
  const note = language === 'en' && !doc.en ? `${t.t('knowledge.koreanOnly')}\n` : '';
  const passage = bestPassage(version, question, PASSAGE_MAX_CHARS - note.length);
  return contactHoursOnce(
    {
      messages: [text(`${note}${passage}`), sourceCard(doc, deps, language)],
      quickReplies: [menuQuickReply(deps, language)],
    },
    deps.contacts,
    language,
  );
}

/** Honest "not sure": the help centre (from the contacts file), close matches if any, the menu. */
export function notSureReply(deps: AnswerDeps, language: Language, suggestions: KnowledgeDoc[]): Reply {
  const t = deps.texts[language];
  const centre = deps.contacts.get('helpCentre');
  const buttons: CardButton[] = [];
  if (centre.phone) buttons.push({ label: t.t('knowledge.call'), phone: centre.phone });
  if (centre.web) buttons.push({ label: t.t('knowledge.website'), url: centre.web });
  const messages: Reply['messages'] = [
    text(t.t('knowledge.notSure')),
    card(
      t.t('knowledge.helpCentreTitle'),
      t.t('knowledge.askHelpCentre', { helpCentre: deps.contacts.describe('helpCentre', language) }),
      buttons,
    ),
  ];
  // Someone writing in another language can always ask Danuri in their own (13 languages, 24 hours).
  if (language !== 'ko')
    messages.push(text(t.t('knowledge.danuri', { line: deps.contacts.describe('danuri', language) })));
  const quickReplies: QuickReply[] = [];
  if (suggestions.length > 0) {
    const titles = suggestions.map((doc, i) =>
      t.t('knowledge.choice', {
        number: i + 1,
        title: (language === 'en' && doc.en ? doc.en : doc.ko).title,
      }),
    );
    messages.push(text(shorten([t.t('knowledge.didYouMean'), ...titles].join('\n'), PASSAGE_MAX_CHARS)));
    suggestions.forEach((doc) =>
      quickReplies.push({
        label: (language === 'en' && doc.en ? doc.en : doc.ko).title,
        postback: `${DOC_POSTBACK_PREFIX}${doc.id}`,
      }),
    );
  }
  quickReplies.push(menuQuickReply(deps, language));
  return contactHoursOnce({ messages, quickReplies }, deps.contacts, language);
}

/** The answer without any model: retrieval result → reply, honest below the threshold. */
export function offlineAnswer(
  result: SearchResult,
  question: string,
  deps: AnswerDeps,
  language: Language,
): KnowledgeAnswer {
  const top = result.hits[0];
  if (top && result.confidence >= ANSWER_THRESHOLD) {
    return {
      reply: docReply(top.doc, question, deps, language),
      answered: true,
      confidence: result.confidence,
      topDocId: top.doc.id,
      suggestions: [],
      via: 'offline',
    };
  }
  const suggestions = result.confidence >= SUGGEST_THRESHOLD ? result.hits.slice(0, 3).map((h) => h.doc) : [];
  return {
    reply: notSureReply(deps, language, suggestions),
    answered: false,
    confidence: result.confidence,
    topDocId: top?.doc.id,
    suggestions: suggestions.map((d) => d.id),
    via: 'offline',
  };
}
