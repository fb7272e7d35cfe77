import { medianIncomeAnswer } from '../../knowledge/eligibility/median-answer';
import { ruleInForce, type IncomeRule, type RuleSet } from '../../knowledge/eligibility/rules';
import type { Voice } from './render';

const won = (n: number): string => n.toLocaleString('en-US');

/**
 * "4인가구면 소득 얼마 이하여야 돼요?": the 기준 중위소득 for that household size and the Seoul Run
 * income lines, from the rules table only (knowledge/eligibility/median-income.yaml), with the note
 * that Seoul Run tests 소득인정액. Without a sourced figure for the size, says so and gives the line in %.
 */
export function medianIncomeText(v: Voice, rules: RuleSet, size: number, date: string): string {
  const answer = medianIncomeAnswer(size, rules, date);
  if (!answer || answer.lines.length === 0) {
    const percent =
      rules.rules
        .filter(
          (r): r is IncomeRule =>
            r.kind === 'income' && ruleInForce(r, date) && r.verification === 'confirmed',
        )
        .map((r) => r.percent)
        .sort((a, b) => b - a)[0] ?? 60;
    return v.t('medianIncome.noFigure', { size, percent });
  }
  return [
    v.t('medianIncome.head', { year: answer.year, size, median: won(answer.medianWon) }),
    ...answer.lines.map((line) =>
      v.t(line.verification === 'confirmed' ? 'medianIncome.lineConfirmed' : 'medianIncome.lineAnnounced', {
        percent: line.percent,
        amount: won(line.monthlyWon),
      }),
    ),
    v.t('medianIncome.note'),
  ].join('\n');
}
