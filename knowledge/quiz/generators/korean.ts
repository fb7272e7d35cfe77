import { readFileSync } from 'node:fs';
import { josa } from 'es-hangul';
import { parse } from 'yaml';
import { z } from 'zod';
import { fromRoot } from '../../../bot/paths';
import { GRADES, gradeOrder, gradeSlug, type Grade } from '../bank';
import type { Curriculum } from '../curriculum';
import type { GeneratedItem } from './build';
import { createRng, hashString } from './prng';

/**
 * 국어 items from the spelling and spacing rules in `korean/spelling.yaml`: a blank to fill with
 * the right form (each sentence pair lands in one grade only), and "which sentence is wrong /
 * right" items mixing rules a grade has met, seeded per grade.
 */

const ruleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  unit: z.string().min(1),
  from: z.enum(GRADES),
  why: z.string().trim().min(10).max(200),
  pairs: z.array(z.tuple([z.string().min(5).max(80), z.string().min(5).max(80)])).min(1),
});
export type SpellingRule = z.infer<typeof ruleSchema>;

/** Reads and validates the spelling rules; a pair whose sentences are equal is refused. */
export function loadSpellingRules(
  path = fromRoot('knowledge', 'quiz', 'korean', 'spelling.yaml'),
): SpellingRule[] {
  const rules = z.array(ruleSchema).parse(parse(readFileSync(path, 'utf8')));
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new Error(`${path}: duplicate rule id ${rule.id}`);
    ids.add(rule.id);
    for (const [right, wrong] of rule.pairs)
      if (right === wrong)
        throw new Error(`${path}: rule ${rule.id} has a pair with the same sentence twice`);
  }
  return rules;
}

/** The differing words of two sentences: the blank and its two fillings. */
export function differingSpan(
  right: string,
  wrong: string,
): { before: string; after: string; right: string; wrong: string } {
  let start = 0;
  while (start < right.length && right[start] === wrong[start]) start++;
  let end = 0;
  while (
    end < right.length - start &&
    end < wrong.length - start &&
    right[right.length - 1 - end] === wrong[wrong.length - 1 - end]
  )
    end++;
  // Widen to whole words so the blank never splits a word.
  while (start > 0 && right[start - 1] !== ' ') start--;
  const tailWord = (text: string, from: number): number => {
    let at = from;
    while (at < text.length && text[at] !== ' ') at++;
    return at;
  };
  const rightEnd = tailWord(right, right.length - end);
  const wrongEnd = wrong.length - (right.length - rightEnd);
  return {
    before: right.slice(0, start),
    after: right.slice(rightEnd),
    right: right.slice(start, rightEnd).replace(/[.?!,]+$/, ''),
    wrong: wrong.slice(start, wrongEnd).replace(/[.?!,]+$/, ''),
  };
}

const KOREAN_ITEMS_PER_GRADE = 80;

function eligible(rules: readonly SpellingRule[], grade: Grade, units: readonly string[]): SpellingRule[] {
  return rules.filter((r) => gradeOrder(r.from) <= gradeOrder(grade) && units.includes(r.unit));
}

/** The one grade a sentence pair's blank item belongs to: within three grades of its rule's start. */
function blankGrade(rule: SpellingRule, index: number, curriculum: Curriculum): Grade {
  const window = GRADES.filter(
    (g) =>
      gradeOrder(g) >= gradeOrder(rule.from) &&
      gradeOrder(g) <= gradeOrder(rule.from) + 2 &&
      curriculum.cell(g, '국어')?.units.includes(rule.unit),
  );
  return window[hashString(`${rule.id}:${index}`) % Math.max(window.length, 1)] ?? rule.from;
}

