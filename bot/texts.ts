import type { Language } from './people';

/** Values substituted into a catalogue sentence. */
export type TextParams = Record<string, string | number>;

/**
 * The text catalogue of one language. Sentences live in knowledge/texts/<lang>/*.yaml, keyed
 * `namespace.key`. Placeholders: `{name}`; `{name:이/가}` appends the right particle (es-hangul).
 */
export interface Texts {
  readonly language: Language;
  /** The sentence for `key`; throws on a missing key (caught by the catalogue test). */
  t(key: string, params?: TextParams): string;
  /** Whether the catalogue has `key`. */
  has(key: string): boolean;
}
