import { loadCases } from '../../../knowledge/eligibility/cases';
import { evaluate } from '../../../knowledge/eligibility/evaluate';
import { medianIncomeFile, rulesFile } from '../../../knowledge/eligibility/paths';
import { loadRuleSet } from '../../../knowledge/eligibility/rules';

// Table-driven over the labelled cases (committed before the evaluator). The tune split must be
// 100 %; the held-out third is reported, not asserted, so it stays a real measurement.
const rules = loadRuleSet(rulesFile(), medianIncomeFile());
const cases = loadCases();

const outcome = (c: (typeof cases)[number]) => {
  const v = evaluate(rules, c.facts, c.date);
  const problems: string[] = [];
  if (v.verdict !== c.expect) problems.push(`verdict ${v.verdict} ≠ ${c.expect}`);
  if (v.nextQuestion !== c.next) problems.push(`next ${v.nextQuestion ?? '-'} ≠ ${c.next ?? '-'}`);
  if (c.rule && !v.rulesUsed.includes(c.rule))
    problems.push(`rule ${c.rule} not in [${v.rulesUsed.join(', ')}]`);
  return { id: c.id, split: c.split, ok: problems.length === 0, problems, reason: c.reason };
};

const results = cases.map(outcome);
const share = (split: string) => {
  const part = results.filter((r) => r.split === split);
  return { right: part.filter((r) => r.ok).length, total: part.length };
};

afterAll(() => {
  const tune = share('tune');
  const heldout = share('heldout');
  // Only tune misses are listed: held-out cases must not be looked at while tuning.
  const misses = results
    .filter((r) => !r.ok && r.split === 'tune')
    .map((r) => `  ${r.id} (${r.split}): ${r.problems.join('; ')} — ${r.reason}`);
  console.log(
    `eligibility verdicts: tune ${tune.right}/${tune.total} (${((100 * tune.right) / tune.total).toFixed(1)} %), ` +
      `heldout ${heldout.right}/${heldout.total} (${((100 * heldout.right) / heldout.total).toFixed(1)} %)` +
      (misses.length ? `\n${misses.join('\n')}` : ''),
  );
});

describe('eligibility verdicts over knowledge/eligibility/cases.yaml', () => {
  it('has at least 48 cases with a held-out third', () => {
    expect(cases.length).toBeGreaterThanOrEqual(48);
    expect(share('heldout').total).toBeGreaterThanOrEqual(Math.floor(cases.length / 3));
  });

  it.each(results.filter((r) => r.split === 'tune'))('tune case $id', (r) => {
    expect(r.problems).toEqual([]);
  });

  it('reports the held-out accuracy (not asserted)', () => {
    expect(share('heldout').total).toBeGreaterThan(0);
  });
});
