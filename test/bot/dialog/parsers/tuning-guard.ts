/** Shared by the parser tests: runs one kind over the tuning set and returns its share right. */
import { join } from 'node:path';
import { evaluateKind, loadTuningSet, type Kind } from '../../../../knowledge/typed-answers/evaluate';

const tuning = loadTuningSet(join(__dirname, '..', '..', '..', '..', 'knowledge', 'typed-answers'));

/** Share of the tuning rows of this kind that the parser gets right (0–100), and the misses. */
export function tuningFigure(kind: Kind): { percent: number; total: number; misses: string[] } {
  const figures = evaluateKind(kind, tuning);
  return {
    percent: (100 * figures.right) / figures.total,
    total: figures.total,
    misses: figures.misses.map(
      (m) => `${m.text} → ${JSON.stringify(m.got)} (expected ${JSON.stringify(m.expected)})`,
    ),
  };
}
