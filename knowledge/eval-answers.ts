import {
  evaluateExtractionSet,
  evaluateLanguages,
  evaluateRouting,
  formatFigures,
} from './answers-data/evaluate-answers';

/**
 * `npm run eval:answers`: routing (fact / check / other), eligibility extraction (every slot right)
 * and language detection over knowledge/answers-data/*.jsonl, tuning and held-out figures (split:
 * knowledge/answers-data/split.ts). `--tune-only` hides the held-out figures while tuning;
 * `--failures` lists tuning misses only: held-out rows are counted, never shown.
 */
function main(): void {
  const all = [evaluateRouting(), evaluateExtractionSet(), evaluateLanguages()];
  console.log(formatFigures(all, !process.argv.includes('--tune-only')));
  if (process.argv.includes('--failures'))
    for (const f of all)
      if (f.tuningMisses.length) console.log(`\n${f.name} tuning misses:\n  ${f.tuningMisses.join('\n  ')}`);
}

if (require.main === module) main();
