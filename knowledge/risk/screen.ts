import { readFileSync } from 'node:fs';
import { disassembleCompleteCharacter } from 'es-hangul';
import { parse } from 'yaml';
import { z } from 'zod';
import { NO_RISK, type RiskAssessment, type RiskLevel, type RiskScreen, type Speaker } from '../../bot/risk';

// ---------------------------------------------------------------------------------------------
// Lexicon file (knowledge/risk/lexicon.yaml)
// ---------------------------------------------------------------------------------------------

const id = z.string().regex(/^[a-z0-9.-]+$/, 'ids are lower-case dotted words');
const why = z.string().min(8, 'say why the entry is there');

const entrySchema = z.object({
  id,
  level: z.enum(['concern', 'high', 'harm_by_others']),
  tier: z.enum(['imminent', 'ideation']).optional(),
  pattern: z.string().min(2),
  why,
});
const exemptionSchema = z.object({ id, pattern: z.string().min(2), why });
const markerSchema = z.object({
  id,
  where: z.enum(['before', 'after']),
  alone: z.boolean().optional(),
  pattern: z.string().min(2),
  why,
});
const lexiconSchema = z.object({
  entries: z.array(entrySchema).min(1),
  exemptions: z.array(exemptionSchema),
  negation: z.array(markerSchema),
  past: z.array(markerSchema),
  others: z.object({ subjects: z.array(exemptionSchema), reported: z.array(exemptionSchema) }),
});

/** The risk lexicon as written in YAML (patterns still in plain Hangul). */
export type RiskLexicon = z.infer<typeof lexiconSchema>;

/** A lexicon file that cannot be used; the message names the entry and the reason. */
export class RiskLexiconError extends Error {
  override readonly name = 'RiskLexiconError';
}

// ---------------------------------------------------------------------------------------------
// Normalisation: the same function runs over user text and over the literal parts of patterns
// ---------------------------------------------------------------------------------------------

const TENSE_TO_LAX: Readonly<Record<string, string>> = { ㄲ: 'ㄱ', ㄸ: 'ㄷ', ㅃ: 'ㅂ', ㅆ: 'ㅅ', ㅉ: 'ㅈ' };
// 쥭/죽, 햇/했, 얘/예: spellings people swap, folded so one stem covers them.
const VOWEL_FOLD: Readonly<Record<string, string>> = { ㅠ: 'ㅜ', ㅛ: 'ㅗ', ㅐ: 'ㅔ', ㅒ: 'ㅔ', ㅖ: 'ㅔ' };
const lax = (jamo: string): string => [...jamo].map((j) => TENSE_TO_LAX[j] ?? j).join('');
const foldVowel = (jamo: string): string => [...jamo].map((j) => VOWEL_FOLD[j] ?? j).join('');

const syllableCache = new Map<string, string>();

/** One syllable in jamo: tense consonants made lax, similar vowels folded. */
function syllableJamo(syllable: string): string {
  const cached = syllableCache.get(syllable);
  if (cached !== undefined) return cached;
  const parts = disassembleCompleteCharacter(syllable);
  const body = parts ? lax(parts.choseong) + foldVowel(parts.jungseong) + lax(parts.jongseong) : syllable;
  syllableCache.set(syllable, body);
  return body;
}

const isSyllable = (ch: string): boolean => ch >= '가' && ch <= '힣';
const isJamo = (ch: string | undefined): boolean => ch !== undefined && ch >= 'ㄱ' && ch <= 'ㅣ';

/** Surface clean-up: lower case, no spaces or punctuation, no laughter or crying runs, long repeats cut. */
export function surfaceForm(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{Script=Hangul}a-z0-9]+/gu, '')
    .replace(/[ㅋㅎ]{2,}|[ㅠㅜㅡ]+/g, '')
    .replace(/(.)\1{2,}/gu, '$1');
}

