import type { WorkCounter } from './automaton';
import type { RuleMatch } from './grammar';
import type { NormalisedText } from './normalise';

/**
 * Features of the risk classifier: hashed n-grams of letters (syllables, or Latin and Han characters), of
 * folded jamo (so typos and sound-spellings share features), of words, plus the grammar's rule flags
 * and cues such as laughter. Hashing keeps the model a fixed size whatever the vocabulary.
 */
export interface FeatureOptions {
  /** log2 of the number of hashed buckets. */
  bits: number;
}

/** FNV-1a over a string (32-bit, unsigned): stable across Node versions. */
export function fnv1a(text: string, seed = 0x811c9dc5): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** FNV-1a of `tag` followed by `text.slice(start, end)`, without building the string (the hot path). */
function fnvRange(tag: string, text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < tag.length; i += 1) hash = Math.imul(hash ^ tag.charCodeAt(i), 0x01000193) >>> 0;
  for (let i = start; i < end; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash >>> 0;
}

/** Turns a normalised message and its rule matches into bucket indices (each bucket once). */
export type Featurizer = (
  text: NormalisedText,
  matches: readonly RuleMatch[],
  work?: WorkCounter,
) => number[];

/**
 * Creates a featurizer. A bucket seen twice in one message counts once; a stamp per bucket makes that
 * check constant-time, so featurizing stays linear in the message (no set, no sort).
 */
export function createFeaturizer(options: FeatureOptions): Featurizer {
  const mask = (1 << options.bits) - 1;
  const stamps = new Uint32Array(1 << options.bits);
  let stamp = 0;
  return (text, matches, work = { steps: 0 }) => {
    stamp = stamp === 0xffffffff ? 1 : stamp + 1;
    if (stamp === 1) stamps.fill(0);
    const buckets: number[] = [];
    const addHash = (hash: number): void => {
      const bucket = hash & mask;
      if (stamps[bucket] !== stamp) {
        stamps[bucket] = stamp;
        buckets.push(bucket);
      }
      work.steps += 1;
    };
    const add = (tag: string, source = '', start = 0, end = 0): void =>
      addHash(fnvRange(tag, source, start, end));
    collect(text, matches, add);
    return buckets;
  };
}

type Add = (tag: string, source?: string, start?: number, end?: number) => void;

function collect(text: NormalisedText, matches: readonly RuleMatch[], add: Add): void {
  add('bias');
  const { compact, folded, spaced } = text;
  for (let i = 0; i < compact.length; i += 1) {
    add('c1', compact, i, i + 1);
    if (i + 1 < compact.length) add('c2', compact, i, i + 2);
    if (i + 2 < compact.length) add('c3', compact, i, i + 3);
  }
  for (let i = 0; i + 3 <= folded.length; i += 1) {
    add('j3', folded, i, i + 3);
    if (i + 4 <= folded.length) add('j4', folded, i, i + 4);
  }
  const words = spaced.split(' ').filter((w) => w.length > 0);
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] as string;
    add('w', word, 0, word.length);
    const next = words[i + 1];
    if (next !== undefined) add(`w2${word}_`, next, 0, next.length);
  }
  for (const match of matches) {
    add(`r${match.category}`);
    add(`ri${match.id}`);
  }
  if (text.laughter) add('laughter');
  if (text.crying) add('crying');
}
