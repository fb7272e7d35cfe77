/**
 * Which of N offered options a typed answer picks: the label or a distinctive part of it ("퀴즈" for
 * "오늘의 퀴즈", "고등" for "고등학생"), a one-letter typo ("영여"), its 초성 ("ㄴㅈㅇ" for "나중에"),
 * "2번"/"두 번째"/"③", or a bare number. A bare number is an option index only where it cannot be the
 * value itself: for ["2명","3명","4명","5명 이상"] "4" means four people (index 2), for ["12","15","18",
 * "21"] "18" is the label and "4" the fourth. Counts, times and grades are read by the other parsers, so
 * "남편 저 애 둘" picks "4명" and "다섯시" picks "오후 5시". Null when nothing or several options match.
 */
import {
  afterCorrections,
  asksBack,
  editDistance,
  expandInitials,
  glueParticles,
  normaliseAnswer,
  stripEnding,
} from './normalise';
import { NATIVE_UNITS, nativeValue, ordinalValue, spelledDigits, sinoValue } from './korean-numbers';
import { parseCount } from './count';
import { parseTimeOfDay } from './time-of-day';
import { parseAgeGrade, schoolWords } from './age-grade';
import { parseYesNo } from './yes-no';

export interface MatchOptionSettings {
  /** True when a bare number n is itself an answer (a count, a label), not an option's position. */
  isValue?: (n: number) => boolean;
}

const squash = (text: string): string => normaliseAnswer(text).replace(/[\s.,!?~()]+/gu, '');
const CIRCLED = '①②③④⑤⑥⑦⑧⑨';
// Everyday words for what an option offers, keyed by a word of the option's label.
const SYNONYMS: Array<[RegExp, RegExp]> = [
  [
    /학부모|보호자|부모/u,
    /엄마|아빠|맘|보호자|학부모|부모|할머니|할아버지|어머니|아버지|양육|parent|mom|dad|guardian/u,
  ],
  [/^학생/u, /student|[초중고대]딩|(?<![가-힣])[초중고][1-6](?!\d)|[초중고]등학생/u],
  [/퀴즈/u, /퀴즈|문제\s?풀|문제\s?줘/u],
  [/자격/u, /자격|받을\s?수|대상|신청할\s?수|해당|(?:할|될|들을|쓸)\s?수\s?있|되는지|가능한지|조건/u],
  [/상담|고민/u, /고민|힘들|힘든|우울|속상|털어놓/u],
  // "알려줘" and "뭐야" ask for the introduction only about the programme or alone ("오늘 급식 알려줘" is not).
  [
    /안내|소개/u,
    /소개|설명|(?:서울런|프로그램|이거|그거|이게|그게|여기|거기|자세히|더)\S*\s?(?:뭐|뭔|좀\s?알려|알려)|^(?:뭐예요|뭐야|뭔가요|뭐에요|알려)/u,
  ],
  [/나중/u, /나중|이따|있다가|패스|다음에|담에|바빠|바쁘/u],
  [/카카오/u, /카톡|kakao/u],
  [/문자/u, /sms|메시지|message|text/u],
  [/이메일/u, /메일|email|e-mail/u],
  [/전화/u, /통화|call|phone/u],
  [/그만/u, /그만|안\s?받을|안\s?받기|끊|중단|보내지\s?마/u],
  [/매일/u, /날마다|매일|daily|every\s?day/u],
  // Subjects by their older or narrower names ("산수", "물리", "한국사", "문법").
  [/수학/u, /math|수학|산수|셈|연산|미적분|기하|확률/u],
  [/영어/u, /english|영어|영단어|영문법|회화/u],
  [/과학/u, /과탐|science|물리|화학|생물|생명과학|지구과학/u],
  [/사회/u, /사탐|social|역사|한국사|세계사|지리|정치|경제|윤리/u],
  [/국어/u, /korean|문학|독서|문법|맞춤법/u],
  [/선생님/u, /쌤|샘/u],
  [/받지\s?않|그만|안\s?받/u, /안\s?받|그만|끊|필요\s?없/u],
  [/보통/u, /중간|적당|보통|normal/u],
  [/쉬움|쉬운|쉽/u, /쉽|쉬운|easy/u],
  [/어려움|어려운|어렵/u, /어렵|어려운|hard|difficult/u],
  [/english/iu, /영어|영문|english/u],
  [/한국어/u, /한국|korean/u],
  [/tiếng việt|vietnam/iu, /베트남|vietnam|tieng|tiếng/u],
  [/中文|중국/u, /중국|chinese|中文/u],
];
const SCHOOL_LEVELS: Array<[RegExp, RegExp]> = [
  [/초등/u, /초등|초딩|(?<![가-힣])초\s?\d/u],
  [/중학/u, /중학|중딩|(?<![가-힣])(?:즁|중)\s?\d(?=\D|$)/u],
  [/고등/u, /고등|고딩|(?<![가-힣])고\d/u],
  [/대학/u, /대학|(?<![가-힣])대\d|새내기|대딩/u],
  [/유치원/u, /유치원/u],
];

