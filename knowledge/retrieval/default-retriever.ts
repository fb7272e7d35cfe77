import type { Contacts } from '../../bot/contacts';
import { loadExampleQuestions } from './blind-set';
import { loadDocs } from './docs';
import { createKoreanRetriever, type KoreanRetriever } from './korean-retriever';
import { docsDirectory } from './paths';
import { loadSynonyms } from './synonyms';

/**
 * The retriever the bot runs: the documents, the synonyms, and the labelled tune-split questions
 * that calibrate how sure it is (held-out questions are never loaded).
 */
export function createDefaultRetriever(contacts: Contacts, docsDir = docsDirectory()): KoreanRetriever {
  return createKoreanRetriever(
    loadDocs(docsDir, contacts),
    loadSynonyms(),
    undefined,
    loadExampleQuestions(),
  );
}
