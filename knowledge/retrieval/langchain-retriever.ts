import { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { Language } from '../../bot/people';
import type { KoreanRetriever } from './korean-retriever';
import { bestPassage } from './passage';

/** Metadata on every retrieved LangChain document. */
export interface KnowledgeDocMetadata {
  [key: string]: unknown;
  id: string;
  title: string;
  link: string;
  source: string;
  asOf: string;
  verification: string;
  score: number;
  /** The search's confidence that the first document answers the question (same on every doc). */
  confidence: number;
  language: Language;
}

export interface KnowledgeLangChainRetrieverInput extends BaseRetrieverInput {
  retriever: KoreanRetriever;
  /** How many passages to return. */
  k?: number;
  /** Language of the passages (documents without an English version fall back to Korean). */
  language?: Language;
  /** Characters per passage. */
  passageChars?: number;
}

/** The in-memory Korean retriever as a LangChain BaseRetriever, so chains use it unchanged. */
export class KnowledgeLangChainRetriever extends BaseRetriever<KnowledgeDocMetadata> {
  lc_namespace = ['seoulrun', 'knowledge', 'retrievers'];
  private readonly retriever: KoreanRetriever;
  private readonly k: number;
  private readonly language: Language;
  private readonly passageChars: number;

  constructor(fields: KnowledgeLangChainRetrieverInput) {
    super(fields);
    this.retriever = fields.retriever;
    this.k = fields.k ?? 3;
    this.language = fields.language ?? 'ko';
    this.passageChars = fields.passageChars ?? 1200;
  }

  override async _getRelevantDocuments(
    query: string,
    _runManager?: CallbackManagerForRetrieverRun,
  ): Promise<Document<KnowledgeDocMetadata>[]> {
    const result = this.retriever.search(query, this.k);
    return result.hits.map(({ doc, score }) => {
      const version = this.language === 'en' && doc.en ? doc.en : doc.ko;
      return new Document<KnowledgeDocMetadata>({
        pageContent: bestPassage(version, query, this.passageChars),
        metadata: {
          id: doc.id,
          title: version.title,
          link: doc.link,
          source: doc.source,
          asOf: doc.asOf,
          verification: doc.verification,
          score,
          confidence: result.confidence,
          language: this.language === 'en' && doc.en ? 'en' : 'ko',
        },
      });
    });
  }
}