const GRADE_SCHOOL: Record<string, string> = { 초: '초등', 중: '중학', 고: '고등' };

const initials = (word: string): string =>
  [...word]
    .map((c) => {
      const code = c.charCodeAt(0) - 0xac00;
      return code >= 0 && code < 11172 ? 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ'[Math.floor(code / 588)] : c;
    })
    .join('');

/** The position an answer names: its index, -1 when it names several, null when it names none. */
function ordinalIndex(said: string, count: number): number | null {
  // "2번이랑 3번 중에 3번": what follows 중에 is the pick.
  const text = said.split(/\s?중에서?\s/u).pop() ?? said;
  const circled = [...text].map((c) => CIRCLED.indexOf(c)).find((i) => i >= 0);
  if (circled !== undefined) return circled < count ? circled : null;
  // "2, 3번", "1이랑 2번": two positions at once.
  if (/\d\s?(?:,|와|과|이랑|랑|하고|번\s?(?:이랑|랑|하고|,))\s?\d\s?번/u.test(text)) return -1;
  // The last and the first by where they stand ("마지막 거", "맨 끝", "맨 위").
  if (/마지막|맨\s?(?:끝|아래|밑)|제일\s?(?:끝|아래|밑)/u.test(text)) return count - 1;
  if (/맨\s?(?:위|앞|처음)|제일\s?(?:위|앞|처음)/u.test(text)) return 0;
  const sino = /(?<![가-힣])([일삼사오육칠팔구])\s?번(?!째)/u.exec(text);
  const numbered =
    /(\d+)\s?번(?!째)/u.exec(text) ?? (sino?.[1] ? [sino[0], String(sinoValue(sino[1]))] : null);
  // "둘째는 초등" names a child, so 째 alone counts only as the whole answer ("첫째", "세번째꺼").
  const word =
    /(첫|한|두|세|네|다섯|여섯|일곱|여덟|\d+)\s?번\s?째/u.exec(text) ??
    /^(첫|둘|셋|넷|두|세|네|다섯)\s?(?:번\s?)?째(?:꺼|거|요|이요)?$/u.exec(text);
  const n = numbered ? Number(numbered[1]) : word ? (ordinalValue(word[1] ?? '') ?? Number(word[1])) : null;
  return n !== null && n >= 1 && n <= count ? n - 1 : null;
}

const countValue = (label: string): { n: number; orMore: boolean; people: boolean } | null => {
  const m = /^(\d+)\s?(명|개|문제|번|회|권)(\s?이상)?$/u.exec(label.trim());
  return m ? { n: Number(m[1]), orMore: Boolean(m[3]), people: m[2] === '명' } : null;
};

function byCount(text: string, options: readonly string[]): number | null {
  const values = options.map(countValue);
  if (values.some((v) => v === null)) return null;
  const n = parseCount(text, { subject: values.every((v) => v?.people) ? 'household' : 'items' });
  if (n === null) return null;
  const exact = values.findIndex((v) => v?.n === n && !v.orMore);
  if (exact >= 0) return exact;
  const more = values.findIndex((v) => v?.orMore && n >= v.n);
  return more >= 0 ? more : -1;
}

function byTime(text: string, options: readonly string[]): number | null {
  const times = options.map((o) => parseTimeOfDay(o, { bareHourIsAfternoon: true }));
  if (times.some((t) => t === null) || !/시|:/u.test(text)) return null;
  const t = parseTimeOfDay(text, { bareHourIsAfternoon: true });
  if (!t) return null;
  const i = times.findIndex((o) => o?.hour === t.hour && o.minute === t.minute);
  return i >= 0 ? i : -1;
}

