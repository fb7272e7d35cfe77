/**
 * A child's age or school grade as typed: "중2", "중학교 2학년", "고딩 1", "중삼", "초등학교 일학년",
 * "5학년" (only 초 has it), "2학년 14살" (the age places it), "예비 중1"/"곧 중학생" (= 초6), "고2
 * 올라가요" (= 고1 now), "16살", "만 15세", "한국나이로 17", "열다섯 살", "2010년생", "10년생",
 * "대1"/"새내기" (대학생), "재수생"/"고졸" (졸업), "자퇴"/"검정고시" (학교 밖), "유치원".
 * Null for a school level without a grade ("중학생이요"), two children at once, or a question back.
 */
import { afterCorrections, glueParticles, normaliseAnswer, stripHedges } from './normalise';
import { answerInKorean } from './other-languages';
import { NATIVE_NUMBER, nativeValue, sinoValue } from './korean-numbers';

export interface AgeGrade {
  age?: number;
  ageKind?: 'man' | 'korean' | 'plain';
  grade?: string;
  birthYear?: number;
}

const LEVEL_WORD = '(초|중|고|즁)(?:등학교|등학생|학교|학생|딩|등|고딩)?';
// Digits after any level word ("중학교 2학년"); a Sino-Korean digit right after the level ("중삼", "고삼이요")
// or before 학년 ("초등학교 일학년"), so that "중학생이요" is not read as 중2.
const GRADE = new RegExp(
  `(?<![가-힣])(?:${LEVEL_WORD}\\s?([1-6])(?:\\s?학년)?(?![0-9만원살세명병])|(초|중|고|즁)(일|이|삼|사|오|육)(?=$|\\s|이?요|임|이고|인데|이에요)|${LEVEL_WORD}\\s?(일|이|삼|사|오|육)\\s?학년)`,
  'gu',
);
const SINO_GRADE: Record<string, number> = { 일: 1, 이: 2, 삼: 3, 사: 4, 오: 5, 육: 6 };

// Other names for the schools and slips in them, read as the plain names: the old 국민학교, girls' and boys'
// schools and high-school types (여중, 특성화고), 초성 (ㅈ2), typos (쥬2, 고듷1), English numbers (중쓰리, 고 투),
// and words typed apart ("고등 학교 삼 학년").
/** School names as the plain ones (see above); shared with the option matcher. */
export function schoolWords(text: string): string {
  return text
    .replace(/핵교/gu, '학교')
    .replace(/국민\s?학교/gu, '초등학교')
    .replace(/(?:여|남)중(?=\s?\d|\s?[일이삼]\s?학년|\s|$)/gu, '중학교')
    .replace(
      /(?:여|남|특성화|마이스터|과학|외|자사|예|체|실업|상업|공업|상|공)고(?=\s?\d|\s?[일이삼]\s?학년|\s|$)/gu,
      '고등학교',
    )
    .replace(
      /(?<![가-힣ㄱ-ㅎ])([ㅊㅈㄱ])\s?(?=[1-6](?!\d))/gu,
      (_, c: string) => ({ ㅊ: '초', ㅈ: '중', ㄱ: '고' })[c] ?? c,
    )
    .replace(/쥬(?=\s?\d)|즁(?=\s?\d)/gu, '중')
    .replace(/고듷|고둥/gu, '고등')
    .replace(
      /(?<![가-힣])(초|중|고)\s?(원|투|쓰리)(?![가-힣])/gu,
      (_, level: string, n: string) => `${level}${{ 원: 1, 투: 2, 쓰리: 3 }[n] ?? ''}`,
    )
    .replace(/(초|중|고)(등)?\s(학교|학생)/gu, '$1$2$3')
    .replace(/([일이삼사오육\d])\s(학년)/gu, '$1$2')
    .replace(/(열|스물|서른)\s(하나|둘|셋|넷|다섯|여섯|일곱|여덟|아홉|한|두|세|네)/gu, '$1$2');
}

function gradeNumber(word: string): number {
  return /^\d$/u.test(word) ? Number(word) : (SINO_GRADE[word] ?? 0);
}

function levelOf(word: string): '초' | '중' | '고' {
  return word === '즁' ? '중' : (word as '초' | '중' | '고');
}

const shift = (grade: string, by: number): string => {
  const order = ['초1', '초2', '초3', '초4', '초5', '초6', '중1', '중2', '중3', '고1', '고2', '고3'];
  const i = order.indexOf(grade);
  return i < 0 ? grade : (order[Math.max(0, Math.min(order.length - 1, i + by))] ?? grade);
};

