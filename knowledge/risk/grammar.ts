import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { buildAutomaton, type Automaton, type WorkCounter } from './automaton';
import { normaliseRisk, type NormalisedText } from './normalise';

/**
 * The rule layer of the risk screen: a slot grammar kept as reviewed data (knowledge/risk/grammar.yaml).
 * A rule is a sequence of parts (a named slot of words, or literal alternatives); each part must start
 * within `gap` folded jamo after the previous one ends. All words of all rules go into one automaton,
 * so a message is read once; rules and guards are then combined in time linear in the hits.
 */

/** What a rule says about the writer (the screen turns it into a level). */
export const RULE_CATEGORIES = [
  'direct',
  'indirect',
  'farewell',
  'plan_means',
  'self_harm',
  'in_progress',
  'passive_wish',
  'burden',
  'hopelessness',
  'concern',
  'harm_home',
  'harm_sexual',
  'harm_school',
  'harm_cyber',
  'harm_extortion',
  'harm_neglect',
  'harm_friend',
] as const;
export type RuleCategory = (typeof RULE_CATEGORIES)[number];

/**
 * Markers change how a rule is read: `idiom` silences weak rules it overlaps; `context` (a game, homework,
 * a novel) silences weak rules anywhere in the message; `negation` right after a negatable rule lowers it
 * to concern; `other` (a friend, a sibling) before a self rule with `reported` speech after it makes it
 * someone else's danger; `relay` (우리 아이, 딸) before it makes it a parent relaying their child's words;
 * `smalltalk` words that cover the whole message (고마워, 잘자, ㅇㅋ, bye) mean there is nothing to screen.
 */
export const MARKERS = ['idiom', 'context', 'negation', 'other', 'reported', 'relay', 'smalltalk'] as const;
export type Marker = (typeof MARKERS)[number];

const why = z.string().min(8, 'say why the rule is there');
const ruleSchema = z.object({
  id: z.string().regex(/^[a-z0-9_.-]+$/, 'ids are lower-case dotted words'),
  category: z.enum([...RULE_CATEGORIES, ...MARKERS]),
  seq: z.array(z.string().min(1)).min(1),
  gap: z.number().int().min(0).max(24).default(4),
  weak: z.boolean().default(false),
  negatable: z.boolean().default(false),
  /** The most this rule alone may say (e.g. a plain farewell is worth the direct question, not more). */
  cap: z.enum(['ask', 'concern']).optional(),
  why,
});
const grammarSchema = z.object({
  slots: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.array(z.string().min(1)).min(1)),
  rules: z.array(ruleSchema).min(1),
});

/** The grammar file as written (words still in plain text). */
export type GrammarFile = z.infer<typeof grammarSchema>;
type RuleSpec = GrammarFile['rules'][number];

/** A grammar that cannot be used; the message names the rule and the reason. */
export class GrammarError extends Error {
  override readonly name = 'GrammarError';
}

/** One rule that matched, with its span in the folded text. */
export interface RuleMatch {
  id: string;
  category: RuleCategory | Marker;
  start: number;
  end: number;
  weak: boolean;
  negatable: boolean;
  cap?: 'ask' | 'concern';
}

export interface CompiledGrammar {
  /** Every rule match in the folded text (markers included); adds its work to `work`. */
  match(text: FoldedInput, work: WorkCounter): RuleMatch[];
  readonly rules: readonly RuleSpec[];
  /** Folded words of every slot and literal part (the hygiene test reads them). */
  readonly words: readonly string[];
  /** The categories each word serves (small-talk words are whole messages by nature). */
  readonly categoriesOf: (word: string) => ReadonlyArray<RuleCategory | Marker>;
}

/** A word of the grammar, read exactly as a message would be. */
export function foldWord(word: string): string {
  return foldWordWithSpaces(word).folded;
}

