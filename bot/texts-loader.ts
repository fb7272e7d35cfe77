import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { josa } from 'es-hangul';
import { parse } from 'yaml';
import type { Language } from './people';
import type { TextParams, Texts } from './texts';

export type TextsByLanguage = Readonly<Record<Language, Texts>>;

type JosaPair = Parameters<typeof josa>[1];
const JOSA_PAIRS = new Set([
  '이/가',
  '을/를',
  '은/는',
  '으로/로',
  '와/과',
  '이나/나',
  '이에요/예요',
  '이었/였',
  '아/야',
  '이란/란',
  '이랑/랑',
  '이라/라',
  '으로서/로서',
  '으로써/로써',
  '으로부터/로부터',
]);

/** Flattens nested YAML maps into `a.b.c` keys; leaves must be strings. */
function flatten(prefix: string, value: unknown, into: Map<string, string>, file: string): void {
  if (typeof value === 'string') {
    into.set(prefix, value);
    return;
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value))
      flatten(prefix ? `${prefix}.${key}` : key, child, into, file);
    return;
  }
  throw new Error(`${file}: "${prefix}" must be a string or a map of strings`);
}

/** Fills `{name}` and `{name:이/가}` placeholders; a missing parameter is an error, not a blank. */
export function fill(template: string, params: TextParams = {}, key = '?'): string {
  return template.replace(/\{(\w+)(?::([^}]+))?\}/g, (_match, name: string, particle?: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`text "${key}" needs parameter "${name}"`);
    const word = String(value);
    if (!particle) return word;
    if (!JOSA_PAIRS.has(particle)) throw new Error(`text "${key}": unknown particle pair "${particle}"`);
    return particleAfter(word, particle as JosaPair);
  });
}

/** Last syllable of a number read aloud in Sino-Korean ("#17" 칠, "1388" 팔, "10" 십, "109" 구). */
function numberReading(digits: string): string {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  const last = trimmed[trimmed.length - 1] ?? '0';
  if (/^0+$/.test(trimmed)) return '영';
  if (last !== '0') return '영일이삼사오육칠팔구'[Number(last)] ?? '영';
  const zeros = (/0+$/.exec(trimmed)?.[0].length ?? 0) % 4;
  return zeros === 1 ? '십' : zeros === 2 ? '백' : zeros === 3 ? '천' : '만';
}

/**
 * The word with its particle chosen by how the word ends when read: es-hangul for Hangul, the
 * reading of the number for a word ending in digits (es-hangul alone gives "케이스 #17를").
 */
function particleAfter(word: string, pair: JosaPair): string {
  const digits = /(\d+)$/.exec(word)?.[1];
  if (!digits) return josa(word, pair);
  const reading = numberReading(digits);
  return `${word}${josa(reading, pair).slice(reading.length)}`;
}

function createTexts(language: Language, entries: Map<string, string>, fallback?: Texts): Texts {
  return {
    language,
    has: (key) => entries.has(key) || (fallback?.has(key) ?? false),
    t(key, params) {
      const template = entries.get(key);
      // Vietnamese and Chinese have the sentences that matter most; the rest is said in English.
      if (template === undefined && fallback) return fallback.t(key, params);
      if (template === undefined) throw new Error(`missing text "${key}" for language ${language}`);
      return fill(template, params, key);
    },
  };
}

/**
 * Reads knowledge/texts/<lang>/*.yaml; each file's name is its namespace (quiz.yaml → "quiz.…").
 * Korean and English are complete catalogues; Vietnamese and Chinese fall back to English per key.
 */
export function loadTexts(directory: string): TextsByLanguage {
  const load = (language: Language, fallback?: Texts): Texts => {
    const entries = new Map<string, string>();
    const folder = join(directory, language);
    if (fallback && !existsSync(folder)) return createTexts(language, entries, fallback);
    for (const file of readdirSync(folder)
      .filter((f) => f.endsWith('.yaml'))
      .sort()) {
      const namespace = file.replace(/\.yaml$/, '');
      flatten(namespace, parse(readFileSync(join(folder, file), 'utf8')), entries, join(folder, file));
    }
    return createTexts(language, entries, fallback);
  };
  const en = load('en');
  return Object.freeze({ ko: load('ko'), en, vi: load('vi', en), zh: load('zh', en) });
}
