import { disassemble } from 'es-hangul';
import { choseongOf, latinWords, ngrams, type Channel } from './korean-text';

/**
 * Weighted features of a question. Documents are indexed with plain grams (korean-text.ts); the
 * question side knows more: a question is mostly topic words plus endings and question words
 * ("…은 어떻게 신청해요?"). Grams that lie in an ending, a particle or a question word still count,
 * but little, so "어떻게"/"해요" cannot outvote the one topic word; grams that join two words
 * across a space count half (they rescue "서울 런" but are mostly noise such as "요서").
 */

/** Weight of every gram by channel (the largest weight wins when a gram occurs twice). */
export type WeightedTerms = Record<Channel, Map<string, number>>;

/** How much each kind of question material counts. */
export interface QueryWeights {
  /** A gram touching an ending, particle or question word. */
  functional: number;
  /** A gram made of two topic words' edges across a space. */
  crossSpace: number;
  /** Grams of canonical terms the synonym list added. */
  synonym: number;
}

/**
 * Question words, fillers and endings that stand as words of their own. Everyday Korean, not taken
 * from any evaluation question: what people put around the topic of any question.
 */
const FUNCTION_WORDS = new Set(
  (
    '뭐 뭐야 뭐예요 뭐에요 뭐임 뭔가요 뭔데 뭐지 머 머야 머에요 머임 무엇 무엇인가요 뭐가 뭘 뭐해 뭐하는 ' +
    '어떻게 어떡해 어떡하죠 어케 어떻게요 어떤 어떻 어때 어때요 어떤가요 ' +
    '안녕 안녕하세요 안녕하십니까 하이 ㅎㅇ 여보세요 저기요 감사합니다 고마워요 ' +
    '좀 좀요 설명 설명좀 설명해줘 설명해주세요 알려줘 알려주세요 알려줄래 가르쳐줘 궁금해요 궁금해 궁금합니다 ' +
    '있어 있어요 있나 있나요 있어여 있음 있니 있는 있는지 있을까 있을까요 있죠 없어 없어요 없나요 없나 ' +
    '돼 돼요 되나요 되나 되요 될까요 되는 되는지 돼나요 ' +
    '해 해요 해줘 해주세요 하나요 하나여 하는 하는지 할까요 할수 할 수 있어 ' +
    '주세요 줘 줘요 싶어요 싶어 싶은데 싶은 ' +
    '이거 그거 저거 이건 그건 여기 거기 저기 이게 그게 거 건 게 것 ' +
    '저 제가 저는 나 내가 난 나는 우리 저희 ' +
    '진짜 정말 혹시 그냥 막 다 또 근데 그럼 그러면 그리고 아 음 네 예 말고 말구 ' +
    '처음 요즘 지금 혹시요 정확히 자세히 대체 도대체 뭐뭐 어케함 어떻게함 ' +
    '맞아 맞아요 맞나요 맞죠 인가요 건가요 거예요 거에요 건데 거야 거임 인데 는데 던데 다던데 래요 대요 ' +
    '누가 누구 어디 어디서 어디에 어디로 언제 왜 얼마 얼마나 몇 무슨 어느 정도 어느정도'
  ).split(/\s+/),
);

/** Function words that are recognised inside a word typed without spaces. */
const INNER_FUNCTION_WORDS = [
  '어떻게',
  '어떡해',
  '어케',
  '뭐예요',
  '뭐에요',
  '뭐야',
  // The same question words as people misspell them or clip them ("서울런머에요", "멘토링뭐임").
  '머에요',
  '머예요',
  '뭐임',
  '머임',
  '뭔가요',
  '알려줘',
  '알려주세요',
  '싶어요',
  '있나요',
  '있어요',
  '할수있',
];

/**
 * Endings and particles at the end of a word, longest first. A one-syllable ending is only stripped
 * while two syllables remain, so "정지", "동의" or "아이" keep their last syllable; a longer one
 * may leave one ("명이나" → 명).
 */