/** A grammar word folded, with the offsets where it was written with a space (where the text may have one). */
export function foldWordWithSpaces(word: string): { folded: string; spaces: number[]; syllables: number } {
  const normal = normaliseRisk(word);
  // A word starting with a silent ㅇ (어버리, 을래) is read from its vowel: after a final consonant the
  // text drops that ㅇ (죽어버리 → ㅈㅜㄱㅓㅂㅓㄹㅣ), and the text marks both places as a syllable start.
  const skip = /^ㅇ[ㅏ-ㅣ]/.test(normal.folded) ? 1 : 0;
  const spaces: number[] = [];
  for (let p = 1; p < normal.folded.length; p += 1) {
    if (normal.wordAt[p] !== normal.wordAt[p - 1]) spaces.push(p - skip);
  }
  const syllables = [...normal.wordSize].reduce((a, b) => a + b, 0);
  return { folded: normal.folded.slice(skip), spaces, syllables };
}

/** The folded text and its word edges, as normaliseRisk gives them. */
export type FoldedInput = Pick<NormalisedText, 'folded' | 'starts' | 'ends' | 'wordAt' | 'wordSize'>;

const isConsonant = (ch: string | undefined): boolean => ch !== undefined && ch >= 'ㄱ' && ch <= 'ㅎ';

/**
 * A word found in the text counts only on syllable (or Latin word) edges. Its end may also be a final
 * consonant that the next syllable borrows as its initial (죽 in 주거), never a silent ㅇ (삥 is not in 비염).
 */
const endsOnEdge = (text: FoldedInput, end: number): boolean =>
  text.ends[end] === 1 ||
  (text.starts[end - 1] === 1 && isConsonant(text.folded[end - 1]) && text.folded[end - 1] !== 'ㅇ');
const onEdges = (text: FoldedInput, start: number, end: number): boolean =>
  text.starts[start] === 1 && endsOnEdge(text, end);

/**
 * A word starting on the vowel of a syllable whose initial the previous word borrowed as its final
 * (주거 = 죽 + 어): it may only continue a rule right where the previous part ended.
 */
const afterLinking = (text: FoldedInput, start: number, end: number): boolean =>
  text.starts[start] !== 1 &&
  text.starts[start - 1] === 1 &&
  isConsonant(text.folded[start - 1]) &&
  endsOnEdge(text, end);

/** A grammar word of this many syllables written without a space may span any space of the text. */
const LONG_WORD = 4;

/** Where the text may have spaces inside one grammar word (union over its spellings). */
interface WordSpaces {
  anywhere: boolean;
  offsets: Set<number>;
}

/**
 * A word found across a space of the text counts only where the grammar wrote a space (죽고 싶), when the
 * word is long, or when the text is spelled out a syllable at a time (자 살, 죽 고 싶 어): "과학 대멸종"
 * does not contain 학대, and "는데 계속" does not contain 데게.
 */
function spacesFit(text: FoldedInput, start: number, end: number, allowed: WordSpaces): boolean {
  if (allowed.anywhere) return true;
  let spelledOut = true;
  let fits = true;
  for (let p = start + 1; p < end; p += 1) {
    const here = text.wordAt[p] ?? 0;
    const before = text.wordAt[p - 1] ?? 0;
    if (here === before) continue;
    const offset = p - start;
    if (!allowed.offsets.has(offset) && !allowed.offsets.has(offset - 1) && !allowed.offsets.has(offset + 1))
      fits = false;
    if ((text.wordSize[here] ?? 0) > 1 || (text.wordSize[before] ?? 0) > 1) spelledOut = false;
  }
  return fits || spelledOut;
}

interface CompiledRule {
  spec: RuleSpec;
  parts: number;
}

