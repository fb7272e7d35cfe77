import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exactExp } from '../../../knowledge/risk/model';
import { riskDataPaths } from '../../../knowledge/risk/screen';
import { thresholdForPrecision, thresholdForRecall } from '../../../knowledge/risk/train';
import { runTraining } from '../../../knowledge/risk/training-run';
import { wilsonLower } from '../../../knowledge/risk/evaluate';

const root = join(__dirname, '..', '..', '..');

describe('training arithmetic', () => {
  it('computes e^x to within a few ulps of Math.exp with + × ÷ only', () => {
    for (let x = -40; x <= 5; x += 0.37) {
      expect(Math.abs(exactExp(x) - Math.exp(x)) / Math.exp(x)).toBeLessThan(1e-14);
    }
    expect(exactExp(-1000)).toBe(0);
  });

  it('chooses the ask threshold for recall and the crisis threshold for precision', () => {
    expect(thresholdForRecall([0.9, 0.8, 0.7, 0.1], 0.75)).toBe(0.7);
    const scored = [
      { score: 0.9, positive: true },
      { score: 0.8, positive: true },
      { score: 0.6, positive: false },
      { score: 0.5, positive: true },
      { score: 0.2, positive: false },
    ];
    expect(thresholdForPrecision(scored, 0.75)).toBe(0.5);
    expect(thresholdForPrecision(scored, 0.9)).toBe(0.8);
  });

  it('gives the Wilson lower bound the reference quotes (0 misses in 120 ≈ 97 %)', () => {
    expect(wilsonLower(120, 120)).toBeGreaterThan(0.968);
    expect(wilsonLower(120, 120)).toBeLessThan(0.972);
    expect(wilsonLower(0, 0)).toBe(0);
  });
});

// Training takes minutes on two cores: it runs in `npm run test:deep` (CI runs that too), not `npm test`.
const deep = process.env.DEEP_TESTS === '1';

describe('npm run train:risk', () => {
  (deep ? it : it.skip)(
    'reproduces the shipped weights and header byte for byte',
    () => {
      const run = runTraining(root);
      const paths = riskDataPaths(root);
      expect(`${JSON.stringify(run.header, null, 2)}\n`).toBe(readFileSync(paths.modelHeader, 'utf8'));
      expect(Buffer.compare(run.weights, readFileSync(paths.modelWeights))).toBe(0);
    },
    1_200_000,
  );
});