const ENDINGS = (
  '할수있어요 할수있나요 할수있어 할수있나 할수있는 수있어요 수있나요 수있어 ' +
  '하고싶어요 하고싶은데 하고싶어 하려면 해주세요 해야돼요 해야되나요 해야돼 해야하나요 해야해요 ' +
  '어봐요 어봐 봐요 이라는거 ' +
  '했는데요 했는데 했어요 했어 했다가 하는법 하는거 하는데 하나요 하나여 하는지 할까요 할래요 ' +
  '되나요 되는지 되는거 됐는데 됐어요 됐나요 될까요 돼나요 돼요 되요 된대 된다던데 된다는데 ' +
  '인가요 인데요 이에요 이예요 이라는거 이라는 라는거 라는 이래요 이래 이야 이냐 이니 이지 인지 ' +
  '뭐예요 뭐에요 머예요 머에요 뭐임 머임 뭐야 머야 ' +
  '예요 에요 에여 이여 임 함 ' +
  '다던데 던데요 던데 는데요 는데 은데 인데 ' +
  '해요 해여 해줘 해 하고 하면 하나 ' +
  '어요 아요 나요 까요 냐 니 죠 지요 ' +
  '에서는 에서도 에서 으로는 으로 로는 에게 한테 까지 부터 이랑 랑 ' +
  '은요 는요 이요 이나 ' +
  '은 는 이 가 을 를 도 만 에 로 의 요 야'
)
  .split(/\s+/)
  .sort((a, b) => b.length - a.length);

interface Syllable {
  char: string;
  token: number;
  content: boolean;
}

/** Splits a Hangul word into its topic part and its ending; function words are all ending. */
export function splitEnding(word: string): { stem: string; ending: string } {
  // A word that is nothing but an ending ("이라는거" typed apart) is function material too.
  if (FUNCTION_WORDS.has(word) || ENDINGS.includes(word)) return { stem: '', ending: word };
  let stem = word;
  let stripped = true;
  while (stripped) {
    stripped = false;
    if (FUNCTION_WORDS.has(stem)) return { stem: '', ending: word };
    for (const ending of ENDINGS) {
      if (stem.length - ending.length >= (ending.length >= 2 ? 1 : 2) && stem.endsWith(ending)) {
        stem = stem.slice(0, -ending.length);
        stripped = true;
        break;
      }
    }
  }
  return { stem, ending: word.slice(stem.length) };
}

/** The syllables of a question with, for each, whether it belongs to a topic word. */
function syllables(normalized: string): Syllable[] {
  const out: Syllable[] = [];
  normalized.split(' ').forEach((token, tokenIndex) => {
    const hangul = (token.match(/[가-힣0-9]+/g) ?? []).join('');
    if (hangul.length === 0) return;
    const { stem, ending } = splitEnding(hangul);
    const isFunction = new Array<boolean>(stem.length).fill(false);
    // Question words inside a word typed without spaces ("서울런멘토링어떻게신청해").
    for (const inner of INNER_FUNCTION_WORDS) {
      let at = stem.indexOf(inner);
      while (at >= 0) {
        for (let i = at; i < at + inner.length; i += 1) isFunction[i] = true;
        at = stem.indexOf(inner, at + inner.length);
      }
    }
    [...stem].forEach((char, i) => out.push({ char, token: tokenIndex, content: !isFunction[i] }));
    for (const char of ending) out.push({ char, token: tokenIndex, content: false });
  });
  return out;
}

const setMax = (map: Map<string, number>, term: string, weight: number): void => {
  if (weight > (map.get(term) ?? 0)) map.set(term, weight);
};

/** Weight of a gram covering syllables [from, to]: topic within one word 1, else less. */
function spanWeight(list: Syllable[], from: number, to: number, weights: QueryWeights): number {
  let content = true;
  let oneToken = true;
  for (let i = from; i <= to; i += 1) {
    const s = list[i]!;
    if (!s.content) content = false;
    if (s.token !== list[from]!.token) oneToken = false;
  }
  if (!content) return weights.functional;
  return oneToken ? 1 : weights.crossSpace;
}

function addHangul(out: WeightedTerms, list: Syllable[], weights: QueryWeights, scale: number): void {
  if (list.length === 1) setMax(out.syllable, list[0]!.char, scale * spanWeight(list, 0, 0, weights));
  for (let i = 0; i + 1 < list.length; i += 1)
    setMax(out.syllable, list[i]!.char + list[i + 1]!.char, scale * spanWeight(list, i, i + 1, weights));
  // Jamo trigrams, each mapped back to the syllables it spans.
  const jamo: { j: string; s: number }[] = [];
  list.forEach((s, index) => {
    if (/[0-9]/.test(s.char)) return;
    for (const j of disassemble(s.char)) jamo.push({ j, s: index });
  });
  if (jamo.length > 0 && jamo.length < 3)
    setMax(
      out.jamo,
      jamo.map((x) => x.j).join(''),
      scale * spanWeight(list, jamo[0]!.s, jamo.at(-1)!.s, weights),
    );
  for (let i = 0; i + 3 <= jamo.length; i += 1) {
    setMax(
      out.jamo,
      jamo[i]!.j + jamo[i + 1]!.j + jamo[i + 2]!.j,
      scale * spanWeight(list, jamo[i]!.s, jamo[i + 2]!.s, weights),
    );
  }
}