/** Loads and compiles knowledge/risk/grammar.yaml (or another file); refuses a broken one plainly. */
export function loadGrammar(path: string): CompiledGrammar {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new GrammarError(`risk grammar ${path}: unreadable: ${(error as Error).message}`);
  }
  const parsed = grammarSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GrammarError(`risk grammar ${path}: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  return compileGrammar(parsed.data);
}

/** Compiles a parsed grammar: one automaton for every word, an index from word to rule parts. */
export function compileGrammar(grammar: GrammarFile): CompiledGrammar {
  const words: string[] = [];
  const spacesOf: WordSpaces[] = [];
  const wordIndex = new Map<string, number>();
  /** For each word: the (rule, part) pairs it can fill. */
  const uses: Array<Array<{ rule: number; part: number }>> = [];
  const addWord = (word: ReturnType<typeof foldWordWithSpaces>, rule: number, part: number): void => {
    let index = wordIndex.get(word.folded);
    if (index === undefined) {
      index = words.length;
      words.push(word.folded);
      spacesOf.push({ anywhere: false, offsets: new Set() });
      wordIndex.set(word.folded, index);
      uses.push([]);
    }
    const spaces = spacesOf[index] as WordSpaces;
    if (word.spaces.length === 0 && word.syllables >= LONG_WORD) spaces.anywhere = true;
    for (const offset of word.spaces) spaces.offsets.add(offset);
    uses[index]?.push({ rule, part });
  };

  const seen = new Set<string>();
  const rules: CompiledRule[] = grammar.rules.map((spec, ruleIndex) => {
    if (seen.has(spec.id)) throw new GrammarError(`risk grammar: rule "${spec.id}": duplicate id`);
    seen.add(spec.id);
    spec.seq.forEach((part, partIndex) => {
      const alternatives = part.startsWith('@')
        ? grammar.slots[part.slice(1)]
        : part.split('|').map((w) => w.trim());
      if (!alternatives) throw new GrammarError(`risk grammar: rule "${spec.id}": no slot "${part}"`);
      for (const word of alternatives) {
        const folded = foldWordWithSpaces(word);
        if (folded.folded.length === 0) {
          throw new GrammarError(`risk grammar: rule "${spec.id}": word "${word}" is empty once normalised`);
        }
        addWord(folded, ruleIndex, partIndex);
      }
    });
    return { spec, parts: spec.seq.length };
  });
  const automaton: Automaton = buildAutomaton(words);

  return {
    rules: grammar.rules,
    words,
    categoriesOf: (word) =>
      (uses[wordIndex.get(word) ?? -1] ?? []).map(({ rule }) => (rules[rule] as CompiledRule).spec.category),
    match(text, work) {
      const hits = automaton
        .search(text.folded, work)
        .filter(
          (h) =>
            (onEdges(text, h.start, h.end) || afterLinking(text, h.start, h.end)) &&
            spacesFit(text, h.start, h.end, spacesOf[h.word] as WordSpaces),
        );
      // For each rule and part: where the best partial match (parts 0..part) ends and starts.
      const partialEnd = rules.map((r) => new Array<number>(r.parts).fill(-1));
      const partialStart = rules.map((r) => new Array<number>(r.parts).fill(-1));
      const matches: RuleMatch[] = [];
      const lastReported = new Array<number>(rules.length).fill(-1);
      for (const hit of hits) {
        for (const { rule, part } of uses[hit.word] ?? []) {
          work.steps += 1;
          const compiled = rules[rule] as CompiledRule;
          const ends = partialEnd[rule] as number[];
          const starts = partialStart[rule] as number[];
          let start: number;
          const linked = text.starts[hit.start] !== 1;
          if (part === 0) {
            if (linked) continue;
            start = hit.start;
          } else {
            const previousEnd = ends[part - 1] as number;
            if (previousEnd < 0 || hit.start < previousEnd || hit.start - previousEnd > compiled.spec.gap) {
              continue;
            }
            if (linked && hit.start !== previousEnd) continue;
            start = starts[part - 1] as number;
          }
          // Keep the latest end (it leaves the most room for the next part).
          if (hit.end >= (ends[part] as number)) {
            ends[part] = hit.end;
            starts[part] = start;
          }
          if (part === compiled.parts - 1 && lastReported[rule] !== hit.end) {
            lastReported[rule] = hit.end;
            const match: RuleMatch = {
              id: compiled.spec.id,
              category: compiled.spec.category,
              start,
              end: hit.end,
              weak: compiled.spec.weak,
              negatable: compiled.spec.negatable,
            };
            if (compiled.spec.cap) match.cap = compiled.spec.cap;
            matches.push(match);
          }
        }
      }
      return matches;
    },
  };
}