// Keep only what follows a correction ("중2 아니 중3", "고1..? 아 고2요") and drop next year's plans.
function currentPart(text: string): string {
  const last = afterCorrections(text);
  return (
    last
      .replace(/(?:이고|고)?\s?내년(?:에는?|이면|엔)?\s.*$/u, '')
      // "중2인데 곧 중3 돼요": what comes soon is not the grade now.
      .replace(/([초중고][1-6])\s?(?:인데|이고|고|이에요|예요)?\s곧\s.*$/u, '$1')
      // A brother's or sister's grade beside the child's ("위로 언니가 고2") is not the answer.
      .replace(
        /(?:언니|오빠|누나|형|동생)\s?(?:가|는|은|이|도)?\s?(?:[초중고]\S*\s?\d|[초중고][일이삼])\S*/gu,
        ' ',
      )
  );
}

function grades(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(GRADE)) {
    const level = levelOf(m[1] ?? m[3] ?? m[5] ?? '');
    const n = gradeNumber(m[2] ?? m[4] ?? m[6] ?? '');
    if (n < 1 || (level !== '초' && n > 3)) continue;
    found.push(`${level}${n}`);
  }
  return found;
}

function ageOf(text: string): Pick<AgeGrade, 'age' | 'ageKind'> {
  const numberWord = `(\\d{1,2}|${NATIVE_NUMBER})`;
  const man = new RegExp(
    `(?<![가-힣])만\\s?(?:나이\\s?(?:로|으로)?는?(?:요)?\\??\\s?|으로는?\\s?)?${numberWord}\\s?(?:세|살)?`,
    'u',
  ).exec(text);
  if (man?.[1]) {
    const age = /^\d/u.test(man[1]) ? Number(man[1]) : nativeValue(man[1]);
    if (age !== null) return { age, ageKind: 'man' };
  }
  const korean = new RegExp(
    `(?:한국\\s?나이|세는\\s?나이|우리\\s?나이)\\s?(?:로는?|는)?\\s?${numberWord}`,
    'u',
  ).exec(text);
  if (korean?.[1]) {
    const age = /^\d/u.test(korean[1]) ? Number(korean[1]) : nativeValue(korean[1]);
    if (age !== null) return { age, ageKind: 'korean' };
  }
  const plain = new RegExp(`(?<![가-힣\\d])${numberWord}\\s?(?:살|세)(?!반)`, 'u').exec(text);
  if (plain?.[1]) {
    const age = /^\d/u.test(plain[1]) ? Number(plain[1]) : nativeValue(plain[1]);
    if (age !== null) return { age, ageKind: 'plain' };
  }
  if (/^(?:스무|스물)(?:살)?$/u.test(text)) return { age: 20, ageKind: 'plain' };
  // A number standing alone beside a grade or a status ("고1 16", "자퇴함 17", "검정고시 준비해요 열여섯").
  const alone = new RegExp(
    `(?:^|\\s)(\\d{1,2}|${NATIVE_NUMBER})(?:이?요|이에요|예요|임)?(?=$|\\s)`,
    'u',
  ).exec(text);
  const value = alone?.[1] ? (/^\d/u.test(alone[1]) ? Number(alone[1]) : nativeValue(alone[1])) : null;
  // 한/두/세/네 alone are other words (one, two, yes); the grade's own number is gone by now.
  if (
    value !== null &&
    value >= 5 &&
    value <= 30 &&
    !/^(?:한|두|세|네|석|넉|서)$/u.test(alone?.[1] ?? '') &&
    !/grade|class|학년/u.test(text)
  ) {
    return { age: value, ageKind: 'plain' };
  }
  return {};
}

function birthYearOf(text: string): number | undefined {
  const full = /((?:19|20)\d{2})\s?년?(?:\s?\d{1,2}\s?월)?(?:\s?\d{1,2}\s?일)?\s?(?:생|에\s?태어|출생)/u.exec(
    text,
  );
  if (full?.[1]) return Number(full[1]);
  const short = /(?<!\d)(\d{2})\s?년(?:\s?\d{1,2}\s?월)?(?:\s?\d{1,2}\s?일)?\s?생/u.exec(text);
  if (short?.[1]) return Number(short[1]) + (Number(short[1]) > 50 ? 1900 : 2000);
  const words = /([이천백십일이삼사오육칠팔구]+)\s?년\s?생/u.exec(text);
  if (words?.[1]) {
    const value = sinoValue(words[1]);
    if (value && value > 1950 && value < 2100) return value;
  }
  return undefined;
}

