import { seoulDate } from '../../bot/calendar';
import { estimateAge, type AgeEstimate } from './age';
import { medianIncome, ruleInForce, type GroupRule, type IncomeRule, type Rule, type RuleSet } from './rules';
import type { ApplicantFacts, FactKey, GroupId, Reason, Verdict, VerdictKind } from './types';

/**
 * The eligibility evaluator: pure code, no LLM. ❌ only when a fact clearly excludes (만 나이
 * outside the band, not living in Seoul); anything uncertain is ❓; unknown facts give the next
 * question instead of a guess.
 */
export function evaluate(set: RuleSet, facts: ApplicantFacts, date: string): Verdict {
  const inForce = set.rules.filter((rule) => ruleInForce(rule, date));
  const dontKnow = new Set<FactKey>(facts.dontKnow ?? []);
  const reasons: Reason[] = [];
  const used = new Set<string>();
  const answer = (verdict: VerdictKind, nextQuestion?: FactKey): Verdict => ({
    verdict,
    reasons,
    rulesUsed: [...used],
    ...(nextQuestion ? { nextQuestion } : {}),
    ...(age ? { ageRange: [age.min, age.max] as [number, number] } : {}),
    ruleSetVersion: set.version,
    date,
  });

  const age = estimateAge(facts, date);
  const { minAge, maxAge } = set.base;

  // 1. Clear exclusions first: no question can change them. Turning 25 today is not clear
  // (see judgeAge), so the boundary birthday is left to step 2.
  const boundaryToday = age?.birthdayToday === true && (age.min === minAge || age.min === maxAge + 1);
  if (age && !boundaryToday && age.max < minAge) {
    reasons.push({ code: 'age_below', params: { age: age.max, minAge } });
    return answer('not_eligible');
  }
  if (age && !boundaryToday && age.min > maxAge) {
    reasons.push({ code: 'age_above', params: { age: age.min, maxAge } });
    return answer('not_eligible');
  }
  const groups = facts.groups ?? [];
  const waiving = inForce.filter(
    (r): r is GroupRule =>
      r.kind === 'group' && r.residenceWaived && r.groups.some((g) => groups.includes(g)),
  );
  if (facts.livesInSeoul === false && waiving.length === 0) {
    reasons.push({ code: 'residence_outside' });
    return answer('not_eligible');
  }

  // 2. What stays uncertain about age and residence.
  let certain = true;
  const ageStatus = judgeAge(age, minAge, maxAge, reasons);
  if (ageStatus !== 'in') certain = false;
  if (facts.livesInSeoul === undefined) {
    reasons.push({ code: 'residence_unknown' });
    certain = false;
  } else if (facts.livesInSeoul === false) {
    for (const rule of waiving) {
      reasons.push({ code: 'residence_waived', ruleId: rule.id });
      used.add(rule.id);
    }
    certain = false;
  }

  // 3. Groups: a confirmed rule qualifies; announced or uncertain ones only point somewhere.
  const qualifies = weighGroups(inForce, groups, reasons, used);
  if (facts.groups === undefined && !dontKnow.has('groups')) reasons.push({ code: 'groups_unknown' });
  else if (!qualifies && groups.length === 0) reasons.push({ code: 'no_group' });

  // 4. Income, only when no group already qualifies: always an estimate of 소득인정액.
  let incomeKnown = facts.householdSize !== undefined && facts.monthlyIncome !== undefined;
  if (!qualifies) {
    if (incomeKnown) weighIncome(set, inForce, facts, date, reasons, used);
    else {
      reasons.push({ code: 'income_unknown' });
      incomeKnown = false;
    }
  }

  const next = nextQuestion(facts, dontKnow, ageStatus, age, qualifies, incomeKnown);
  return answer(qualifies && certain ? 'eligible' : 'needs_confirmation', next);
}

/** Evaluates on the Korean calendar day of an instant: rules switch at 00:00 Asia/Seoul. */
export const evaluateAt = (set: RuleSet, facts: ApplicantFacts, now: Date): Verdict =>
  evaluate(set, facts, seoulDate(now));

type AgeStatus = 'in' | 'boundary' | 'maybe' | 'unknown';

