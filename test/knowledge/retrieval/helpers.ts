import { join } from 'node:path';
import { testContacts } from '../../helpers/fake-turn';
import { loadDocs } from '../../../knowledge/retrieval/docs';
import { createKoreanRetriever, type KoreanRetriever } from '../../../knowledge/retrieval/korean-retriever';
import { loadSynonyms } from '../../../knowledge/retrieval/synonyms';

/** Fixture documents written for these tests (not the real knowledge base). */
export const fixtureDocsDir = join(__dirname, 'fixtures', 'docs');

/** A retriever over the fixture documents. */
export function fixtureRetriever(): KoreanRetriever {
  return createKoreanRetriever(loadDocs(fixtureDocsDir, testContacts()), loadSynonyms());
}