function bySchoolLevel(said: string, options: readonly string[]): number | null {
  const text = schoolWords(said);
  const levels = options.map((o) => SCHOOL_LEVELS.findIndex(([label]) => label.test(o)));
  if (levels.filter((l) => l >= 0).length < 3) return null;
  const grade = parseAgeGrade(text)?.grade;
  if (grade === '졸업' || grade === '학교 밖') return -1;
  const named = SCHOOL_LEVELS.map(([, says], i) => (says.test(text) ? i : -1)).filter((i) => i >= 0);
  // A grade without the school's name ("5학년" can only be 초등) names its school through the grade.
  const byGrade = grade
    ? SCHOOL_LEVELS.findIndex(([label]) => label.test(GRADE_SCHOOL[grade[0] ?? ''] ?? grade))
    : -1;
  const hits = named.length === 0 && byGrade >= 0 ? [byGrade] : named;
  if (hits.length !== 1) return hits.length > 1 ? -1 : null;
  const candidates = levels.flatMap((l, i) => (l === hits[0] ? [i] : []));
  if (candidates.length <= 1) return candidates[0] ?? null;
  // Several options for one school ("초등 1~3학년", "초등 4~6학년"): the grade picks the range.
  const year = Number(/\d/u.exec(grade ?? '')?.[0] ?? NaN);
  const inRange = candidates.filter((i) => {
    const range = /(\d)\s?[~-]\s?(\d)/u.exec(options[i] ?? '');
    return range ? year >= Number(range[1]) && year <= Number(range[2]) : false;
  });
  return inRange.length === 1 ? (inRange[0] ?? null) : -1;
}

// Synonyms that name an option outright (2.5) or only lean towards it (a tie-breaker).
const STRONG = 2.5;
const LEAN = 0.1;
const synonymScore = (option: string, said: string): number =>
  SYNONYMS.reduce((best, [key, says]) => {
    if (!key.test(option) || !says.test(said)) return best;
    return Math.max(best, /선생님/u.test(key.source) ? LEAN : STRONG);
  }, 0);

