/**
 * `npm run train:risk`: trains the risk classifier on knowledge/risk/data/train and writes
 * knowledge/risk/model/{model.json,weights.bin}. Deterministic: the same data gives the same bytes.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { refreshEverydaySnapshot } from './risk/everyday';
import { runTraining } from './risk/training-run';
import { riskDataPaths } from './risk/screen';

// dist/knowledge/train-risk.js sits two folders below the repository; fall back to the working directory.
const built = join(__dirname, '..', '..');
const root = existsSync(join(built, 'knowledge', 'risk', 'grammar.yaml')) ? built : process.cwd();
const started = Date.now();
// Retraining takes today's texts, quiz items and typed answers as everyday messages (and keeps them).
console.log(`everyday messages: ${refreshEverydaySnapshot(root)}`);
const run = runTraining(root);
const paths = riskDataPaths(root);
mkdirSync(dirname(paths.modelHeader), { recursive: true });
writeFileSync(paths.modelHeader, `${JSON.stringify(run.header, null, 2)}\n`);
writeFileSync(paths.modelWeights, run.weights);
console.log(
  [
    `trained on ${run.used} messages (${run.droppedNearTest} dropped as near-duplicates of the test set)`,
    `development fifth: ${run.dev.size} messages; ask recall ${(run.dev.askRecall * 100).toFixed(1)} %, crisis precision ${(run.dev.crisisPrecision * 100).toFixed(1)} %`,
    `thresholds: ${JSON.stringify(run.header.thresholds)}`,
    `wrote ${paths.modelHeader} and ${paths.modelWeights} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  ].join('\n'),
);
