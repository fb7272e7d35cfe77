import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { QuestionBankError } from '../../../knowledge/quiz/bank';
import { loadCurriculum } from '../../../knowledge/quiz/curriculum';
import { loadWrittenFile, loadWrittenItems } from '../../../knowledge/quiz/written';
import { evaluateArithmetic } from './arithmetic';

const WRITTEN = join(__dirname, '../../../knowledge/quiz/written');
const curriculum = loadCurriculum();

const good = {
  id: 'writ-history-h3-test-001',
  subject: '한국사',
  grade: '고3',
  unit: '일제 강점과 민족 운동',
  standard: '3·1 운동',
  difficulty: 1,
  prompt: '3·1 운동이 일어난 해는? (숫자로)',
  numericAnswer: 1919,
  check: '1919',
  explanation: '3·1 운동은 1919년 3월 1일에 시작되었어요.',
  source: { publisher: '한국민족문화대백과사전', title: '「3·1운동」' },
  writtenBy: 'writer-a',
  reviewedBy: 'writer-b',
};

function fileWith(name: string, items: unknown[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'written-'));
  const path = join(dir, name);
  writeFileSync(path, stringify(items));
  return path;
}

describe('written items', () => {
  it('load when they name a checkable source and a second writer', () => {
    expect(loadWrittenFile(fileWith('history-h3.yaml', [good]))).toHaveLength(1);
  });

  it.each([
    ['without a source', { source: undefined }, 'source'],
    ['without reviewedBy', { reviewedBy: undefined }, 'reviewedBy'],
    ['reviewed by its own writer', { reviewedBy: 'writer-a' }, 'second writer'],
    [
      'from a publisher not on the list',
      { source: { publisher: '나무위키', title: '3·1 운동' } },
      'publisher',
    ],
    [
      'with a URL off the public reference sites',
      { source: { publisher: '우리역사넷', title: 'x', url: 'https://example.com/x' } },
      'url',
    ],
    [
      'from the curriculum without a standard code',
      { source: { publisher: '국가교육과정정보센터', title: '사회과 교육과정' } },
      'standard code',
    ],
    [
      'with an answer out of range',
      { numericAnswer: undefined, check: undefined, choices: ['a', 'b'], answer: 3 },
      'out of range',
    ],
  ])('are refused %s', (_, change, message) => {
    const path = fileWith('history-h3.yaml', [{ ...good, ...change }]);
    expect(() => loadWrittenFile(path)).toThrow(QuestionBankError);
    expect(() => loadWrittenFile(path)).toThrow(message);
  });

  it.each(['[9사(지리)01-01]', '[10통과1-01-02]', '[4과05-02]'])(
    'accept the 성취기준 code %s (2015 and 2022 forms)',
    (code) => {
      const source = { publisher: '국가교육과정정보센터', title: '과학과 교육과정', standard: code };
      expect(loadWrittenFile(fileWith('history-h3.yaml', [{ ...good, source }]))).toHaveLength(1);
    },
  );

  it.each(['[10통과1-01-02-03]', '10통과1-01-02', '[통과]'])('refuse the malformed code %s', (code) => {
    const source = { publisher: '국가교육과정정보센터', title: '과학과 교육과정', standard: code };
    expect(() => loadWrittenFile(fileWith('history-h3.yaml', [{ ...good, source }]))).toThrow(
      QuestionBankError,
    );
  });

  it('are refused in a file of another subject or grade, or a badly named file', () => {
    expect(() => loadWrittenFile(fileWith('history-h2.yaml', [good]))).toThrow('does not belong');
    expect(() => loadWrittenFile(fileWith('social-h3.yaml', [good]))).toThrow('does not belong');
    expect(() => loadWrittenFile(fileWith('history-고3.yaml', [good]))).toThrow('file name');
  });

  it('the committed written files load, and their numeric answers recompute from `check`', () => {
    const items = loadWrittenItems(WRITTEN);
    for (const item of items) {
      expect(curriculum.cell(item.grade, item.subject)?.kind).toBe('written');
      if (item.numericAnswer !== undefined)
        expect(evaluateArithmetic(item.check ?? '')).toBe(item.numericAnswer);
    }
  });

  it('a draft loads without its second writer, and is refused as a written item until reviewed', () => {
    const { reviewedBy: _unreviewed, ...draft } = good;
    const path = fileWith('history-h3.yaml', [draft]);
    expect(loadWrittenFile(path, { draft: true })).toHaveLength(1);
    expect(() => loadWrittenFile(path)).toThrow('reviewedBy');
  });

  it('committed drafts (written/drafts/, when there are any) are complete apart from the second writer', () => {
    const dir = join(WRITTEN, 'drafts');
    const drafts = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
    for (const f of drafts) {
      const items = loadWrittenFile(join(dir, f), { draft: true });
      // Every item in the file was read (broken YAML or a broken item would have thrown above).
      expect(items).toHaveLength(readFileSync(join(dir, f), 'utf8').match(/^- id:/gm)?.length ?? 0);
      for (const item of items) {
        expect(item.reviewedBy).toBeUndefined();
        expect(curriculum.cell(item.grade, item.subject)?.units).toContain(item.unit);
        if (item.numericAnswer !== undefined)
          expect(evaluateArithmetic(item.check ?? '')).toBe(item.numericAnswer);
      }
      expect(() => loadWrittenFile(join(dir, f))).toThrow('reviewedBy');
    }
  });
});