// The word's letters in the label's order, from its first ("카톡" for 카카오톡, "오퀴" for 오늘의 퀴즈): an
// abbreviation as people make them.
function abbreviates(word: string, label: string): boolean {
  if (word.length < 2 || word.length >= label.length || word[0] !== label[0]) return false;
  let at = 0;
  for (const c of word) {
    at = label.indexOf(c, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}

const PARTICLE_END = /(?:으로|로|이랑|랑|은|는|을|를|이요|요)$/u;

// 초성 typed for a label or one of its words ("ㅎㅅ" for 학생이에요, "ㄱㅊㅂㅅ" for 국채 보상 운동, "ㅋㅌ" for 카카오톡).
function initialsName(jamo: string, label: string, parts: readonly string[]): boolean {
  // Greetings and the like (ㅎㅇ, ㅂㅂ, ㄳ) are words of their own, not a label's letters.
  if (jamo.length < 2 || expandInitials(jamo) !== jamo) return false;
  const all = initials(label);
  return all.startsWith(jamo) || parts.some((p) => initials(p).startsWith(jamo)) || abbreviates(jamo, all);
}

// Words that are negated where they stand ("학부모 아님", "이메일은 없고", "문자는 잘 못 봐요", "말고"):
// an option named there is the one not wanted.
const NEGATOR =
  /^(?:아님|아니|아니고|아니에요|아닌|아닌가요|아니라|없고|없어|없어요|없음|말고|못|싫어|싫고|별로|않)/u;
function wantedWords(words: readonly string[]): string[] {
  const kept = words.filter((word, i) => {
    if (/.(?:아님|아니고|아니라|말고)$|지않/u.test(word)) return false;
    // "안 풀래", "못 받아요": the word after 안/못 is what is refused.
    if (/^(?:안|못)$/u.test(words[i - 1] ?? '')) return false;
    const next = words.slice(i + 1, i + 3);
    return !(NEGATOR.test(next[0] ?? '') || (next[0] === '잘' && NEGATOR.test(next[1] ?? '')));
  });
  return kept.length > 0 ? kept : [...words];
}

// One substituted letter in a word of the same length ("영여", "학셍", "쿠즈").
const typo = (a: string, b: string): boolean =>
  a.length >= 2 && a.length === b.length && editDistance(a, b) === 1;

/**
 * Scores each option by how the answer names it: the whole label (3), a synonym (2.5), a word or prefix
 * of it (2, plus a little per further word matched), its 초성 (2), a one-letter typo (1.5 for a word,
 * 1 for a prefix). Returns the options with the best score.
 */
function byLabel(text: string, options: readonly string[]): number[] {
  const allWords = normaliseAnswer(text).split(/\s+/u).filter(Boolean);
  const rawWords = wantedWords(allWords);
  const said = squash(rawWords.join(' '));
  const saidStem = stripEnding(said);
  const words = rawWords.map(stripEnding);
  const jamo = /^[ㄱ-ㅎ]+/u.exec(said)?.[0] ?? '';
  const scores = options.map((option) => {
    const label = squash(option);
    if (said === label || saidStem === label || (label.length >= 2 && said.includes(label))) return 3;
    // Most of the label said as one piece ("청소년 상담" for "1388 청소년상담").
    if (said.length >= 3 && label.includes(saidStem.length >= 3 ? saidStem : said)) return 2.8;
    const parts = normaliseAnswer(option)
      .split(/\s+/u)
      .map(stripEnding)
      .filter((p) => p.length >= 2);
    const names = (w: string, p: string): boolean =>
      w.length >= 2 && (w === p || p.startsWith(w) || w.startsWith(p) || p.includes(w));
    // Parts of the label named, or the answer's words found in it ("청소년 상담" names one part twice).
    const named = Math.max(
      parts.filter((p) => words.some((w) => names(w, p))).length,
      words.filter((w) => parts.some((p) => names(w, p))).length,
    );
    let score = 0;
    const sharesStem = parts.some((p) =>
      words.some((w) => w.length >= 2 && p.length >= 2 && w.slice(0, 2) === p.slice(0, 2)),
    );
    if (named > 0) score = 2 + LEAN * (named - 1);
    else if (sharesStem) score = 2;
    else if (saidStem.length >= 1 && label.length >= 2 && label.startsWith(saidStem)) score = 2;
    else if (initialsName(jamo, label, parts)) score = 2;
    else if (words.some((w) => abbreviates(w, label) || abbreviates(w.replace(PARTICLE_END, ''), label)))
      score = 2;
    else if ([...words, ...rawWords].some((w) => parts.some((p) => typo(w, p)))) score = 1.5;
    else if (saidStem.length >= 3 && typo(saidStem, label.slice(0, saidStem.length))) score = 1;
    // An option that is itself a refusal is named by the refusing words too ("이제 안 받을래").
    const refusal = /그만|안\s?받|받지\s?않/u.test(option);
    const synonym = Math.max(synonymScore(option, said), refusal ? synonymScore(option, squash(text)) : 0);
    return synonym === STRONG ? Math.max(score, STRONG) : score + synonym;
  });
  const best = Math.max(...scores);
  if (best < 1) return [];
  return scores.flatMap((s, i) => (s === best ? [i] : []));
}

// What is left after a correction ("4번 아니 3번"), an answer marker ("… 답은 국채보상") and guessing
// words in front ("몰라 찍음 1").
function answerPart(text: string): string {
  const corrected = afterCorrections(text);
  const marked = corrected.split(/(?:^|\s)정?답은?\s/u).pop() ?? corrected;
  const picked = marked.trim() === '' ? corrected : marked;
  return picked.replace(/^(?:(?:몰라|모르겠어|모르겠는데|찍음|찍을게|찍어|그냥|걍|아마)\s)+(?=\S)/u, '');
}

/** Index of the option the answer picks, or null when it picks none or is ambiguous. */
export function matchOption(
  text: string,
  options: readonly string[],
  settings: MatchOptionSettings = {},
): number | null {
  // Everyday forms of what labels say: "수욜" → 수요일, "일주일에 한 번" → 주 1회.
  const raw = answerPart(glueParticles(normaliseAnswer(text)))
    // A stray letter inside a word ("영ㅇ어") and old or regional school names ("국민 학교", "중핵교").
    .replace(/(?<=[가-힣])[ㄱ-ㅎ](?=[가-힣])/gu, '')
    .replace(/욜(?![가-힣])/gu, '요일')
    .replace(
      /(?:일주일|한\s?주)에\s?(한|두|세|네|\d)\s?번/u,
      (_, n: string) => `주 ${NATIVE_UNITS[n] ?? n}회`,
    );
  if (!raw || options.length === 0) return null;
  const numericLabels = options.map((o) => (/^\d+$/u.test(o.trim()) ? Number(o) : null));
  const native = /^(하나|둘|셋|넷|다섯|여섯)(?:이?요)?$/u.exec(raw);
  const bare =
    /^(?:정?답은?\s?)?(\d{1,2})(?:번|이?요)?$/u.exec(raw) ??
    (native?.[1] ? [native[0], String(nativeValue(native[1]))] : null);
  // "3" when "3" is a label and the third option is another number: either could be meant.
  if (bare && !/번/u.test(raw)) {
    const n = Number(bare[1]);
    const asLabel = numericLabels.indexOf(n);
    if (asLabel >= 0 && n >= 1 && n <= options.length && asLabel !== n - 1) return null;
  }
  const exact = options.findIndex((o) => squash(o) === squash(raw));
  if (exact >= 0) return exact;
  // A greeting is not a pick, however close it looks to a label ("안녕" / "안내").
  if (/^(?:안녕|하이|hi|hello|ㅎㅇ|고마워|감사)/u.test(raw) && !options.some((o) => /안녕|감사/u.test(o)))
    return null;
  if (
    /둘\s?다|모두|전부|다\s싫|빼고\s?다|아무나|아무도|아무거나|아무때나/u.test(raw) &&
    !options.some((o) => /아무|모두|전부|둘\s?다/u.test(o))
  ) {
    return null;
  }

  const ordinal = ordinalIndex(raw, options.length);
  if (ordinal !== null) return ordinal >= 0 ? ordinal : null;

  // Spoken numbers: Sino-Korean ("십팔", "일삼팔팔") and native from ten up ("스물하나"; 하나–여섯 are positions).
  const nativeTen = (w: string): number | null => {
    const n = nativeValue(w);
    return n !== null && n >= 10 ? n : null;
  };
  const spoken = raw
    .split(/\s+/u)
    .map((w) => spelledDigits(stripEnding(w)) ?? sinoValue(stripEnding(w)) ?? nativeTen(stripEnding(w)));
  const numbers = [
    ...(raw.match(/\d+/gu) ?? []).map(Number),
    ...spoken.filter((n): n is number => n !== null),
  ];
  const labelHit = numbers
    .map((n) =>
      options.findIndex(
        (o) => o.trim() === String(n) || (new RegExp(`(?<!\\d)${n}(?!\\d)`, 'u').test(o) && n >= 100),
      ),
    )
    .find((i) => i >= 0);
  if (labelHit !== undefined) return labelHit;

  const isCountList = options.every((o) => countValue(o) !== null);
  const isValue = settings.isValue ?? ((n: number) => isCountList || numericLabels.includes(n));
  if (bare) {
    const n = Number(bare[1]);
    if (!isValue(n)) return n >= 1 && n <= options.length ? n - 1 : null;
  }
  for (const reader of [byCount, byTime, bySchoolLevel]) {
    const found = reader(raw, options);
    if (found !== null) return found >= 0 ? found : null;
  }
  if (bare) return null;

  // A question about how many, how much or when ("문제 몇 개예요?") asks about an option, never picks it.
  if (asksBack(text) && /몇|얼마|언제/u.test(raw)) return null;
  // A question back names an option only through what it asks for ("서울런이 뭐예요?" → 안내).
  if (asksBack(text) && !SYNONYMS.some(([key, says]) => options.some((o) => key.test(o)) && says.test(raw)))
    return null;
  const hits = byLabel(raw, options);
  if (hits.length === 1) return hits[0] ?? null;
  if (hits.length > 1) return null;
  if (asksBack(text)) return null;
  const yesNo = parseYesNo(raw);
  // Only options that are themselves a plain yes or no ("네", "아니요") take a typed yes or no: "싫어" to
  // "지금 풀기 / 나중에 / 퀴즈 그만 받기" is not a request to unsubscribe.
  const plain = (o: string): boolean => squash(o).length <= 5;
  const same = yesNo ? options.flatMap((o, i) => (plain(o) && parseYesNo(o) === yesNo ? [i] : [])) : [];
  if (same.length === 1) return same[0] ?? null;
  if (yesNo === 'unsure') {
    const i = options.findIndex((o) => parseYesNo(o) === 'unsure' || /모르/u.test(o));
    if (i >= 0) return i;
  }
  if (yesNo === 'yes') {
    const i = options.findIndex((o) => /^(지금|네|예|좋아|시작|할래)/u.test(o.trim()));
    if (i >= 0) return i;
  }
  return null;
}
