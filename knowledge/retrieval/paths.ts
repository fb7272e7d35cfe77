import { fromRoot } from '../../bot/paths';

/** Where the knowledge documents live. */
export const docsDirectory = (): string => fromRoot('knowledge', 'docs');
/** The synonyms data file. */
export const synonymsFile = (): string => fromRoot('knowledge', 'retrieval', 'synonyms.yaml');
/** The labelled evaluation questions. */
export const evalQuestionsFile = (): string => fromRoot('knowledge', 'docs', 'eval-questions.yaml');