function addLatin(out: WeightedTerms, text: string, scale: number): void {
  for (const w of latinWords(text)) {
    setMax(out.word, w, scale);
    for (const g of ngrams(`_${w}_`, 3)) setMax(out.latinGram, g, scale);
  }
}

const emptyTerms = (): WeightedTerms => ({
  syllable: new Map(),
  jamo: new Map(),
  choseong: new Map(),
  word: new Map(),
  latinGram: new Map(),
});

/** Weighted terms of an ordinary (not 초성) question plus the canonical terms synonyms added. */
export function weightedQueryTerms(
  normalized: string,
  canonicals: readonly string[],
  weights: QueryWeights,
): WeightedTerms {
  const out = emptyTerms();
  addHangul(out, syllables(normalized), weights, 1);
  addLatin(out, normalized, 1);
  for (const canonical of canonicals) {
    // Each canonical on its own: no grams glued to the question's last word.
    addHangul(out, syllables(canonical), weights, weights.synonym);
    addLatin(out, canonical, weights.synonym);
  }
  return out;
}

/** Words typed as bare consonants ("ㅅㅇㄹ"), not laughter or crying ("ㅋㅋㅋ", "ㅎㅎ"). */
export function consonantWords(normalized: string): string[] {
  return normalized.split(' ').filter((token) => /^[ㄱ-ㅎ]{2,}$/.test(token) && new Set(token).size > 1);
}

/** Terms of a 초성 question ("ㅅㅇㄹ 뭐임"): the consonant words only, as bigrams and trigrams. */
export function choseongQueryTerms(
  normalized: string,
  canonicals: readonly string[],
  weights: QueryWeights,
): WeightedTerms {
  const out = emptyTerms();
  for (const token of consonantWords(normalized)) {
    for (const g of ngrams(choseongOf(token), 2)) setMax(out.choseong, g, 1);
    if (token.length >= 3) for (const g of ngrams(token, 3)) setMax(out.choseong, g, 1);
  }
  for (const canonical of canonicals)
    for (const g of ngrams(choseongOf(canonical), 2)) setMax(out.choseong, g, weights.synonym);
  return out;
}

/**
 * The topic units of a title ("서울런은 어떻게 가입해요?" → 서울런, 가입): each a set of grams, with
 * the grams of the canonical terms the synonyms give it as an alternative way to cover it.
 */
export interface TitleUnit {
  grams: string[];
  /** 초성 bigrams of the unit, for questions typed as consonants only. */
  initials: string[];
  alternatives: string[][];
}

/** Topic units of a title, for the title-fit reranker. Single-syllable stems carry too little. */
export function titleUnits(normalizedTitle: string, expand: (normalized: string) => string): TitleUnit[] {
  const units: TitleUnit[] = [];
  for (const token of normalizedTitle.split(' ')) {
    const hangul = (token.match(/[가-힣0-9]+/g) ?? []).join('');
    const latin = latinWords(token);
    let grams: string[] = [];
    if (hangul.length > 0) {
      const { stem } = splitEnding(hangul);
      if (stem.length >= 2) grams = ngrams(stem, 2);
    } else if (latin.length > 0) grams = latin;
    if (grams.length === 0) continue;
    const source = hangul.length > 0 ? splitEnding(hangul).stem : latin.join(' ');
    const expanded = expand(source);
    const alternatives = expanded
      .slice(source.length)
      .trim()
      .split(' ')
      .filter(Boolean)
      .map((c) => (/^[a-z0-9]+$/.test(c) ? [c] : ngrams(c, 2)));
    units.push({ grams, alternatives, initials: hangul.length > 0 ? ngrams(choseongOf(source), 2) : [] });
  }
  return units;
}

/** Share of a title's topic units the question covers (each unit by its share of grams). */
export function titleCoverage(
  units: readonly TitleUnit[],
  wanted: ReadonlySet<string>,
  initials?: ReadonlySet<string>,
): number {
  if (units.length === 0) return 0;
  let sum = 0;
  for (const unit of units) {
    const share = (grams: readonly string[]) => grams.filter((g) => wanted.has(g)).length / grams.length;
    const byInitials =
      initials && unit.initials.length > 0 && unit.initials.every((g) => initials.has(g)) ? 1 : 0;
    sum += Math.max(share(unit.grams), byInitials, ...unit.alternatives.map((a) => (share(a) === 1 ? 1 : 0)));
  }
  return sum / units.length;
}
