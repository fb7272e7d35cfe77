/**
 * Prints how the risk screen does on the labelled messages: confusion table, recall and precision
 * per level on the tune and heldout splits, and time per call. `npm run eval:risk`.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createRiskScreen, loadRiskLexicon } from './risk/screen';
import { evaluate, formatEvaluation, loadLabelledMessages } from './risk/evaluate';

// dist/knowledge/eval-risk.js sits two folders below the repository; fall back to the working directory.
const built = join(__dirname, '..', '..');
const root = existsSync(join(built, 'knowledge', 'risk', 'lexicon.yaml')) ? built : process.cwd();
const lexicon = loadRiskLexicon(join(root, 'knowledge', 'risk', 'lexicon.yaml'));
const screen = createRiskScreen(lexicon);
const messages = loadLabelledMessages(join(root, 'knowledge', 'risk', 'labelled-messages.yaml'));

for (const split of ['tune', 'heldout'] as const) {
  console.log(
    formatEvaluation(
      split,
      evaluate(
        screen,
        messages.filter((m) => m.split === split),
      ),
    ),
  );
  console.log('');
}

// Timing: warm up, then time each call separately for p50/p99.
const rounds = 50;
for (const m of messages) screen(m.text, 'student');
const samples: number[] = [];
for (let r = 0; r < rounds; r += 1) {
  for (const m of messages) {
    const start = process.hrtime.bigint();
    screen(m.text, 'student');
    samples.push(Number(process.hrtime.bigint() - start) / 1000);
  }
}
samples.sort((a, b) => a - b);
const at = (q: number): string =>
  (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0).toFixed(1);
console.log(
  `time per call over ${samples.length} calls: p50 ${at(0.5)} µs, p99 ${at(0.99)} µs, max ${at(1)} µs`,
);
