import { compact } from './extract-text';
import { medianIncome, ruleInForce, type IncomeRule, type RuleSet } from './rules';

/**
 * "4인가구면 소득 얼마 이하여야 돼요?": the income lines for one household size, straight from the
 * rules table (median-income.yaml and the income rules in force), never from memory. The dialog
 * renders it from the text catalogue (eligibility.medianIncome.*) and adds that Seoul Run tests
 * 소득인정액 (income plus assets), so the figure is for orientation.
 */

/** One income line: a percentage of the median and what it comes to for this household. */
export interface IncomeLine {
  percent: number;
  monthlyWon: number;
  /** confirmed = in force; announced = Seoul Run 3.0, not confirmed in force. */
  verification: IncomeRule['verification'];
  ruleId: string;
}

export interface MedianIncomeAnswer {
  year: number;
  householdSize: number;
  /** 100 % 기준 중위소득, monthly won. */
  medianWon: number;
  lines: IncomeLine[];
  /** Where the median figure comes from (public source, for "출처"). */
  source: string;
  sourceVerification: 'confirmed' | 'uncertain';
}

/**
 * The lines for `householdSize` on `date` (YYYY-MM-DD, Korean calendar day); undefined when the
 * table holds no sourced figure for that year and size (the dialog then says so and points to the site).
 */
export function medianIncomeAnswer(
  householdSize: number,
  ruleSet: RuleSet,
  date: string,
): MedianIncomeAnswer | undefined {
  const year = Number(date.slice(0, 4));
  const medianWon = medianIncome(ruleSet, year, householdSize);
  const entry = ruleSet.median.years[String(year)];
  if (medianWon === undefined || !entry) return undefined;
  const incomeRules = ruleSet.rules.filter(
    (r): r is IncomeRule => r.kind === 'income' && ruleInForce(r, date) && r.verification !== 'uncertain',
  );
  const lines = incomeRules
    .map((r) => ({
      percent: r.percent,
      monthlyWon: Math.round((medianWon * r.percent) / 100),
      verification: r.verification,
      ruleId: r.id,
    }))
    .sort((a, b) => a.percent - b.percent);
  return {
    year,
    householdSize,
    medianWon,
    lines,
    source: entry.source,
    sourceVerification: entry.verification,
  };
}

const NATIVE_SIZE: Record<string, number> = { 한: 1, 두: 2, 세: 3, 네: 4, 다섯: 5, 여섯: 6, 일곱: 7 };

/**
 * The household size a median-income question asks about ("4인가구면 얼마 이하여야 돼요?", "3인 가족
 * 기준 금액이 얼마에요", "네 식구 중위소득 얼마예요"), or undefined when the message is not one.
 */
export function askedMedianIncomeSize(text: string): number | undefined {
  const s = compact(text);
  const asks =
    /얼마|금액|몇만원|기준액|선이|라인|howmuch|whatisthe/.test(s) &&
    /소득|중위|기준|금액|income|median/.test(s);
  if (!asks) return undefined;
  const digits = /(?<![\d])(\d{1,2})(?:인|명|식구|-?person|people)/.exec(s);
  if (digits) return Number(digits[1]);
  const native = /(한|두|세|네|다섯|여섯|일곱)(?:식구|명|사람)/.exec(s);
  return native ? NATIVE_SIZE[native[1] ?? ''] : undefined;
}
