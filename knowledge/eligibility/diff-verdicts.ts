import { loadCases, type LabelledCase } from './cases';
import { evaluate } from './evaluate';
import { medianIncomeFile, rulesFile } from './paths';
import { loadRuleSet, RulesFileError, type RuleSet } from './rules';

/** One labelled case whose verdict (or next question) differs between two rule sets. */
export interface VerdictChange {
  id: string;
  date: string;
  before: string;
  after: string;
  expected: string;
}

const label = (set: RuleSet, c: LabelledCase): string => {
  const v = evaluate(set, c.facts, c.date);
  return v.nextQuestion ? `${v.verdict} (next: ${v.nextQuestion})` : v.verdict;
};

/** Which labelled cases change verdict when `next` replaces `current`. */
export function diffVerdicts(current: RuleSet, next: RuleSet, cases: LabelledCase[]): VerdictChange[] {
  return cases
    .map((c) => ({
      id: c.id,
      date: c.date,
      before: label(current, c),
      after: label(next, c),
      expected: c.expect,
    }))
    .filter((change) => change.before !== change.after);
}

/**
 * Command: `node dist/knowledge/eligibility/diff-verdicts.js <new rules.yaml> [new median-income.yaml]`.
 * Validates the new files (prints the reason and exits 2 when broken) and lists every labelled
 * case whose verdict changes, so an operator sees the effect before replacing the live file.
 */
export function main(
  argv: string[],
  print: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): number {
  const [newRules, newMedian] = argv;
  if (!newRules) {
    print('usage: diff-verdicts <new rules.yaml> [new median-income.yaml]');
    return 2;
  }
  const current = loadRuleSet(rulesFile(), medianIncomeFile());
  let next: RuleSet;
  try {
    next = loadRuleSet(newRules, newMedian ?? medianIncomeFile());
  } catch (error) {
    print(`REFUSED ${error instanceof RulesFileError ? error.message : String(error)}`);
    return 2;
  }
  const cases = loadCases();
  const changes = diffVerdicts(current, next, cases);
  print(
    `rules ${current.version} → ${next.version}: ${changes.length} of ${cases.length} labelled cases change`,
  );
  for (const c of changes) print(`  ${c.id} ${c.date}: ${c.before} → ${c.after} (labelled ${c.expected})`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
