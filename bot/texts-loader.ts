import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { josa, numberToHangul } from 'es-hangul';
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
    // es-hangul reads "17" as no Hangul at all ("17를"): choose by how the number is said (십칠을).
    const digits = /\d{1,15}$/.exec(word)?.[0];
    const spoken = digits ? word.slice(0, -digits.length) + numberToHangul(Number(digits)) : word;
    return word + josa.pick(spoken, particle as JosaPair);
  });
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
