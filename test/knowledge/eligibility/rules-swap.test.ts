import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCases } from '../../../knowledge/eligibility/cases';
import { diffVerdicts, main } from '../../../knowledge/eligibility/diff-verdicts';
import { evaluate, evaluateAt } from '../../../knowledge/eligibility/evaluate';
import { medianIncomeFile, rulesFile } from '../../../knowledge/eligibility/paths';
import { createRuleStore, loadRuleSet } from '../../../knowledge/eligibility/rules';
import { seoulInstant } from '../../../bot/calendar';

// Operators change rules without a developer: a new dated group changes a verdict with no code
// change; a broken file is refused with the reason and the old rules keep answering.
const NEW_GROUP = `
  - id: 2027-test-arts-school
    kind: group
    groups: [multi_child]
    effectiveFrom: 2027-03-01
    ended: null
    source: "test fixture"
    verification: confirmed
    reason:
      ko: "테스트용 규칙"
      en: "test rule"
`;

function tempCopy(): { dir: string; rules: string; median: string } {
  const dir = mkdtempSync(join(tmpdir(), 'eligibility-rules-'));
  const rules = join(dir, 'rules.yaml');
  const median = join(dir, 'median-income.yaml');
  copyFileSync(rulesFile(), rules);
  copyFileSync(medianIncomeFile(), median);
  return { dir, rules, median };
}

const multiChild = { livesInSeoul: true, age: 10, ageExact: true, groups: ['multi_child' as const] };

describe('rules as data', () => {
  it('a new dated group changes the verdict from its Korean midnight, with no code change', () => {
    const files = tempCopy();
    const store = createRuleStore(files.rules, files.median);
    expect(evaluate(store.current(), multiChild, '2027-03-01').verdict).toBe('needs_confirmation');

    writeFileSync(
      files.rules,
      readFileSync(files.rules, 'utf8').replace('version: "2026-11-28.1"', 'version: "test.2"') + NEW_GROUP,
    );
    expect(store.reload()).toEqual({ ok: true, version: 'test.2' });

    // 2027-02-28 23:59 KST: not yet; 2027-03-01 00:00 KST (= 2027-02-28 15:00 UTC): in force.
    expect(evaluateAt(store.current(), multiChild, seoulInstant('2027-02-28', '23:59')).verdict).toBe(
      'needs_confirmation',
    );
    const atMidnight = evaluateAt(store.current(), multiChild, seoulInstant('2027-03-01', '00:00'));
    expect(atMidnight.verdict).toBe('eligible');
    expect(atMidnight.rulesUsed).toContain('2027-test-arts-school');
    expect(atMidnight.ruleSetVersion).toBe('test.2');
  });

  it('the 60 % rule switches at 00:00 Asia/Seoul on 1 July 2024, not at UTC midnight', () => {
    const set = loadRuleSet(rulesFile(), medianIncomeFile());
    const facts = {
      livesInSeoul: true,
      age: 12,
      ageExact: true,
      groups: [],
      householdSize: 4,
      monthlyIncome: 3_300_000,
    };
    const before = evaluateAt(set, facts, new Date('2024-06-30T14:59:00Z'));
    const after = evaluateAt(set, facts, new Date('2024-06-30T15:00:00Z'));
    expect(before.reasons.map((r) => r.code)).toContain('income_above_line');
    expect(before.rulesUsed).toContain('launch-income-50');
    expect(after.reasons.map((r) => r.code)).toContain('income_below_line');
    expect(after.rulesUsed).toContain('2024-income-60');
  });

  it.each([
    ['not YAML', 'rules: [oops'],
    [
      'an unknown group',
      readFileSync(rulesFile(), 'utf8').replace('groups: [single_parent]', 'groups: [singel_parent]'),
    ],
    [
      'a bad date',
      readFileSync(rulesFile(), 'utf8').replace('effectiveFrom: 2024-07-01', 'effectiveFrom: 1 July 2024'),
    ],
    ['a duplicate id', readFileSync(rulesFile(), 'utf8') + NEW_GROUP + NEW_GROUP],
  ])('refuses a file with %s and keeps answering with the old rules', (_what, broken) => {
    const files = tempCopy();
    const store = createRuleStore(files.rules, files.median);
    const before = evaluate(store.current(), multiChild, '2026-11-28');
    writeFileSync(files.rules, broken);
    const result = store.reload();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.keptVersion).toBe('2026-11-28.1');
      expect(result.reason).toContain(files.rules);
    }
    expect(evaluate(store.current(), multiChild, '2026-11-28')).toEqual(before);
  });

  it('diff-verdicts lists the labelled cases a new file changes', () => {
    const files = tempCopy();
    writeFileSync(
      files.rules,
      readFileSync(files.rules, 'utf8').replace(/verification: announced/g, 'verification: confirmed'),
    );
    const changes = diffVerdicts(
      loadRuleSet(rulesFile(), medianIncomeFile()),
      loadRuleSet(files.rules, files.median),
      loadCases(),
    );
    expect(changes.map((c) => c.id)).toEqual(expect.arrayContaining(['c30', 'c31', 'c32']));
    const lines: string[] = [];
    expect(main([files.rules, files.median], (l) => lines.push(l))).toBe(0);
    expect(lines[0]).toMatch(/labelled cases change/);
    writeFileSync(files.rules, 'rules: [oops');
    const refused: string[] = [];
    expect(main([files.rules], (l) => refused.push(l))).toBe(2);
    expect(refused[0]).toMatch(/^REFUSED/);
  });
});
