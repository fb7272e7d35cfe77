/**
 * People's numbers in the words documents use. A question says "26학년도", "23, 24학년도", "12살",
 * "45살", "4인 가족" or "500만원"; the documents say "2026학년도", "14세 미만", "서울런 4050",
 * "가구원 수", "소득". Digits alone are weak grams (every page has a year), so each number read here
 * adds the canonical words of what it means, next to the question's own words.
 */

/** Ages that move a question to a different rule: under 14, the 6–24 band, the adult programme. */
function ageTerms(age: number): string[] {
  if (age < 6) return ['6세', '나이'];
  if (age < 14) return ['14세 미만'];
  if (age <= 24) return [];
  if (age < 40) return ['24세', '나이 제한'];
  if (age <= 64) return ['서울런 4050', '중장년'];
  return [];
}

const fullYear = (digits: string): number => (digits.length === 2 ? 2000 + Number(digits) : Number(digits));

/** Canonical terms for the numbers in a normalised question (may be empty). */
export function numberTerms(normalized: string): string[] {
  const out: string[] = [];
  // "2024학년도", "24학년도", "2021년", and a list sharing one suffix ("23, 24학년도").
  for (const m of normalized.matchAll(/(?<![0-9])((?:20)?\d{2}) ?(학년도|년도|년)/g)) {
    const y = fullYear(m[1] ?? '');
    if (y >= 2020 && y <= 2035) out.push(`${y}${m[2] === '년' ? '년' : '학년도'}`);
  }
  for (const m of normalized.matchAll(
    /(?<![0-9])((?:20)?\d{2}) ?(?:와|랑|이랑|하고)? (?=(?:20)?\d{2} ?학년도)/g,
  )) {
    const y = fullYear(m[1] ?? '');
    if (y >= 2020 && y <= 2035) out.push(`${y}학년도`);
  }
  // Ages: "12살", "만 14세", "45살인데".
  for (const m of normalized.matchAll(/(?<![0-9])(\d{1,2})\s*(?:살|세)(?![0-9])/g))
    out.push(...ageTerms(Number(m[1])));
  // Household size: "4인 가족", "3인가구", "네 식구".
  if (/\d\s*인\s*(?:가족|가구)|식구|가구원|family of/.test(normalized)) out.push('가구원 수');
  // Money: "500만원", "300 만 원", "월 500", "won".
  if (/\d\s*(?:만\s*)?원|\d\s*만(?![가-힣])|월\s*\d|달에?\s*\d/.test(normalized)) out.push('소득', '금액');
  // Counts: "몇 명", "몇명이에요", "how many".
  if (/몇\s*명|how many/.test(normalized)) out.push('인원');
  return [...new Set(out)];
}
