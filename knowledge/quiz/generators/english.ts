import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { josa } from 'es-hangul';
import { parse } from 'yaml';
import { z } from 'zod';
import { fromRoot } from '../../../bot/paths';
import { GRADES, gradeOrder, gradeSlug, type Grade } from '../bank';
import type { GeneratedItem } from './build';
import { createRng, hashString, type Rng } from './prng';

/**
 * 영어 items from the graded word lists in `words/*.yaml` (written by the team): meaning, word and
 * spelling questions, blank-fill sentences and a few grammar patterns (past tense, comparatives,
 * plurals). Distractors come from the same level so a child cannot guess by difficulty.
 */

const WORD = /^[A-Za-z][A-Za-z'-]*$/;

const levelSchema = z.strictObject({
  level: z.string().regex(/^[a-z0-9]+$/),
  grades: z.array(z.enum(GRADES)).min(1),
  words: z.record(z.string().regex(WORD), z.string().trim().min(1).max(30)),
});

/** One word of a graded list with the grade it belongs to. */
export interface WordEntry {
  word: string;
  meaning: string;
  grade: Grade;
  level: string;
}

/** "English with ___ | 한국어 뜻": one blank in the English half, a Korean half after " | ". */
const sentenceSchema = z.record(
  z.string().regex(WORD),
  z.string().refine((s) => {
    const [english, korean, ...rest] = s.split(' | ');
    return rest.length === 0 && english?.split('___').length === 2 && (korean?.trim().length ?? 0) > 0;
  }, 'a sentence with one ___, then " | " and its Korean meaning'),
);
const grammarSchema = z.strictObject({
  irregularPast: z.strictObject({
    from: z.enum(GRADES),
    verbs: z.record(z.string(), z.tuple([z.string(), z.string(), z.string()])),
  }),
  comparatives: z.strictObject({
    from: z.enum(GRADES),
    adjectives: z.record(z.string(), z.tuple([z.string(), z.string()])),
  }),
  plurals: z.strictObject({ from: z.enum(GRADES), nouns: z.record(z.string(), z.string()) }),
});
type Grammar = z.infer<typeof grammarSchema>;

/** Everything the English generator reads. */
export interface EnglishData {
  words: WordEntry[];
  sentences: Record<string, string>;
  grammar: Grammar;
}

/**
 * Reads the word lists; a list for two grades gives its first half to the lower grade. A word that
 * appears twice (in one list or across lists) is refused: each word has one level.
 */
export function loadEnglishData(directory = fromRoot('knowledge', 'quiz', 'words')): EnglishData {
  const words: WordEntry[] = [];
  const seen = new Map<string, string>();
  const files = readdirSync(directory)
    .filter((f) => f.endsWith('.yaml') && !['sentences.yaml', 'grammar.yaml'].includes(f))
    .sort();
  for (const file of files) {
    const list = levelSchema.parse(parse(readFileSync(join(directory, file), 'utf8')));
    const entries = Object.entries(list.words);
    const share = Math.ceil(entries.length / list.grades.length);
    entries.forEach(([word, meaning], index) => {
      const key = word.toLowerCase();
      const first = seen.get(key);
      if (first) throw new Error(`${file}: "${word}" is already in ${first}`);
      seen.set(key, file);
      words.push({
        word,
        meaning,
        grade: list.grades[Math.floor(index / share)] as Grade,
        level: list.level,
      });
    });
  }
  const sentences = sentenceSchema.parse(parse(readFileSync(join(directory, 'sentences.yaml'), 'utf8')));
  for (const word of Object.keys(sentences))
    if (!seen.has(word.toLowerCase())) throw new Error(`sentences.yaml: "${word}" is not in any word list`);
  const grammar = grammarSchema.parse(parse(readFileSync(join(directory, 'grammar.yaml'), 'utf8')));
  return { words, sentences, grammar };
}

const slugOf = (word: string): string => word.toLowerCase().replace(/[^a-z]/g, '');

const VOWEL_SWAPS: readonly [string, string][] = [
  ['ie', 'ei'],
  ['ei', 'ie'],
  ['ou', 'oo'],
  ['ea', 'ee'],
  ['a', 'e'],
  ['e', 'a'],
  ['i', 'e'],
  ['o', 'u'],
  ['u', 'o'],
  ['y', 'i'],
];

/** Plausible misspellings of `word`: doubled or single letters, swapped letters, confused vowels. */
export function misspellings(word: string): string[] {
  const out = new Set<string>();
  const w = word.toLowerCase();
  for (let i = 1; i < w.length - 1; i++) {
    const c = w[i] as string;
    if (w[i + 1] === c) out.add(w.slice(0, i) + w.slice(i + 1));
    else if (/[bcdfgklmnprst]/.test(c) && /[aeiou]/.test(w[i - 1] ?? '') && /[aeiouy]/.test(w[i + 1] ?? ''))
      out.add(w.slice(0, i) + c + w.slice(i));
  }
  for (const [from, to] of VOWEL_SWAPS) {
    const at = w.indexOf(from, 1);
    if (at > 0) out.add(w.slice(0, at) + to + w.slice(at + from.length));
  }
  for (let i = 1; i < w.length - 2; i++)
    if (w[i] !== w[i + 1]) out.add(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
  if (w.endsWith('e')) out.add(w.slice(0, -1));
  out.delete(w);
  const capital = word[0] !== w[0];
  return [...out].map((m) => (capital ? m[0]?.toUpperCase() + m.slice(1) : m));
}

/** True when two meanings share a sense ("보다" and "보다, 바라보다"): never offer both. */
export function sharesSense(a: string, b: string): boolean {
  const first = sensesOf(a);
  return sensesOf(b).some((s) => first.includes(s));
}

const senseCache = new Map<string, string[]>();
function sensesOf(meaning: string): string[] {
  let senses = senseCache.get(meaning);
  if (!senses) {
    senses = meaning.split(',').map((s) => s.replace(/\(.*?\)/g, '').trim());
    senseCache.set(meaning, senses);
  }
  return senses;
}

/** `count` random members of `pool` that `exclude` does not refuse (drawn, not a full shuffle). */
function others<T>(rng: Rng, pool: readonly T[], exclude: (t: T) => boolean, count: number): T[] {
  const picked: T[] = [];
  for (let tries = 0; picked.length < count && tries < count * 20; tries++) {
    const candidate = rng.pick(pool);
    if (!exclude(candidate) && !picked.includes(candidate)) picked.push(candidate);
  }
  return picked;
}

const item = (
  id: string,
  grade: Grade,
  unit: string,
  standard: string,
  difficulty: 1 | 2 | 3,
  prompt: string,
  answer: string,
  distractors: readonly string[],
  explanation: string,
  rng: Rng,
): GeneratedItem | null => {
  const wrong = [...new Set(distractors)].filter((d) => d !== answer).slice(0, 3);
  if (wrong.length < 3) return null;
  const choices = rng.shuffle([answer, ...wrong]);
  return {
    id,
    subject: '영어',
    grade,
    unit,
    standard,
    difficulty,
    prompt,
    choices,
    answer: choices.indexOf(answer) + 1,
    explanation,
  };
};

function wordItem(
  entry: WordEntry,
  level: readonly WordEntry[],
  known: ReadonlySet<string>,
): GeneratedItem | null {
  const base = `gen-english-${gradeSlug(entry.grade)}`;
  const kind = hashString(entry.word) % 20;
  const quoteMeaning = `"${entry.meaning}"`;
  if (kind < 5 && entry.word.length >= 5) {
    const id = `${base}-spell-${slugOf(entry.word)}`;
    const rng = createRng(id);
    const wrong = rng.shuffle(misspellings(entry.word).filter((m) => !known.has(m.toLowerCase())));
    return item(
      id,
      entry.grade,
      '철자',
      '낱말의 철자를 바르게 쓴다',
      2,
      `${quoteMeaning}${josa.pick(entry.meaning, '을/를')} 뜻하는 영어 낱말의 바른 철자는?`,
      entry.word,
      wrong,
      `바른 철자: ${entry.word}. 소리 내어 읽으며 글자를 하나씩 짚어 보세요.`,
      rng,
    );
  }
  if (kind < 12) {
    const id = `${base}-word-${slugOf(entry.word)}`;
    const rng = createRng(id);
    const wrong = others(
      rng,
      level,
      (w) => w.word === entry.word || sharesSense(w.meaning, entry.meaning),
      3,
    ).map((w) => w.word);
    return item(
      id,
      entry.grade,
      '낱말 뜻',
      '낱말의 뜻을 알고 쓴다',
      1,
      `${quoteMeaning}${josa.pick(entry.meaning, '을/를')} 영어로 하면?`,
      entry.word,
      wrong,
      `정답: ${entry.word}. 뜻은 ${quoteMeaning}${josa.pick(entry.meaning, '이에요/예요')}.`,
      rng,
    );
  }
  const id = `${base}-meaning-${slugOf(entry.word)}`;
  const rng = createRng(id);
  const wrong = others(
    rng,
    level,
    (w) => w.word === entry.word || sharesSense(w.meaning, entry.meaning),
    3,
  ).map((w) => w.meaning);
  return item(
    id,
    entry.grade,
    '낱말 뜻',
    '낱말의 뜻을 알고 쓴다',
    1,
    `영어 낱말 "${entry.word}"의 뜻은?`,
    entry.meaning,
    wrong,
    `${entry.word}의 뜻은 ${quoteMeaning}${josa.pick(entry.meaning, '이에요/예요')}.`,
    rng,
  );
}

function blankItem(entry: WordEntry, sentence: string, level: readonly WordEntry[]): GeneratedItem | null {
  const [english, korean] = sentence.split(' | ') as [string, string];
  const id = `gen-english-${gradeSlug(entry.grade)}-blank-${slugOf(entry.word)}`;
  const rng = createRng(id);
  const wrong = others(
    rng,
    level,
    (w) => w.word === entry.word || sharesSense(w.meaning, entry.meaning),
    3,
  ).map((w) => w.word);
  return item(
    id,
    entry.grade,
    '빈칸 채우기',
    '문장 속 낱말의 쓰임을 안다',
    2,
    `빈칸에 알맞은 낱말은? "${english}" (${korean})`,
    entry.word,
    wrong,
    `"${english.replace('___', entry.word)}" ${korean} (${entry.word}: ${quoteOf(entry.meaning)})`,
    rng,
  );
}

const quoteOf = (text: string): string => `"${text}"`;

/** The one grade a grammar row belongs to: within three grades of the pattern's start, by the row's hash. */
function rowGrade(from: Grade, key: string): Grade {
  const window = GRADES.filter(
    (g) => gradeOrder(g) >= gradeOrder(from) && gradeOrder(g) <= gradeOrder(from) + 2,
  );
  return window[hashString(key) % window.length] as Grade;
}

function grammarItems(grammar: Grammar, grade: Grade): GeneratedItem[] {
  const out: (GeneratedItem | null)[] = [];
  for (const [verb, [past, participle, meaning]] of Object.entries(grammar.irregularPast.verbs)) {
    if (rowGrade(grammar.irregularPast.from, `past:${verb}`) !== grade) continue;
    const id = `gen-english-${gradeSlug(grade)}-past-${slugOf(verb)}`;
    const regular = verb.endsWith('e') ? `${verb}d` : `${verb}ed`;
    out.push(
      item(
        id,
        grade,
        '문법',
        '과거 시제를 쓴다',
        2,
        `${verb}(${meaning})의 과거형은?`,
        past,
        [regular, participle === past ? `${verb}s` : participle, `${verb}ing`],
        `${verb} → ${past} (과거분사 ${participle}). 불규칙 동사라서 ${regular}처럼 -ed를 붙이지 않아요.`,
        createRng(id),
      ),
    );
  }
  for (const [adjective, [comparative, superlative]] of Object.entries(grammar.comparatives.adjectives)) {
    if (rowGrade(grammar.comparatives.from, `cmp:${adjective}`) !== grade) continue;
    const id = `gen-english-${gradeSlug(grade)}-comparative-${slugOf(adjective)}`;
    const wrong = comparative.startsWith('more ')
      ? [`${adjective}er`, `most ${adjective}`, `more ${adjective}er`]
      : [
          `more ${adjective}`,
          superlative,
          `${adjective}er` === comparative ? `${adjective}est` : `${adjective}er`,
        ];
    out.push(
      item(
        id,
        grade,
        '문법',
        '비교급을 쓴다',
        2,
        `${adjective}의 비교급(더 ~한)은?`,
        comparative,
        wrong,
        `비교급: ${adjective} → ${comparative}, 최상급: ${superlative}. 모양을 통째로 외워 두면 좋아요.`,
        createRng(id),
      ),
    );
  }
  for (const [noun, plural] of Object.entries(grammar.plurals.nouns)) {
    if (rowGrade(grammar.plurals.from, `plural:${noun}`) !== grade) continue;
    const id = `gen-english-${gradeSlug(grade)}-plural-${slugOf(noun)}`;
    const wrong = [`${noun}s`, `${noun}es`, plural === noun ? `${noun}en` : noun, `${noun}ies`].filter(
      (w) => w !== plural,
    );
    out.push(
      item(
        id,
        grade,
        '문법',
        '명사의 복수형을 쓴다',
        2,
        `${noun}의 복수형(여럿일 때)은?`,
        plural,
        wrong,
        `복수형: ${noun} → ${plural}. 모든 낱말에 -s만 붙이는 것은 아니에요.`,
        createRng(id),
      ),
    );
  }
  return out.filter((i): i is GeneratedItem => i !== null);
}

/** Every generated English item of one grade. */
export function generateEnglish(grade: Grade, data: EnglishData): GeneratedItem[] {
  const known = new Set(data.words.map((w) => w.word.toLowerCase()));
  const mine = data.words.filter((w) => w.grade === grade);
  const levels = new Set(mine.map((m) => m.level));
  const level = data.words.filter((w) => levels.has(w.level));
  const items: (GeneratedItem | null)[] = mine.map((entry) => wordItem(entry, level, known));
  for (const entry of mine) {
    const sentence = data.sentences[entry.word];
    if (sentence) items.push(blankItem(entry, sentence, level));
  }
  return [...items.filter((i): i is GeneratedItem => i !== null), ...grammarItems(data.grammar, grade)];
}
