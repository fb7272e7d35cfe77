import { join } from 'node:path';
import { fromRoot } from '../../bot/paths';
import { buildQuestionBank, readBankFiles, type QuestionBank, type QuizItem } from './bank';
import { loadCurriculum, type Curriculum } from './curriculum';
import type { GeneratedItem } from './generators/build';
import { generateEnglish, loadEnglishData } from './generators/english';
import { generateKorean, loadSpellingRules } from './generators/korean';
import { generateMath } from './generators/math';
import { loadWrittenItems } from './written';

/**
 * The whole quiz bank the bot serves: the reviewed YAML bank, the generated items of every
 * generated grade × subject of the curriculum, and the written items with sources. Generation is
 * deterministic (seeded), so the same ids carry the same questions on every start.
 */

export interface QuizContentPaths {
  quizDir?: string;
}

/** Generated items for every generated cell of the curriculum (수학, 영어, 국어). */
export function generateAll(
  curriculum: Curriculum,
  quizDir = fromRoot('knowledge', 'quiz'),
): GeneratedItem[] {
  const english = loadEnglishData(join(quizDir, 'words'));
  const rules = loadSpellingRules(join(quizDir, 'korean', 'spelling.yaml'));
  return curriculum.cells
    .filter((cell) => cell.kind === 'generated')
    .flatMap((cell) => {
      if (cell.subject === '수학') return generateMath(cell.grade);
      if (cell.subject === '영어') return generateEnglish(cell.grade, english);
      if (cell.subject === '국어') return generateKorean(cell.grade, rules, curriculum);
      return [];
    });
}

let projectBank: QuestionBank | undefined;

/**
 * Loads bank files, generated items and written items into one validated bank. The project's own
 * bank (no `quizDir`) is built once per process: it is immutable data, like the texts, and every
 * bot a process starts (tests start many) would otherwise generate it again.
 */
export function loadQuizBank(paths: QuizContentPaths = {}): QuestionBank {
  if (!paths.quizDir) return (projectBank ??= buildQuizBank(fromRoot('knowledge', 'quiz')));
  return buildQuizBank(paths.quizDir);
}

function buildQuizBank(quizDir: string): QuestionBank {
  const curriculum = loadCurriculum(join(quizDir, 'curriculum.yaml'));
  const all: QuizItem[] = [
    ...readBankFiles(join(quizDir, 'bank')),
    ...generateAll(curriculum, quizDir),
    ...loadWrittenItems(join(quizDir, 'written')),
  ];
  return buildQuestionBank(all, join(quizDir, 'retired.yaml'));
}
