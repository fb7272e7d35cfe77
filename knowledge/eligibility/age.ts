import type { ApplicantFacts, SchoolYear } from './types';

/** Where the possible 만 나이 came from: it decides whether asking again could help. */
export type AgeSource = 'birthDate' | 'exact' | 'plain' | 'birthYear' | 'schoolYear';

export interface AgeEstimate {
  min: number;
  max: number;
  source: AgeSource;
  /** The check date is the birthday itself (only with a full birth date). */
  birthdayToday: boolean;
}

/** 만 나이 on a Korean calendar day: whole years since birth, the birthday itself counting. */
export function manAge(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const hadBirthday = m > bm || (m === bm && d >= bd);
  return y - by - (hadBirthday ? 0 : 1);
}

/** Grade 1 (초1) … 12 (고3): in school year S pupils of grade n are 만 n+5 or n+6 (Korean school starts in March). */
const GRADE_NUMBER: Partial<Record<SchoolYear, number>> = {
  e1: 1,
  e2: 2,
  e3: 3,
  e4: 4,
  e5: 5,
  e6: 6,
  m1: 7,
  m2: 8,
  m3: 9,
  h1: 10,
  h2: 11,
  h3: 12,
};

/** Ages a school year can mean (levels alone span their whole range; university has no upper bound). */
export function schoolYearAges(year: SchoolYear): [number, number] {
  const n = GRADE_NUMBER[year];
  if (n !== undefined) return [n + 5, n + 6];
  switch (year) {
    case 'e':
      return [6, 13];
    case 'm':
      return [12, 15];
    case 'h':
      return [15, 18];
    case 'kindergarten':
      return [3, 6];
    default:
      return [18, 99];
  }
}

/**
 * The possible 만 나이 on `date`, from the most precise fact given. A plain "N살" may be 세는 나이
 * or 연 나이, so it means 만 N−1 or N; 한국 나이 N means 만 N−2 or N−1; a birth year alone means two
 * ages as well.
 */
export function estimateAge(facts: ApplicantFacts, date: string): AgeEstimate | undefined {
  if (facts.birthDate) {
    const age = manAge(facts.birthDate, date);
    return {
      min: age,
      max: age,
      source: 'birthDate',
      birthdayToday: facts.birthDate.slice(5) === date.slice(5),
    };
  }
  if (facts.age !== undefined && facts.ageKind === 'korean')
    return {
      min: Math.max(0, facts.age - 2),
      max: Math.max(0, facts.age - 1),
      source: 'plain',
      birthdayToday: false,
    };
  if (facts.age !== undefined && (facts.ageExact || facts.ageKind === 'man'))
    return { min: facts.age, max: facts.age, source: 'exact', birthdayToday: false };
  if (facts.age !== undefined)
    return { min: Math.max(0, facts.age - 1), max: facts.age, source: 'plain', birthdayToday: false };
  if (facts.birthYear !== undefined) {
    const years = Number(date.slice(0, 4)) - facts.birthYear;
    return { min: years - 1, max: years, source: 'birthYear', birthdayToday: false };
  }
  if (facts.schoolYear) {
    const [min, max] = schoolYearAges(facts.schoolYear);
    return { min, max, source: 'schoolYear', birthdayToday: false };
  }
  return undefined;
}