/**
 * Jamo form of an already cleaned surface string. A final consonant followed by the same initial
 * is written once, so 죽고 and 주꼬 (tense made lax) both read ㅈㅜㄱㅗ.
 */
function jamoForm(surface: string): string {
  let out = '';
  for (const ch of surface) {
    const body = isSyllable(ch) ? syllableJamo(ch) : ch;
    out += isJamo(body[0]) && out.endsWith(body[0] as string) ? body.slice(1) : body;
  }
  return out;
}

/** The string every pattern runs over: cleaned surface, then jamo. */
export function normaliseForRisk(text: string): string {
  return jamoForm(surfaceForm(text));
}

// ---------------------------------------------------------------------------------------------
// Pattern compilation: Hangul in a pattern is turned into the same jamo form as the text
// ---------------------------------------------------------------------------------------------

const isLiteral = (ch: string): boolean => /[\p{Script=Hangul}a-zA-Z0-9]/u.test(ch);
const isQuantifierStart = (ch: string | undefined): boolean =>
  ch === '?' || ch === '*' || ch === '+' || ch === '{';

/**
 * A literal run of a pattern in jamo form. After a group or another literal, its first consonant
 * may have been merged into the text's previous final (죽 + (고|구) reads ㅈㅜㄱㅗ), so it is optional.
 */
function literal(run: string, previous: string | undefined): string {
  if (run === '') return '';
  const jamo = jamoForm(surfaceForm(run));
  return previous !== undefined && jamo[0] === previous ? `${jamo[0]}?${jamo.slice(1)}` : jamo;
}

/**
 * The last jamo the pattern has emitted before the current point, skipping regex syntax and the
 * earlier alternatives of the group we are in (in 죽(고|구) the jamo before 구 is 죽's ㄱ).
 */
function previousJamo(compiled: string): string | undefined {
  let i = compiled.length - 1;
  while (i >= 0) {
    const ch = compiled[i] as string;
    if (ch === '|') {
      // Jump back to the unmatched '(' that opens this alternative list.
      let depth = 0;
      for (i -= 1; i >= 0; i -= 1) {
        const c = compiled[i];
        if (c === ')') depth += 1;
        else if (c === '(' && depth === 0) break;
        else if (c === '(') depth -= 1;
      }
    } else if (isJamo(ch)) {
      return ch;
    } else if (/[a-z0-9]/.test(ch) && compiled[i - 1] !== '\\') {
      return ch;
    }
    i -= 1;
  }
  return undefined;
}

/** Compiles a lexicon pattern to a regex source over the jamo form; throws with a plain reason. */
export function compilePatternSource(pattern: string): string {
  let out = '';
  let i = 0;
  const chars = [...pattern];
  while (i < chars.length) {
    const ch = chars[i] as string;
    if (ch === '\\') {
      out += ch + (chars[i + 1] ?? '');
      i += 2;
    } else if (ch === '[') {
      const end = chars.indexOf(']', i);
      if (end < 0) throw new Error('unclosed [');
      const cls = chars.slice(i, end + 1).join('');
      if ([...cls].some(isSyllable)) throw new Error(`syllables inside ${cls}: write (가|나) instead`);
      out += cls;
      i = end + 1;
    } else if (ch === '{' && /^\{\d+(,\d*)?\}/.test(chars.slice(i).join(''))) {
      const end = chars.indexOf('}', i);
      out += chars.slice(i, end + 1).join('');
      i = end + 1;
    } else if (isLiteral(ch)) {
      let j = i;
      while (j < chars.length && isLiteral(chars[j] as string)) j += 1;
      const run = chars.slice(i, j);
      const last = isQuantifierStart(chars[j]) ? run.pop() : undefined;
      out += literal(run.join(''), previousJamo(out));
      // A quantifier after a syllable applies to the whole syllable, not to its last jamo.
      if (last !== undefined) out += `(?:${literal(last, previousJamo(out))})`;
      i = j;
    } else {
      out += ch;
      i += 1;
    }
  }
  return out;
}