function blankItem(rule: SpellingRule, index: number, grade: Grade): GeneratedItem | null {
  const [rightSentence, wrongSentence] = rule.pairs[index] as [string, string];
  const span = differingSpan(rightSentence, wrongSentence);
  if (!span.right || !span.wrong || span.right === span.wrong) return null;
  const id = `gen-korean-${gradeSlug(grade)}-${rule.id}-blank-${index + 1}`;
  const choices = createRng(id).shuffle([span.right, span.wrong]);
  return {
    id,
    subject: '국어',
    grade,
    unit: rule.unit,
    standard:
      rule.unit === '띄어쓰기'
        ? '한글 맞춤법 제5장 띄어쓰기'
        : rule.unit === '외래어 표기'
          ? '외래어 표기법'
          : rule.unit === '표준어'
            ? '표준어 규정'
            : '한글 맞춤법',
    difficulty: 1,
    prompt: `빈칸에 알맞은 말은? "${span.before}(   )${span.after}"`,
    choices,
    answer: choices.indexOf(span.right) + 1,
    explanation: `"${span.right}"${josa.pick(span.right, '이/가')} 맞아요. ${rule.why}`,
  };
}

function sentenceItem(rules: readonly SpellingRule[], grade: Grade, n: number): GeneratedItem | null {
  const id = `gen-korean-${gradeSlug(grade)}-sentences-${n}`;
  const rng = createRng(id);
  if (rules.length < 4) return null;
  const [focus, ...others] = rng.shuffle(rules).slice(0, 4) as [SpellingRule, ...SpellingRule[]];
  const pairOf = (rule: SpellingRule) => rng.pick(rule.pairs);
  const [focusRight, focusWrong] = pairOf(focus);
  const askWrong = rng.int(0, 9) < 7;
  const span = differingSpan(focusRight, focusWrong);
  const otherPairs = others.map(pairOf);
  const correct = askWrong ? focusWrong : focusRight;
  const choices = rng.shuffle([correct, ...otherPairs.map(([right, wrong]) => (askWrong ? right : wrong))]);
  if (new Set(choices).size !== choices.length) return null;
  const fixes = otherPairs.map(([right, wrong]) => differingSpan(right, wrong).right).join(', ');
  return {
    id,
    subject: '국어',
    grade,
    unit: focus.unit,
    standard: focus.unit === '띄어쓰기' ? '한글 맞춤법 제5장 띄어쓰기' : '한글 맞춤법',
    difficulty: 2,
    prompt: askWrong ? '다음 중 바르게 쓰지 않은 문장은?' : '다음 중 바르게 쓴 문장은?',
    choices,
    answer: choices.indexOf(correct) + 1,
    explanation: askWrong
      ? `"${span.wrong}"${josa.pick(span.wrong, '이/가')} 아니라 "${span.right}"${josa.pick(span.right, '이/가')} 맞아요. ${focus.why}`
      : `"${span.right}"${josa.pick(span.right, '이/가')} 바르게 쓰였어요. 나머지 문장은 이렇게 고쳐요: ${fixes}.`,
  };
}

/** Every generated 국어 item of one grade (blank items first, then sentence items up to the total). */
export function generateKorean(
  grade: Grade,
  rules: readonly SpellingRule[],
  curriculum: Curriculum,
  total = KOREAN_ITEMS_PER_GRADE,
): GeneratedItem[] {
  const units = curriculum.cell(grade, '국어')?.units ?? [];
  const items: GeneratedItem[] = [];
  for (const rule of rules)
    rule.pairs.forEach((_, index) => {
      if (blankGrade(rule, index, curriculum) !== grade) return;
      const item = blankItem(rule, index, grade);
      if (item) items.push(item);
    });
  const pool = eligible(rules, grade, units);
  const prompts = new Set(items.map((i) => `${i.prompt}|${[...(i.choices ?? [])].sort().join('|')}`));
  for (let n = 1; items.length < total && n <= total * 6; n++) {
    const item = sentenceItem(pool, grade, n);
    if (!item) continue;
    const key = `${item.prompt}|${[...(item.choices ?? [])].sort().join('|')}`;
    if (prompts.has(key)) continue;
    prompts.add(key);
    items.push(item);
  }
  return items;
}