function judgeAge(
  age: AgeEstimate | undefined,
  minAge: number,
  maxAge: number,
  reasons: Reason[],
): AgeStatus {
  if (!age) {
    reasons.push({ code: 'age_unknown' });
    return 'unknown';
  }
  // Turning 6 or 25 today: how the site counts the day itself (and ageing out) is not documented.
  if (age.birthdayToday && (age.min === minAge || age.min === maxAge + 1)) {
    reasons.push({ code: 'age_boundary_day', params: { age: age.min } });
    return 'boundary';
  }
  if (age.min < minAge || age.max > maxAge) {
    reasons.push({ code: 'age_maybe_outside', params: { min: age.min, max: Math.min(age.max, 99) } });
    return 'maybe';
  }
  return 'in';
}

function weighGroups(
  inForce: readonly Rule[],
  groups: GroupId[],
  reasons: Reason[],
  used: Set<string>,
): boolean {
  let qualifies = false;
  const rules = inForce.filter((r): r is GroupRule => r.kind === 'group');
  for (const group of groups) {
    const matching = rules.filter((r) => r.groups.includes(group));
    const confirmed = matching.find((r) => r.verification === 'confirmed');
    if (confirmed) {
      qualifies = true;
      reasons.push({ code: 'group_confirmed', ruleId: confirmed.id, params: { group } });
      used.add(confirmed.id);
      continue;
    }
    const tentative = matching[0];
    if (tentative) {
      reasons.push({
        code: tentative.verification === 'announced' ? 'group_announced' : 'group_uncertain',
        ruleId: tentative.id,
        params: { group },
      });
      used.add(tentative.id);
    } else reasons.push({ code: 'group_not_yet', params: { group } });
  }
  return qualifies;
}

function weighIncome(
  set: RuleSet,
  inForce: readonly Rule[],
  facts: ApplicantFacts,
  date: string,
  reasons: Reason[],
  used: Set<string>,
): void {
  const incomeRules = inForce.filter((r): r is IncomeRule => r.kind === 'income');
  const confirmed = incomeRules
    .filter((r) => r.verification === 'confirmed')
    .sort((a, b) => b.percent - a.percent)[0];
  const announced = incomeRules
    .filter((r) => r.verification !== 'confirmed' && r.percent > (confirmed?.percent ?? 0))
    .sort((a, b) => b.percent - a.percent)[0];
  const year = Number(date.slice(0, 4));
  const size = facts.householdSize ?? 0;
  const income = facts.monthlyIncome ?? 0;
  const median = medianIncome(set, year, size);
  if (confirmed) used.add(confirmed.id);
  if (!confirmed) return;
  if (median === undefined) {
    reasons.push({
      code: 'income_no_line',
      ruleId: confirmed.id,
      params: { year, size, percent: confirmed.percent },
    });
    return;
  }
  const line = Math.floor((median * confirmed.percent) / 100);
  if (income <= line) {
    reasons.push({
      code: 'income_below_line',
      ruleId: confirmed.id,
      params: { year, size, percent: confirmed.percent, line },
    });
    return;
  }
  reasons.push({
    code: 'income_above_line',
    ruleId: confirmed.id,
    params: { year, size, percent: confirmed.percent, line },
  });
  if (announced) {
    const announcedLine = Math.floor((median * announced.percent) / 100);
    if (income <= announcedLine) {
      used.add(announced.id);
      reasons.push({
        code: 'income_below_announced_line',
        ruleId: announced.id,
        params: { year, size, percent: announced.percent, line: announcedLine },
      });
    }
  }
}

/** The one question whose answer could change the verdict, in the order residence → age → groups → income. */
function nextQuestion(
  facts: ApplicantFacts,
  dontKnow: Set<FactKey>,
  ageStatus: AgeStatus,
  age: AgeEstimate | undefined,
  qualifies: boolean,
  incomeKnown: boolean,
): FactKey | undefined {
  if (facts.livesInSeoul === undefined && !dontKnow.has('residence')) return 'residence';
  // A stated age or birth date is already the answer; a school year or birth year can be sharpened.
  const ageAskable =
    ageStatus === 'unknown' ||
    (ageStatus === 'maybe' &&
      age !== undefined &&
      (age.source === 'schoolYear' || age.source === 'birthYear'));
  if (ageAskable && !dontKnow.has('age')) return 'age';
  if (facts.groups === undefined && !dontKnow.has('groups')) return 'groups';
  if (!qualifies && !incomeKnown && !dontKnow.has('income')) return 'income';
  return undefined;
}