// A grade number with no level: 4–6 can only be 초; 1–3 need an age to say which school.
function gradeFromBareYear(text: string, age: number | undefined): string | null {
  const m = /(?<![가-힣\d])(\d)\s?학년/u.exec(text);
  if (!m?.[1]) return null;
  const n = Number(m[1]);
  if (n >= 4 && n <= 6) return `초${n}`;
  if (n < 1 || n > 3 || age === undefined) return null;
  // Youngest age in that grade (만 나이 at the start of the year) up to two more (Korean age, late in the year).
  const candidates: Array<[string, number]> = [
    [`초${n}`, 6 + n],
    [`중${n}`, 12 + n],
    [`고${n}`, 15 + n],
  ];
  const hit = candidates.find(([, youngest]) => age >= youngest && age <= youngest + 2);
  return hit ? hit[0] : null;
}

// A step only thought about ("자퇴할까 고민중", "검정고시 볼까 해요", "자퇴하고 싶어요") has not been taken.
const CONSIDERED =
  /(?:할까|볼까|갈까|할지|볼지|하려고|보려고|하고\s?싶|할\s?생각|할\s?수도|를?\s?고민|\s?생각\s?중)/u;
function taken(text: string, word: RegExp): boolean {
  return [...text.matchAll(new RegExp(word.source, 'gu'))].some(
    (m) => !CONSIDERED.test(text.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 8)),
  );
}

// A place at university won but not yet begun ("대학 붙었어요", "수시 합격했어요"): still 고3 in December.
const ADMITTED =
  /대학\S*\s?(?:붙었|붙음|합격|갈\s?예정|입학\s?예정|들어갈\s?예정)|(?:수시|정시|대학)\s?(?:합격|붙)|예비\s?(?:대학생|새내기)|수능\s?(?:봤|끝났|쳤|본)/u;
// A school never gone on to ("중학교 안 갔어요", "중학교 진학 안 했어요"): out of school.
const NOT_GONE_ON =
  /(?:중|고등)학교\s?(?:는\s?)?(?:안|못)\s?(?:갔|가고|다녀|다님|다녔|들어갔)|진학\s?(?:안|못)\s?했/u;
// A first-year said by the school entered ("올해 중학교 들어간 신입생", "중학교 입학한"): that school's first grade.
function enteredThisYear(text: string): string | null {
  const m =
    /(초등|중|고등)학교\s?(?:에\s?)?(?:들어\s?(?:갔|간|왔|온)|올라\s?(?:갔|간|왔|온)|입학\s?(?:했|한))/u.exec(
      text,
    ) ?? /(초등|중|고등)(?:학교|학생)?\s?(?:신입생|새내기)/u.exec(text);
  const first = m?.[1] ? ({ 초등: '초1', 중: '중1', 고등: '고1' }[m[1]] ?? null) : null;
  return first && /작년/u.test(text) ? shift(first, 1) : first;
}

// Graduation still to come ("졸업 예정", "졸업을 앞두고"): the last year of that school.
function graduatingSoon(text: string): string | null {
  const m = /(초등|중|고등)?(?:학교|학생)?\s?졸업\s?(?:을\s?)?(?:예정|앞두|앞둔|앞둠|할\s?예정)/u.exec(text);
  if (!m) return null;
  if (m[1]) return { 초등: '초6', 중: '중3', 고등: '고3' }[m[1]] ?? null;
  // No school named: the grade said beside it ("중3 졸업 앞둔"), else the last year of high school.
  const said = grades(text);
  return said.length === 1 ? (said[0] ?? null) : '고3';
}

function statusGrade(text: string): string | null {
  if (/대학원/u.test(text)) return null;
  const soon = graduatingSoon(text);
  if (soon) return soon;
  if (NOT_GONE_ON.test(text)) return '학교 밖';
  const entered = enteredThisYear(text);
  if (entered) return entered;
  // 졸업 alone or from high school; "초등학교 졸업하고" is on the way to 중학교.
  if (/재수|삼수|n수|엔수|고졸|(?<!초등학교\s?|중학교\s?|초등\s?|(?<![가-힣])[초중]\s?)졸업/u.test(text))
    return '졸업';
  if (ADMITTED.test(text)) return '고3';
  if (/아직\s?학교|학교\s?(?:안|못)\s?들어\s?갔|취학\s?전|(?<!중학교\s?|고등학교\s?)입학\s?전/u.test(text))
    return '유치원';
  if (
    taken(text, /검정고시|자퇴|홈스쿨|학교\s?그만/u) ||
    /학교\s?밖|학교[를는]?\s?안\s?다[녀님니녔닙]/u.test(text)
  )
    return '학교 밖';
  if (
    /(?<![가-힣])대\s?[1-4](?![0-9])|대학\s?[1-4]\s?학년|대학생|대학교|대학\s?다니|대학\s?(?:갔|들어\s?갔|입학)|전문대|새내기|복학|신입생|휴학\s?중|대딩/u.test(
      text,
    )
  )
    return '대학생';
  if (/내년(?:에는?|이면|엔)?\s?초등학교|초등학교\s?(?:들어가요|입학\s?(?:예정|전))/u.test(text))
    return '유치원';
  if (
    /예비\s?중1|곧\s?중학생|중학교\s?(?:올라가요|들어가요|들어갈|입학해요|입학할|입학\s?예정|입학\s?전)/u.test(
      text,
    )
  )
    return '초6';
  if (
    /예비\s?고1|곧\s?고등학생|고등학교\s?(?:올라가요|들어가요|들어갈|입학해요|입학할|입학\s?예정|입학\s?전)/u.test(
      text,
    )
  )
    return '중3';
  if (/유치원/u.test(text)) return '유치원';
  return null;
}

