/**
 * `npm run eval:parsers`: how the parser library does on the typed answers written blind. Per kind:
 * the tuning set (the files here, issue-examples.jsonl, fresh/, third/ and fourth/, the second to fourth
 * writers' sets, each spent as a measure once measured), the held-out set (fifth/, counts and money by
 * strangers who never saw the parsers; skipped when absent) and the tuning misses. `--tuning-only`
 * never opens fifth/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isHeldOut } from '../answers-data/split';
import {
  matchOption,
  parseAgeGrade,
  parseCount,
  parseDateTime,
  parseMoney,
  parseTimeOfDay,
  parseYesNo,
  type CountOptions,
} from '../../bot/dialog/parsers';

export const KINDS = ['yes_no', 'count', 'money', 'age_grade', 'time', 'datetime', 'option'] as const;
export type Kind = (typeof KINDS)[number];

export interface TypedAnswer {
  kind: Kind;
  question: string;
  text: string;
  expected: unknown;
  note?: string;
  options?: string[];
}

export interface Miss {
  text: string;
  question: string;
  expected: unknown;
  got: unknown;
}

export interface KindFigures {
  right: number;
  total: number;
  misses: Miss[];
}

/** The moment the datetime answers were written against: Thursday 3 December 2026, 14:00 in Seoul. */
export const DATETIME_NOW = new Date('2026-12-03T14:00:00+09:00');

const SEOUL_OFFSET_MS = 9 * 3600_000;
const pad = (n: number): string => String(n).padStart(2, '0');

