import { loadCurriculum, type Curriculum, type ItemKind } from './curriculum';
import type { QuestionBank } from './bank';
import { loadQuizBank } from './full-bank';

/**
 * `npm run quiz:coverage`: items per grade × subject of the curriculum against the floor (60
 * generated, 30 written), cells under it marked. `-- --json` prints `[{ grade, subject, items }]`.
 */

/** One cell of the coverage table. */
export interface CoverageRow {
  grade: string;
  subject: string;
  items: number;
  kind: ItemKind;
  floor: number;
  under: boolean;
  onDemand: boolean;
}

/** Active items per curriculum cell, whatever their source (bank file, generator, written file). */
export function coverage(bank: QuestionBank, curriculum: Curriculum): CoverageRow[] {
  return curriculum.cells.map((cell) => {
    const items = bank.itemsFor(cell.subject, cell.grade).length;
    return {
      grade: cell.grade,
      subject: cell.subject,
      items,
      kind: cell.kind,
      floor: cell.floor,
      under: items < cell.floor,
      onDemand: cell.onDemand,
    };
  });
}

/** The table as text: one line per grade, one column per subject, `!` after a cell under its floor. */
export function renderCoverage(rows: readonly CoverageRow[]): string {
  const subjects = [...new Set(rows.map((r) => r.subject))];
  const grades = [...new Set(rows.map((r) => r.grade))];
  const cell = (grade: string, subject: string): string => {
    const row = rows.find((r) => r.grade === grade && r.subject === subject);
    if (!row) return '—'.padStart(8);
    return `${row.items}${row.under ? '!' : ' '}`.padStart(8);
  };
  const under = rows.filter((r) => r.under);
  return [
    `grade ${subjects.map((s) => s.padStart(8 - s.length)).join('')}`,
    ...grades.map(
      (g) =>
        `${g.padEnd(5)}${subjects.map((s) => cell(g, s)).join('')}${rows.find((r) => r.grade === g)?.onDemand ? '  (on demand)' : ''}`,
    ),
    '',
    `floors: generated ${rows.find((r) => r.kind === 'generated')?.floor ?? '-'}, written ${rows.find((r) => r.kind === 'written')?.floor ?? '-'}; ! = under the floor`,
    `${rows.length} cells, ${rows.length - under.length} at or above the floor, ${under.length} under` +
      (under.length
        ? `: ${under.map((r) => `${r.grade} ${r.subject} ${r.items}/${r.floor}`).join(', ')}`
        : ''),
  ].join('\n');
}

function main(): void {
  const rows = coverage(loadQuizBank(), loadCurriculum());
  if (process.argv.includes('--json')) {
    process.stdout.write(
      `${JSON.stringify(
        rows.map(({ grade, subject, items }) => ({ grade, subject, items })),
        null,
        2,
      )}\n`,
    );
    return;
  }
  process.stdout.write(`${renderCoverage(rows)}\n`);
}

if (require.main === module) main();