// Only next year's school or grade said ("내년에 고등학생 돼요", "내년에 초5 올라가요", "내년에 대학 가요"):
// the year before it now.
function nextYear(raw: string): string | null {
  const grade = /내년(?:에는?|이면|엔)?\s?(?:는\s)?([초중고][1-6])(?![0-9])/u.exec(raw);
  if (grade?.[1] && grades(grade[1]).length === 1)
    return shift(grade[1], -1) === grade[1] ? '유치원' : shift(grade[1], -1);
  if (/내년(?:에는?|이면|엔)?\s?(?:는\s)?(?:대학|대학교|대학생|새내기|신입생)/u.test(raw)) return '고3';
  const m = /내년(?:에는?|이면|엔)?\s?(?:는\s)?(초등|중|고등)(?:학교|학생)/u.exec(raw);
  if (!m?.[1]) return null;
  return { 초등: '유치원', 중: '초6', 고등: '중3' }[m[1]] ?? null;
}

/** Parses an age, a grade or a birth year (any that are given); null when none is, or it is unclear. */
export function parseAgeGrade(typed: string): AgeGrade | null {
  const text = answerInKorean(typed, 'age_grade');
  const raw = schoolWords(stripHedges(glueParticles(normaliseAnswer(text))));
  if (!raw) return null;
  const body = currentPart(raw)
    .replace(/\d+\s?반(?![가-힣])/gu, ' ')
    .replace(/\d+\s?번(?![가-힣])/gu, ' ')
    .replace(/\d+\s?세반/gu, ' ')
    .replace(/(\d+)\s?개월/gu, ' ');
  const result: AgeGrade = {};

  const status = statusGrade(body) ?? nextYear(raw);
  const found = status && status !== '유치원' && status !== '대학생' ? [] : grades(body);
  const distinct = [...new Set(found)];
  if (distinct.length > 1) return null;
  const age = ageOf(body.replace(GRADE, ' '));
  if (distinct[0]) {
    // "고2 올라가요" is next year's grade; "올해 올라감", "작년에 중2였음" say where the child is now.
    const moveUp =
      (/올라가요|올라갑니다|올라가는|올라갈|올라감/u.test(body) && !/올해|이번에|올라갔/u.test(body)) ||
      (/내년/u.test(body) && /되는데|돼요|됩니다|되요|올라/u.test(body));
    const lastYear = /작년에?는?\s/u.test(body) && /였|이었/u.test(body);
    result.grade = moveUp ? shift(distinct[0], -1) : lastYear ? shift(distinct[0], 1) : distinct[0];
  } else if (status) {
    result.grade = status;
  } else {
    // The school and the year said apart ("고등학생이고 1학년").
    const level = /(초등|중|고등)(?:학교|학생)/u.exec(body)?.[1];
    const year = Number(/(?<![가-힣\d])([1-6])\s?학년/u.exec(body)?.[1] ?? NaN);
    const apart = level && year >= 1 && (level === '초등' || year <= 3) ? `${level[0] ?? ''}${year}` : null;
    const bareYear = apart ?? gradeFromBareYear(body, age.age);
    if (bareYear) result.grade = bareYear;
  }
  if (age.age !== undefined && age.age > 0 && age.age < 40) Object.assign(result, age);
  const birthYear = birthYearOf(body);
  if (birthYear !== undefined) result.birthYear = birthYear;

  if (Object.keys(result).length === 0) {
    const bare = /^(\d{1,4})$/u.exec(body.replace(/(?:이?요|살|세)$/u, ''));
    if (bare?.[1]) {
      const n = Number(bare[1]);
      if (n >= 1950 && n <= 2100) return { birthYear: n };
      if (n >= 1 && n <= 30) return { age: n, ageKind: 'plain' };
    }
    const native = new RegExp(`^(${NATIVE_NUMBER})(?:이?요)?$`, 'u').exec(body);
    const value = native?.[1] ? nativeValue(native[1]) : null;
    if (value !== null && value >= 5 && !/^(?:한|두|세|네|석|넉|스무)$/u.test(native?.[1] ?? '')) {
      return { age: value, ageKind: 'plain' };
    }
    return null;
  }
  return result;
}
