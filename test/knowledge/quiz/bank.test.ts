import { join } from 'node:path';
import {
  GRADES,
  LEVELS,
  QuestionBankError,
  SUBJECTS,
  gradeOrder,
  levelOf,
  loadQuestionBank,
  neighbouringGrades,
  unitKey,
  type QuizItem,
  type SchoolLevel,
  type Subject,
} from '../../../knowledge/quiz/bank';
import { evaluateArithmetic } from './arithmetic';

const BANK_DIR = join(__dirname, '../../../knowledge/quiz/bank');
const FIXTURES = join(__dirname, 'fixtures');
const MIN_PER_CELL = 20;
const MIN_TOTAL = 330;
const SHORT_PROMPT = 20;

/** Lower-case, no spaces/punctuation, every digit run as "#": swapped numbers count as the same prompt. */
function normalisePrompt(prompt: string): string {
  return prompt
    .toLowerCase()
    .replace(/\d+(?:\.\d+)?/g, '#')
    .replace(/[\s"'“”‘’.,?!:;()[\]<>《》「」~…_-]/g, '');
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

describe('the real question bank', () => {
  const bank = loadQuestionBank(BANK_DIR);
  const all = [...bank.byId.values()];

  it(`has at least ${MIN_TOTAL} valid items`, () => {
    expect(all.length).toBeGreaterThanOrEqual(MIN_TOTAL);
  });

  it(`has at least ${MIN_PER_CELL} items per subject × school level (table printed)`, () => {
    const cell = (subject: Subject, level: SchoolLevel) =>
      all.filter((i) => i.subject === subject && levelOf(i.grade) === level).length;
    const gradeCell = (subject: Subject, grade: string) =>
      all.filter((i) => i.subject === subject && i.grade === grade).length;
    const rows = SUBJECTS.map(
      (s) =>
        `${s.padEnd(4, '　')} ${LEVELS.map((l) => String(cell(s, l)).padStart(11)).join('')}   | ${GRADES.map((g) => String(gradeCell(s, g)).padStart(3)).join(' ')}`,
    );
    console.log(
      [
        `subject  ${LEVELS.map((l) => l.padStart(11)).join('')}   | ${GRADES.map((g) => g.padStart(3, ' ')).join(' ')}`,
        ...rows,
        `total ${all.length}`,
      ].join('\n'),
    );
    const short = SUBJECTS.flatMap((s) => LEVELS.map((l) => [s, l, cell(s, l)] as const)).filter(
      ([, , n]) => n < MIN_PER_CELL,
    );
    expect(short).toEqual([]);
  });

  it('tags every grade of every subject with at least one item (초5–고3, the grades the bank files cover)', () => {
    const fileGrades = GRADES.slice(GRADES.indexOf('초5'));
    const missing = SUBJECTS.flatMap((s) =>
      fileGrades.filter((g) => bank.itemsFor(s, g).length === 0).map((g) => `${s} ${g}`),
    );
    // 한국사 is taught inside 사회 at 초5–6 and as 한국사 in 고1–고2; the rest must all be present.
    expect(missing.filter((m) => !m.startsWith('한국사 고3'))).toEqual([]);
  });

  it('recomputes every numeric answer from its check expression', () => {
    const numeric = all.filter(
      (i): i is QuizItem & { numericAnswer: number; check: string } => i.numericAnswer !== undefined,
    );
    expect(numeric.length).toBeGreaterThan(20);
    const wrong = numeric
      .map((i) => ({ id: i.id, numericAnswer: i.numericAnswer, computed: evaluateArithmetic(i.check) }))
      .filter((r) => Math.abs(r.computed - r.numericAnswer) > 1e-9);
    expect(wrong).toEqual([]);
  });

  it('keeps every right-choice index in range', () => {
    const bad = all.filter(
      (i) => i.choices && (i.answer === undefined || i.answer < 1 || i.answer > i.choices.length),
    );
    expect(bad.map((i) => i.id)).toEqual([]);
  });

  it('does not always put the right answer in the same place', () => {
    const counts = [0, 0, 0, 0, 0];
    for (const i of all) if (i.answer) counts[i.answer - 1] = (counts[i.answer - 1] ?? 0) + 1;
    const withChoices = all.filter((i) => i.choices).length;
    // No position may hold more than 40 % of the right answers.
    for (const n of counts) expect(n).toBeLessThanOrEqual(withChoices * 0.4);
  });

  it('has no near-duplicate prompts (numbers ignored)', () => {
    const normalised = all.map((i) => ({ id: i.id, text: normalisePrompt(i.prompt) }));
    const pairs: string[] = [];
    for (let a = 0; a < normalised.length; a++) {
      for (let b = a + 1; b < normalised.length; b++) {
        const x = normalised[a]!;
        const y = normalised[b]!;
        const longest = Math.max(x.text.length, y.text.length);
        // Short prompts ("3/4 ÷ 3/8 의 값은?") are alike by nature; there only an identical shape counts.
        if (longest < SHORT_PROMPT) {
          if (x.text === y.text) pairs.push(`${x.id} = ${y.id}`);
          continue;
        }
        // Cheap bound first: the length gap alone is a lower bound on the edit distance.
        if (Math.abs(x.text.length - y.text.length) / longest > 0.25) continue;
        const similarity = 1 - editDistance(x.text, y.text) / longest;
        if (similarity >= 0.75) pairs.push(`${x.id} ~ ${y.id} (${similarity.toFixed(2)})`);
      }
    }
    expect(pairs).toEqual([]);
  });

  it('has ids that start with the subject slug and are unique per file order', () => {
    const prefix: Record<Subject, string> = {
      국어: 'kor-',
      영어: 'eng-',
      수학: 'math-',
      과학: 'sci-',
      사회: 'soc-',
      한국사: 'hist-',
    };
    expect(all.filter((i) => !i.id.startsWith(prefix[i.subject])).map((i) => i.id)).toEqual([]);
  });

  it('indexes active items by subject, grade and unit', () => {
    const first = bank.items[0]!;
    expect(bank.bySubject.get(first.subject)).toContain(first);
    expect(bank.byGrade.get(first.grade)).toContain(first);
    expect(bank.byUnit.get(unitKey(first.subject, first.unit))).toContain(first);
    expect(bank.itemsFor(first.subject, first.grade)).toContain(first);
  });
});

describe('loadQuestionBank refuses broken data', () => {
  it('names the file and id of a broken item and the reason', () => {
    expect(() => loadQuestionBank(join(FIXTURES, 'broken'))).toThrow(QuestionBankError);
    expect(() => loadQuestionBank(join(FIXTURES, 'broken'))).toThrow(
      /math-middle\.yaml item "math-m2-broken-001": answer 5 is out of range 1\.\.4/,
    );
    try {
      loadQuestionBank(join(FIXTURES, 'broken'));
    } catch (error) {
      expect((error as QuestionBankError).itemId).toBe('math-m2-broken-001');
      expect((error as QuestionBankError).file).toMatch(/broken[/\\]math-middle\.yaml$/);
    }
  });

  it('refuses a duplicate id across files', () => {
    expect(() => loadQuestionBank(join(FIXTURES, 'duplicate'))).toThrow(
      /item "sci-m1-dup-001": duplicate id/,
    );
  });

  it('refuses an item filed under the wrong subject or level', () => {
    expect(() => loadQuestionBank(join(FIXTURES, 'wrong-file'))).toThrow(
      /item "kor-h1-misfiled-001": grade 고1 does not belong in korean-middle\.yaml/,
    );
  });

  it('refuses a retired id that is not in the bank', () => {
    expect(() =>
      loadQuestionBank(join(FIXTURES, 'valid'), {
        retiredFile: join(FIXTURES, 'unknown-retired', 'retired.yaml'),
      }),
    ).toThrow(/item "math-m9-typo-001": retired id is not in the bank/);
  });
});

describe('retired items', () => {
  const bank = loadQuestionBank(join(FIXTURES, 'valid'), {
    retiredFile: join(FIXTURES, 'valid-retired.yaml'),
  });

  it('leave selection but stay gradable by id', () => {
    expect(bank.isRetired('math-m1-retired-001')).toBe(true);
    expect(bank.items.map((i) => i.id)).not.toContain('math-m1-retired-001');
    expect(bank.itemsFor('수학', '중1').map((i) => i.id)).toEqual(['math-m1-kept-001']);
    expect(bank.byId.get('math-m1-retired-001')?.answer).toBe(2);
    expect(bank.retired.get('math-m1-retired-001')?.reason).toMatch(/문제 신고/);
  });

  it('default to <bank>/../retired.yaml and treat a missing file as none retired', () => {
    expect(loadQuestionBank(join(FIXTURES, 'valid')).items).toHaveLength(3);
  });
});

describe('grade helpers', () => {
  it('orders grades from 초5 to 고3', () => {
    expect(GRADES.map(gradeOrder)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(gradeOrder('초6')).toBeLessThan(gradeOrder('중1'));
    expect(gradeOrder('중3')).toBeLessThan(gradeOrder('고1'));
  });

  it('finds neighbouring grades, nearest and lower first', () => {
    expect(neighbouringGrades('중2')).toEqual(['중1', '중3']);
    expect(neighbouringGrades('초1')).toEqual(['초2']);
    expect(neighbouringGrades('초5')).toEqual(['초4', '초6']);
    expect(neighbouringGrades('고3')).toEqual(['고2']);
    expect(neighbouringGrades('고1', 2)).toEqual(['중3', '고2', '중2', '고3']);
  });

  it('maps grades to school levels', () => {
    expect(levelOf('초6')).toBe('elementary');
    expect(levelOf('중1')).toBe('middle');
    expect(levelOf('고1')).toBe('high');
  });
});