function compile(ownerId: string, pattern: string, flags: string): RegExp {
  let regex: RegExp;
  try {
    regex = new RegExp(compilePatternSource(pattern), flags);
  } catch (error) {
    throw new RiskLexiconError(
      `risk lexicon: entry "${ownerId}": bad pattern "${pattern}": ${(error as Error).message}`,
    );
  }
  if (regex.test('')) {
    throw new RiskLexiconError(`risk lexicon: entry "${ownerId}": pattern "${pattern}" matches empty text`);
  }
  regex.lastIndex = 0;
  return regex;
}

/** Loads knowledge/risk/lexicon.yaml, validated; a broken file is refused with the entry id and reason. */
export function loadRiskLexicon(path: string): RiskLexicon {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new RiskLexiconError(`risk lexicon ${path}: unreadable: ${(error as Error).message}`);
  }
  const result = lexiconSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path ?? [];
    const list = raw as Record<string, unknown> | null;
    const entry =
      where.length >= 2
        ? (list?.[String(where[0])] as Array<{ id?: unknown }> | undefined)?.[Number(where[1])]
        : undefined;
    const name = entry && typeof entry.id === 'string' ? `entry "${entry.id}"` : where.join('.');
    throw new RiskLexiconError(
      `risk lexicon ${path}: ${name}: ${String(issue?.path.slice(-1)[0] ?? '')}: ${issue?.message}`,
    );
  }
  const lexicon = result.data;
  const seen = new Set<string>();
  const all = [
    ...lexicon.entries,
    ...lexicon.exemptions,
    ...lexicon.negation,
    ...lexicon.past,
    ...lexicon.others.subjects,
    ...lexicon.others.reported,
  ];
  for (const item of all) {
    if (seen.has(item.id)) {
      throw new RiskLexiconError(`risk lexicon ${path}: entry "${item.id}": duplicate id`);
    }
    seen.add(item.id);
    compile(item.id, item.pattern, 'g');
  }
  return lexicon;
}

// ---------------------------------------------------------------------------------------------
// The screen
// ---------------------------------------------------------------------------------------------

const RANK: Readonly<Record<RiskLevel, number>> = { none: 0, concern: 1, harm_by_others: 2, high: 3 };
/** How far (in jamo) before or after a hit a negation, past or subject marker may sit. */
const WINDOW_BEFORE = 30;
const WINDOW_AFTER = 30;
const SUBJECT_GAP = 12;

interface CompiledEntry {
  id: string;
  level: Exclude<RiskLevel, 'none'>;
  imminent: boolean;
  regex: RegExp;
}
interface CompiledMarker {
  id: string;
  where: 'before' | 'after';
  alone: boolean;
  regex: RegExp;
}
interface Hit {
  entry: CompiledEntry;
  start: number;
  end: number;
}

const firstMatch = (
  markers: readonly CompiledMarker[],
  where: 'before' | 'after',
  slice: string,
): CompiledMarker | undefined => markers.find((m) => m.where === where && m.regex.test(slice));