/** A Date as the Seoul wall clock, "2026-12-04T16:00". */
export function seoulWallClock(date: Date): string {
  const d = new Date(date.getTime() + SEOUL_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Which count the question asks for, from its wording. */
export function countSubjectOf(question: string): CountOptions['subject'] {
  if (/가족|식구|가구|함께|같이\s?사는|몇\s?명이서|집에|사는\s?사람/u.test(question)) return 'household';
  if (/자녀|아이|애가|애는|자제|아들|딸|형제/u.test(question)) return 'children';
  // The other-languages set asks in Vietnamese, Chinese or English.
  if (/sống cùng|家里|住几个人|household|live with/iu.test(question)) return 'household';
  if (/người con|孩子|children|kids/iu.test(question)) return 'children';
  return 'items';
}

/** What the parser for this kind says about one row, in the shape of `expected`. */
export function answerOf(row: TypedAnswer): unknown {
  switch (row.kind) {
    case 'yes_no':
      return parseYesNo(row.text, { question: row.question });
    case 'count':
      return parseCount(row.text, { subject: countSubjectOf(row.question) });
    case 'money': {
      const money = parseMoney(row.text);
      return money && { monthlyWon: money.monthlyWon };
    }
    case 'age_grade':
      return parseAgeGrade(row.text);
    case 'time': {
      const time = parseTimeOfDay(row.text, { bareHourIsAfternoon: true });
      return time && `${pad(time.hour)}:${pad(time.minute)}`;
    }
    case 'datetime': {
      const date = parseDateTime(row.text, DATETIME_NOW);
      return date && seoulWallClock(date);
    }
    case 'option':
      return matchOption(row.text, row.options ?? []);
  }
}

// Ages and grades are compared field by field (absent = undefined); money by the fields labelled.
function same(kind: Kind, expected: unknown, got: unknown): boolean {
  if (expected === null || got === null || typeof expected !== 'object') return expected === got;
  const e = expected as Record<string, unknown>;
  const g = (got ?? {}) as Record<string, unknown>;
  const keys = kind === 'age_grade' ? ['age', 'ageKind', 'grade', 'birthYear'] : Object.keys(e);
  return keys.every((key) => e[key] === g[key]);
}

/** Runs one kind's parser over labelled rows. */
export function evaluateKind(kind: Kind, rows: readonly TypedAnswer[]): KindFigures {
  const mine = rows.filter((row) => row.kind === kind);
  const misses: Miss[] = [];
  for (const row of mine) {
    const got = answerOf(row);
    if (!same(kind, row.expected, got)) {
      misses.push({ text: row.text, question: row.question, expected: row.expected, got });
    }
  }
  return { right: mine.length - misses.length, total: mine.length, misses };
}

/** Reads a .jsonl file of typed answers (absent file → no rows). */
export function loadTypedAnswers(file: string): TypedAnswer[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TypedAnswer);
}

/** The spent blind sets, read as tuning: the second, third and fourth writers'. */
export const SPENT_FOLDERS = ['fresh', 'third', 'fourth'] as const;

/** The blind set still held out: never read while tuning. */
export const HELD_OUT_FOLDER = 'fifth';

/** The kinds the held-out set was written for: the two that missed the goal on the fourth set. */
export const HELD_OUT_KINDS: readonly Kind[] = ['count', 'money'];

/**
 * The tuning rows: knowledge/typed-answers/<kind>.jsonl, issue-examples.jsonl and <spent>/<kind>.jsonl
 * for each spent folder (fresh/, third/, fourth/).
 */
export function loadTuningSet(folder: string): TypedAnswer[] {
  return [
    ...KINDS.flatMap((kind) => loadTypedAnswers(join(folder, `${kind}.jsonl`))),
    ...loadTypedAnswers(join(folder, 'issue-examples.jsonl')),
    ...SPENT_FOLDERS.flatMap((spent) =>
      KINDS.flatMap((kind) => loadTypedAnswers(join(folder, spent, `${kind}.jsonl`))),
    ),
  ];
}

/**
 * The held-out rows: knowledge/typed-answers/fifth/<kind>.jsonl for counts and money only (none while
 * the folder is absent).
 */
export function loadHeldOutSet(folder: string): TypedAnswer[] {
  const heldOut = join(folder, HELD_OUT_FOLDER);
  if (!existsSync(heldOut)) return [];
  return HELD_OUT_KINDS.flatMap((kind) => loadTypedAnswers(join(heldOut, `${kind}.jsonl`)));
}

/** The languages of other-languages/<lang>.jsonl, asked the eligibility questions in their own words. */
export const OTHER_LANGUAGES = ['vi', 'zh', 'en'] as const;

/** The kinds the other-language set labels (the eligibility questions). */
export const OTHER_LANGUAGE_KINDS = ['money', 'age_grade', 'count', 'yes_no'] as const;

/**
 * One language's rows of other-languages/, split by `isHeldOut(text)`: the held-out part is read only
 * when asked for, so `--tuning-only` never parses it.
 */
export function loadOtherLanguageSet(
  folder: string,
  lang: string,
  part: 'tuning' | 'heldout',
): TypedAnswer[] {
  const rows = loadTypedAnswers(join(folder, 'other-languages', `${lang}.jsonl`));
  return rows.filter((row) => isHeldOut(row.text) === (part === 'heldout'));
}

const percent = (f: KindFigures): string =>
  f.total === 0 ? '  -  ' : `${((100 * f.right) / f.total).toFixed(1)}%`;

// A kind with no held-out rows says why: the set is absent (or skipped), or was never written for it.
function heldOutColumn(kind: Kind, h: KindFigures, heldOutRead: boolean): string {
  if (h.total > 0) return `${percent(h).padStart(6)} (${h.right}/${h.total})`;
  return heldOutRead && HELD_OUT_KINDS.includes(kind) ? '(no rows)' : '(not run)';
}

function main(argv: readonly string[]): void {
  const built = join(__dirname, '..', '..', '..', 'knowledge', 'typed-answers');
  const folder = existsSync(join(built, 'count.jsonl'))
    ? built
    : join(process.cwd(), 'knowledge', 'typed-answers');
  const tuning = loadTuningSet(folder);
  // The held-out set is read only when asked for: --tuning-only never opens fifth/.
  const heldOut = argv.includes('--tuning-only') ? [] : loadHeldOutSet(folder);
  const rows = KINDS.map((kind) => ({
    kind,
    tuning: evaluateKind(kind, tuning),
    heldOut: evaluateKind(kind, heldOut),
  }));
  console.log(`kind        tuning            held-out (${HELD_OUT_FOLDER}/)`);
  for (const { kind, tuning: t, heldOut: h } of rows) {
    console.log(
      `${kind.padEnd(11)} ${percent(t).padStart(6)} (${t.right}/${t.total})`.padEnd(30) +
        heldOutColumn(kind, h, heldOut.length > 0),
    );
  }
  const languageRows = reportOtherLanguages(folder, argv.includes('--tuning-only'));
  if (argv.includes('--quiet')) return;
  for (const { kind, tuning: t } of [...rows, ...languageRows]) {
    for (const miss of t.misses) {
      console.log(
        `miss ${kind}: ${JSON.stringify(miss.text)} expected ${JSON.stringify(miss.expected)} got ${JSON.stringify(miss.got)}`,
      );
    }
  }
}

// Per language and kind; the misses returned are the tuning part's only (held-out rows are never shown).
function reportOtherLanguages(folder: string, tuningOnly: boolean): { kind: string; tuning: KindFigures }[] {
  const out: { kind: string; tuning: KindFigures }[] = [];
  console.log(`\nother languages   tuning            held-out${tuningOnly ? ' (not run)' : ''}`);
  for (const lang of OTHER_LANGUAGES) {
    const tuning = loadOtherLanguageSet(folder, lang, 'tuning');
    const heldOut = tuningOnly ? [] : loadOtherLanguageSet(folder, lang, 'heldout');
    for (const kind of OTHER_LANGUAGE_KINDS) {
      const t = evaluateKind(kind, tuning);
      const h = evaluateKind(kind, heldOut);
      console.log(
        `${`${lang} ${kind}`.padEnd(17)} ${percent(t).padStart(6)} (${t.right}/${t.total})`.padEnd(36) +
          `${percent(h).padStart(6)} (${h.right}/${h.total})`,
      );
      out.push({ kind: `${lang} ${kind}`, tuning: t });
    }
  }
  return out;
}

if (require.main === module) main(process.argv.slice(2));