/** Builds the screen from a loaded lexicon; every regex is compiled once here. */
export function createRiskScreen(lexicon: RiskLexicon): RiskScreen {
  const entries: CompiledEntry[] = lexicon.entries.map((e) => ({
    id: e.id,
    level: e.level,
    imminent: e.tier === 'imminent',
    regex: compile(e.id, e.pattern, 'g'),
  }));
  const exemptions = lexicon.exemptions.map((e) => ({ id: e.id, regex: compile(e.id, e.pattern, 'g') }));
  const markers = (list: RiskLexicon['negation']): CompiledMarker[] =>
    list.map((m) => ({
      id: m.id,
      where: m.where,
      alone: m.alone ?? false,
      regex: compile(m.id, m.pattern, ''),
    }));
  const negation = markers(lexicon.negation);
  const past = markers(lexicon.past);
  const subjects = lexicon.others.subjects.map((s) => ({ id: s.id, regex: compile(s.id, s.pattern, 'g') }));
  const reported = lexicon.others.reported.map((s) => ({ id: s.id, regex: compile(s.id, s.pattern, '') }));

  const findHits = (text: string): Hit[] => {
    const hits: Hit[] = [];
    for (const entry of entries) {
      entry.regex.lastIndex = 0;
      for (let m = entry.regex.exec(text); m; m = entry.regex.exec(text)) {
        hits.push({ entry, start: m.index, end: m.index + m[0].length });
        if (m[0].length === 0) entry.regex.lastIndex += 1;
      }
    }
    return hits;
  };

  const exemptSpans = (text: string): Array<[number, number]> => {
    const spans: Array<[number, number]> = [];
    for (const ex of exemptions) {
      ex.regex.lastIndex = 0;
      for (let m = ex.regex.exec(text); m; m = ex.regex.exec(text)) {
        spans.push([m.index, m.index + m[0].length]);
      }
    }
    return spans;
  };

  /** Negation or past tense around an ideation hit: returns the marker id that lowers it. */
  const lowering = (text: string, hit: Hit): string | undefined => {
    const before = text.slice(Math.max(0, hit.start - WINDOW_BEFORE), hit.start);
    const after = text.slice(hit.end, hit.end + WINDOW_AFTER);
    const negated = firstMatch(negation, 'after', after) ?? firstMatch(negation, 'before', before);
    if (negated) return negated.id;
    const alone = past.find((m) => m.alone && m.regex.test(m.where === 'before' ? before : after));
    if (alone) return alone.id;
    const pastBefore = firstMatch(
      past.filter((m) => !m.alone),
      'before',
      before,
    );
    const pastAfter = firstMatch(
      past.filter((m) => !m.alone),
      'after',
      after,
    );
    return pastBefore && pastAfter ? pastBefore.id : undefined;
  };

  /** A friend or sibling named just before a high hit, with reported speech after it. */
  const someoneElse = (text: string, hit: Hit): string | undefined => {
    const before = text.slice(Math.max(0, hit.start - SUBJECT_GAP - 8), hit.start);
    const after = text.slice(hit.end, hit.end + WINDOW_AFTER);
    for (const subject of subjects) {
      subject.regex.lastIndex = 0;
      for (let m = subject.regex.exec(before); m; m = subject.regex.exec(before)) {
        const gap = before.length - (m.index + m[0].length);
        if (gap <= SUBJECT_GAP && reported.some((r) => r.regex.test(after))) return subject.id;
      }
    }
    return undefined;
  };

  return (text: string, speaker: Speaker): RiskAssessment => {
    const normal = normaliseForRisk(text);
    if (normal.length === 0) return NO_RISK;
    let hits = findHits(normal);
    if (hits.length === 0) return NO_RISK;
    const spans = exemptSpans(normal);
    if (spans.length > 0) hits = hits.filter((h) => !spans.some(([s, e]) => s <= h.start && h.end <= e));

    let level: RiskLevel = 'none';
    const signals: string[] = [];
    const raise = (candidate: RiskLevel): void => {
      if (RANK[candidate] > RANK[level]) level = candidate;
    };
    const note = (signal: string): void => {
      if (!signals.includes(signal)) signals.push(signal);
    };
    // A parent or mentor relays the words of the child at risk: they stay high for that child.
    const relaying = speaker === 'parent' || speaker === 'mentor';

    for (const hit of hits) {
      note(hit.entry.id);
      if (hit.entry.level !== 'high') {
        raise(hit.entry.level);
        continue;
      }
      const other = relaying ? undefined : someoneElse(normal, hit);
      if (other) {
        note(other);
        raise('harm_by_others');
        continue;
      }
      const lowered = hit.entry.imminent ? undefined : lowering(normal, hit);
      if (lowered) {
        note(lowered);
        raise('concern');
      } else {
        raise('high');
      }
    }
    return { level, signals };
  };
}
